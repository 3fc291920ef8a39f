"""The engine's command line: `mutualiser engine solve|generate ...`.

    mutualiser engine solve INSTANCE.json -o RESULT.json [--explain] [--lang fr|en]
                                          [--time-limit S] [--workers N]
                                          [--effort fast|thorough]
    mutualiser engine generate --orgs N --seed S [-o FILE] [--city NAME ...]

Also `python -m mutualiser.engine.cli ...`. Exit codes: 0 done, 2 invalid instance or usage
(nothing written), 1 unexpected failure.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import TextIO

from mutualiser.engine.generator import generate_instance
from mutualiser.engine.grouping import solve
from mutualiser.engine.grouping.solve import EFFORTS
from mutualiser.engine.instance import (
    Group,
    Instance,
    InstanceError,
    Result,
    load_instance,
    result_to_dict,
    write_result,
)
from mutualiser.engine.matching import Candidates, find_candidates
from mutualiser.engine.split import merge_results, solve_piece, split_instance
from mutualiser.words import formats
from mutualiser.words.reasons import Reason, label, render


def say(message_id: str, lang: str, **params: object) -> str:
    """One line of the report, from the words catalogue (the same sentences as the site)."""
    return render(Reason(message_id, params), lang)


def _category_label(code: str, lang: str) -> str:
    try:
        from mutualiser.engine.taxonomy import load_taxonomy

        return load_taxonomy().get(code).label(lang)
    except (ImportError, KeyError, ValueError, OSError):
        return code


# A fast run's plan further than this from its bounds gets the hint of the thorough effort.
HINT_GAP = 0.02


def explain(instance: Instance, result: Result, lang: str = "fr", effort: str = "fast") -> str:
    """A readable report of the result, group by group: who, what, cost, savings, shares."""
    items = instance.item_by_id
    exact = [c for c in result.components if c.method == "exact"]
    lines = [
        say(
            "cli.summary",
            lang,
            groups=len(result.groups),
            assignments=len(result.assignments),
            total=result.total_savings,
        ),
        say(
            "cli.components",
            lang,
            count=len(result.components),
            exact=len(exact),
            optimal=sum(c.optimal for c in result.components),
            heuristic=len(result.components) - len(exact),
        ),
    ]
    bounds = [c.bound for c in result.components]
    if bounds and all(b is not None for b in bounds):
        bound = sum(b for b in bounds if b is not None)
        gap = max(0.0, 1.0 - result.total_savings / bound) if bound > 1e-9 else 0.0
        lines.append(say("cli.bound", lang, bound=bound, gap=gap))
        if gap > HINT_GAP and effort == "fast":
            lines.append(say("cli.thorough_hint", lang))
    stopped = sum(c.stopped for c in result.components)
    if stopped:
        lines.append(say("cli.stopped", lang, count=stopped))
    if not result.groups and not result.assignments:
        lines.append(say("cli.none", lang))
    for k, group in enumerate(result.groups, start=1):
        lines += ["", *_explain_group(k, group, items, lang)]
    if result.assignments:
        lines.append("")
    for a in result.assignments:
        lines.append(
            say(
                "cli.assignment",
                lang,
                offer=a.offer,
                offer_org=items[a.offer].org,
                need=a.need,
                need_org=items[a.need].org,
                category=_category_label(a.category, lang),
                savings=a.savings,
            )
        )
    return "\n".join(lines) + "\n"


def _explain_group(k: int, group: Group, items: dict, lang: str) -> list[str]:
    orgs = [f"{items[i].org} ({i})" for i in group.items]
    lines = [
        say("cli.group", lang, k=k, category=_category_label(group.category, lang), orgs=orgs),
        "  " + say("cli.cost", lang, cost=group.cost, savings=group.savings),
    ]
    if group.shares:
        first = next(iter(group.shares.values()))
        rules = [r for r in ("proportional", "equal", "shapley") if r in first]
        names = " / ".join(label(f"rule.{r}", lang) for r in rules)
        lines.append("  " + say("cli.shares", lang, rules=names))
        for org, shares in group.shares.items():
            amounts = " / ".join(formats.money(shares[r], lang) for r in rules)
            lines.append("    " + say("cli.share_row", lang, org=org, amounts=amounts))
        core = "cli.core.yes" if group.in_core else "cli.core.no"
        lines.append("  " + say(core, lang))
    return lines


class ProgressBar:
    """A one-line progress bar on stderr, shown only once a run has lasted a second."""

    def __init__(self, label: str, stream: TextIO | None = None, delay: float = 1.0) -> None:
        self.label = label
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.started = time.perf_counter()
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.perf_counter()
        if now - self.started < self.delay or (now - self.last < 0.1 and done < total):
            return
        self.last = now
        self.shown = True
        fraction = done / total if total else 1.0
        width = 30
        filled = int(width * fraction)
        bar = "#" * filled + "-" * (width - filled)
        elapsed = now - self.started
        self.stream.write(f"\r{self.label} [{bar}] {100 * fraction:5.1f}% {elapsed:6.1f}s")
        self.stream.flush()

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def solve_in_processes(
    instance: Instance,
    workers: int,
    *,
    time_limit: float | None = None,
    candidates: Candidates | None = None,
    progress: ProgressBar | None = None,
    effort: str = "fast",
) -> Result:
    """Solve the instance's independent pieces (split.py) in `workers` processes, then merge.

    Processes are started with "spawn" (safe with threads and on every platform), so each
    pays an import of the engine: worth it for regional or national runs, not a workshop.
    Under a time limit each piece gets the limit's share of its items, times the workers
    that run side by side (never more than the whole limit).
    """
    pieces = split_instance(instance, candidates=candidates)
    total = sum(len(p.instance.items) for p in pieces)
    results: list[Result] = []
    if not pieces:
        return merge_results(results)
    context = multiprocessing.get_context("spawn")
    done = 0
    with ProcessPoolExecutor(max_workers=min(workers, len(pieces)), mp_context=context) as pool:
        futures = {}
        for piece in pieces:
            limit = None
            if time_limit is not None:
                limit = min(time_limit, time_limit * workers * len(piece.instance.items) / total)
            futures[pool.submit(solve_piece, piece, time_limit=limit, effort=effort)] = piece
        for future in as_completed(futures):
            results.append(future.result())
            done += len(futures[future].instance.items)
            if progress is not None:
                progress(done, total)
    return merge_results(results)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="mutualiser engine", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("solve", help="choose pooling groups for an instance")
    run.add_argument("instance", help="instance JSON file")
    run.add_argument("-o", "--output", help="result JSON file (stdout when absent)")
    run.add_argument("--explain", action="store_true", help="print a readable report")
    run.add_argument("--lang", choices=("fr", "en"), default="fr")
    run.add_argument("--time-limit", type=float, default=None, metavar="S")
    run.add_argument(
        "--workers",
        type=int,
        default=1,
        metavar="N",
        help="solve the independent pieces in N processes (default 1: one process)",
    )
    run.add_argument(
        "--effort",
        choices=EFFORTS,
        default="fast",
        help="fast (default) or thorough: column generation on every large component, "
        "for bounds and plans within a few percent at national size, in minutes",
    )
    make = commands.add_parser("generate", help="write a realistic random instance")
    make.add_argument("--orgs", type=int, required=True)
    make.add_argument("--seed", type=int, default=0)
    make.add_argument("-o", "--output", help="instance JSON file (stdout when absent)")
    make.add_argument("--city", action="append", help="only this municipality (repeatable)")
    return parser


def _solve(args: argparse.Namespace) -> int:
    try:
        instance = load_instance(args.instance)
    except InstanceError as error:
        sys.stderr.write(say("cli.invalid", args.lang, count=len(error.errors)) + "\n")
        sys.stderr.write(error.text(args.lang) + "\n")
        return 2
    if args.time_limit is not None and args.time_limit <= 0:
        sys.stderr.write("--time-limit must be positive\n")
        return 2
    if args.workers < 1:
        sys.stderr.write("--workers must be at least 1\n")
        return 2
    matching = ProgressBar(say("cli.matching", args.lang))
    candidates = find_candidates(instance)
    matching.close()
    bar = ProgressBar(say("cli.grouping", args.lang))
    if args.workers == 1:
        result = solve(
            instance, time_limit=args.time_limit, candidates=candidates, progress=bar,
            effort=args.effort,
        )  # fmt: skip
    else:
        result = solve_in_processes(
            instance, args.workers, time_limit=args.time_limit, candidates=candidates,
            progress=bar, effort=args.effort,
        )  # fmt: skip
    bar.close()
    if args.output:
        write_result(result, args.output)
    elif not args.explain:
        json.dump(result_to_dict(result), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    if args.explain:
        sys.stdout.write(explain(instance, result, args.lang, args.effort))
    return 0


def _generate(args: argparse.Namespace) -> int:
    if args.orgs < 1:
        sys.stderr.write("--orgs must be at least 1\n")
        return 2
    try:
        data = generate_instance(args.orgs, args.seed, cities=args.city)
    except ValueError as error:
        sys.stderr.write(f"{error}\n")
        return 2
    text = json.dumps(data, ensure_ascii=False)
    if args.output:
        with open(args.output, "w", encoding="utf-8") as stream:
            stream.write(text + "\n")
    else:
        sys.stdout.write(text + "\n")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run `mutualiser engine ARGS`; returns the exit code."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    if args.command == "solve":
        return _solve(args)
    return _generate(args)


if __name__ == "__main__":
    sys.exit(main())
