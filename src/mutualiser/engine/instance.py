"""The engine's JSON instance and result format (DESIGN.md, "Instance / result format").

`load_instance` reads and validates an instance; every error is collected and reported at
once in `InstanceError`: each problem is where it is (`items[3] (id "i4")`) and a message id
with its parameters (`instance.months_length`, count 12, got 11), which `words` renders in
French or English (`"months" must have 12 values, got 11`), as every sentence of the engine.
`result_to_dict` / `write_result` write a result.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mutualiser.engine.costmodel import MONTHS, CostParams
from mutualiser.words.reasons import Reason, render

if TYPE_CHECKING:
    from mutualiser.engine.matching import ItemArrays

NEED = "need"
OFFER = "offer"
DIRECTIONS = (NEED, OFFER)


@dataclass(frozen=True, slots=True)
class InstanceProblem:
    """One problem of an instance: where (`items[3] (id "i4")`, a JSON place, empty for the
    whole instance) and what, a message id of `words` with its parameters."""

    where: str
    reason: Reason

    @property
    def code(self) -> str:
        return self.reason.id

    @property
    def params(self) -> dict[str, Any]:
        return dict(self.reason.params)

    def message(self, lang: str | None = "en") -> str:
        """What is wrong, as a sentence in `lang`, without the place."""
        return render(self.reason, lang)

    def text(self, lang: str | None = "en") -> str:
        what = self.message(lang)
        return f"{self.where}: {what}" if self.where else what


class InstanceError(ValueError):
    """An instance that cannot be solved; `problems` lists every problem found.

    `str(error)` and `errors` are English (the command line's log, the tests); the API and
    the command line render `problems` in the caller's language.
    """

    SHOWN = 50

    def __init__(self, problems: Sequence[InstanceProblem]) -> None:
        self.problems = list(problems)
        super().__init__(self.text("en"))

    @property
    def errors(self) -> list[str]:
        return [problem.text("en") for problem in self.problems]

    def text(self, lang: str | None = "en") -> str:
        """The first problems, one a line, and how many more there are."""
        shown = [problem.text(lang) for problem in self.problems[: self.SHOWN]]
        more = len(self.problems) - len(shown)
        if more > 0:
            shown.append(render(Reason("instance.more_errors", {"count": more}), lang))
        return "\n".join(shown)


def _problem(where: str, code: str, **params: Any) -> InstanceProblem:
    return InstanceProblem(where, Reason(f"instance.{code}", params))


@dataclass(frozen=True, slots=True)
class Category:
    """A kind of task or resource, with the economic figures of the cost model."""

    params: CostParams

    @property
    def code(self) -> str:
        return self.params.code


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    lat: float
    lon: float
    region: str = ""
    disciplines: tuple[str, ...] = ()
    kind: str = ""
    budget: float | None = None


@dataclass(frozen=True, slots=True)
class Item:
    """A need (quantities wanted per month) or an offer (spare capacity per month at `rate`)."""

    id: str
    org: str
    category: str
    direction: str
    months: tuple[float, ...]
    max_distance_km: float
    rate: float | None = None


@dataclass(frozen=True)
class Instance:
    categories: tuple[Category, ...]
    organisations: tuple[Organisation, ...]
    items: tuple[Item, ...]
    exclusions: frozenset[tuple[str, str]] = frozenset()

    @cached_property
    def category_by_code(self) -> dict[str, Category]:
        return {c.code: c for c in self.categories}

    @cached_property
    def organisation_by_id(self) -> dict[str, Organisation]:
        return {o.id: o for o in self.organisations}

    @cached_property
    def item_by_id(self) -> dict[str, Item]:
        return {i.id: i for i in self.items}

    @cached_property
    def item_index(self) -> dict[str, int]:
        """Each item's row in `items` (and in `arrays`)."""
        return dict(zip(self.item_ids, range(len(self.items)), strict=True))

    @cached_property
    def item_ids(self) -> list[str]:
        return [i.id for i in self.items]

    @cached_property
    def organisation_ids(self) -> list[str]:
        return [o.id for o in self.organisations]

    @cached_property
    def arrays(self) -> ItemArrays:
        """The items as NumPy arrays (`matching.item_arrays`), built once per instance and
        shared by the matching, the grouping's records and the cost sharing (read-only)."""
        from mutualiser.engine.matching import item_arrays

        return item_arrays(self)

    def is_excluded(self, org_a: str, org_b: str) -> bool:
        return exclusion_key(org_a, org_b) in self.exclusions


def exclusion_key(org_a: str, org_b: str) -> tuple[str, str]:
    """Exclusions are symmetric: stored once, smaller id first."""
    return (org_a, org_b) if org_a <= org_b else (org_b, org_a)


# --- results -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Group:
    """Needs of several organisations sharing one resource of their category."""

    category: str
    items: tuple[str, ...]
    cost: float
    savings: float
    shares: dict[str, dict[str, float]]  # org id -> rule name -> yearly share
    in_core: bool  # of the Shapley allocation
    reasons: tuple[Reason, ...] = ()
    in_core_by_rule: dict[str, bool] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Assignment:
    """A whole need served by another organisation's spare capacity."""

    offer: str
    need: str
    savings: float
    category: str = ""
    reasons: tuple[Reason, ...] = ()


@dataclass(frozen=True, slots=True)
class ComponentStats:
    """How one independent component (category x connected component) was solved."""

    category: str
    size: int  # items (needs and offers) in the component
    method: str  # "exact" or "heuristic"
    optimal: bool
    gap: float | None  # (bound - found) / bound, None when no bound was computed
    savings: float = 0.0
    bound: float | None = None
    stopped: bool = False  # the run's time limit (an outer safety net) cut it short


@dataclass(frozen=True)
class Cut:
    """A component too large for one piece, cut along regions (see split.py)."""

    category: str
    pieces: int
    cut_edges: int
    savings_at_risk: float  # upper bound of the savings the cut may lose


@dataclass(frozen=True)
class Result:
    groups: tuple[Group, ...]
    assignments: tuple[Assignment, ...]
    total_savings: float
    components: tuple[ComponentStats, ...] = ()
    cuts: tuple[Cut, ...] = ()


# --- reading -------------------------------------------------------------------------------


def load_instance(source: str | os.PathLike[str] | Mapping[str, Any]) -> Instance:
    """Read an instance from a JSON file path or an already parsed dict; validate it all."""
    if isinstance(source, Mapping):
        return instance_from_dict(source)
    try:
        text = Path(source).read_text(encoding="utf-8")
    except OSError as error:
        raise InstanceError(
            [_problem("", "unreadable", source=str(source), reason=error.strerror or "")]
        ) from error
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InstanceError(
            [
                _problem(
                    "",
                    "malformed_json",
                    line=error.lineno,
                    column=error.colno,
                    reason=error.msg,
                )
            ]
        ) from error
    return instance_from_dict(data)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


_NUMBER_TYPES = frozenset((int, float))


def _plain_months(months: list[Any]) -> bool:
    """The common case at once: plain ints or floats, none negative, all finite (a sum of
    non-negative numbers is finite only when each is); else each month is checked."""
    try:
        return (
            set(map(type, months)) <= _NUMBER_TYPES
            and min(months) >= 0
            and math.isfinite(sum(months))
        )
    except (OverflowError, ValueError):
        return False


class _Checker:
    """Collects errors while reading one record at a time."""

    def __init__(self) -> None:
        self.errors: list[InstanceProblem] = []

    def add(self, where: str, code: str, **params: Any) -> None:
        self.errors.append(_problem(where, code, **params))

    def number(
        self,
        where: str,
        record: Mapping[str, Any],
        name: str,
        *,
        low: float | None = 0.0,
        high: float | None = None,
        positive: bool = False,
        required: bool = True,
    ) -> float | None:
        if name not in record or record[name] is None:
            if required:
                self.add(where, "missing", name=name)
            return None
        value = record[name]
        if not _is_number(value):
            self.add(where, "not_number", name=name, got=repr(value))
            return None
        if positive and value <= 0:
            self.add(where, "not_positive", name=name, got=repr(value))
            return None
        if low is not None and value < low:
            self.add(where, "too_small", name=name, low=low, got=repr(value))
            return None
        if high is not None and value > high:
            self.add(where, "too_large", name=name, high=high, got=repr(value))
            return None
        return float(value)

    def text(
        self, where: str, record: Mapping[str, Any], name: str, *, required: bool = True
    ) -> str | None:
        if name not in record or record[name] is None:
            if required:
                self.add(where, "missing", name=name)
            return None if required else ""
        value = record[name]
        if not isinstance(value, str) or (required and not value):
            self.add(where, "not_text", name=name, got=repr(value))
            return None
        return value

    def unique_text(
        self, where: str, record: Mapping[str, Any], name: str, seen: set[str], what: str
    ) -> str | None:
        """Like `text`, and reports a value already in `seen` (then adds it there); `what`
        names the message: "category", "organisation" or "item"."""
        value = self.text(where, record, name)
        if value is not None:
            if value in seen:
                self.add(where, f"duplicate_{what}", value=value)
            seen.add(value)
        return value

    def objects(
        self, data: Mapping[str, Any], name: str
    ) -> Iterator[tuple[str, Mapping[str, Any]]]:
        """The section's records that are objects, each with where its errors are reported."""
        for index, record in enumerate(self.records(data, name)):
            where = _where(name, index, record)
            if isinstance(record, Mapping):
                yield where, record
            else:
                self.add(where, "not_object")

    def records(self, data: Mapping[str, Any], name: str) -> list[Any]:
        value = data.get(name)
        if value is None:
            self.add("", "missing", name=name)
            return []
        if not isinstance(value, list):
            self.add("", "not_list", name=name, kind=type(value).__name__)
            return []
        return value


def _where(section: str, index: int, record: Any) -> str:
    if isinstance(record, Mapping) and isinstance(record.get("id") or record.get("code"), str):
        return f'{section}[{index}] (id "{record.get("id") or record.get("code")}")'
    return f"{section}[{index}]"


def instance_from_dict(data: Any) -> Instance:
    """Build and validate an instance from its JSON form; raise InstanceError with all errors."""
    check = _Checker()
    if not isinstance(data, Mapping):
        raise InstanceError([_problem("", "not_instance", kind=type(data).__name__)])

    categories: list[Category] = []
    codes: set[str] = set()
    for where, record in check.objects(data, "categories"):
        before = len(check.errors)
        code = check.unique_text(where, record, "code", codes, "category")
        rate = check.number(where, record, "standalone_rate")
        capacity = check.number(where, record, "unit_capacity", positive=True)
        unit_cost = check.number(where, record, "unit_cost")
        fraction = check.number(where, record, "min_fraction", high=1.0)
        overhead = check.number(where, record, "member_overhead")
        size = record.get("max_group_size")
        if not isinstance(size, int) or isinstance(size, bool) or size < 1:
            check.add(where, "group_size", got=repr(size))
        if len(check.errors) == before:
            params = CostParams(code, rate, capacity, unit_cost, fraction, overhead, size)  # type: ignore[arg-type]
            categories.append(Category(params))

    organisations: list[Organisation] = []
    org_ids: set[str] = set()
    for where, record in check.objects(data, "organisations"):
        before = len(check.errors)
        org_id = check.unique_text(where, record, "id", org_ids, "organisation")
        lat = check.number(where, record, "lat", low=-90.0, high=90.0)
        lon = check.number(where, record, "lon", low=-180.0, high=180.0)
        region = check.text(where, record, "region", required=False)
        kind = check.text(where, record, "kind", required=False)
        budget = check.number(where, record, "budget", required=False)
        disciplines = record.get("disciplines", [])
        if not isinstance(disciplines, list) or not all(isinstance(d, str) for d in disciplines):
            check.add(where, "disciplines")
        if len(check.errors) == before:
            organisations.append(
                Organisation(org_id, lat, lon, region, tuple(disciplines), kind, budget)  # type: ignore[arg-type]
            )

    items: list[Item] = []
    item_ids: set[str] = set()
    for where, record in check.objects(data, "items"):
        before = len(check.errors)
        item_id = check.unique_text(where, record, "id", item_ids, "item")
        org = check.text(where, record, "org")
        if org is not None and org not in org_ids:
            check.add(where, "unknown_organisation", value=org)
        category = check.text(where, record, "category")
        if category is not None and category not in codes:
            check.add(where, "unknown_category", value=category)
        direction = record.get("direction")
        if direction not in DIRECTIONS:
            check.add(where, "direction", got=repr(direction))
        months = record.get("months")
        if not isinstance(months, list):
            check.add(where, "months_not_list", count=MONTHS)
        elif len(months) != MONTHS:
            check.add(where, "months_length", count=MONTHS, got=len(months))
        elif not _plain_months(months):
            for month, value in enumerate(months):
                if not _is_number(value):
                    check.add(where, "month_not_number", month=month, got=repr(value))
                elif value < 0:
                    check.add(where, "month_negative", month=month, got=repr(value))
        distance = check.number(where, record, "max_distance_km")
        rate = check.number(where, record, "rate", required=direction == OFFER)
        if len(check.errors) == before:
            items.append(
                Item(
                    item_id,  # type: ignore[arg-type]
                    org,  # type: ignore[arg-type]
                    category,  # type: ignore[arg-type]
                    direction,
                    tuple(map(float, months)),  # type: ignore[arg-type]
                    distance,  # type: ignore[arg-type]
                    rate if direction == OFFER else None,
                )
            )

    exclusions: set[tuple[str, str]] = set()
    raw_exclusions = data.get("exclusions", [])
    if not isinstance(raw_exclusions, list):
        check.add("", "exclusions_not_list")
        raw_exclusions = []
    for index, pair in enumerate(raw_exclusions):
        where = f"exclusions[{index}]"
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(o, str) for o in pair)
        ):
            check.add(where, "exclusion_not_pair", got=repr(pair))
            continue
        unknown = [o for o in pair if o not in org_ids]
        if unknown:
            check.add(where, "exclusion_unknown", value=unknown[0])
            continue
        exclusions.add(exclusion_key(pair[0], pair[1]))

    if check.errors:
        raise InstanceError(check.errors)
    return Instance(tuple(categories), tuple(organisations), tuple(items), frozenset(exclusions))


def instance_to_dict(instance: Instance) -> dict[str, Any]:
    """The JSON form of an instance (the inverse of `instance_from_dict`)."""
    categories = [
        {
            "code": c.params.code,
            "standalone_rate": c.params.standalone_rate,
            "unit_capacity": c.params.unit_capacity,
            "unit_cost": c.params.unit_cost,
            "min_fraction": c.params.min_fraction,
            "member_overhead": c.params.member_overhead,
            "max_group_size": c.params.max_group_size,
        }
        for c in instance.categories
    ]
    organisations = []
    for o in instance.organisations:
        record: dict[str, Any] = {
            "id": o.id,
            "lat": o.lat,
            "lon": o.lon,
            "region": o.region,
            "disciplines": list(o.disciplines),
            "kind": o.kind,
        }
        if o.budget is not None:
            record["budget"] = o.budget
        organisations.append(record)
    items = []
    for i in instance.items:
        record = {
            "id": i.id,
            "org": i.org,
            "category": i.category,
            "direction": i.direction,
            "months": list(i.months),
            "max_distance_km": i.max_distance_km,
        }
        if i.rate is not None:
            record["rate"] = i.rate
        items.append(record)
    return {
        "categories": categories,
        "organisations": organisations,
        "items": items,
        "exclusions": [list(pair) for pair in sorted(instance.exclusions)],
    }


# --- writing -------------------------------------------------------------------------------


def _money(value: float) -> float:
    return round(float(value), 2)


def reason_to_dict(reason: Reason) -> dict[str, Any]:
    return {"id": reason.id, "params": dict(reason.params)}


def reasons_from_dicts(data: Sequence[Mapping[str, Any]]) -> tuple[Reason, ...]:
    """Reasons read back from JSON: `{"id": ..., "params": {...}}` each."""
    return tuple(Reason(r["id"], dict(r.get("params", {}))) for r in data)


def result_to_dict(result: Result) -> dict[str, Any]:
    """The JSON form of a result; money rounded to the cent."""
    return {
        "groups": [
            {
                "category": g.category,
                "items": list(g.items),
                "cost": _money(g.cost),
                "savings": _money(g.savings),
                "shares": {
                    org: {rule: _money(v) for rule, v in rules.items()}
                    for org, rules in g.shares.items()
                },
                "in_core": g.in_core,
                "in_core_by_rule": dict(g.in_core_by_rule),
                "reasons": [reason_to_dict(r) for r in g.reasons],
            }
            for g in result.groups
        ],
        "assignments": [
            {
                "offer": a.offer,
                "need": a.need,
                "savings": _money(a.savings),
                "category": a.category,
                "reasons": [reason_to_dict(r) for r in a.reasons],
            }
            for a in result.assignments
        ],
        "total_savings": _money(result.total_savings),
        "components": [
            {
                "category": c.category,
                "size": c.size,
                "method": c.method,
                "optimal": c.optimal,
                "gap": c.gap,
                "savings": _money(c.savings),
                "bound": None if c.bound is None else _money(c.bound),
                "stopped": c.stopped,
            }
            for c in result.components
        ],
        "cuts": [
            {
                "category": c.category,
                "pieces": c.pieces,
                "cut_edges": c.cut_edges,
                "savings_at_risk": _money(c.savings_at_risk),
            }
            for c in result.cuts
        ],
    }


def write_result(result: Result, path: str | os.PathLike[str]) -> None:
    """Write the result's JSON atomically: a reader never sees half a file."""
    target = Path(path)
    handle, temporary = tempfile.mkstemp(dir=target.parent or ".", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            json.dump(result_to_dict(result), stream, ensure_ascii=False, indent=1)
            stream.write("\n")
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
