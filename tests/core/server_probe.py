"""A WSGI application for tests/core/test_app_server.py: the project's application loaded (so that the master holds
what a real one holds), and one answer: the garbage collector's state in the worker that serves it."""

import gc
import json

from procesregie.config.wsgi import application as _project  # noqa: F401 (loaded in the master: preload_app)


def application(environ, start_response):
    body = json.dumps({"enabled": gc.isenabled(), "frozen": gc.get_freeze_count()}).encode()
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
