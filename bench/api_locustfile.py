"""Locust users for `bench/api_bench.py`: partner systems reading the status of their registrations through the API.

Not run directly: bench/api_bench.py starts `locust --headless -f bench/api_locustfile.py` with BENCH_API_PLAN
pointing at a JSON file {"tokens": [bearer tokens, one per API client], "refs": [registration references of the
clients' organisation], "wait": [min, max] seconds between two reads}. The tokens were obtained with client
credentials (POST /api/v1/token/) before the run, so the measured requests are status reads only. Every user is its
own client (its own token and rate limit) and reads `GET /api/v1/registrations/<ref>/` for a random reference of
its organisation; a response other than 200 counts as a failure.
"""

import itertools
import json
import os
import random
from urllib.parse import quote

import gevent
from locust import FastHttpUser, between

with open(os.environ["BENCH_API_PLAN"], encoding="utf-8") as handle:
    PLAN = json.load(handle)
_tokens = itertools.cycle(PLAN["tokens"])


class PartnerSystem(FastHttpUser):
    wait_time = between(*PLAN.get("wait", (0.5, 1.5)))

    def on_start(self):
        self.headers = {"Authorization": f"Bearer {next(_tokens)}", "Accept": "application/json"}
        self.random = random.Random()
        # The partner systems do not all ask in the same instant (figures count from when all have started).
        gevent.sleep(self.random.uniform(0, self.wait_time()))

    def registration_status(self):
        ref = self.random.choice(PLAN["refs"])
        with self.client.get(f"/api/v1/registrations/{quote(ref)}/", headers=self.headers, name="registration status",
                             allow_redirects=False, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} {response.text[:120] if response.text else ''}")

    tasks = [registration_status]
