"""What the guide says about each roadmap step and governance form (domain.md §2, §1, §9)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .choices import GovernanceForm, StepCode


@dataclass(frozen=True)
class StepGuide:
    code: str
    checklist: tuple[Promise, ...]
    deliverable: Promise
    chapter: str  # guide chapter slug
    days: int  # default time from the previous step's due date
    number: int = 0  # the step's number in the guide's chapter "demarche"


STEPS: tuple[StepGuide, ...] = (
    StepGuide(
        StepCode.FEASIBILITY,
        (
            _("Ce que chaque partenaire veut y gagner est écrit"),
            _("La confiance et l'historique commun sont discutés ouvertement"),
            _("Les directions se sont engagées et une personne coordonne"),
            _("Les coûts de démarrage sont estimés"),
            _("Le coût partagé et les économies de chacun sont calculés"),
        ),
        _("Des options de niveau L0 à L5, chacune avec un budget et une estimation des économies"),
        "demarche",
        30,
        4,
    ),
    StepGuide(
        StepCode.GOVERNANCE,
        (
            _("La forme de gouvernance est choisie par décision"),
            _("Les règles de décision sont écrites (unanimité, majorité, blocage)"),
            _("Un comité de suivi compte un représentant par partenaire"),
            _("La clause de sortie est rédigée"),
        ),
        _("Une charte ou une entente, des règles de décision, une clause de sortie"),
        "formes",
        30,
        5,
    ),
    StepGuide(
        StepCode.RULES,
        (
            _(
                "Les règles d'utilisation sont fixées (calendrier, priorité d'accès, entretien, bris)"
            ),
            _("Les niveaux de service sont convenus"),
            _("La clé de répartition est choisie par décision"),
            _("Les assurances de chacun sont vérifiées"),
            _("Le brouillon d'entente est relu par un conseiller juridique"),
        ),
        _("Des règles d'utilisation, des niveaux de service, une clé de répartition"),
        "partage-des-couts",
        45,
        6,
    ),
    StepGuide(
        StepCode.PILOT,
        (
            _("L'entente est signée"),
            _("Le plan de transition est prêt"),
            _("Le plan de communication est prêt"),
            _("La date de fin de l'essai est fixée"),
        ),
        _("Un plan de transition et un plan de communication"),
        "demarche",
        180,
        7,
    ),
    StepGuide(
        StepCode.EVALUATION,
        (
            _("L'usage réel est comparé au plan"),
            _("Le coût réel est comparé à l'estimation"),
            _("La satisfaction de chaque partenaire est recueillie"),
            _("La décision de renouveler, d'ajuster ou de sortir est prise"),
        ),
        _("Un bilan, une décision et une date de révision"),
        "demarche",
        30,
        8,
    ),
)

STEP_BY_CODE = {step.code: step for step in STEPS}


@dataclass(frozen=True)
class FormGuide:
    code: str
    level: str
    explanation: Promise
    legal_form: Promise
    employer: Promise
    payer: Promise
    chapter: str


FORMS: tuple[FormGuide, ...] = (
    FormGuide(
        GovernanceForm.EXCHANGE,
        "L1–L2",
        _(
            "Les partenaires coordonnent leurs activités et se prêtent des moyens, sans "
            "engagement durable : une bonne façon de bâtir la confiance."
        ),
        _("Aucune structure : une lettre d'entente ou un courriel suffit."),
        _("Chacun garde son personnel."),
        _("Chacun paie ce qu'il utilise, ou rien quand c'est un échange."),
        "niveaux",
    ),
    FormGuide(
        GovernanceForm.AGREEMENT,
        "L3",
        _(
            "Une entente écrite précise le service, la clé de répartition, les horaires, "
            "l'assurance, les bris et la façon d'en sortir."
        ),
        _("Contrat de service (Code civil du Québec, art. 2098), sans nouvelle personne morale."),
        _("Un partenaire est l'employeur ou le propriétaire et porte le risque."),
        _("Les autres le remboursent selon la clé, sur facture, taxes selon le statut de chacun."),
        "formes",
    ),
    FormGuide(
        GovernanceForm.SHARED_EMPLOYEE,
        "L3–L4",
        _(
            "Une personne travaille pour plusieurs organismes : un employeur refacture, deux "
            "employeurs à temps partiel, ou une structure commune embauche (le groupement "
            "d'employeurs en France)."
        ),
        _(
            "Entente à trois signée par les employeurs et l'employé ; en France, association ou "
            "coopérative (Code du travail, art. L1253-1)."
        ),
        _(
            "Un partenaire, chacun pour ses heures, ou la structure commune ; vérifiez le permis "
            "d'agence de placement de la CNESST."
        ),
        _("Chacun paie sa part du salaire et des charges selon le temps reçu."),
        "formes",
    ),
    FormGuide(
        GovernanceForm.SHARED_SERVICES,
        "L4",
        _(
            "Un organisme dont c'est le métier sert plusieurs membres : administration, "
            "communications, production."
        ),
        _(
            "Personne morale sans but lucratif (Loi sur les compagnies, partie III), trois fondateurs au moins."
        ),
        _("L'OBNL embauche le personnel partagé."),
        _("Les membres paient une cotisation et les services reçus."),
        "formes",
    ),
    FormGuide(
        GovernanceForm.COOPERATIVE,
        "L4–L5",
        _(
            "Propriété collective et gouvernance démocratique, un membre, un vote : pour "
            "posséder et décider ensemble."
        ),
        _("Coopérative de producteurs, de travail ou de solidarité (Loi sur les coopératives)."),
        _("La coopérative."),
        _("Les membres achètent des parts sociales et paient les services à l'usage."),
        "formes",
    ),
)

FORM_BY_CODE = {form.code: form for form in FORMS}


def guide_section_url(step: StepGuide, lang: str) -> str:
    """The guide's section on this step (chapter "demarche", heading "<number>. ..."), or the
    chapter itself when the heading is not found."""
    from django.urls import reverse

    from mutualiser.guide.content import get_guide

    url = reverse("guide:chapter", args=["demarche"])
    chapter = get_guide(lang).get("demarche")
    if chapter is None:
        return url
    prefix = f"{step.number}."
    for heading in chapter.headings:
        if heading.text.startswith(prefix):
            return f"{url}#{heading.anchor}"
    return url
