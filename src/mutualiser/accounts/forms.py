"""allauth's account forms with our wording (see ACCOUNT_FORMS in settings).

allauth's own French is France-French ("Adresse e-mail", "Se souvenir de moi") and its labels
end with a colon; ours speak Québec French and, like the site's other forms, drop the colon.
"""

from __future__ import annotations

from allauth.account import forms as allauth_forms
from django.utils.translation import gettext_lazy as _


def _our_wording(form) -> None:
    form.label_suffix = ""
    email = form.fields.get("email") or form.fields.get("login")
    if email is not None:
        email.label = _("Courriel")
        email.widget.attrs["placeholder"] = _("Adresse courriel")
    if "remember" in form.fields:
        form.fields["remember"].label = _("Rester connecté sur cet appareil")


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _our_wording(self)


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _our_wording(self)


class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _our_wording(self)


class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _our_wording(self)
