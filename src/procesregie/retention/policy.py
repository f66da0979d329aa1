"""The retention policy in force: per phase the house's default, per approach and phase its own rule if it has one.

A phase's default is the `RetentionRule` without an approach when the functional administrator set one, else the
table in `retention.defaults`. `policy_in_force()` reads the rules in one query; `Policy.rule_for(phase, approach)`
answers which rule sets a date; `Policy.as_json()` is the snapshot kept on destruction lists and items.
"""

import datetime
from dataclasses import dataclass

from procesregie.core.months import add_months

from .defaults import DEFAULTS
from .models import Phase, RetentionRule


@dataclass(frozen=True)
class Rule:
    phase: str
    months: int
    counts_from: str
    approach_id: int | None = None
    approach_code: str = ""  # "" for the house's default
    from_defaults: bool = False  # not set by the functional administrator: the table in retention.defaults

    def due_on(self, start: datetime.date) -> datetime.date:
        """The last day the data is kept: `months` after `start`."""
        return add_months(start, self.months)

    def as_json(self) -> dict:
        return {"phase": self.phase, "approach": self.approach_code, "months": self.months,
                "counts_from": self.counts_from}


class Policy:
    def __init__(self, defaults: dict[str, Rule], own: dict[tuple[str, int], Rule]):
        self.defaults = defaults
        self.own = own

    def rule_for(self, phase: str, approach_id: int | None = None) -> Rule:
        return self.own.get((phase, approach_id)) or self.defaults[phase]

    def approach_rules(self) -> list[Rule]:
        return sorted(self.own.values(), key=lambda rule: (list(Phase.values).index(rule.phase), rule.approach_code))

    def as_json(self) -> list[dict]:
        """Every rule in force: the defaults per phase, then the approaches' own rules."""
        return [self.defaults[phase].as_json() for phase in Phase.values] + [r.as_json() for r in self.approach_rules()]


def policy_in_force() -> Policy:
    defaults = {
        rule.phase: Rule(str(rule.phase), rule.months, str(rule.counts_from), from_defaults=True) for rule in DEFAULTS
    }
    own = {}
    for row in RetentionRule.objects.select_related("approach"):
        if row.approach_id is None:
            defaults[row.phase] = Rule(row.phase, row.months, row.counts_from)
        else:
            own[(row.phase, row.approach_id)] = Rule(row.phase, row.months, row.counts_from, row.approach_id,
                                                     row.approach.code)
    return Policy(defaults, own)
