"""What the privacy officer reads of destruction lists: the lists, one list's items with why each is due, the count
in the menu, and the destruction record (no personal data).

Only the privacy officer (`REVIEW_DESTRUCTION`) reads lists; the record is for whoever sees the retention pages
(`SEE_RETENTION`). Anyone else: 404, logged as a denied access without a subject. An item's page shows the subject's reference and name so the
officer can judge: showing them is a read of that subject, logged (one entry per subject shown).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db.models import Case, Count, Q, Value, When
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from procesregie.access.capabilities import REVIEW_DESTRUCTION, SEE_RETENTION, may
from procesregie.audit.models import Action, Outcome
from procesregie.audit.services import AccessTarget, record_access, record_accesses
from procesregie.reference.models import Approach

from .models import CountsFrom, Decision, DestructionItem, DestructionList, ItemKind, Phase, Result

LISTS_PER_PAGE = 25
ITEMS_PER_PAGE = 50


def _require(user, capability, *, action: str = Action.READ, request=None) -> None:
    """404 for whoever lacks `capability`; the refusal is logged (denied, no subject: nothing about a list is told)."""
    if not may(user, capability):
        record_access(actor=user, action=action, obj=DestructionList, outcome=Outcome.DENIED, request=request)
        raise Http404(_("Deze vernietigingslijst bestaat niet."))


def _counted(queryset):
    return queryset.annotate(
        pending=Count("items", filter=Q(items__decision=Decision.PENDING)),
        approved=Count("items", filter=Q(items__decision=Decision.APPROVED, items__result=Result.NONE)),
        excluded=Count("items", filter=Q(items__decision=Decision.EXCLUDED)),
        destroyed=Count("items", filter=Q(items__result=Result.DESTROYED)),
        lapsed=Count("items", filter=Q(items__result=Result.LAPSED)),
        total=Count("items"),
    )


def lists_page(*, user, page_number=None, request=None):
    """The lists, the open ones first (an item still to decide or to carry out, as `services.proposing.open_lists`),
    then the newest, each with its counts per decision and result."""
    _require(user, REVIEW_DESTRUCTION, request=request)
    lists = _counted(DestructionList.objects.all()).order_by(
        Case(When(Q(pending__gt=0) | Q(approved__gt=0), then=Value(0)), default=Value(1)), "-created_at", "-id"
    )
    return Paginator(lists, LISTS_PER_PAGE).get_page(page_number)


def pending_count(user, request=None) -> int:
    """How many items wait for the privacy officer's decision (the count beside the menu item); 404 for others."""
    _require(user, REVIEW_DESTRUCTION, request=request)
    return DestructionItem.objects.filter(decision=Decision.PENDING, destruction_list__closed_at__isnull=True).count()


def destruction_list_for(*, user, pk: int, capability=REVIEW_DESTRUCTION, action: str = Action.READ,
                         request=None) -> DestructionList:
    """The list `pk` for who has `capability`; `action` is what a refusal is logged as (a POST: an update)."""
    _require(user, capability, action=action, request=request)
    found = _counted(DestructionList.objects.filter(pk=pk)).select_related("proposed_by").first()
    if found is None:
        raise Http404(_("Deze vernietigingslijst bestaat niet."))
    return found


def item_on(*, user, destruction_list: DestructionList, item_pk: int, request=None) -> DestructionItem:
    _require(user, REVIEW_DESTRUCTION, action=Action.UPDATE, request=request)
    item = DestructionItem.objects.filter(pk=item_pk, destruction_list_id=destruction_list.pk).first()
    if item is None:
        raise Http404(_("Dit item staat niet op deze vernietigingslijst."))
    return item


# --- one list, for the review ----------------------------------------------------------------------------------

STATES = {
    "": None,
    "pending": Q(decision=Decision.PENDING),
    "approved": Q(decision=Decision.APPROVED, result=Result.NONE),
    "excluded": Q(decision=Decision.EXCLUDED),
    "done": ~Q(result=Result.NONE),
}


@dataclass
class ItemRow:
    """An item as the review shows it: the item, its approach, the rule that set its date (from the policy kept on
    the item) and the subject's earlier exclusions (other items of the same subject, excluded with a reason)."""

    item: DestructionItem
    approach: Approach | None
    rule: dict | None
    exclusions: list[DestructionItem] = field(default_factory=list)

    @property
    def subject(self):
        return self.item.person or self.item.system

    @property
    def rule_text(self) -> str:
        """"24 maanden vanaf einddatum casus" (the rule kept with the item), or "" when it kept none."""
        return rule_text(self.rule)

    @property
    def may_decide(self) -> bool:
        return self.item.result == Result.NONE and not self.item.destruction_list.closed_at

    @property
    def form_id(self) -> str:
        return f"item-{self.item.pk}"


def rule_text(rule: dict | None) -> str:
    if not rule or not isinstance(rule.get("months"), int):
        return ""
    counts_from = rule.get("counts_from", "")
    label = CountsFrom(counts_from).label if counts_from in CountsFrom.values else counts_from
    return ngettext("%(months)d maand vanaf %(start)s", "%(months)d maanden vanaf %(start)s", rule["months"]) % {
        "months": rule["months"], "start": label}


def _rule_of(item: DestructionItem) -> dict | None:
    """The rule that set the item's date, as kept with the item: the approach's own, else the house default."""
    rules = [rule for rule in (item.policy or []) if isinstance(rule, dict) and rule.get("phase") == item.phase]
    own = [rule for rule in rules if rule.get("approach") and rule.get("approach") == item.approach_code]
    default = [rule for rule in rules if not rule.get("approach")]
    return (own or default or [None])[0]


def reviewer_name(user) -> str:
    if user is None:
        return _("onbekend")
    return user.get_full_name() or user.get_username()


def _subject_condition(items) -> Q:
    persons = {item.person_id for item in items if item.person_id}
    systems = {item.system_id for item in items if item.system_id}
    signals = {item.signal_id for item in items if item.signal_id}
    return Q(person_id__in=persons) | Q(system_id__in=systems) | Q(signal_id__in=signals)


def item_rows(*, user, destruction_list: DestructionList, state: str = "", kind: str = "", phase: str = "",
              page_number=None, request=None):
    """A page of the list's items (pending first, then by due date), each as an `ItemRow`, narrowed to a decision
    state, a kind (`ItemKind`) and a phase (`Phase`) when given; showing a subject is logged as a read. A fixed number
    of queries whatever the number of items."""
    _require(user, REVIEW_DESTRUCTION, request=request)
    items = DestructionItem.objects.filter(destruction_list_id=destruction_list.pk).select_related(
        "person", "system", "signal", "signal__approach", "decided_by",
    ).order_by(Case(When(decision=Decision.PENDING, then=Value(0)), default=Value(1)), "due_on", "id")
    condition = STATES.get(state)
    if condition is not None:
        items = items.filter(condition)
    if kind in ItemKind.values:
        items = items.filter(kind=kind)
    if phase in Phase.values:
        items = items.filter(phase=phase)
    page = Paginator(items, ITEMS_PER_PAGE).get_page(page_number)
    shown = list(page.object_list)
    for item in shown:
        item.destruction_list = destruction_list
        item.reviewer_name = reviewer_name(item.decided_by)
    codes = {item.approach_code for item in shown if item.approach_code}
    approaches = {a.code: a for a in Approach.objects.filter(code__in=codes)} if codes else {}
    exclusions = defaultdict(list)
    if any(item.person_id or item.system_id or item.signal_id for item in shown):
        earlier = DestructionItem.objects.filter(_subject_condition(shown), decision=Decision.EXCLUDED).exclude(
            pk__in=[item.pk for item in shown]
        ).select_related("decided_by").order_by("decided_at", "id")
        for other in earlier:
            other.reviewer_name = reviewer_name(other.decided_by)
            key = ("person", other.person_id) if other.person_id else (
                ("system", other.system_id) if other.system_id else ("signal", other.signal_id))
            exclusions[key].append(other)
    rows = []
    for item in shown:
        key = ("person", item.person_id) if item.person_id else (
            ("system", item.system_id) if item.system_id else ("signal", item.signal_id))
        rows.append(ItemRow(item=item, approach=approaches.get(item.approach_code), rule=_rule_of(item),
                            exclusions=exclusions.get(key, []) if key[1] else []))
    _log_shown(user, rows, request)
    page.rows = rows
    return page


def _log_shown(user, rows: list[ItemRow], request) -> None:
    targets = [AccessTarget(obj=row.subject) for row in rows if row.subject is not None]
    if targets:
        record_accesses(actor=user, action=Action.READ, targets=targets, request=request)


def approved_waiting(destruction_list: DestructionList) -> int:
    """How many approved items of the list wait to be carried out (the "Vernietigen" button)."""
    return destruction_list.items.filter(decision=Decision.APPROVED, result=Result.NONE).count()


# --- the destruction record -----------------------------------------------------------------------------------


# What `retention.erasure` and `audit.pruning` count (the keys of an item's `summary`), as the record names them.
DATA_LABELS = {
    "persons": gettext_lazy("personen"), "systems": gettext_lazy("systemen"),
    "system_members": gettext_lazy("systeemleden"), "registrations": gettext_lazy("aanmeldingen"),
    "cases": gettext_lazy("casussen"), "participations": gettext_lazy("deelnames"),
    "discussions": gettext_lazy("besprekingen"), "agenda_items": gettext_lazy("agendapunten"),
    "decisions": gettext_lazy("besluiten"), "plans": gettext_lazy("plannen van aanpak"),
    "goals": gettext_lazy("doelen"), "case_interventions": gettext_lazy("interventies"),
    "case_updates": gettext_lazy("voortgangsberichten"), "measurements": gettext_lazy("metingen"),
    "escalations": gettext_lazy("escalaties"), "signals": gettext_lazy("meldingen"),
    "police_registrations": gettext_lazy("politieregistraties"), "reopenings": gettext_lazy("heropeningen"),
    "regisseur_changes": gettext_lazy("wisselingen van procesregisseur"),
    "retention_extensions": gettext_lazy("verlengingen van de bewaartermijn"),
    "rights_requests": gettext_lazy("verzoeken van betrokkenen"),
    "access_log_entries": gettext_lazy("regels van de toegangslog"),
}


def data_label(name: str) -> str:
    return str(DATA_LABELS.get(name, name))


@dataclass
class RecordLine:
    """Items of one kind, phase, approach and outcome: how many, and what was destroyed of them in total."""

    kind: str
    phase: str
    approach_code: str
    outcome: str
    count: int = 0
    data: Counter = field(default_factory=Counter)
    rules: list = field(default_factory=list)
    approach_name: str = ""

    @property
    def kind_label(self) -> str:
        return ItemKind(self.kind).label if self.kind in ItemKind.values else self.kind

    @property
    def phase_label(self) -> str:
        return Phase(self.phase).label if self.phase in Phase.values else self.phase

    @property
    def outcome_label(self) -> str:
        return str(OUTCOMES.get(self.outcome, self.outcome))

    @property
    def data_rows(self) -> list[tuple[str, int]]:
        return [(data_label(name), number) for name, number in sorted(self.data.items()) if number]

    @property
    def rule_texts(self) -> list[str]:
        texts = []
        for rule in self.rules:
            text = rule_text(rule)
            if text:
                texts.append(f"{rule.get('approach') or _('standaard')}: {text}")
        return texts


@dataclass
class Reviewer:
    name: str
    approved: int = 0
    excluded: int = 0
    first: object = None
    last: object = None


OUTCOMES = {
    "destroyed": gettext_lazy("vernietigd"), "lapsed": gettext_lazy("vervallen (niet meer over de datum)"),
    "excluded": gettext_lazy("uitgezonderd"), "approved": gettext_lazy("goedgekeurd, nog niet uitgevoerd"),
    "pending": gettext_lazy("te beoordelen"),
}


def _outcome(decision: str, result: str) -> str:
    if result:
        return result
    return decision


def destruction_record(*, user, destruction_list: DestructionList, request=None) -> dict:
    """The record of a list: per kind, phase, approach and outcome how many items and what was destroyed (counted per
    kind of data), under which rules, and who decided how many. Read from ids, codes and counts only: no personal
    data, so reading it is not logged (a refusal is)."""
    _require(user, SEE_RETENTION, request=request)
    lines: dict[tuple, RecordLine] = {}
    reviewers: dict[int | None, Reviewer] = {}
    data_total = Counter()
    rows = DestructionItem.objects.filter(destruction_list_id=destruction_list.pk).values_list(
        "kind", "phase", "approach_code", "decision", "result", "summary", "policy", "decided_by_id",
        "decided_by__username", "decided_by__first_name", "decided_by__last_name", "decided_at",
    ).order_by("kind", "phase", "approach_code", "id")
    for (kind, phase, approach_code, decision, result, summary, policy, reviewer_id, username, first_name,
         last_name, decided_at) in rows:
        outcome = _outcome(decision, result)
        line = lines.setdefault((kind, phase, approach_code, outcome),
                                RecordLine(kind=kind, phase=phase, approach_code=approach_code, outcome=outcome))
        line.count += 1
        for name, number in (summary or {}).items():
            if isinstance(number, int):
                line.data[name] += number
                data_total[name] += number
        for rule in policy or []:
            if rule not in line.rules:
                line.rules.append(rule)
        if decision != Decision.PENDING and decided_at is not None:
            reviewer = reviewers.setdefault(reviewer_id, Reviewer(
                name=f"{first_name} {last_name}".strip() or username or _("onbekend")))  # as reviewer_name
            if decision == Decision.APPROVED:
                reviewer.approved += 1
            else:
                reviewer.excluded += 1
            reviewer.first = min(reviewer.first or decided_at, decided_at)
            reviewer.last = max(reviewer.last or decided_at, decided_at)
    codes = {line.approach_code for line in lines.values() if line.approach_code}
    names = dict(Approach.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    for line in lines.values():
        line.approach_name = names.get(line.approach_code, line.approach_code)
    return {
        "lines": list(lines.values()),
        "reviewers": list(reviewers.values()),
        "data_total": [(data_label(name), number) for name, number in sorted(data_total.items()) if number],
        "outcome_labels": OUTCOMES,
    }
