from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RunsConfig(AppConfig):
    name = "mutualiser.runs"
    verbose_name = _("Calculs du moteur")
