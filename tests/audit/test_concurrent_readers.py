"""Many readers at once against a live server: nobody gets an error because the log is busy.

The issue's measurement on the SQLite demo: 16 concurrent readers of the work list and case pages, 240
requests, gave a 503 ("database is locked" while appending to the access log). Here the same runs against
the live test server (its own thread per request, each with its own database connection), on whichever
database the suite runs on, and then every request must have answered 200 and left exactly the entries a
lone request of that page leaves, in a log that verifies.
"""

import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest
from django.db import connection

from procesregie.audit.models import AccessLogEntry
from procesregie.audit.verify import verify_chain
from tests import factories as f
from tests.logins import verified_login
from tests.personas import build_world

READERS = 16
REQUESTS = 240
EXTRA_CASES = 4

def get(url: str, session: str) -> tuple[int, str]:
    """(status, request id) of a GET with this session; 4xx/5xx answered, not raised."""
    request = urllib.request.Request(url, headers={"Cookie": f"sessionid={session}"})
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            response.read()
            return response.status, response.headers["X-Request-ID"]
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Request-ID", "")


def entries_per_request() -> Counter:
    return Counter(AccessLogEntry.objects.values_list("request_id", flat=True))


@pytest.mark.django_db(transaction=True)
def test_sixteen_readers_get_their_pages_and_each_read_is_logged_once(live_server, client):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("an in-memory SQLite test database is one connection, shared by the server's threads")
    world = build_world()
    regisseur = world.users["regisseur"]
    cases = [world.case] + [
        f.CaseFactory(registration__approach=world.case.registration.approach, table=world.case.table)
        for _i in range(EXTRA_CASES)
    ]
    sessions = []
    for _i in range(READERS):
        client.cookies.clear()
        verified_login(client, regisseur)
        sessions.append(client.cookies["sessionid"].value)
    paths = ["/werk/"] + [f"/casussen/{case.pk}/" for case in cases]

    # What one request of each page leaves in the log, alone.
    expected_per_path = {}
    for path in paths:
        before = entries_per_request()
        status, request_id = get(live_server.url + path, sessions[0])
        assert status == 200, path
        expected_per_path[path] = entries_per_request()[request_id] - before[request_id]
        assert expected_per_path[path] >= 1, path
    logged_alone = AccessLogEntry.objects.count()

    start = threading.Barrier(READERS)
    answers: list[tuple[str, int, str]] = []
    lock = threading.Lock()

    def reader(number: int) -> None:
        start.wait()
        for index in range(number, REQUESTS, READERS):
            path = paths[index % len(paths)]
            status, request_id = get(live_server.url + path, sessions[number])
            with lock:
                answers.append((path, status, request_id))

    threads = [threading.Thread(target=reader, args=(number,)) for number in range(READERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(answers) == REQUESTS
    errors = Counter(status for _path, status, _id in answers if status != 200)
    assert errors == Counter(), f"not every reader got its page: {dict(errors)}"
    logged = entries_per_request()
    for path, _status, request_id in answers:
        assert logged[request_id] == expected_per_path[path], (path, request_id)
    expected_total = logged_alone + sum(expected_per_path[path] for path, _s, _id in answers)
    assert AccessLogEntry.objects.count() == expected_total
    assert verify_chain().count == expected_total
