"""Locust users for `bench/load.py`: logged-in procesregisseurs reading case pages and their work list.

Not run directly: bench/load.py starts `locust --headless -f bench/locustfile.py` with BENCH_LOAD_PLAN
pointing at a JSON file {"sessions": [session cookie values], "case_ids": [...], "work_list": "/werk/",
"wait": [min, max] think time in seconds, "pages": ["case page", "work list"] (the pages to request)}.
The sessions were logged in beforehand through the real login pages (password + TOTP), so the measured
requests are page views only. Every user takes its own session and keeps the cookies the server sets, as a
browser does; a response other than 200 (a redirect to the login, a 404, a 500) counts as a failure.

FastHttpUser (geventhttpclient) rather than HttpUser (requests): the load generator runs on the same CPUs as the
server, and it costs a fraction of the CPU per request.
"""

import http.cookiejar
import itertools
import json
import os
import random
from urllib.parse import urlsplit

import gevent
from locust import FastHttpUser, between

with open(os.environ["BENCH_LOAD_PLAN"], encoding="utf-8") as handle:
    PLAN = json.load(handle)
_sessions = itertools.cycle(PLAN["sessions"])
COOKIE = PLAN.get("cookie_name", "sessionid")


def session_cookie(host: str, value: str) -> http.cookiejar.Cookie:
    return http.cookiejar.Cookie(
        version=0, name=COOKIE, value=value, port=None, port_specified=False, domain=urlsplit(host).hostname,
        domain_specified=False, domain_initial_dot=False, path="/", path_specified=True, secure=False, expires=None,
        discard=True, comment=None, comment_url=None, rest={"HttpOnly": ""},
    )


class Procesregisseur(FastHttpUser):
    # Think time between page views: a person reads a page before opening the next one (bench/load.py WAIT).
    wait_time = between(*PLAN.get("wait", (1, 5)))

    def on_start(self):
        self.client.cookiejar.set_cookie(session_cookie(self.host, next(_sessions)))
        self.random = random.Random()
        # Someone already at work is somewhere in reading a page: the users who start in the same second do not
        # all ask at once (the figures count from when all have started: locust --reset-stats).
        gevent.sleep(self.random.uniform(0, self.wait_time()))

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
