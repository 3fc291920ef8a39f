from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GuideConfig(AppConfig):
    name = "mutualiser.guide"
    verbose_name = _("Guide")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the content check)
