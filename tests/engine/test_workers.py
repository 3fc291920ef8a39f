"""`mutualiser engine solve --workers N`: the pieces solved in N processes, then merged."""

import json
from pathlib import Path

from mutualiser.engine.cli import main
from mutualiser.engine.generator import generate_instance
from mutualiser.engine.instance import instance_from_dict
from mutualiser.engine.split import split_instance


def solve_with(tmp_path: Path, instance: Path, workers: int) -> dict:
    output = tmp_path / f"out-{workers}.json"
    assert main(["solve", str(instance), "-o", str(output), "--workers", str(workers)]) == 0
    return json.loads(output.read_text(encoding="utf-8"))


def test_two_workers_find_the_same_groups_and_savings_as_one_process(tmp_path):
    data = generate_instance(40, 5, cities=["Sherbrooke", "Magog", "Granby"])
    instance = tmp_path / "in.json"
    instance.write_text(json.dumps(data), encoding="utf-8")
    pieces = split_instance(instance_from_dict(data))

    single = solve_with(tmp_path, instance, 1)
    parallel = solve_with(tmp_path, instance, 2)

    assert len({p.category for p in pieces}) > 1
    # Every component solved exactly: no time-bound search, so the answer is deterministic.
    assert all(c["method"] == "exact" and c["optimal"] for c in single["components"])
    assert single["total_savings"] > 0
    assert parallel["total_savings"] == single["total_savings"]
    assert parallel["groups"] == single["groups"]
    assert parallel["assignments"] == single["assignments"]


def test_zero_workers_is_refused(tmp_path, capsys):
    instance = tmp_path / "in.json"
    instance.write_text(json.dumps(generate_instance(5, 1)), encoding="utf-8")

    assert main(["solve", str(instance), "--workers", "0"]) == 2

    assert "--workers" in capsys.readouterr().err
