"""The meetings of an imported dataset get their table and their agenda (discussions.csv names neither).

A meeting of `discussions.csv` without a table gets the table of the cases discussed there when they all have
the same one (the case's `table`, or else the one table of its approach); a meeting whose cases sit at
different tables keeps none. Every case discussed at a meeting is on its agenda: a missing agenda item is added
after the meeting's own ones, in file order. So the people of the table, and the partners that take part in a
case discussed there, can open the meeting (`access.meetings`), as for a meeting held in the application.
A second import of the same dataset finds the tables set and the items there, and changes nothing.
"""

from collections import defaultdict

from procesregie.casework.models import Case
from procesregie.core.inserting import insert_rows
from procesregie.meetings.models import AgendaItem, Meeting
from procesregie.reference.models import Table

from . import format as fmt
from .loading import chunks
from .reading import Dataset


def meetings_link(dataset: Dataset) -> None:
    """Give the dataset's meetings their table and agenda items. Call after the cases and default tables exist."""
    discussed: dict[str, list[str]] = defaultdict(list)  # meeting ref -> case refs, in file order
    for record in dataset[fmt.DISCUSSIONS]:
        discussed[record["meeting_ref"]].append(record["case_ref"])
    if not discussed:
        return
    meetings = {}  # ref -> (id, table id)
    for refs in chunks(list(discussed)):
        for meeting_id, ref, table_id in Meeting.objects.filter(ref__in=refs).values_list("id", "ref", "table_id"):
            meetings[ref] = (meeting_id, table_id)
    cases = {}  # case ref -> (id, table id, approach id)
    for refs in chunks(sorted({case_ref for case_refs in discussed.values() for case_ref in case_refs})):
        for ref, *values in Case.objects.filter(registration__ref__in=refs).values_list(
            "registration__ref", "id", "table_id", "registration__approach_id"
        ):
            cases[ref] = tuple(values)
    only_table = {}  # approach id -> its table, or None when it has several
    for approach_id, table_id in Table.objects.values_list("approach_id", "id"):
        only_table[approach_id] = None if approach_id in only_table else table_id

    to_table = defaultdict(list)
    for ref, case_refs in discussed.items():
        meeting_id, table_id = meetings[ref]
        if table_id is None:
            tables = {cases[case][1] or only_table.get(cases[case][2]) for case in case_refs}
            if len(tables) == 1 and None not in tables:
                to_table[tables.pop()].append(meeting_id)
    for table_id, meeting_ids in to_table.items():
        for ids in chunks(meeting_ids):
            Meeting.objects.filter(id__in=ids).update(table_id=table_id)

    on_agenda, last_position = defaultdict(set), defaultdict(int)
    for ids in chunks([meeting_id for meeting_id, _ in meetings.values()]):
        for meeting_id, case_id, position in AgendaItem.objects.filter(meeting_id__in=ids).values_list(
            "meeting_id", "case_id", "position"
        ):
            on_agenda[meeting_id].add(case_id)
            last_position[meeting_id] = max(last_position[meeting_id], position)
    new_items = []
    for ref, case_refs in discussed.items():
        meeting_id = meetings[ref][0]
        for case_ref in case_refs:
            case_id = cases[case_ref][0]
            if case_id not in on_agenda[meeting_id]:
                on_agenda[meeting_id].add(case_id)
                last_position[meeting_id] += 1
                new_items.append((meeting_id, case_id, last_position[meeting_id]))
    insert_rows(AgendaItem, ["meeting_id", "case_id", "position"], new_items)
