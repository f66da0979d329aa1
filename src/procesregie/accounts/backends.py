"""The authentication backend: Django's ModelBackend, loading a session's user together with their organisation.
An API client's service account is refused, at the login and for a session.

`get_user` runs on every request of a logged-in user. The organisation comes in the same query, so the role questions
that read it (`access.users.is_house_manager`, which the menu asks on every page) cost no query of their own.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def user_can_authenticate(self, user) -> bool:
        """Active, and not the service account of an API client (`ApiClient.user`): a partner system authenticates
        on the API with its token and never logs in on the pages, whatever password its account might be given."""
        return super().user_can_authenticate(user) and not hasattr(user, "api_client")

    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("organisation", "api_client").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
