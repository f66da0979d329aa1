"""Errors of the access log."""


class AccessLogUnavailable(Exception):
    """The access log could not record an access. Callers must fail closed: show and change nothing.

    `RequestContextMiddleware` turns it into a 503 page without personal data; commands exit non-zero.
    """


class ChainBroken(Exception):
    """`audit verify` found the log damaged: the first wrong place is `position` in `chain` (both None when the
    place is unknown: an anchored entry that is gone)."""

    def __init__(self, chain: int | None, position: int | None, message: str):
        super().__init__(message)
        self.chain = chain
        self.position = position
        self.message = message
