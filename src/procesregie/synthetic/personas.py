"""The demo logins: one per role, in the house and three partner organisations.

The demo dataset names them in `staff.csv` (with the organisation and roles below), so the import creates their
accounts with the rest of the staff; `procesregie demo-users` then gives them a password and a second factor.
"""

from dataclasses import dataclass

from procesregie.accounts.roles import Role


@dataclass(frozen=True)
class DemoUser:
    username: str
    organisation: str  # Organisation.code
    roles: tuple[str, ...]


DEMO_USERS = (
    DemoUser("procesregisseur.zvh", "zvhru", (Role.PROCESREGISSEUR,)),
    DemoUser("manager.zvh", "zvhru", (Role.MANAGER,)),
    DemoUser("privacy.zvh", "zvhru", (Role.PRIVACY_OFFICER,)),
    DemoUser("beheer.zvh", "zvhru", (Role.FUNCTIONAL_ADMIN,)),
    DemoUser("ketenpartner.politie", "politie-midden-nederland", (Role.KETENPARTNER,)),
    DemoUser("manager.politie", "politie-midden-nederland", (Role.MANAGER,)),
    DemoUser("ketenpartner.reclassering", "reclassering-nederland", (Role.KETENPARTNER,)),
    DemoUser("ketenpartner.gemeente", "gemeente-utrecht", (Role.KETENPARTNER,)),
)
