"""Where a signed-in member stands in the journey, and what to do next (the home page)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mutualiser.words.journey import JOURNEY
from mutualiser.words.steps import NextStep


def next_step_for(user, membership) -> NextStep | None:
    """What the signed-in member should do next: create an organisation, then diagnose, ..."""
    if not user.is_authenticated:
        return None
    if membership is None:
        return NextStep(
            _("Créez le profil de votre organisme"),
            _("Tout commence par le profil : région, disciplines, taille. Cinq minutes."),
            reverse("organisations:create"),
            _("Créer mon organisme"),
        )
    organisation = membership.organisation
    if not organisation.inventory_items.exists():
        return NextStep(
            _("Faites l'inventaire de %(name)s") % {"name": organisation.name},
            _(
                "Listez vos tâches, expertises et ressources pour voir ce qui gagne à être "
                "mutualisé."
            ),
            reverse("diagnostic:inventory"),
            _("Commencer l'inventaire"),
        )
    if not JOURNEY[2].url:
        # Until partners can be searched, promising "opportunities" would lead nowhere.
        return NextStep(
            _("Lisez le diagnostic de %(name)s") % {"name": organisation.name},
            _("Votre inventaire est prêt : voyez ce qui gagne le plus à être partagé."),
            JOURNEY[1].url,
            _("Voir le diagnostic"),
        )
    return NextStep(
        _("Cherchez des partenaires pour %(name)s") % {"name": organisation.name},
        _("Votre inventaire est prêt : voyez qui complète vos besoins."),
        JOURNEY[2].url,
        _("Voir les occasions"),
    )
