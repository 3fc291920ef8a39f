"""Hand-written XLSX archives (zipfile + XML) for the import's tests and its benchmark.

Nothing here uses openpyxl: the files are built the way an attacker would build them, with
the parts and the sizes they choose.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from xml.sax.saxutils import escape

HEADERS = [
    "categorie",
    "sens",
    "precision",
    *("jan fev mar avr mai juin juil aou sep oct nov dec".split()),
]
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Inventaire" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
REL = (
    '<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/{kind}" Target="{target}"/>'
)
STYLES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="14"/></cellXfs></styleSheet>'
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def column_letter(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell(reference: str, value: object) -> str:
    """A cell as Excel writes it: numbers as <v>, text inline; a str starting with '<' is
    taken as the cell's raw XML (for malformed cells)."""
    if isinstance(value, str) and value.startswith("<c "):
        return value
    if isinstance(value, int | float):
        return f'<c r="{reference}"><v>{value}</v></c>'
    return f'<c r="{reference}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def row_xml(number: int, values: Iterable[object]) -> str:
    cells = "".join(
        cell(f"{column_letter(index)}{number}", value)
        for index, value in enumerate(values, start=1)
        if value is not None
    )
    return f'<row r="{number}">{cells}</row>'


def data_row(label: str, quantity: int = 10) -> list[object]:
    return ["payroll", "besoin", label, *([quantity] * 12)]


def workbook(
    rows_xml: Iterable[str] | str,
    *,
    dimension: str | None = None,
    shared_strings: list[str] | None = None,
    styles: bool = False,
    extra_parts: dict[str, bytes] | None = None,
) -> bytes:
    """An XLSX archive with one sheet « Inventaire » holding `rows_xml` (streamed in)."""
    rels = [REL.format(id="rId1", kind="worksheet", target="worksheets/sheet1.xml")]
    if shared_strings is not None:
        rels.append(REL.format(id="rId2", kind="sharedStrings", target="sharedStrings.xml"))
    if styles:
        rels.append(REL.format(id="rId3", kind="styles", target="styles.xml"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships">' + "".join(rels) + "</Relationships>",
        )
        if shared_strings is not None:
            archive.writestr(
                "xl/sharedStrings.xml",
                '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats'
                '.org/spreadsheetml/2006/main">'
                + "".join(f"<si><t>{escape(text)}</t></si>" for text in shared_strings)
                + "</sst>",
            )
        if styles:
            archive.writestr("xl/styles.xml", STYLES)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(SHEET_START.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for piece in [rows_xml] if isinstance(rows_xml, str) else rows_xml:
                sheet.write(piece.encode())
            sheet.write(b"</sheetData></worksheet>")
        for name, data in (extra_parts or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


# --- the hostile files of issue 8 ------------------------------------------------------------


def dimension_bomb() -> bytes:
    """5 KB that declares 1,048,576 rows (and 16,384 columns) and holds two."""
    return workbook([row_xml(1, HEADERS), row_xml(2, data_row("Paie"))], dimension="A1:XFD1048576")


def last_row_bomb() -> bytes:
    """A header, then one cell on the sheet's very last row."""
    return workbook([row_xml(1, HEADERS), row_xml(1_048_576, data_row("Tout en bas"))])


def blank_rows(count: int = 380_000) -> bytes:
    """A header, `count` blank rows (styled, as Excel leaves them), then one real row."""

    def rows():
        yield row_xml(1, HEADERS)
        for number in range(2, count + 2):
            yield f'<row r="{number}"><c r="A{number}" s="0"/></row>'
        yield row_xml(count + 2, data_row("Après le vide"))

    return workbook(rows())


def huge_shared_string(megabytes: int = 300) -> bytes:
    """One shared string of `megabytes` MB: a few hundred KB once compressed."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        base = workbook([row_xml(1, HEADERS)], shared_strings=[])
        with zipfile.ZipFile(io.BytesIO(base)) as source:
            for entry in source.infolist():
                if entry.filename != "xl/sharedStrings.xml":
                    archive.writestr(entry.filename, source.read(entry.filename))
        with archive.open("xl/sharedStrings.xml", "w") as part:
            part.write(
                b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.'
                b'openxmlformats.org/spreadsheetml/2006/main"><si><t>'
            )
            chunk = b"A" * (1024 * 1024)
            for _ in range(megabytes):
                part.write(chunk)
            part.write(b"</t></si></sst>")
    return buffer.getvalue()


def long_cell_in_shared_strings(chars: int = 40_000) -> bytes:
    return workbook(
        [row_xml(1, HEADERS), row_xml(2, ['<c r="A2" t="s"><v>0</v></c>'])],
        shared_strings=["x" * chars],
    )


def nan_cell() -> bytes:
    values = data_row("Paie")
    values[3] = '<c r="D2"><v>NaN</v></c>'
    return workbook([row_xml(1, HEADERS), row_xml(2, values)])


def bad_shared_string_index() -> bytes:
    values = data_row("Paie")
    values[0] = '<c r="A2" t="s"><v>99</v></c>'
    return workbook([row_xml(1, HEADERS), row_xml(2, values)], shared_strings=["payroll"])


def text_in_date_cell() -> bytes:
    values = data_row("Paie")
    values[4] = '<c r="E2" t="d"><v>pas une date</v></c>'
    values[5] = '<c r="F2" s="1"><v>1e300</v></c>'  # a date-styled number out of any calendar
    return workbook([row_xml(1, HEADERS), row_xml(2, values)], styles=True)


def rows_past_dimension() -> bytes:
    """<dimension ref="A1:P2"/> with four data rows."""
    return workbook(
        [row_xml(1, HEADERS)] + [row_xml(n, data_row(f"Ligne {n}")) for n in range(2, 6)],
        dimension="A1:P2",
    )


def zip_of_zeros(megabytes: int = 12) -> bytes:
    """A valid little workbook with an extra part of zeros: ratio ~1000."""
    return workbook(
        [row_xml(1, HEADERS), row_xml(2, data_row("Paie"))],
        extra_parts={"xl/media/zeros.bin": b"\0" * (megabytes * 1024 * 1024)},
    )


def lying_sizes() -> bytes:
    """The sheet's headers declare 1 KB, but it inflates to 10 MB of rows."""
    rows = [row_xml(1, HEADERS)] + [row_xml(n, data_row(f"L{n}")) for n in range(2, 40_000)]
    raw = bytearray(workbook(rows))
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as archive:
        info = archive.getinfo("xl/worksheets/sheet1.xml")
    declared = (1024).to_bytes(4, "little")
    raw[info.header_offset + 22 : info.header_offset + 26] = declared  # local header
    central = raw.rfind(b"PK\x01\x02", 0, raw.rfind(b"PK\x05\x06"))
    while central >= 0:  # the central directory's record of the sheet
        name_length = int.from_bytes(raw[central + 28 : central + 30], "little")
        if raw[central + 46 : central + 46 + name_length] == b"xl/worksheets/sheet1.xml":
            raw[central + 24 : central + 28] = declared
            break
        central = raw.rfind(b"PK\x01\x02", 0, central)
    return bytes(raw)
