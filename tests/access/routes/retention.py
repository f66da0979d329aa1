"""Retention. The policy page: the functional administrator reads and changes it (an empty POST is a form error,
200, nothing saved), the privacy officer reads it. Extending a subject's retention: the procesregisseur of the case
and the privacy officer (an empty POST: a form error). The overview of extensions: the privacy officer. Everyone
else: 404."""

from .expect import gated, only

OFFICER = {"privacy_officer"}
POLICY_READERS = {"privacy_officer", "functional_admin"}
EXTENDERS = {"regisseur", "privacy_officer"}


def _subject(world) -> dict:
    return {"subject_key": world.case.registration.person.subject_key}


ROUTES = {
    "retention:policy": (None, gated(get=only(POLICY_READERS), post=only({"functional_admin"}))),
    # removing an approach's own rule: an empty POST is a form error on the policy page (200, nothing removed)
    "retention:policy-rule-remove": (None, gated(post=only({"functional_admin"}))),
    "retention:extensions": (None, gated(get=only(OFFICER))),
    "retention:extend": (_subject, gated(get=only(EXTENDERS), post=only(EXTENDERS))),
}


# The privacy officer's review of destruction lists (retention.views.reviewing): the lists, the menu count, one list
# (it names the world's person), deciding an item, approving all and "Vernietigen" (an empty POST is a form error, 200,
# nothing decided or destroyed). The destruction record holds no personal data: the officer and the functional
# administrator (who reads the retention pages) read it. Everyone else: 404.
def _destruction_list(world):
    from procesregie.retention.models import DestructionItem, DestructionList, ItemKind, Phase

    found = DestructionList.objects.first() or DestructionList.objects.create(as_of=world.case.start_date)
    item = found.items.first() or DestructionItem.objects.create(
        destruction_list=found, kind=ItemKind.PERSON, person=world.case.registration.person,
        due_on=world.case.start_date, phase=Phase.CLOSED_CASE,
    )
    return found, item


def _list_kwargs(world) -> dict:
    return {"pk": _destruction_list(world)[0].pk}


def _item_kwargs(world) -> dict:
    found, item = _destruction_list(world)
    return {"pk": found.pk, "item_pk": item.pk}


ROUTES |= {
    "retention:destruction-lists": (None, gated(get=only(OFFICER))),
    "retention:destruction-count": (None, gated(get=only(OFFICER))),
    "retention:destruction-list": (_list_kwargs, gated(get=only(OFFICER))),
    "retention:destruction-item-decide": (_item_kwargs, gated(post=only(OFFICER))),
    "retention:destruction-approve-all": (_list_kwargs, gated(post=only(OFFICER))),
    "retention:destruction-run": (_list_kwargs, gated(get=only(OFFICER), post=only(OFFICER))),
    "retention:destruction-record": (_list_kwargs, gated(get=only(POLICY_READERS))),
}
