"""Template context for every page."""

from django.utils.functional import SimpleLazyObject

from .models import Comment


def moderation(request):
    """How many comments wait for a moderator, for the navigation of those who can act.

    Lazy: the count is only queried when a moderator's page shows it.
    """
    user = getattr(request, "user", None)
    if (
        user is None
        or not user.is_staff
        or not user.has_perm("debates.moderate_comment")
    ):
        return {}
    return {
        "moderation_waiting": SimpleLazyObject(
            lambda: Comment.objects.needing_moderation().count()
        )
    }
