"""Authentication backend that loads a reader's Author along with their account."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from .models import Suspension


class ReaderBackend(ModelBackend):
    """Django's model backend, fetching the user's Author in the same query, and
    whether a suspension keeps them from posting.

    Every page shows the signed-in reader's signature, and every debate page either
    the comment form or the suspension, so this saves a query or two a page.
    """

    def get_user(self, user_id):
        User = get_user_model()
        suspended = Suspension.objects.in_force().filter(author__user=OuterRef("pk"))
        try:
            user = (
                User._default_manager.select_related("author")
                .annotate(posting_suspended=Exists(suspended))
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        author = getattr(user, "author", None)
        if author is not None:
            author.suspended_when_loaded = user.posting_suspended
        return user if self.user_can_authenticate(user) else None
