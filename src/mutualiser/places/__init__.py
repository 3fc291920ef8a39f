"""Offline places data for Québec: 17 administrative regions, municipalities, distances.

No network and no Django: see :mod:`mutualiser.places.loader` and docs/places.md.
"""

from mutualiser.places.loader import (
    Location,
    Municipality,
    Region,
    distance_km,
    find_municipality,
    get_region,
    haversine_km,
    load_municipalities,
    load_regions,
    locate,
    municipalities_in,
    normalise_name,
    region_centre,
    region_code,
)
from mutualiser.places.prepositions import place_with_preposition

__all__ = [
    "Location",
    "Municipality",
    "Region",
    "distance_km",
    "find_municipality",
    "get_region",
    "haversine_km",
    "load_municipalities",
    "load_regions",
    "locate",
    "municipalities_in",
    "normalise_name",
    "place_with_preposition",
    "region_centre",
    "region_code",
]
