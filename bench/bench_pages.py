"""The main pages one at a time, in one process: CPU time and SQL queries per page.

A throw-away SQLite database with the demo region, the demo member signed in with Django's
test client; each page is asked three times to warm up, then `--repeat` times. Prints the
median of the process's CPU time per request (client included: compare runs, not absolute
figures) and the queries of one request. No server, no network: the code's own cost, which
the members' bench (bench_members.py) multiplies by the queueing under load.

    .venv/bin/python bench/bench_pages.py                  # every main page, 60 requests each
    .venv/bin/python bench/bench_pages.py --repeat 20 /fr/diagnostic/
"""

from __future__ import annotations

import argparse
import io
import statistics
import time

from django_setup import setup_django

PAGES = (
    "/fr/",
    "/fr/organisations/",
    "/fr/diagnostic/inventory/",
    "/fr/diagnostic/",
    "/fr/opportunities/",
    "/fr/projects/",
    "/en/diagnostic/",
    "/en/opportunities/",
)
DEMO_LOGIN = {"login": "demo@mutualiser.example", "password": "demo-mutualiser"}


def signed_in_client():
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=io.StringIO())  # its summary is not a figure of this bench
    client = Client()
    response = client.post("/fr/accounts/login/", DEMO_LOGIN)
    assert response.status_code == 302, "the demo member could not sign in"
    return client


def queries_of(client, path: str) -> int:
    from django.db import connection

    statements: list[str] = []

    def count(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        client.get(path)
    return len(statements)


def cpu_ms(client, path: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        client.get(path)
        times.append((time.process_time() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", default=PAGES)
    parser.add_argument("--repeat", type=int, default=60)
    args = parser.parse_args()
    setup_django("bench-pages-")
    client = signed_in_client()
    print("| page | CPU per request (median) | SQL queries | size |")
    print("|---|---:|---:|---:|")
    for path in args.paths:
        for _ in range(3):
            response = client.get(path)
        assert response.status_code == 200, f"{path}: {response.status_code}"
        queries = queries_of(client, path)
        print(
            f"| {path} | {cpu_ms(client, path, args.repeat):.1f} ms | {queries} "
            f"| {len(response.content) // 1024} KiB |",
            flush=True,
        )


if __name__ == "__main__":
    main()
