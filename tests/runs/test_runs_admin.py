"""Staff follow engine runs in the admin, read-only."""

import pytest

from mutualiser.runs.services import engine_run_start
from mutualiser.words.templatetags.words import money as format_money
from tests.runs.test_engine_runs import make_region


@pytest.mark.django_db
def test_staff_see_a_run_its_total_savings_and_its_pieces(admin_client):
    make_region()
    run = engine_run_start()
    piece = run.pieces.first()

    listing = admin_client.get("/admin/runs/enginerun/")
    detail = admin_client.get(f"/admin/runs/enginerun/{run.pk}/change/")
    piece_page = admin_client.get(f"/admin/runs/enginerunpiece/{piece.pk}/change/")

    assert listing.status_code == detail.status_code == piece_page.status_code == 200
    assert format_money(run.result["total_savings"], 0) in listing.content.decode()
    assert piece.key in detail.content.decode()
    assert "/admin/runs/enginerun/add/" not in listing.content.decode()


@pytest.mark.django_db
def test_staff_see_each_runs_effort_and_filter_by_it(admin_client):
    make_region()
    run = engine_run_start(effort="thorough")
    link = f"/admin/runs/enginerun/{run.pk}/change/"

    listing = admin_client.get("/admin/runs/enginerun/").content.decode()
    thorough = admin_client.get("/admin/runs/enginerun/?effort__exact=thorough").content.decode()
    fast = admin_client.get("/admin/runs/enginerun/?effort__exact=fast").content.decode()

    assert "Approfondi" in listing and link in listing
    assert link in thorough and link not in fast
