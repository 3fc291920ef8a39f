"""A live workshop under load: N phones join, send a quick inventory and poll the board.

Starts gunicorn on 127.0.0.1 over a throw-away SQLite database (bench/django_setup.py), then
N participants (threads, stdlib HTTP, cookies and CSRF like a browser) join as guests, send
their inventory, and poll the board every 2 s with If-None-Match for `--seconds`. Halfway, one
participant changes its inventory; the benchmark measures how long until every phone's next
poll sees the new board. Prints errors, p50/p95 of participant requests, 304 share, and the
propagation delay. Bounded in time; 127.0.0.1 only.

    .venv/bin/python bench/bench_workshop.py --participants 120 --seconds 20
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
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

    def join_and_fill(self) -> None:
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

    def poll(self, until: float, changed_at: list[float]) -> None:
        while time.time() < until:
            headers = {"If-None-Match": self.etag} if self.etag else {}
            status, _text, etag = self.request(f"/fr/join/{self.code}/board/", headers=headers)
            if status == 200 and etag:
                self.etag = etag
                if changed_at and self.seen_change_at is None and time.time() >= changed_at[0]:
                    self.seen_change_at = time.time()
            time.sleep(2.0)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=120)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()

    folder = setup_django("mutualiser-bench-workshop-")
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

    env = os.environ | {"PYTHONPATH": f"{ROOT / 'src'}", "MUTUALISER_VAR": str(folder)}
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
            "4",
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
        phones = [Phone(base, workshop.code, i, category.pk) for i in range(args.participants)]
        started = time.time()
        joiners = [threading.Thread(target=p.join_and_fill) for p in phones]
        for t in joiners:
            t.start()
        for t in joiners:
            t.join()
        joined = time.time() - started
        join_timings = sorted(t for p in phones for t in p.timings)
        for p in phones:
            p.timings = []
        until = time.time() + args.seconds
        changed_at: list[float] = []
        pollers = [threading.Thread(target=p.poll, args=(until, changed_at)) for p in phones]
        for t in pollers:
            t.start()
        time.sleep(args.seconds / 2)
        changed_at.append(time.time())
        phones[0].fill(quantity=33, season="year")
        for t in pollers:
            t.join()
        timings = sorted(t for p in phones for t in p.timings)
        requests = len(timings)
        p95 = timings[int(0.95 * (requests - 1))]
        join_p95 = join_timings[int(0.95 * (len(join_timings) - 1))]
        delays = [p.seen_change_at - changed_at[0] for p in phones if p.seen_change_at]
        print(f"participants {args.participants}, gunicorn {args.workers} workers, SQLite")
        print(
            f"all joined and filled in {joined:.1f} s ({len(join_timings)} requests at once, "
            f"p50 {statistics.median(join_timings) * 1000:.0f} ms, p95 {join_p95 * 1000:.0f} ms)"
        )
        print(f"polling: {requests} requests")
        print(f"errors {sum(p.errors for p in phones)}")
        print(f"polling p50 {statistics.median(timings) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms")
        print(f"304 answers {sum(p.not_modified for p in phones)}")
        if delays:
            print(
                f"change seen by {len(delays)}/{len(phones)} phones, "
                f"max delay {max(delays):.1f} s (poll every 2 s)"
            )
        print(f"load {os.getloadavg()[0]:.2f}")
    finally:
        server.terminate()
        server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
