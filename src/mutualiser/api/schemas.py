"""What the API reads and answers, as pydantic schemas (they make the OpenAPI document).

Types only: the rules (choices, lengths, limits, duplicates) are the forms' and the services',
applied by the endpoints, so that the API refuses exactly what the pages refuse.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from ninja import Field, Schema

# No NaN nor infinity: a JSON number the database and every client can hold.
Number = Annotated[float, Field(allow_inf_nan=False)]
Months = Annotated[
    list[Annotated[float, Field(allow_inf_nan=False, ge=0)]],
    Field(min_length=12, max_length=12, description="Twelve monthly quantities, January first."),
]
ShortText = Annotated[str, Field(max_length=5000)]


class ErrorItem(Schema):
    field: str | None
    message: str


class ErrorOut(Schema):
    detail: str
    errors: list[ErrorItem] = []


# Every operation may answer these, in the one error shape: an unparsable body (400), no or a
# bad token (401), a read token writing or a viewer (403), another organisation's object (404),
# a body too large (413), an invalid value (422), too many requests (429).
ERRORS = {status: ErrorOut for status in (400, 401, 403, 404, 413, 422, 429)}


# --- taxonomy ----------------------------------------------------------------------------


class CategoryOut(Schema):
    code: str
    family: str
    label: str
    label_fr: str
    label_en: str
    description: str
    kind: str
    unit: str
    support_or_core: str
    typical_level: str
    confidentiality: str
    proximity_need: str
    standalone_rate: float
    unit_capacity: float
    unit_cost: float
    min_fraction: float
    member_overhead: float
    max_group_size: int


class FamilyOut(Schema):
    code: str
    label: str
    categories: list[CategoryOut]


class TaxonomyOut(Schema):
    families: list[FamilyOut]


# --- organisations -----------------------------------------------------------------------


class OrganisationRef(Schema):
    slug: str
    name: str


class OrganisationOut(Schema):
    slug: str
    name: str
    role: str
    legal_kind: str
    disciplines: list[str]
    region: str
    municipality: str
    budget_band: str
    staff_fte: float | None
    visibility: str
    description: str
    website: str
    created_at: datetime
    updated_at: datetime


class OrganisationIn(Schema):
    name: Annotated[str, Field(max_length=1000)]
    legal_kind: Annotated[str, Field(max_length=100)]
    region: Annotated[str, Field(max_length=100)]
    disciplines: Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=50)] = []
    municipality: Annotated[str, Field(max_length=500)] = ""
    budget_band: Annotated[str, Field(max_length=100)] = ""
    staff_fte: Number | None = None
    visibility: Annotated[str, Field(max_length=100)] = "private"
    description: ShortText = ""
    website: Annotated[str, Field(max_length=1000)] = ""


class OrganisationPatch(Schema):
    name: Annotated[str, Field(max_length=1000)] | None = None
    legal_kind: Annotated[str, Field(max_length=100)] | None = None
    region: Annotated[str, Field(max_length=100)] | None = None
    disciplines: (
        Annotated[list[Annotated[str, Field(max_length=100)]], Field(max_length=50)] | None
    ) = None
    municipality: Annotated[str, Field(max_length=500)] | None = None
    budget_band: Annotated[str, Field(max_length=100)] | None = None
    staff_fte: Number | None = None
    visibility: Annotated[str, Field(max_length=100)] | None = None
    description: ShortText | None = None
    website: Annotated[str, Field(max_length=1000)] | None = None


# --- inventory ---------------------------------------------------------------------------


class ItemOut(Schema):
    id: int
    category: str
    family: str
    direction: str
    label: str
    months: list[float]
    how_done: str
    annual_cost: float | None
    satisfaction: int | None
    importance: str
    confidentiality: str
    specificity: str
    criticality: str
    max_distance_km: int
    rate: float | None
    notes: str
    version: int
    created_at: datetime
    updated_at: datetime


class ItemPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ItemOut]


class _ItemFields(Schema):
    label: Annotated[str, Field(max_length=1000)] | None = None
    months: Months | None = None
    how_done: Annotated[str, Field(max_length=100)] | None = None
    annual_cost: Number | None = None
    satisfaction: int | None = None
    importance: Annotated[str, Field(max_length=100)] | None = None
    confidentiality: Annotated[str, Field(max_length=100)] | None = None
    specificity: Annotated[str, Field(max_length=100)] | None = None
    criticality: Annotated[str, Field(max_length=100)] | None = None
    max_distance_km: int | None = None
    rate: Number | None = None
    notes: ShortText | None = None


class ItemIn(_ItemFields):
    category: Annotated[str, Field(max_length=100, description="A category code (taxonomy).")]
    direction: Annotated[str, Field(max_length=100, description="need, offer or inhouse.")]


class ItemPatch(_ItemFields):
    version: Annotated[
        int,
        Field(description="The item's version the edit started from (409 when it moved on)."),
    ]
    category: Annotated[str, Field(max_length=100)] | None = None
    direction: Annotated[str, Field(max_length=100)] | None = None


class ImportOut(Schema):
    created: int
    updated: int
    unchanged: int


# --- opportunities -----------------------------------------------------------------------


class PartnerOut(Schema):
    organisation: OrganisationRef
    role: str
    months: list[float]
    distance_band: str


class MyPlaceOut(Schema):
    item_id: int
    item_name: str
    role: str
    months: list[float]
    gain: float


class OpportunityOut(Schema):
    id: int
    kind: str
    category: str
    category_label: str
    savings: float
    cost: float | None
    in_core: bool | None
    distance_band: str
    me: MyPlaceOut
    partners: list[PartnerOut]
    reasons: list[str]
    url: str


class OpportunitiesOut(Schema):
    takes_part: bool
    computed_at: datetime | None
    pending: bool
    opportunities: list[OpportunityOut]


# --- contact requests --------------------------------------------------------------------


class RequestMessageOut(Schema):
    organisation: OrganisationRef
    body: str
    created_at: datetime


class RequestOut(Schema):
    id: int
    side: str
    status: str
    sender: OrganisationRef
    recipient: OrganisationRef
    category: str | None
    message: str
    first_step: str
    trial_months: int
    created_at: datetime
    answered_at: datetime | None
    decline_reason: str
    url: str


class RequestDetailOut(RequestOut):
    messages: list[RequestMessageOut]


# --- projects ----------------------------------------------------------------------------


class ProjectPartnerOut(Schema):
    id: int
    organisation: OrganisationRef
    role: str
    months: list[float]


class ProjectOut(Schema):
    id: int
    title: str
    category: str
    governance_form: str
    chosen_rule: str
    current_step: str | None
    partners: list[ProjectPartnerOut]
    url: str


class RuleOut(Schema):
    rule: str
    label: str
    in_core: bool
    core_check: str
    total: float


class ShareOut(Schema):
    partner_id: int
    organisation: OrganisationRef
    use: float
    standalone: float
    shares: dict[str, float]
    savings: dict[str, float]


class SnapshotOut(Schema):
    rule: str
    cost: float
    in_core: bool
    created_at: datetime
    shares: list[dict]


class CostSharingOut(Schema):
    cost: float
    alone: float
    savings: float
    peak: float
    feasible: bool
    rules: list[RuleOut]
    partners: list[ShareOut]
    notes: list[str]
    chosen: SnapshotOut | None


class ProjectDetailOut(ProjectOut):
    cost_sharing: CostSharingOut | None


# --- engine ------------------------------------------------------------------------------


class ReasonOut(Schema):
    id: str
    params: dict


class GroupOut(Schema):
    category: str
    items: list[str]
    cost: float
    savings: float
    shares: dict[str, dict[str, float]]
    in_core: bool
    in_core_by_rule: dict[str, bool]
    reasons: list[ReasonOut]


class AssignmentOut(Schema):
    offer: str
    need: str
    savings: float
    category: str
    reasons: list[ReasonOut]


class ComponentOut(Schema):
    category: str
    size: int
    method: str
    optimal: bool
    gap: float | None
    savings: float
    bound: float | None
    stopped: bool


class CutOut(Schema):
    category: str
    pieces: int
    cut_edges: int
    savings_at_risk: float


class ResultOut(Schema):
    groups: list[GroupOut]
    assignments: list[AssignmentOut]
    total_savings: float
    components: list[ComponentOut]
    cuts: list[CutOut]
