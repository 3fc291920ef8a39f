"""Writes about organisations: profiles, members and invitations.

Every function is keyword-only and runs in a transaction; rules that protect the data (an
organisation always keeps an owner, an invitation is used once) live here, not in views.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mutualiser.places.loader import locate

from .choices import Role
from .models import Invitation, Membership, Organisation

# Paths under organisations/ that a slug must never shadow.
RESERVED_SLUGS = frozenset({"new", "switch", "invitations", "municipalities", "edit"})

PROFILE_FIELDS = (
    "name",
    "legal_kind",
    "disciplines",
    "region",
    "municipality",
    "budget_band",
    "staff_fte",
    "visibility",
    "description",
    "website",
)


def organisation_slug(name: str, *, exclude_id: int | None = None) -> str:
    """A unique slug from the name: "theatre-des-alizes", then "-2", "-3"... when taken."""
    base = slugify(name)[:70].strip("-") or "organisme"
    taken = Organisation.objects.filter(slug__startswith=base)
    if exclude_id is not None:
        taken = taken.exclude(id=exclude_id)
    used = set(taken.values_list("slug", flat=True)) | RESERVED_SLUGS
    slug, counter = base, 1
    while slug in used:
        counter += 1
        slug = f"{base}-{counter}"
    return slug


def _place(organisation: Organisation) -> None:
    """Coordinates of the municipality, else of the region's centre."""
    location = locate(organisation.municipality or None, organisation.region)
    organisation.latitude = location.lat
    organisation.longitude = location.lon


def _assign(organisation: Organisation, data: dict[str, Any]) -> list[str]:
    changed = []
    for field in PROFILE_FIELDS:
        if field in data:
            value = data[field]
            if field == "disciplines":
                value = list(value or [])
            elif value is None and field not in ("staff_fte",):
                value = ""
            setattr(organisation, field, value)
            changed.append(field)
    return changed


@transaction.atomic
def organisation_create(*, user, data: dict[str, Any]) -> Organisation:
    """Create an organisation's profile; its creator becomes its owner."""
    organisation = Organisation()
    _assign(organisation, data)
    organisation.slug = organisation_slug(organisation.name)
    _place(organisation)
    organisation.save()
    Membership.objects.create(user=user, organisation=organisation, role=Role.OWNER)
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, data: dict[str, Any]) -> Organisation:
    """Update the profile; the slug stays the same so that links keep working."""
    changed = _assign(organisation, data)
    _place(organisation)
    organisation.save(update_fields=[*changed, "latitude", "longitude", "updated_at"])
    return organisation


def _lock_owners(organisation: Organisation) -> list[int]:
    return list(
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Role.OWNER)
        .values_list("id", flat=True)
    )


def _refuse_if_last_owner(membership: Membership, message: str) -> None:
    owners = _lock_owners(membership.organisation)
    if owners == [membership.id]:
        raise ValidationError(message, code="last_owner")


@transaction.atomic
def membership_change_role(*, membership: Membership, role: str) -> Membership:
    """Give a member another role; the organisation keeps at least one owner."""
    if role not in Role.values:
        raise ValidationError(_("Ce rôle n'existe pas."), code="invalid_role")
    if membership.role == Role.OWNER and role != Role.OWNER:
        _refuse_if_last_owner(
            membership,
            _(
                "L'organisme doit garder au moins un responsable : nommez d'abord "
                "quelqu'un d'autre responsable."
            ),
        )
    membership.role = role
    membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    """Remove a member (or let a member leave); never the last owner."""
    if membership.role == Role.OWNER:
        _refuse_if_last_owner(
            membership,
            _(
                "C'est le seul responsable de l'organisme : nommez d'abord quelqu'un d'autre "
                "responsable."
            ),
        )
    membership.delete()


def _send_invitation(invitation: Invitation, link: str) -> None:
    context = {"invitation": invitation, "link": link, "days": settings.INVITATION_DAYS}
    subject = render_to_string("organisations/email/invitation_subject.txt", context)
    body = render_to_string("organisations/email/invitation_body.txt", context)
    send_mail(
        settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
        body,
        None,
        [invitation.email],
    )


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, invited_by, email: str, role: str, base_url: str
) -> Invitation:
    """Invite someone by email; the email carries the link `base_url` + the invitation's path.

    A new invitation to the same address replaces the pending one. The email leaves once the
    transaction is committed, in the inviter's language.
    """
    email = email.strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(_("Cette personne est déjà membre de l'organisme."), code="member")
    Invitation.objects.filter(
        organisation=organisation, email__iexact=email, accepted_at__isnull=True
    ).delete()
    invitation = Invitation.objects.create(
        organisation=organisation, email=email, role=role, invited_by=invited_by
    )
    link = base_url.rstrip("/") + invitation.get_absolute_url()
    transaction.on_commit(lambda: _send_invitation(invitation, link))
    return invitation


@transaction.atomic
def invitation_revoke(*, invitation: Invitation) -> None:
    """Cancel a pending invitation: its link stops working."""
    if invitation.is_used:
        raise ValidationError(_("Cette invitation a déjà été acceptée."), code="used")
    invitation.delete()


def confirmed_addresses(user) -> set[str]:
    """The user's confirmed email addresses, in lower case."""
    from allauth.account.models import EmailAddress

    return {
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list(
            "email", flat=True
        )
    }


def invitation_is_for(*, invitation: Invitation, user) -> bool:
    """The invitation may be accepted by this user: it was sent to one of their confirmed
    addresses (any case), or an owner confirmed the other address they asked with."""
    if invitation.email.lower() in confirmed_addresses(user):
        return True
    return invitation.confirmed_at is not None and invitation.requested_by_id == user.pk


def _usable(invitation: Invitation) -> None:
    if invitation.is_used:
        raise ValidationError(_("Cette invitation a déjà été utilisée."), code="used")
    if invitation.is_expired:
        raise ValidationError(_("Cette invitation a expiré."), code="expired")


def _send_address_request(
    invitation: Invitation, link: str, recipients: list[tuple[str, str]]
) -> None:
    """One notice to each (address, language): each owner reads it in their own language."""
    context = {"invitation": invitation, "link": link}
    for address, language in recipients:
        with translation.override(language):
            subject = render_to_string("organisations/email/address_request_subject.txt", context)
            body = render_to_string("organisations/email/address_request_body.txt", context)
        send_mail(
            settings.ACCOUNT_EMAIL_SUBJECT_PREFIX + " ".join(subject.split()),
            body,
            None,
            [address],
        )


@transaction.atomic
def invitation_request_address(*, invitation: Invitation, user, base_url: str) -> Invitation:
    """Ask to accept the invitation with another address than the invited one.

    The inviter (or, when the inviter has left, the organisation's owners) gets a notice by
    email, with the link to the members page where they confirm. A new request from another
    account replaces the previous one, and cancels its confirmation.
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _usable(invitation)
    if invitation_is_for(invitation=invitation, user=user):
        return invitation
    invitation.requested_by = user
    invitation.requested_at = timezone.now()
    invitation.confirmed_at = None
    invitation.save(update_fields=["requested_by", "requested_at", "confirmed_at"])
    organisation = invitation.organisation
    owners = Membership.objects.filter(organisation=organisation, role=Role.OWNER)
    inviter_is_owner = owners.filter(user_id=invitation.invited_by_id).exists()
    if inviter_is_owner:
        recipients = [(invitation.invited_by.email, invitation.invited_by.language)]
    else:
        recipients = list(owners.values_list("user__email", "user__language"))
    link = base_url.rstrip("/") + reverse(
        "organisations:members", kwargs={"slug": organisation.slug}
    )
    transaction.on_commit(lambda: _send_address_request(invitation, link, recipients))
    return invitation


@transaction.atomic
def invitation_confirm_address(*, invitation: Invitation) -> Invitation:
    """An owner confirms that the account which asked may accept the invitation."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _usable(invitation)
    if invitation.requested_by_id is None:
        raise ValidationError(_("Personne n'a demandé à utiliser une autre adresse."), code="none")
    invitation.confirmed_at = timezone.now()
    invitation.save(update_fields=["confirmed_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Join the organisation with the invited role; a member accepting again keeps one row.

    Refused (ValidationError) when the invitation was used or has expired, or when it was sent
    to another address (and no owner confirmed this account's request).
    """
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _usable(invitation)
    if not invitation_is_for(invitation=invitation, user=user):
        raise ValidationError(
            _("Cette invitation a été envoyée à une autre adresse."), code="other_address"
        )
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership
