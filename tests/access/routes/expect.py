"""Building blocks for access-matrix entries: `expect(persona, method) -> status`."""

# Who sees `world.case`: its procesregisseur, the participating police, and the two WGS participants who see less
# (tests/personas.py; what they do not see of it is tests/access/test_shielding_matrix.py's).
SEES_CASE = {"regisseur", "participant", "private_partner", "incidental_partner"}

# The WGS participants who see less (a private and an incidental ketenpartner, access.shielding). A set that does not
# name one answers it as it answers `removed`, the ketenpartner without a tie to the world's objects: a set of "every
# ketenpartner" (it names `removed`) takes them in, a set of who sees, carries or reported something does not. Name
# them where they differ (e.g. meetings.MEETING_A: the private partner opens the meeting through its case).
LIMITED_PARTNERS = ("private_partner", "incidental_partner")


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
    def answer(persona: str) -> int:
        if persona in personas:
            return yes
        if persona in LIMITED_PARTNERS:
            return yes if "removed" in personas else no
        return no

    return answer


def auth_page(*, anonymous, password_only, verified, methods=("get", "post")):
    def expect(persona: str, method: str) -> int:
        if method not in methods:
            return 405
        return {"anonymous": anonymous, "password_only": password_only}.get(persona, verified)

    return expect
