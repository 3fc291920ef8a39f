"""Organisation pages: directory, profile, members, invitations, the current organisation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutualiser.words.journey import journey_step

from . import services
from .forms import DirectoryFilterForm, InvitationForm, OrganisationForm, RoleForm
from .middleware import get_current_membership, set_current_organisation
from .models import Invitation, Membership
from .selectors import (
    Origin,
    add_distances,
    directory_origin,
    get_membership_for_editor,
    get_membership_for_member,
    get_membership_for_owner,
    get_organisation_for_viewer,
    invitation_find,
    invitation_pending_list,
    member_list,
    membership_get,
    organisation_directory,
    organisation_map_points,
    organisation_offers_and_needs,
)

DIRECTORY_PAGE_SIZE = 24


def _hx_redirect(request: HttpRequest, url: str) -> HttpResponse:
    """After a success: a plain redirect, or HX-Redirect for an HTMX request."""
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- Directory and profile ---------------------------------------------------------------


def _directory_filters(request: HttpRequest) -> tuple[DirectoryFilterForm, dict, Origin | None]:
    """The filter form read from the address, the filters it gives, the distances' origin."""
    current = get_current_membership(request)
    origin = directory_origin(current.organisation if current else None)
    form = DirectoryFilterForm(request.GET or None, can_measure_distance=origin is not None)
    filters = form.filters() if request.GET else {}
    return form, filters, origin


def _page_note(page, requested: str | None) -> str:
    """Say so when the address asked for a page that does not exist (the nearest one shows)."""
    if requested in (None, "") or requested == str(page.number):
        return ""
    return _("La page demandée n'existe pas : voici la page %(number)s.") % {"number": page.number}


@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """Organisations in the directory and the user's own, filtered, a page at a time.

    A visitor who is not signed in is told why the directory needs an account, and how to
    open one, rather than sent to a bare login form. The map fetches its points from
    `map_points` with the same filters.
    """
    if not request.user.is_authenticated:
        return render(request, "organisations/directory-signin.html")
    form, filters, origin = _directory_filters(request)
    organisations = organisation_directory(request.user, origin=origin, **filters)
    requested_page = request.GET.get("page")
    page = Paginator(organisations, DIRECTORY_PAGE_SIZE).get_page(requested_page)
    add_distances(page.object_list, origin)
    query = request.GET.copy()
    query.pop("page", None)
    query_string = query.urlencode()
    context = {
        "form": form,
        "page": page,
        "page_note": _page_note(page, requested_page),
        "ignored_filters": form.ignored() if request.GET else [],
        "filtered": any(value for value in filters.values()),
        "query_string": query_string,
        "origin": origin,
        "category_label": form.category_label(),
        "map_points_url": reverse("organisations:map-points")
        + (f"?{query_string}" if query_string else ""),
        "map_tiles_url": settings.MAP_TILES_URL,
        "map_tiles_attribution": settings.MAP_TILES_ATTRIBUTION,
    }
    template = "organisations/directory.html"
    if request.htmx and not request.htmx.boosted:
        template += "#directory-results"
    return render(request, template, context)


@login_required
@require_GET
def map_points(request: HttpRequest) -> JsonResponse:
    """The map's markers: the directory's organisations under the same filters (all pages).

    Each point is the organisation's municipality, rounded; nothing else of its profile.
    """
    _form, filters, origin = _directory_filters(request)
    organisations = organisation_directory(request.user, origin=origin, **filters)
    points = organisation_map_points(organisations)
    total = len(organisations) if isinstance(organisations, list) else organisations.count()
    return JsonResponse({"points": points, "total": total, "shown": len(points)})


@login_required
@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    """A profile: what the organisation offers and needs; its members see who belongs to it."""
    organisation = get_organisation_for_viewer(request.user, slug)
    membership = membership_get(request.user, organisation)
    current = get_current_membership(request)
    mine = current.organisation if current else None
    origin = directory_origin(mine) if mine and mine.pk != organisation.pk else None
    add_distances([organisation], origin)
    context = {
        "organisation": organisation,
        "membership": membership,
        "members": member_list(organisation) if membership else [],
        "offers_and_needs": organisation_offers_and_needs(organisation),
        "my_organisation": mine if mine and mine.pk != organisation.pk else None,
    }
    return render(request, "organisations/detail.html", context)


def _form_page(
    request: HttpRequest, form: OrganisationForm, template: str, context: dict
) -> HttpResponse:
    if request.htmx and request.method == "GET":
        template += "#municipality-field"
    return render(request, template, {"form": form, **context})


def _region_refresh(request: HttpRequest) -> bool:
    """The form asked only to reload the municipalities (the no-JavaScript fallback)."""
    return "refresh" in request.POST


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    """New organisation: its creator becomes its owner and works in it from now on."""
    if request.method == "POST":
        form = OrganisationForm(request.POST, refresh_url=request.path)
        if not _region_refresh(request) and form.is_valid():
            organisation = services.organisation_create(user=request.user, data=form.cleaned_data)
            set_current_organisation(request, membership_get(request.user, organisation))
            messages.success(
                request,
                _("Le profil de %(name)s est créé. Vous en êtes responsable.")
                % {"name": organisation.name},
            )
            return _hx_redirect(request, organisation.get_absolute_url())
        if _region_refresh(request):
            form.errors.clear()
    else:
        form = OrganisationForm(
            initial={"region": request.GET.get("region", "")}, refresh_url=request.path
        )
    context = {"organisation": None, "journey_step": journey_step("diagnose")}
    return _form_page(request, form, "organisations/form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    """Edit the profile (owners and editors)."""
    membership = get_membership_for_editor(request.user, slug)
    organisation = membership.organisation
    if request.method == "POST":
        form = OrganisationForm(request.POST, instance=organisation, refresh_url=request.path)
        if not _region_refresh(request) and form.is_valid():
            services.organisation_update(organisation=organisation, data=form.cleaned_data)
            messages.success(request, _("Profil enregistré."))
            return _hx_redirect(request, organisation.get_absolute_url())
        if _region_refresh(request):
            form.errors.clear()
    else:
        initial = {"region": request.GET["region"]} if "region" in request.GET else {}
        form = OrganisationForm(instance=organisation, initial=initial, refresh_url=request.path)
    return _form_page(request, form, "organisations/form.html", {"organisation": organisation})


# --- Members -----------------------------------------------------------------------------


def _members_context(request: HttpRequest, membership: Membership, **extra) -> dict:
    organisation = membership.organisation
    invitations = invitation_pending_list(organisation) if membership.is_owner else []
    return {
        "organisation": organisation,
        "membership": membership,
        "members": member_list(organisation),
        "invitations": [
            (invitation, request.build_absolute_uri(invitation.get_absolute_url()))
            for invitation in invitations
        ],
        "invite_form": InvitationForm(),
        "role_choices": RoleForm.base_fields["role"].choices,
        "invitation_days": settings.INVITATION_DAYS,
        **extra,
    }


@login_required
@require_GET
def members(request: HttpRequest, slug: str) -> HttpResponse:
    """Who belongs to the organisation; owners manage roles and invitations here."""
    membership = get_membership_for_member(request.user, slug)
    return render(request, "organisations/members.html", _members_context(request, membership))


def _other_membership(owner: Membership, membership_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        id=membership_id,
        organisation=owner.organisation,
    )


@login_required
@require_POST
def change_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    owner = get_membership_for_owner(request.user, slug)
    target = _other_membership(owner, membership_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            services.membership_change_role(membership=target, role=form.cleaned_data["role"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("%(person)s est maintenant %(role)s.")
                % {"person": target.user, "role": target.get_role_display().lower()},
            )
    return redirect("organisations:members", slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def remove_member(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    """Remove a member, after a confirmation page; never the last owner."""
    owner = get_membership_for_owner(request.user, slug)
    target = _other_membership(owner, membership_id)
    if target.id == owner.id:
        return redirect("organisations:leave", slug=slug)
    if request.method == "POST":
        try:
            services.membership_remove(membership=target)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                _("%(person)s ne fait plus partie de l'organisme.") % {"person": target.user},
            )
        return redirect("organisations:members", slug=slug)
    return render(
        request,
        "organisations/confirm-remove.html",
        {"organisation": owner.organisation, "target": target},
    )


@login_required
@require_http_methods(["GET", "POST"])
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    """A member leaves the organisation, after a confirmation page; not its last owner."""
    membership = get_membership_for_member(request.user, slug)
    organisation = membership.organisation
    if request.method == "POST":
        try:
            services.membership_remove(membership=membership)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect("organisations:members", slug=slug)
        messages.success(request, _("Vous avez quitté %(name)s.") % {"name": organisation.name})
        return redirect("home")
    return render(
        request,
        "organisations/confirm-leave.html",
        {"organisation": organisation, "membership": membership},
    )


# --- Invitations -------------------------------------------------------------------------


@login_required
@require_POST
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    """Invite a colleague by email (owners)."""
    owner = get_membership_for_owner(request.user, slug)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_create(
                organisation=owner.organisation,
                invited_by=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                base_url=request.build_absolute_uri("/"),
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("Invitation envoyée à %(email)s. Le lien est aussi ci-dessous, à copier.")
                % {"email": invitation.email},
            )
            return _hx_redirect(request, reverse("organisations:members", kwargs={"slug": slug}))
    context = _members_context(request, owner, invite_form=form)
    template = "organisations/members.html"
    if request.htmx:
        template += "#invite-form"
    return render(request, template, context)


@login_required
@require_POST
def revoke_invitation(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    owner = get_membership_for_owner(request.user, slug)
    invitation = get_object_or_404(
        Invitation, id=invitation_id, organisation=owner.organisation, accepted_at__isnull=True
    )
    services.invitation_revoke(invitation=invitation)
    messages.success(
        request,
        _("L'invitation de %(email)s est annulée : son lien ne fonctionne plus.")
        % {"email": invitation.email},
    )
    return redirect("organisations:members", slug=slug)


@login_required
@require_POST
def confirm_invitation_address(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    """An owner lets the account that asked accept an invitation sent to another address."""
    owner = get_membership_for_owner(request.user, slug)
    invitation = get_object_or_404(
        Invitation.objects.select_related("requested_by"),
        id=invitation_id,
        organisation=owner.organisation,
        accepted_at__isnull=True,
        requested_by__isnull=False,
    )
    try:
        services.invitation_confirm_address(invitation=invitation)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(person)s peut maintenant accepter l'invitation envoyée à %(email)s.")
            % {"person": invitation.requested_by, "email": invitation.email},
        )
    return redirect("organisations:members", slug=slug)


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    """The page an invitation's link opens: sign up or log in, then accept.

    Only the invited address may accept; another account asks the inviter first.
    """
    invitation = invitation_find(token)
    if invitation is None:
        # A 404 all the same (a guessed token learns nothing), with what to do next.
        return render(request, "organisations/invitation-unknown.html", status=404)
    membership = membership_get(request.user, invitation.organisation)
    if request.method == "POST" and request.user.is_authenticated:
        if request.POST.get("action") == "request":
            try:
                services.invitation_request_address(
                    invitation=invitation,
                    user=request.user,
                    base_url=request.build_absolute_uri("/"),
                )
            except ValidationError:
                pass
            invitation.refresh_from_db()
        else:
            try:
                membership = services.invitation_accept(invitation=invitation, user=request.user)
            except ValidationError:
                invitation.refresh_from_db()
            else:
                set_current_organisation(request, membership)
                messages.success(
                    request,
                    _("Bienvenue dans %(name)s !") % {"name": invitation.organisation.name},
                )
                return redirect(invitation.organisation.get_absolute_url())
    addressed = request.user.is_authenticated and services.invitation_is_for(
        invitation=invitation, user=request.user
    )
    asked = (
        request.user.is_authenticated
        and not addressed
        and invitation.requested_by_id == request.user.pk
    )
    context = {
        "invitation": invitation,
        "membership": membership,
        "next": request.path,
        "addressed": addressed,
        "asked": asked,
    }
    return render(request, "organisations/invitation.html", context)


# --- Current organisation ----------------------------------------------------------------


@login_required
@require_POST
def switch(request: HttpRequest) -> HttpResponse:
    """Work in another of the user's organisations (the header's switcher)."""
    membership = get_membership_for_member(request.user, request.POST.get("organisation", ""))
    set_current_organisation(request, membership)
    messages.info(
        request,
        _("Vous travaillez maintenant pour %(name)s.") % {"name": membership.organisation.name},
    )
    return redirect(_safe_next(request, reverse("home")))
