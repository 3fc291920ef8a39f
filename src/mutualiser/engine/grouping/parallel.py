"""Components solved in several processes: the same plans as one process, sooner.

Each component's plan depends on the component and the work limits only (counts, never
seconds), so who solves it does not matter. With `workers` > 1 the process forks
`workers - 1` children (Linux "fork": they inherit the components without a copy); the
parent and the children take the next component from one shared counter, largest first,
and the children send each plan back through a pipe as soon as it is found (the parent
builds its records meanwhile, `on_solved`). The plans are put back in the components'
order, so the records, the sums and the result are those of a single process.

Forking is only tried where it is safe and cheap: the "fork" start method exists, the
caller runs in the main thread (a web server's worker thread never forks), and there is
work for two (at least PARALLEL_MIN_ITEMS items). A child that fails or dies leaves its
components to the parent, which solves them itself: a result is always complete.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import queue
import threading
import traceback
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar

from mutualiser.engine.grouping.components import Component, Components, Solution
from mutualiser.engine.grouping.strategy import Limits, solve_component

Progress = Callable[[int, int], None]
Solved = Callable[[int, Solution], None]
Task = TypeVar("Task")
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
    on_solved: Solved | None = None,
) -> list[Solution]:
    """`solve_component` of every component, in their order, in `workers` processes.

    `on_solved(k, solution)` is called in this process as each plan is known (own or a
    child's, in no fixed order): the records are built there while a child still solves.
    """
    if isinstance(components, Components):
        sizes = [items for _, items in components.weights()]
    else:
        sizes = [c.size for c in components]
    total = sum(sizes)
    if workers > 1 and can_fork() and total >= PARALLEL_MIN_ITEMS and len(components) > 1:
        return solve_forked(components, limits, deadline, workers, progress, sizes, on_solved)
    solutions = []
    done = 0
    for k, comp in enumerate(components):
        solution = solve_component(comp, limits, deadline)
        solutions.append(solution)
        if on_solved is not None:
            on_solved(k, solution)
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


class Shared:
    """Tasks shared by this process and forked children: a shared counter hands out the
    next task of `order`; each child sends every result as soon as it has it, and a thread
    of this process relays them to `arrived` (so a child never waits for the parent to be
    free, nor holds more than one result). Each child ends with None in `arrived`."""

    def __init__(self, order: Sequence[int], run: Callable[[int], object], workers: int) -> None:
        context = multiprocessing.get_context("fork")
        self.order = order
        self.counter = context.Value("q", 0)  # next position in `order`, with its lock
        self.arrived: queue.SimpleQueue = queue.SimpleQueue()
        self.children = []
        self.finished = 0  # children that sent their last result (or failed, or died)
        # Objects that exist now are never collected in a child: without this, the
        # collector's first pass would touch (and so copy) every page of the parent's heap.
        gc.freeze()
        try:
            for _ in range(workers - 1):
                receive, send = context.Pipe(duplex=False)
                process = context.Process(target=self.child, args=(send, run), daemon=True)
                process.start()
                send.close()
                self.children.append((process, receive))
        finally:
            gc.unfreeze()
        # The relays start after every fork: a child never inherits a thread's held lock.
        self.relays = [
            threading.Thread(target=self.relay, args=(receive,), daemon=True)
            for _, receive in self.children
        ]
        for relay in self.relays:
            relay.start()

    def take(self, stop: int | None = None) -> int | None:
        """The next task, or None when every task is taken (or the next one's position in
        `order` is `stop` or beyond)."""
        stop = len(self.order) if stop is None else stop
        with self.counter.get_lock():
            position = self.counter.value
            if position >= stop:
                return None
            self.counter.value = position + 1
        return self.order[position]

    def child(self, pipe, run: Callable[[int], object]) -> None:  # noqa: ANN001
        try:
            while (k := self.take()) is not None:
                pipe.send(("one", k, run(k)))
            pipe.send(("done", None, private_mb()))
        except BaseException:  # noqa: BLE001 - the parent runs what the child could not
            pipe.send(("failed", None, traceback.format_exc()))
        finally:
            pipe.close()
            os._exit(0)  # no atexit handlers, no flushing of the parent's buffers

    def relay(self, pipe) -> None:  # noqa: ANN001
        try:
            while True:
                status, k, payload = pipe.recv()
                if status != "one":
                    if status == "done":
                        CHILD_PRIVATE_MB.append(payload)
                    return
                self.arrived.put((k, payload))
        except (EOFError, OSError):  # the child died: the parent runs what it had taken
            return
        finally:
            self.arrived.put(None)

    def results(self, wait: bool) -> Iterator[tuple[int, object]]:
        """The children's results arrived so far; with `wait`, every one until all are done
        (then the children are joined)."""
        while self.finished < len(self.children) and (wait or not self.arrived.empty()):
            item = self.arrived.get()
            if item is None:
                self.finished += 1
            else:
                yield item
        if wait:
            for (process, receive), relay in zip(self.children, self.relays, strict=True):
                relay.join()
                receive.close()
                process.join()


def solve_forked(
    components: Sequence[Component] | Components,
    limits: Limits,
    deadline: float,
    workers: int,
    progress: Progress | None,
    sizes: list[int],
    on_solved: Solved | None = None,
) -> list[Solution]:
    """The components in `workers` processes; this one also calls `on_solved` on every
    plan. It does so in one batch once only the last RECORDS_RESERVE of the work (by
    weight, the smallest components) is left to take, while the children solve that
    reserve (up to RECORDS_OVERLAP_ITEMS items; beyond, once this process has nothing
    left to take): the records are built in about the time the reserve takes, and apart from
    the solving (built between solves, their long-lived objects would pin the memory of
    the solves' short-lived ones: +50 % of the stage's memory at 10,000 organisations)."""
    total = sum(sizes)
    solutions: list[Solution | None] = [None] * len(components)
    unrecorded: list[int] = []
    done = 0

    def accept(k: int, solution: Solution) -> None:
        nonlocal done
        solutions[k] = solution
        unrecorded.append(k)
        done += sizes[k]
        if progress is not None:
            progress(done, total)

    def record() -> None:
        if on_solved is not None and unrecorded:
            # One pause of the cyclic collector for the whole batch (the records are
            # acyclic): paused record by record, each restart's collections went through
            # the heap again (measured: 0.22 of the batch's 0.67 s at 10,000 organisations).
            enabled = gc.isenabled()
            gc.disable()
            try:
                for k in unrecorded:
                    on_solved(k, solutions[k])  # type: ignore[arg-type]
            finally:
                if enabled:
                    gc.enable()
        unrecorded.clear()

    def run(k: int) -> Solution:
        return solve_component(components[k], limits, deadline)

    order = work_order(components)
    shared = Shared(order, run, workers)
    overlap = on_solved is not None and total <= RECORDS_OVERLAP_ITEMS
    stop = reserve_start(components, order) if overlap else len(order)
    for limit in (stop, None):  # up to the reserve; then what the children left of it
        while (k := shared.take(limit)) is not None:
            accept(k, run(k))
            for k_child, solution in shared.results(wait=False):
                accept(k_child, solution)  # type: ignore[arg-type]
            if limit is None:
                record()
        record()
    for k_child, solution in shared.results(wait=True):
        accept(k_child, solution)  # type: ignore[arg-type]
    # Whatever a failed child had taken is solved here: the same plans, later.
    for k, solution in enumerate(solutions):
        if solution is None:
            accept(k, run(k))
    record()
    return solutions  # type: ignore[return-value]


RECORDS_RESERVE = 0.06  # the records take about 10-15 % of the solving's CPU (measured)
# Beyond this many items the records wait for this process's last solve instead: built
# while the child lives, they write to pages the child shares, which the kernel then copies.
# Measured (bench_engine, two processes): at 1,000,000 items the overlap saves 1.2 s but
# costs 130-170 MB (the child's private memory 260 -> 750 MB, every process together
# 1.86-1.89 -> 1.99-2.03 GB); at 100,000 items it saves 0.2 s for 80 MB.
RECORDS_OVERLAP_ITEMS = 300_000


def reserve_start(components: Sequence[Component] | Components, order: list[int]) -> int:
    """The position in `order` from which the work left weighs at most RECORDS_RESERVE of
    the whole (weights: pairs and items, as `work_order`)."""
    if isinstance(components, Components):
        weights = [pairs + items for pairs, items in components.weights()]
    else:
        weights = [len(c.pool_a) + len(c.offer_o) + c.size for c in components]
    left = RECORDS_RESERVE * sum(weights)
    position = len(order)
    while position > 0 and weights[order[position - 1]] <= left:
        position -= 1
        left -= weights[order[position]]
    return position


def run_shared(run: Callable[[int], Task], order: Sequence[int], workers: int) -> dict[int, Task]:
    """`run(k)` for every k of `order`, in this process and `workers - 1` forked children.

    For stages whose tasks are independent and whose results are arrays (the candidates of
    one category): each process takes the next k (put the largest first), and whatever a
    failed child took is run here. The results are those of one process, by k; the caller
    puts them back in its own order.
    """
    if workers < 2 or len(order) < 2 or not can_fork():
        return {k: run(k) for k in order}
    shared = Shared(order, run, workers)
    results: dict[int, Task] = {}
    while (k := shared.take()) is not None:
        results[k] = run(k)
    for k, result in shared.results(wait=True):
        results[k] = result  # type: ignore[assignment]
    for k in order:  # what a failed child had taken
        if k not in results:
            results[k] = run(k)
    return results
