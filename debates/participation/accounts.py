"""Readers signing up: an account and the signature its comments carry."""

from django.contrib.auth import get_user_model
from django.db import transaction

from ..models import (
    Author,
)


@transaction.atomic
def register_reader(
    *,
    username: str,
    password: str,
    name: str,
    place: str,
    email: str = "",
    notify_on_reply: bool = False,
    notify_on_decision: bool = False,
    language: str = "",
) -> Author:
    """Create a reader's account and the Author their comments will be signed with,
    with the notification emails they chose, if any, and the language of the
    forum's pages and emails for them (blank: their browser's)."""
    user = get_user_model().objects.create_user(
        username=username, email=email, password=password
    )
    return Author.objects.create(
        user=user,
        name=name,
        place=place,
        notify_on_reply=notify_on_reply,
        notify_on_decision=notify_on_decision,
        language=language,
    )
