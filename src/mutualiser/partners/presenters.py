"""Opportunities in the reader's words: the cards and the alternatives the pages show.

Privacy (DESIGN.md): of a partner, a card shows the organisation's name (it is in the
directory), the category, the monthly quantities, the distance band and what it gains;
never its item's label, notes, costs or satisfaction, nor its address or exact distance.
Only the member's own item is named.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from django.template.loader import get_template
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from mutualiser.contacts.selectors import new_request_url
from mutualiser.diagnostic.adapters import organisation_record
from mutualiser.diagnostic.scoring import item_name
from mutualiser.engine.instance import reasons_from_dicts
from mutualiser.engine.matching import haversine_km
from mutualiser.kept import KeptMemory
from mutualiser.organisations.models import Organisation
from mutualiser.words.formats import listing
from mutualiser.words.reasons import Reason, label, render, unit_name

from .charts import calendar_svg
from .models import MemberRole, OpportunityKind, OpportunityMember, PartnerCandidate, PartnerRun
from .rules import Profile, distance_band, unexpected_reasons

# The engine's group.distance reason gives kilometres: the band replaces it.
HIDDEN_REASONS = frozenset({"group.distance"})
PARTNER_CLASSES = ("use-1", "use-2", "use-3", "use-4", "use-5")
TITLE_NAMES = 3  # partners named in a card's title
SHOWN_PARTNERS = 4  # partners listed on a card of the list; the others behind "more"
# Cards of the list kept rendered in each process (a few KiB each): a region's members
# reading their opportunities again and again.
LIST_CARDS_KEPT = 1024
list_cards = KeptMemory(LIST_CARDS_KEPT)


def contact_url(*, organisations: Sequence[Organisation], category: str) -> str:
    """The contact request's start page for these organisations, about the category."""
    return new_request_url(to=[o.slug for o in organisations], category=category)


def _profile(organisation: Organisation) -> Profile:
    return Profile(
        disciplines=tuple(organisation.disciplines or ()),
        kind=organisation.legal_kind,
        region=organisation.region,
    )


def _km(a: Organisation, b: Organisation) -> float:
    ra, rb = organisation_record(a), organisation_record(b)
    return haversine_km(ra["lat"], ra["lon"], rb["lat"], rb["lon"])


def unexpected_sentences(me: Organisation, partner: Organisation, lang: str) -> tuple[str, ...]:
    km = _km(me, partner)
    return tuple(
        render(Reason(f"partners.unexpected.{code}", {"band": distance_band(km)}), lang)
        for code in unexpected_reasons(_profile(me), _profile(partner), km)
    )


@dataclass(frozen=True)
class PartnerView:
    organisation: Organisation
    role: str
    role_label: str
    gain: float
    months: tuple[float, ...]
    css: str
    band_label: str
    unexpected: tuple[str, ...] = ()


@dataclass(frozen=True)
class Card:
    """One opportunity as the member's organisation sees it."""

    pk: int
    kind: str
    kind_label: str
    category_code: str
    category_label: str
    unit: str
    me: OpportunityMember
    my_item_name: str
    partners: tuple[PartnerView, ...]
    distance_sentence: str
    band: str
    chart: SafeString
    reasons: tuple[str, ...]
    in_core: bool | None
    savings: float
    cost: float | None
    contact_url: str
    peak: float
    capacity_peak: float
    lang: str
    legend: tuple[tuple[str, str], ...] = field(default=())

    @property
    def my_gain(self) -> float:
        return self.me.gain

    @property
    def i_offer(self) -> bool:
        return self.me.role == MemberRole.OFFER

    @property
    def is_unexpected(self) -> bool:
        return any(p.unexpected for p in self.partners)

    @property
    def title(self) -> str:
        """The partners' names, the first three then how many more (a large group)."""
        names = [p.organisation.name for p in self.partners]
        with translation.override(self.lang):
            if len(names) > TITLE_NAMES:
                more = len(names) - TITLE_NAMES
                names = names[:TITLE_NAMES] + [
                    ngettext("%(count)s autre", "%(count)s autres", more) % {"count": more}
                ]
            return listing(names, self.lang)

    @property
    def shown_partners(self) -> tuple[PartnerView, ...]:
        return self.partners[:SHOWN_PARTNERS]

    @property
    def more_partners(self) -> tuple[PartnerView, ...]:
        return self.partners[SHOWN_PARTNERS:]

    @cached_property
    def url(self) -> str:
        # reversed once: a card of the list links to its detail two or three times
        return reverse("partners:detail", kwargs={"opportunity_id": self.pk})


def build_card(row: OpportunityMember, *, lang: str) -> Card:
    """The card of the organisation's member row `row` (its opportunity's members loaded)."""
    opportunity = row.opportunity
    me = row.organisation
    members = list(opportunity.members.all())
    others = [m for m in members if m.pk != row.pk]
    category = opportunity.category
    band = distance_band(opportunity.distance_km)
    with translation.override(lang):
        partners = tuple(
            PartnerView(
                organisation=m.organisation,
                role=m.role,
                role_label=_("Offre la capacité") if m.role == MemberRole.OFFER else _("Besoin"),
                gain=m.gain,
                months=tuple(m.months),
                # one colour each while they last; a larger group in one colour
                css=PARTNER_CLASSES[k] if len(others) <= len(PARTNER_CLASSES) else "use-1",
                band_label=label(f"band.{distance_band(_km(me, m.organisation))}", lang),
                unexpected=unexpected_sentences(me, m.organisation, lang),
            )
            for k, m in enumerate(others)
        )
        if opportunity.kind == OpportunityKind.GROUP:
            uses = [(row.months, "use-me")] + [(p.months, p.css) for p in partners]
            distance = Reason("partners.distance.group", {"count": len(members), "band": band})
            if len(partners) <= len(PARTNER_CLASSES):
                named = tuple((p.organisation.name, p.css) for p in partners)
            else:
                named = ((str(_("Les partenaires")), "use-1"),)
            legend = ((str(_("Vous")), "use-me"), *named)
            capacity_label = _("Capacité d'une ressource partagée")
        else:
            need = row if row.role == MemberRole.NEED else others[0]
            css = "use-me" if need.pk == row.pk else partners[0].css
            uses = [(need.months, css)]
            distance = Reason("partners.distance.pair", {"band": band})
            need_name = str(_("Votre besoin")) if need.pk == row.pk else need.organisation.name
            legend = ((need_name, css),)
            capacity_label = _("Capacité offerte")
        legend += ((str(capacity_label), "capacity"),)
        totals = [sum(months[m] for months, _css in uses) for m in range(12)]
        peak = max(totals)
        capacity_peak = max(opportunity.capacity)
        units = unit_name(category.unit, peak, lang)
        title = _(
            "Usage combiné de chaque mois, au plus %(peak)s %(unit)s, sur une capacité de "
            "%(capacity)s"
        ) % {"peak": f"{peak:g}", "unit": units, "capacity": f"{capacity_peak:g}"}
        reasons = [render(distance, lang)] + [
            render(r, lang)
            for r in reasons_from_dicts(opportunity.reasons)
            if r.id not in HIDDEN_REASONS
        ]
        kind_label = str(opportunity.get_kind_display())
    return Card(
        pk=opportunity.pk,
        kind=opportunity.kind,
        kind_label=kind_label,
        category_code=category.code,
        category_label=category.label_en if lang == "en" else category.label_fr,
        unit=category.unit,
        me=row,
        my_item_name=item_name(row.item, lang),
        partners=partners,
        distance_sentence=reasons[0],
        band=band,
        chart=calendar_svg(uses=uses, capacity=opportunity.capacity, title=title),
        reasons=tuple(reasons[1:]),
        in_core=opportunity.in_core,
        savings=opportunity.savings,
        cost=opportunity.cost,
        contact_url=contact_url(
            organisations=[p.organisation for p in partners], category=category.code
        ),
        peak=peak,
        capacity_peak=capacity_peak,
        lang=lang,
        legend=legend,
    )


def _organisation_inputs(organisation: Organisation) -> tuple:
    """What a card reads of an organisation: its name and link, its profile and place."""
    o = organisation
    disciplines = tuple(o.disciplines or ())
    return (o.pk, o.name, o.slug, disciplines, o.legal_kind, o.region, o.latitude, o.longitude)


def card_inputs(row: OpportunityMember, *, run: PartnerRun, lang: str) -> tuple:
    """Everything a card of the list reads that can change while its run stands.

    A run's opportunities and member rows are never changed, so the run (its id and time,
    since a database may give a deleted run's ids again) and the row's id stand for them;
    the organisations and the member's item can be edited before the next run finishes.
    """
    members = row.opportunity.members.all()
    category = row.opportunity.category
    return (
        lang,
        run.pk,
        run.created_at,
        row.pk,
        item_name(row.item, lang),
        category.label_fr,
        category.label_en,
        category.unit,
        _organisation_inputs(row.organisation),
        *(_organisation_inputs(m.organisation) for m in members),
    )


def list_card_html(row: OpportunityMember, *, run: PartnerRun, lang: str) -> SafeString:
    """The card of the list (`partners/card.html`, not full) of the run's `row`, rendered
    once per state of what it reads (`card_inputs`) in this process."""
    template = get_template("partners/card.html")
    return list_cards.get_or_build(
        card_inputs(row, run=run, lang=lang),
        lambda: template.render({"card": build_card(row, lang=lang), "full": False}),
    )


@dataclass(frozen=True)
class Alternative:
    """Another compatible partner for the same item: the pair alone."""

    organisation: Organisation
    kind_label: str
    band_label: str
    gain: float
    fits: str
    unexpected: tuple[str, ...]
    months: tuple[float, ...]
    contact_url: str


def build_alternative(
    candidate: PartnerCandidate, *, me: Organisation, unit: str, lang: str
) -> Alternative:
    kinds = {
        "pool": _("Partager une ressource à deux"),
        "served": _("Sa capacité sert votre besoin"),
        "serves": _("Votre capacité sert son besoin"),
    }
    with translation.override(lang):
        if candidate.kind == "pool" and candidate.complement > 0:
            fits = Reason("partners.fits.complement", {"below": candidate.complement, "unit": unit})
        else:
            fits = Reason(f"partners.fits.{candidate.kind}", {"gain": candidate.gain})
        partner = candidate.partner
        return Alternative(
            organisation=partner,
            kind_label=str(kinds.get(candidate.kind, "")),
            band_label=label(f"band.{distance_band(candidate.distance_km)}", lang),
            gain=candidate.gain,
            fits=render(fits, lang),
            unexpected=unexpected_sentences(me, partner, lang),
            months=tuple(candidate.partner_item.months),
            contact_url=contact_url(
                organisations=[partner], category=candidate.partner_item.category.code
            ),
        )
