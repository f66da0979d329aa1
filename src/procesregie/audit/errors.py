"""Errors of the access log."""


class AccessLogUnavailable(Exception):
    """The access log could not record an access. Callers must fail closed: show and change nothing.

    `RequestContextMiddleware` turns it into a 503 page without personal data; commands exit non-zero.
    """


class ChainBroken(Exception):
    """`audit verify` found the chain damaged; `sequence` is the first sequence number that is wrong."""

    def __init__(self, sequence: int, message: str):
        super().__init__(message)
        self.sequence = sequence
        self.message = message
