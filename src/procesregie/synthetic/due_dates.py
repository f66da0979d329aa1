"""The `due_date` of each intervention of a plan (case_interventions.csv, version 2).

An intervention is due some months after it was agreed. One that is still agreed or running in an open case
is followed up against the dataset's last day: a quarter of them are overdue on that day (so the reminders
have work), the others are due within the next years. The due date is never before the agreement.
"""

import datetime
import random

from .trajectories import DAY
from .written import OPEN_STATUSES

OVERDUE_SHARE = 0.25
OVERDUE_DAYS = (1, 120)  # how long before the dataset's last day an overdue intervention was due
AHEAD_DAYS = (14, 900)  # how long after it the others are due
CLOSED_DAYS = (30, 365)  # due this long after the agreement (done, cancelled, or in a closed case)


def due_date(
    *, agreed_on: datetime.date, status: str, case_open: bool, last: datetime.date, rng: random.Random
) -> datetime.date:
    if not (case_open and status in OPEN_STATUSES):
        return agreed_on + DAY * rng.randint(*CLOSED_DAYS)
    if rng.random() < OVERDUE_SHARE and agreed_on < last:
        return max(agreed_on + DAY, last - DAY * rng.randint(*OVERDUE_DAYS))
    return last + DAY * rng.randint(*AHEAD_DAYS)
