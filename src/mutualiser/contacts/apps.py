from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactsConfig(AppConfig):
    # Not "requests": the package would shadow the HTTP library of the same name.
    name = "mutualiser.contacts"
    label = "contacts"
    verbose_name = _("Demandes de contact")
