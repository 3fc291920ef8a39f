"""Locust's members for bench/bench_members.py (not a benchmark on its own: run that one).

Each simulated member is one account of the plan (MEMBERS_PLAN, a JSON file written by
bench_members.py): already signed in (its session cookie), working in its organisation. It
browses the home page and the directory, reads its inventory and results, opens an item and
saves a change, reads its opportunities and projects, with a few seconds of thought between
pages. Requests are grouped by page (`name=`), ids hidden, so the table reads per page.

The members are FastHttpUsers (geventhttpclient): locust shares the two cores with the server
it measures, and its requests-based client spends several times more CPU per request.
"""

from __future__ import annotations

import html
import itertools
import json
import os
import random
import re
from urllib.parse import urlsplit

from locust import between, events, task
from locust.contrib.fasthttp import FastHttpUser
from requests.cookies import create_cookie

PLAN = json.loads(open(os.environ["MEMBERS_PLAN"], encoding="utf-8").read())
ACCOUNTS = itertools.count()
VERSION = re.compile(r'name="version" value="(\d+)"')
OPPORTUNITY = re.compile(r'href="/fr/opportunities/(\d+)/"')
STARTED = re.compile(r'name="started" value="([^"]*)"')
# A save that meets another member's newer version: the form comes back, nothing is lost.
STALE = {"count": 0}


@events.quitting.add_listener
def _report_stale(environment, **kwargs):
    print(f"stale edits (another member saved first, the form came back): {STALE['count']}")


class Member(FastHttpUser):
    wait_time = between(2, 5)

    def on_start(self) -> None:
        account = PLAN[next(ACCOUNTS) % len(PLAN)]
        self.account = account
        self.random = random.Random(account["seed"])
        host = urlsplit(self.host).hostname
        session = create_cookie("sessionid", account["session"], domain=host)
        self.client.cookiejar.set_cookie(session)

    def _cookie(self, name: str) -> str:
        return next((c.value for c in self.client.cookiejar if c.name == name), "")

    def _get(self, url: str, name: str):
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code}")
            return response

    @task(2)
    def home(self) -> None:
        self._get("/fr/", "home")

    @task(1)
    def directory(self) -> None:
        self._get("/fr/organisations/", "directory")

    @task(3)
    def inventory(self) -> None:
        self._get("/fr/diagnostic/inventory/", "inventory")

    @task(2)
    def results(self) -> None:
        self._get("/fr/diagnostic/", "diagnostic results")

    @task(2)
    def edit_item(self) -> None:
        item = self.random.choice(self.account["items"])
        url = f"/fr/diagnostic/inventory/{item['id']}/edit/"
        page = self._get(url, "item edit (form)")
        version, started = VERSION.search(page.text), STARTED.search(page.text)
        if version is None:
            return
        data = dict(item["form"])
        data["version"] = version.group(1)
        data["started"] = html.unescape(started.group(1)) if started else ""
        # One month moves by one unit, up or down: the item stays plausible run after run.
        month = f"month_{self.random.randint(1, 12)}"
        data[month] = str(max(0.0, float(data[month]) + self.random.choice((-1, 1))))
        headers = {"X-CSRFToken": self._cookie("csrftoken")}
        with self.client.post(
            url,
            data=data,
            headers=headers,
            name="item edit (save)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 302:
                response.success()
            elif response.status_code == 200 and 'name="version"' in response.text:
                STALE["count"] += 1
                response.success()
            else:
                response.failure(f"{response.status_code}")

    @task(1)
    def opportunities(self) -> None:
        self._get("/fr/opportunities/", "opportunities")

    @task(2)
    def opportunity(self) -> None:
        # From the list, as a member clicks: a new run (after an edit) gives new ids.
        page = self._get("/fr/opportunities/", "opportunities")
        ids = OPPORTUNITY.findall(page.text)
        if ids:
            self._get(f"/fr/opportunities/{self.random.choice(ids)}/", "opportunity")

    @task(1)
    def projects(self) -> None:
        self._get("/fr/projects/", "projects")

    @task(2)
    def project(self) -> None:
        if self.account["projects"]:
            pk = self.random.choice(self.account["projects"])
            self._get(f"/fr/projects/{pk}/", "project")
            self._get(f"/fr/projects/{pk}/costs/", "project costs")
