"""Hostile form input over every POST route of the access matrix, as every role (issue 10 §5 B).

For each route that takes POST, in a fresh persona world (tests/personas.py):

1. The route's fields are read from the forms that post to it: on the route's own page, else on the case page,
   a meeting page or the work list (the header's forms). A few forms are on no page of this world;
   FIELDS_NOT_ON_A_PAGE names their fields.
2. A baseline submission is made from those forms as rendered (hidden values, the first option, today).
3. Each persona of PERSONAS submits hostile values, each named in HOSTILE (long, a megabyte, too big for a
   bigint, not a number, invalid and extreme dates, a foreign id, an emoji, a NUL byte), see `submissions`:
   every field the same value, every field twice, and, for the first persona allowed to post, each field on
   its own with the values of its kind in the otherwise valid baseline (so it gets past the other fields'
   checks into the service).

No submission may answer 5xx. A persona who may not post there gets the access matrix's answer (404, or the
login) every time, and nothing in the database changes. Deterministic: fixed values, fields in page order.
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from procesregie.accounts.middleware import OPEN_VIEWS
from procesregie.meetings.models import Meeting

from ..access.test_matrix import ROUTES, VERIFIED, client_for
from ..personas import build_world

pytestmark = pytest.mark.django_db

# Five roles (procesregisseur, ketenpartner, manager, privacy officer, functional administrator), a partner of
# an organisation outside the case, and two who are not logged in fully.
PERSONAS = ["regisseur", "participant", "other_org", "manager", "privacy_officer", "functional_admin", "anonymous",
            "password_only"]

HOSTILE = {
    "long": "x" * 10_000,
    "a megabyte": "x" * 1_000_000,
    "too big for a bigint": "99999999999999999999",
    "negative": "-1",
    "not a number": "tweede waarde",
    "invalid date": "2024-02-30",
    "first day ever": "0001-01-01",
    "last day ever": "9999-12-31",
    "emoji": "😀",
    "NUL byte": "a\x00b",
    "encoded NUL": "a%00b",
    "foreign id": None,  # the other case's id: an object of this world that no form here offers (set per world)
}
# Which of them each kind of field gets on its own, in an otherwise valid submission.
CHOICE_VALUES = ["too big for a bigint", "negative", "not a number", "foreign id", "NUL byte"]
DATE_VALUES = ["invalid date", "first day ever", "last day ever", "not a number", "NUL byte"]
TEXT_VALUES = ["long", "a megabyte", "emoji", "NUL byte", "encoded NUL", "too big for a bigint"]
CHOICE_KINDS = {"select", "radio", "checkbox", "hidden"}
DATE_KINDS = {"date", "time"}
# Every field at once: the first persona allowed to post gets each value but the megabyte (many of those pass
# Django's upload limit: a 400), some of them also as htmx; the other personas a few.
AT_ONCE = [label for label in HOSTILE if label != "a megabyte"]
AT_ONCE_AS_HTMX = ["too big for a bigint", "not a number", "long"]
AT_ONCE_WIDE = ["too big for a bigint", "not a number", "foreign id", "invalid date", "long", "NUL byte"]
AT_ONCE_DENIED = ["too big for a bigint", "NUL byte"]
SECOND_VALUE = "tweede waarde"

# Forms of this world that no page shows (as rendered here), with their fields.
FIELDS_NOT_ON_A_PAGE = {
    "accounts:verify": ["otp_token"],  # the code step of a user with an app; the world's users have none yet
    "meetings:agenda-add": ["case"],  # offered only while a case of the table is not on the agenda
    "meetings:agenda-move": ["direction"],  # up and down buttons, shown when the agenda has more than one item
    "meetings:agenda-invite": ["organisation"],  # offered while an incidental participant of the case is not invited
    "casework:case-reopen": ["version", "reason"],  # offered on a closed case; the world's case is open
    "invitations:invite": ["email"],  # offered for an account not yet active; the world's accounts are
    "escalations:detail": ["outcome", "resolution"],  # the resolve form: on the managers' page (tests/escalations)
    "signals:follow-up-done": ["terug"],  # 'Opgevolgd': shown for a handled signal with a follow-up; the world's is open
    # 'Definitief vernietigen': on its own page only while an approved item waits; the world's list item is pending
    "retention:destruction-run": ["confirm"],
    # 'Eigen termijn verwijderen': on the policy page per approach rule; the world's approaches have none
    "retention:policy-rule-remove": ["remove-phase", "remove-approach", "remove-reason"],
}
# Routes without a page of their own whose forms are on another page of this world: that page (with the route's
# keyword arguments it takes) as the one persona who sees the form there.
FORM_PAGES = {
    # The privacy officer's subject page: the inzage document, a new request, ending a restriction (decision 0019).
    "privacy:inzage-create": ("privacy:subject-detail", ["subject_key"], "privacy_officer"),
    "privacy:rights-request-create": ("privacy:subject-detail", ["subject_key"], "privacy_officer"),
    "privacy:restriction-end": ("privacy:subject-detail", ["subject_key"], "privacy_officer"),
    # One destruction list: approve or exclude an item, approve all pending items.
    "retention:destruction-item-decide": ("retention:destruction-list", ["pk"], "privacy_officer"),
    "retention:destruction-approve-all": ("retention:destruction-list", ["pk"], "privacy_officer"),
}
# Routes that answer only in the session an invitation's link opens (404 for every persona of this world): their
# hostile input is in tests/accounts/test_invitations.py (test_hostile_input_in_the_steps_after_the_link).
AFTER_AN_INVITATION_LINK = {"invitations:password", "invitations:enrol"}
# Routes whose submissions may log the client in or out (a lockout on the code step ends the login): a fresh
# client for each submission there; elsewhere one client per test.
ENDS_THE_SESSION = {"accounts:login", "accounts:verify", "accounts:enrol", "accounts:logout"}
FIELDLESS = {"accounts:logout", "meetings:agenda-remove", "koppelingen:client-revoke"}  # a button and the CSRF token
# The partner API (`api:`) takes JSON with a bearer token, no form: its hostile input is schemathesis's
# (tests/api/test_schema_properties.py) and tests/api/test_security_review.py's.
JSON_ROUTES_PREFIX = "api:"


POST_ROUTES = sorted(
    name for name, (_kwargs, expect) in ROUTES.items()
    if any(expect(persona, "post") != 405 for persona in VERIFIED) and name not in AFTER_AN_INVITATION_LINK
    and not name.startswith(JSON_ROUTES_PREFIX)
)


# --- reading the forms -----------------------------------------------------------------------------------------

@dataclass
class Field:
    name: str
    kind: str  # input type, "select" or "textarea"
    value: str = ""
    required: bool = False
    options: list[str] = field(default_factory=list)


@dataclass
class Form:
    action: str
    fields: dict[str, Field] = field(default_factory=dict)


class FormReader(HTMLParser):
    """Every <form method=post> with its fields in page order."""

    def __init__(self, page_url: str):
        super().__init__()
        self.page_url = page_url
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: Field | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and (attributes.get("method") or "").lower() == "post":
            self._form = Form(action=attributes.get("action") or self.page_url)
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag in ("input", "select", "textarea") and attributes.get("name"):
            name, kind = attributes["name"], attributes.get("type", tag) if tag == "input" else tag
            if name == "csrfmiddlewaretoken" or kind in ("submit", "button"):
                return
            known = self._form.fields.get(name)
            if known is None:
                known = self._form.fields[name] = Field(name, kind, required="required" in attributes)
                if kind not in ("radio", "checkbox"):
                    known.value = attributes.get("value") or ""
            if kind in ("radio", "checkbox"):
                known.options.append(attributes.get("value") or "on")
                if "checked" in attributes and not known.value:
                    known.value = attributes.get("value") or "on"
            self._select = known if tag == "select" else None
        elif tag == "option" and self._select is not None and attributes.get("value"):
            self._select.options.append(attributes["value"])
            if "selected" in attributes:
                self._select.value = attributes["value"]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def discover_fields(world, route: str, url: str, kwargs: dict | None = None) -> dict[str, Field]:
    """The fields of the forms that post to `url`: on the route's own page, else on the page FORM_PAGES names,
    else on the first page of this world that has one (the case page, the meeting pages, the work list with the
    header's forms)."""
    own_reader = [p for p in ("regisseur", "functional_admin", "anonymous", "password_only", "privacy_officer")
                  if ROUTES[route][1](p, "get") == 200]
    pages = [(url, persona) for persona in own_reader[:1]]
    if route in FORM_PAGES:
        page_route, page_kwargs, persona = FORM_PAGES[route]
        pages.append((reverse(page_route, kwargs={name: (kwargs or {})[name] for name in page_kwargs}), persona))
    pages.append((reverse("casework:case-detail", kwargs={"pk": world.case.pk}), "regisseur"))
    pages += [(reverse("meetings:meeting-detail", kwargs={"pk": pk}), "regisseur")
              for pk in Meeting.objects.order_by("pk").values_list("pk", flat=True)]
    pages.append((reverse("worklists:home"), "regisseur"))
    clients = {}
    for page, persona in pages:
        client = clients.get(persona) or clients.setdefault(persona, client_for(world, persona))
        response = client.get(page)
        if response.status_code != 200:
            continue
        reader = FormReader(page)
        reader.feed(response.content.decode())
        fields = {name: found for form in reader.forms if form.action == url for name, found in form.fields.items()}
        if fields:
            return fields
    return {name: Field(name, "text", required=True) for name in FIELDS_NOT_ON_A_PAGE.get(route, [])}


def baseline(fields: dict[str, Field]) -> dict[str, str]:
    """A submission as a user would make it: what the form shows, the first option, today, a word."""
    today = timezone.localdate().isoformat()
    data = {}
    for name, found in fields.items():
        if found.value:
            data[name] = found.value
        elif found.options and (found.required or found.kind in ("select", "radio")):
            data[name] = found.options[0]
        elif found.kind == "date":
            data[name] = today
        elif found.kind == "time":
            data[name] = "10:00"
        elif found.required:
            data[name] = "Synthetisch"
    return data


def shape(name: str) -> str:
    """Fields that differ only in a number (the rows of a formset) have one shape: one of them is enough."""
    return re.sub(r"\d+", "#", name)


# --- the submissions -------------------------------------------------------------------------------------------

def values_for(found: Field) -> list[str]:
    if found.kind in CHOICE_KINDS:
        return CHOICE_VALUES
    return DATE_VALUES if found.kind in DATE_KINDS else TEXT_VALUES


def submissions(fields: dict[str, Field], foreign_id: str, depth: str):
    """(label, data, htmx) for the hostile submissions of these fields.

    depth "deep" (the first persona allowed to post): each field on its own with the values of its kind (once per
    shape), then every field at once with each value (some also as htmx), duplicated fields, and the baseline
    last (it may change the world). "wide" (the other personas allowed): every field at once with a few values,
    duplicated, the baseline. "denied": a few hostile submissions and the baseline, all to be refused alike."""
    hostile = {label: (foreign_id if value is None else value) for label, value in HOSTILE.items()}
    names = list(fields) or ["onbekend"]
    base = baseline(fields)
    if depth == "deep":
        shapes = set()
        for name, found in fields.items():
            if shape(name) not in shapes:
                shapes.add(shape(name))
                for label in values_for(found):
                    yield f"{name} {label}", {**base, name: hostile[label]}, False
    for label in {"deep": AT_ONCE, "wide": AT_ONCE_WIDE, "denied": AT_ONCE_DENIED}[depth]:
        yield f"every field {label}", dict.fromkeys(names, hostile[label]), False
        if depth == "deep" and label in AT_ONCE_AS_HTMX:
            yield f"every field {label} (htmx)", dict.fromkeys(names, hostile[label]), True
    yield "every field twice", {name: [base.get(name, ""), SECOND_VALUE] for name in names}, False
    if depth != "denied":
        yield "every field twice, hostile first", {name: [SECOND_VALUE, base.get(name, "")] for name in names}, False
    yield f"{names[0]} a megabyte", {**base, names[0]: hostile["a megabyte"]}, False
    yield "the baseline", base, False


IGNORED_COLUMNS = {"last_login"}  # each test client's login sets it


def database_state() -> dict[str, list]:
    """Every row of the application's own tables (the access log aside: a refused request is logged)."""
    state = {}
    for config in apps.get_app_configs():
        if config.name.startswith("procesregie.") and config.label != "audit":
            for model in config.get_models():
                names = [f.attname for f in model._meta.concrete_fields if f.attname not in IGNORED_COLUMNS]
                state[model._meta.label] = list(model.objects.order_by("pk").values_list(*names))
    return state


def is_denied(route: str, persona: str) -> bool:
    expected = ROUTES[route][1](persona, "post")
    if expected in (404, 405):
        return True
    return persona in ("anonymous", "password_only") and route not in OPEN_VIEWS


def hostile_posts(world, route: str, url: str, persona: str, fields: dict[str, Field], depth: str) -> list[str]:
    """Submit this persona's hostile submissions; what went wrong, one line each."""
    expected = ROUTES[route][1](persona, "post")
    failures, client = [], None
    for label, data, htmx in submissions(fields, str(world.other_case.pk), depth):
        if client is None or route in ENDS_THE_SESSION:
            client = client_for(world, persona)
            client.raise_request_exception = False  # a 500 is a finding to report, with the others
        response = client.post(url, data, **({"HTTP_HX_REQUEST": "true"} if htmx else {}))
        if response.status_code >= 500:
            error = response.exc_info[1] if response.exc_info else None
            failures.append(f"{persona}, {label}: {response.status_code} {type(error).__name__}: {str(error)[:200]}")
        elif depth == "denied" and response.status_code != expected:
            failures.append(f"{persona}, {label}: {response.status_code}, the access matrix says {expected}")
    return failures


@pytest.mark.parametrize("route", POST_ROUTES)
def test_hostile_posts_give_no_server_error(route):
    """One world per route: the personas who may not post go first (they must change nothing, so the world stays
    as built), then the first persona allowed with every field on its own, then the others allowed."""
    world = build_world()
    kwargs_of, _expect = ROUTES[route]
    kwargs = kwargs_of(world) if kwargs_of else None
    url = reverse(route, kwargs=kwargs)
    fields = discover_fields(world, route, url, kwargs)
    assert fields or route in FIELDLESS, f"no form posts to {route}: add its fields to FIELDS_NOT_ON_A_PAGE"
    denied = [persona for persona in PERSONAS if is_denied(route, persona)]
    allowed = [persona for persona in PERSONAS if persona not in denied]
    assert allowed, f"nobody may post to {route}"

    failures = []
    before = database_state()
    for persona in denied:
        failures += hostile_posts(world, route, url, persona, fields, "denied")
        if database_state() != before:
            failures.append(f"{persona}, who may not post here, changed the database")
            before = database_state()
    for persona in allowed:
        failures += hostile_posts(world, route, url, persona, fields, "deep" if persona == allowed[0] else "wide")
    assert not failures, f"POST {route}:\n" + "\n".join(failures)
