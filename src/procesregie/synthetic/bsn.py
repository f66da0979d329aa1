"""Synthetic BSNs: random nine-digit numbers that pass the 11-proef, unique within a dataset."""

import random

WEIGHTS = (9, 8, 7, 6, 5, 4, 3, 2)


def check_digit(prefix: str) -> int | None:
    """The ninth digit that makes `prefix` (eight digits) pass the 11-proef, or None when none fits."""
    digit = sum(weight * int(char) for weight, char in zip(WEIGHTS, prefix, strict=True)) % 11
    return digit if digit < 10 else None


class BsnSource:
    """Draws unique valid BSNs from its own random stream, inside the 9xxxxxxxx block.

    Keeping to one high block keeps synthetic numbers recognisable and away from the ranges in use.
    """

    def __init__(self, rng: random.Random):
        self._rng = rng
        self._issued: set[str] = set()

    def next(self) -> str:
        while True:
            prefix = f"9{self._rng.randrange(10_000_000):07d}"
            digit = check_digit(prefix)
            if digit is None:
                continue
            bsn = prefix + str(digit)
            if bsn == "000000000" or bsn in self._issued:
                continue
            self._issued.add(bsn)
            return bsn
