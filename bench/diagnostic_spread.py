"""How the diagnostic's grid spreads the demo region's items over strong / moderate / weak.

    .venv/bin/python bench/diagnostic_spread.py [--seed N] [--csv FILE]

Builds the demo region (`mutualiser.core.demo.demo_build`) in a fresh SQLite database in a
temporary folder (migrations load the taxonomy), scores every item with the default weights
exactly as the results page does (`diagnostic.scoring.diagnostic_results`, one organisation at
a time), and prints the count and share of each level: overall, by direction, by support /
core (the item's declared importance), by family, plus the score's quartiles. An item
without monthly quantities gets no verdict and is counted as "to complete". `--csv` writes
one row per item (organisation, category, direction, importance, score, band, criteria) to
look at the grid's choices in a spreadsheet. Nothing outside the temporary folder is touched.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

BANDS = ("strong", "moderate", "weak", "to_complete")


def _setup(folder: str) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/spread.sqlite3"
    os.environ["MUTUALISER_VAR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutualiser.settings")
    os.environ.setdefault("MUTUALISER_ENV", "development")  # benchmarks run on plain http
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _line(name: str, counts: Counter) -> str:
    total = sum(counts.values())
    cells = []
    for band in BANDS:
        n = counts.get(band, 0)
        share = 100 * n / total if total else 0
        cells.append(f"{n:>4} {share:>3.0f} %")
    return f"{name:<28} {total:>5}  " + "  ".join(cells)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=None, help="demo seed (default: the demo's)")
    parser.add_argument("--csv", type=Path, default=None, help="write one row per item here")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="diagnostic-spread-") as folder:
        started = time.perf_counter()
        _setup(folder)
        from mutualiser.core.demo import DEFAULT_SEED, demo_build
        from mutualiser.diagnostic.scoring import (
            MODERATE,
            STRONG,
            diagnostic_results,
            inventory_for_results,
        )
        from mutualiser.engine.diagnostic import DEFAULT_WEIGHTS
        from mutualiser.organisations.models import Organisation

        seed = DEFAULT_SEED if args.seed is None else args.seed
        demo_build(seed=seed)
        built = time.perf_counter() - started

        rows = []
        for organisation in Organisation.objects.filter(is_demo=True).order_by("slug"):
            results = diagnostic_results(
                organisation=organisation,
                lang="fr",
                weights=dict(DEFAULT_WEIGHTS),
                items=inventory_for_results(organisation),
            )
            for scored in (*results.items, *results.to_complete):
                rows.append((organisation, scored))

        overall: Counter = Counter()
        by: dict[str, dict[str, Counter]] = defaultdict(lambda: defaultdict(Counter))
        scores = []
        for _organisation, scored in rows:
            item = scored.item
            band = getattr(scored, "band", "to_complete")
            overall[band] += 1
            by["direction"][str(item.direction)][band] += 1
            by["importance"][str(item.importance)][band] += 1
            by["family"][f"{item.category.family.code} {item.category.family.label_en}"][band] += 1
            if band != "to_complete":
                scores.append(scored.score)
        strong_support = by["importance"]["support"]["strong"]

        header = f"{'':<28} {'items':>5}  " + "  ".join(f"{b:>9}" for b in BANDS)
        print(f"Demo region (seed {seed}): {len(rows)} items, built in {built:.1f} s")
        print(
            f"'strong' = potential {STRONG:g} or more and the conditions of a first candidate;"
            f" 'weak' = under {MODERATE:g} or a serious brake (docs/scoring.md)\n"
        )
        print(header)
        print(_line("all items", overall))
        for title in ("direction", "importance", "family"):
            print(f"\nby {title}")
            for key in sorted(by[title]):
                print(_line(f"  {key}"[:28], by[title][key]))
        if len(scores) >= 4:
            q1, median, q3 = statistics.quantiles(scores, n=4)
            print(
                f"\nscores of the items with a verdict: min {min(scores):.0f}, "
                f"quartiles {q1:.0f} / {median:.0f} / {q3:.0f}, max {max(scores):.0f}"
            )
        support = sum(by["importance"]["support"].values())
        print(f"strong support items: {strong_support} of {support}")

        if args.csv:
            codes = list(DEFAULT_WEIGHTS)
            with args.csv.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.writer(handle)
                writer.writerow(
                    ["organisation", "category", "family", "direction", "importance",
                     "how_done", "specificity", "confidentiality", "score", "band", *codes]
                )  # fmt: skip
                for organisation, scored in rows:
                    item = scored.item
                    diagnosis = getattr(scored, "diagnosis", None)
                    criteria = {c.code: c.score for c in diagnosis.criteria} if diagnosis else {}
                    writer.writerow(
                        [organisation.slug, item.category.code, item.category.family.code,
                         item.direction, item.importance, item.how_done, item.specificity,
                         item.confidentiality,
                         round(scored.score, 1) if diagnosis else "",
                         getattr(scored, "band", "to_complete"),
                         *(criteria.get(code, "") for code in codes)]
                    )  # fmt: skip
            print(f"\none row per item: {args.csv}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
