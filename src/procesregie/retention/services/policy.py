"""Editing the retention policy: the functional administrator sets a phase's period and the date it counts from,
for the whole house (`approach=None`) or for one approach, or removes an approach's own rule. Every change is a
`RetentionRuleChange` (before, after, by whom, why) and an access-log entry (UPDATE of the rule; no data subject).
Who may not: `NotFound`. Bad input: `DomainError`, nothing written.

The access log is kept at least as long as any other period in force (the house's defaults and the approaches' own
rules): otherwise pruning it would remove the "who accessed my data" history of subjects whose data is still kept.
So a shorter access-log period is refused, and so is another phase's period longer than the access log's."""

from django.db import transaction
from django.utils.translation import gettext as _

from procesregie.access.capabilities import EDIT_RETENTION_POLICY, may
from procesregie.audit.models import Action
from procesregie.audit.services import record_access
from procesregie.core.errors import DomainError, NotFound

from ..defaults import ALLOWED_COUNTS_FROM, PER_APPROACH_PHASES
from ..models import CountsFrom, Phase, RetentionRule, RetentionRuleChange
from ..policy import Policy, policy_in_force
from ._common import checked_reason

MIN_MONTHS, MAX_MONTHS = 1, 1200


def _check(actor, phase: str, approach) -> None:
    if actor is None or not may(actor, EDIT_RETENTION_POLICY):
        raise NotFound(_("Deze pagina bestaat niet."))
    if phase not in Phase.values:
        raise DomainError(_("Kies een fase."))
    if approach is not None and phase not in PER_APPROACH_PHASES:
        raise DomainError(_("Voor deze fase geldt één termijn voor het hele huis, niet per aanpak."))


def _check_access_log_covers(policy: Policy, phase: str, months: int) -> None:
    """Refuse a rule after which the access log would be kept shorter than data it is about."""
    if phase == Phase.ACCESS_LOG:
        others = [rule.months for key, rule in policy.defaults.items() if key != Phase.ACCESS_LOG]
        others += [rule.months for rule in policy.own.values() if rule.phase != Phase.ACCESS_LOG]
        longest = max(others, default=0)
        if months < longest:
            raise DomainError(_(
                "Het toegangslog moet minstens zo lang bewaard blijven als de langste andere bewaartermijn "
                "(%(months)d maanden): zolang gegevens van een betrokkene er zijn, moet te zien zijn wie ze inzag."
            ) % {"months": longest})
    else:
        access_log = policy.rule_for(Phase.ACCESS_LOG).months
        if months > access_log:
            raise DomainError(_(
                "Deze termijn mag niet langer zijn dan die van het toegangslog (%(months)d maanden): zolang "
                "gegevens van een betrokkene er zijn, moet te zien zijn wie ze inzag. Verleng eerst de termijn van "
                "het toegangslog."
            ) % {"months": access_log})


@transaction.atomic
def retention_rule_set(*, actor, phase: str, approach=None, months: int, counts_from: str, reason: str,
                       request=None) -> RetentionRule:
    """Set the rule of `phase` for `approach` (None: the house's default) to `months` from `counts_from`."""
    _check(actor, phase, approach)
    if not isinstance(months, int) or isinstance(months, bool) or not MIN_MONTHS <= months <= MAX_MONTHS:
        raise DomainError(_("Een bewaartermijn is 1 tot en met 1200 maanden."))
    if counts_from not in ALLOWED_COUNTS_FROM[phase]:
        allowed = ", ".join(str(CountsFrom(value).label) for value in ALLOWED_COUNTS_FROM[phase])
        raise DomainError(_("Deze termijn kan alleen tellen vanaf: %(allowed)s.") % {"allowed": allowed})
    reason = checked_reason(reason, required_message=_("Geef de reden van de wijziging."))
    policy = policy_in_force()
    before = policy.rule_for(phase, approach.pk if approach is not None else None)
    if approach is not None and before.approach_id is None:
        old_months, old_counts_from = None, ""  # the approach had no rule of its own
    else:
        old_months, old_counts_from = before.months, before.counts_from
    if (old_months, old_counts_from) == (months, counts_from):
        raise DomainError(_("Deze regel geldt al; er is niets gewijzigd."))
    _check_access_log_covers(policy, phase, months)
    rule = RetentionRule.objects.select_for_update().filter(phase=phase, approach=approach).order_by("pk").first()
    if rule is None:
        rule = RetentionRule(phase=phase, approach=approach)
    rule.months, rule.counts_from, rule.updated_by = months, counts_from, actor
    rule.save()
    RetentionRuleChange.objects.create(
        phase=phase, approach_code=approach.code if approach is not None else "", old_months=old_months,
        new_months=months, old_counts_from=old_counts_from, new_counts_from=counts_from, reason=reason,
        changed_by=actor,
    )
    record_access(actor=actor, action=Action.UPDATE, obj=rule, purpose_approach=approach, request=request)
    return rule


@transaction.atomic
def retention_rule_remove(*, actor, phase: str, approach, reason: str, request=None) -> None:
    """Remove `approach`'s own rule for `phase`: the house's default applies to it again."""
    _check(actor, phase, approach)
    if approach is None:
        raise DomainError(_("De standaardtermijn van het huis kan niet worden verwijderd, alleen gewijzigd."))
    reason = checked_reason(reason, required_message=_("Geef de reden van de wijziging."))
    rule = RetentionRule.objects.select_for_update().filter(phase=phase, approach=approach).order_by("pk").first()
    if rule is None:
        raise DomainError(_("Deze aanpak heeft voor deze fase geen eigen termijn."))
    RetentionRuleChange.objects.create(
        phase=phase, approach_code=approach.code, old_months=rule.months, new_months=None,
        old_counts_from=rule.counts_from, new_counts_from="", reason=reason, changed_by=actor,
    )
    record_access(actor=actor, action=Action.DELETE, obj=rule, purpose_approach=approach, request=request)
    rule.delete()
