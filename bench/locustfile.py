"""Locust users for `bench/load.py`: logged-in procesregisseurs reading case pages and their work list.

Not run directly: bench/load.py starts `locust --headless -f bench/locustfile.py` with BENCH_LOAD_PLAN
pointing at a JSON file {"sessions": [session cookie values], "case_ids": [...], "work_list": "/werk/",
"wait": [min, max] think time in seconds, "pages": ["case page", "work list"] (the pages to request)}.
The sessions were logged in beforehand through the real login pages (password + TOTP), so the measured
requests are page views only. Every user takes its own session; a response other than 200 (a redirect to
the login, a 404, a 500) counts as a failure.
"""

import itertools
import json
import os
import random

from locust import HttpUser, between

with open(os.environ["BENCH_LOAD_PLAN"], encoding="utf-8") as handle:
    PLAN = json.load(handle)
_sessions = itertools.cycle(PLAN["sessions"])
COOKIE = PLAN.get("cookie_name", "sessionid")


class Procesregisseur(HttpUser):
    # Think time between page views: a person reads a page before opening the next one (bench/load.py WAIT).
    wait_time = between(*PLAN.get("wait", (1, 5)))

    def on_start(self):
        self.client.cookies.set(COOKIE, next(_sessions))
        self.random = random.Random()

    def _get(self, path: str, name: str):
        with self.client.get(path, name=name, allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.headers.get('Location', '')}")

    def case_page(self):
        self._get(f"/casussen/{self.random.choice(PLAN['case_ids'])}/", "case page")

    def work_list(self):
        self._get(PLAN["work_list"], "work list")

    # Equal weights; the plan may leave a page out (the zero-think-time run requests case pages only).
    tasks = [page for name, page in (("case page", case_page), ("work list", work_list))
             if name in PLAN.get("pages", ["case page", "work list"])]
