from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


def _organisation_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    """An organisation's profile changed (visibility, place, disciplines): its region's
    opportunities are recomputed. A hook, not a business action: the organisations app
    does not know about the partner search."""
    if created or raw:
        return
    from .services import opportunities_refresh_request

    opportunities_refresh_request(region=instance.region)


class PartnersConfig(AppConfig):
    name = "mutualiser.partners"
    verbose_name = _("Partenaires")

    def ready(self) -> None:
        from mutualiser.organisations.models import Organisation

        post_save.connect(_organisation_saved, sender=Organisation, dispatch_uid="partners-org")
