"""Authentication backend that loads a reader's Author along with their account."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class ReaderBackend(ModelBackend):
    """Django's model backend, fetching the user's Author in the same query.

    Every page shows the signed-in reader's signature, so this saves a query a page.
    """

    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = User._default_manager.select_related("author").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
