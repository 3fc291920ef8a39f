"""An import or an engine run killed halfway (SIGKILL) leaves the data as it was.

A child Python does the real work on the test database, with one function replaced by a
stall that writes a marker file and sleeps: the marker says the child is inside the
transaction, rows written but not committed. The test then kills it and reads the database.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

from mutualiser.diagnostic.importexport import write_csv
from mutualiser.diagnostic.models import Direction, InventoryItem
from mutualiser.partners.models import Opportunity, PartnerRun
from mutualiser.partners.selectors import latest_run
from mutualiser.runs.models import RunStatus
from tests.factories import CategoryFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db(transaction=True)

CHILD = """
import sys, time
from pathlib import Path
import django
django.setup()
marker = Path(sys.argv[1])

def stall(*args, **kwargs):
    marker.write_text("inside the transaction")
    time.sleep(120)

if sys.argv[2] == "import":
    from mutualiser.diagnostic import services
    from mutualiser.organisations.models import Organisation
    services._inventory_changed = stall  # after the rows are written, before the commit
    services.inventory_import(
        organisation=Organisation.objects.get(slug=sys.argv[3]),
        name="inventory.csv",
        data=Path(sys.argv[4]).read_bytes(),
    )
else:
    from mutualiser.engine import split
    from mutualiser.partners import services
    if sys.argv[2] == "solving":
        split.solve_piece = stall  # the engine at work on a piece
    else:
        services._candidate_rows = stall  # storing: the opportunities written, not committed
    services.opportunities_compute_now(region=sys.argv[3])
"""


def database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{credentials}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def kill_halfway(tmp_path: Path, *args: str) -> None:
    """Run the child until it reaches its stall, then SIGKILL it."""
    marker = tmp_path / "halfway"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "mutualiser.settings",
        "MUTUALISER_ENV": "development",
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "CACHE_URL": "locmem",
    }
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(marker), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 90
        while not marker.exists():
            if child.poll() is not None:
                pytest.fail("the child ended early: " + child.stderr.read().decode()[-3000:])
            if time.monotonic() > deadline:
                pytest.fail("the child never reached its stall")
            time.sleep(0.05)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        assert child.returncode == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()


def snapshot(organisation) -> list[tuple]:
    return list(
        InventoryItem.objects.filter(organisation=organisation)
        .order_by("pk")
        .values_list("pk", "label", "satisfaction", "months", "version", "updated_at")
    )


def test_an_import_killed_halfway_leaves_the_inventory_as_it_was(tmp_path, region):
    organisation = region["a"]
    before = snapshot(organisation)
    changed = InventoryItem.objects.get(pk=region["a_accounting"].pk)
    changed.satisfaction = 1 if changed.satisfaction != 1 else 5
    new = InventoryItem(
        organisation=organisation,
        category=CategoryFactory(code="payroll", label_fr="Paie", label_en="Payroll"),
        direction=Direction.NEED,
        label="Paie des interprètes",
        months=[4] * 12,
    )
    upload = tmp_path / "inventory.csv"
    upload.write_bytes(write_csv([changed, new]))

    kill_halfway(tmp_path, "import", organisation.slug, str(upload))

    assert snapshot(organisation) == before


@pytest.mark.parametrize("stage", ["solving", "storing"])
def test_an_engine_run_killed_halfway_leaves_the_opportunities_as_they_were(
    tmp_path, region, stage
):
    region_code = region["a"].region
    shown = latest_run(region_code)
    opportunities = sorted(Opportunity.objects.values_list("pk", "run_id", "kind"))
    assert shown is not None and opportunities

    kill_halfway(tmp_path, stage, region_code)

    assert latest_run(region_code) == shown
    assert sorted(Opportunity.objects.values_list("pk", "run_id", "kind")) == opportunities
    # the killed computation stays "running" until it is found stale (test_task_failures.py)
    # (the run before the shown one is kept too, for links read a moment earlier)
    killed = PartnerRun.objects.filter(pk__gt=shown.pk).get()
    assert killed.status == RunStatus.RUNNING
    assert not killed.opportunities.exists()
