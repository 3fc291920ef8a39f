# Tables below keep one record per line, easier to read and review than wrapped calls.
# ruff: noqa: E501
"""The demo region's fixed data: fictional organisations, their scenarios, name lists.

Everything here is invented. Organisations sit in real municipalities (placed with the
places loader); any likeness of a name to a real organisation is accidental. The
scenarios (docs/demo.md) are written out item by item so that the engine finds them
whatever the seed; the seed only varies the rest of each inventory and the people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

# --- calendars -----------------------------------------------------------------------------
# Share of the yearly peak used in each month, January first.
PROFILES: dict[str, tuple[float, ...]] = {
    "flat": (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1),
    "season": (1, 1, 1, 1, 0.8, 0.2, 0, 0, 0.8, 1, 1, 0.9),  # theatre season, Sep to May
    "summer": (0, 0, 0, 0.1, 0.4, 1, 1, 0.8, 0.1, 0, 0, 0),  # summer festival
    "festival_prep": (0.2, 0.2, 0.3, 0.5, 0.8, 1, 1, 0.7, 0.3, 0.2, 0.1, 0.1),
    "winter": (1, 1, 0.4, 0, 0, 0, 0, 0, 0, 0, 0.3, 0.8),
    "museum": (0.6, 0.6, 0.7, 0.7, 0.9, 1, 1, 1, 0.8, 0.7, 0.6, 0.7),
    "book": (0.5, 0.6, 0.8, 1, 0.7, 0.3, 0.2, 0.4, 1, 1, 0.9, 0.5),  # fall and book fairs
    "deadlines": (0.6, 1, 0.7, 0.6, 0.6, 0.4, 0.2, 0.2, 0.7, 1, 0.8, 0.6),  # grant deadlines
    "tour": (0.5, 0.8, 1, 0.8, 0.5, 0, 0, 0, 0.6, 1, 1, 0.6),
    "yearend": (0.6, 0.8, 1, 1, 0.5, 0.3, 0.2, 0.2, 0.3, 0.4, 0.4, 0.6),  # closing the books
}

DEMO_EMAIL_DOMAIN = "demo.mutualiser.example"
DEFAULT_SEED = 2026

# Multiplies the default max distance (km): further in regions where places are sparse.
REGION_REACH = {"06": 1.0, "03": 1.25, "05": 1.5, "04": 1.5, "01": 2.0, "07": 1.5}
REACH_BY_PROXIMITY = {"high": 25, "medium": 40, "low": 80}


@dataclass(frozen=True, slots=True)
class Org:
    key: str
    name: str
    archetype: str
    region: str
    municipality: str
    legal_kind: str
    disciplines: tuple[str, ...]
    budget_band: str
    staff_fte: float
    visibility: str = "directory"


@dataclass(frozen=True, slots=True)
class Spec:
    """One scenario item, written out; what is left None is filled in by the builder."""

    category: str
    direction: str
    months: tuple[float, ...]
    label: str
    rate: float | None = None
    max_distance_km: int | None = None
    how_done: str | None = None


@dataclass(frozen=True, slots=True)
class Template:
    """One possible item of an archetype: its calendar and its peak monthly quantity."""

    category: str
    direction: str
    profile: str
    peak: float
    label: str
    how_done: str | None = None


@dataclass(frozen=True, slots=True)
class Scenario:
    """An opportunity the demo is built to show (docs/demo.md), with its items by org key."""

    code: str
    items: dict[str, tuple[Spec, ...]] = field(default_factory=dict)


# --- organisations -------------------------------------------------------------------------
# key, name, archetype, region, municipality, legal kind, disciplines, budget band, FTE.
ORGANISATIONS: tuple[Org, ...] = (
    # Montréal (06)
    Org("maree-haute", "Théâtre de la Marée Haute", "theatre", "06", "Le Plateau-Mont-Royal", "nonprofit", ("theatre",), "500k-1m", 6.5),
    Org("ruelles", "Festival des Ruelles Chantantes", "festival", "06", "Rosemont–La Petite-Patrie", "nonprofit", ("festival", "music"), "1m-5m", 8),
    Org("sous-bois", "Compagnie Sous-Bois", "dance", "06", "Mile End", "nonprofit", ("dance",), "100k-250k", 2),
    Org("rideau-cramoisi", "Théâtre du Rideau Cramoisi", "theatre", "06", "Villeray–Saint-Michel–Parc-Extension", "nonprofit", ("theatre",), "250k-500k", 3.5),
    Org("trois-lanternes", "Les Productions Trois Lanternes", "theatre", "06", "Mercier–Hochelaga-Maisonneuve", "nonprofit", ("theatre",), "100k-250k", 1.5),
    Org("parabole", "Collectif Parabole", "collective", "06", "Le Sud-Ouest", "collective", ("theatre", "multidisciplinary"), "lt100k", 0.5),
    Org("cormoran", "Danse Cormoran", "dance", "06", "Ville-Marie", "nonprofit", ("dance",), "250k-500k", 3),
    Org("vertige", "Atelier Vertige Danse", "dance", "06", "Rosemont–La Petite-Patrie", "nonprofit", ("dance",), "250k-500k", 2.5),
    Org("quai-des-arts", "Diffusion Quai des Arts", "presenter", "06", "Verdun", "nonprofit", ("presenting",), "1m-5m", 11),
    Org("metiers-du-fil", "Musée des Métiers du Fil", "museum", "06", "Le Sud-Ouest", "nonprofit", ("heritage",), "1m-5m", 12),
    Org("heron-cendre", "Éditions du Héron cendré", "publisher", "06", "Outremont", "company", ("literature",), "250k-500k", 3),
    Org("papier-buvard", "Éditions Papier buvard", "publisher", "06", "Mile End", "company", ("literature",), "100k-250k", 2),
    Org("contrepoint-nomade", "Ensemble Contrepoint nomade", "music", "06", "Notre-Dame-de-Grâce", "nonprofit", ("music",), "100k-250k", 1.5),
    Org("rapides", "Orchestre de chambre des Rapides", "music", "06", "Ahuntsic-Cartierville", "nonprofit", ("music",), "500k-1m", 4),
    Org("fil-ariane", "Cirque Fil d'Ariane", "circus", "06", "Saint-Michel", "nonprofit", ("circus",), "500k-1m", 5),
    Org("lumieres-hiver", "Festival Lumières d'hiver du Plateau", "festival", "06", "Le Plateau-Mont-Royal", "nonprofit", ("festival", "media_arts"), "500k-1m", 3),
    Org("camille-berube", "Camille Bérubé, scénographe", "artist", "06", "Rosemont–La Petite-Patrie", "self_employed", ("theatre", "visual_arts"), "lt100k", 1, "directory"),
    Org("julien-ostiguy", "Julien Ostiguy, concepteur d'éclairage", "artist", "06", "Villeray–Saint-Michel–Parc-Extension", "self_employed", ("theatre", "dance"), "lt100k", 1, "private"),
    Org("verriere-bleue", "Centre d'artistes La Verrière bleue", "visual_arts", "06", "Mile End", "nonprofit", ("visual_arts",), "250k-500k", 3),
    Org("cerf-volant", "Théâtre jeunesse Cerf-Volant", "theatre", "06", "Ahuntsic-Cartierville", "nonprofit", ("theatre",), "250k-500k", 3),
    Org("marionnettes-grenier", "Les Marionnettes du Grenier", "theatre", "06", "Verdun", "nonprofit", ("theatre",), "100k-250k", 1.5),
    Org("contes-en-iles", "Festival Contes en îles", "festival", "06", "Ile-des-Soeurs", "nonprofit", ("festival", "literature"), "100k-250k", 1),
    Org("bruit-blanc", "Collectif Bruit blanc", "media_arts", "06", "Le Sud-Ouest", "collective", ("media_arts",), "lt100k", 1),
    Org("mouvance-nord", "Danse Mouvance Nord", "dance", "06", "Montréal-Nord", "nonprofit", ("dance",), "100k-250k", 1.5),
    Org("anse-aux-brumes", "Théâtre de l'Anse-aux-Brumes", "theatre", "06", "Saint-Laurent", "nonprofit", ("theatre",), "100k-250k", 2),
    Org("voix-montagne", "Chœur Les Voix de la Montagne", "music", "06", "Westmount", "nonprofit", ("music",), "lt100k", 0.5, "workshop"),
    Org("scenes-est", "Diffusion Scènes de l'Est", "presenter", "06", "Rivière-des-Prairies–Pointe-aux-Trembles", "nonprofit", ("presenting",), "500k-1m", 5),
    Org("imprimerie-faubourg", "Musée de l'Imprimerie du Faubourg", "museum", "06", "Ville-Marie", "nonprofit", ("heritage",), "500k-1m", 6),
    Org("phosphene", "Revue Phosphène", "publisher", "06", "Le Plateau-Mont-Royal", "nonprofit", ("literature",), "lt100k", 1),
    Org("basse-frequence", "Atelier de création Basse-Fréquence", "collective", "06", "Villeray–Saint-Michel–Parc-Extension", "cooperative", ("music", "media_arts"), "lt100k", 1),
    Org("funambules-canal", "Les Funambules du Canal", "circus", "06", "Le Sud-Ouest", "nonprofit", ("circus",), "250k-500k", 2.5),
    Org("bleu-nuit", "Productions Bleu nuit", "theatre", "06", "Pointe-Claire", "company", ("theatre",), "100k-250k", 1.5),
    Org("mezzanine", "Opéra de poche Mezzanine", "music", "06", "Snowdon", "nonprofit", ("music", "theatre"), "100k-250k", 1.5),
    Org("courts-eclats", "Festival Courts Éclats", "festival", "06", "Mile End", "nonprofit", ("festival", "media_arts"), "250k-500k", 2),
    # Capitale-Nationale (03)
    Org("escaliers", "Théâtre des Escaliers", "theatre", "03", "La Cité-Limoilou", "nonprofit", ("theatre",), "500k-1m", 5),
    Org("flaneries", "Festival Flâneries d'été", "festival", "03", "Québec", "nonprofit", ("festival", "music"), "1m-5m", 6),
    Org("brise-glace", "Compagnie Brise-Glace", "dance", "03", "Sainte-Foy", "nonprofit", ("dance",), "100k-250k", 1.5),
    Org("traversier", "Théâtre jeune public Le Traversier", "theatre", "03", "Charlesbourg", "nonprofit", ("theatre",), "250k-500k", 2.5),
    Org("portneuf-culture", "Diffusion Portneuf Culture", "presenter", "03", "Saint-Raymond", "nonprofit", ("presenting",), "250k-500k", 2),
    Org("marees-charlevoix", "Musée des Marées de Charlevoix", "museum", "03", "Baie-Saint-Paul", "nonprofit", ("heritage",), "500k-1m", 5),
    Org("vieux-phare", "Éditions du Vieux-Phare", "publisher", "03", "Québec", "company", ("literature",), "100k-250k", 2),
    Org("aurores", "Ensemble vocal Aurores", "music", "03", "Beauport", "nonprofit", ("music",), "lt100k", 0.5),
    Org("battures", "Cirque des Battures", "circus", "03", "Beauport", "nonprofit", ("circus",), "250k-500k", 3),
    Org("veillees-jacques-cartier", "Festival Veillées de la Jacques-Cartier", "festival", "03", "Sainte Catherine de la Jacques Cartier", "nonprofit", ("festival", "literature"), "lt100k", 0.5),
    Org("sans-coulisses", "Théâtre Sans coulisses", "theatre", "03", "Les Rivières", "nonprofit", ("theatre",), "100k-250k", 1.5),
    Org("friche-nord", "Collectif Friche Nord", "collective", "03", "La Cité-Limoilou", "collective", ("visual_arts", "multidisciplinary"), "lt100k", 0.5),
    Org("emilie-paradis", "Émilie Paradis, metteuse en scène", "artist", "03", "Sainte-Foy", "self_employed", ("theatre",), "lt100k", 1),
    Org("verre-trempe", "Centre d'artistes Verre trempé", "visual_arts", "03", "La Cité-Limoilou", "nonprofit", ("visual_arts",), "100k-250k", 2),
    Org("cote-de-beaupre", "Diffusion Côte-de-Beaupré", "presenter", "03", "Château-Richer", "nonprofit", ("presenting",), "250k-500k", 2),
    Org("onde-de-choc", "Danse Onde de choc", "dance", "03", "La Haute-Saint-Charles", "nonprofit", ("dance",), "100k-250k", 1.5),
    Org("charlevoix-cordes", "Festival Charlevoix en cordes", "festival", "03", "La Malbaie", "nonprofit", ("festival", "music"), "250k-500k", 1.5),
    Org("petite-gare", "Théâtre de la Petite Gare", "theatre", "03", "Pont-Rouge", "nonprofit", ("theatre",), "100k-250k", 1),
    # Estrie (05)
    Org("lac-aux-huards", "Théâtre d'été du Lac aux Huards", "theatre", "05", "Magog", "company", ("theatre",), "500k-1m", 2),
    Org("cantons-lumiere", "Festival des Cantons en lumière", "festival", "05", "Sherbrooke", "nonprofit", ("festival", "music"), "500k-1m", 3),
    Org("boussole", "Théâtre de la Boussole", "theatre", "05", "Sherbrooke", "nonprofit", ("theatre",), "250k-500k", 3),
    Org("arpents-verts", "Musée des Arpents verts", "museum", "05", "Coaticook", "nonprofit", ("heritage",), "250k-500k", 3),
    Org("haut-saint-francois", "Diffusion Haut-Saint-François", "presenter", "05", "Cookshire-Eaton", "nonprofit", ("presenting",), "100k-250k", 1.5),
    Org("grange-bleue", "Éditions La Grange bleue", "publisher", "05", "Sutton", "company", ("literature",), "lt100k", 1),
    Org("affluents", "Ensemble baroque Les Affluents", "music", "05", "Sherbrooke", "nonprofit", ("music",), "100k-250k", 1),
    Org("pirouette", "Cirque Pirouette des Cantons", "circus", "05", "Magog", "nonprofit", ("circus",), "100k-250k", 1.5),
    Org("terre-battue", "Collectif Terre battue", "collective", "05", "Lac-Brome", "collective", ("visual_arts",), "lt100k", 0.5),
    Org("sentiers", "Danse Sentiers", "dance", "05", "Rock Forest", "nonprofit", ("dance",), "100k-250k", 1),
    Org("chansons-du-lac", "Festival Chansons du lac", "festival", "05", "Lac-Mégantic", "nonprofit", ("festival", "music"), "100k-250k", 1),
    Org("marc-antoine-giroux", "Marc-Antoine Giroux, conteur", "artist", "05", "Coaticook", "self_employed", ("literature",), "lt100k", 1),
    # Mauricie (04)
    Org("rive-nord-spectacles", "Diffusion Rive-Nord Spectacles", "presenter", "04", "Trois-Rivières", "nonprofit", ("presenting",), "1m-5m", 7),
    Org("moulin-a-vent", "Théâtre du Moulin à vent", "theatre", "04", "Trois-Rivières", "nonprofit", ("theatre",), "100k-250k", 2),
    Org("rythmes-saint-maurice", "Festival Rythmes du Saint-Maurice", "festival", "04", "Trois-Rivières", "nonprofit", ("festival", "music"), "250k-500k", 2),
    Org("vol-de-nuit", "Compagnie Vol de nuit", "dance", "04", "Shawinigan", "nonprofit", ("dance",), "100k-250k", 1),
    Org("flottage", "Musée du Flottage du bois", "museum", "04", "Shawinigan", "nonprofit", ("heritage",), "250k-500k", 3),
    Org("batiscan", "Théâtre d'été de la Batiscan", "theatre", "04", "Sainte-Geneviève-de-Batiscan", "company", ("theatre",), "100k-250k", 1),
    Org("trois-ponts", "Éditions des Trois Ponts", "publisher", "04", "Trois-Rivières", "company", ("literature",), "lt100k", 1),
    Org("cordes-sauvages", "Ensemble Cordes sauvages", "music", "04", "Louiseville", "nonprofit", ("music",), "lt100k", 0.5),
    Org("la-voute", "Collectif La Voûte", "collective", "04", "Trois-Rivières", "collective", ("multidisciplinary",), "lt100k", 0.5),
    Org("chants-foret", "Festival Chants de la forêt", "festival", "04", "Saint-Narcisse", "nonprofit", ("festival", "music"), "lt100k", 0.5),
    # Bas-Saint-Laurent (01)
    Org("cote-fleuve", "Diffusion Côté Fleuve", "presenter", "01", "Rimouski", "nonprofit", ("presenting",), "500k-1m", 5),
    Org("pointe-aux-cageux", "Diffusion Pointe-aux-Cageux", "presenter", "01", "Rivière-du-Loup", "nonprofit", ("presenting",), "250k-500k", 3),
    Org("matane-en-scene", "Diffusion Matane en scène", "presenter", "01", "Matane", "nonprofit", ("presenting",), "250k-500k", 2.5),
    Org("greves", "Théâtre des Grèves", "theatre", "01", "Rimouski", "nonprofit", ("theatre",), "100k-250k", 2),
    Org("marees-montantes", "Festival Marées montantes", "festival", "01", "Le Bic", "nonprofit", ("festival", "music"), "100k-250k", 1),
    Org("peches-antan", "Musée des Pêches d'antan", "museum", "01", "Kamouraska", "nonprofit", ("heritage",), "100k-250k", 1.5),
    Org("petit-large", "Éditions du Petit Large", "publisher", "01", "Trois Pistoles", "company", ("literature",), "lt100k", 1),
    Org("mitis", "Diffusion Mitis", "presenter", "01", "Mont-Joli", "nonprofit", ("presenting",), "100k-250k", 1.5),
    Org("estran", "Collectif Estran", "collective", "01", "Rimouski", "collective", ("visual_arts", "media_arts"), "lt100k", 0.5),
    # Outaouais (07)
    Org("rive-ouest", "Théâtre de la Rive-Ouest", "theatre", "07", "Hull", "nonprofit", ("theatre",), "250k-500k", 3),
    Org("collines-en-fete", "Festival Collines en fête", "festival", "07", "Chelsea", "nonprofit", ("festival", "music"), "250k-500k", 1.5),
    Org("gatineau-est", "Diffusion Gatineau-Est", "presenter", "07", "Buckingham", "nonprofit", ("presenting",), "500k-1m", 4),
    Org("canopee", "Danse Canopée", "dance", "07", "Aylmer", "nonprofit", ("dance",), "100k-250k", 1.5),
    Org("drave", "Musée de la Drave", "museum", "07", "Maniwaki", "nonprofit", ("heritage",), "100k-250k", 2),
    Org("ruisseau", "Éditions Ruisseau", "publisher", "07", "Wakefield", "company", ("literature",), "lt100k", 1),
    Org("voix-pontiac", "Ensemble Les Voix du Pontiac", "music", "07", "Shawville", "nonprofit", ("music",), "lt100k", 0.5),
    Org("bois-debout", "Collectif Bois debout", "collective", "07", "Gatineau", "collective", ("multidisciplinary",), "lt100k", 0.5),
    Org("leonie-carrier", "Léonie Carrier, danseuse", "artist", "07", "Gatineau", "self_employed", ("dance",), "lt100k", 1, "workshop"),
)  # fmt: skip

# The demo login owns the first and edits the second.
DEMO_USER_OWNS = "maree-haute"
DEMO_USER_EDITS = "ruelles"

DESCRIPTIONS = {
    "theatre": "Compagnie de théâtre de création établie {at_place}.",
    "dance": "Compagnie de danse contemporaine établie {at_place}, en création et en tournée.",
    "festival": "Festival annuel présenté {at_place}, avec une équipe permanente réduite.",
    "presenter": "Diffuseur pluridisciplinaire {of_place} : une salle, une saison, de la médiation.",
    "museum": "Musée d'histoire et de patrimoine {at_place}, ouvert toute l'année.",
    "publisher": "Maison d'édition littéraire établie {at_place}.",
    "music": "Ensemble musical établi {at_place}, en concert et en tournée.",
    "circus": "Compagnie de cirque contemporain établie {at_place}.",
    "artist": "Artiste et travailleur autonome établi {at_place}.",
    "collective": "Collectif d'artistes {of_place}, sans employé permanent.",
    "visual_arts": "Centre d'artistes autogéré {of_place} : expositions, résidences, ateliers.",
    "media_arts": "Collectif d'arts médiatiques {of_place} : production, prêt d'équipement.",
}


# --- scenarios -----------------------------------------------------------------------------
def _m(*values: float) -> tuple[float, ...]:
    assert len(values) == 12, values
    return tuple(float(v) for v in values)


FLAT_1 = _m(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1)

SCENARIOS: tuple[Scenario, ...] = (
    # 1. Montréal: four companies each short of 20-40 h of accounting a month -> one hire.
    Scenario("accounting-montreal", {
        "maree-haute": (Spec("accounting", "need", _m(32, 32, 36, 36, 30, 28, 24, 24, 30, 30, 30, 32), "Comptabilité et fin d'exercice", how_done="freelance"),),
        "rideau-cramoisi": (Spec("accounting", "need", _m(28, 28, 34, 34, 28, 24, 20, 20, 28, 28, 28, 28), "Tenue des livres et états financiers", how_done="freelance"),),
        "trois-lanternes": (Spec("accounting", "need", _m(22, 22, 26, 26, 22, 20, 16, 16, 22, 22, 22, 22), "Comptabilité (pigiste)", how_done="freelance"),),
        "cormoran": (Spec("accounting", "need", _m(30, 30, 30, 30, 30, 28, 26, 26, 30, 30, 30, 30), "Comptabilité et paie des tournées", how_done="staff"),),
        "heron-cendre": (Spec("accounting", "offer", _m(25, 25, 15, 15, 25, 30, 35, 35, 20, 20, 25, 25), "Heures libres de notre comptable", rate=45),),
    }),
    # 2. Montréal: grant writing, deadlines spread over the year.
    Scenario("grant-writing-montreal", {
        "maree-haute": (Spec("grant_writing", "need", _m(25, 40, 30, 25, 25, 20, 10, 10, 30, 40, 30, 25), "Demandes au CALQ et au CAC"),),
        "sous-bois": (Spec("grant_writing", "need", _m(35, 25, 25, 40, 25, 15, 10, 10, 40, 25, 25, 30), "Demandes de subvention de création"),),
        "parabole": (Spec("grant_writing", "need", _m(20, 20, 35, 20, 20, 10, 5, 10, 20, 25, 35, 20), "Rédaction de demandes (fait par les artistes)", how_done="volunteer"),),
        "marionnettes-grenier": (Spec("grant_writing", "need", _m(30, 30, 30, 30, 30, 25, 10, 10, 30, 30, 30, 30), "Demandes de subvention et de tournée"),),
    }),
    # 3. Montréal: a summer festival, a school-touring company and a winter festival share a van.
    Scenario("van-montreal", {
        "ruelles": (Spec("cargo_van", "need", _m(0, 0, 0, 0, 4, 18, 20, 16, 2, 0, 0, 0), "Camion cube pour le montage des scènes", how_done="freelance"),),
        "cerf-volant": (Spec("cargo_van", "need", _m(8, 8, 8, 8, 6, 2, 0, 0, 6, 10, 10, 6), "Camion pour les tournées scolaires", how_done="freelance"),),
        "lumieres-hiver": (Spec("cargo_van", "need", _m(10, 14, 4, 0, 0, 0, 0, 0, 0, 0, 2, 8), "Camion pour les installations lumineuses", how_done="freelance"),),
    }),
    # 4. Montréal: a theatre season and a summer festival share a technical director.
    Scenario("technical-director-montreal", {
        "maree-haute": (Spec("technical_direction", "need", _m(90, 90, 100, 100, 60, 10, 0, 10, 80, 110, 110, 70), "Direction technique de la saison", how_done="freelance"),),
        "ruelles": (Spec("technical_direction", "need", _m(0, 0, 10, 20, 50, 120, 130, 120, 30, 0, 0, 0), "Direction technique du festival", how_done="freelance"),),
    }),
    # 5. Montréal: storage of sets and festival gear, full at opposite seasons.
    Scenario("storage-montreal", {
        "maree-haute": (Spec("storage", "need", _m(40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40, 40), "Entreposage des décors", how_done="freelance"),),
        "ruelles": (Spec("storage", "need", _m(60, 60, 60, 60, 40, 10, 10, 10, 50, 60, 60, 60), "Entrepôt du matériel hors saison", how_done="freelance"),),
        "lumieres-hiver": (Spec("storage", "need", _m(5, 5, 30, 30, 30, 30, 30, 30, 30, 30, 20, 5), "Entreposage des installations", how_done="freelance"),),
    }),
    # 6. Montréal: a dance company's studio stands idle part of the week.
    Scenario("studio-montreal", {
        "vertige": (Spec("rehearsal_studio", "offer", _m(60, 60, 60, 50, 50, 80, 100, 100, 50, 50, 50, 60), "Notre studio (lundi et vendredi libres)", rate=18),),
        "sous-bois": (Spec("rehearsal_studio", "need", _m(20, 20, 30, 30, 20, 0, 0, 10, 30, 30, 20, 10), "Studio de répétition pour la création", how_done="freelance"),),
        "parabole": (Spec("rehearsal_studio", "need", _m(10, 10, 10, 10, 10, 20, 20, 10, 10, 10, 10, 10), "Local de répétition", how_done="freelance"),),
        "mouvance-nord": (Spec("rehearsal_studio", "need", _m(15, 15, 15, 15, 10, 10, 10, 10, 15, 15, 15, 15), "Studio pour les classes et les répétitions", how_done="freelance"),),
    }),
    # 7. Montréal: a shared IT technician for small teams.
    Scenario("it-montreal", {
        "maree-haute": (Spec("it_support", "need", _m(8, 8, 8, 8, 8, 6, 4, 4, 8, 8, 8, 8), "Soutien informatique et sauvegardes"),),
        "quai-des-arts": (Spec("it_support", "need", _m(12, 12, 12, 12, 12, 10, 8, 8, 12, 12, 12, 12), "Parc informatique et billetterie"),),
        "metiers-du-fil": (Spec("it_support", "need", _m(10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10), "Soutien informatique"),),
        "papier-buvard": (Spec("it_support", "need", _m(5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5), "Dépannage informatique"),),
    }),
    # 8. Capitale-Nationale: a theatre season and a summer festival share a technical director.
    Scenario("technical-director-quebec", {
        "escaliers": (Spec("technical_direction", "need", _m(100, 100, 110, 90, 60, 10, 0, 0, 70, 110, 110, 80), "Direction technique de la saison", how_done="freelance"),),
        "flaneries": (Spec("technical_direction", "need", _m(0, 0, 0, 20, 60, 130, 130, 110, 10, 0, 0, 0), "Direction technique des scènes extérieures", how_done="freelance"),),
    }),
    # 9. Capitale-Nationale: a van between a festival and a young-audience touring company.
    Scenario("van-quebec", {
        "flaneries": (Spec("cargo_van", "need", _m(0, 0, 0, 2, 6, 16, 18, 14, 2, 0, 0, 0), "Camion pour le festival", how_done="freelance"),),
        "traversier": (Spec("cargo_van", "need", _m(8, 10, 10, 8, 6, 0, 0, 0, 6, 10, 10, 6), "Camion pour les tournées en école", how_done="freelance"),),
        "battures": (Spec("cargo_van", "need", _m(2, 2, 4, 4, 4, 4, 4, 4, 4, 4, 2, 2), "Transport des agrès", how_done="freelance"),),
    }),
    # 10. Capitale-Nationale: social media and payroll for small teams.
    Scenario("social-payroll-quebec", {
        "escaliers": (Spec("social_media", "need", _m(30, 30, 30, 30, 25, 10, 5, 15, 35, 35, 30, 25), "Animation des réseaux sociaux"),),
        "brise-glace": (Spec("social_media", "need", _m(20, 20, 25, 25, 20, 10, 10, 10, 25, 25, 20, 20), "Réseaux sociaux et infolettre"),),
        "sans-coulisses": (Spec("social_media", "need", _m(20, 20, 20, 20, 20, 10, 10, 10, 20, 20, 20, 20), "Réseaux sociaux"),),
        "traversier": (Spec("payroll", "need", _m(10, 10, 10, 10, 10, 8, 6, 6, 10, 10, 10, 10), "Paie des artistes", how_done="freelance"),),
        "onde-de-choc": (Spec("payroll", "need", _m(8, 8, 8, 8, 8, 6, 4, 4, 8, 8, 8, 8), "Paie et relevés", how_done="freelance"),),
        "battures": (Spec("payroll", "need", _m(12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12), "Paie des artistes de cirque", how_done="freelance"),),
        "aurores": (Spec("payroll", "need", _m(4, 4, 4, 4, 4, 2, 0, 0, 4, 4, 4, 6), "Cachets des choristes", how_done="volunteer"),),
    }),
    # 11. Estrie: storage, and a summer theatre's lighting idle from September to May.
    Scenario("estrie", {
        "cantons-lumiere": (Spec("storage", "need", _m(70, 70, 70, 70, 50, 10, 10, 20, 60, 70, 70, 70), "Entrepôt du matériel de scène"),),
        "boussole": (
            Spec("storage", "need", _m(30, 30, 30, 30, 30, 40, 40, 40, 30, 30, 30, 30), "Entreposage des décors et costumes"),
            Spec("lighting_equipment", "need", _m(6, 6, 6, 6, 2, 0, 0, 0, 4, 6, 6, 4), "Location d'éclairage pour la saison", how_done="freelance"),
        ),
        "arpents-verts": (Spec("storage", "need", _m(25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25, 25), "Réserve climatisée pour les collections", max_distance_km=40),),
        "lac-aux-huards": (Spec("lighting_equipment", "offer", _m(15, 15, 15, 15, 8, 0, 0, 0, 10, 15, 15, 15), "Parc d'éclairage hors de la saison d'été", rate=140),),
        "sentiers": (Spec("lighting_equipment", "need", _m(4, 4, 4, 0, 0, 0, 0, 0, 0, 0, 4, 4), "Éclairage pour les spectacles d'hiver", how_done="freelance"),),
    }),
    # 12. Mauricie: a presenter's van is idle most days.
    Scenario("van-offer-mauricie", {
        "rive-nord-spectacles": (Spec("cargo_van", "offer", _m(12, 12, 10, 10, 8, 4, 2, 2, 8, 10, 12, 12), "Notre camion, libre entre les spectacles", rate=85),),
        "moulin-a-vent": (Spec("cargo_van", "need", _m(4, 4, 4, 4, 2, 0, 0, 0, 4, 4, 4, 4), "Camion pour la tournée régionale", how_done="freelance"),),
        "vol-de-nuit": (Spec("cargo_van", "need", _m(2, 2, 3, 3, 2, 0, 0, 0, 2, 3, 3, 2), "Transport du décor et du plancher de danse", how_done="freelance"),),
        "cordes-sauvages": (Spec("cargo_van", "need", _m(1, 1, 2, 2, 1, 0, 0, 0, 1, 2, 2, 2), "Transport des instruments", how_done="freelance", max_distance_km=60),),
    }),
    # 13. Bas-Saint-Laurent: presenters share a ticketing system and its box-office hours.
    Scenario("ticketing-bas-saint-laurent", {
        "cote-fleuve": (Spec("ticketing", "need", _m(45, 45, 45, 45, 40, 15, 10, 15, 45, 45, 45, 45), "Billetterie en ligne et guichet", max_distance_km=150),),
        "pointe-aux-cageux": (Spec("ticketing", "need", _m(35, 35, 35, 35, 30, 10, 5, 10, 35, 35, 35, 35), "Logiciel de billetterie et guichet", max_distance_km=150),),
        "mitis": (Spec("ticketing", "need", _m(25, 25, 25, 25, 20, 10, 5, 10, 25, 25, 25, 25), "Billetterie", max_distance_km=150),),
        "marees-montantes": (Spec("ticketing", "need", _m(0, 0, 0, 5, 25, 80, 100, 75, 5, 0, 0, 0), "Billetterie du festival", max_distance_km=150),),
        "matane-en-scene": (Spec("ticketing", "need", _m(30, 30, 30, 30, 25, 10, 5, 10, 30, 30, 30, 30), "Billetterie et abonnements", max_distance_km=150),),
    }),
    # 14. Outaouais: bookkeeping among small organisations.
    Scenario("bookkeeping-outaouais", {
        "rive-ouest": (Spec("bookkeeping", "need", _m(30, 30, 35, 35, 30, 25, 20, 20, 30, 30, 30, 30), "Tenue de livres", how_done="freelance"),),
        "canopee": (Spec("bookkeeping", "need", _m(20, 20, 25, 25, 20, 15, 10, 10, 20, 20, 20, 20), "Tenue de livres", how_done="freelance"),),
        "collines-en-fete": (Spec("bookkeeping", "need", _m(10, 10, 15, 20, 30, 40, 40, 35, 20, 10, 10, 10), "Comptes fournisseurs du festival", how_done="freelance"),),
        "bois-debout": (Spec("bookkeeping", "need", _m(8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8), "Tenue de livres (bénévole)", how_done="volunteer"),),
    }),
    # 16. Montréal: the demo login's set workshop, idle between productions, serves an artists' centre.
    Scenario("workshop-offer-montreal", {
        "maree-haute": (Spec("tools", "offer", _m(8, 8, 6, 6, 10, 14, 16, 14, 6, 6, 8, 10), "Notre atelier de décors et ses outils", rate=35),),
        "verriere-bleue": (Spec("tools", "need", _m(4, 4, 4, 5, 6, 6, 6, 6, 5, 4, 4, 4), "Outils pour la production des œuvres", how_done="freelance"),),
    }),
    # 17. Bas-Saint-Laurent: a presenter's sound system, idle in summer, serves a summer festival.
    Scenario("sound-offer-bas-saint-laurent", {
        "cote-fleuve": (Spec("sound_equipment", "offer", _m(1, 1, 1, 1, 4, 8, 8, 8, 2, 1, 1, 1), "Notre sonorisation, libre l'été", rate=120, max_distance_km=80),),
        "marees-montantes": (Spec("sound_equipment", "need", _m(0, 0, 0, 0, 1, 5, 6, 4, 0, 0, 0, 0), "Sonorisation des scènes du festival", how_done="freelance", max_distance_km=80),),
    }),
    # 15. Outaouais: a presenter's rehearsal room serves a dance company and a collective.
    Scenario("studio-offer-outaouais", {
        "gatineau-est": (Spec("rehearsal_studio", "offer", _m(50, 50, 50, 40, 40, 60, 70, 70, 40, 40, 50, 50), "Notre salle de répétition, libre le jour", rate=12, max_distance_km=60),),
        "canopee": (Spec("rehearsal_studio", "need", _m(30, 30, 30, 30, 20, 0, 0, 10, 30, 30, 30, 20), "Studio pour les répétitions", how_done="freelance", max_distance_km=60),),
        "bois-debout": (Spec("rehearsal_studio", "need", _m(10, 10, 10, 10, 10, 5, 5, 5, 10, 10, 10, 10), "Local de répétition", how_done="freelance", max_distance_km=60),),
    }),
)  # fmt: skip

# Group purchasing of insurance: these organisations each buy a policy alone today.
INSURANCE_BUYERS: tuple[str, ...] = (
    "maree-haute",
    "ruelles",
    "sous-bois",
    "rideau-cramoisi",
    "trois-lanternes",
    "cormoran",
    "vertige",
    "contrepoint-nomade",
    "fil-ariane",
    "cerf-volant",
    "marionnettes-grenier",
    "mouvance-nord",
    "anse-aux-brumes",
    "funambules-canal",
    "mezzanine",
    "courts-eclats",
    "escaliers",
    "brise-glace",
    "traversier",
    "battures",
    "sans-coulisses",
    "onde-de-choc",
    "boussole",
    "cantons-lumiere",
    "pirouette",
    "moulin-a-vent",
    "vol-de-nuit",
    "rive-ouest",
    "canopee",
    "collines-en-fete",
)
INSURANCE_SPEC = Spec(
    "group_insurance", "need", FLAT_1, "Assurance responsabilité civile et biens",
    max_distance_km=300, how_done="freelance",
)  # fmt: skip

# The demo login's organisation also does a few things well itself.
EXTRA_ITEMS: dict[str, tuple[Spec, ...]] = {
    "maree-haute": (
        Spec("communications", "inhouse", _m(40, 40, 40, 40, 30, 10, 5, 20, 50, 50, 40, 30), "Communications et relations de presse", how_done="staff"),
        Spec("production_management", "inhouse", _m(80, 80, 90, 90, 60, 20, 0, 20, 90, 100, 100, 70), "Direction de production", how_done="staff"),
        Spec("rehearsal_studio", "offer", _m(20, 20, 10, 10, 20, 60, 80, 60, 10, 10, 10, 30), "Notre salle de répétition quand nous jouons", rate=20),
        Spec("graphic_design", "need", _m(10, 5, 5, 15, 20, 5, 0, 10, 10, 5, 5, 10), "Affiches et programme de saison", how_done="freelance"),
    ),
    "ruelles": (
        Spec("event_gear", "need", _m(0, 0, 0, 0, 2, 10, 12, 8, 0, 0, 0, 0), "Tentes, clôtures et génératrices", how_done="freelance"),
        Spec("sponsorship", "inhouse", _m(20, 20, 30, 40, 40, 30, 20, 10, 10, 10, 15, 20), "Recherche de commandites", how_done="staff"),
    ),
}  # fmt: skip


# --- archetype templates -------------------------------------------------------------------
def _t(
    category: str,
    direction: str,
    profile: str,
    peak: float,
    label: str,
    how_done: str | None = None,
) -> Template:
    return Template(category, direction, profile, peak, label, how_done)


TEMPLATES: dict[str, tuple[Template, ...]] = {
    "theatre": (
        _t("production_management", "inhouse", "season", 60, "Direction de production", "staff"),
        _t("communications", "inhouse", "season", 40, "Communications", "staff"),
        _t("bookkeeping", "need", "flat", 20, "Tenue de livres"),
        _t("graphic_design", "need", "season", 12, "Graphisme des affiches"),
        _t("cargo_van", "need", "tour", 6, "Camion pour les tournées"),
        _t("storage", "need", "flat", 30, "Entreposage des décors"),
        _t("rehearsal_studio", "need", "season", 30, "Salle de répétition"),
        _t("social_media", "need", "season", 20, "Réseaux sociaux"),
        _t("grant_reporting", "need", "deadlines", 15, "Redditions de comptes"),
        _t("payroll", "need", "flat", 8, "Paie des artistes"),
        _t("set_costume_shop", "need", "season", 40, "Construction de décors"),
        _t("grant_writing", "inhouse", "deadlines", 20, "Demandes de subvention", "staff"),
        _t("rehearsal_studio", "offer", "summer", 60, "Notre salle, libre l'été"),
    ),
    "dance": (
        _t("booking", "inhouse", "tour", 30, "Diffusion et tournées", "staff"),
        _t("rehearsal_studio", "need", "season", 40, "Studio de répétition"),
        _t("bookkeeping", "need", "flat", 15, "Tenue de livres"),
        _t("tour_logistics", "need", "tour", 20, "Logistique de tournée"),
        _t("video_equipment", "need", "season", 2, "Captation vidéo des spectacles"),
        _t("payroll", "need", "flat", 6, "Paie des interprètes"),
        _t("media_relations", "need", "season", 10, "Relations de presse"),
        _t("international_development", "need", "tour", 15, "Développement à l'international"),
        _t("communications", "inhouse", "season", 20, "Communications", "staff"),
        _t("health_safety", "need", "flat", 6, "Prévention des blessures"),
    ),
    "festival": (
        _t(
            "production_management",
            "inhouse",
            "festival_prep",
            80,
            "Production du festival",
            "staff",
        ),
        _t("staging_seating", "need", "summer", 5, "Scène mobile et gradins"),
        _t("sponsorship", "need", "festival_prep", 30, "Commandites"),
        _t("storage", "need", "flat", 40, "Entrepôt"),
        _t("recruitment", "need", "festival_prep", 20, "Recrutement des bénévoles et techniciens"),
        _t("health_safety", "need", "summer", 15, "Sécurité des sites"),
        _t("sound_equipment", "need", "summer", 6, "Sonorisation"),
        _t("ticketing", "need", "summer", 40, "Billetterie"),
        _t("communications", "inhouse", "festival_prep", 50, "Communications", "staff"),
        _t("event_gear", "need", "summer", 8, "Tentes et clôtures"),
        _t("sound_equipment", "offer", "winter", 10, "Notre sonorisation, libre l'hiver"),
    ),
    "presenter": (
        _t("ticketing", "inhouse", "season", 50, "Billetterie et guichet", "staff"),
        _t("technical_direction", "need", "season", 40, "Direction technique de la salle"),
        _t("audience_development", "need", "season", 25, "Développement des publics"),
        _t("crm_audience_data", "need", "flat", 15, "Données sur les publics"),
        _t("cultural_mediation", "need", "season", 20, "Médiation culturelle"),
        _t("accounting", "need", "flat", 25, "Comptabilité"),
        _t("software_licences", "need", "flat", 6, "Licences de logiciels"),
        _t("venue", "offer", "summer", 12, "Notre salle, libre l'été"),
        _t("staging_seating", "offer", "summer", 8, "Gradins et praticables disponibles"),
        _t("communications", "inhouse", "season", 60, "Communications", "staff"),
    ),
    "museum": (
        _t("archives", "inhouse", "flat", 60, "Gestion des collections", "staff"),
        _t("data_metadata", "need", "flat", 30, "Numérisation et métadonnées"),
        _t("education_programmes", "need", "museum", 40, "Programmes scolaires"),
        _t("it_support", "need", "flat", 10, "Soutien informatique"),
        _t("storage", "need", "flat", 60, "Réserve"),
        _t("cultural_mediation", "need", "museum", 30, "Médiation culturelle"),
        _t("website", "need", "flat", 15, "Site web et billetterie"),
        _t("health_safety", "need", "flat", 8, "Santé et sécurité"),
        _t("exhibition_space", "offer", "winter", 8, "Salle d'exposition temporaire libre"),
        _t("offices", "offer", "flat", 30, "Bureaux libres à l'étage"),
    ),
    "publisher": (
        _t("rights_management", "inhouse", "flat", 40, "Droits et contrats d'auteurs", "staff"),
        _t("graphic_design", "need", "book", 30, "Couvertures et mise en page"),
        _t("media_relations", "need", "book", 20, "Relations de presse"),
        _t("data_metadata", "need", "flat", 15, "Métadonnées des livres"),
        _t("storage", "need", "flat", 50, "Entrepôt des livres"),
        _t("bookkeeping", "need", "flat", 25, "Tenue de livres"),
        _t("grant_writing", "need", "deadlines", 20, "Demandes de subvention"),
        _t("website", "need", "flat", 8, "Site web et boutique"),
        _t("social_media", "need", "book", 20, "Réseaux sociaux"),
        _t("event_gear", "need", "book", 2, "Kiosque pour les salons du livre"),
    ),
    "music": (
        _t("booking", "inhouse", "tour", 25, "Diffusion des concerts", "staff"),
        _t("instruments", "need", "season", 4, "Location d'instruments"),
        _t("passenger_van", "need", "tour", 4, "Minibus de tournée"),
        _t("rehearsal_studio", "need", "season", 25, "Salle de répétition"),
        _t("bookkeeping", "need", "flat", 12, "Tenue de livres"),
        _t("grant_writing", "need", "deadlines", 20, "Demandes de subvention"),
        _t("sound_equipment", "need", "season", 3, "Sonorisation des concerts"),
        _t("payroll", "need", "flat", 6, "Cachets des musiciens"),
        _t("audience_development", "need", "season", 15, "Développement des publics"),
        _t("instruments", "offer", "summer", 10, "Instruments prêtés l'été"),
    ),
    "circus": (
        _t("workshop_space", "need", "season", 60, "Espace d'entraînement haut plafond"),
        _t("passenger_van", "need", "tour", 6, "Minibus de tournée"),
        _t("health_safety", "need", "flat", 12, "Santé et sécurité des artistes"),
        _t("tour_logistics", "need", "tour", 30, "Logistique de tournée"),
        _t("international_development", "need", "tour", 25, "Développement international"),
        _t("storage", "need", "flat", 60, "Entreposage des agrès"),
        _t("booking", "inhouse", "tour", 35, "Diffusion", "staff"),
        _t("training", "need", "flat", 1, "Formation en sécurité"),
        _t("payroll", "need", "flat", 12, "Paie des artistes"),
    ),
    "artist": (
        _t("bookkeeping", "need", "flat", 5, "Tenue de livres"),
        _t("grant_writing", "need", "deadlines", 10, "Demandes de bourse"),
        _t("tax_compliance", "need", "yearend", 3, "Déclarations fiscales"),
        _t("contracts_legal", "need", "flat", 2, "Contrats"),
        _t("website", "need", "flat", 3, "Portfolio en ligne"),
        _t("workshop_space", "need", "season", 15, "Atelier de création"),
        _t("social_media", "need", "flat", 6, "Réseaux sociaux"),
        _t("booking", "inhouse", "tour", 10, "Démarchage", "staff"),
    ),
    "collective": (
        _t("rehearsal_studio", "need", "season", 20, "Local de répétition"),
        _t("grant_writing", "need", "deadlines", 15, "Demandes de subvention"),
        _t("bookkeeping", "need", "flat", 8, "Tenue de livres"),
        _t("graphic_design", "need", "season", 6, "Graphisme"),
        _t("cargo_van", "need", "tour", 3, "Camion"),
        _t("offices", "need", "flat", 15, "Bureau partagé"),
        _t("contracts_legal", "need", "flat", 2, "Contrats"),
        _t("communications", "inhouse", "season", 10, "Communications", "volunteer"),
    ),
    "visual_arts": (
        _t("exhibition_space", "inhouse", "flat", 20, "Galerie", "owned_asset"),
        _t("workshop_space", "need", "flat", 40, "Atelier de production"),
        _t("tools", "need", "flat", 6, "Outils de production"),
        _t("archives", "need", "flat", 15, "Archives des expositions"),
        _t("cultural_mediation", "need", "museum", 20, "Médiation"),
        _t("graphic_design", "need", "flat", 10, "Graphisme"),
        _t("bookkeeping", "need", "flat", 15, "Tenue de livres"),
        _t("it_support", "need", "flat", 5, "Soutien informatique"),
        _t("tools", "offer", "flat", 10, "Atelier de bois et outils"),
    ),
    "media_arts": (
        _t("video_equipment", "offer", "flat", 10, "Caméras et projecteurs à prêter"),
        _t("it_support", "need", "flat", 10, "Soutien informatique"),
        _t("software_licences", "need", "flat", 8, "Licences de montage"),
        _t("storage", "need", "flat", 20, "Entreposage du matériel"),
        _t("grant_writing", "need", "deadlines", 15, "Demandes de subvention"),
        _t("data_metadata", "need", "flat", 10, "Archives numériques"),
        _t("accounting", "need", "flat", 10, "Comptabilité"),
    ),
}

# --- people --------------------------------------------------------------------------------
FIRST_NAMES = (
    "Geneviève", "Mathieu", "Isabelle", "Jean-François", "Marie-Ève", "Simon", "Catherine",
    "Olivier", "Julie", "Alexandre", "Annie", "Maxime", "Véronique", "Philippe", "Émilie",
    "Vincent", "Stéphanie", "Sébastien", "Karine", "Nicolas", "Mélanie", "Patrick", "Chantal",
    "Louis", "Nathalie", "Samuel", "Valérie", "Gabriel", "Audrey", "Félix", "Josée", "Étienne",
    "Sophie", "Hugo", "Amélie", "François", "Myriam", "Marc-André", "Caroline", "Pierre-Luc",
    "Noémie", "Raphaël", "Léa", "Thomas", "Camille", "William", "Rosalie", "Charles",
)  # fmt: skip
LAST_NAMES = (
    "Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
    "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc", "Paquette",
    "Girard", "Simard", "Boucher", "Caron", "Beaulieu", "Cloutier", "Dubé", "Poirier",
    "Fournier", "Lapointe", "Leclerc", "Lefebvre", "Poulin", "Thibault", "Nadeau", "Landry",
    "Martel", "Bédard", "Grenier", "Lessard", "Bernier", "Michaud", "Hébert", "Desjardins",
    "Couture", "Turcotte", "Lachance", "Savard", "Proulx", "Beaudoin", "Demers", "Ménard",
)  # fmt: skip
