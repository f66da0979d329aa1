"""Hit/no-hit (docs/decisions/0024): "is this person known here, yes or no, and whom do I call".

`POST /api/v1/hitnohit/` with a BSN, or a family name and birth date, and a required purpose answers only `hit` and
the house's contact point (`services.hitnohit_ask`; what a hit is: `in_regie`). Every question is kept with its
purpose and logged as an access; a client has a daily limit, and a client that reaches it or probes many numbers is
flagged to the privacy officer (`limits`; the pages in `procesregie.api.review`).
"""
