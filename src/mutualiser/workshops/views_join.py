"""Participant pages (`join/`): a phone joins with the code, as its organisation or as a guest,
then follows the phase the facilitator drives. The seat lives in the session, so a guest
needs no account; without a seat in this workshop nothing of it is shown."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from mutualiser.diagnostic.models import Direction as InventoryDirection
from mutualiser.diagnostic.models import InventoryItem
from mutualiser.diagnostic.selectors import family_list_with_categories
from mutualiser.organisations.selectors import membership_get, membership_list

from . import services
from .forms import (
    ClaimForm,
    CodeForm,
    CommitmentForm,
    GuestForm,
    ObstacleForm,
    parse_quick_inventory,
)
from .models import Phase
from .presenters import (
    board_etag,
    board_rows,
    not_modified,
    not_modified_response,
    quick_inventory_html,
    vote_keys,
    with_etag,
)
from .selectors import participant_list, remember_participant, seat_for_code
from .to_project import project_from_opportunity


@require_GET
def enter_code(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("join:room", code=services.normalise_code(form.cleaned_data["code"]))
    return render(request, "workshops/join_code.html", {"form": form})


def _seat(request: HttpRequest, code: str):
    """The workshop and this browser's seat in it, or 404."""
    participant = seat_for_code(request, services.normalise_code(code))
    if participant is None:
        raise Http404
    return participant.workshop, participant


def room(request: HttpRequest, code: str) -> HttpResponse:
    participant = seat_for_code(request, services.normalise_code(code))
    if participant is not None:
        return _participant_page(request, participant.workshop, participant)
    return _join(request, code)


def _join(request: HttpRequest, code: str) -> HttpResponse:
    try:
        workshop = services.workshop_for_joining(code=code)
    except ValidationError as error:
        form = CodeForm(initial={"code": services.normalise_code(code)})
        context = {"form": form, "problem": " ".join(error.messages)}
        return render(request, "workshops/join_code.html", context, status=404)
    memberships = (
        list(membership_list(request.user).select_related("organisation"))
        if request.user.is_authenticated
        else []
    )
    guest_form = GuestForm(request.POST if request.POST.get("as") == "guest" else None)
    if request.method == "POST":
        participant = None
        if request.POST.get("as") == "guest" and guest_form.is_valid():
            participant = services.participant_join_as_guest(
                workshop=workshop, **guest_form.cleaned_data
            )
        elif request.POST.get("as") == "organisation":
            chosen = request.POST.get("organisation", "")
            membership = next((m for m in memberships if str(m.organisation_id) == chosen), None)
            if membership is None:
                messages.error(request, _("Choisissez l'un de vos organismes."))
            else:
                participant = services.participant_join_as_organisation(
                    workshop=workshop, organisation=membership.organisation, user=request.user
                )
        if participant is not None:
            remember_participant(request, participant)
            return redirect("join:room", code=workshop.code)
    context = {"workshop": workshop, "memberships": memberships, "guest_form": guest_form}
    status = 400 if request.method == "POST" else 200
    return render(request, "workshops/join.html", context, status=status)


def _inventory_rows(participant, families):
    """For each category: what the participant ticked here, or its own inventory to start."""
    saved = {(i.category_id, i.direction): i for i in participant.items.all()}
    start = {}
    if not saved and participant.organisation_id:
        own = InventoryItem.objects.filter(
            organisation_id=participant.organisation_id,
            direction__in=[InventoryDirection.NEED, InventoryDirection.OFFER],
        )
        for item in own:
            months = [float(q) for q in item.months]
            quantity = round(max(months or [0]))
            if quantity > 0:
                start[(item.category_id, item.direction)] = (quantity, services.season_of(months))
    values = {k: (i.quantity, i.season) for k, i in saved.items()} or start
    rows = []
    for family in families:
        categories = []
        for category in family.categories.all():
            need = values.get((category.pk, "need"))
            offer = values.get((category.pk, "offer"))
            first = need or offer
            categories.append(
                {
                    "category": category,
                    "need": need is not None,
                    "offer": offer is not None,
                    "quantity": _plain(first[0]) if first else "",
                    "season": first[1] if first else "year",
                }
            )
        ticked = sum(1 for c in categories if c["need"] or c["offer"])
        rows.append({"family": family, "categories": categories, "ticked": ticked})
    return rows, bool(start) and not saved


def _items_to_copy(request, participant) -> int:
    """How many of the seat's items the signed-in editor could copy into its inventory."""
    if participant.is_guest or not request.user.is_authenticated:
        return 0
    membership = membership_get(request.user, participant.organisation)
    if membership is None or not membership.can_edit:
        return 0
    return len(services.items_to_copy(participant=participant))


def _card_choices(workshop, people) -> list[tuple[str, str]]:
    """The opportunities an obstacle card may be about, labelled as the board shows them."""
    if workshop.phase != Phase.OBSTACLES:
        return []
    return [
        (row.key, f"{row.category} · {' + '.join(row.names)}")
        for row in board_rows(workshop, people=people)
    ]


def _plain(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _participant_page(request, workshop, participant, *, status=200, **extra) -> HttpResponse:
    families = family_list_with_categories()
    people = list(participant_list(workshop))
    seasons = [
        ("year", _("Toute l'année")),
        ("summer", _("L'été (mai à septembre)")),
        ("winter", _("L'hiver (octobre à avril)")),
    ]
    can_edit_inventory = not workshop.is_closed and workshop.phase in services.INVENTORY_PHASES
    inventory_rows, from_own = (
        _inventory_rows(participant, families) if can_edit_inventory else ([], False)
    )
    context = {
        "workshop": workshop,
        "participant": participant,
        "inventory_html": quick_inventory_html(inventory_rows, seasons)
        if can_edit_inventory
        else "",
        "from_own_inventory": from_own,
        "can_edit_inventory": can_edit_inventory,
        "obstacle_form": ObstacleForm(opportunities=_card_choices(workshop, people)),
        "commitment_form": CommitmentForm(),
        "my_obstacles": participant.obstacles.all(),
        "my_commitments": participant.commitments.all(),
        "dots": services.DOTS_PER_PARTICIPANT,
        "dots_used": participant.votes.count(),
        "can_propose": not workshop.is_closed and workshop.phase in services.PROPOSAL_PHASES,
        "others": [
            (p.pk, p.label(anonymous=workshop.anonymous)) for p in people if p.pk != participant.pk
        ],
        "categories": [c for f in families for c in f.categories.all()],
        "claim_form": ClaimForm() if participant.is_guest else None,
        "items_to_copy": _items_to_copy(request, participant),
    }
    context |= _board_context(workshop, participant, people=people)
    context |= extra
    return render(request, "workshops/room.html", context, status=status)


def _state(workshop) -> str:
    return f"{workshop.phase}-closed" if workshop.is_closed else workshop.phase


def _board_context(workshop, participant, *, people=None) -> dict:
    return {
        "state": _state(workshop),
        "project_form": workshop.phase == Phase.NEXT_STEPS
        and not workshop.is_closed
        and not participant.is_guest,
        "workshop": workshop,
        "participant": participant,
        "rows": board_rows(workshop, participant=participant, people=people),
        "vote_form": workshop.phase == Phase.VOTE and not workshop.is_closed,
    }


@require_POST
def inventory(request: HttpRequest, code: str) -> HttpResponse:
    workshop, participant = _seat(request, code)
    categories = [c for f in family_list_with_categories() for c in f.categories.all()]
    entries, problems = parse_quick_inventory(request.POST, categories)
    if not problems:
        try:
            count = services.quick_inventory_save(participant=participant, entries=entries)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(
                request, _("Inventaire envoyé : %(count)s éléments.") % {"count": count}
            )
            return redirect("join:room", code=workshop.code)
    for problem in problems:
        messages.error(request, problem)
    return _participant_page(request, workshop, participant, status=400)


@require_GET
def board(request: HttpRequest, code: str) -> HttpResponse:
    workshop, participant = _seat(request, code)
    if request.GET.get("state", _state(workshop)) != _state(workshop):
        # The facilitator moved to another phase: the phone reloads to show its form.
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    etag = board_etag(workshop, viewer=f"p{participant.pk}")
    if not_modified(request, etag):
        return not_modified_response(etag)
    response = render(request, "workshops/room.html#board", _board_context(workshop, participant))
    return with_etag(response, etag)


def _post_action(request, code, action) -> HttpResponse:
    workshop, participant = _seat(request, code)
    try:
        action(workshop, participant)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("join:room", code=workshop.code)


@require_POST
def obstacle(request: HttpRequest, code: str) -> HttpResponse:
    def add(workshop, participant):
        form = ObstacleForm(request.POST, opportunities=_card_choices(workshop, None))
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        services.obstacle_add(participant=participant, **form.cleaned_data)
        messages.success(request, _("Carte ajoutée."))

    return _post_action(request, code, add)


@require_POST
def vote(request: HttpRequest, code: str) -> HttpResponse:
    def toggle(workshop, participant):
        keys = vote_keys(workshop)
        services.vote_toggle(
            participant=participant,
            opportunity=request.POST.get("opportunity", "")[:400],
            board_keys=keys,
        )

    return _post_action(request, code, toggle)


@require_POST
def project(request: HttpRequest, code: str) -> HttpResponse:
    workshop, participant = _seat(request, code)
    try:
        started = project_from_opportunity(
            participant=participant,
            opportunity=request.POST.get("opportunity", "")[:400],
            user=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("join:room", code=workshop.code)
    messages.success(request, _("Projet démarré avec les obstacles de la salle dans ses risques."))
    return redirect(started.get_absolute_url())


@require_POST
def propose(request: HttpRequest, code: str) -> HttpResponse:
    def add(workshop, participant):
        try:
            partner_pk = int(request.POST.get("partner", ""))
            category_pk = int(request.POST.get("category", ""))
        except ValueError:
            raise ValidationError(
                _("Choisissez un autre participant de la salle et une catégorie.")
            ) from None
        services.proposal_add(
            participant=participant,
            partner_pk=partner_pk,
            category_pk=category_pk,
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Occasion proposée : elle entre au vote."))

    return _post_action(request, code, add)


@require_POST
def claim(request: HttpRequest, code: str) -> HttpResponse:
    """A guest, now signed in, turns its seat into its organisation's profile."""
    workshop, participant = _seat(request, code)
    form = ClaimForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choisissez la région et la forme juridique de l'organisme."))
        return redirect("join:room", code=workshop.code)
    try:
        organisation = services.guest_claim(
            participant=participant, user=request.user, **form.cleaned_data
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("join:room", code=workshop.code)
    messages.success(
        request,
        _("Le profil de %(name)s est créé ; ce que vous avez entré ici reste dans l'atelier.")
        % {"name": organisation.name},
    )
    return redirect("join:room", code=workshop.code)


@require_POST
def copy_items(request: HttpRequest, code: str) -> HttpResponse:
    """The organisation's seat copies its quick inventory into the organisation's inventory."""

    def copy(workshop, participant):
        copied = services.workshop_items_copy_to_inventory(
            participant=participant, user=request.user
        )
        messages.success(
            request,
            ngettext(
                "%(count)s élément copié dans l'inventaire de %(name)s.",
                "%(count)s éléments copiés dans l'inventaire de %(name)s.",
                copied,
            )
            % {"count": copied, "name": participant.organisation.name},
        )

    return _post_action(request, code, copy)


@require_POST
def commit(request: HttpRequest, code: str) -> HttpResponse:
    def add(workshop, participant):
        form = CommitmentForm(request.POST)
        if not form.is_valid():
            raise ValidationError([m for errors in form.errors.values() for m in errors])
        services.commitment_add(participant=participant, **form.cleaned_data)
        messages.success(request, _("Engagement noté."))

    return _post_action(request, code, add)
