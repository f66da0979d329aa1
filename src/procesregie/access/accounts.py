"""Which staff accounts a user administers (the list of accounts, sending invitations).

The functional administrator administers every account that belongs to an organisation: the people of the
house and of its partners. The installation's superuser (no organisation, created on the command line) is
nobody's to administer here. Everyone else administers no account: the pages answer 404.
"""

from django.db.models import QuerySet

from procesregie.accounts.models import User

from .users import is_functional_admin


def accounts_administered_by(user) -> QuerySet[User]:
    if not is_functional_admin(user):
        return User.objects.none()
    return User.objects.filter(organisation__isnull=False, is_superuser=False)
