"""Building blocks for access-matrix entries: `expect(persona, method) -> status`."""

SEES_CASE = {"regisseur", "participant"}


def gated(get=None, post=None):
    """A page behind the login: anonymous and half-logged-in users are sent to the login; for everyone
    else the allowed methods answer per persona and the others 405."""
    allowed = {"get": get, "post": post}

    def expect(persona: str, method: str) -> int:
        if persona in ("anonymous", "password_only"):
            return 302
        answer = allowed.get(method)
        if answer is None:
            return 405
        return answer(persona) if callable(answer) else answer

    return expect


def only(personas, yes=200, no=404):
    return lambda persona: yes if persona in personas else no


def auth_page(*, anonymous, password_only, verified, methods=("get", "post")):
    def expect(persona: str, method: str) -> int:
        if method not in methods:
            return 405
        return {"anonymous": anonymous, "password_only": password_only}.get(persona, verified)

    return expect
