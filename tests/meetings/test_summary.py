"""The case summary (casusoverzicht) of an agenda item: what it shows, to whom (the case's visibility), that reading
it is logged, the PDF, and a number of queries that does not grow with the case."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from procesregie.meetings.models import AgendaItem, Decision, Discussion, Meeting
from procesregie.monitoring.models import Measurement
from procesregie.plans.models import CaseIntervention, CaseUpdate, Goal, InterventionStatus

from .. import factories as f
from .conftest import entries_since, last_sequence

pytestmark = pytest.mark.django_db

MAX_QUERIES = 30


def url(mw, item=None, pdf=False) -> str:
    name = "meetings:case-summary-pdf" if pdf else "meetings:case-summary"
    return reverse(name, args=[mw.meeting.pk, (item or mw.first).pk])


def fill(case, *, police, size: int, start: int = 0, meeting_table=None) -> None:
    """Give `case` `size` goals, interventions (one done per pair), measurement moments and earlier meetings with a
    decision each."""
    domains = [f.LifeDomainFactory(code=f"domein-{n}", name=f"Domein {n}") for n in range(4)]
    today = timezone.localdate()
    for i in range(start, start + size):
        goal = Goal.objects.create(case=case, domain=domains[i % 4], description=f"doel-{i}", position=i)
        CaseIntervention.objects.create(
            case=case, intervention=f.InterventionFactory(code=f"int-{i}", name=f"Interventie {i}"), organisation=police,
            goal=goal, agreed_on=today - datetime.timedelta(days=300 - i), due_date=today + datetime.timedelta(days=i),
            status=InterventionStatus.DONE if i % 2 else InterventionStatus.RUNNING,
        )
        day = today - datetime.timedelta(days=200 - 10 * i)
        for domain in domains:
            Measurement.objects.create(case=case, date=day, kind="tussenmeting", domain=domain, level=1 + (i % 5))
        earlier = Meeting.objects.create(ref=f"O-EERDER{i}", table=meeting_table, date=day)
        item = AgendaItem.objects.create(meeting=earlier, case=case, position=1)
        Decision.objects.create(agenda_item=item, text=f"eerder-besluit-{i}", owner=police, due_date=day)
        CaseUpdate.objects.create(case=case, organisation=police, text=f"update-{i}")


def test_the_summary_shows_what_a_partner_needs_to_prepare(mw, as_user):
    police = mw.users["participant"].organisation
    mw.case.registration.reason = "Zorgen over schulden en overlast"
    mw.case.registration.save()
    fill(mw.case, police=police, size=2, meeting_table=mw.table)
    client = as_user("participant")
    before = last_sequence()
    response = client.get(url(mw))
    html = response.content.decode()
    assert response.status_code == 200
    person = mw.case.registration.person
    for expected in (person.family_name, mw.case.registration.ref, "Zorgen over schulden en overlast", police.name,
                     "doel-0", "doel-1", "Interventie 0", "eerder-besluit-1", "eerder-besluit-0", "update-1",
                     "Laatste metingen", "Domein 0"):
        assert expected in html, expected
    assert "Interventie 1" not in html  # done: not open any more
    assert "Verborgen" not in html  # the other case on the agenda
    (entry,) = entries_since(before)
    assert (entry.action, entry.outcome, entry.subject_key, entry.purpose_case_id) == (
        "read", "granted", person.subject_key, mw.case.pk)


def test_the_summary_lists_the_partners_taking_part_as_the_case_page_does(mw, as_user):
    """A participation past its `until` has ended (casework.participations: `active()`), though not removed."""
    today = timezone.localdate()
    ended = f.OrganisationFactory(name="Woningcorporatie Afgelopen")
    starting = f.OrganisationFactory(name="Schuldhulp Straks")
    f.ParticipationFactory(case=mw.case, organisation=ended, until=today - datetime.timedelta(days=1))
    f.ParticipationFactory(case=mw.case, organisation=starting, since=today + datetime.timedelta(days=7))
    html = as_user("participant").get(url(mw)).content.decode()
    listed = html[html.index('id="summary-participants"'):]
    listed = listed[:listed.index("</section>")]
    assert mw.users["participant"].organisation.name in listed
    assert ended.name not in listed and starting.name not in listed


@pytest.mark.parametrize("persona", ["other_org", "removed", "regisseur_elsewhere", "colleague", "manager",
                                     "privacy_officer", "functional_admin"])
@pytest.mark.parametrize("pdf", [False, True])
def test_whoever_may_not_see_the_case_gets_404(mw, as_user, persona, pdf):
    """The municipality sees the meeting (its table) but not this case; the others see neither."""
    before = last_sequence()
    response = as_user(persona).get(url(mw, pdf=pdf))
    body = response.content.decode(errors="replace")
    assert response.status_code == 404
    assert "Geheime" not in body and "Persoon" not in body and mw.case.registration.ref not in body
    assert [(e.action, e.outcome) for e in entries_since(before)] == [("read", "denied")]


def test_an_item_of_another_meeting_or_unknown_is_404(mw, as_user):
    client = as_user("participant")
    other = Meeting.objects.create(ref="O-ANDER", table=mw.table, date=mw.meeting.date)
    assert client.get(reverse("meetings:case-summary", args=[other.pk, mw.first.pk])).status_code == 404
    assert client.get(reverse("meetings:case-summary", args=[mw.meeting.pk, 999999])).status_code == 404


def test_the_regisseur_and_the_partner_get_a_pdf(mw, as_user):
    Discussion.objects.create(meeting=mw.meeting, case=mw.case, date=mw.meeting.date, notes="n", version=1)
    Decision.objects.create(agenda_item=mw.first, text="Besluit voor de PDF",
                            owner=mw.users["participant"].organisation, due_date=mw.meeting.date)
    for persona in ("regisseur", "participant"):
        response = as_user(persona).get(url(mw, pdf=True))
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert f'filename="casusoverzicht-{mw.case.registration.ref}-' in response["Content-Disposition"]


def test_the_pdf_fetches_nothing_but_data_addresses(mw, monkeypatch):
    """The document holds everything it needs; an address to a file or the network is never fetched."""
    from weasyprint import HTML

    from procesregie.meetings import summary_pdf

    fetched = []

    def spying_init(self, *args, url_fetcher=None, **kwargs):
        for address in ("file:///etc/hostname", "http://127.0.0.1:9/x.png"):
            try:
                url_fetcher.fetch(address) if hasattr(url_fetcher, "fetch") else url_fetcher(address)
                fetched.append(address)
            except Exception:  # noqa: BLE001 - refused, as it should be
                pass
        original(self, *args, url_fetcher=url_fetcher, **kwargs)

    original = HTML.__init__
    monkeypatch.setattr(HTML, "__init__", spying_init)
    from procesregie.meetings.summary import case_summary

    summary = case_summary(user=mw.users["regisseur"], meeting_id=mw.meeting.pk, item_id=mw.first.pk)
    assert summary_pdf.summary_pdf(summary).startswith(b"%PDF")
    assert fetched == []


def count(client, path) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["regisseur", "participant"])
def test_the_summary_query_count_does_not_grow(mw, as_user, persona, django_assert_max_num_queries):
    client = as_user(persona)
    police = mw.users["participant"].organisation
    count(client, url(mw))  # warm up (session, first log entry)
    fill(mw.case, police=police, size=2, meeting_table=mw.table)
    small = count(client, url(mw))
    fill(mw.case, police=police, size=10, start=2, meeting_table=mw.table)
    with django_assert_max_num_queries(MAX_QUERIES):
        large = count(client, url(mw))
    assert large == small
