"""50 members at work: browsing, editing inventories, reading opportunities and projects.

Builds a PostgreSQL database of its own (`mutualiser_bench_members`, dropped and re-created:
the demo region plus N member accounts sharing the demo's organisations, each signed in),
serves it with gunicorn (two sync workers) and one task worker on 127.0.0.1, then runs
locust headless for `--seconds` (bench/locust_members.py: a few seconds of thought between
pages). Prints a table per page (requests, failures, p50, p95) against the 100 ms target,
and the load average: the machine may be shared, say so next to any figure.

    .venv/bin/python bench/bench_members.py                 # 50 members, two minutes
    .venv/bin/python bench/bench_members.py --seconds 20    # a short run

Needs the `bench` extra (`pip install -e '.[bench]'`: locust) and PostgreSQL on 127.0.0.1
(`--postgres`); skips with a message, exit 0, when either is missing (`make bench`).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 100
PORT = 8398


def _skip(why: str) -> int:
    print(f"bench_members skipped: {why}")
    return 0


def _recreate_database(server: str, name: str) -> None:
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def _prepare(users: int) -> list[dict]:
    """Migrate, load the demo, add `users` members (editors of the demo's organisations,
    those in a project or an opportunity first), sign each in; their plan for locust."""
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command

    from mutualiser.accounts.models import User
    from mutualiser.organisations.choices import Role, Visibility
    from mutualiser.organisations.middleware import SESSION_KEY as CURRENT_ORGANISATION
    from mutualiser.organisations.models import Membership, Organisation
    from mutualiser.partners.models import OpportunityMember
    from mutualiser.partners.selectors import latest_run
    from mutualiser.projects.models import ProjectPartner

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    call_command("demo", verbosity=0, stdout=open(os.devnull, "w"))

    organisations = list(
        Organisation.objects.filter(visibility=Visibility.DIRECTORY, inventory_items__isnull=False)
        .distinct()
        .order_by("pk")
    )
    in_project = set(ProjectPartner.objects.values_list("organisation_id", flat=True))
    in_opportunity = set(OpportunityMember.objects.values_list("organisation_id", flat=True))
    organisations.sort(key=lambda o: (o.pk not in in_project, o.pk not in in_opportunity, o.pk))
    organisations = organisations[: max(1, users // 2)]  # two members per organisation

    backend = "django.contrib.auth.backends.ModelBackend"
    assert backend in settings.AUTHENTICATION_BACKENDS
    plan = []
    for index in range(users):
        organisation = organisations[index % len(organisations)]
        email = f"membre{index:02d}@bench.example"
        user = User.objects.create_user(email=email, password=None, full_name=f"Membre {index}")
        Membership.objects.create(user=user, organisation=organisation, role=Role.EDITOR)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session[CURRENT_ORGANISATION] = organisation.pk
        session.create()
        run = latest_run(organisation.region)
        opportunities = (
            list(
                OpportunityMember.objects.filter(organisation=organisation, opportunity__run=run)
                .values_list("opportunity_id", flat=True)
                .distinct()[:10]
            )
            if run
            else []
        )
        plan.append(
            {
                "seed": index,
                "email": email,
                "session": session.session_key,
                "items": [
                    {"id": item.pk, "form": _form_data(item)}
                    for item in organisation.inventory_items.select_related("category")[:12]
                ],
                "opportunities": opportunities,
                "projects": list(
                    ProjectPartner.objects.filter(organisation=organisation).values_list(
                        "project_id", flat=True
                    )
                ),
            }
        )
    return plan


def _form_data(item) -> dict[str, str]:
    """The item's edit form as the page sends it unchanged (tests/diagnostic/item_form.py)."""
    data = {
        "category": str(item.category_id),
        "direction": item.direction,
        "label": item.label,
        "how_done": item.how_done,
        "annual_cost": "" if item.annual_cost is None else str(item.annual_cost),
        "satisfaction": "" if item.satisfaction is None else str(item.satisfaction),
        "importance": item.importance,
        "confidentiality": item.confidentiality,
        "specificity": item.specificity,
        "criticality": item.criticality,
        "max_distance_km": "" if item.max_distance_km is None else str(item.max_distance_km),
        "rate": "" if item.rate is None else str(item.rate),
        "notes": item.notes,
        "preset": "",
        "preset_quantity": "",
    }
    for month, quantity in enumerate(item.months, start=1):
        data[f"month_{month}"] = str(quantity)
    return data


def _pages(account: dict) -> list[tuple[str, str]]:
    """The pages a member of the plan reads, with the first of its ids."""
    pages = [
        ("home", "/fr/"),
        ("directory", "/fr/organisations/"),
        ("inventory", "/fr/diagnostic/inventory/"),
        ("diagnostic results", "/fr/diagnostic/"),
        ("opportunities", "/fr/opportunities/"),
        ("projects", "/fr/projects/"),
    ]
    if account["items"]:
        pages.append(
            ("item edit (form)", f"/fr/diagnostic/inventory/{account['items'][0]['id']}/edit/")
        )
    if account["opportunities"]:
        pages.append(("opportunity", f"/fr/opportunities/{account['opportunities'][0]}/"))
    if account["projects"]:
        project = account["projects"][0]
        pages += [
            ("project", f"/fr/projects/{project}/"),
            ("project costs", f"/fr/projects/{project}/costs/"),
        ]
    return pages


def _profile(plan: list[dict], repeat: int) -> None:
    """One request at a time, in this process: server time and SQL queries of each page."""
    import statistics

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    account = next((a for a in plan if a["projects"] and a["opportunities"]), plan[0])
    client = Client()
    client.cookies["sessionid"] = account["session"]
    print(f"one request at a time ({account['email']}, median of {repeat}, after one warm-up):")
    print("| page | server time | SQL queries |")
    print("|---|---:|---:|")
    for name, url in _pages(account):
        client.get(url)
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        print(f"| {name} | {statistics.median(timings) * 1000:.0f} ms | {len(queries)} |")


def _percentile(row: dict, column: str) -> float:
    value = row.get(column, "")
    return float(value) if value not in ("", "N/A") else 0.0


def _print_table(stats_csv: Path, seconds: int) -> tuple[bool, int]:
    """The per-page table from locust's CSV; whether every page met the target, failures."""
    rows = list(csv.DictReader(stats_csv.open(encoding="utf-8")))
    pages = [row for row in rows if row["Name"] != "Aggregated"]
    total = next(row for row in rows if row["Name"] == "Aggregated")
    print(f"| page | requests | failures | p50 | p95 | p99 | max | p95 < {TARGET_MS} ms |")
    print("|---|---:|---:|---:|---:|---:|---:|---|")
    all_met = True
    for row in sorted(pages, key=lambda r: r["Name"]):
        p95 = _percentile(row, "95%")
        met = p95 < TARGET_MS
        all_met &= met
        print(
            f"| {row['Type']} {row['Name']} | {row['Request Count']} | {row['Failure Count']} "
            f"| {_percentile(row, '50%'):.0f} ms | {p95:.0f} ms | {_percentile(row, '99%'):.0f} ms "
            f"| {float(row['Max Response Time']):.0f} ms | {'✔' if met else '✘'} |"
        )
    print(
        f"| **all** | **{total['Request Count']}** | **{total['Failure Count']}** "
        f"| {_percentile(total, '50%'):.0f} ms | {_percentile(total, '95%'):.0f} ms "
        f"| {_percentile(total, '99%'):.0f} ms | {float(total['Max Response Time']):.0f} ms | |"
    )
    rate = int(total["Request Count"]) / seconds if seconds else 0
    print(f"{rate:.1f} requests/s over {seconds} s")
    return all_met, int(total["Failure Count"])


def _warm_up(base: str, account: dict, *, rounds: int) -> None:
    """Each page a few times before measuring: every worker has loaded its templates."""
    opener = urllib.request.build_opener()
    opener.addheaders = [("Cookie", f"sessionid={account['session']}")]
    for _ in range(rounds):
        for _name, url in _pages(account):
            opener.open(base + url, timeout=60).read()


def _wait_for(url: str, seconds: float) -> None:
    until = time.monotonic() + seconds
    while time.monotonic() < until:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer at {url}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=120, help="how long locust runs")
    parser.add_argument("--users", type=int, default=50, help="members browsing at once")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--database", default="mutualiser_bench_members")
    parser.add_argument("--no-task-worker", action="store_true", help="no engine task worker")
    parser.add_argument(
        "--profile", type=int, default=5, help="one-at-a-time requests per page first (0: none)"
    )
    args = parser.parse_args()

    locust = shutil.which("locust", path=str(Path(sys.executable).parent))
    if locust is None:
        return _skip("locust is not installed (pip install -e '.[bench]')")
    try:
        _recreate_database(args.postgres, args.database)
    except Exception as error:  # noqa: BLE001 - no PostgreSQL here: say so and skip
        return _skip(f"PostgreSQL is not reachable at {args.postgres} ({error})")

    folder = Path(tempfile.mkdtemp(prefix="mutualiser-bench-members-"))
    env = os.environ | {
        "DATABASE_URL": f"{args.postgres}/{args.database}",
        "MUTUALISER_VAR": str(folder),
        "DJANGO_SETTINGS_MODULE": "mutualiser.settings",
        "PYTHONPATH": str(ROOT / "src"),
        "DEBUG": "0",
        "SECRET_KEY": "bench-members-not-a-secret-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,testserver",
        # production settings on plain http: no TLS in front of gunicorn on 127.0.0.1
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
    }
    os.environ.update(env)
    sys.path[:0] = [str(ROOT / "src")]
    started = time.perf_counter()
    plan = _prepare(args.users)
    if args.profile:
        _profile(plan, args.profile)
    plan_file = folder / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    print(
        f"database {args.database}: demo + {len(plan)} members in "
        f"{len({tuple(a['projects']) for a in plan})} project sets, "
        f"prepared in {time.perf_counter() - started:.0f} s"
    )
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "mutualiser.wsgi",
                "-b",
                f"127.0.0.1:{PORT}",
                "-w",
                str(args.workers),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=ROOT,
        )
    ]
    if not args.no_task_worker:
        processes.append(
            subprocess.Popen(
                # at the lowest priority, as docs/deploy.md advises where a machine also serves
                # pages: an engine run may wait a moment, a member's page should not
                ["nice", "-n", "19", sys.executable, "manage.py", "db_worker", "-v", "0"],
                env=env,
                cwd=ROOT,
                stdout=(folder / "worker.log").open("w"),
                stderr=subprocess.STDOUT,
            )
        )
    base = f"http://127.0.0.1:{PORT}"
    try:
        _wait_for(base + "/healthz", 60)
        _warm_up(base, plan[0], rounds=2 * args.workers)
        load_before = os.getloadavg()
        prefix = folder / "members"
        run = subprocess.run(
            [
                locust,
                "-f",
                str(ROOT / "bench" / "locust_members.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                "10",
                "--run-time",
                f"{args.seconds}s",
                "--host",
                base,
                "--csv",
                str(prefix),
                "--only-summary",
                "--loglevel",
                "WARNING",
            ],
            env=env | {"MEMBERS_PLAN": str(plan_file)},
            cwd=ROOT,
            timeout=args.seconds + 120,
            capture_output=True,
            text=True,
        )
        load_after = os.getloadavg()
        print(
            f"{args.users} members, {args.seconds} s, think time 2–5 s, gunicorn {args.workers} "
            f"sync workers{'' if args.no_task_worker else ' + 1 task worker'}, PostgreSQL, "
            f"127.0.0.1"
        )
        met, failures = _print_table(prefix.with_name("members_stats.csv"), args.seconds)
        for line in run.stdout.splitlines():
            if line.startswith("stale edits"):
                print(line)
        if run.returncode not in (0, 1):  # 1: some requests failed, shown in the table
            print(run.stderr[-2000:])
        print(
            f"load average (1, 5, 15 min) before {', '.join(f'{v:.2f}' for v in load_before)}; "
            f"after {', '.join(f'{v:.2f}' for v in load_after)} ({os.cpu_count()} cores)"
        )
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=20)
    verdict = "met" if met and not failures else "NOT met"
    print(f"target (no error, every page's p95 under {TARGET_MS} ms): {verdict}")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
