"""Security review of issue 14, finding 8 (PostgreSQL): the erasure reads the subject's registrations and their cases
once, locked, checks exactly that set for work in use and erases exactly that set. A case reopened by someone else
while the erasure runs is either seen (the erasure is refused) or waits for it: a registration is never destroyed
while its case is in regie. Real concurrency needs real connections: PostgreSQL, in threads."""

import datetime
import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from procesregie.casework.models import Case, CaseStatus, Registration
from procesregie.retention.erasure import ErasureRefused, erase_person
from tests import factories as f

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)"),
]


def test_a_case_reopened_while_the_erasure_runs_is_never_erased_in_regie(reference_data):  # the closing reasons
    case = f.CaseFactory()
    Case.objects.filter(pk=case.pk).update(status=CaseStatus.CLOSED, end_date=case.start_date,
                                           end_reason=f.closing_reason("positief"))
    person = case.registration.person
    read_registrations = threading.Event()
    reopened = threading.Event()
    outcome = {}

    def pause_after_the_first_read_of_registrations(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if "casework_registration" in sql and not read_registrations.is_set():
            read_registrations.set()
            reopened.wait(timeout=5)
        return result

    def erase():
        try:
            with connection.execute_wrapper(pause_after_the_first_read_of_registrations):
                erase_person(actor=None, person=person, on=datetime.date(2026, 1, 1))
            outcome["erase"] = "erased"
        except ErasureRefused:
            outcome["erase"] = "refused"
        finally:
            read_registrations.set()
            connections.close_all()

    def reopen():
        try:
            read_registrations.wait(timeout=10)
            with transaction.atomic():
                with connection.cursor() as cursor:
                    cursor.execute("SET LOCAL lock_timeout = '1s'")
                Case.objects.filter(pk=case.pk, status=CaseStatus.CLOSED).update(status=CaseStatus.IN_REGIE,
                                                                                 end_date=None, end_reason=None)
            outcome["reopen"] = "reopened"
        except OperationalError:
            outcome["reopen"] = "waited"  # the erasure holds the case: the reopening must wait for it
        finally:
            reopened.set()
            connections.close_all()

    threads = [threading.Thread(target=erase), threading.Thread(target=reopen)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    registration = Registration.objects.get(pk=case.registration_id)
    status = Case.objects.get(pk=case.pk).status
    assert not (status == CaseStatus.IN_REGIE and registration.destroyed_on is not None), outcome
    assert outcome in ({"erase": "refused", "reopen": "reopened"}, {"erase": "erased", "reopen": "waited"})
