"""Reads about organisations, shared by views, the API and the middleware."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse

from mutualiser.diagnostic.models import Category, Direction, InventoryItem
from mutualiser.places.loader import haversine_km, locate, municipalities_in, normalise_name

from .choices import Region, Role, Visibility
from .models import Invitation, Membership, Organisation


def membership_list(user) -> QuerySet[Membership]:
    """The user's memberships, with their organisations, by organisation name."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return Membership.objects.filter(user=user).select_related("organisation")


def membership_get(user, organisation: Organisation) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def get_membership_for_member(user, slug: str) -> Membership:
    """The user's membership in the organisation `slug`, or 404 (never 403: no leak)."""
    if not user.is_authenticated:
        raise Http404
    return get_object_or_404(
        Membership.objects.select_related("organisation"), user=user, organisation__slug=slug
    )


def organisation_visible_list(user) -> QuerySet[Organisation]:
    """Organisations a user may see: the directory, the user's own, and those visible to
    workshop participants that sat in a workshop with one of the user's organisations.

    Subqueries, not joins: each organisation comes once without DISTINCT, which the
    directory's count and every page that lists organisations would pay for.
    """
    directory = Q(visibility=Visibility.DIRECTORY)
    if not user.is_authenticated:
        return Organisation.objects.filter(directory).none()
    own = Q(pk__in=Membership.objects.filter(user=user).values("organisation_id"))
    return Organisation.objects.filter(directory | own | _met_in_a_workshop(user))


def organisation_met_list(user) -> QuerySet[Organisation]:
    """Organisations with the visibility "workshop participants" that the user's
    organisations met in a workshop (both sat in it); no others."""
    return Organisation.objects.filter(_met_in_a_workshop(user))


def _met_in_a_workshop(user) -> Q:
    from mutualiser.workshops.selectors import organisations_met_in_workshops

    return Q(visibility=Visibility.WORKSHOP, pk__in=organisations_met_in_workshops(user))


def get_organisation_for_viewer(user, slug: str) -> Organisation:
    """An organisation's profile if the user may see it, else 404."""
    return get_object_or_404(organisation_visible_list(user), slug=slug)


def get_membership_for_editor(user, slug: str) -> Membership:
    """The user's membership if they may edit the organisation `slug` (owner, editor), else 404."""
    membership = get_membership_for_member(user, slug)
    if not membership.can_edit:
        raise Http404
    return membership


def get_membership_for_owner(user, slug: str) -> Membership:
    """The user's membership if they own the organisation `slug`, else 404."""
    membership = get_membership_for_member(user, slug)
    if not membership.is_owner:
        raise Http404
    return membership


def member_list(organisation: Organisation) -> QuerySet[Membership]:
    """The organisation's members: owners first, then by name."""
    role_order = Case(
        When(role=Role.OWNER, then=Value(0)),
        When(role=Role.EDITOR, then=Value(1)),
        default=Value(2),
    )
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by(role_order, "user__full_name", "user__email")
    )


def invitation_pending_list(organisation: Organisation) -> QuerySet[Invitation]:
    """Invitations not yet accepted (expired ones included, so that they can be revoked)."""
    return Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True
    ).select_related("invited_by", "requested_by")


# Distances the directory offers to filter by, in km.
DIRECTORY_DISTANCES = (10, 25, 50, 100, 250)
# Decimals kept on the map: the municipality's point, about 1 km, never a street address.
MAP_DECIMALS = 2
MAP_POINTS_MAX = 5000
KM_PER_DEGREE_LATITUDE = 111.2
QUEBEC_CENTRE = (46.8, -71.2)


@dataclass(frozen=True, slots=True)
class Origin:
    """Where distances are measured from: the member's current organisation."""

    name: str
    lat: float
    lon: float


@lru_cache(maxsize=4096)
def place_of(municipality: str, region: str) -> tuple[float, float]:
    """(lat, lon) of the municipality, else of the region's centre, from the places data.

    Never the stored coordinates: a point set by hand (an import, the admin) could be an
    exact address, and it must not reach another organisation's screen, not even as a
    distance (distances from several origins would give the point away).
    """
    try:
        location = locate(municipality or None, region)
    except ValueError:  # a region code the places data does not know: the centre of Québec
        return QUEBEC_CENTRE
    return (location.lat, location.lon)


def directory_origin(organisation: Organisation | None) -> Origin | None:
    """The point distances are measured from, or None without a current organisation."""
    if organisation is None:
        return None
    lat, lon = organisation.latitude, organisation.longitude
    if lat is None or lon is None:
        lat, lon = place_of(organisation.municipality, organisation.region)
    return Origin(name=organisation.name, lat=lat, lon=lon)


def _within_bounding_box(
    organisations: QuerySet[Organisation], origin: Origin, km: float
) -> QuerySet[Organisation]:
    """A cheap first cut in SQL: the square around the origin that contains the circle."""
    lat_span = km / KM_PER_DEGREE_LATITUDE
    lon_span = km / (KM_PER_DEGREE_LATITUDE * max(math.cos(math.radians(origin.lat)), 0.01))
    return organisations.filter(
        latitude__range=(origin.lat - lat_span, origin.lat + lat_span),
        longitude__range=(origin.lon - lon_span, origin.lon + lon_span),
    )


def _offering_or_needing(
    organisations: QuerySet[Organisation], category: str, direction: str
) -> QuerySet[Organisation]:
    """Organisations with an item offered or needed (in this category, when given).

    With a category, `offers_it` and `needs_it` say which, for the cards to show.
    """
    directions = [direction] if direction else [Direction.OFFER, Direction.NEED]
    items = InventoryItem.objects.filter(organisation=OuterRef("pk"), direction__in=directions)
    if not category:
        return organisations.filter(Exists(items))
    items = items.filter(category__code=category)
    in_category = InventoryItem.objects.filter(organisation=OuterRef("pk"), category__code=category)
    return organisations.filter(Exists(items)).annotate(
        offers_it=Exists(in_category.filter(direction=Direction.OFFER)),
        needs_it=Exists(in_category.filter(direction=Direction.NEED)),
    )


def organisation_directory(
    user,
    *,
    region: str = "",
    discipline: str = "",
    legal_kind: str = "",
    query: str = "",
    category: str = "",
    direction: str = "",
    within_km: int | None = None,
    origin: Origin | None = None,
) -> QuerySet[Organisation] | list[Organisation]:
    """The directory as `user` sees it, filtered; `is_mine` marks the user's own organisations.

    Disciplines are a JSON list; matching the quoted code in its text works on SQLite and
    PostgreSQL alike (codes are never quoted inside one another). With `within_km` and an
    `origin`, the answer is a list, nearest first, each with `distance_km`: the database cuts
    a square around the origin, the exact great-circle distance is computed here.
    """
    organisations = organisation_visible_list(user).annotate(
        is_mine=Exists(Membership.objects.filter(user_id=user.pk, organisation=OuterRef("pk")))
    )
    if region:
        organisations = organisations.filter(region=region)
    if discipline:
        organisations = organisations.filter(disciplines__icontains=f'"{discipline}"')
    if legal_kind:
        organisations = organisations.filter(legal_kind=legal_kind)
    if query:
        organisations = organisations.filter(
            Q(name__icontains=query) | Q(municipality__icontains=query)
        )
    if category or direction:
        organisations = _offering_or_needing(organisations, category, direction)
    organisations = organisations.order_by("name", "id")
    if within_km is None or origin is None:
        return organisations
    nearby = []
    for organisation in _within_bounding_box(organisations, origin, within_km):
        organisation.distance_km = distance_from(origin, organisation)
        if organisation.distance_km <= within_km:
            nearby.append(organisation)
    return sorted(nearby, key=lambda o: (o.distance_km, o.name, o.id))


def distance_from(origin: Origin, organisation: Organisation) -> float:
    """Km from the origin to the organisation's municipality (see `place_of`)."""
    lat, lon = place_of(organisation.municipality, organisation.region)
    return haversine_km(origin.lat, origin.lon, lat, lon)


def add_distances(organisations, origin: Origin | None) -> None:
    """Set `distance_km` on each organisation (a page of the directory), when there is an origin."""
    if origin is None:
        return
    for organisation in organisations:
        if getattr(organisation, "distance_km", None) is None:
            organisation.distance_km = distance_from(origin, organisation)


def organisation_map_points(organisations) -> list[dict]:
    """What the map shows of each listed organisation: its name, profile, municipality.

    The point is the municipality's (or the region's centre), rounded to about a kilometre.
    Rows are read as plain values and places worked out once per municipality: a region's
    directory has thousands of organisations in a few hundred places.
    """
    fields = ("name", "slug", "municipality", "region", "is_mine")
    if isinstance(organisations, list):
        rows = [{f: getattr(o, f, False) for f in fields} for o in organisations]
    else:
        rows = organisations.values(*fields)
    profile = reverse("organisations:detail", kwargs={"slug": "slug"}).removesuffix("slug/")
    places: dict[tuple[str, str], tuple[float, float]] = {}
    regions = dict(Region.choices)
    points = []
    for row in rows[:MAP_POINTS_MAX]:
        key = (row["municipality"], row["region"])
        if key not in places:
            lat, lon = place_of(*key)
            places[key] = (round(lat, MAP_DECIMALS), round(lon, MAP_DECIMALS))
        point = {
            "name": row["name"],
            "url": f"{profile}{row['slug']}/",
            "place": row["municipality"] or str(regions.get(row["region"], "")),
            "lat": places[key][0],
            "lon": places[key][1],
        }
        if row["is_mine"]:
            point["mine"] = True
        points.append(point)
    return points


def organisation_offers_and_needs(organisation: Organisation) -> dict[str, list]:
    """The categories the organisation offers and needs, grouped by family (categories only).

    Nothing else of an item (label, quantities, costs, notes) is read: callers cannot leak it.
    Returns {"offer": [(family, [category, ...]), ...], "need": [...]}, in taxonomy order.
    """
    grouped: dict[str, list] = {Direction.OFFER: [], Direction.NEED: []}
    for direction in grouped:
        categories = (
            Category.objects.filter(items__organisation=organisation, items__direction=direction)
            .select_related("family")
            .distinct()
            .order_by("family__order", "family__code", "order", "code")
        )
        for category in categories:
            families = grouped[direction]
            if not families or families[-1][0].pk != category.family_id:
                families.append((category.family, []))
            families[-1][1].append(category)
    return {"offer": grouped[Direction.OFFER], "need": grouped[Direction.NEED]}


def invitation_find(token: str) -> Invitation | None:
    """The invitation with this token, or None (unknown, mistyped or revoked)."""
    return (
        Invitation.objects.select_related("organisation", "invited_by").filter(token=token).first()
    )


def municipality_names(region: str) -> list[str]:
    """Names of the region's municipalities, alphabetical (accents ignored); [] if no region."""
    try:
        municipalities = municipalities_in(region)
    except ValueError:
        return []
    names = {m.name for m in municipalities}
    return sorted(names, key=normalise_name)
