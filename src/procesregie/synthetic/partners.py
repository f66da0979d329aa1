"""Partner organisations of the region, picked by code or kind."""

import random

from .profiles import ApproachProfile
from .region import Region


class Partners:
    """Picks partner organisations of the region by code or kind: reporters, intervention providers."""

    def __init__(self, region: Region, rng: random.Random):
        self._region = region
        self._rng = rng
        self._codes = region.organisation_codes()
        houses = region.organisations_of_kind("zvh") or region.organisations
        self._house = houses[0].code

    @property
    def house(self) -> str:
        """The house itself: the reporter of an internal transfer."""
        return self._house

    def reporter(self, profile: ApproachProfile, municipality: str) -> str:
        """The registering partner of a new registration, weighted by the approach's usual reporters."""
        key = self._rng.choices(list(profile.reporters), list(profile.reporters.values()))[0]
        return self.of(key, municipality)

    def of(self, key: str, municipality: str) -> str:
        """An organisation for a code or kind; a gemeente is the subject's own municipality."""
        if key in self._codes:
            return key
        if key == "gemeente":
            own = self._region.municipal_organisation(municipality)
            if own is not None:
                return own.code
        candidates = self._region.organisations_of_kind(key) or self._region.organisations_of_kind("gemeente")
        return self._rng.choice(candidates or self._region.organisations).code
