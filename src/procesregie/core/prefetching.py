"""Prefetching the relations of one object, skipping those that hold no rows.

A page of one object (the case page) prefetches a dozen relations, most of them often empty (reopenings,
regisseur changes, escalations, a continuation). Django builds and compiles each prefetch query before it knows
whether a row comes back: about a millisecond of Python each, also for nothing. `prefetch_present` first asks in one
query which of the object's reverse relations hold a row at all (an EXISTS per table, the same text for every object,
so PostgreSQL prepares it) and runs only those prefetches; the others are filled in empty, as Django's own prefetch
would have left them, so that nothing reads them again.

Only plain prefetches of a reverse relation of the object (`Prefetch("updates", queryset=...)`, no `__`, no
`to_attr`) are checked; every other lookup is prefetched as always, and a forward foreign key that is empty is not
prefetched (reading it gives None without a query).
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import connection
from django.db.models import ForeignObjectRel, Model, Prefetch, prefetch_related_objects


def prefetch_present(instance: Model, lookups) -> None:
    """`prefetch_related_objects([instance], *lookups)`, leaving out the reverse relations without rows."""
    checked = {}  # lookup -> the reverse relation it prefetches
    others = []
    for lookup in lookups:
        field = _field(instance, lookup)
        relation = _reverse_relation(instance, field, lookup)
        if relation is not None:
            checked[lookup] = relation
        elif not _empty_forward_key(instance, field):
            others.append(lookup)
    present = _relations_with_rows(instance, list(checked.values())) if checked else set()
    for relation in checked.values():
        if relation not in present:
            _fill_empty(instance, relation)
    prefetch_related_objects([instance], *[lookup for lookup, relation in checked.items() if relation in present],
                             *others)


def _field(instance: Model, lookup):
    """The field of `instance` a one-step lookup names (None for a longer lookup or one that is no field)."""
    name = lookup.prefetch_through if isinstance(lookup, Prefetch) else lookup
    if "__" in name:
        return None
    try:
        return instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _reverse_relation(instance: Model, field, lookup) -> ForeignObjectRel | None:
    """The reverse one-to-many or one-to-one relation `lookup` prefetches (`field`), when it is a plain one."""
    if not isinstance(field, ForeignObjectRel) or field.many_to_many or getattr(lookup, "to_attr", None):
        return None
    return field if field.field.target_field == instance._meta.pk else None


def _empty_forward_key(instance: Model, field) -> bool:
    """Whether `field` is a foreign key of `instance` that is empty (reading it gives None without a query)."""
    return (field is not None and field.concrete and field.is_relation and not field.many_to_many
            and getattr(instance, field.attname) is None)


def _relations_with_rows(instance: Model, relations: list[ForeignObjectRel]) -> set[ForeignObjectRel]:
    quote = connection.ops.quote_name
    exists = [
        f"EXISTS (SELECT 1 FROM {quote(relation.related_model._meta.db_table)} WHERE {quote(relation.field.column)} = %s)"
        for relation in relations
    ]
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(exists), [instance.pk] * len(relations))
        row = cursor.fetchone()
    return {relation for relation, has_rows in zip(relations, row, strict=True) if has_rows}


def _fill_empty(instance: Model, relation: ForeignObjectRel) -> None:
    """What Django's prefetch leaves for a relation without rows: None for a one-to-one, an empty evaluated
    queryset for a one-to-many."""
    if relation.one_to_one:
        relation.set_cached_value(instance, None)
        return
    empty = getattr(instance, relation.get_accessor_name()).get_queryset()
    empty._result_cache = []
    empty._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[relation.cache_name] = empty
