"""Step 3, spreading the scalars of a parent (declined, persons_involved, discussions.*, domain_progress n)
over its children that do not give them; first, since domain_progress n bounds the deltas."""

from collections.abc import Callable

from ..target import CalibrationError
from .spread import _estimate, _hard, _name_of, spread
from .tree import MAX_SYSTEM_SIZE, Node


def _scalar_ceiling(member, key: str, with_own: bool = True) -> int | None:
    if not isinstance(member, Node):
        return None if with_own else 0
    if key in member.given_scalars:
        return member.given_scalars[key]
    if member.children:
        below = [_scalar_ceiling(m, key, with_own) for m in member.members()]
        if all(cap is not None for cap in below):
            return sum(below)
    return None


def _spread_scalars(node: Node, *, jittered: Callable[[float], float], overlaps: list[tuple[str, int]]
                    ) -> None:
    members = node.members()
    order = ["declined", "persons_involved", "discussions.unique_subjects", "discussions.count",
             "discussions.client_present", "discussions.expert_present"]
    order += sorted(key for key in node.scalars if key.startswith("progress_n:"))
    for key in order:
        if key not in node.scalars:
            continue
        amount = node.scalars[key]
        fixed = [m for m in members if isinstance(m, Node) and key in m.given_scalars]
        open_members = [m for m in members if not (isinstance(m, Node) and key in m.given_scalars)]
        left = amount - sum(m.given_scalars[key] for m in fixed)
        label = f"{node.label}.{key.replace('progress_n:', 'domain_progress.')}"
        if key.startswith("progress_n:"):
            label += ".n"
        if left < 0 and key == "discussions.unique_subjects" and node.unit_kind == "person" and not node.is_virtual:
            # The parent counts a subject once: some subjects are discussed in two of its children.
            for member in open_members:
                member.scalars[key] = member.lb_scalars.get(key, 0) if isinstance(member, Node) else 0
            shared = -left + sum(member.scalars[key] for member in open_members)
            overlaps.append((node.code, shared))
            continue
        if left < 0:
            parts = " + ".join(f"{m.label} {m.given_scalars[key]}" for m in fixed)
            shared = (" (a system in two children, which the report counts once, is not generated)"
                      if key == "persons_involved" else "")
            raise CalibrationError(f"{label} ({amount}) is smaller than the sum of its children "
                                   f"({amount - left} = {parts}){shared}")
        if not open_members:
            if left:
                raise CalibrationError(f"{label}: {left} more than its children's figures give")
            continue
        lbs, rooms, soft, weights = [], [], [], []
        for member in open_members:
            estimate, scalars = _estimate(member), member.scalars
            caseload = _hard(member, "caseload")
            lb = member.lb_scalars.get(key, 0) if isinstance(member, Node) else 0
            room, wish = None, None
            if key == "persons_involved":
                lb = max(lb, caseload or 0)
                room = None if caseload is None else MAX_SYSTEM_SIZE * caseload
                wish = 4 * estimate["caseload"]
            elif key == "discussions.unique_subjects":
                room = caseload
                if "discussions.count" in scalars:
                    room = scalars["discussions.count"] if room is None else min(room, scalars["discussions.count"])
                wish = estimate["caseload"]
            elif key == "discussions.count":
                lb = max(lb, scalars.get("discussions.unique_subjects", 0))
                wish = 6 * estimate["caseload"]
            elif key.startswith("discussions."):
                room = scalars.get("discussions.count")
                wish = 2 * estimate["caseload"]
            elif key.startswith("progress_n:"):
                domain = key.split(":", 1)[1]
                lb = max(lb, sum(member.maps.get(f"progress:{domain}", {}).values()))
                room = _hard(member, "minus")
                wish = estimate["minus"]
            else:  # declined
                wish = estimate["inflow"]
            if not isinstance(member, Node):
                wish = 0
            ceiling = _scalar_ceiling(member, key)
            if ceiling is not None:
                room = ceiling if room is None else min(room, ceiling)
            soft_ceiling = _scalar_ceiling(member, key, with_own=False)
            if soft_ceiling is not None:
                wish = soft_ceiling if wish is None else min(wish, soft_ceiling)
            lbs.append(lb)
            rooms.append(room)
            soft.append(None if wish is None else max(wish, lb))
            weights.append(jittered(max(estimate["caseload"], 1)) if isinstance(member, Node) else 1e-6)
        shares = spread(label, left, [_name_of(m) for m in open_members], lbs, rooms, weights, soft)
        for member, share in zip(open_members, shares, strict=True):
            member.scalars[key] = share
