"""Hit/no-hit questions of the demo's partner systems, asked through the real service, so that the privacy officer
meets them on day one (`procesregie demo-api-clients` asks them once).

The police, Veilig Thuis and probation each ask a few questions with a purpose, about persons in regie here (hits),
about a person whose case is closed and about persons never known here (misses), by BSN or by name and birth date.
Probation's client also checks its whole client file against the house (the same purpose, most of them unknown here):
above the probe threshold of `api.hitnohit.limits`, so the privacy officer's work list shows it and its page shows
why. Every question goes through `hitnohit_ask` as the client's service account: kept and access-logged exactly as a
question through the API (for a miss nothing that identifies the person asked about).

Idempotent: nothing is asked when one of these clients has asked anything before, nor without the demo dataset
(too few persons with a case to ask about).
"""

import datetime
import random
from dataclasses import dataclass

from procesregie.accounts.models import ApiClient
from procesregie.api.hitnohit.limits import PROBE_MIN_MISSES
from procesregie.api.hitnohit.services import Question, hitnohit_ask
from procesregie.api.models import HitNoHitQuery
from procesregie.casework.models import CaseStatus
from procesregie.subjects.bsn import validate_bsn
from procesregie.subjects.models import Person

POLICE, VEILIG_THUIS, PROBATION = "politie-midden-nederland", "veilig-thuis", "reclassering-nederland"
BULK_PURPOSE = "Dagelijkse controle van het cliëntenbestand"
BULK_KNOWN = 3  # persons in regie among probation's client file; the rest are unknown here


@dataclass(frozen=True)
class Asked:
    questions: int = 0
    hits: int = 0
    bulk: int = 0  # probation's check of its client file


def ask_demo_questions(clients: dict[str, ApiClient], *, seed: int = 2024) -> Asked:
    """Ask the demo questions as `clients` (by organisation code); nothing when any of them asked before."""
    if HitNoHitQuery.objects.filter(client__in=clients.values()).exists():
        return Asked()
    rng = random.Random(seed)
    in_regie = _persons(rng, CaseStatus.IN_REGIE, 4 + BULK_KNOWN)  # police 2, Veilig Thuis 1, probation 1
    closed = _persons(rng, CaseStatus.CLOSED, 1)
    if in_regie is None or closed is None:
        return Asked()
    unknown = _unknown_bsns(rng, PROBE_MIN_MISSES + 6)
    questions = {
        POLICE: [
            _by_bsn(in_regie[0], "Melding huiselijk geweld: nagaan of er al regie is"),
            _by_name(in_regie[1], "Voorbereiding van het wijkoverleg: is er al een procesregisseur?"),
            _by_bsn(unknown.pop(), "Aanhouding na een winkeldiefstal: nagaan of er een aanpak loopt"),
            _by_bsn(closed[0], "Melding van overlast in de buurt: nagaan of er al regie is"),
        ],
        VEILIG_THUIS: [
            _by_bsn(in_regie[2], "Veiligheidsbeoordeling na een melding: is er al regie?"),
            _by_bsn(unknown.pop(), "Triage van een melding huiselijk geweld: afstemmen met een lopende aanpak"),
            Question(purpose="Adviesgesprek met een huisarts: nagaan of er al regie is", family_name="Verbeek",
                     given_name="Noor", birth_date=_birth_date(rng)),
        ],
        PROBATION: [
            _by_name(in_regie[3], "Adviesrapport voor de rechtbank: nagaan of er al een ketenaanpak loopt"),
            _by_bsn(unknown.pop(), "Start van het toezicht: afstemmen met een lopende aanpak"),
        ],
    }
    file = [_by_bsn(person, BULK_PURPOSE) for person in in_regie[4:]] + [_by_bsn(bsn, BULK_PURPOSE) for bsn in unknown]
    rng.shuffle(file)
    questions[PROBATION] += file

    asked = hits = 0
    for organisation, client_questions in questions.items():
        client = clients.get(organisation)
        if client is None:
            continue
        for question in client_questions:
            hits += hitnohit_ask(actor=client.user, question=question)
            asked += 1
    return Asked(questions=asked, hits=hits, bulk=len(file) if PROBATION in clients else 0)


def _persons(rng: random.Random, status: str, count: int) -> list[Person] | None:
    """`count` persons with a BSN and a birth date, each the subject of a case with `status` (in regie: a hit;
    closed: most likely not, unless the person is in regie again)."""
    candidates = list(Person.objects.filter(destroyed_on__isnull=True, bsn__isnull=False, birth_date__isnull=False,
                                            registrations__case__status=status).distinct().order_by("pk")[:200])
    return rng.sample(candidates, count) if len(candidates) >= count else None


def _unknown_bsns(rng: random.Random, count: int) -> list[str]:
    """`count` valid BSNs (11-proef) that no person here has."""
    found: set[str] = set()
    while len(found) < count:
        digits = [rng.randint(1, 9)] + [rng.randint(0, 9) for _ in range(7)]
        check = sum(digit * weight for digit, weight in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10:
            found.add("".join(map(str, digits)) + str(check))
    known = set(Person.objects.filter(bsn__in=found).values_list("bsn", flat=True))
    bsns = sorted(found - known)
    for bsn in bsns:
        validate_bsn(bsn)
    return bsns if len(bsns) == count else bsns + _unknown_bsns(rng, count - len(bsns))


def _birth_date(rng: random.Random) -> datetime.date:
    return datetime.date(1970, 1, 1) + datetime.timedelta(days=rng.randint(0, 365 * 30))


def _by_bsn(person_or_bsn, purpose: str) -> Question:
    bsn = person_or_bsn if isinstance(person_or_bsn, str) else person_or_bsn.bsn
    return Question(purpose=purpose, bsn=bsn)


def _by_name(person: Person, purpose: str) -> Question:
    return Question(purpose=purpose, family_name=person.family_name, given_name=person.given_name or "",
                    birth_date=person.birth_date)
