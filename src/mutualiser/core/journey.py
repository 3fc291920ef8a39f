"""The journey of a pooling approach, and where a member stands in it."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .links import url_if_built


@dataclass(frozen=True)
class Link:
    """A second way into a step (the readiness self-assessment, in "Understand")."""

    label: str
    url_name: str

    @property
    def url(self) -> str:
        return reverse(self.url_name)


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    text: str
    url_name: str
    links: tuple[Link, ...] = ()

    @property
    def url(self) -> str:
        return url_if_built(self.url_name)

    @property
    def number(self) -> int:
        """The step's number as the home page shows it (1 for the first)."""
        return JOURNEY.index(self) + 1


JOURNEY = (
    Step(
        "learn",
        _("Comprendre"),
        _("Les notions, les formes de mutualisation, les étapes et des exemples réels."),
        "guide:index",
        links=(
            Link(_("Votre organisme est-il prêt ? Faites l'autoévaluation"), "readiness:index"),
        ),
    ),
    Step(
        "diagnose",
        _("Diagnostiquer"),
        _("L'inventaire de vos tâches, expertises et ressources, et ce qui gagne à être partagé."),
        "diagnostic:index",
    ),
    Step(
        "partners",
        _("Trouver des partenaires"),
        _("Qui complète vos besoins, qui partage les mêmes, et combien chacun économise."),
        "partners:index",
    ),
    Step(
        "project",
        _("Démarrer un projet"),
        _("Feuille de route, ébauche d'entente, décisions et partage des coûts."),
        "projects:index",
    ),
    Step(
        "workshop",
        _("Animer un atelier"),
        _(
            "Une salle d'organismes remplit son inventaire sur téléphone et découvre ensemble "
            "obstacles et occasions."
        ),
        "workshops:index",
    ),
)


def journey_step(key: str) -> Step:
    """The step of the journey named `key` ("learn", "diagnose", ...)."""
    return next(step for step in JOURNEY if step.key == key)


@dataclass(frozen=True)
class NextStep:
    title: str
    text: str
    url: str
    action: str


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
            JOURNEY[1].url or organisation.get_absolute_url(),
            _("Voir le diagnostic"),
        )
    return NextStep(
        _("Cherchez des partenaires pour %(name)s") % {"name": organisation.name},
        _("Votre inventaire est prêt : voyez qui complète vos besoins."),
        JOURNEY[2].url,
        _("Voir les occasions"),
    )
