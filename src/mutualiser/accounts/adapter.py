"""allauth's account adapter with our words (see ACCOUNT_ADAPTER in settings).

allauth's French says « e-mail » and France-French; its subjects fall back on the host name
when no prefix is set. Ours say « courriel » and always name the site.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.utils.encoding import force_str
from django.utils.translation import gettext_lazy as _

SITE_NAME = "Mutualiser"


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "account_inactive": _("Ce compte est désactivé."),
        "cannot_remove_primary_email": _("Votre adresse principale ne peut pas être retirée."),
        "duplicate_email": _("Cette adresse est déjà liée à votre compte."),
        "email_password_mismatch": _("Courriel ou mot de passe incorrect."),
        "email_taken": _("Un compte utilise déjà cette adresse courriel."),
        "enter_current_password": _("Tapez votre mot de passe actuel."),
        "incorrect_password": _("Mot de passe incorrect."),
        "invalid_password_reset": _(
            "Ce lien pour choisir un nouveau mot de passe n'est plus valide."
        ),
        "max_email_addresses": _("Vous ne pouvez pas ajouter plus de %d adresses courriel."),
        "too_many_login_attempts": _(
            "Trop de tentatives de connexion échouées. Réessayez dans quelques minutes."
        ),
        "unknown_email": _("Aucun compte n'utilise cette adresse courriel."),
        "unverified_primary_email": _("Confirmez d'abord votre adresse principale."),
        "rate_limited": _("Vous envoyez trop de demandes. Réessayez dans quelques minutes."),
    }

    def format_email_subject(self, subject: str) -> str:
        # allauth's fallback is "[<host>] "; the site's name reads better than 127.0.0.1:8000.
        prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", None)
        if prefix is None:
            prefix = f"[{SITE_NAME}] "
        return prefix + force_str(subject)
