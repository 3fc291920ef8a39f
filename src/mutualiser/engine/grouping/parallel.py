"""Components solved in several processes: the same plans as one process, sooner.

Each component's plan depends on the component and the work limits only (counts, never
seconds), so who solves it does not matter. With `workers` > 1 the process forks
`workers - 1` children (Linux "fork": they inherit the components without a copy); the
parent and the children take the next component from one shared counter, largest first,
and the children send their plans back through a pipe. The plans are put back in the
components' order, so the records, the sums and the result are those of a single process.

Forking is only tried where it is safe and cheap: the "fork" start method exists, the
caller runs in the main thread (a web server's worker thread never forks), and there is
work for two (at least PARALLEL_MIN_ITEMS items). A child that fails or dies leaves its
components to the parent, which solves them itself: a result is always complete.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import threading
import traceback
from collections.abc import Callable, Sequence

from mutualiser.engine.grouping.components import Component, Components, Solution
from mutualiser.engine.grouping.strategy import Limits, solve_component

Progress = Callable[[int, int], None]
PARALLEL_MIN_ITEMS = 20_000  # below this, forking (about 10-50 ms) is not worth it
CHILD_PRIVATE_MB: list[float] = []  # memory of its own each child ended with (benchmarks)


def private_mb() -> float:
    """This process's private pages in MB (Linux smaps_rollup; 0 elsewhere): what a forked
    child adds to the machine's memory, the pages it shares with its parent left out."""
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as rollup:
            kib = sum(int(line.split()[1]) for line in rollup if line.startswith("Private_"))
    except (OSError, ValueError, IndexError):
        return 0.0
    return kib / 1024


def solve_all(
    components: Sequence[Component] | Components,
    limits: Limits,
    deadline: float,
    *,
    workers: int = 1,
    progress: Progress | None = None,
) -> list[Solution]:
    """`solve_component` of every component, in their order, in `workers` processes."""
    if isinstance(components, Components):
        sizes = [items for _, items in components.weights()]
    else:
        sizes = [c.size for c in components]
    total = sum(sizes)
    if workers > 1 and can_fork() and total >= PARALLEL_MIN_ITEMS and len(components) > 1:
        return solve_forked(components, limits, deadline, workers, progress, sizes)
    solutions = []
    done = 0
    for k, comp in enumerate(components):
        solutions.append(solve_component(comp, limits, deadline))
        done += sizes[k]
        if progress is not None:
            progress(done, total)
    return solutions


def can_fork() -> bool:
    return (
        "fork" in multiprocessing.get_all_start_methods()
        and threading.current_thread() is threading.main_thread()
    )


def work_order(components: Sequence[Component] | Components) -> list[int]:
    """Largest first (pairs, then items; index on ties): the last ones taken are small, so
    both processes finish at about the same time."""
    if isinstance(components, Components):
        weights = components.weights()
    else:
        weights = [(len(c.pool_a) + len(c.offer_o), c.size) for c in components]
    return sorted(range(len(weights)), key=lambda k: (-weights[k][0], -weights[k][1], k))


def solve_forked(
    components: Sequence[Component] | Components,
    limits: Limits,
    deadline: float,
    workers: int,
    progress: Progress | None,
    sizes: list[int],
) -> list[Solution]:
    total = sum(sizes)
    context = multiprocessing.get_context("fork")
    order = work_order(components)
    counter = context.Value("q", 0)  # next position in `order`, shared, with its lock

    def take() -> int | None:
        with counter.get_lock():
            position = counter.value
            if position >= len(order):
                return None
            counter.value = position + 1
        return order[position]

    def child(pipe) -> None:  # noqa: ANN001
        found: list[tuple[int, Solution]] = []
        try:
            while (k := take()) is not None:
                found.append((k, solve_component(components[k], limits, deadline)))
            pipe.send(("ok", found, private_mb()))
        except BaseException:  # noqa: BLE001 - the parent solves what the child could not
            pipe.send(("failed", traceback.format_exc(), 0.0))
        finally:
            pipe.close()
            os._exit(0)  # no atexit handlers, no flushing of the parent's buffers

    # Objects that exist now are never collected in a child: without this, the collector's
    # first pass would touch (and so copy) every page of the parent's heap.
    gc.freeze()
    children = []
    try:
        for _ in range(workers - 1):
            receive, send = context.Pipe(duplex=False)
            process = context.Process(target=child, args=(send,), daemon=True)
            process.start()
            send.close()
            children.append((process, receive))
    finally:
        gc.unfreeze()
    solutions: list[Solution | None] = [None] * len(components)
    done = 0
    while (k := take()) is not None:
        solutions[k] = solve_component(components[k], limits, deadline)
        done += sizes[k]
        if progress is not None:
            progress(done, total)
    for process, receive in children:
        try:
            status, payload, private = receive.recv()
        except (EOFError, OSError):
            status, payload, private = "failed", "the worker process died", 0.0
        CHILD_PRIVATE_MB.append(private)
        receive.close()
        process.join()
        if status == "ok":
            for k, solution in payload:
                solutions[k] = solution
                done += sizes[k]
    # Whatever a failed child had taken is solved here: the same plans, later.
    for k, solution in enumerate(solutions):
        if solution is None:
            solutions[k] = solve_component(components[k], limits, deadline)
            done += sizes[k]
    if progress is not None:
        progress(total, total)
    return solutions  # type: ignore[return-value]
