"""bench/tree_memory.py: the peak of a command and its forked children, counted once."""

import subprocess
import sys

import pytest
from tree_memory import _own_group, run_measured

# The parent fills 120 MiB, forks; the child fills 120 MiB of its own and copies none of
# the parent's. Two processes' resident sets would say 360; the kernel charges 240.
FORKED = """
import os
parent = bytearray(120 * 2**20)
pid = os.fork()
if pid == 0:
    child = bytearray(120 * 2**20)
    os._exit(0)
os.waitpid(pid, 0)
print("done")
"""


def test_the_peak_counts_a_forked_child_and_shared_pages_once():
    run, peak = run_measured([sys.executable, "-c", FORKED])
    if peak is None:
        pytest.skip("no memory cgroup can be made on this machine")

    assert run.stdout.strip() == "done"
    assert 240 <= peak < 330


def test_a_failing_command_is_reported_and_leaves_no_group_behind():
    with pytest.raises(subprocess.CalledProcessError):
        run_measured([sys.executable, "-c", "raise SystemExit(3)"])
    own = _own_group()
    if own is not None:
        assert not list(own[0].glob("bench-*"))
