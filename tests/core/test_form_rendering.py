"""The form renderer (core.form_rendering): the project's copy of Django's select template writes the same bytes
as Django's own, for every kind of select the forms use."""

from django import forms
from django.forms.renderers import DjangoTemplates

from procesregie.core.form_rendering import OWN_TEMPLATES, FormRenderer


class Choices(forms.Form):
    plain = forms.ChoiceField(choices=[("", "Kies"), ("a", "Eén & <twee>"), ("b", 'Drie "vier"')],
                              widget=forms.Select(attrs={"class": "utrecht-select", "aria-describedby": "x_helptext"}))
    grouped = forms.ChoiceField(choices=[("Noord", [("n1", "Groningen"), ("n2", "Drenthe")]), ("z", "Zeeland")])
    several = forms.MultipleChoiceField(choices=[(1, "een"), (2, "twee"), (3, "drie")], required=False)
    yes_no = forms.NullBooleanField(required=False)
    none = forms.ChoiceField(choices=[], required=False)


def _rendered(renderer, data=None) -> dict[str, str]:
    form = Choices(data=data, renderer=renderer)
    return {name: str(form[name]) for name in form.fields}


def test_selects_come_out_as_django_writes_them_empty_and_with_chosen_values():
    for data in (None, {"plain": "b", "grouped": "n2", "several": ["1", "3"], "yes_no": "true"}):
        ours, django = _rendered(FormRenderer(), data), _rendered(DjangoTemplates(), data)
        assert ours == django
    assert 'selected>Drenthe</option>' in ours["grouped"] and "Eén &amp; &lt;twee&gt;" in ours["plain"]


def test_the_projects_select_template_is_the_one_used():
    template = FormRenderer().get_template("django/forms/widgets/select.html")
    assert template.origin.name == str(OWN_TEMPLATES / "django/forms/widgets/select.html")
