"""Background engine runs: pieces solved by tasks, merged into the run."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from mutualiser.diagnostic.adapters import instance_from_queryset
from mutualiser.diagnostic.models import Direction
from mutualiser.engine import split
from mutualiser.engine.grouping import solve
from mutualiser.engine.instance import load_instance, result_to_dict
from mutualiser.organisations.choices import Region
from mutualiser.organisations.models import Organisation
from mutualiser.runs.models import EngineRun, EngineRunPiece, RunStatus
from mutualiser.runs.services import engine_run_start
from tests.factories import CategoryFactory, InventoryItemFactory, OrganisationFactory

SUMMER = [5, 5, 10, 20, 40, 60, 60, 40, 20, 10, 5, 5]
WINTER = [60, 50, 40, 20, 10, 5, 5, 10, 20, 40, 50, 60]
STEADY = [30] * 12


def make_region(region: str = Region.MONTREAL, orgs: int = 8, lat: float = 45.5) -> None:
    """Organisations of one region a few km apart, with needs in three categories."""
    categories = [
        CategoryFactory(code=code, label_fr=code) for code in ("accounting", "payroll", "van")
    ]
    for n in range(orgs):
        organisation = OrganisationFactory(
            region=region, latitude=lat + 0.01 * n, longitude=-73.6 + 0.01 * n
        )
        for k, category in enumerate(categories):
            if (n + k) % 4 == 3:
                continue
            months = (SUMMER, WINTER, STEADY)[(n + k) % 3]
            InventoryItemFactory(organisation=organisation, category=category, months=months[:])
    InventoryItemFactory(
        organisation=OrganisationFactory(region=region, latitude=lat, longitude=-73.6),
        category=categories[0],
        direction=Direction.OFFER,
        months=[50] * 12,
        rate=40,
    )


def single_solve(region: str | None = None) -> dict:
    organisations = Organisation.objects.all()
    if region:
        organisations = organisations.filter(region=region)
    instance = load_instance(instance_from_queryset(organisations=organisations))
    return result_to_dict(solve(instance))


@pytest.mark.django_db
def test_a_run_completes_and_its_merged_result_equals_a_single_solve(alice):
    make_region()

    run = engine_run_start(created_by=alice)

    single = single_solve()
    assert run.status == RunStatus.DONE
    assert run.created_by == alice
    assert run.pieces_total == 3 and run.pieces_done == 3
    assert run.started_at and run.finished_at
    assert set(run.pieces.values_list("status", flat=True)) == {RunStatus.DONE}
    assert single["total_savings"] > 0 and single["assignments"]
    assert run.result["total_savings"] == single["total_savings"]
    assert run.result["groups"] == single["groups"]
    assert run.result["assignments"] == single["assignments"]


@pytest.mark.django_db
def test_a_regional_run_only_takes_that_region():
    make_region(Region.MONTREAL)
    make_region(Region.ESTRIE, lat=45.4)

    run = engine_run_start(region="5")

    montreal_slugs = set(
        Organisation.objects.filter(region=Region.MONTREAL).values_list("slug", flat=True)
    )
    pieces_orgs = {o["id"] for p in run.pieces.all() for o in p.instance["organisations"]}
    assert run.region == Region.ESTRIE and run.status == RunStatus.DONE
    assert pieces_orgs and not pieces_orgs & montreal_slugs
    assert run.result["groups"] == single_solve(Region.ESTRIE)["groups"]


@pytest.mark.django_db
def test_small_pieces_of_one_category_merge_into_the_single_answer():
    make_region(orgs=4, lat=45.5)
    make_region(Region.CAPITALE_NATIONALE, orgs=4, lat=46.8)

    run = engine_run_start(max_piece_items=6)

    assert run.pieces_total > 3
    assert run.status == RunStatus.DONE
    assert run.result["groups"] == single_solve()["groups"]


@pytest.mark.django_db
def test_a_run_with_nothing_to_pool_is_done_at_once():
    OrganisationFactory()

    run = engine_run_start()

    assert run.status == RunStatus.DONE and run.pieces_total == 0
    assert run.result["groups"] == [] and run.result["total_savings"] == 0


@pytest.mark.django_db
def test_a_failing_piece_marks_the_run_failed_with_a_clear_message(monkeypatch):
    make_region()
    solve_piece = split.solve_piece

    def out_of_memory_on_payroll(piece, **options):
        if piece.category == "payroll":
            raise MemoryError("no room left")
        return solve_piece(piece, **options)

    monkeypatch.setattr(split, "solve_piece", out_of_memory_on_payroll)

    run = engine_run_start()

    failed = run.pieces.get(category="payroll")
    assert run.status == RunStatus.FAILED
    assert run.result is None and run.finished_at
    assert "payroll" in run.error and "MemoryError: no room left" in run.error
    assert failed.status == RunStatus.FAILED and failed.error == run.error
    assert run.pieces_done < run.pieces_total


@pytest.mark.django_db
def test_a_piece_run_twice_is_counted_once():
    from mutualiser.runs.tasks import solve_run_piece

    make_region()
    run = engine_run_start()
    piece = run.pieces.first()

    answer = solve_run_piece.call(piece_id=piece.pk)

    run.refresh_from_db()
    assert answer["skipped"] is True
    assert run.pieces_done == run.pieces_total and run.status == RunStatus.DONE


@pytest.mark.django_db
def test_an_unknown_region_is_refused():
    with pytest.raises(ValueError, match="unknown region"):
        engine_run_start(region="42")

    assert not EngineRun.objects.exists()


@pytest.mark.django_db
def test_the_command_starts_a_run_and_prints_its_id(capsys):
    make_region()

    call_command("engine_run", "--region", "06")

    run = EngineRun.objects.get()
    assert capsys.readouterr().out.strip() == str(run.pk)
    assert run.region == "06" and run.status == RunStatus.DONE


@pytest.mark.django_db
def test_the_command_waits_and_reports_the_savings(capsys):
    make_region()

    call_command("engine_run", "--wait", "--interval", "0")

    run = EngineRun.objects.get()
    out, err = capsys.readouterr()
    assert out.startswith(f"{run.pk}\n")
    assert f"run {run.pk} done: " in out and str(run.result["total_savings"]) in out
    assert f"run {run.pk}: done, 3/3 pieces" in err


@pytest.mark.django_db
def test_the_command_refuses_an_unknown_region():
    with pytest.raises(CommandError, match="unknown region"):
        call_command("engine_run", "--region", "99")


@pytest.mark.django_db
def test_the_command_waiting_on_a_failed_run_exits_with_its_error(monkeypatch):
    make_region()

    def broken(piece, **options):
        raise RuntimeError("solver crashed")

    monkeypatch.setattr(split, "solve_piece", broken)

    with pytest.raises(CommandError, match="solver crashed"):
        call_command("engine_run", "--wait", "--interval", "0")

    assert EngineRunPiece.objects.filter(status=RunStatus.FAILED).count() == 1


@pytest.mark.django_db
def test_a_thorough_run_solves_every_piece_thoroughly_and_equals_a_thorough_solve(monkeypatch):
    make_region()
    efforts = []
    solve_piece = split.solve_piece

    def recording(piece, **options):
        efforts.append(options.get("effort"))
        return solve_piece(piece, **options)

    monkeypatch.setattr(split, "solve_piece", recording)

    call_command("engine_run", "--effort", "thorough")

    run = EngineRun.objects.get()
    assert run.effort == "thorough" and run.status == RunStatus.DONE
    assert efforts == ["thorough"] * run.pieces_total
    instance = load_instance(instance_from_queryset(organisations=Organisation.objects.all()))
    single = result_to_dict(solve(instance, effort="thorough"))
    assert run.result["groups"] == single["groups"]
    assert run.result["total_savings"] == single["total_savings"]


@pytest.mark.django_db
def test_an_unknown_effort_is_refused_and_starts_nothing():
    make_region()
    with pytest.raises(ValueError, match="unknown effort 'quick'"):
        engine_run_start(effort="quick")
    with pytest.raises(CommandError, match="invalid choice: 'quick'"):
        call_command("engine_run", "--effort", "quick")
    assert not EngineRun.objects.exists()
    assert engine_run_start().effort == "fast"  # the default
