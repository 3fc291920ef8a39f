from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosticConfig(AppConfig):
    name = "mutualiser.diagnostic"
    verbose_name = _("Diagnostic et inventaire")
