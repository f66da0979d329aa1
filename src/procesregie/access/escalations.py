"""Who raises, reads and resolves escalations (a stuck case taken to the house's managers).

- **Raising**: on a case the user may post an update on (`access.plans.cases_open_to_updates_by`: its
  procesregisseur, or a ketenpartner whose organisation takes part in it). That the case must still take changes
  (`casework.lifecycle.accepts_changes`) is the case's lifecycle, asked by the service (casework sits above access).
- **Reading**: whoever sees the case reads its escalations (on the case page and its timeline). Managers read every
  escalation (case reference, approach, reason, explanation, raising organisation, age) but NOT the case: the case
  rule (`access.cases`) gives them nothing, as before. Managers are the house's own (`users.is_house_manager`): a
  partner organisation's manager (say, of the police) reads only what its role gives it, like any other partner
  user; an escalation about a case the police does not take part in is none of its business.
- **Resolving**, and the work list of escalations: the house's managers.
- **One's own**: who raised an escalation finds it on /werk/ (`escalations_raised_by`) while they still read it.
"""

from django.db.models import Q, QuerySet

from .cases import cases_visible_to, model
from .plans import cases_open_to_updates_by, posts_updates_in_shown_case
from .users import is_active, is_house_manager, is_partner, is_regisseur


def cases_escalatable_by(user) -> QuerySet:
    """The cases on which `user` may raise an escalation (while the case takes changes): those they take part in."""
    return cases_open_to_updates_by(user)


def escalates_in_shown_case(user, case) -> bool:
    """`case` is in `cases_escalatable_by(user)`, for a case that was read through `cases_visible_to(user)` (no
    query)."""
    return posts_updates_in_shown_case(user, case)


def escalations_visible_to(user) -> QuerySet:
    """The escalations `user` may read: every one for a manager of the house, otherwise those of the cases they see."""
    escalation = model("escalations.Escalation")
    if not is_active(user):
        return escalation.objects.none()
    condition = Q(case__in=cases_visible_to(user).values("pk"))
    if is_house_manager(user):
        condition = Q()
    return escalation.objects.filter(condition)


def escalations_handled_by(user) -> QuerySet:
    """The escalations in `user`'s work list, which they resolve: every one, for a manager of the house; none otherwise."""
    escalation = model("escalations.Escalation")
    return escalation.objects.all() if is_house_manager(user) else escalation.objects.none()


def escalations_raised_by(user) -> QuerySet:
    """The escalations `user` raised that they still read (`escalations_visible_to`: no longer once they left the
    case). Only who may raise (a procesregisseur or ketenpartner) asks the database."""
    escalation = model("escalations.Escalation")
    if not (is_regisseur(user) or is_partner(user)):
        return escalation.objects.none()
    return escalations_visible_to(user).filter(raised_by=user)
