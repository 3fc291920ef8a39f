"""Writes and advice of the readiness self-assessment."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from mutualiser.guide.content import get_guide
from mutualiser.organisations.models import Organisation
from mutualiser.words.language import current_language
from mutualiser.words.steps import NextStep

from .models import ReadinessAssessment
from .questions import get_questionnaire
from .scoring import CONSOLIDATE, PREPARE, Profile


@transaction.atomic
def assessment_create(
    *, organisation: Organisation, user, answers: Mapping[str, int]
) -> ReadinessAssessment:
    """Save a filled-in questionnaire; only known question ids and 1–5 values are kept.

    Answers identical to the organisation's latest assessment add nothing to the history: the
    latest one is returned as it is.
    """
    known = {q.id for q in get_questionnaire().questions}
    clean = {key: int(value) for key, value in answers.items() if key in known}
    if any(not 1 <= value <= 5 for value in clean.values()):
        raise ValueError("readiness answers must be between 1 and 5")
    latest = ReadinessAssessment.objects.filter(organisation=organisation).first()  # newest
    if latest is not None and latest.answers == clean:
        return latest
    return ReadinessAssessment.objects.create(
        organisation=organisation, answered_by=user, answers=clean
    )


def chapter_link(slug: str) -> tuple[str, str]:
    """(title, url) of a guide chapter in the active language; ("", "") if it is missing."""
    chapter = get_guide(current_language()).get(slug)
    if chapter is None:
        return "", ""
    return chapter.title, reverse("guide:chapter", kwargs={"slug": slug})


def next_step_for(profile: Profile) -> NextStep:
    """The one thing to do next, from the level and the weakest dimension (domain.md §4–§5)."""
    if profile.level == PREPARE:
        title, url = chapter_link(profile.weakest.dimension.chapter)
        return NextStep(
            title=_("Préparez le terrain avant de chercher des partenaires"),
            text=_(
                "Commencez par « %(dimension)s ». Lisez le chapitre « %(chapter)s » et "
                "discutez-en avec votre équipe et votre conseil. D'ici là, tenez-vous-en à "
                "échanger de l'information avec d'autres organismes (niveaux L0 et L1)."
            )
            % {"dimension": profile.weakest.dimension.label(current_language()), "chapter": title},
            url=url,
            action=_("Lire le chapitre"),
        )
    if profile.level == CONSOLIDATE:
        return _towards_diagnostic(
            title=_("Démarrez par une entente légère"),
            text=_(
                "Choisissez un organisme que vous connaissez déjà et essayez une coordination "
                "ou un prêt ponctuel (niveaux L1 et L2) pendant que vous renforcez vos points "
                "faibles. En parallèle, faites l'inventaire de vos tâches et ressources."
            ),
        )
    return _towards_diagnostic(
        title=_("Passez au diagnostic"),
        text=_(
            "Votre organisme réunit les conditions de départ. Faites l'inventaire de vos tâches "
            "et ressources pour repérer ce qui gagne à être partagé : une entente formelle "
            "(niveau L3) est à votre portée."
        ),
    )


def _towards_diagnostic(*, title: str, text: str) -> NextStep:
    """A step that leads to the diagnostic."""
    return NextStep(
        title=title, text=text, url=reverse("diagnostic:index"), action=_("Faire le diagnostic")
    )
