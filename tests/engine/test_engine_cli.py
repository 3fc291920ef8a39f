"""The engine's command line: solve, generate, explain, invalid instances."""

import json
import subprocess
import sys
from pathlib import Path

from mutualiser.engine.cli import main
from mutualiser.words.reasons import label
from tests.engine.builders import make_instance_dict, make_item


def write(path: Path, data) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_solve_writes_the_result_and_explains_it_in_french(tmp_path, capsys):
    items = [make_item(f"i{k}", f"o{k}", 15) for k in range(1, 7)]
    instance = write(tmp_path / "in.json", make_instance_dict(items))
    output = tmp_path / "out.json"

    code = main(["solve", str(instance), "-o", str(output), "--explain", "--lang", "fr"])

    assert code == 0
    result = json.loads(output.read_text(encoding="utf-8"))
    assert len(result["groups"]) == 1 and result["total_savings"] > 0
    out = capsys.readouterr().out
    assert "Groupe 1" in out and "économies" in out and "Shapley" in out


def test_explain_speaks_english_when_asked(tmp_path, capsys):
    items = [make_item(f"i{k}", f"o{k}", 15) for k in range(1, 7)]
    instance = write(tmp_path / "in.json", make_instance_dict(items))

    assert main(["solve", str(instance), "--explain", "--lang", "en"]) == 0

    out = capsys.readouterr().out
    assert "Group 1" in out and "savings" in out


def test_an_invalid_instance_exits_2_names_field_and_item_and_writes_nothing(tmp_path, capsys):
    items = [make_item("i1", "o1"), make_item("i2", "o2")]
    items[1]["months"] = [1] * 11
    instance = write(tmp_path / "in.json", make_instance_dict(items))
    output = tmp_path / "out.json"

    code = main(["solve", str(instance), "-o", str(output), "--lang", "en"])

    assert code == 2
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [instance]
    err = capsys.readouterr().err
    assert 'items[1] (id "i2"): "months" must have 12 values, got 11' in err


def test_an_invalid_instance_is_explained_in_french_by_default(tmp_path, capsys):
    items = [make_item("i1", "o1"), make_item("i2", "o2")]
    items[1]["months"] = [1] * 11
    instance = write(tmp_path / "in.json", make_instance_dict(items))

    assert main(["solve", str(instance), "-o", str(tmp_path / "out.json")]) == 2
    err = capsys.readouterr().err
    assert "Instance invalide" in err and 'items[1] (id "i2")' in err
    assert "must have" not in err


def test_malformed_json_exits_2(tmp_path, capsys):
    instance = tmp_path / "in.json"
    instance.write_text("{not json", encoding="utf-8")

    assert main(["solve", str(instance), "-o", str(tmp_path / "out.json")]) == 2
    assert "JSON mal formé" in capsys.readouterr().err
    assert main(["solve", str(instance), "--lang", "en", "-o", str(tmp_path / "o.json")]) == 2
    assert "malformed JSON" in capsys.readouterr().err


def test_generate_writes_a_valid_instance_that_solve_accepts(tmp_path):
    instance = tmp_path / "gen.json"

    assert main(["generate", "--orgs", "15", "--seed", "2", "-o", str(instance)]) == 0
    assert main(["solve", str(instance), "-o", str(tmp_path / "out.json")]) == 0

    assert len(json.loads(instance.read_text(encoding="utf-8"))["organisations"]) == 15


def test_unknown_arguments_exit_2(capsys):
    assert main(["solve"]) == 2
    assert main(["frobnicate"]) == 2


def test_the_module_runs_with_python_dash_m(tmp_path):
    items = [make_item(f"i{k}", f"o{k}", 15) for k in range(1, 7)]
    instance = write(tmp_path / "in.json", make_instance_dict(items))

    run = subprocess.run(
        [sys.executable, "-m", "mutualiser.engine.cli", "solve", str(instance)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["groups"]


def test_explain_uses_the_sites_names_and_figures(tmp_path, capsys):
    items = [make_item(f"i{k}", f"o{k}", 15) for k in range(1, 7)]
    instance = write(tmp_path / "in.json", make_instance_dict(items))

    assert main(["solve", str(instance), "--explain", "--lang", "en"]) == 0

    out = capsys.readouterr().out
    # the rule names are the cost-sharing simulator's, the money is Babel's
    assert label("rule.shapley", "en") in out and label("rule.proportional", "en") in out
    assert " : " not in out and "$" in out.split("total savings: ")[1][:2]


def test_explain_says_how_far_the_plan_can_be_from_the_best_possible(tmp_path, capsys):
    items = [make_item(f"i{k}", f"o{k}", 15 + k) for k in range(1, 9)]
    instance = write(tmp_path / "in.json", make_instance_dict(items))
    output = tmp_path / "out.json"

    assert main(["solve", str(instance), "-o", str(output), "--explain", "--lang", "en"]) == 0

    out = capsys.readouterr().out
    assert "Best possible plan: at most" in out and "below it" in out
    result = json.loads(output.read_text(encoding="utf-8"))
    assert all(c["bound"] is not None and c["bound"] >= c["savings"] for c in result["components"])


def test_the_thorough_effort_solves_and_an_unknown_effort_exits_2(tmp_path, capsys):
    instance = tmp_path / "in.json"
    assert main(["generate", "--orgs", "30", "--seed", "4", "-o", str(instance)]) == 0
    fast, thorough = tmp_path / "fast.json", tmp_path / "thorough.json"
    assert main(["solve", str(instance), "-o", str(fast)]) == 0
    assert main(["solve", str(instance), "-o", str(thorough), "--effort", "thorough"]) == 0
    fast_result = json.loads(fast.read_text(encoding="utf-8"))
    thorough_result = json.loads(thorough.read_text(encoding="utf-8"))
    # Both are valid plans of the same instance; the thorough one is never worse here, where
    # the fast limits already prove most components optimal.
    assert thorough_result["total_savings"] >= fast_result["total_savings"] - 1e-6
    assert main(["solve", str(instance), "--effort", "quick"]) == 2
    assert "invalid choice: 'quick'" in capsys.readouterr().err


def test_explain_points_a_loose_fast_plan_to_the_thorough_effort():
    from mutualiser.engine.cli import explain
    from mutualiser.engine.generator import generate_instance
    from mutualiser.engine.grouping import solve
    from mutualiser.engine.instance import instance_from_dict

    instance = instance_from_dict(generate_instance(40, 3, cities=["Montréal"]))
    loose = solve(instance, exact_limit=0)  # the greedy plans and share bounds: a wide gap
    exact = solve(instance)  # every component proven optimal: no gap

    assert "--effort thorough" in explain(instance, loose, "fr")
    assert "To narrow this gap, run again with --effort thorough" in explain(instance, loose, "en")
    assert "--effort thorough" not in explain(instance, loose, "en", effort="thorough")
    assert "--effort thorough" not in explain(instance, exact, "fr")
