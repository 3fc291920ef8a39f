"""Under load (issue 8): 20 writers at once, each with its own database connection, all
succeed and no row is lost — on SQLite (WAL, busy timeout, IMMEDIATE transactions: writers
wait their turn) and on PostgreSQL (CI runs the suite on both)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from mutualiser.diagnostic.models import Category, Direction, InventoryItem
from mutualiser.diagnostic.services import (
    inventory_import,
    inventory_item_create,
    inventory_item_update,
    taxonomy_load,
)

from .factories import InventoryItemFactory, OrganisationFactory

WRITERS = 20
HEADER = "categorie;sens;precision;jan;fev;mar;avr;mai;juin;juil;aou;sep;oct;nov;dec"


def run_together(work, count: int) -> list[BaseException]:
    """Run work(index) in `count` threads released at once; return the errors raised."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def target(index: int) -> None:
        try:
            barrier.wait()
            work(index)
        except BaseException as error:  # noqa: BLE001 - collected, asserted empty
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=target, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_twenty_parallel_imports_and_edits_lose_nothing():
    taxonomy_load()  # an earlier transactional test may have emptied the tables
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode")
            assert cursor.fetchone()[0] == "wal"
    organisation = OrganisationFactory()
    payroll = Category.objects.get(code="payroll")
    shared = InventoryItemFactory(organisation=organisation, category=payroll, label="Partagé")
    van = Category.objects.get(code="cargo_van")

    def work(index: int) -> None:
        rows = [
            f"payroll;besoin;Import {index} ligne {line};1;1;1;1;1;1;1;1;1;1;1;1"
            for line in range(3)
        ]
        data = ("\r\n".join([HEADER, *rows]) + "\r\n").encode()
        inventory_import(organisation=organisation, name="inventaire.csv", data=data)
        inventory_item_create(
            organisation=organisation,
            category=van,
            direction=Direction.NEED,
            data={"label": f"Fourgon {index}"},
        )
        item = InventoryItem.objects.get(pk=shared.pk)
        inventory_item_update(item=item, data={"notes": f"écrit par {index}"})

    errors = run_together(work, WRITERS)

    assert errors == []
    items = InventoryItem.objects.filter(organisation=organisation)
    assert items.filter(label__startswith="Import ").count() == WRITERS * 3
    assert items.filter(label__startswith="Fourgon ").count() == WRITERS
    assert InventoryItem.objects.get(pk=shared.pk).notes.startswith("écrit par ")
