"""The steps of a pooling approach, named once for every page that numbers or links them."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


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
    url_name: str | None  # None: a later part of the product, not built yet
    links: tuple[Link, ...] = ()

    @property
    def url(self) -> str:
        return reverse(self.url_name) if self.url_name else ""

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
        links=(Link(_("Vous participez à un atelier ? Entrez son code"), "join:code"),),
    ),
)


def journey_step(key: str) -> Step:
    """The step of the journey named `key` ("learn", "diagnose", ...)."""
    return next(step for step in JOURNEY if step.key == key)
