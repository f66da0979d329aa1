"""From a target to exact figures per *unit*: the own cases of one approach.

Every approach is a node; a node's figures are the sum of its children's and of its own cases (the
report's roll-up), and `totals` are a virtual node over the root approaches of a unit (with totals given,
parents get no cases of their own, since totals count leaf approaches only). Planning:

1. bounds (`bounds`): what each node's own figures need of its flow (a count map cannot sum to more than
   its flow) and what its children need (a parent is at least the sum of its children, and without own
   cases at most what they can make up); the contradictions a target can hold are refused here, naming
   the figure;
2. estimates (`distribute`): every flow completed bottom-up as if the node stood alone (a parent without
   figures is the sum of its children), then distributed top-down once;
3. spreading (`spread`, `scalars`, `maps`): the count maps and scalars of a parent go to its children that
   do not give them, within what the target fixes for each child (its figures, or what the parent leaves
   after its siblings), by preference and size, the parent's own cases only as a last resort; every unit
   ends up with an exact count (possibly 0) for each key an ancestor lists;
4. flows (`bounds`, `distribute`): what each unit's maps need becomes a lower bound of its flow; the flows
   are completed and distributed top-down again, each child within its own figures, the rest moved into
   children where they allow before it becomes cases of the parent's own.

`tree` holds the data (units, nodes, the plan) and builds the tree of a target over the region `region`
describes; `finish` checks each unit's final figures; `planner` runs the steps. Spreading is greedy;
`make_plan` retries it with varied preferences before it refuses a target. The result lists per unit the
exact figures its cases must produce; `build` makes the cases.
"""

from .planner import make_plan
from .tree import DELTAS, LONG_BUCKETS, MAX_SYSTEM_SIZE, NO_DELTA, Plan, Unit, bucket_probability, duration_buckets

__all__ = [
    "DELTAS", "LONG_BUCKETS", "MAX_SYSTEM_SIZE", "NO_DELTA", "Plan", "Unit", "bucket_probability", "duration_buckets",
    "make_plan",
]
