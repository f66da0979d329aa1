"""Who sees and who handles signals (meldingen and adviesgesprekken): need-to-know, as for cases.

- A *procesregisseur* sees and handles the signals of the approaches of their tables (`triage_approaches`, the
  approaches whose registrations they triage): record the advice, the outcome and the follow-up, and turn a signal
  into a registration.
- A *ketenpartner* sees the signals their own organisation reported (`Signal.reported_by`), nothing more; they do
  not handle them.
- Nobody else: managers, the privacy officer, the functional administrator and every other organisation see no
  signal (404 on its page; absent from lists, search results and counts).

Who may *report* a signal is who may register (`capabilities.REGISTER`, on behalf of their own organisation); who
may record an advice consultation by phone is a procesregisseur (`capabilities.RECORD_CONSULTATION`), for the
approaches of their tables.

This package sits below signals in the layers, so it names the model instead of importing it.
"""

from django.db.models import Q, QuerySet

from .cases import model, tables_directed_by, triage_approaches
from .users import is_active, is_regisseur, partner_organisation_id


def signal_approaches(user) -> QuerySet:
    """The approaches whose signals `user` handles: those of their tables (none without the role)."""
    return triage_approaches(user)


def _handled_condition(user) -> Q:
    return Q(approach__in=tables_directed_by(user).values("approach"))


def signals_visible_to(user) -> QuerySet:
    """The signals `user` may see. Start every signal read here."""
    signal = model("signals.Signal")
    if not is_active(user):
        return signal.objects.none()
    condition = Q(pk__in=[])
    if is_regisseur(user):
        condition |= _handled_condition(user)
    organisation_id = partner_organisation_id(user)
    if organisation_id:
        condition |= Q(reported_by_id=organisation_id)
    return signal.objects.filter(condition, destroyed_on__isnull=True)  # a destroyed signal is a tombstone: nobody's


def signals_handled_by(user) -> QuerySet:
    """The signals `user` handles as procesregisseur (a subset of the visible ones)."""
    signal = model("signals.Signal")
    if not is_regisseur(user):
        return signal.objects.none()
    return signal.objects.filter(_handled_condition(user), destroyed_on__isnull=True)
