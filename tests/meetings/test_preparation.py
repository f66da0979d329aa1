"""Before the meeting the discussion is prepared (draft notes); from the meeting's date on it is confirmed and decisions
are recorded. What cannot be done yet is not offered: no form that refuses only after the typing."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from procesregie.core.errors import DomainError
from procesregie.meetings import services
from procesregie.meetings.models import Decision, Discussion

from .conftest import HTMX, entries_since, last_sequence

pytestmark = pytest.mark.django_db


def _upcoming(mw, days=3):
    mw.meeting.date = timezone.localdate() + datetime.timedelta(days=days)
    mw.meeting.save()


def meeting_page(mw, client) -> str:
    response = client.get(reverse("meetings:meeting-detail", args=[mw.meeting.pk]))
    assert response.status_code == 200
    return response.content.decode()


def prepare_url(mw) -> str:
    return reverse("meetings:agenda-prepare", args=[mw.meeting.pk, mw.first.pk])


def draft(mw, notes: str, opened_with: str = "") -> dict:
    """The preparation form as posted: the notes, and the fingerprint of the draft it was opened with."""
    prefix = f"voorbereiding-{mw.first.pk}-"
    return {prefix + "notes": notes, prefix + "opened_with": services.draft_fingerprint(opened_with)}


def test_before_the_meeting_only_the_preparation_is_offered(mw, as_user):
    _upcoming(mw)
    html = meeting_page(mw, as_user("regisseur"))
    assert "Bespreking voorbereiden" in html and prepare_url(mw) in html
    assert "Bespreking vastleggen" not in html and "Besluit toevoegen" not in html
    assert "/bespreking/" not in html and "/besluiten/" not in html


def test_from_the_meeting_date_on_discussion_and_decisions_are_offered(mw, as_user):
    mw.meeting.date = timezone.localdate()
    mw.meeting.save()
    html = meeting_page(mw, as_user("regisseur"))
    assert "Bespreking vastleggen" in html and "Besluit toevoegen" in html and "Bespreking voorbereiden" not in html


@pytest.mark.parametrize("name", ["meetings:discussion-edit", "meetings:decision-add"])
@pytest.mark.parametrize("htmx", [False, True])
def test_a_form_asked_for_before_the_meeting_is_not_shown(mw, as_user, name, htmx):
    """Typed in the address bar, or from an old page: no form, but what can be done now."""
    _upcoming(mw)
    response = as_user("regisseur").get(reverse(name, args=[mw.meeting.pk, mw.first.pk]), follow=not htmx,
                                        **(HTMX if htmx else {}))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'name="bespreking-{mw.first.pk}-' not in html and f'name="besluit-{mw.first.pk}-' not in html
    assert "Dit overleg heeft nog niet plaatsgevonden." in html and "Bespreking voorbereiden" in html


def test_preparing_stores_a_draft_that_only_the_regisseur_sees(mw, as_user):
    _upcoming(mw)
    client = as_user("regisseur")
    assert client.get(prepare_url(mw)).status_code == 200
    before = last_sequence()
    response = client.post(prepare_url(mw), draft(mw, "Vragen: <b>schulden</b>?"))
    assert response.status_code == 302
    mw.first.refresh_from_db()
    assert mw.first.prepared_notes == "Vragen: schulden?"
    assert not Discussion.objects.exists()  # a draft is no discussion: the annual report does not count it
    (entry,) = [e for e in entries_since(before) if e.action != "read"]
    assert (entry.action, entry.object_type, entry.purpose_case_id) == ("update", "meetings.agendaitem", mw.case.pk)
    assert "Vragen: schulden?" in meeting_page(mw, client)

    partner = as_user("participant")
    assert "Vragen: schulden?" not in meeting_page(mw, partner)
    case_page = partner.get(reverse("casework:case-detail", args=[mw.case.pk])).content.decode()
    assert "Vragen: schulden?" not in case_page
    summary = partner.get(reverse("meetings:case-summary", args=[mw.meeting.pk, mw.first.pk])).content.decode()
    assert "Vragen: schulden?" not in summary


def test_the_inline_preparation_answers_with_the_item(mw, as_user):
    _upcoming(mw)
    client = as_user("regisseur")
    form = client.get(prepare_url(mw), **HTMX).content.decode()
    assert "<html" not in form and "Voorbereiding opslaan" in form
    response = client.post(prepare_url(mw), draft(mw, "Eerst de huisarts"), **HTMX)
    html = response.content.decode()
    assert response.status_code == 200 and "De voorbereiding is opgeslagen." in html and "Eerst de huisarts" in html


def test_confirming_on_the_day_starts_from_the_draft(mw, as_user):
    _upcoming(mw)
    client = as_user("regisseur")
    client.post(prepare_url(mw), draft(mw, "Klaargezet voor het overleg"))
    mw.meeting.date = timezone.localdate()
    mw.meeting.save()
    form = client.get(reverse("meetings:discussion-edit", args=[mw.meeting.pk, mw.first.pk])).content.decode()
    assert "Klaargezet voor het overleg</textarea>" in form
    response = client.post(reverse("meetings:discussion-edit", args=[mw.meeting.pk, mw.first.pk]), {
        f"bespreking-{mw.first.pk}-version": "0", f"bespreking-{mw.first.pk}-notes": "Klaargezet, en besproken",
    })
    assert response.status_code == 302
    assert Discussion.objects.get().notes == "Klaargezet, en besproken"
    # Recorded: the draft is done with.
    with pytest.raises(DomainError, match="al vastgelegd"):
        services.agenda_item_prepare(actor=mw.users["regisseur"], item=mw.first, notes="later")


def test_the_services_still_refuse_before_the_meeting(mw):
    _upcoming(mw)
    with pytest.raises(DomainError, match="nog niet plaatsgevonden"):
        services.discussion_record(actor=mw.users["regisseur"], item=mw.first, version=0, client_present=False,
                                   expert_present=False)
    with pytest.raises(DomainError, match="nog niet plaatsgevonden"):
        services.decision_add(actor=mw.users["regisseur"], item=mw.first, text="x",
                              owner=mw.users["participant"].organisation, due_date=mw.meeting.date)
    assert not Discussion.objects.exists() and not Decision.objects.exists()


@pytest.mark.parametrize(("name", "heading"), [
    ("Casusoverleg Top X", "Casusoverleg Top X"),
    ("Overlegtafel Noord", "Casusoverleg Overlegtafel Noord"),
])
def test_the_meeting_shows_its_table_once(mw, as_user, name, heading):
    mw.table.name = name
    mw.table.save()
    html = meeting_page(mw, as_user("participant"))
    assert f'<h1 class="utrecht-heading-1">{heading}</h1>' in html
    assert "Casusoverleg Casusoverleg" not in html


@pytest.mark.parametrize("htmx", [False, True])
def test_a_stale_preparation_form_is_refused_and_keeps_the_input(mw, as_user, htmx):
    """Two people prepare the same item: the second save, opened on the older draft, saves nothing and shows both."""
    _upcoming(mw)
    client = as_user("regisseur")
    assert client.post(prepare_url(mw), draft(mw, "Eerste versie")).status_code == 302
    response = client.post(prepare_url(mw), draft(mw, "Mijn eigen tekst"), **(HTMX if htmx else {}))
    html = response.content.decode()
    assert response.status_code == 200 and "Iemand anders heeft de voorbereiding intussen gewijzigd." in html
    assert "Eerste versie" in html and "Mijn eigen tekst</textarea>" in html
    mw.first.refresh_from_db()
    assert mw.first.prepared_notes == "Eerste versie"
    # The form now carries the stored draft: saving again is a deliberate overwrite.
    fingerprint = re.search(r'name="voorbereiding-\d+-opened_with" value="([^"]+)"', html).group(1)
    assert fingerprint == services.draft_fingerprint("Eerste versie")
    assert client.post(prepare_url(mw), draft(mw, "Mijn eigen tekst", "Eerste versie")).status_code == 302
    mw.first.refresh_from_db()
    assert mw.first.prepared_notes == "Mijn eigen tekst"


def test_a_preparation_without_its_fingerprint_is_incomplete(mw, as_user):
    _upcoming(mw)
    response = as_user("regisseur").post(prepare_url(mw), {f"voorbereiding-{mw.first.pk}-notes": "x"})
    assert response.status_code == 200 and "onvolledig verstuurd" in response.content.decode()
    mw.first.refresh_from_db()
    assert mw.first.prepared_notes == ""
