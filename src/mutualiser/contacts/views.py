"""Contact requests pages: the list, a new request, one request and its thread, notifications.

A request is seen by the members of the inviting and the invited organisations only; anybody
else gets 404 (`get_request_for_member`). Owners and editors act, viewers read.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mutualiser.organisations.middleware import get_current_membership

from . import services
from .forms import ContactRequestForm, DeclineForm, MessageForm
from .rules import DECLINE_COOLDOWN_DAYS, EXPIRE_AFTER_DAYS, MAX_PENDING_SENT, MAX_RECIPIENTS
from .selectors import (
    RequestAccess,
    contact_request_received_list,
    contact_request_sent_list,
    get_request_for_editor,
    get_request_for_member,
    notification_list,
)


def _hx_redirect(request: HttpRequest, url: str) -> HttpResponse:
    if request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The current organisation's requests: received (those waiting first), then sent."""
    membership = get_current_membership(request)
    context = {"membership": membership, "section": "requests"}
    if membership is not None:
        organisation = membership.organisation
        context |= {
            "received": contact_request_received_list(organisation),
            "sent": contact_request_sent_list(organisation),
        }
    return render(request, "contacts/index.html", context)


def _preview_recipients(request: HttpRequest, sender, slugs: list[str]):
    """The organisations the page will invite, and why the others were left out."""
    unique = list(dict.fromkeys(s.strip() for s in slugs if s and s.strip()))
    if len(unique) > MAX_RECIPIENTS:
        try:
            services.resolve_recipients(sender=sender, user=request.user, slugs=unique)
        except ValidationError as error:
            return [], error.messages
    recipients, problems = [], []
    for slug in unique:
        try:
            recipients += services.resolve_recipients(
                sender=sender, user=request.user, slugs=[slug]
            )
        except ValidationError as error:
            problems += error.messages
    return recipients, problems


FIELD_OF_CODE = {
    "message_empty": "message",
    "message_too_long": "message",
    "first_step_empty": "first_step",
    "first_step_too_long": "first_step",
    "trial": "trial_months",
}


def _place_errors(form: ContactRequestForm, error: ValidationError) -> list[str]:
    """Put the service's refusals next to their field; return the others for the summary."""
    others = []
    for item in error.error_list:
        field = FIELD_OF_CODE.get(item.code or "")
        if field:
            form.add_error(field, item)
        else:
            others.extend(item.messages)
    return others


@login_required
@require_http_methods(["GET", "POST"])
def new(request: HttpRequest) -> HttpResponse:
    """Invite one or several organisations (`?to=<slug>&to=<slug>&category=<code>`)."""
    membership = get_current_membership(request)
    context: dict = {
        "membership": membership,
        "max_recipients": MAX_RECIPIENTS,
        "max_pending": MAX_PENDING_SENT,
        "cooldown_days": DECLINE_COOLDOWN_DAYS,
    }
    if membership is None or not membership.can_edit:
        return render(request, "contacts/new.html", context)
    sender = membership.organisation
    data = request.POST if request.method == "POST" else request.GET
    slugs = data.getlist("to")
    category = services.category_for(data.get("category") or "")
    errors: list[str] = []
    if request.method == "POST":
        form = ContactRequestForm(request.POST)
        if form.is_valid():
            try:
                sent = services.contact_request_send(
                    sender=sender,
                    user=request.user,
                    recipient_slugs=slugs,
                    message=form.cleaned_data["message"],
                    first_step=form.cleaned_data["first_step"],
                    trial_months=form.cleaned_data["trial_months"],
                    category_code=category.code if category else "",
                )
            except ValidationError as error:
                errors = _place_errors(form, error)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Demande envoyée à %(names)s. Ses membres sont prévenus par courriel.",
                        "Demandes envoyées à %(names)s. Leurs membres sont prévenus par courriel.",
                        len(sent),
                    )
                    % {"names": ", ".join(r.recipient.name for r in sent)},
                )
                target = sent[0].get_absolute_url() if len(sent) == 1 else reverse("contacts:index")
                return _hx_redirect(request, target)
        # the organisations the page offered stay listed, even those unchecked before sending
        offered = request.POST.getlist("offered")[:MAX_RECIPIENTS] + slugs
        recipients, _problems = _preview_recipients(request, sender, offered)
    else:
        initial = {"category": category.code if category else ""}
        form = ContactRequestForm(initial=initial)
        recipients, errors = _preview_recipients(request, sender, slugs)
    context |= {
        "form": form,
        "sender": sender,
        "recipients": recipients,
        "chosen": set(slugs),
        "category": category,
        "errors": errors,
    }
    return render(request, "contacts/new.html", context)


def _detail_context(access: RequestAccess, **extra) -> dict:
    request = access.request
    return {
        "access": access,
        "expires_on": request.created_at + timedelta(days=EXPIRE_AFTER_DAYS),
        "expire_days": EXPIRE_AFTER_DAYS,
        "contact": request,
        "thread": request.messages.select_related("author", "organisation"),
        "message_form": MessageForm(),
        "decline_form": DeclineForm(),
        "section": "requests",
        **extra,
    }


@login_required
@require_GET
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One request, its answer and its thread; opening it marks its notifications read."""
    access = get_request_for_member(request.user, pk)
    services.notifications_mark_read(user=request.user, request=access.request)
    return render(request, "contacts/detail.html", _detail_context(access))


def _act(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    access = get_request_for_editor(request.user, pk)
    try:
        action(access)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, success % {"name": access.other_organisation.name})
    return _hx_redirect(request, access.request.get_absolute_url())


@login_required
@require_POST
def accept(request: HttpRequest, pk: int) -> HttpResponse:
    def action(access: RequestAccess) -> None:
        if not access.is_recipient:
            raise ValidationError(_("Seul l'organisme invité peut accepter la demande."))
        services.contact_request_accept(request=access.request, user=request.user)

    return _act(
        request,
        pk,
        action,
        _("Demande acceptée : %(name)s est prévenu. Convenez du premier pas dans le fil."),
    )


@login_required
@require_POST
def decline(request: HttpRequest, pk: int) -> HttpResponse:
    form = DeclineForm(request.POST)
    form.is_valid()

    def action(access: RequestAccess) -> None:
        if not access.is_recipient:
            raise ValidationError(_("Seul l'organisme invité peut décliner la demande."))
        services.contact_request_decline(
            request=access.request,
            user=request.user,
            reason=form.cleaned_data.get("reason", ""),
        )

    return _act(request, pk, action, _("Demande déclinée : %(name)s est prévenu."))


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    def action(access: RequestAccess) -> None:
        if access.is_recipient:
            raise ValidationError(_("Seul l'organisme qui invite peut retirer la demande."))
        services.contact_request_withdraw(request=access.request, user=request.user)

    return _act(request, pk, action, _("Demande à %(name)s retirée."))


@login_required
@require_POST
def post_message(request: HttpRequest, pk: int) -> HttpResponse:
    """Write in the thread; HTMX gets the thread back, otherwise the page is reloaded."""
    access = get_request_for_editor(request.user, pk)
    form = MessageForm(request.POST)
    form.is_valid()
    try:
        services.request_message_post(
            request=access.request,
            user=request.user,
            organisation=access.own_organisation,
            body=form.cleaned_data.get("body", ""),
        )
    except ValidationError as error:
        form.add_error("body", error)
        status_ok = False
    else:
        form = MessageForm()
        status_ok = True
    if request.htmx:
        access.request.refresh_from_db()
        context = _detail_context(access, message_form=form)
        return render(request, "contacts/detail.html#thread", context)
    if status_ok:
        return redirect(access.request.get_absolute_url() + "#thread")
    return render(request, "contacts/detail.html", _detail_context(access, message_form=form))


# --- Notifications -----------------------------------------------------------------------


@login_required
@require_GET
def notifications(request: HttpRequest) -> HttpResponse:
    """The member's notifications, unread first; opening one marks it read."""
    context = {
        "notifications": notification_list(request.user)[:100],
        "section": "notifications",
    }
    return render(request, "contacts/notifications.html", context)


@login_required
@require_GET
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    notification = get_object_or_404(notification_list(request.user), pk=pk)
    if notification.project_id is not None:
        services.notifications_mark_read(user=request.user, project=notification.project)
        return redirect((notification.decision or notification.project).get_absolute_url())
    services.notifications_mark_read(user=request.user, request=notification.request)
    return redirect(notification.request.get_absolute_url())


@login_required
@require_POST
def notifications_read(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_read(user=request.user)
    if count:
        messages.success(request, _("Toutes les notifications sont marquées comme lues."))
    return redirect("contacts:notifications")
