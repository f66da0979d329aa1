"""The authentication backend: Django's ModelBackend, loading a session's user together with their organisation.

`get_user` runs on every request of a logged-in user. The organisation comes in the same query, so the role questions
that read it (`access.users.is_house_manager`, which the menu asks on every page) cost no query of their own.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        model = get_user_model()
        try:
            user = model._default_manager.select_related("organisation").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
