"""Names for the report's codes, from the reference data, and the order of approaches as a tree."""

from __future__ import annotations

import pytest

from procesregie.reporting.rendering import labels_from_reference, render_html
from procesregie.reporting.rendering.labels import ReportLabels
from tests.reporting.rendering_sample import sample_report


@pytest.mark.django_db
def test_labels_from_the_reference_data(reference_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        labels = labels_from_reference()
    assert labels["approaches"]["topx-jeugd"] == {"name": "Top X Jeugd (Stad)", "parent": "topx-stad",
                                                 "unit": "person", "duration_scheme": "years"}
    assert labels["approaches"]["topx-ogg"]["duration_scheme"] == "months"
    assert labels["approaches"]["mda"]["unit"] == "system"
    assert labels["municipalities"]["GM0344"] == {"name": "Utrecht", "district": "Stad"}
    assert labels["domains"]["financien"] == "Financiën"
    assert labels["closing_reasons"]["overdracht_intern"].startswith("Overdracht")
    assert labels["organisation_kinds"]["rvdk"] == "Raad voor de Kinderbescherming"
    assert labels["escalation_outcomes"]["bestuurlijk_opgeschaald"] == "bestuurlijk opgeschaald"

    html = render_html(sample_report(), labels=labels, standalone=False)
    assert "Top X Oost" in html and "Amersfoort" in html and "Positief afgesloten" in html


@pytest.mark.django_db
def test_the_region_tree_three_levels_deep(reference_data):
    tree = ReportLabels(labels_from_reference()).approach_tree(
        ["topx-volwassenen", "topx", "topx-stad", "topx-jeugd", "topx-west", "topx-oost", "mda"])
    assert [(node.code, node.depth) for node in tree] == [
        ("mda", 0),
        ("topx", 0), ("topx-oost", 1), ("topx-stad", 1), ("topx-jeugd", 2), ("topx-volwassenen", 2), ("topx-west", 1),
    ]
    assert tree[4].ancestors == ("topx", "topx-stad")
    assert tree[3].has_children and not tree[4].has_children


def test_a_child_without_its_parent_in_the_report_stands_alone():
    labels = ReportLabels({"approaches": {"b": {"name": "B", "parent": "a"}}})
    assert [(node.code, node.depth) for node in labels.approach_tree(["b"])] == [("b", 0)]


def test_a_cycle_in_the_reference_data_shows_each_approach_once():
    labels = ReportLabels({"approaches": {"a": {"name": "A", "parent": "b"}, "b": {"name": "B", "parent": "a"}}})
    assert sorted(node.code for node in labels.approach_tree(["a", "b"])) == ["a", "b"]


def test_the_duration_scheme_falls_back_to_the_buckets_present():
    labels = ReportLabels({})
    assert labels.duration_scheme("x", {"0_6m": 1}) == "months"
    assert labels.duration_scheme("x", {"lt_1y": 1}) == "years"
    assert labels.duration_scheme("x", {}) == "years"
