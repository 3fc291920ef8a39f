"""Large inventories (issue 8): the inventory and results pages and the PDF report of an
organisation at the per-organisation limit (settings.INVENTORY_MAX_ITEMS).

Run: .venv/bin/python bench/bench_large_inventory.py [items]
Targets (docs/performance.md): each page under 300 ms of server time and under 1 MB, the PDF
under 10 s. The results are kept until the inventory changes (diagnostic/results_cache.py):
"results, just edited" is the first view after an edit, which scores the inventory again.
The organisation is built in a throw-away SQLite database; the time is the test client's,
that is the server's work without the network (median of five, after one warm-up).
"""

from __future__ import annotations

import functools
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import setup_django  # noqa: E402

setup_django("bench-large-")

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from mutualiser.accounts.models import User  # noqa: E402
from mutualiser.diagnostic.models import Category, Direction, InventoryItem  # noqa: E402
from mutualiser.diagnostic.services import inventory_item_update  # noqa: E402
from mutualiser.organisations.choices import Role  # noqa: E402
from mutualiser.organisations.models import Membership, Organisation  # noqa: E402

PAGE_MS = 300
PAGE_BYTES = 1_000_000
PDF_SECONDS = 10


def build(count: int) -> User:
    call_command("migrate", verbosity=0)
    user = User.objects.create_user(email="banc@example.org", password="banc-d-essai-long")
    organisation = Organisation.objects.create(name="Banc d'essai", slug="banc-d-essai")
    Membership.objects.create(user=user, organisation=organisation, role=Role.OWNER)
    categories = list(Category.objects.order_by("pk"))
    directions = [Direction.NEED, Direction.OFFER]
    InventoryItem.objects.bulk_create(
        InventoryItem(
            organisation=organisation,
            category=categories[n % len(categories)],
            direction=directions[(n // len(categories)) % 2],
            label=f"Élément {n}",
            months=[float((n + month) % 9) for month in range(12)],
            annual_cost=1000 + n,
            notes="Une note ordinaire, de longueur ordinaire.",
        )
        for n in range(count)
    )
    return user


def touch_one_item(organisation: Organisation) -> None:
    """An edit through the services, as a member saving the form: the results are stale."""
    item = InventoryItem.objects.filter(organisation=organisation).order_by("pk").first()
    months = [*item.months[1:], item.months[0]]
    inventory_item_update(item=item, data={"months": months})


def timed(
    client: Client, path: str, runs: int = 5, before: Callable[[], None] | None = None
) -> tuple[float, int, int]:
    """(median ms, bytes, status) of GET path, `before` run untimed before each request."""
    response = client.get(path)  # warm-up
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        started = time.perf_counter()
        response = client.get(path)
        body = b"".join(response) if response.streaming else response.content
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), len(body), response.status_code


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else settings.INVENTORY_MAX_ITEMS
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    user = build(count)
    client = Client()
    client.force_login(user)
    print(f"{count} items (INVENTORY_MAX_ITEMS = {settings.INVENTORY_MAX_ITEMS})")
    failed = False
    organisation = Organisation.objects.get(slug="banc-d-essai")
    edited = functools.partial(touch_one_item, organisation)
    for name, path, before in (
        ("inventory page", "/fr/diagnostic/inventory/", None),
        ("results page", "/fr/diagnostic/", None),
        ("results page (en)", "/en/diagnostic/", None),
        ("results, just edited", "/fr/diagnostic/", edited),
    ):
        ms, size, status = timed(client, path, before=before)
        ok = status == 200 and ms < PAGE_MS and size < PAGE_BYTES
        failed |= not ok
        print(
            f"{name:20} {ms:8.0f} ms {size / 1e6:8.2f} MB  status {status}  "
            f"{'ok' if ok else 'OVER'}"
        )
    started = time.perf_counter()
    response = client.get("/fr/diagnostic/report.pdf")
    seconds = time.perf_counter() - started
    ok = response.status_code == 200 and seconds < PDF_SECONDS
    failed |= not ok
    print(
        f"{'PDF report':20} {seconds:8.1f} s  {len(response.content) / 1e6:8.2f} MB  "
        f"status {response.status_code}  {'ok' if ok else 'OVER'}"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
