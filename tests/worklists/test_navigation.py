"""The main menu's links (worklists/navigation.py): its paths are reversed once per process, so an installation
behind a path prefix (the proxy passes SCRIPT_NAME, e.g. /zvh-utrecht) still gets links under that prefix, and one
without gets them without, from the same process."""

import re

import pytest

from ..core.test_links import behind
from ..logins import verified_client
from ..personas import build_world

pytestmark = pytest.mark.django_db


def menu_links(body: str) -> list[str]:
    menu = re.search(r'<nav[^>]*aria-label="Hoofdmenu".*?</nav>', body, re.S).group(0)
    return re.findall(r'href="([^"]+)"', menu)


def test_the_menu_links_carry_the_installation_s_path_prefix():
    client = verified_client(build_world().users["regisseur"])
    plain = menu_links(client.get("/werk/").content.decode())
    with behind("/zvh-utrecht/"):
        prefixed = menu_links(client.get("/werk/").content.decode())
    again = menu_links(client.get("/werk/").content.decode())
    assert "/werk/" in plain and "/casussen/" in plain
    assert prefixed == [f"/zvh-utrecht{link}" for link in plain]
    assert again == plain


def test_the_counts_beside_the_menu_are_fetched_from_under_the_prefix_too():
    client = verified_client(build_world().users["regisseur"])
    client.get("/werk/")
    with behind("/zvh-utrecht/"):
        body = client.get("/werk/").content.decode()
    counts = re.findall(r'hx-get="([^"]+)"', re.search(r'<nav[^>]*aria-label="Hoofdmenu".*?</nav>', body, re.S).group(0))
    assert counts and all(url.startswith("/zvh-utrecht/") for url in counts)
