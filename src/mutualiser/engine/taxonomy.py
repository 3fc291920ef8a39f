"""Categories of tasks, expertise and resources that organisations can pool (domain.md §8).

The data lives in `data/taxonomy.json`: 12 families, about 60 categories, each with FR/EN
labels and descriptions, qualitative attributes used by the diagnostic, and the cost-model
figures of DESIGN.md ("The engine's cost model") in Québec dollars. The figures are
estimates; each category's `source` says where they come from.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from mutualiser.engine.costmodel import CostParams

DEFAULT_PATH = Path(__file__).with_name("data") / "taxonomy.json"

FAMILY_CODES = ("ADM", "RH", "FIN", "COM", "DIF", "PRO", "MED", "ESP", "EQU", "TI", "ACH", "RES")
KINDS = ("human", "material", "immaterial", "service")
UNITS = ("hour", "day", "m2", "item", "month")
SUPPORT_OR_CORE = ("support", "core")
LEVELS = ("L0", "L1", "L2", "L3", "L4", "L5")
LOW_MEDIUM_HIGH = ("low", "medium", "high")


class TaxonomyError(ValueError):
    """The taxonomy file is malformed; the message names the category and the field."""


@dataclass(frozen=True, slots=True)
class Family:
    code: str
    label_fr: str
    label_en: str

    def label(self, lang: str = "fr") -> str:
        return self.label_en if lang == "en" else self.label_fr


@dataclass(frozen=True, slots=True)
class Category:
    """One kind of task, expertise or resource, with the cost figures of its shared unit."""

    code: str
    family: str
    label_fr: str
    label_en: str
    description_fr: str
    description_en: str
    kind: str  # human | material | immaterial | service
    unit: str  # hour | day | m2 | item | month
    support_or_core: str  # support | core
    typical_level: str  # L0..L5, the usual form of pooling for this category
    confidentiality: str  # low | medium | high
    proximity_need: str  # low | medium | high
    competitive_sensitivity: str  # low | medium | high: do partners compete for its output?
    standalone_rate: float  # $ per unit bought alone
    unit_capacity: float  # units per month of one shared resource
    unit_cost: float  # $ per month of one shared resource
    min_fraction: float  # smallest viable share of one resource (0..1]
    member_overhead: float  # $ per month of coordination per member
    max_group_size: int
    source: str  # where the figures come from (estimates, to be validated)

    def label(self, lang: str = "fr") -> str:
        return self.label_en if lang == "en" else self.label_fr

    def description(self, lang: str = "fr") -> str:
        return self.description_en if lang == "en" else self.description_fr

    def cost_params(self) -> CostParams:
        """The figures the cost model needs (costmodel.CostParams)."""
        return CostParams(
            code=self.code,
            standalone_rate=self.standalone_rate,
            unit_capacity=self.unit_capacity,
            unit_cost=self.unit_cost,
            min_fraction=self.min_fraction,
            member_overhead=self.member_overhead,
            max_group_size=self.max_group_size,
        )


@dataclass(frozen=True, slots=True)
class Taxonomy:
    families: tuple[Family, ...]
    categories: tuple[Category, ...]
    _index: Mapping[str, Category]

    def get(self, code: str) -> Category:
        """The category with this code; KeyError if there is none."""
        try:
            return self._index[code]
        except KeyError:
            raise KeyError(f"unknown category {code!r}") from None

    def family(self, code: str) -> Family:
        for family in self.families:
            if family.code == code:
                return family
        raise KeyError(f"unknown family {code!r}")

    def by_family(self) -> dict[str, tuple[Category, ...]]:
        """Categories grouped by family code, families and categories in file order."""
        return {
            f.code: tuple(c for c in self.categories if c.family == f.code) for f in self.families
        }

    def __contains__(self, code: object) -> bool:
        return code in self._index

    def __iter__(self) -> Iterator[Category]:
        return iter(self.categories)

    def __len__(self) -> int:
        return len(self.categories)


_TEXT_FIELDS = ("label_fr", "label_en", "description_fr", "description_en", "source")
_CHOICE_FIELDS: dict[str, tuple[str, ...]] = {
    "family": FAMILY_CODES,
    "kind": KINDS,
    "unit": UNITS,
    "support_or_core": SUPPORT_OR_CORE,
    "typical_level": LEVELS,
    "confidentiality": LOW_MEDIUM_HIGH,
    "proximity_need": LOW_MEDIUM_HIGH,
    "competitive_sensitivity": LOW_MEDIUM_HIGH,
}
# field -> (lowest allowed, whether the lowest is excluded)
_NUMBER_FIELDS: dict[str, tuple[float, bool]] = {
    "standalone_rate": (0.0, True),
    "unit_capacity": (0.0, True),
    "unit_cost": (0.0, True),
    "min_fraction": (0.0, False),
    "member_overhead": (0.0, False),
}


def _fail(where: str, field: str, problem: str) -> TaxonomyError:
    return TaxonomyError(f"taxonomy: {where}, field {field!r}: {problem}")


def _text(raw: Mapping[str, Any], where: str, field: str) -> str:
    value = raw.get(field)
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, field, "missing or empty text")
    return value


def _parse_family(raw: Any, position: int) -> Family:
    if not isinstance(raw, Mapping):
        raise TaxonomyError(f"taxonomy: family #{position} is not an object")
    code = raw.get("code")
    where = f"family {code!r}"
    if code not in FAMILY_CODES:
        raise _fail(where, "code", f"must be one of {', '.join(FAMILY_CODES)}")
    return Family(
        code=code, label_fr=_text(raw, where, "label_fr"), label_en=_text(raw, where, "label_en")
    )


def _parse_category(raw: Any, position: int) -> Category:
    if not isinstance(raw, Mapping):
        raise TaxonomyError(f"taxonomy: category #{position} is not an object")
    code = raw.get("code")
    if not isinstance(code, str) or not code.isidentifier() or code != code.lower():
        raise _fail(f"category #{position}", "code", "must be an English snake_case identifier")
    where = f"category {code!r}"
    values: dict[str, Any] = {"code": code}
    for field in _TEXT_FIELDS:
        values[field] = _text(raw, where, field)
    for field, choices in _CHOICE_FIELDS.items():
        value = raw.get(field)
        if value not in choices:
            raise _fail(where, field, f"{value!r} is not one of {', '.join(choices)}")
        values[field] = value
    for field, (lowest, strict) in _NUMBER_FIELDS.items():
        value = raw.get(field)
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise _fail(where, field, "missing or not a number")
        if not math.isfinite(value) or value < lowest or (strict and value == lowest):
            bound = f"> {lowest}" if strict else f">= {lowest}"
            raise _fail(where, field, f"{value!r} must be {bound}")
        values[field] = float(value)
    if values["min_fraction"] > 1:
        raise _fail(where, "min_fraction", "must be at most 1 (a share of one resource)")
    size = raw.get("max_group_size")
    if isinstance(size, bool) or not isinstance(size, int) or size < 2:
        raise _fail(where, "max_group_size", "must be an integer >= 2")
    values["max_group_size"] = size
    unknown = set(raw) - set(values)
    if unknown:
        raise _fail(where, sorted(unknown)[0], "unknown field")
    return Category(**values)


def parse_taxonomy(document: Any) -> Taxonomy:
    """Validate a decoded taxonomy document; TaxonomyError names the faulty category and field."""
    if not isinstance(document, Mapping):
        raise TaxonomyError("taxonomy: the document is not a JSON object")
    raw_families = document.get("families")
    raw_categories = document.get("categories")
    if not isinstance(raw_families, list) or not isinstance(raw_categories, list):
        raise TaxonomyError("taxonomy: 'families' and 'categories' must be lists")
    families = tuple(_parse_family(raw, i) for i, raw in enumerate(raw_families))
    codes = [f.code for f in families]
    if sorted(codes) != sorted(FAMILY_CODES):
        raise TaxonomyError(f"taxonomy: families must be exactly {', '.join(FAMILY_CODES)}")
    categories = tuple(_parse_category(raw, i) for i, raw in enumerate(raw_categories))
    index: dict[str, Category] = {}
    for category in categories:
        if category.code in index:
            raise _fail(f"category {category.code!r}", "code", "duplicated")
        index[category.code] = category
    empty = [f for f in codes if not any(c.family == f for c in categories)]
    if empty:
        raise TaxonomyError(f"taxonomy: family {empty[0]!r} has no category")
    return Taxonomy(families=families, categories=categories, _index=MappingProxyType(index))


@lru_cache(maxsize=8)
def _load(path: Path) -> Taxonomy:
    with path.open(encoding="utf-8") as handle:
        try:
            document = json.load(handle)
        except json.JSONDecodeError as error:
            raise TaxonomyError(f"taxonomy: {path} is not valid JSON: {error}") from error
    return parse_taxonomy(document)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read and validate the taxonomy file (the packaged one by default); cached per path."""
    return _load(Path(path).resolve() if path is not None else DEFAULT_PATH)
