"""The app server's access log never holds an invitation's token (config/gunicorn.py)."""

import datetime
from types import SimpleNamespace

from django.urls import reverse
from gunicorn.config import Config

from procesregie.config import gunicorn as server

TOKEN = "q7XbW2-secret-token-Z9"


def _logged_line(capsys, path: str, referer: str) -> str:
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", server.access_log_format)
    logger = server.AccessLogger(config)
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": path, "PATH_INFO": path, "QUERY_STRING": "",
               "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1", "HTTP_REFERER": referer,
               "HTTP_USER_AGENT": "test"}
    response = SimpleNamespace(status="302 Found", headers=[("Location", "/uitnodiging/wachtwoord/")], sent=0)
    request = SimpleNamespace(headers=[("REFERER", referer)])
    logger.access(response, request, environ, datetime.timedelta(milliseconds=12))
    return capsys.readouterr().out  # accesslog "-": standard output


def test_the_log_line_of_an_invitation_link_holds_no_token(capsys):
    link = reverse("invitations:open", kwargs={"token": TOKEN})
    line = _logged_line(capsys, link, referer=f"https://zvh.example{link}")
    assert TOKEN not in line
    assert "/uitnodiging/[verborgen]/" in line and "302" in line


def test_other_paths_are_logged_as_they_are():
    for path in (reverse("invitations:password"), reverse("invitations:enrol"), "/werk/?q=1994-03-12"):
        assert server.without_secrets(path) == path
