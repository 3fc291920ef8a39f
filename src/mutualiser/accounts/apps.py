from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "mutualiser.accounts"
    verbose_name = _("Comptes")

    def ready(self) -> None:
        from .lockout import create_cache_table

        # The shared cache (login rate limits) needs its table: every `migrate` makes sure of
        # it, so that no installation can forget `createcachetable`.
        post_migrate.connect(create_cache_table, sender=self)
