"""The access world of tests/personas.py, a logged-in procesregisseur, and its case grown to eight years."""

import pytest
from django.test import Client

from ..logins import verified_login
from ..personas import build_world
from .long_case import LONG, grow


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def regisseur(world):
    return world.users["regisseur"]


def logged_in(user) -> Client:
    client = Client()
    verified_login(client, user)
    return client


@pytest.fixture
def regie(regisseur) -> Client:
    return logged_in(regisseur)


@pytest.fixture
def long_case(world, regisseur):
    return grow(world.case, regisseur, LONG)
