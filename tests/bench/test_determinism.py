"""The same instance gives the same plan on an idle and on a busy machine."""

import subprocess
import sys

from quality_instances import generate

from mutualiser.engine.grouping import solve
from mutualiser.engine.instance import instance_from_dict, result_to_dict


def test_the_same_instance_gives_the_same_plan_with_the_other_core_busy():
    # 80 organisations within long reach: components go through the LP, the dive and MILPs.
    instance = instance_from_dict(generate("80 one city long", 2))
    idle = result_to_dict(solve(instance))
    busy_loop = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        busy = result_to_dict(solve(instance))
    finally:
        busy_loop.kill()
        busy_loop.wait()

    assert busy == idle
    assert any(c["method"] == "exact" and c["size"] > 24 for c in idle["components"])


def test_the_thorough_effort_gives_the_same_plan_with_the_other_core_busy():
    # exact_limit 5: every component takes the thorough large path (column generation,
    # rounding, windows), as a national run's components beyond 24 items.
    instance = instance_from_dict(generate("80 one city long", 3))
    idle = result_to_dict(solve(instance, exact_limit=5, effort="thorough"))
    busy_loop = subprocess.Popen([sys.executable, "-c", "while True: pass"])
    try:
        busy = result_to_dict(solve(instance, exact_limit=5, effort="thorough"))
    finally:
        busy_loop.kill()
        busy_loop.wait()

    assert busy == idle
    assert any(c["size"] > 5 for c in idle["components"])
