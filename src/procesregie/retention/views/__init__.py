"""Retention's pages: the policy (`policy`), extending a subject's retention (`extending`), the privacy officer's
review of destruction lists (`reviewing`)."""
