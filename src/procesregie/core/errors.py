"""Errors that services raise. Views, the API and commands turn them into clear messages."""


class DomainError(Exception):
    """A request that the domain rules refuse. The message is safe to show to the user."""


class IllegalTransition(DomainError):
    """A state change that the state machine does not allow."""


class NotFound(DomainError):
    """The object does not exist or is out of the actor's scope (never tell which)."""


class Conflict(DomainError):
    """Someone else changed the object since the form was opened; nothing was saved."""
