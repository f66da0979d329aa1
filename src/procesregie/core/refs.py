"""Short random references for objects created in the application (datasets bring their own)."""

import secrets

REF_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"  # no 0/O, 1/I: refs are read aloud and typed


def new_ref(model, prefix: str) -> str:
    """A reference not yet used by `model.ref`, e.g. `P-7KQ2M9XA`."""
    while True:
        ref = prefix + "".join(secrets.choice(REF_ALPHABET) for _i in range(8))
        if not model.objects.filter(ref=ref).exists():
            return ref
