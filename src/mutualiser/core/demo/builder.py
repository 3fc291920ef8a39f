"""Build (and remove) the demo region: organisations, members and inventories.

Deterministic: one `random.Random(seed)` drawn in a fixed order over fixed tuples, no
date, no set or dict-order dependence. Two builds with the same seed on empty databases
give the same names, places and calendars (see `demo_digest`).
"""

from __future__ import annotations

import hashlib
import json
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify

from mutualiser.accounts.models import User
from mutualiser.contacts.demo import demo_contact_requests
from mutualiser.diagnostic.models import Category, Direction, HowDone, InventoryItem
from mutualiser.organisations.choices import Region, Role
from mutualiser.organisations.models import Membership, Organisation
from mutualiser.places.loader import locate
from mutualiser.places.prepositions import place_with_preposition
from mutualiser.projects.demo import demo_project_build, demo_projects_delete
from mutualiser.workshops.demo import demo_workshop_build

from .data import (
    DEFAULT_SEED,
    DEMO_EMAIL_DOMAIN,
    DEMO_USER_EDITS,
    DEMO_USER_OWNS,
    DESCRIPTIONS,
    EXTRA_ITEMS,
    FIRST_NAMES,
    INSURANCE_BUYERS,
    INSURANCE_SPEC,
    LAST_NAMES,
    ORGANISATIONS,
    PROFILES,
    REACH_BY_PROXIMITY,
    REGION_REACH,
    SCENARIOS,
    TEMPLATES,
    Org,
    Spec,
    Template,
)

MIN_ITEMS, MAX_ITEMS = 6, 12


class DemoError(RuntimeError):
    """The demo cannot be built (taxonomy missing, demo already there...)."""


@dataclass(frozen=True)
class DemoSummary:
    organisations_by_region: dict[str, int]
    items_by_direction: dict[str, int]
    users: int
    memberships: int

    @property
    def organisations(self) -> int:
        return sum(self.organisations_by_region.values())

    def lines(self) -> list[str]:
        names = dict(Region.choices)
        lines = [f"{self.organisations} organisations:"]
        for code, count in sorted(self.organisations_by_region.items()):
            lines.append(f"  {code} {names.get(code, code)}: {count}")
        items = sum(self.items_by_direction.values())
        detail = ", ".join(f"{n} {d}" for d, n in sorted(self.items_by_direction.items()))
        lines.append(f"{items} inventory items ({detail})")
        lines.append(f"{self.users} users, {self.memberships} memberships")
        return lines


def _ascii(text: str) -> str:
    text = text.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def demo_user_q() -> Q:
    """The demo's users: the demo login and the fictional members."""
    return Q(email__iendswith=f"@{DEMO_EMAIL_DOMAIN}") | Q(email__iexact=settings.DEMO_EMAIL)


def demo_exists() -> bool:
    return Organisation.objects.filter(is_demo=True).exists()


@transaction.atomic
def demo_delete() -> int:
    """Delete the demo organisations (with their items) and the demo users; return the orgs."""
    count = Organisation.objects.filter(is_demo=True).count()
    demo_projects_delete()  # before the organisations: a project's category is protected
    Organisation.objects.filter(is_demo=True).delete()
    User.objects.filter(demo_user_q()).delete()
    return count


def _months(template: Template, unit: str, rng: random.Random) -> list[float]:
    scale = template.peak * rng.uniform(0.7, 1.3)
    step = 5 if unit == "m2" else 1
    months = [float(step * round(scale * w / step)) for w in PROFILES[template.profile]]
    if not any(months):
        months = [float(step) if w >= 1 else 0.0 for w in PROFILES[template.profile]]
    return months


class _Builder:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.categories = {c.code: c for c in Category.objects.all()}
        needed = {s.category for sc in SCENARIOS for specs in sc.items.values() for s in specs}
        needed |= {t.category for templates in TEMPLATES.values() for t in templates}
        needed |= {s.category for specs in EXTRA_ITEMS.values() for s in specs}
        needed.add(INSURANCE_SPEC.category)
        missing = sorted(needed - set(self.categories))
        if missing:
            raise DemoError(
                f"categories missing from the database: {', '.join(missing)} "
                "(run `manage.py migrate` then `manage.py taxonomy`)"
            )
        self.slugs = set(Organisation.objects.values_list("slug", flat=True))
        self.emails = {e.lower() for e in User.objects.values_list("email", flat=True)}
        self.items: list[InventoryItem] = []

    # organisations ----------------------------------------------------------------------
    def slug_for(self, name: str) -> str:
        base = slugify(_ascii(name))[:72] or "organisme"
        slug, n = base, 2
        while slug in self.slugs:
            slug, n = f"{base}-{n}", n + 1
        self.slugs.add(slug)
        return slug

    def organisation(self, org: Org) -> Organisation:
        place = locate(org.municipality, org.region)
        if place.municipality is None:
            raise DemoError(f"{org.municipality} is not a municipality of region {org.region}")
        return Organisation.objects.create(
            name=org.name,
            slug=self.slug_for(org.name),
            legal_kind=org.legal_kind,
            disciplines=list(org.disciplines),
            region=org.region,
            municipality=place.municipality.name,
            latitude=place.lat,
            longitude=place.lon,
            budget_band=org.budget_band,
            staff_fte=Decimal(str(org.staff_fte)),
            visibility=org.visibility,
            description=DESCRIPTIONS[org.archetype].format(
                at_place=place_with_preposition(place.municipality.name),
                of_place=place_with_preposition(place.municipality.name, "de"),
            ),
            is_demo=True,
        )

    # items ------------------------------------------------------------------------------
    def specs_for(self, org: Org) -> list[Spec]:
        specs = [s for scenario in SCENARIOS for s in scenario.items.get(org.key, ())]
        if org.key in INSURANCE_BUYERS:
            specs.append(INSURANCE_SPEC)
        specs.extend(EXTRA_ITEMS.get(org.key, ()))
        return specs

    def inventory(self, org: Org, organisation: Organisation) -> None:
        rng = self.rng
        specs = self.specs_for(org)
        target = min(MAX_ITEMS, max(rng.randint(MIN_ITEMS, MAX_ITEMS - 2), len(specs) + 1))
        used = {s.category for s in specs}
        for spec in specs:
            self.add(organisation, org, spec.category, spec.direction, list(spec.months),
                     spec.label, spec.how_done, spec.rate, spec.max_distance_km)  # fmt: skip
        templates = list(TEMPLATES[org.archetype])
        rng.shuffle(templates)
        for template in templates:
            if len(used) >= target:
                break
            if template.category in used:
                continue
            used.add(template.category)
            unit = self.categories[template.category].unit
            months = _months(template, unit, rng)
            self.add(organisation, org, template.category, template.direction, months,
                     template.label, template.how_done, None, None)  # fmt: skip

    def add(
        self,
        organisation: Organisation,
        org: Org,
        code: str,
        direction: str,
        months: list[float],
        label: str,
        how_done: str | None,
        rate: float | None,
        max_distance_km: int | None,
    ) -> None:
        rng = self.rng
        category = self.categories[code]
        human = category.kind == "human"
        if how_done is None:
            if direction == Direction.NEED:
                how_done = rng.choices(
                    [HowDone.FREELANCE, HowDone.NOT_DONE, HowDone.VOLUNTEER, HowDone.STAFF],
                    weights=[5, 2, 1.5, 1.5],
                )[0]
            elif direction == Direction.OFFER:
                how_done = HowDone.STAFF if human else HowDone.OWNED_ASSET
            else:
                how_done = HowDone.STAFF if human else HowDone.OWNED_ASSET
        yearly = category.standalone_rate * sum(months)
        cost: float | None
        if how_done == HowDone.NOT_DONE:
            cost = None
        elif how_done == HowDone.VOLUNTEER:
            cost = 0.0
        elif how_done == HowDone.OWNED_ASSET:
            cost = category.unit_cost * 12 * rng.uniform(0.3, 0.7)
        elif how_done == HowDone.STAFF:
            cost = yearly * rng.uniform(0.7, 0.95)
        else:
            cost = yearly * rng.uniform(0.85, 1.15)
        if direction == Direction.OFFER and rate is None:
            rate = round(category.standalone_rate * rng.uniform(0.55, 0.8))
        if how_done == HowDone.NOT_DONE:
            satisfaction = None
        elif direction == Direction.NEED:
            satisfaction = rng.choice([1, 2, 2, 3, 3, 4])
        else:
            satisfaction = rng.choice([3, 4, 4, 5])
        if max_distance_km is None:
            reach = REACH_BY_PROXIMITY[category.proximity_need] * REGION_REACH[org.region]
            max_distance_km = int(5 * round(reach / 5))
        specificity = rng.choices(["low", "medium", "high"], weights=[35, 45, 20])[0]
        self.items.append(
            InventoryItem(
                organisation=organisation,
                category=category,
                direction=direction,
                label=label,
                months=[float(q) for q in months],
                how_done=how_done,
                annual_cost=None if cost is None else Decimal(int(10 * round(cost / 10))),
                satisfaction=satisfaction,
                importance=category.support_or_core,
                confidentiality=category.confidentiality,
                specificity=specificity,
                max_distance_km=max_distance_km,
                rate=None if rate is None else Decimal(str(rate)),
                criticality=_criticality(category.support_or_core, direction, how_done),
            )
        )

    # people -----------------------------------------------------------------------------
    def email_for(self, first: str, last: str) -> str:
        base = slugify(_ascii(f"{first}.{last}").replace(".", "-dot-")).replace("-dot-", ".")
        email, n = f"{base}@{DEMO_EMAIL_DOMAIN}", 2
        while email in self.emails:
            email, n = f"{base}{n}@{DEMO_EMAIL_DOMAIN}", n + 1
        self.emails.add(email)
        return email

    def members(self, organisation: Organisation) -> list[tuple[User, str]]:
        rng = self.rng
        count = rng.choice([1, 1, 2, 2, 3])
        roles = [Role.OWNER, Role.EDITOR, Role.VIEWER][:count]
        people = []
        for role in roles:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            user = User(
                email=self.email_for(first, last), full_name=f"{first} {last}", is_active=True
            )
            user.username = user.email
            user.set_unusable_password()
            people.append((user, role))
        return people


def _demo_login(organisations: dict[str, Organisation]) -> tuple[User, list[Membership]]:
    from allauth.account.models import EmailAddress

    email = settings.DEMO_EMAIL
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(email=email, username=email)
    user.full_name = "Dominique Laroche (démo)"
    user.is_active = True
    user.set_password(settings.DEMO_PASSWORD)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    memberships = [
        Membership(user=user, organisation=organisations[DEMO_USER_OWNS], role=Role.OWNER),
        Membership(user=user, organisation=organisations[DEMO_USER_EDITS], role=Role.EDITOR),
    ]
    return user, memberships


@transaction.atomic
def demo_build(*, seed: int = DEFAULT_SEED) -> DemoSummary:
    """Create the demo region; DemoError if the demo is already there or the taxonomy is not.

    About 90 fictional organisations in six regions, each with 1-3 members and 6-12
    inventory items, plus the demo login (settings.DEMO_EMAIL / DEMO_PASSWORD, email
    verified) owning one organisation and editing another, with one contact request
    received and one sent (contacts.demo). One transaction.
    """
    if demo_exists():
        raise DemoError("the demo region is already there (use --reset to rebuild it)")
    builder = _Builder(seed)
    organisations: dict[str, Organisation] = {}
    people: list[tuple[User, Organisation, str]] = []
    for org in ORGANISATIONS:
        organisation = builder.organisation(org)
        organisations[org.key] = organisation
        builder.inventory(org, organisation)
        people.extend((u, organisation, role) for u, role in builder.members(organisation))
    User.objects.bulk_create([user for user, _, _ in people])
    created = {u.email: u for u in User.objects.filter(email__in=[u.email for u, _, _ in people])}
    memberships = [
        Membership(user=created[user.email], organisation=organisation, role=role)
        for user, organisation, role in people
    ]
    login_user, login_memberships = _demo_login(organisations)
    memberships.extend(login_memberships)
    Membership.objects.bulk_create(memberships)
    demo_contact_requests(
        organisations=organisations,
        login_organisation=organisations[DEMO_USER_OWNS],
        user=login_user,
    )
    for item in builder.items:
        item.full_clean(exclude=["organisation", "category"], validate_unique=False)
    InventoryItem.objects.bulk_create(builder.items)
    demo_project_build(organisations=organisations, login=login_user)
    demo_workshop_build(facilitator=login_user)
    return DemoSummary(
        organisations_by_region=dict(Counter(o.region for o in organisations.values())),
        items_by_direction=dict(Counter(str(i.direction) for i in builder.items)),
        users=len(people) + 1,
        memberships=len(memberships),
    )


def demo_digest() -> str:
    """A fingerprint of the demo's names, places and calendars (equal for equal demos)."""
    organisations = Organisation.objects.filter(is_demo=True).order_by("slug")
    items = (
        InventoryItem.objects.filter(organisation__is_demo=True)
        .select_related("organisation", "category")
        .order_by("organisation__slug", "category__code", "direction", "label")
    )
    members = Membership.objects.filter(organisation__is_demo=True).order_by(
        "organisation__slug", "user__email"
    )
    document = {
        "organisations": [
            [o.slug, o.name, o.region, o.municipality, o.latitude, o.longitude]
            for o in organisations
        ],
        "items": [
            [
                i.organisation.slug,
                i.category.code,
                i.direction,
                i.label,
                i.months,
                str(i.rate),
                str(i.annual_cost),
                i.max_distance_km,
            ]
            for i in items
        ],  # fmt: skip
        "members": [[m.organisation.slug, m.user.email, m.role] for m in members],
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _criticality(support_or_core: str, direction: str, how_done: str) -> str:
    """What a month's stop would cost, derived without the random draws (they stay the same).

    Core work done by the team is critical, other core work or staff-run support matters,
    the rest could wait; spare capacity offered to others is not critical to its owner.
    """
    if direction == Direction.OFFER:
        return "low"
    if support_or_core == "core":
        return "high" if how_done == HowDone.STAFF else "medium"
    return "medium" if how_done == HowDone.STAFF else "low"
