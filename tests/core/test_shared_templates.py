"""A form field, an error summary, a checkbox and a group of options are drawn by one template each, in
core/templates/core/forms/; no app keeps a copy of its own (there were four error summaries that each differed
a little, and byte-identical copies of the field)."""

from pathlib import Path

import procesregie

SOURCE = Path(procesregie.__file__).resolve().parent
SHARED = SOURCE / "core" / "templates" / "core" / "forms"
# The names the copies had.
COPY_NAMES = {
    "_field.html", "_error_summary.html", "_form_errors.html", "_errors.html",
    "_checkbox.html", "_checkboxes.html", "_choices.html", "_radio_group.html",
}
# What only these templates draw: the summary's title, a field's error message, the label of an option.
MARKUP = ("Er is een probleem", ".errors|join", "utrecht-form-label--checkbox", "utrecht-form-label--radio")
# Layouts of their own, each for a reason:
OWN_LAYOUT = {
    # the searchable organisation picker: its options carry what the search matches on, under a search box
    "casework/templates/casework/_organisation_picker.html",
    # the measurement form: a grid of one row per life domain, its five levels and a note
    "monitoring/templates/monitoring/_measurement_form.html",
}


def _app_templates():
    return [path for path in SOURCE.glob("*/templates/**/*.html") if SHARED not in path.parents]


def test_the_shared_templates_exist():
    assert {"_field.html", "_error_summary.html", "_checkbox.html", "_choices.html"} <= {
        path.name for path in SHARED.iterdir()
    }


def test_no_app_template_is_named_like_a_copy():
    copies = [str(path.relative_to(SOURCE)) for path in _app_templates() if path.name in COPY_NAMES]
    assert copies == [], f"use the templates in core/templates/core/forms/ instead of {copies}"


def test_no_app_template_draws_a_field_a_summary_or_an_option_itself():
    drawing = {
        str(path.relative_to(SOURCE))
        for path in _app_templates()
        if any(markup in path.read_text(encoding="utf-8") for markup in MARKUP)
    }
    assert drawing == OWN_LAYOUT, f"include core/forms/… instead: {sorted(drawing - OWN_LAYOUT)}"
