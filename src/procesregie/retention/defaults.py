"""The house's default retention periods, one per phase: what applies until the functional administrator sets
another (`retention.services.policy.retention_rule_set`). docs/retention.md shows the same table (a test keeps
the two equal). The house's privacy protocol sets the real values; these are a starting point, not legal advice.
"""

from dataclasses import dataclass

from .models import CountsFrom, Phase


@dataclass(frozen=True)
class DefaultRule:
    phase: str
    months: int
    counts_from: str
    why: str


DEFAULTS: tuple[DefaultRule, ...] = (
    DefaultRule(Phase.DECLINED_REGISTRATION, 12, CountsFrom.TRIAGE_ON,
                "A declined registration is kept a year, so that a new registration of the same subject can be "
                "weighed with it."),
    DefaultRule(Phase.SIGNAL, 12, CountsFrom.SIGNAL_DATE,
                "A signal or consultation that did not lead to a registration is kept a year, so that repeated worries "
                "about the same subject are seen."),
    DefaultRule(Phase.CLOSED_CASE, 60, CountsFrom.END_DATE,
                "A closed case is kept five years after its end date, so that a returning subject's history and the "
                "outcome measurements of recent years remain available."),
    DefaultRule(Phase.ACCESS_LOG, 60, CountsFrom.LOGGED_AT,
                "The access log is kept five years, at least as long as the closed cases it is about."),
)

# Which date a period may count from, per phase (the first is the default's).
ALLOWED_COUNTS_FROM: dict[str, tuple[str, ...]] = {
    Phase.DECLINED_REGISTRATION: (CountsFrom.TRIAGE_ON, CountsFrom.REGISTERED_ON),
    Phase.SIGNAL: (CountsFrom.SIGNAL_DATE,),
    Phase.CLOSED_CASE: (CountsFrom.END_DATE,),
    Phase.ACCESS_LOG: (CountsFrom.LOGGED_AT,),
}

# Phases an approach may have its own rule for (the access log is one for the whole house).
PER_APPROACH_PHASES = (Phase.DECLINED_REGISTRATION, Phase.SIGNAL, Phase.CLOSED_CASE)


def default_for(phase: str) -> DefaultRule:
    return next(rule for rule in DEFAULTS if rule.phase == phase)
