"""Choices of a pooling project: roles, steps, governance forms, risks, decisions."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PartnerRole(models.TextChoices):
    LEAD = "lead", _("Porteur")
    MEMBER = "member", _("Partenaire")


class StepCode(models.TextChoices):
    FEASIBILITY = "feasibility", _("Étudier la faisabilité")
    GOVERNANCE = "governance", _("Choisir la gouvernance et la forme juridique")
    RULES = "rules", _("Fixer les règles et la clé de répartition")
    PILOT = "pilot", _("Mettre en œuvre un projet pilote")
    EVALUATION = "evaluation", _("Évaluer")


class StepStatus(models.TextChoices):
    TODO = "todo", _("À faire")
    DOING = "doing", pgettext_lazy("étape", "En cours")
    DONE = "done", _("Terminée")


class GovernanceForm(models.TextChoices):
    EXCHANGE = "exchange", _("Échange et prêt ponctuel")
    AGREEMENT = "agreement", _("Entente de services (convention)")
    SHARED_EMPLOYEE = "shared_employee", _("Employé partagé ou groupement d'employeurs")
    SHARED_SERVICES = "shared_services", _("OBNL de services partagés")
    COOPERATIVE = "cooperative", _("Coopérative")


class Grade(models.TextChoices):
    LOW = "low", _("faible")
    MEDIUM = "medium", _("moyenne")
    HIGH = "high", _("élevée")


class RiskKind(models.TextChoices):
    TRUST = "trust", _("Confiance")
    GOVERNANCE = "governance", _("Gouvernance et identité")
    MONEY = "money", _("Argent")
    LEGAL = "legal", _("Juridique")
    HR = "hr", _("Ressources humaines")
    LOGISTICS = "logistics", _("Logistique")
    TIME = "time", _("Temps de coordination")
    TECHNICAL = "technical", _("Adéquation technique")
    OTHER = "other", _("Autre")


class DecisionKind(models.TextChoices):
    GENERAL = "general", _("Décision")
    RULE = "rule", _("Clé de répartition")
    GOVERNANCE = "governance", _("Forme de gouvernance")
    EVALUATION = "evaluation", _("Suite de l'essai")


class DecisionStatus(models.TextChoices):
    OPEN = "open", _("Ouverte")
    ADOPTED = "adopted", _("Adoptée")
    REJECTED = "rejected", _("Rejetée")
    BLOCKED = "blocked", _("Bloquée")


class Answer(models.TextChoices):
    AGREE = "agree", _("D'accord")
    ABSTAIN = "abstain", _("Abstention")
    DISAGREE = "disagree", _("Pas d'accord")
    BLOCK = "block", _("Blocage")


class Outcome(models.TextChoices):
    RENEW = "renew", _("Renouveler")
    ADJUST = "adjust", _("Ajuster")
    EXIT = "exit", _("Sortir")
