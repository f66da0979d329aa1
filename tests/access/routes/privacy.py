import datetime

from procesregie.subjects.models import RightsRequest, RightsRequestKind

from .expect import gated, only

OFFICER = {"privacy_officer"}


def _subject(world) -> dict:
    return {"subject_key": world.case.registration.person.subject_key}


def _request_of(kind):
    """The subject's rights request of `kind` (made for the route), with the subject's key."""
    def kwargs(world) -> dict:
        person = world.case.registration.person
        request = RightsRequest.objects.create(person=person, kind=kind, received_on=datetime.date(2026, 1, 5),
                                               description="Synthetisch verzoek.")
        return {"subject_key": person.subject_key, "pk": request.pk}
    return kwargs


ROUTES = {
    "privacy:subject-search": (None, gated(get=only(OFFICER))),
    "privacy:subject-log": (_subject, gated(get=only(OFFICER))),
    # The subject page, the inzage document in one step and the data subject's requests (decision 0019): only the
    # privacy officer; an empty POST shows the page again with what is missing.
    "privacy:subject-detail": (_subject, gated(get=only(OFFICER))),
    "privacy:inzage-create": (_subject, gated(post=only(OFFICER))),
    "privacy:inzage-document": (_request_of(RightsRequestKind.INZAGE), gated(get=only(OFFICER))),
    "privacy:rights-request-create": (_subject, gated(post=only(OFFICER))),
    "privacy:restriction-end": (_request_of(RightsRequestKind.BEPERKING), gated(post=only(OFFICER))),
}
