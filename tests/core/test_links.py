"""The templates' `{% url %}` tag keeps each path (core/templatetags/links.py): it writes exactly what Django's own
tag writes, also the second time, under a path prefix, with keyword arguments, and `as name`."""

from contextlib import contextmanager

import pytest
from django.template import engines
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix


def render(template: str, **context) -> str:
    return engines["django"].from_string(template).render(context)


@contextmanager
def behind(prefix: str):
    """A request that came in under `prefix`: what Django's WSGI handler sets from SCRIPT_NAME (the test client
    does not)."""
    previous = get_script_prefix()
    set_script_prefix(prefix)
    try:
        yield
    finally:
        set_script_prefix(previous)


def test_a_link_reads_as_django_writes_it_each_time():
    for _ in range(2):
        assert render("{% url 'casework:case-detail' pk %}", pk=12) == reverse("casework:case-detail", args=[12])
        assert render("{% url 'casework:case-detail' pk=pk %}", pk=12) == reverse("casework:case-detail", args=[12])
        assert render("{% url 'worklists:home' %}") == "/werk/"
    assert render("{% url 'casework:case-detail' pk %}", pk=13) == reverse("casework:case-detail", args=[13])


def test_a_link_under_the_installation_s_path_prefix_and_without():
    assert render("{% url 'casework:case-detail' 12 %}") == "/casussen/12/"
    with behind("/zvh-utrecht/"):
        assert render("{% url 'casework:case-detail' 12 %}") == "/zvh-utrecht/casussen/12/"
    assert render("{% url 'casework:case-detail' 12 %}") == "/casussen/12/"


def test_a_name_that_names_nothing_still_fails_as_before():
    with pytest.raises(NoReverseMatch):
        render("{% url 'casework:no-such-page' %}")
    with pytest.raises(NoReverseMatch):
        render("{% url 'casework:case-detail' 'not-a-number' %}")
    assert render("{% url 'casework:no-such-page' as link %}[{{ link }}]") == "[]"


def test_as_name_sets_the_variable_each_time_and_prints_nothing():
    for _ in range(2):
        assert render("{% url 'casework:case-detail' 12 as link %}[{{ link }}]") == "[/casussen/12/]"
    assert render("{% url 'casework:case-detail' 13 as link %}[{{ link }}]") == "[/casussen/13/]"


def test_a_view_name_from_a_variable_and_an_object_as_argument_read_as_before():
    assert render("{% url name 12 %}", name="casework:case-detail") == "/casussen/12/"
    assert render("{% url 'casework:case-detail' number as link %}[{{ link }}]", number=12.5) == "[]"
