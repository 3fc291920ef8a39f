"""The directory and its map data for a region-sized directory (issue 10).

Run: .venv/bin/python bench/bench_directory.py [organisations]
Targets (docs/performance.md): each answer under 300 ms of server time; the map data under
1 MB. Organisations are spread over Québec's municipalities in a throw-away SQLite database,
each with a need and an offer; the time is the test client's (median of five, after a warm-up).
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import setup_django  # noqa: E402

setup_django("bench-directory-")

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from mutualiser.accounts.models import User  # noqa: E402
from mutualiser.diagnostic.models import Category, Direction, InventoryItem  # noqa: E402
from mutualiser.organisations.choices import Role, Visibility  # noqa: E402
from mutualiser.organisations.models import Membership, Organisation  # noqa: E402
from mutualiser.places.loader import load_municipalities, locate  # noqa: E402

PAGE_MS = 300
MAP_BYTES = 1_000_000


def build(count: int) -> User:
    call_command("migrate", verbosity=0)
    places = load_municipalities()
    Organisation.objects.bulk_create(
        Organisation(
            name=f"Organisme {n:05d}",
            slug=f"organisme-{n:05d}",
            legal_kind="nonprofit",
            disciplines=["theatre"] if n % 2 else ["dance"],
            region=places[n % len(places)].region,
            municipality=places[n % len(places)].name,
            latitude=places[n % len(places)].lat,
            longitude=places[n % len(places)].lon,
            visibility=Visibility.DIRECTORY,
        )
        for n in range(count)
    )
    categories = list(Category.objects.order_by("pk"))
    InventoryItem.objects.bulk_create(
        InventoryItem(
            organisation=organisation,
            category=categories[(organisation.pk + shift) % len(categories)],
            direction=direction,
            months=[10.0] * 12,
        )
        for organisation in Organisation.objects.all()
        for shift, direction in ((0, Direction.NEED), (7, Direction.OFFER))
    )
    user = User.objects.create_user(email="banc@example.org", password="banc-d-essai-long")
    montreal = locate("Montréal", "06")
    own = Organisation.objects.create(
        name="Banc d'essai",
        slug="banc-d-essai",
        legal_kind="nonprofit",
        region="06",
        municipality="Montréal",
        latitude=montreal.lat,
        longitude=montreal.lon,
    )
    Membership.objects.create(user=user, organisation=own, role=Role.OWNER)
    return user


def timed(client: Client, path: str, runs: int = 5) -> tuple[float, int]:
    response = client.get(path)
    assert response.status_code == 200, path
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), len(response.content)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    setup_test_environment()
    user = build(count)
    client = Client()
    client.force_login(user)
    print(f"directory of {count} listed organisations (SQLite)")
    for label, path in (
        ("page, no filter", "/fr/organisations/"),
        ("page, within 50 km", "/fr/organisations/?distance=50"),
        ("page, accounting offered", "/fr/organisations/?category=accounting&direction=offer"),
        ("map data, no filter", "/fr/organisations/map.json"),
        ("map data, within 100 km", "/fr/organisations/map.json?distance=100"),
    ):
        ms, size = timed(client, path)
        limit_ok = ms < PAGE_MS and (size < MAP_BYTES or "map" not in label)
        print(f"  {label:<28} {ms:7.1f} ms  {size / 1024:7.1f} KB  {'ok' if limit_ok else 'OVER'}")


if __name__ == "__main__":
    main()
