"""Choices of an organisation's profile: legal kind, disciplines, regions, budget, roles."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class LegalKind(models.TextChoices):
    NONPROFIT = "nonprofit", _("Organisme à but non lucratif (OBNL)")
    COOPERATIVE = "cooperative", _("Coopérative")
    COMPANY = "company", _("Entreprise privée")
    SELF_EMPLOYED = "self_employed", _("Artiste ou travailleur autonome")
    COLLECTIVE = "collective", _("Collectif")


class Discipline(models.TextChoices):
    THEATRE = "theatre", _("Théâtre")
    DANCE = "dance", _("Danse")
    MUSIC = "music", _("Musique")
    CIRCUS = "circus", _("Cirque et arts de la rue")
    VISUAL_ARTS = "visual_arts", _("Arts visuels")
    MEDIA_ARTS = "media_arts", _("Arts médiatiques et cinéma")
    LITERATURE = "literature", _("Littérature et édition")
    HERITAGE = "heritage", _("Musées et patrimoine")
    FESTIVAL = "festival", _("Festivals et événements")
    PRESENTING = "presenting", _("Diffusion pluridisciplinaire")
    MULTIDISCIPLINARY = "multidisciplinary", _("Multidisciplinaire")


class Region(models.TextChoices):
    """Québec's 17 administrative regions, by their official code."""

    BAS_SAINT_LAURENT = "01", "Bas-Saint-Laurent"
    SAGUENAY = "02", "Saguenay–Lac-Saint-Jean"
    CAPITALE_NATIONALE = "03", "Capitale-Nationale"
    MAURICIE = "04", "Mauricie"
    ESTRIE = "05", "Estrie"
    MONTREAL = "06", "Montréal"
    OUTAOUAIS = "07", "Outaouais"
    ABITIBI = "08", "Abitibi-Témiscamingue"
    COTE_NORD = "09", "Côte-Nord"
    NORD_DU_QUEBEC = "10", _("Nord-du-Québec")
    GASPESIE = "11", "Gaspésie–Îles-de-la-Madeleine"
    CHAUDIERE_APPALACHES = "12", "Chaudière-Appalaches"
    LAVAL = "13", "Laval"
    LANAUDIERE = "14", "Lanaudière"
    LAURENTIDES = "15", "Laurentides"
    MONTEREGIE = "16", "Montérégie"
    CENTRE_DU_QUEBEC = "17", _("Centre-du-Québec")


class BudgetBand(models.TextChoices):
    UNDER_100K = "lt100k", _("Moins de 100 000 $")
    FROM_100K = "100k-250k", _("100 000 $ à 250 000 $")
    FROM_250K = "250k-500k", _("250 000 $ à 500 000 $")
    FROM_500K = "500k-1m", _("500 000 $ à 1 M$")
    FROM_1M = "1m-5m", _("1 M$ à 5 M$")
    OVER_5M = "gt5m", _("Plus de 5 M$")


# A representative yearly budget per band, for the engine's budget-proportional key.
BUDGET_BAND_MIDPOINTS = {
    BudgetBand.UNDER_100K: 60_000,
    BudgetBand.FROM_100K: 175_000,
    BudgetBand.FROM_250K: 375_000,
    BudgetBand.FROM_500K: 750_000,
    BudgetBand.FROM_1M: 2_500_000,
    BudgetBand.OVER_5M: 7_500_000,
}


class Visibility(models.TextChoices):
    PRIVATE = "private", _("Privé : visible de nos membres seulement")
    WORKSHOP = "workshop", _("Participants des ateliers où nous sommes inscrits")
    DIRECTORY = "directory", _("Répertoire : visible de tous les membres de Mutualiser")


class Role(models.TextChoices):
    OWNER = "owner", _("Responsable")
    EDITOR = "editor", _("Éditeur")
    VIEWER = "viewer", _("Lecteur")
