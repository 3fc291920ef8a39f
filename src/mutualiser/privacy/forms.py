"""The confirmations of a deletion: the organisation's name typed again, or the password."""

from __future__ import annotations

from django import forms
from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

# Wrong passwords on the deletion page, per account, before it waits (a session left open
# must not let someone try passwords until one deletes the account).
MAX_FAILURES = 5
FAILURE_WINDOW_SECONDS = 15 * 60


class ConfirmNameForm(forms.Form):
    name = forms.CharField(label=_("Nom de l'organisme"), max_length=200, strip=True)

    def __init__(self, *args, expected: str, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.expected = expected
        self.fields["name"].widget.attrs["autocomplete"] = "off"

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        # Case and surrounding spaces do not matter; a different name does.
        if name.casefold() != self.expected.strip().casefold():
            raise forms.ValidationError(
                _("Ce n'est pas le nom de l'organisme : recopiez-le tel qu'il est écrit."),
                code="name_mismatch",
            )
        return name


class ConfirmPasswordForm(forms.Form):
    """The password; an account that never had one (an invitation, say) types its address."""

    secret = forms.CharField(max_length=200, strip=False)

    def __init__(self, *args, user, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["secret"]
        if user.has_usable_password():
            field.label = _("Votre mot de passe")
            field.widget = forms.PasswordInput(attrs={"autocomplete": "current-password"})
        else:
            field.label = _("Votre adresse courriel")
            field.widget = forms.EmailInput(attrs={"autocomplete": "email"})

    def _failure_key(self) -> str:
        return f"privacy-delete-failures:{self.user.pk}"

    def clean_secret(self) -> str:
        secret = self.cleaned_data["secret"]
        if cache.get(self._failure_key(), 0) >= MAX_FAILURES:
            raise forms.ValidationError(
                _("Trop d'essais : réessayez dans quelques minutes."), code="too_many"
            )
        if self.user.has_usable_password():
            if not self.user.check_password(secret):
                cache.add(self._failure_key(), 0, FAILURE_WINDOW_SECONDS)
                cache.incr(self._failure_key())
                raise forms.ValidationError(
                    _("Ce n'est pas votre mot de passe."), code="wrong_password"
                )
        elif secret.strip().casefold() != self.user.email.casefold():
            raise forms.ValidationError(
                _("Ce n'est pas l'adresse de votre compte."), code="wrong_email"
            )
        return secret
