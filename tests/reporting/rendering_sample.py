"""A hand-made annual report in the JSON shape of shared/spec/annual-report.md, for the rendering tests.

It extends the spec's example (the Top X Oost block) with a parent approach (Top X) over two children,
a months-scheme approach (Top X OGG), a system approach with `persons_involved` (MDA++), an approach
where nothing happened (zeros, empty count maps), life-domain progress, and small counts (1–4) next
to larger ones so that suppression has something to do, and (version 2) signals and escalations, with an
approach without either. Synthetic figures only.
"""

from __future__ import annotations

import copy
from typing import Any

TOPX_OOST = {
    "unit": "person",
    "flow": {"start": 32, "inflow": 11, "transfer_in": 0, "outflow": 17, "transfer_out": 0, "end": 26, "caseload": 43},
    "outflow_by_reason": {"positief": 10, "negatief": 4, "detentie_maatregel": 3},
    "inflow_by_reporter": {"gemeente-amersfoort": 7, "rvdk": 2, "reclassering-nederland": 1,
                           "politie-midden-nederland": 1},
    "inflow_by_reporter_kind": {"gemeente": 7, "rvdk": 2, "reclassering": 1, "politie": 1},
    "declined": 0,
    "durations": {"lt_1y": 3, "1_2y": 4, "2_4y": 4, "gt_4y": 6},
    "by_municipality": {
        "GM0307": {"start": 20, "end": 15, "plus": 6, "minus": 11},
        "GM0345": {"start": 10, "end": 9, "plus": 4, "minus": 5},
        "GM0342": {"start": 2, "end": 2, "plus": 1, "minus": 1},
    },
    "by_district": {"Oost": {"start": 32, "end": 26, "plus": 11, "minus": 17, "caseload": 43}},
    "discussions": {"count": 160, "unique_subjects": 40, "client_present": 12, "expert_present": 3},
    "domain_progress": {
        "huisvesting": {"n": 15, "+2": 6, "+1": 5, "0": 3, "-1": 1},
        "financien": {"n": 14, "+3": 1, "+1": 7, "0": 4, "-2": 2},
    },
    "interventions": {"reclasseringstoezicht": 9, "schuldhulpverlening": 4},
    "signals": {"count": 24, "by_kind": {"adviesgesprek": 15, "melding": 9},
                "by_reporter_kind": {"gemeente": 10, "ggz": 3, "politie": 8, "zorg": 3}, "to_registration": 6},
    "escalations": {"count": 3, "resolved": 2, "by_outcome": {"afspraak_gemaakt": 2}},
}

TOPX_WEST = {
    "unit": "person",
    "flow": {"start": 20, "inflow": 8, "transfer_in": 2, "outflow": 9, "transfer_out": 1, "end": 20, "caseload": 30},
    "outflow_by_reason": {"positief": 6, "negatief": 3, "overdracht_intern": 1},
    "inflow_by_reporter": {"politie-midden-nederland": 5, "om-midden-nederland": 3},
    "inflow_by_reporter_kind": {"politie": 5, "om": 3},
    "declined": 2,
    "durations": {"lt_1y": 2, "1_2y": 5, "2_4y": 3},
    "by_municipality": {
        "GM0356": {"start": 12, "end": 13, "plus": 6, "minus": 5},
        "GM0632": {"start": 8, "end": 7, "plus": 4, "minus": 5},
    },
    "by_district": {"West": {"start": 20, "end": 20, "plus": 10, "minus": 10, "caseload": 30}},
    "discussions": {"count": 90, "unique_subjects": 25, "client_present": 8, "expert_present": 0},
    "domain_progress": {"huisvesting": {"n": 6, "+1": 4, "0": 2}},
    "interventions": {"fact": 3, "beschermd-wonen": 6},
    "signals": {"count": 11, "by_kind": {"adviesgesprek": 4, "melding": 7}, "by_reporter_kind": {"om": 4, "politie": 7},
                "to_registration": 3},
    "escalations": {"count": 0, "resolved": 0, "by_outcome": {}},
}

TOPX_OGG = {
    "unit": "person",
    "flow": {"start": 5, "inflow": 14, "transfer_in": 0, "outflow": 13, "transfer_out": 1, "end": 5, "caseload": 19},
    "outflow_by_reason": {"positief": 8, "negatief": 2, "overdracht_intern": 1, "overleden": 1, "overig": 2},
    "inflow_by_reporter": {"altrecht": 6, "politie-midden-nederland": 8},
    "inflow_by_reporter_kind": {"ggz": 6, "politie": 8},
    "declined": 4,
    "durations": {"0_6m": 9, "6_12m": 4, "1_2y": 1},
    "by_municipality": {"GM0344": {"start": 5, "end": 5, "plus": 14, "minus": 14}},
    "by_district": {"Stad": {"start": 5, "end": 5, "plus": 14, "minus": 14, "caseload": 19}},
    "discussions": {"count": 41, "unique_subjects": 19, "client_present": 2, "expert_present": 0},
    "domain_progress": {"psychische-gezondheid": {"n": 10, "+4": 1, "+2": 2, "+1": 5, "-1": 1, "-4": 1}},
    "interventions": {"klinische-opname": 5, "fact": 7},
    "signals": {"count": 0, "by_kind": {}, "by_reporter_kind": {}, "to_registration": 0},
    "escalations": {"count": 6, "resolved": 5,
                    "by_outcome": {"afspraak_gemaakt": 3, "bestuurlijk_opgeschaald": 1, "niet_opgelost": 1}},
}

MDA = {
    "unit": "system",
    "flow": {"start": 40, "inflow": 47, "transfer_in": 0, "outflow": 45, "transfer_out": 0, "end": 42, "caseload": 87},
    "outflow_by_reason": {"positief": 30, "negatief": 10, "overdracht_extern": 5},
    "inflow_by_reporter": {"veilig-thuis": 30, "save": 12, "politie-midden-nederland": 5},
    "inflow_by_reporter_kind": {"zorg": 30, "jeugdbescherming": 12, "politie": 5},
    "declined": 3,
    "durations": {"lt_1y": 30, "1_2y": 12, "2_4y": 3},
    "by_municipality": {
        "GM0344": {"start": 25, "end": 27, "plus": 30, "minus": 28},
        "GM0307": {"start": 15, "end": 15, "plus": 17, "minus": 17},
    },
    "by_district": {
        "Stad": {"start": 25, "end": 27, "plus": 30, "minus": 28, "caseload": 55},
        "Oost": {"start": 15, "end": 15, "plus": 17, "minus": 17, "caseload": 32},
    },
    "discussions": {"count": 310, "unique_subjects": 87, "client_present": 60, "expert_present": 14},
    "domain_progress": {"gezin-relaties": {"n": 30, "+2": 8, "+1": 12, "0": 6, "-1": 3, "-2": 1}},
    "interventions": {"huisverbod": 4, "ondertoezichtstelling": 11},
    "signals": {"count": 163, "by_kind": {"adviesgesprek": 120, "melding": 43},
                "by_reporter_kind": {"gemeente": 33, "politie": 40, "zorg": 90}, "to_registration": 47},
    "escalations": {"count": 12, "resolved": 9, "by_outcome": {"afspraak_gemaakt": 6, "bestuurlijk_opgeschaald": 1,
                                                               "ingetrokken": 2}},
    "persons_involved": 346,
}

LEVENSLOOP = {
    "unit": "person",
    "flow": {"start": 0, "inflow": 0, "transfer_in": 0, "outflow": 0, "transfer_out": 0, "end": 0, "caseload": 0},
    "outflow_by_reason": {},
    "inflow_by_reporter": {},
    "inflow_by_reporter_kind": {},
    "declined": 0,
    "durations": {},
    "by_municipality": {},
    "by_district": {},
    "discussions": {"count": 0, "unique_subjects": 0, "client_present": 0, "expert_present": 0},
    "domain_progress": {},
    "interventions": {},
    "signals": {"count": 0, "by_kind": {}, "by_reporter_kind": {}, "to_registration": 0},
    "escalations": {"count": 0, "resolved": 0, "by_outcome": {}},
}


def _summed(*blocks: dict[str, Any]) -> dict[str, Any]:
    """A parent's block: the sum of its children's figures (shared/spec: "A parent's block sums...")."""
    result: dict[str, Any] = {"unit": blocks[0]["unit"]}

    def add(target: dict, source: dict) -> None:
        for key, value in source.items():
            if isinstance(value, dict):
                add(target.setdefault(key, {}), value)
            else:
                target[key] = target.get(key, 0) + value

    for block in blocks:
        add(result, {key: value for key, value in block.items() if key != "unit"})
    return result


def sample_report() -> dict[str, Any]:
    approaches = {
        "topx": _summed(TOPX_OOST, TOPX_WEST),
        "topx-oost": TOPX_OOST,
        "topx-west": TOPX_WEST,
        "topx-ogg": TOPX_OGG,
        "levensloop": LEVENSLOOP,
        "mda": MDA,
    }
    leaves = [TOPX_OOST, TOPX_WEST, TOPX_OGG, LEVENSLOOP]
    person = {key: sum(block["flow"][key] for block in leaves) for key in ("start", "inflow", "outflow", "end", "caseload")}
    system = {key: MDA["flow"][key] for key in ("start", "inflow", "outflow", "end", "caseload")}
    system["persons_involved"] = MDA["persons_involved"]
    return copy.deepcopy({
        "report": "annual", "version": 2, "year": 2024,
        "approaches": approaches,
        "totals": {"person": person, "system": system},
    })


def sample_comparison() -> dict[str, Any]:
    """`flow_comparison(year=2024)`: this year's flow and last year's, and both years' signals and escalations
    counts, per approach."""
    report = sample_report()
    previous = {
        "topx-oost": {"start": 30, "inflow": 15, "transfer_in": 0, "outflow": 13, "transfer_out": 0, "end": 32,
                      "caseload": 45},
        "topx-west": {"start": 18, "inflow": 9, "transfer_in": 0, "outflow": 7, "transfer_out": 0, "end": 20,
                      "caseload": 27},
        "topx-ogg": {"start": 3, "inflow": 12, "transfer_in": 0, "outflow": 10, "transfer_out": 0, "end": 5,
                     "caseload": 15},
        "levensloop": {"start": 0, "inflow": 0, "transfer_in": 0, "outflow": 0, "transfer_out": 0, "end": 0,
                       "caseload": 0},
        "mda": {"start": 35, "inflow": 44, "transfer_in": 0, "outflow": 39, "transfer_out": 0, "end": 40,
                "caseload": 79},
    }
    previous["topx"] = {key: previous["topx-oost"][key] + previous["topx-west"][key] for key in previous["mda"]}
    signals = {"topx-oost": 20, "topx-west": 11, "topx-ogg": 2, "levensloop": 0, "mda": 139, "topx": 31}
    escalations = {"topx-oost": 1, "topx-west": 2, "topx-ogg": 4, "levensloop": 0, "mda": 10, "topx": 3}
    blocks = report["approaches"]
    return {code: {
        "current": blocks[code]["flow"], "previous": previous[code],
        "signals": {"current": blocks[code]["signals"]["count"], "previous": signals[code]},
        "escalations": {"current": blocks[code]["escalations"]["count"], "previous": escalations[code]},
    } for code in previous}


def sample_labels() -> dict[str, Any]:
    return {
        "approaches": {
            "topx": {"name": "Top X", "parent": None, "unit": "person", "duration_scheme": "years"},
            "topx-oost": {"name": "Top X Oost", "parent": "topx", "unit": "person", "duration_scheme": "years"},
            "topx-west": {"name": "Top X West", "parent": "topx", "unit": "person", "duration_scheme": "years"},
            "topx-ogg": {"name": "Top X Onbegrepen gedrag met gevaarsrisico", "parent": None, "unit": "person",
                         "duration_scheme": "months"},
            "levensloop": {"name": "Levensloopaanpak", "parent": None, "unit": "person", "duration_scheme": "years"},
            "mda": {"name": "MDA++", "parent": None, "unit": "system", "duration_scheme": "years"},
        },
        "municipalities": {
            "GM0307": {"name": "Amersfoort", "district": "Oost"},
            "GM0342": {"name": "Soest", "district": "Oost"},
            "GM0345": {"name": "Veenendaal", "district": "Oost"},
            "GM0356": {"name": "Nieuwegein", "district": "West"},
            "GM0632": {"name": "Woerden", "district": "West"},
            "GM0344": {"name": "Utrecht", "district": "Stad"},
        },
        "organisations": {
            "gemeente-amersfoort": {"name": "Gemeente Amersfoort", "kind": "gemeente"},
            "rvdk": {"name": "Raad voor de Kinderbescherming", "kind": "rvdk"},
            "reclassering-nederland": {"name": "Reclassering Nederland", "kind": "reclassering"},
            "politie-midden-nederland": {"name": "Politie Midden-Nederland", "kind": "politie"},
            "om-midden-nederland": {"name": "Openbaar Ministerie Midden-Nederland", "kind": "om"},
            "altrecht": {"name": "Altrecht GGZ", "kind": "ggz"},
            "veilig-thuis": {"name": "Veilig Thuis Utrecht", "kind": "zorg"},
            "save": {"name": "SAVE (Samen Veilig Midden-Nederland)", "kind": "jeugdbescherming"},
        },
        "closing_reasons": {
            "positief": "Positief afgesloten (doelen behaald)",
            "negatief": "Negatief afgesloten (doelen niet behaald)",
            "detentie_maatregel": "Lange detentie of maatregel (TBS, PIJ, ISD)",
            "overdracht_intern": "Overdracht naar een andere aanpak in het huis",
            "overdracht_extern": "Overdracht naar een andere regio of organisatie",
            "overleden": "Overleden",
            "overig": "Overig",
        },
        "domains": {
            "justitie-politie": "Justitie en politie",
            "huisvesting": "Huisvesting",
            "financien": "Financiën",
            "psychische-gezondheid": "Psychische gezondheid",
            "gezin-relaties": "Gezin en relaties",
        },
        "interventions": {
            "reclasseringstoezicht": "Reclasseringstoezicht",
            "schuldhulpverlening": "Schuldhulpverlening",
            "fact": "FACT-behandeling (outreachend)",
            "beschermd-wonen": "Beschermd wonen",
            "klinische-opname": "Klinische opname",
            "huisverbod": "Tijdelijk huisverbod",
            "ondertoezichtstelling": "Ondertoezichtstelling (OTS)",
        },
    }
