"""The inventory as a spreadsheet: read and check a CSV or XLSX file, write one back.

Headers are French words without accents (`categorie`, `sens`, `jan` … `dec`, `cout_annuel`,
…); English headers and accented or capitalised spellings are accepted too. Every cell of
every row is checked before anything is written, and every problem is reported with its line
and column (docs/inventory.md). Nothing here touches the database but to read categories.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any
from xml.parsers import expat

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mutualiser.words import formats
from mutualiser.words.language import current_language, is_english
from mutualiser.words.reasons import UnknownMessage, unit_name

from .models import (
    MAX_MONTHLY_QUANTITY,
    Category,
    Direction,
    Grade,
    HowDone,
    Importance,
    InventoryItem,
)
from .selectors import category_list, normalise_text

MAX_BYTES = 2 * 1024 * 1024
# Rows of one file: no more than an inventory may hold (settings.INVENTORY_MAX_ITEMS), so that
# reading stops as soon as a file could only be refused.
MAX_ROWS = min(2000, settings.INVENTORY_MAX_ITEMS)
MAX_COLUMNS = 60


def _model_limit(name: str) -> int:
    """The upper bound a field of InventoryItem sets (max_length, or a Max…Validator)."""
    model_field = InventoryItem._meta.get_field(name)
    for validator in model_field.validators:
        if isinstance(validator, MaxValueValidator | MaxLengthValidator):
            return int(validator.limit_value)
    return int(model_field.max_length)


def _money_limit(name: str) -> Decimal:
    """The largest amount a decimal field of InventoryItem holds (12 digits, 2 after: 9…9.99)."""
    model_field = InventoryItem._meta.get_field(name)
    places = model_field.decimal_places
    return Decimal(10) ** (model_field.max_digits - places) - Decimal(1).scaleb(-places)


# One definition: the model's (see models.py); the form applies the same ones.
MAX_LABEL = _model_limit("label")
MAX_NOTES = _model_limit("notes")
MAX_DISTANCE_KM = _model_limit("max_distance_km")
MAX_MONEY = {"annual_cost": _money_limit("annual_cost"), "rate": _money_limit("rate")}
SHEET_NAMES = ("Inventaire", "Inventory")

MONTH_COLUMNS = (
    "jan",
    "fev",
    "mar",
    "avr",
    "mai",
    "juin",
    "juil",
    "aou",
    "sep",
    "oct",
    "nov",
    "dec",
)


@dataclass(frozen=True)
class Column:
    """One column of the file: its French header, other accepted spellings, what it holds."""

    header: str
    field: str
    aliases: tuple[str, ...] = ()
    required: bool = False
    help: Any = ""
    accepted: Any = ""
    example: object = ""


def _month_aliases(index: int) -> tuple[str, ...]:
    names = (
        ("janvier", "janv", "january"),
        ("fevrier", "fevr", "feb", "february"),
        ("mars", "march"),
        ("avril", "apr", "april"),
        ("may",),
        ("jun", "june"),
        ("juillet", "jul", "july"),
        ("aout", "aug", "august"),
        ("septembre", "sept", "september"),
        ("octobre", "october"),
        ("novembre", "november"),
        ("decembre", "december"),
    )
    return names[index]


EXAMPLE_MONTHS = (20, 20, 20, 20, 20, 10, 0, 0, 20, 20, 20, 20)

COLUMNS: tuple[Column, ...] = (
    Column(
        "categorie",
        "category",
        ("category", "code", "categorie_code"),
        required=True,
        help=gettext_lazy("La catégorie : son code ou son libellé en français ou en anglais."),
        accepted=gettext_lazy("Voir la feuille « Catégories »."),
        example="payroll",
    ),
    Column(
        "libelle_categorie",
        "",
        ("category_label",),
        help=gettext_lazy("Le libellé de la catégorie, pour vous relire ; ignoré à l'import."),
        example="Paie",
    ),
    Column(
        "sens",
        "direction",
        ("direction",),
        required=True,
        help=gettext_lazy(
            "besoin : il vous manque ; offre : capacité à partager ; interne : fait à "
            "l'interne aujourd'hui."
        ),
        accepted="besoin, offre, interne (need, offer, inhouse)",
        example="besoin",
    ),
    Column(
        "precision",
        "label",
        ("label", "libelle", "description"),
        help=gettext_lazy(
            "Précise l'élément quand vous en avez plusieurs dans la même catégorie et le même "
            "sens (200 caractères)."
        ),
        example="Paie des artistes en tournée",
    ),
    *(
        Column(
            header,
            f"month{index}",
            _month_aliases(index),
            required=True,
            help=gettext_lazy(
                "Une colonne par mois, de janvier à décembre : la quantité du mois, dans "
                "l'unité de la catégorie (vide = 0)."
            ),
            accepted=gettext_lazy("un nombre positif ou nul"),
            example=EXAMPLE_MONTHS[index],
        )
        for index, header in enumerate(MONTH_COLUMNS)
    ),
    Column(
        "comment",
        "how_done",
        ("how_done", "comment_c_est_fait", "mode"),
        help=gettext_lazy("Comment c'est fait aujourd'hui."),
        accepted="personnel, pigiste, bénévoles, bien, partagé, pas fait",
        example="pigiste",
    ),
    Column(
        "cout_annuel",
        "annual_cost",
        ("annual_cost", "cout"),
        help=gettext_lazy("Ce que cela coûte par année, en dollars."),
        accepted=gettext_lazy("un montant positif ou nul"),
        example=4800,
    ),
    Column(
        "satisfaction",
        "satisfaction",
        (),
        help=gettext_lazy("Votre satisfaction de la façon de faire actuelle, de 1 à 5."),
        accepted="1, 2, 3, 4, 5",
        example=3,
    ),
    Column(
        "importance",
        "importance",
        ("importance_strategique",),
        help=gettext_lazy("Importance stratégique (vide = valeur de la catégorie)."),
        accepted="soutien, cœur (support, core)",
        example="soutien",
    ),
    Column(
        "confidentialite",
        "confidentiality",
        ("confidentiality",),
        help=gettext_lazy("Confidentialité (vide = valeur de la catégorie)."),
        accepted="faible, moyen, élevé (low, medium, high)",
        example="élevé",
    ),
    Column(
        "specificite",
        "specificity",
        ("specificity",),
        help=gettext_lazy("À quel point c'est propre à votre organisme (vide = moyen)."),
        accepted="faible, moyen, élevé (low, medium, high)",
        example="moyen",
    ),
    Column(
        "criticite",
        "criticality",
        ("criticality",),
        help=gettext_lazy(
            "Si cette tâche s'arrêtait un mois, quelles conséquences ? (vide = non précisée)"
        ),
        accepted="faible, moyen, élevé (low, medium, high)",
        example="moyen",
    ),
    Column(
        "distance_max_km",
        "max_distance_km",
        ("max_distance_km", "distance_max", "distance"),
        help=gettext_lazy(
            "Distance maximale d'un partenaire, en kilomètres (vide = selon la catégorie)."
        ),
        accepted=gettext_lazy("un nombre entier positif"),
        example=250,
    ),
    Column(
        "tarif",
        "rate",
        ("rate",),
        help=gettext_lazy("Pour une offre seulement : le tarif demandé par unité, en dollars."),
        accepted=gettext_lazy("un montant positif ou nul ; vide pour un besoin"),
        example="",
    ),
    Column(
        "notes",
        "notes",
        ("note", "remarques"),
        help=gettext_lazy("Vos notes, pour vous."),
        example="",
    ),
)
COLUMN_BY_HEADER = {column.header: column for column in COLUMNS}


def _header_key(text: object) -> str:
    return normalise_text(str(text or "")).replace(" ", "_")


HEADER_LOOKUP: dict[str, Column] = {}
for _column in COLUMNS:
    for _spelling in (_column.header, *_column.aliases):
        HEADER_LOOKUP[_header_key(_spelling)] = _column


# --- words for choices ----------------------------------------------------------------------

EXPORT_WORDS: dict[str, dict[str, str]] = {
    "direction": {"need": "besoin", "offer": "offre", "inhouse": "interne"},
    "how_done": {
        "staff": "personnel",
        "freelance": "pigiste",
        "volunteer": "bénévoles",
        "owned_asset": "bien",
        "shared": "partagé",
        "not_done": "pas fait",
    },
    "importance": {"support": "soutien", "core": "cœur"},
    "grade": {"low": "faible", "medium": "moyen", "high": "élevé"},
}
EXTRA_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    "direction": {
        "need": ("besoins", "manque", "needs", "lacking", "wanted"),
        "offer": ("offres", "capacite", "partage", "offers", "spare", "capacity"),
        "inhouse": ("in house", "internal", "fait a l interne", "a l interne"),
    },
    "how_done": {
        "staff": ("employes", "employe", "personnel interne", "equipe"),
        "freelance": ("fournisseur", "contractuel", "sous traitance", "pigistes", "contractor"),
        "volunteer": ("benevole", "volunteers"),
        "owned_asset": ("bien possede", "owned", "asset", "possede"),
        "shared": ("deja partage",),
        "not_done": ("pas fait", "non fait", "aucun", "not done", "none"),
    },
    "importance": {
        "support": ("soutien", "secondaire"),
        "core": ("coeur", "mission", "essentiel", "coeur de mission"),
    },
    "grade": {
        "low": ("faible", "bas", "basse"),
        "medium": ("moyen", "moyenne", "moderee", "modere", "moderate"),
        "high": ("eleve", "elevee", "haut", "haute", "forte", "fort"),
    },
}
CHOICES = {
    "direction": Direction,
    "how_done": HowDone,
    "importance": Importance,
    "grade": Grade,
}


def _word_table(kind: str) -> dict[str, str]:
    """Every accepted spelling (normalised) → the stored value, for one set of choices."""
    choices = CHOICES[kind]
    table: dict[str, str] = {}
    for value, label in choices.choices:
        spellings = [value, value.replace("_", " "), EXPORT_WORDS[kind][value]]
        spellings += EXTRA_WORDS[kind].get(value, ())
        for language in ("fr", "en"):
            with translation.override(language):
                spellings.append(str(label))
        for spelling in spellings:
            table[normalise_text(spelling)] = value
    return table


# --- reading --------------------------------------------------------------------------------


class ImportFileError(Exception):
    """The file as a whole cannot be read: wrong kind, empty, too large, wrong headers."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CellError:
    line: int
    column: str  # a header, or "" for a problem with the whole line
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Ligne %(line)s, colonne « %(column)s » : %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("Ligne %(line)s : %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class Table:
    """The raw cells: headers as written, then (line number, cells) for each non-empty row."""

    headers: list[str]
    rows: list[tuple[int, list[object]]] = field(default_factory=list)
    # CSV only: text that starts with a formula sign carries our protective apostrophe
    apostrophes: bool = False


def _quoted_list(headers: Iterable[str]) -> str:
    """Column names in the reader's quotes: « mar » in French, “mar” in English."""
    return ", ".join(_("« %(column)s »") % {"column": header} for header in headers)


def _is_blank(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise ImportFileError(_("Encodage du fichier illisible.")) from error
    if b"\x00" in data:
        raise ImportFileError(
            _("Ce fichier n'est pas un CSV lisible. Enregistrez-le en « CSV UTF-8 » ou en XLSX.")
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Excel on Windows saves "CSV (séparateur : point-virgule)" in Windows-1252.
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportFileError(
            _("Encodage du fichier illisible. Enregistrez-le en « CSV UTF-8 » et réessayez.")
        ) from error


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        records = list(enumerate(_limited(reader), start=1))
    except csv.Error as error:
        if "field limit" in str(error):  # a cell of more than 131,072 characters
            raise _too_long_cell() from error
        raise ImportFileError(_("Ce fichier n'est pas un CSV lisible.")) from error
    table = _table(records)
    table.apostrophes = True
    return table


def _limited(records: Iterable[Sequence[object]]) -> Iterable[list[object]]:
    """The records, refusing more than MAX_ROWS non-empty data rows or MAX_SHEET_ROWS in all
    (blank ones count: a file of blank lines costs as much to read as a full one)."""
    filled = 0
    for number, record in enumerate(records, start=1):
        if number > MAX_SHEET_ROWS:
            raise _too_long_sheet()
        record = list(record)
        if any(not _is_blank(value) for value in record):
            filled += 1
            if filled > MAX_ROWS + 1:  # + the header
                raise _too_many_rows()
        yield record


# --- reading an XLSX archive, streamed --------------------------------------------------------
# The workbook is read with expat, part by part, never whole: the archive's entries are sized
# before anything is inflated, the declared <dimension> is ignored, every <row> counts towards
# the limit (blank ones too) and reading stops there. A cell that cannot be read (a number
# holding "NaN", a shared-string index out of range, a date holding text) becomes a BadCell,
# reported by the checker with its line and column like any other bad value.

MAX_SHEET_ROWS = 5000  # rows of the sheet, blank ones included (beyond: refused)
MAX_XLSX_ENTRIES = 200
MAX_XLSX_PART_BYTES = 16 * 1024 * 1024  # one part (a sheet, the shared strings), uncompressed
MAX_XLSX_TOTAL_BYTES = 48 * 1024 * 1024  # every part together, uncompressed
MAX_XLSX_RATIO = 200  # uncompressed / compressed, for parts over 1 MB
MAX_XLSX_CELLS = 400_000  # <c> elements read, blank or beyond the used columns
MAX_SHARED_STRINGS = 200_000
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
XLSX_CHUNK = 64 * 1024

SPREADSHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class BadCell:
    """A cell the file holds but that cannot be read; the checker reports `message`."""

    message: str

    def __str__(self) -> str:
        return self.message


class _Stop(Exception):
    """Raised from inside the parser's callbacks to stop reading a part."""


def _figure(value: int) -> str:
    return formats.integer(value, current_language())


def _unreadable_xlsx() -> ImportFileError:
    return ImportFileError(
        _("Ce fichier n'est pas un classeur XLSX lisible. Enregistrez-le de nouveau en XLSX.")
    )


def _too_large_xlsx() -> ImportFileError:
    return ImportFileError(
        _(
            "Ce classeur est trop volumineux une fois décompressé. Gardez la seule feuille "
            "« Inventaire », sans mise en forme, ou importez-le en CSV."
        )
    )


def _too_many_rows() -> ImportFileError:
    return ImportFileError(
        _("Le fichier compte plus de %(max)s lignes ; divisez-le en plusieurs fichiers.")
        % {"max": _figure(MAX_ROWS)}
    )


def _too_long_sheet() -> ImportFileError:
    return ImportFileError(
        _(
            "La feuille va au-delà de la ligne %(max)s (lignes vides comprises) ; supprimez "
            "les lignes inutiles ou divisez le fichier."
        )
        % {"max": _figure(MAX_SHEET_ROWS)}
    )


def _check_archive(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The archive's entries by name, once their inflated sizes are known to be reasonable.

    Python's zipfile never inflates an entry past the size its header declares (a lie ends in
    a CRC error), so checking the declared sizes bounds what reading can cost.
    """
    entries = archive.infolist()
    if len(entries) > MAX_XLSX_ENTRIES:
        raise _too_large_xlsx()
    total = 0
    for entry in entries:
        total += entry.file_size
        if entry.file_size > MAX_XLSX_PART_BYTES or total > MAX_XLSX_TOTAL_BYTES:
            raise _too_large_xlsx()
        if entry.file_size > 1024 * 1024 and entry.file_size > MAX_XLSX_RATIO * max(
            entry.compress_size, 1
        ):
            raise _too_large_xlsx()
    return {entry.filename: entry for entry in entries}


def _parse_part(
    archive: zipfile.ZipFile,
    entry: zipfile.ZipInfo,
    start: Callable[[str, dict[str, str]], None],
    end: Callable[[str], None] | None = None,
    text: Callable[[str], None] | None = None,
) -> None:
    """Stream one XML part through expat; no DOCTYPE, no entity, ever. `_Stop` ends early."""
    parser = expat.ParserCreate(namespace_separator="}")

    def refuse(*_args: object) -> None:
        raise _unreadable_xlsx()

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    if end is not None:
        parser.EndElementHandler = end
    if text is not None:
        parser.CharacterDataHandler = text
        parser.buffer_text = True
    try:
        with archive.open(entry) as stream:
            while chunk := stream.read(XLSX_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except _Stop:
        return
    except (expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, ValueError) as error:
        raise _unreadable_xlsx() from error


def _local(name: str) -> tuple[str, str]:
    namespace, _sep, local = name.rpartition("}")
    return namespace, local


def _part_path(base: str, target: str) -> str:
    """A relationship's target as an archive name ("worksheets/sheet1.xml" → "xl/…")."""
    if target.startswith("/"):
        return target.lstrip("/")
    parts = [p for p in base.split("/")[:-1] if p]
    for piece in target.split("/"):
        if piece == "..":
            if parts:
                parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts)


class _XlsxReader:
    """Reads the inventory sheet of an XLSX archive into (line, cells) rows."""

    def __init__(self, data: bytes) -> None:
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise _unreadable_xlsx() from error
        self.entries = _check_archive(self.archive)

    def close(self) -> None:
        self.archive.close()

    def entry(self, name: str, *, required: bool = True) -> zipfile.ZipInfo | None:
        found = self.entries.get(name)
        if found is None and required:
            raise _unreadable_xlsx()
        return found

    # The workbook: its sheets, their parts, the date system ----------------------------------

    def workbook_part(self) -> str:
        main = "xl/workbook.xml"
        rels = self.entry("_rels/.rels", required=False)
        if rels is not None:
            found: list[str] = []

            def start(name: str, attrs: dict[str, str]) -> None:
                if _local(name)[1] == "Relationship" and attrs.get("Type", "").endswith(
                    "/officeDocument"
                ):
                    found.append(_part_path("", attrs.get("Target", "")))

            _parse_part(self.archive, rels, start)
            if found:
                main = found[0]
        return main

    def sheets(self) -> tuple[list[tuple[str, str]], bool]:
        """[(sheet name, part name)] in the workbook's order, and whether dates count from 1904."""
        main = self.workbook_part()
        sheets: list[tuple[str, str]] = []
        date1904 = [False]

        def start(name: str, attrs: dict[str, str]) -> None:
            local = _local(name)[1]
            if local == "sheet":
                sheets.append((attrs.get("name", ""), attrs.get(f"{RELATIONSHIP_NS}}}id", "")))
            elif local == "workbookPr":
                date1904[0] = attrs.get("date1904", "").lower() in ("1", "true")

        _parse_part(self.archive, self.entry(main), start)
        rels_name = _part_path(main, "_rels/" + main.rsplit("/", 1)[-1] + ".rels")
        targets: dict[str, str] = {}

        def start_rel(name: str, attrs: dict[str, str]) -> None:
            if _local(name)[1] == "Relationship":
                targets[attrs.get("Id", "")] = _part_path(main, attrs.get("Target", ""))

        _parse_part(self.archive, self.entry(rels_name), start_rel)
        resolved = [(name, targets[rid]) for name, rid in sheets if rid in targets]
        if not resolved:
            raise _unreadable_xlsx()
        return resolved, date1904[0]

    def related(self, main: str, kind: str) -> str | None:
        """The part of the workbook's relationship of this kind (sharedStrings, styles)."""
        rels_name = _part_path(main, "_rels/" + main.rsplit("/", 1)[-1] + ".rels")
        found: list[str] = []

        def start(name: str, attrs: dict[str, str]) -> None:
            if _local(name)[1] == "Relationship" and attrs.get("Type", "").endswith("/" + kind):
                found.append(_part_path(main, attrs.get("Target", "")))

        _parse_part(self.archive, self.entry(rels_name), start)
        return found[0] if found and found[0] in self.entries else None

    # Shared strings and date styles ----------------------------------------------------------

    def shared_strings(self, part: str | None) -> list[str]:
        if part is None:
            return []
        strings: list[str] = []
        pieces: list[str] = []
        length = [0]
        state = {"si": False, "t": False, "skip": 0}

        def start(name: str, attrs: dict[str, str]) -> None:
            local = _local(name)[1]
            if local == "si":
                state["si"] = True
                pieces.clear()
                length[0] = 0
            elif local in ("rPh", "phoneticPr"):
                state["skip"] += 1  # phonetic guides are not the cell's text
            elif local == "t" and state["si"] and not state["skip"]:
                state["t"] = True

        def end(name: str) -> None:
            local = _local(name)[1]
            if local == "t":
                state["t"] = False
            elif local in ("rPh", "phoneticPr"):
                state["skip"] -= 1
            elif local == "si":
                state["si"] = False
                strings.append(_unescape("".join(pieces)))
                if len(strings) > MAX_SHARED_STRINGS:
                    raise _too_large_xlsx()

        def text(data: str) -> None:
            if state["t"]:
                length[0] += len(data)
                if length[0] > MAX_CELL_CHARS:
                    raise _too_long_cell()
                pieces.append(data)

        _parse_part(self.archive, self.entry(part), start, end, text)
        return strings

    def date_styles(self, part: str | None) -> set[int]:
        """The indices of the cell styles whose number format shows a date."""
        if part is None:
            return set()
        custom: dict[int, str] = {}
        formats: list[int] = []
        depth = {"xfs": False}

        def start(name: str, attrs: dict[str, str]) -> None:
            local = _local(name)[1]
            if local == "numFmt":
                try:
                    custom[int(attrs.get("numFmtId", ""))] = attrs.get("formatCode", "")
                except ValueError:
                    pass
            elif local == "cellXfs":
                depth["xfs"] = True
            elif local == "xf" and depth["xfs"]:
                try:
                    formats.append(int(attrs.get("numFmtId", "0")))
                except ValueError:
                    formats.append(0)

        def end(name: str) -> None:
            if _local(name)[1] == "cellXfs":
                depth["xfs"] = False

        _parse_part(self.archive, self.entry(part), start, end)
        dates = set()
        for index, number_format in enumerate(formats):
            if number_format in custom:
                if _is_date_format(custom[number_format]):
                    dates.add(index)
            elif number_format in BUILTIN_DATE_FORMATS:
                dates.add(index)
        return dates

    # The sheet ----------------------------------------------------------------------------------

    def rows(self) -> list[tuple[int, list[object]]]:
        sheets, date1904 = self.sheets()
        names = {name.casefold(): part for name, part in sheets}
        part = next(
            (names[n.casefold()] for n in SHEET_NAMES if n.casefold() in names), sheets[0][1]
        )
        main = self.workbook_part()
        strings = self.shared_strings(self.related(main, "sharedStrings"))
        dates = self.date_styles(self.related(main, "styles"))
        return _SheetReader(strings, dates, date1904).read(self.archive, self.entry(part))


def _too_long_cell() -> ImportFileError:
    return ImportFileError(
        _("Une cellule du fichier dépasse %(max)s caractères.") % {"max": _figure(MAX_CELL_CHARS)}
    )


BUILTIN_DATE_FORMATS = {14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47}
EXCEL_EPOCHS = {False: datetime(1899, 12, 30), True: datetime(1904, 1, 1)}


def _is_date_format(code: str) -> bool:
    """A number format that shows a date or a time (`d/m/yyyy`, `hh:mm`), not `0.00 $`."""
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]|_.|\*.', "", code)
    return bool(re.search(r"[dmyhs]", code, flags=re.IGNORECASE))


_CONTROL_ESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f])_")


def _unescape(text: str) -> str:
    """Excel writes a carriage return or a tab inside a cell as `_x000D_`, `_x0009_`."""
    if "_x" not in text:
        return text
    return _CONTROL_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text)


def _column_letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


_CELL_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


class _SheetReader:
    """The expat callbacks of one worksheet, collecting at most MAX_COLUMNS cells a row."""

    def __init__(self, strings: list[str], dates: set[int], date1904: bool) -> None:
        self.strings = strings
        self.dates = dates
        self.date1904 = date1904
        self.rows: list[tuple[int, list[object]]] = []
        self.row_number = 0
        self.cells: dict[int, object] = {}
        self.column = 0
        self.cell_count = 0
        self.filled = 0
        self.in_sheet_data = False
        self.cell: dict[str, str] | None = None
        self.pieces: list[str] = []
        self.length = 0
        self.collect = ""  # "v", "t" (inline string) or ""
        self.has_value = False
        self.skip = 0

    def read(
        self, archive: zipfile.ZipFile, entry: zipfile.ZipInfo
    ) -> list[tuple[int, list[object]]]:
        _parse_part(archive, entry, self.start, self.end, self.text)
        return self.rows

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)[1]
        if local == "sheetData":
            self.in_sheet_data = True
        elif not self.in_sheet_data:
            return  # <dimension>, <cols>, … say nothing we rely on
        elif local == "row":
            number = attrs.get("r")
            try:
                self.row_number = int(number) if number else self.row_number + 1
            except ValueError as error:
                raise _unreadable_xlsx() from error
            if self.row_number > MAX_SHEET_ROWS:
                raise _too_long_sheet()
            self.cells = {}
            self.column = 0
        elif local == "c":
            self.cell_count += 1
            if self.cell_count > MAX_XLSX_CELLS:
                raise _too_large_xlsx()
            reference = attrs.get("r")
            if reference:
                match = _CELL_REFERENCE.fullmatch(reference)
                if match is None:
                    raise _unreadable_xlsx()
                self.column = _column_index(match.group(1))
            else:
                self.column += 1
            self.cell = {"t": attrs.get("t", "n"), "s": attrs.get("s", "0"), "v": ""}
            self.pieces = []
            self.length = 0
            self.has_value = False
        elif self.cell is not None:
            if local in ("rPh", "phoneticPr"):
                self.skip += 1
            elif local == "v":
                self.collect = "v"
                self.has_value = True
            elif local == "t" and not self.skip:
                self.collect = "t"
                self.has_value = True

    def end(self, name: str) -> None:
        local = _local(name)[1]
        if local == "sheetData":
            raise _Stop
        if local in ("v", "t"):
            self.collect = ""
        elif local in ("rPh", "phoneticPr"):
            self.skip -= 1
        elif local == "c" and self.cell is not None:
            if self.column <= MAX_COLUMNS and self.has_value:
                self.cells[self.column] = self.value()
            self.cell = None
        elif local == "row":
            self.end_row()

    def text(self, data: str) -> None:
        if self.collect:
            self.length += len(data)
            if self.length > MAX_CELL_CHARS:
                raise _too_long_cell()
            self.pieces.append(data)

    def end_row(self) -> None:
        if not self.cells:
            return
        width = max(self.cells)
        record = [self.cells.get(index) for index in range(1, width + 1)]
        if any(not _is_blank(value) for value in record):
            self.filled += 1
            if self.filled > MAX_ROWS + 1:  # + the header
                raise _too_many_rows()
            self.rows.append((self.row_number, record))

    def where(self) -> str:
        return f"{_column_letters(self.column)}{self.row_number}"

    def value(self) -> object:
        assert self.cell is not None
        raw = "".join(self.pieces)
        kind = self.cell["t"]
        if kind == "s":
            try:
                return self.strings[int(raw)]
            except (ValueError, IndexError):
                return BadCell(
                    _("la cellule %(cell)s renvoie à un texte absent du classeur.")
                    % {"cell": self.where()}
                )
        if kind in ("str", "inlineStr", "e"):
            return _unescape(raw)
        if kind == "b":
            return raw.strip() in ("1", "true")
        if kind == "d":
            try:
                return datetime.fromisoformat(raw.strip())
            except ValueError:
                return BadCell(
                    _("la cellule %(cell)s devait contenir une date : « %(value)s ».")
                    % {"cell": self.where(), "value": Checker._shown(raw)}
                )
        try:
            number = float(raw)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            return BadCell(
                _("la cellule %(cell)s devait contenir un nombre : « %(value)s ».")
                % {"cell": self.where(), "value": Checker._shown(raw)}
            )
        if number.is_integer() and abs(number) < 2**53:
            number = int(number)
        try:
            style = int(self.cell["s"])
        except ValueError:
            style = 0
        if style in self.dates:
            try:
                return EXCEL_EPOCHS[self.date1904] + timedelta(days=number)
            except (ValueError, OverflowError):
                return BadCell(
                    _("la cellule %(cell)s devait contenir une date : « %(value)s ».")
                    % {"cell": self.where(), "value": Checker._shown(raw)}
                )
        return number


def _read_xlsx(data: bytes) -> Table:
    reader = _XlsxReader(data)
    try:
        return _table(reader.rows())
    finally:
        reader.close()


def _table(records: list[tuple[int, list[object]]]) -> Table:
    """The header (the first non-empty row) and the non-empty rows after it, numbered."""
    filled = [(n, r) for n, r in records if any(not _is_blank(value) for value in r)]
    if not filled:
        raise ImportFileError(_("Le fichier est vide."))
    _header_line, header = filled[0]
    headers = [str(value).strip() if not _is_blank(value) else "" for value in header]
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers=headers, rows=[(n, r) for n, r in filled[1:]])


def read_table(*, name: str, data: bytes) -> Table:
    """The cells of an uploaded CSV or XLSX file; ImportFileError when it cannot be read."""
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            _("Le fichier dépasse 2 Mo. Divisez-le ou retirez les feuilles inutiles.")
        )
    if not data.strip():
        raise ImportFileError(_("Le fichier est vide."))
    lowered = name.lower()
    if data.startswith(b"PK\x03\x04"):
        if not lowered.endswith((".xlsx", ".xlsm")):
            raise ImportFileError(_("Seuls les fichiers CSV et XLSX sont acceptés."))
        return _read_xlsx(data)
    if lowered.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(
            _("Ce fichier n'est pas un classeur XLSX lisible. Enregistrez-le de nouveau en XLSX.")
        )
    if lowered.endswith((".xls", ".ods", ".numbers", ".pdf", ".doc", ".docx")) or not (
        lowered.endswith((".csv", ".txt", ".tsv"))
    ):
        raise ImportFileError(_("Seuls les fichiers CSV et XLSX sont acceptés."))
    return _read_csv(data)


# --- checking -------------------------------------------------------------------------------


@dataclass
class ImportRow:
    """One checked row: the item's key, and the values of the columns the file has."""

    line: int
    category: Category
    direction: str
    label: str
    values: dict[str, object]

    @property
    def key(self) -> tuple[int, str, str]:
        return item_key(self.category.pk, self.direction, self.label)


def item_key(category_id: int, direction: str, label: str) -> tuple[int, str, str]:
    """What makes an item the same one on re-import: category, direction and precision."""
    return (category_id, direction, " ".join(label.casefold().split()))


class Checker:
    """Checks the cells of a table; collects every error instead of stopping at the first."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.errors: list[CellError] = []
        self.english = is_english()
        self.categories: dict[str, Category] = {}
        for category in category_list():
            for spelling in (category.code, category.label_fr, category.label_en):
                self.categories.setdefault(normalise_text(spelling), category)
        self.words = {kind: _word_table(kind) for kind in CHOICES}
        self.columns = self._columns()

    def _columns(self) -> list[Column | None]:
        """The column of each position; ImportFileError on unknown, repeated or missing ones."""
        columns: list[Column | None] = []
        unknown, seen, repeated = [], set(), []
        for header in self.table.headers:
            if not header:
                columns.append(None)
                continue
            column = HEADER_LOOKUP.get(_header_key(header))
            if column is None:
                unknown.append(header)
            elif column.header in seen:
                repeated.append(header)
            else:
                seen.add(column.header)
            columns.append(column)
        expected = ", ".join(c.header for c in COLUMNS)
        if unknown:
            raise ImportFileError(
                _(
                    "Colonnes inconnues : %(columns)s. Les colonnes possibles sont : "
                    "%(expected)s. Partez du modèle à télécharger."
                )
                % {"columns": _quoted_list(unknown), "expected": expected}
            )
        if repeated:
            raise ImportFileError(
                _("Colonnes en double : %(columns)s.") % {"columns": _quoted_list(repeated)}
            )
        missing = [c.header for c in COLUMNS if c.required and c.header not in seen]
        if missing:
            raise ImportFileError(
                _(
                    "Colonnes obligatoires manquantes : %(columns)s. La première ligne doit "
                    "porter les noms des colonnes, comme dans le modèle."
                )
                % {"columns": _quoted_list(missing)}
            )
        return columns

    def error(self, line: int, column: str, message: str) -> None:
        self.errors.append(CellError(line, column, message))

    # Cells ---------------------------------------------------------------------------------

    def _text(self, value: object) -> str:
        if _is_blank(value):
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
        # Our CSV export protects formula-like text with an apostrophe (see _safe_text).
        if self.table.apostrophes and len(text) > 1 and text[0] == "'" and text[1] in FORMULA_START:
            text = text[1:]
        return text

    def _number(self, value: object) -> Decimal:
        """A number from a cell; ValueError with the message to show when it is not one."""
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, int | float):
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError
            return Decimal(str(value))
        if not isinstance(value, str):
            raise ValueError
        text = re.sub(r"[\s\u00a0\u202f$]", "", value)
        if "," in text and "." in text:
            decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
            thousands = "." if decimal_mark == "," else ","
            text = text.replace(thousands, "").replace(decimal_mark, ".")
        elif "," in text:
            if self.english and re.fullmatch(r"-?\d{1,3}(,\d{3})+", text):
                text = text.replace(",", "")
            else:
                text = text.replace(",", ".")
        if not re.fullmatch(r"-?(\d+(\.\d*)?|\.\d+)", text):
            raise ValueError
        try:
            return Decimal(text)
        except InvalidOperation as error:
            raise ValueError from error

    def _not_a_number(self, value: object) -> str:
        return _("« %(value)s » n'est pas un nombre.") % {"value": self._shown(value)}

    @staticmethod
    def _shown(value: object) -> str:
        text = str(value).strip()
        return text if len(text) <= 40 else text[:39] + "…"

    def quantity(self, line: int, header: str, value: object) -> float | None:
        if _is_blank(value):
            return 0.0
        try:
            number = self._number(value)
        except ValueError:
            self.error(line, header, self._not_a_number(value))
            return None
        if number < 0:
            self.error(line, header, _("une quantité ne peut pas être négative."))
            return None
        if number > MAX_MONTHLY_QUANTITY:
            self.error(line, header, _("quantité trop grande pour un mois."))
            return None
        return float(number)

    def money(self, line: int, header: str, value: object, field_name: str) -> Decimal | None:
        if _is_blank(value):
            return None
        try:
            number = self._number(value)
        except ValueError:
            self.error(line, header, self._not_a_number(value))
            return None
        if number < 0:
            self.error(line, header, _("un montant ne peut pas être négatif."))
            return None
        if number > MAX_MONEY[field_name]:
            self.error(line, header, _("montant trop grand."))
            return None
        return number.quantize(Decimal("0.01"))

    def integer(self, line: int, header: str, value: object, *, low: int, high: int) -> int | None:
        try:
            number = self._number(value)
        except ValueError:
            self.error(line, header, self._not_a_number(value))
            return None
        if number != number.to_integral_value() or not low <= number <= high:
            self.error(
                line,
                header,
                _("« %(value)s » doit être un nombre entier de %(low)s à %(high)s.")
                % {"value": self._shown(value), "low": low, "high": high},
            )
            return None
        return int(number)

    def choice(self, line: int, header: str, value: object, kind: str) -> str | None:
        word = normalise_text(self._text(value))
        found = self.words[kind].get(word)
        if found is None:
            accepted = ", ".join(EXPORT_WORDS[kind].values())
            self.error(
                line,
                header,
                _("« %(value)s » n'est pas une valeur possible (valeurs possibles : %(accepted)s).")
                % {"value": self._shown(value), "accepted": accepted},
            )
        return found

    # Rows ----------------------------------------------------------------------------------

    def row(self, line: int, cells: list[object]) -> ImportRow | None:
        errors_before = len(self.errors)
        extra = [v for v in cells[len(self.columns) :] if not _is_blank(v)]
        if extra:
            self.error(line, "", _("cette ligne a plus de cellules que la ligne des titres."))
        by_column: dict[str, object] = {}
        for column, value in zip(self.columns, cells, strict=False):
            if column is not None:
                by_column[column.header] = value
        present = {c.header for c in self.columns if c is not None}
        # Unreadable cells: their own message, instead of what a blank cell would get.
        unreadable = {h: v for h, v in by_column.items() if isinstance(v, BadCell)}
        for header in unreadable:
            by_column[header] = None

        category = None
        raw_category = by_column.get("categorie")
        if _is_blank(raw_category):
            self.error(line, "categorie", _("la catégorie est obligatoire."))
        else:
            category = self.categories.get(normalise_text(self._text(raw_category)))
            if category is None:
                self.error(
                    line,
                    "categorie",
                    _(
                        "catégorie inconnue « %(value)s » "
                        "(voir la feuille « Catégories » du modèle)."
                    )
                    % {"value": self._shown(raw_category)},
                )
        direction = None
        if _is_blank(by_column.get("sens")):
            self.error(line, "sens", _("le sens est obligatoire (besoin, offre ou interne)."))
        else:
            direction = self.choice(line, "sens", by_column["sens"], "direction")

        values: dict[str, object] = {}
        label = self._text(by_column.get("precision"))
        if len(label) > MAX_LABEL:
            self.error(
                line,
                "precision",
                _("%(max)s caractères au plus (%(count)s ici).")
                % {"max": _figure(MAX_LABEL), "count": _figure(len(label))},
            )
        months = [self.quantity(line, header, by_column.get(header)) for header in MONTH_COLUMNS]
        values["months"] = months

        if "comment" in present:
            raw = by_column.get("comment")
            values["how_done"] = (
                "" if _is_blank(raw) else self.choice(line, "comment", raw, "how_done")
            )
        if "cout_annuel" in present:
            values["annual_cost"] = self.money(
                line, "cout_annuel", by_column.get("cout_annuel"), "annual_cost"
            )
        if "satisfaction" in present:
            raw = by_column.get("satisfaction")
            values["satisfaction"] = (
                None if _is_blank(raw) else self.integer(line, "satisfaction", raw, low=1, high=5)
            )
        for header, field_name, kind in (
            ("importance", "importance", "importance"),
            ("confidentialite", "confidentiality", "grade"),
            ("specificite", "specificity", "grade"),
        ):
            if header in present:
                raw = by_column.get(header)
                values[field_name] = (
                    None if _is_blank(raw) else self.choice(line, header, raw, kind)
                )
        if "criticite" in present:
            raw = by_column.get("criticite")
            # Blank means "not said", not a default: the engine then judges by importance.
            values["criticality"] = (
                "" if _is_blank(raw) else self.choice(line, "criticite", raw, "grade")
            )
        if "distance_max_km" in present:
            raw = by_column.get("distance_max_km")
            values["max_distance_km"] = (
                None
                if _is_blank(raw)
                else self.integer(line, "distance_max_km", raw, low=0, high=MAX_DISTANCE_KM)
            )
        if "tarif" in present:
            raw = by_column.get("tarif")
            rate = self.money(line, "tarif", raw, "rate")
            if rate is not None and direction not in (None, Direction.OFFER):
                self.error(
                    line,
                    "tarif",
                    _("un tarif ne s'applique qu'à une offre ; laissez la cellule vide."),
                )
            values["rate"] = rate
        if "notes" in present:
            notes = self._text(by_column.get("notes"))
            if len(notes) > MAX_NOTES:
                self.error(
                    line,
                    "notes",
                    _("%(max)s caractères au plus (%(count)s ici).")
                    % {"max": _figure(MAX_NOTES), "count": _figure(len(notes))},
                )
            values["notes"] = notes

        if unreadable:
            others = [e for e in self.errors[errors_before:] if e.column not in unreadable]
            self.errors[errors_before:] = [
                CellError(line, header, bad.message) for header, bad in unreadable.items()
            ] + others
        if len(self.errors) > errors_before or category is None or direction is None:
            return None
        return ImportRow(line, category, direction, label, values)

    def check(self) -> list[ImportRow]:
        rows: list[ImportRow] = []
        first_line: dict[tuple[int, str, str], int] = {}
        for line, cells in self.table.rows:
            row = self.row(line, cells)
            if row is None:
                continue
            if row.key in first_line:
                self.error(
                    line,
                    "",
                    _(
                        "même catégorie, même sens et même précision qu'à la ligne %(first)s ; "
                        "réunissez-les ou distinguez-les dans la colonne « precision »."
                    )
                    % {"first": first_line[row.key]},
                )
                continue
            first_line[row.key] = line
            rows.append(row)
        if not self.table.rows and not self.errors:
            raise ImportFileError(
                _("Le fichier n'a que la ligne des titres : aucun élément à importer.")
            )
        return rows


def check_table(table: Table) -> tuple[list[ImportRow], list[CellError]]:
    """The checked rows and every error found; ImportFileError if the headers are unusable."""
    checker = Checker(table)
    rows = checker.check()
    return rows, checker.errors


# --- writing --------------------------------------------------------------------------------


def _plain_number(value: object) -> object:
    if value is None or value == "":
        return ""
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return int(number)
    return float(number)


def item_cells(item: InventoryItem) -> dict[str, object]:
    """One item as the file's cells, by header; numbers stay numbers, choices French words."""
    cells: dict[str, object] = {
        "categorie": item.category.code,
        "libelle_categorie": item.category.label_fr,
        "sens": EXPORT_WORDS["direction"][item.direction],
        "precision": item.label,
    }
    for header, quantity in zip(MONTH_COLUMNS, item.months, strict=True):
        cells[header] = _plain_number(quantity)
    cells.update(
        {
            "comment": EXPORT_WORDS["how_done"].get(item.how_done, ""),
            "cout_annuel": _plain_number(item.annual_cost),
            "satisfaction": item.satisfaction if item.satisfaction is not None else "",
            "importance": EXPORT_WORDS["importance"][item.importance],
            "confidentialite": EXPORT_WORDS["grade"][item.confidentiality],
            "specificite": EXPORT_WORDS["grade"][item.specificity],
            "criticite": EXPORT_WORDS["grade"].get(item.criticality, ""),
            "distance_max_km": item.max_distance_km,
            "tarif": _plain_number(item.rate),
            "notes": item.notes,
        }
    )
    return cells


HEADERS = [column.header for column in COLUMNS]


FORMULA_START = "=+-@'"  # and the apostrophe itself, so that "'=x" comes back as it was


def _safe_text(value: object) -> object:
    """Text a spreadsheet would run as a formula gets an apostrophe (removed on import)."""
    if isinstance(value, str) and (
        value[:1] in ("=", "+", "-", "@")
        or (value[:1] == "'" and len(value) > 1 and value[1] in FORMULA_START)
    ):
        return "'" + value
    return value


def write_csv(items: Iterable[InventoryItem]) -> bytes:
    """UTF-8 with a BOM so that Excel shows accents; `;` and a decimal comma in French, `,` and
    a decimal point in English — what Excel expects in each language when the file is opened.
    """
    english = is_english()
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter="," if english else ";", lineterminator="\r\n")
    writer.writerow(HEADERS)
    for item in items:
        cells = item_cells(item)
        row = []
        for header in HEADERS:
            value = cells[header]
            if isinstance(value, float) and not english:
                value = str(value).replace(".", ",")
            row.append(_safe_text(value))
        writer.writerow(row)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(items: Iterable[InventoryItem], *, example: bool = False) -> bytes:
    """A workbook: the sheet « Inventaire », then « Colonnes » and « Catégories » documenting it.

    With `example`, the inventory sheet holds one example row instead of items (the template).
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    bold = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DCEBEC")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Inventaire"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = header_fill
    if example:
        rows = [{column.header: column.example for column in COLUMNS}]
    else:
        rows = [item_cells(item) for item in items]
    for number, cells in enumerate(rows, start=2):
        for index, header in enumerate(HEADERS, start=1):
            value = cells[header]
            cell = sheet.cell(row=number, column=index, value=None if value == "" else value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, even if it starts with "="
    sheet.freeze_panes = "C2"
    widths = {"categorie": 22, "libelle_categorie": 28, "sens": 10, "precision": 30, "notes": 30}
    for index, header in enumerate(HEADERS, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = widths.get(header, max(7, len(header) + 2))
    last = max(len(rows) + 1, 500)
    for header, words in (
        ("sens", EXPORT_WORDS["direction"]),
        ("comment", EXPORT_WORDS["how_done"]),
        ("importance", EXPORT_WORDS["importance"]),
        ("confidentialite", EXPORT_WORDS["grade"]),
        ("specificite", EXPORT_WORDS["grade"]),
        ("criticite", EXPORT_WORDS["grade"]),
    ):
        letter = sheet.cell(row=1, column=HEADERS.index(header) + 1).column_letter
        validation = DataValidation(
            type="list", formula1='"' + ",".join(words.values()) + '"', allow_blank=True
        )
        validation.showErrorMessage = False  # other spellings are accepted on import
        sheet.add_data_validation(validation)
        validation.add(f"{letter}2:{letter}{last}")

    english = is_english()
    doc = workbook.create_sheet("Colonnes")
    doc.append([_("Colonne"), _("Obligatoire"), _("Ce qu'elle contient"), _("Valeurs acceptées")])
    for cell in doc[1]:
        cell.font = bold
        cell.fill = header_fill
    for column in COLUMNS:
        doc.append(
            [
                column.header,
                _("oui") if column.required else "",
                str(column.help),
                str(column.accepted),
            ]
        )
    doc.append([])
    doc.append(
        [
            _(
                "Une ligne par élément. Un élément déjà présent (même catégorie, même sens, même "
                "précision) est mis à jour au lieu d'être ajouté en double. Une colonne absente "
                "laisse la valeur actuelle ; une cellule vide la remet à sa valeur par défaut."
            )
        ]
    )
    for letter, width in zip("ABCD", (20, 12, 70, 45), strict=True):
        doc.column_dimensions[letter].width = width
    for row in doc.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")

    categories = workbook.create_sheet("Catégories")
    categories.append(
        [
            _("Code"),
            _("Famille"),
            _("Libellé"),
            _("Libellé (autre langue)"),
            _("Unité"),
            _("Description"),
        ]
    )
    for cell in categories[1]:
        cell.font = bold
        cell.fill = header_fill
    for category in category_list():
        own, other = ("en", "fr") if english else ("fr", "en")
        categories.append(
            [
                category.code,
                category.family.label,
                getattr(category, f"label_{own}"),
                getattr(category, f"label_{other}"),
                str(unit_label(category.unit)),
                category.description,
            ]
        )
    for letter, width in zip("ABCDEF", (26, 28, 34, 34, 10, 80), strict=True):
        categories.column_dimensions[letter].width = width
    categories.freeze_panes = "A2"

    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def unit_label(unit: str) -> str:
    """The unit's name for several ("heures"), from the one list of unit names (words)."""
    try:
        return unit_name(unit, 2, current_language())
    except UnknownMessage:
        return unit
