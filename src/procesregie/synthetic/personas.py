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

# WGS participants who see less (docs/decisions/0020): a private one (a care provider of the reference data) and an
# incidental one (`demo-users` adds its organisation, which the reference data lacks). Not in the dataset's staff:
# `demo-users` creates them, `demo-shielding` gives them a case on the coming agenda.
INCIDENTAL_ORGANISATION = ("buurtbemiddeling", "Buurtbemiddeling (synthetisch)")
LIMITED_DEMO_USERS = (
    DemoUser("ketenpartner.altrecht", "altrecht", (Role.KETENPARTNER,)),
    DemoUser("ketenpartner.buurtbemiddeling", INCIDENTAL_ORGANISATION[0], (Role.KETENPARTNER,)),
)
