"""Step 3, spreading the count maps of a parent (reporters, end reasons, durations, interventions, places,
domain progress) over its children that do not give them, within what the target fixes for each child (its
figures, or what the parent leaves after its siblings), by preference and size, the parent's own cases
only as a last resort."""

from collections.abc import Callable
from dataclasses import dataclass

from ...region import Region
from ..target import CalibrationError
from .spread import _estimate, _given_map, _group_room, _hard, _key_text, _lb_map, _name_of, _soft, spread
from .tree import FIGURE_FORM, LONG_BUCKETS, Node, bucket_probability


@dataclass(frozen=True)
class MapKind:
    """How one count map is spread: the flow figures it counts in (per group of keys) and its preferences."""

    name: str
    groups: list[tuple[frozenset | None, tuple[str, ...]]]  # (keys or all, forms whose minimum is the room)
    weight: Callable[[object, str], float]


class MapSpreader:
    """Spreads every count map of a node over its members; `jittered` varies the preferences on a retry."""

    def __init__(self, region: Region, organisation_kind: dict[str, str], jittered: Callable[[float], float]):
        self.region = region
        self.organisation_kind = organisation_kind
        self.district_of = {m.code: m.district for m in region.municipalities}
        self.jittered = jittered

    def spread_maps(self, node: Node) -> None:
        """Give every member of `node` an exact count for each key of each of the node's maps."""
        for kind in self._map_kinds():
            self._spread_map(node, kind)

    def _map_kinds(self) -> list[MapKind]:
        kind_of = self.organisation_kind

        def reporter_kind_weight(member, kind: str) -> float:
            weight = 0.5
            for key, value in (member.profile.reporters.items() if member.profile else ()):
                if key == kind or kind_of.get(key) == kind:
                    weight += value
            return weight * max(_estimate(member)["inflow"], 1)

        def reason_weight(member, reason: str) -> float:
            base = member.profile.end_reasons.get(reason, 1) if member.profile else 1
            return (base + 0.5) * max(_estimate(member)["outflow"], 1)

        def duration_weight(member, bucket: str) -> float:
            return bucket_probability(member.profile, bucket) * max(_estimate(member)["minus"], 1)

        def location_weight(member, key) -> float:
            level, group, figure = key
            district = group if level == "district" else self.district_of.get(group)
            profile = member.profile
            fits = profile is None or profile.districts is None or district in profile.districts
            return (1.0 if fits else 0.02) * max(_estimate(member)[FIGURE_FORM[figure]], 1)

        def intervention_weight(member, code: str) -> float:
            favoured = member.profile is not None and code in member.profile.interventions
            return (6 if favoured else 1) * max(_estimate(member)["caseload"], 1)

        def by_size(form):
            return lambda member, key: max(_estimate(member)[form], 1)

        location_keys = self._location_keys()
        location_groups = [
            (frozenset(k for k in location_keys if k[2] == figure), (FIGURE_FORM[figure],)) for figure in FIGURE_FORM
        ]
        kinds = [
            MapKind("inflow_by_reporter", [(None, ("inflow",))], by_size("inflow")),
            MapKind("inflow_by_reporter_kind", [(None, ("inflow",))], reporter_kind_weight),
            MapKind("outflow_by_reason", [(None, ("outflow",))], reason_weight),
            MapKind("durations", [(None, ("minus",)), (frozenset(LONG_BUCKETS), ("start", "minus"))], duration_weight),
            MapKind("interventions", [], intervention_weight),
            MapKind("location", location_groups, location_weight),
        ]
        for domain in self.region.domains:
            kinds.append(MapKind(f"progress:{domain.code}", [(None, ("minus", f"scalar:progress_n:{domain.code}"))],
                                 by_size("minus")))
        return kinds

    def _location_keys(self) -> list[tuple]:
        keys = []
        for district in sorted({m.district for m in self.region.municipalities}):
            keys += [("district", district, figure) for figure in FIGURE_FORM]
        for municipality in self.region.municipalities:
            keys += [("municipality", municipality.code, figure) for figure in FIGURE_FORM]
        return keys

    def _ceiling(self, member, kind: MapKind, key, with_own: bool = True) -> int | None:
        """The most of `key` the member's subtree can take as far as the target's figures fix it; without
        `with_own`, a parent's own cases take nothing (the soft ceiling: own cases only as a last resort)."""
        if not isinstance(member, Node):
            return None if with_own else 0
        given = member.given_maps.get(kind.name, {})
        if key in given:
            return given[key]
        caps = []
        for group in kind.groups:
            if group[0] is not None and key not in group[0]:
                continue
            room = _group_room(member, group, _hard)
            if room is not None:
                caps.append(room - self._taken(kind.name, given, key, group[0]))
        coupled = self._coupled_ceiling(member, kind.name, key)
        if coupled is not None:
            caps.append(coupled)
        if member.children:
            below = [self._ceiling(m, kind, key, with_own) for m in member.members()]
            if all(cap is not None for cap in below):
                caps.append(sum(below))
        return min(caps) if caps else None

    def _taken(self, name: str, values: dict, key, group_keys: frozenset | None) -> int:
        """How much of a capacity group the member's other keys already use. For places: the districts other
        than the key's, each its own figure or its municipalities' together, whichever is more, plus the
        key's fellow municipalities."""
        if name != "location":
            return sum(n for k, n in values.items() if k != key and (group_keys is None or k in group_keys))
        level, group, figure = key
        district = group if level == "district" else self.district_of[group]
        use = 0
        for other in {self.district_of[m.code] for m in self.region.municipalities}:
            own = values.get(("district", other, figure), 0)
            inside = sum(n for (lvl, g, f), n in values.items()
                         if lvl == "municipality" and f == figure and self.district_of[g] == other and (lvl, g, f) != key)
            if other != district:
                use += max(own, inside)
            elif level == "municipality":
                use += inside
        return use

    def _coupled_ceiling(self, member: Node, name: str, key) -> int | None:
        """Codes within their kind, municipalities within their district, and the other way round when every
        member of a kind or district is fixed."""
        current = member.maps.get(name, {})
        if name == "inflow_by_reporter":
            kind = self.organisation_kind[key]
            if kind in member.maps.get("inflow_by_reporter_kind", {}):
                others = sum(n for code, n in current.items() if code != key and self.organisation_kind[code] == kind)
                return member.maps["inflow_by_reporter_kind"][kind] - others
        if name == "inflow_by_reporter_kind":
            return self._kind_ceiling(member, key)
        if name == "location":
            level, group, figure = key
            if level == "municipality":
                district = ("district", self.district_of[group], figure)
                if district in current:
                    others = sum(n for (lvl, g, f), n in current.items() if lvl == "municipality" and f == figure
                                 and g != group and self.district_of[g] == district[1])
                    return current[district] - others
            else:
                inside = [m.code for m in self.region.municipalities if m.district == group]
                keys = [("municipality", m, figure) for m in inside]
                if inside and all(k in current for k in keys):
                    return sum(current[k] for k in keys)
        return None

    def _coupled_floor(self, member, name: str, key) -> int:
        if name == "inflow_by_reporter_kind":
            return self._codes_of_kind(member, key)
        if name == "inflow_by_reporter":
            return self._code_floor(member, key)
        if name == "location":
            current = dict(_lb_map(member, "location"))
            current.update(member.maps.get("location", {}))
            level, group, figure = key
            if level == "district":
                return sum(n for (lvl, g, f), n in current.items()
                           if lvl == "municipality" and f == figure and self.district_of[g] == group)
            district = ("district", self.district_of[group], figure)
            others = [m.code for m in self.region.municipalities if m.district == district[1] and m.code != group]
            if district in current and all(("municipality", m, figure) in current for m in others):
                return max(0, current[district] - sum(current[("municipality", m, figure)] for m in others))
        return 0

    def _spread_map(self, node: Node, kind: MapKind) -> None:
        """Give every member of `node` an exact count for each key of the node's map."""
        mine = node.maps.get(kind.name, {})
        members = node.members()
        label = f"{node.label}.{kind.name.replace('progress:', 'domain_progress.')}"
        keys = sorted(mine, key=lambda k: k[0] != "municipality") if kind.name == "location" else list(mine)
        for key in keys:
            amount = mine[key]
            fixed = [m for m in members if key in _given_map(m, kind.name)]
            open_members = [m for m in members if key not in _given_map(m, kind.name)]
            left = amount - sum(_given_map(m, kind.name)[key] for m in fixed)
            if left < 0:
                parts = " + ".join(f"{m.label} {_given_map(m, kind.name)[key]}" for m in fixed)
                raise CalibrationError(f"{label}.{_key_text(key)} ({amount}) is smaller than the sum of its children "
                                       f"({amount - left} = {parts})")
            if not open_members:
                if left:
                    raise CalibrationError(f"{label}.{_key_text(key)}: {left} more than its children's figures give")
                continue
            lbs, rooms, soft, weights = [], [], [], []
            for member in open_members:
                current = member.maps.setdefault(kind.name, {})
                lb = max(_lb_map(member, kind.name).get(key, 0), self._coupled_floor(member, kind.name, key))
                hard_room = self._ceiling(member, kind, key)
                soft_room = self._ceiling(member, kind, key, with_own=False)
                for group in kind.groups:
                    if group[0] is not None and key not in group[0]:
                        continue
                    merged = {k: max(current.get(k, 0), _lb_map(member, kind.name).get(k, 0))
                              for k in set(current) | set(_lb_map(member, kind.name))}
                    taken = self._taken(kind.name, merged, key, group[0])
                    estimate = _group_room(member, group, _soft)
                    soft_room = estimate - taken if soft_room is None else min(soft_room, estimate - taken)
                    hard = _group_room(member, group, _hard)
                    if hard is not None:
                        hard_room = hard - taken if hard_room is None else min(hard_room, hard - taken)
                if not isinstance(member, Node):
                    soft_room = 0  # the parent's own cases only take what the children cannot
                lbs.append(lb)
                rooms.append(None if hard_room is None else max(hard_room, 0))
                soft.append(None if soft_room is None else max(soft_room, lb))
                weights.append(self.jittered(kind.weight(member, key)) if isinstance(member, Node) else 1e-6)
            shares = spread(f"{label}.{_key_text(key)}", left, [_name_of(m) for m in open_members], lbs, rooms,
                            weights, soft)
            for member, share in zip(open_members, shares, strict=True):
                member.maps.setdefault(kind.name, {})[key] = share

    def _kind_ceiling(self, member, kind: str) -> int | None:
        """When every organisation of a kind has an exact count for the member, the kind has that count."""
        codes = member.maps.get("inflow_by_reporter", {})
        of_kind = [o.code for o in self.region.organisations if o.kind == kind]
        if of_kind and all(code in codes for code in of_kind):
            return sum(codes[code] for code in of_kind)
        return None

    def _codes_of_kind(self, member, kind: str) -> int:
        codes = dict(_lb_map(member, "inflow_by_reporter"))
        codes.update(member.maps.get("inflow_by_reporter", {}))
        return sum(number for code, number in codes.items() if self.organisation_kind.get(code) == kind)

    def _code_floor(self, member, code: str) -> int:
        """A kind count that only this organisation can still make up."""
        kind = self.organisation_kind[code]
        wanted = max(_lb_map(member, "inflow_by_reporter_kind").get(kind, 0),
                     member.maps.get("inflow_by_reporter_kind", {}).get(kind, 0))
        codes = member.maps.get("inflow_by_reporter", {})
        others = [o.code for o in self.region.organisations if o.kind == kind and o.code != code]
        if all(other in codes for other in others):
            return max(0, wanted - sum(codes[other] for other in others))
        return 0
