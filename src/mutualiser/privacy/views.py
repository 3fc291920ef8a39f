"""The privacy page, my data (export), and the deletion of an account or an organisation."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from mutualiser.contacts.rules import EXPIRE_AFTER_DAYS, REMIND_AFTER_DAYS
from mutualiser.organisations.choices import Visibility
from mutualiser.organisations.selectors import get_membership_for_owner

from . import selectors, services
from .export import export_zip, owned_organisations
from .forms import ConfirmNameForm, ConfirmPasswordForm


@require_GET
def policy(request: HttpRequest) -> HttpResponse:
    """What Mutualiser keeps, why, who sees it, for how long, and whom to ask."""
    context = {
        "officer_name": settings.PRIVACY_OFFICER_NAME,
        "officer_email": settings.PRIVACY_OFFICER_EMAIL,
        "invitation_days": settings.INVITATION_DAYS,
        "remind_days": REMIND_AFTER_DAYS,
        "expire_days": EXPIRE_AFTER_DAYS,
        "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "session_days": settings.SESSION_COOKIE_AGE // 86400,
        "visibilities": Visibility.choices,
    }
    return render(request, "privacy/policy.html", context)


@login_required
@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """My data: the export, and the ways to delete my account or an organisation I own."""
    return render(
        request,
        "privacy/mine.html",
        {"owned": owned_organisations(request.user)},
    )


@never_cache
@login_required
@require_GET
def export(request: HttpRequest) -> StreamingHttpResponse:
    """A ZIP of JSON and CSV files, sent while it is written."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    response = StreamingHttpResponse(
        export_zip(request.user, language=language), content_type="application/zip"
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mutualiser-{day}.zip"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    """Delete my account after the page named what goes and what stays, and my password."""
    user = request.user
    form = ConfirmPasswordForm(request.POST or None, user=user)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_delete(user=user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            logout(request)
            messages.success(
                request, _("Votre compte est supprimé. Merci d'avoir utilisé Mutualiser.")
            )
            return redirect("home")
    summary = selectors.account_deletion_summary(user)
    context = {
        "form": form,
        "summary": summary,
        "refused": services.is_demo_account(user) or summary.blocking,
        "demo_refusal": services.DEMO_REFUSAL if services.is_demo_account(user) else "",
    }
    return render(request, "privacy/delete-account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def delete_organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """An owner deletes the organisation after typing its name; others get a 404."""
    membership = get_membership_for_owner(request.user, slug)
    organisation = membership.organisation
    form = ConfirmNameForm(request.POST or None, expected=organisation.name)
    if request.method == "POST" and form.is_valid():
        name = organisation.name
        try:
            services.organisation_delete(organisation=organisation)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(name)s est supprimé.") % {"name": name})
            return redirect("privacy:mine")
    summary = selectors.organisation_deletion_summary(organisation)
    return render(
        request,
        "privacy/delete-organisation.html",
        {
            "organisation": organisation,
            "form": form,
            "summary": summary,
            "demo_refusal": services.DEMO_REFUSAL if organisation.is_demo else "",
        },
    )
