from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "mutualiser.privacy"
    label = "privacy"
    verbose_name = _("Vie privée")
