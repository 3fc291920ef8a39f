"""A live workshop under load: N phones join, send a quick inventory and poll the board.

Starts gunicorn on 127.0.0.1 over a throw-away SQLite database (bench/django_setup.py), or
over a PostgreSQL database given by `--database-url` (dropped and created again: give it a
name of its own), then N participants (threads, stdlib HTTP, cookies and CSRF like a browser)
join as guests, send their inventory, and poll the board every `--poll-seconds` with
If-None-Match for `--seconds`. The phones arrive within `--ramp-seconds` (0: all at the same
instant, the worst case). Halfway, one participant changes its inventory; a phone has seen
the change when a board solved for that inventory reaches it (the `-b<version>-` of the
ETag), and the benchmark measures how long that took for every phone. Prints errors,
p50/p95 of participant requests (a POST counts with the page its redirect leads to, as a
phone waits for both), the 304 share, the propagation delay and the load average. Bounded in
time; 127.0.0.1 only.

    .venv/bin/python bench/bench_workshop.py --participants 120 --seconds 20
    .venv/bin/python bench/bench_workshop.py --participants 120 --seconds 20 \
        --database-url postgres://postgres@127.0.0.1:5432/mutualiser_bench_workshop
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from django_setup import ROOT, setup_django

PORT = 8397
BOARD_VERSION = re.compile(r"-b(\d+)-")


def _opener():
    jar = http.cookiejar.CookieJar()
    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar)), jar


class Phone:
    def __init__(self, base: str, code: str, index: int, category_pk: int) -> None:
        self.base, self.code, self.index, self.category_pk = base, code, index, category_pk
        self.opener, self.jar = _opener()
        self.timings: list[float] = []
        self.errors = 0
        self.not_modified = 0
        self.etag = ""
        self.seen_change_at: float | None = None

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def request(self, path: str, data: dict | None = None, headers: dict | None = None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        if data is not None:
            req.add_header("X-CSRFToken", self._csrf())
            req.add_header("Referer", self.base + path)
        started = time.perf_counter()
        try:
            response = self.opener.open(req, timeout=30)
            status, text, etag = response.status, response.read(), response.headers.get("ETag")
        except urllib.error.HTTPError as error:
            status, text, etag = error.code, b"", error.headers.get("ETag")
        except OSError:
            status, text, etag = 0, b"", None
        self.timings.append(time.perf_counter() - started)
        if status == 304:
            self.not_modified += 1
        elif status >= 400 or status == 0:
            self.errors += 1
        return status, text, etag

    def join_and_fill(self, delay: float = 0.0) -> None:
        time.sleep(delay)
        room = f"/fr/join/{self.code}/"
        self.request(room)
        self.request(room, {"as": "guest", "name": f"Organisme {self.index}"})
        season = "summer" if self.index % 2 else "winter"
        self.fill(quantity=10 + self.index % 30, season=season)

    def fill(self, *, quantity: float, season: str) -> None:
        pk = self.category_pk
        self.request(
            f"/fr/join/{self.code}/inventory/",
            {f"need_{pk}": "1", f"qty_{pk}": str(quantity), f"season_{pk}": season},
        )

    def poll(self, until: float, change: list, every: float) -> None:
        """Poll like htmx's `every 2s`: a request, then the period, from a random phase."""
        time.sleep(random.uniform(0, every))
        while time.time() < until:
            headers = {"If-None-Match": self.etag} if self.etag else {}
            status, _text, etag = self.request(f"/fr/join/{self.code}/board/", headers=headers)
            if status == 200 and etag:
                self.etag = etag
                solved = BOARD_VERSION.search(etag)
                # change = [when the changed inventory was committed, its items_version]
                if change and self.seen_change_at is None and solved:
                    if int(solved.group(1)) >= change[1]:
                        self.seen_change_at = time.time()
            time.sleep(every)


def _server_cpu(pid: int) -> float:
    """CPU seconds used so far by gunicorn: the master and its workers (from /proc). Unlike
    the timings, this hardly moves with what else the machine runs."""
    total = 0.0
    pids = [pid]
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as children:
                pids += [int(c) for c in children.read().split()]
    except OSError:
        pass
    tick = os.sysconf("SC_CLK_TCK")
    for one in pids:
        try:
            with open(f"/proc/{one}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
    return total


def _percentile(timings: list[float], share: float) -> float:
    ordered = sorted(timings)
    return ordered[int(share * (len(ordered) - 1))] if ordered else 0.0


def _fresh_postgres(url: str) -> None:
    """Drop and create the bench's own database (never a shared one: its name is in the URL)."""
    import psycopg

    parts = urllib.parse.urlsplit(url)
    name = parts.path.lstrip("/")
    if not re.fullmatch(r"[a-z0-9_]+", name) or name in ("postgres", "template0", "template1"):
        raise SystemExit(f"refusing to recreate the database {name!r}")
    admin = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def _setup(database_url: str | None):
    """Django over a fresh database: a throw-away SQLite file, or the given PostgreSQL one."""
    if not database_url:
        return setup_django("mutualiser-bench-workshop-"), {}
    import tempfile

    import django

    _fresh_postgres(database_url)
    sys.path[:0] = [str(ROOT / "src"), str(ROOT)]
    folder = tempfile.mkdtemp(prefix="mutualiser-bench-workshop-")
    os.environ["MUTUALISER_VAR"] = folder
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mutualiser.settings")
    os.environ.setdefault("MUTUALISER_ENV", "development")  # gunicorn on plain http
    django.setup()
    return folder, {"DATABASE_URL": database_url}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=120)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--ramp-seconds", type=float, default=0.0)
    parser.add_argument("--poll-seconds", type=float, default=1.5)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()

    load_before = open("/proc/loadavg").read().split()[:3]
    folder, extra_env = _setup(args.database_url)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
    from django.contrib.auth import get_user_model

    from mutualiser.diagnostic.models import Category
    from mutualiser.workshops import services
    from mutualiser.workshops.models import Phase

    user = get_user_model().objects.create_user("bench@example.org", "bench@example.org", "x")
    import datetime

    workshop = services.workshop_create(facilitator=user, title="Bench", date=datetime.date.today())
    services.workshop_set_phase(workshop=workshop, phase=Phase.BOARD)
    category = Category.objects.get(code="technical_direction")

    env = os.environ | {"PYTHONPATH": f"{ROOT / 'src'}", "MUTUALISER_VAR": str(folder)} | extra_env
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "mutualiser.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    try:
        base = f"http://127.0.0.1:{PORT}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        # A server that has served before: every worker has loaded its templates and URLs.
        warm = services.workshop_create(facilitator=user, title="Warm", date=datetime.date.today())
        services.workshop_set_phase(workshop=warm, phase=Phase.BOARD)
        warmers = [Phone(base, warm.code, i, category.pk) for i in range(2 * args.workers)]
        for _round in range(2):
            threads = [threading.Thread(target=p.join_and_fill) for p in warmers]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
        phones = [Phone(base, workshop.code, i, category.pk) for i in range(args.participants)]
        cpu_start, client_start = _server_cpu(server.pid), time.process_time()
        started = time.time()
        joiners = [
            threading.Thread(target=p.join_and_fill, args=(args.ramp_seconds * i / len(phones),))
            for i, p in enumerate(phones)
        ]
        for t in joiners:
            t.start()
        for t in joiners:
            t.join()
        joined = time.time() - started
        join_timings = [t for p in phones for t in p.timings]
        cpu_joined = _server_cpu(server.pid)
        join_errors = sum(p.errors for p in phones)
        for p in phones:
            p.timings, p.errors = [], 0
        until = time.time() + args.seconds
        change: list = []
        pollers = [
            threading.Thread(target=p.poll, args=(until, change, args.poll_seconds)) for p in phones
        ]
        for t in pollers:
            t.start()
        time.sleep(args.seconds / 2)
        phones[0].fill(quantity=33, season="year")
        workshop.refresh_from_db()
        change[:] = [time.time(), workshop.items_version]
        for t in pollers:
            t.join()
        timings = [t for p in phones for t in p.timings]
        delays = [p.seen_change_at - change[0] for p in phones if p.seen_change_at]
        everything = join_timings + timings
        load_after = open("/proc/loadavg").read().split()[:3]
        cpu_end, client_end = _server_cpu(server.pid), time.process_time()
        database = "PostgreSQL" if args.database_url else "SQLite"
        print(
            f"participants {args.participants}, gunicorn {args.workers} workers x "
            f"{args.threads} threads, {database}, arrivals over {args.ramp_seconds:g} s, "
            f"poll every {args.poll_seconds:g} s"
        )
        print(
            f"join + inventory: {len(join_timings)} requests in {joined:.1f} s, "
            f"errors {join_errors}, p50 {statistics.median(join_timings) * 1000:.0f} ms, "
            f"p95 {_percentile(join_timings, 0.95) * 1000:.0f} ms, "
            f"max {max(join_timings) * 1000:.0f} ms"
        )
        not_modified = sum(p.not_modified for p in phones)
        print(
            f"polling: {len(timings)} requests, errors {sum(p.errors for p in phones)}, "
            f"p50 {statistics.median(timings) * 1000:.0f} ms, "
            f"p95 {_percentile(timings, 0.95) * 1000:.0f} ms, "
            f"max {max(timings) * 1000:.0f} ms, 304 answers {not_modified}"
        )
        print(
            f"all participant requests: {len(everything)}, "
            f"p95 {_percentile(everything, 0.95) * 1000:.0f} ms"
        )
        print(
            f"change seen by {len(delays)}/{len(phones)} phones, "
            f"max delay {max(delays, default=float('nan')):.2f} s, "
            f"p95 {_percentile(delays, 0.95):.2f} s"
        )
        workshop.refresh_from_db()
        print(
            f"board solved for items version {workshop.board_version} of {workshop.items_version}"
        )
        print(
            f"server CPU: join + inventory {cpu_joined - cpu_start:.1f} s "
            f"({(cpu_joined - cpu_start) / len(phones) * 1000:.0f} ms a phone), polling and "
            f"solves {cpu_end - cpu_joined:.1f} s ({(cpu_end - cpu_joined) / args.seconds:.2f} "
            f"core); the phones (this process) {client_end - client_start:.1f} s"
        )
        print(f"load average before {' '.join(load_before)}, after {' '.join(load_after)}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
