"""Files that hurt (issue 8): time and peak memory of the import on crafted spreadsheets.

Run: .venv/bin/python bench/bench_hostile_uploads.py
Target: every file refused or read within 1 s and 100 MB (docs/performance.md). Each file is
imported whole (read, checked, written in a transaction rolled back afterwards) into a
throw-away SQLite database; the time is measured without tracemalloc, the memory with it.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from django_setup import setup_django  # noqa: E402

setup_django("bench-hostile-")

from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart  # noqa: E402

from mutualiser.diagnostic.importexport import write_csv, write_xlsx  # noqa: E402
from mutualiser.diagnostic.models import Category, InventoryItem  # noqa: E402
from mutualiser.diagnostic.services import ImportRefused, inventory_import  # noqa: E402
from mutualiser.organisations.models import Organisation  # noqa: E402
from tests.diagnostic import hostile_files as hostile  # noqa: E402

LIMIT_SECONDS = 1.0
LIMIT_MB = 100


class Rollback(Exception):
    pass


def legit_items(count: int) -> list[InventoryItem]:
    categories = list(Category.objects.all())
    return [
        InventoryItem(
            category=categories[n % len(categories)],
            direction="need",
            label=f"Élément {n}",
            months=[float(n % 40)] * 12,
            notes="Une note ordinaire, de longueur ordinaire." * 3,
        )
        for n in range(count)
    ]


def attempt(organisation: Organisation, name: str, data: bytes) -> str:
    try:
        with transaction.atomic():
            summary = inventory_import(organisation=organisation, name=name, data=data)
            raise Rollback(f"read: {summary.created} created")
    except Rollback as done:
        return str(done)
    except ImportRefused as refused:
        text = refused.message or f"{len(refused.errors)} cell errors: {refused.errors[0]}"
        return "refused: " + text


def measure(organisation: Organisation, label: str, name: str, data: bytes) -> bool:
    started = time.perf_counter()
    outcome = attempt(organisation, name, data)
    seconds = time.perf_counter() - started
    tracemalloc.start()
    attempt(organisation, name, data)
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    ok = seconds < LIMIT_SECONDS and peak < LIMIT_MB
    print(
        f"{label:<34} {len(data) / 1024:>8.0f} KB {seconds * 1000:>7.0f} ms {peak:>7.1f} MB"
        f"  {'ok ' if ok else 'SLOW'} {outcome[:70]}",
        flush=True,
    )
    return ok


def upload_bytes_read(size: int) -> tuple[int, int]:
    """How much of a multipart body of `size` bytes the server reads before refusing it."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.handlers.wsgi import WSGIRequest
    from django.test import RequestFactory

    body = encode_multipart(BOUNDARY, {"file": SimpleUploadedFile("gros.csv", b"x" * size)})
    stream = io.BytesIO(body)
    environ = RequestFactory()._base_environ(
        REQUEST_METHOD="POST",
        CONTENT_TYPE=MULTIPART_CONTENT,
        CONTENT_LENGTH=str(len(body)),
        **{"wsgi.input": stream},
    )
    request = WSGIRequest(environ)
    request.FILES  # noqa: B018 - parses the body
    return stream.tell(), len(body)


def main() -> int:
    call_command("migrate", verbosity=0)
    organisation = Organisation.objects.create(name="Banc d'essai", slug="banc-essai")
    started = time.perf_counter()
    huge = hostile.huge_shared_string(300)
    print(f"(built the 300 MB shared string in {time.perf_counter() - started:.1f} s)")
    files = [
        ("500 items (the limit), XLSX", "ok.xlsx", write_xlsx(legit_items(500))),
        ("500 items (the limit), CSV", "ok.csv", write_csv(legit_items(500))),
        ("2000 rows (past the limit of 500)", "big.xlsx", write_xlsx(legit_items(2000))),
        ("dimension A1:XFD1048576", "bomb.xlsx", hostile.dimension_bomb()),
        ("a cell on row 1,048,576", "last.xlsx", hostile.last_row_bomb()),
        ("380,000 blank rows", "blank.xlsx", hostile.blank_rows(380_000)),
        ("one 300 MB shared string", "huge.xlsx", huge),
        ("40,000-character shared string", "long.xlsx", hostile.long_cell_in_shared_strings()),
        ("12 MB of zeros (ratio ~1000)", "zeros.xlsx", hostile.zip_of_zeros()),
        ("sizes that lie (1 KB → 1.5 MB)", "lie.xlsx", hostile.lying_sizes()),
        ("NaN in a number cell", "nan.xlsx", hostile.nan_cell()),
        ("shared-string index 99 of 1", "index.xlsx", hostile.bad_shared_string_index()),
        ("text in a date cell", "date.xlsx", hostile.text_in_date_cell()),
        ("4 rows past <dimension A1:P2>", "dim.xlsx", hostile.rows_past_dimension()),
    ]
    print(f"{'file':<34} {'size':>11} {'time':>10} {'peak':>10}")
    ok = all([measure(organisation, *entry) for entry in files])
    for size in (3 * 1024 * 1024, 40 * 1024 * 1024, 300 * 1024 * 1024):
        read, total = upload_bytes_read(size)
        print(f"upload body of {total / 1e6:>6.1f} MB: {read / 1e6:>6.2f} MB read before refusal")
    print("all within 1 s and 100 MB" if ok else "SOME FILES PASS THE TARGET")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
