"""Writes of the API app: personal access tokens made, used and revoked."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import PersonalAccessToken, Scope

TOKEN_PREFIX = "mut_"
PREFIX_SHOWN = 12  # "mut_" and 8 characters: enough to tell a member's tokens apart
MAX_ACTIVE_TOKENS = 20
# A token's last use is written at most this often: one UPDATE per request would make every
# API call a write.
LAST_USED_EVERY = timedelta(minutes=1)


def token_hash(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class NewToken:
    """A token just made: `raw` is shown to the member once and kept nowhere."""

    token: PersonalAccessToken
    raw: str


@transaction.atomic
def token_create(*, user, name: str, scope: str) -> NewToken:
    """Make a token for `user`; refused (ValidationError) past MAX_ACTIVE_TOKENS active ones."""
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError(_("Donnez un nom au jeton."), code="name_required")
    if scope not in Scope.values:
        raise ValidationError(_("Cette portée n'existe pas."), code="invalid_scope")
    active = PersonalAccessToken.objects.filter(user=user, revoked_at__isnull=True).count()
    if active >= MAX_ACTIVE_TOKENS:
        raise ValidationError(
            _("Vous avez déjà %(count)s jetons actifs : révoquez-en un avant d'en créer un autre.")
            % {"count": active},
            code="too_many_tokens",
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = PersonalAccessToken.objects.create(
        user=user,
        name=name[:100],
        scope=scope,
        prefix=raw[:PREFIX_SHOWN],
        token_hash=token_hash(raw),
    )
    return NewToken(token=token, raw=raw)


def token_revoke(*, token: PersonalAccessToken) -> PersonalAccessToken:
    """Stop the token from working, at once; revoking twice keeps the first date."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(raw: str) -> PersonalAccessToken | None:
    """The active token `raw` is, with its user, or None (unknown, revoked, inactive user)."""
    if not raw or not raw.startswith(TOKEN_PREFIX) or len(raw) > 200:
        return None
    token = (
        PersonalAccessToken.objects.select_related("user")
        .filter(token_hash=token_hash(raw), revoked_at__isnull=True)
        .first()
    )
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
        PersonalAccessToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
