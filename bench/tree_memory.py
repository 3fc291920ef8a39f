"""The peak memory of a command and every process it forks, as the kernel charged it.

The command runs in a memory cgroup of its own, made under this process's: forked workers
are included and a page they share is counted once. The kernel charges a cgroup the memory
its processes allocate and the file pages they are the first to read: shared libraries
already in memory (Python, NumPy, HiGHS) are not charged, which is why the figure can be
below one process's resident set. Per-process figures cannot give that:
a forked child's resident set repeats the parent's pages, and its private pages grow as the
parent writes to pages they shared. Where no cgroup can be made (not Linux, no write
access, a cgroup v2 tree that does not delegate the memory controller) the peak is None.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")


def _own_group() -> tuple[Path, str] | None:
    """This process's memory cgroup and the file of its peak usage (v1, else v2)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None
    entries = [line.split(":", 2) for line in lines if line.count(":") >= 2]
    for _hierarchy, controllers, path in entries:
        if "memory" in controllers.split(","):
            return CGROUP_ROOT / "memory" / path.lstrip("/"), "memory.max_usage_in_bytes"
    for hierarchy, controllers, path in entries:
        if hierarchy == "0" and controllers == "":
            return CGROUP_ROOT / path.lstrip("/"), "memory.peak"
    return None


def run_measured(command: list[str]) -> tuple[subprocess.CompletedProcess, float | None]:
    """`command`'s completed process (output captured, checked) and its tree's peak MiB."""
    own = _own_group()
    group = None
    if own is not None:
        group = own[0] / f"bench-{os.getpid()}"
        try:
            group.mkdir()
        except OSError:
            group = None
    if group is None or not (group / own[1]).exists():
        run = subprocess.run(command, capture_output=True, text=True, check=True)
        return run, None
    try:
        # The shell joins the group, then becomes the command: nothing else runs in it.
        joined = ["sh", "-c", 'echo $$ > "$0/cgroup.procs" && exec "$@"', str(group), *command]
        run = subprocess.run(joined, capture_output=True, text=True, check=True)
        return run, int((group / own[1]).read_text()) / 2**20
    finally:
        group.rmdir()
