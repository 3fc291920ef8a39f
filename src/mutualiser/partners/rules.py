"""The partner search's own rules, pure: who takes part, distance bands, what is unexpected.

No Django model here: plain values in, plain values out, so that the rules are tested alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# The sharing rule a partner's savings are shown under: the Shapley value, whose core check
# is the engine's `in_core` ("no subgroup would do better alone").
DEFAULT_RULE = "shapley"

# A partner's distance is shown as a band, never in exact kilometres (privacy: the exact
# address stays private). Upper bounds in km; beyond the last, "far".
DISTANCE_BANDS: tuple[int, ...] = (10, 25, 50, 100, 200)
FAR_BAND = "far"
# Beyond this distance, or in another region, a partner is out of one's usual circle.
USUAL_CIRCLE_KM = 50.0

UNEXPECTED_DISCIPLINE = "discipline"
# The milieus disciplines belong to: theatre and dance share stages, funders and audiences;
# a museum and a theatre company do not. A partner of another milieu is unexpected.
MILIEUS: dict[str, str] = {
    "theatre": "stage",
    "dance": "stage",
    "music": "stage",
    "circus": "stage",
    "festival": "stage",
    "presenting": "stage",
    "multidisciplinary": "stage",
    "visual_arts": "visual",
    "media_arts": "visual",
    "literature": "books",
    "heritage": "heritage",
}
UNEXPECTED_KIND = "kind"
UNEXPECTED_FAR = "far"


def distance_band(km: float) -> str:
    """The band of a distance: "10" (under 10 km), "25", ..., "200", or "far"."""
    for bound in DISTANCE_BANDS:
        if km <= bound:
            return str(bound)
    return FAR_BAND


def band_limit(band: str) -> float | None:
    """The largest distance in a band, None for "far" (no limit)."""
    return None if band == FAR_BAND else float(band)


@dataclass(frozen=True)
class Profile:
    """What the rules read of an organisation: disciplines, legal kind, region."""

    disciplines: Sequence[str]
    kind: str
    region: str


def unexpected_reasons(me: Profile, partner: Profile, distance_km: float) -> tuple[str, ...]:
    """Why a partner is one a member would not have looked for, in display order.

    Another milieu (no discipline of a common MILIEUS, when both say theirs), another legal
    kind, or out of the usual circle (another region, or beyond USUAL_CIRCLE_KM). Empty: an
    expected partner.
    """
    found = []
    mine = {MILIEUS.get(d, d) for d in me.disciplines}
    theirs = {MILIEUS.get(d, d) for d in partner.disciplines}
    if mine and theirs and not mine & theirs:
        found.append(UNEXPECTED_DISCIPLINE)
    if me.kind and partner.kind and me.kind != partner.kind:
        found.append(UNEXPECTED_KIND)
    if distance_km > USUAL_CIRCLE_KM or (
        me.region and partner.region and me.region != partner.region
    ):
        found.append(UNEXPECTED_FAR)
    return tuple(found)


def member_gain(*, role: str, standalone: float, share: float | None, income: float) -> float:
    """What one organisation gains a year: a need's savings (standalone cost less its share),
    an offer's income for the capacity it lends."""
    if role == "offer":
        return income
    return standalone - (share if share is not None else 0.0)
