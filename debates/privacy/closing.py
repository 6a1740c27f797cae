"""Closing an account: asked for by its reader, erased after a cooling-off period.

A reader asks (`ask_to_close_account`), choosing whether their published comments
stay, signed "A former reader", or go, each leaving the placeholder of a comment
its author deleted. They are signed out and emailed; signing in again within
FORUM_CLOSING_DAYS cancels it (`cancel_closing`, called on every sign-in). After
that, a task (`erase_due_accounts`) erases the account in one transaction: the
username, email, password, sessions, recommendations, reports, follows, the
signature and every word not kept. The Author row stays, renamed, so the audit
trail keeps the fact of past decisions without naming anyone, and the debate
pages' versions turn (models.freshness), so no cached page shows the old name.
"""

import datetime
import logging
import secrets

from django.conf import settings
from django.contrib import messages
from django.contrib.sessions.models import Session
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext

from ..models import Author, Comment, CommentRevision, ModerationAction, OutgoingEmail
from ..models.choices import CommentStatus, ModerationVerb
from ..notifications import emails

logger = logging.getLogger(__name__)

FORMER_READER = "A former reader"


def closing_date(author: Author) -> datetime.datetime | None:
    """When the account the reader asked to close is erased; None if not asked."""
    if author.closing_requested_at is None:
        return None
    return author.closing_requested_at + datetime.timedelta(
        days=settings.FORUM_CLOSING_DAYS
    )


@transaction.atomic
def ask_to_close_account(*, author: Author, keep_comments: bool) -> None:
    """Start the cooling-off period before the account is erased, and email the
    reader when and how to change their mind."""
    author = (
        Author.objects.select_for_update(of=("self",))
        .select_related("user")
        .get(pk=author.pk)
    )
    author.closing_requested_at = timezone.now()
    author.closing_keeps_comments = keep_comments
    author.save(update_fields=["closing_requested_at", "closing_keeps_comments"])
    when = date_format(
        timezone.localtime(closing_date(author)), gettext("j F Y, H:i T")
    )
    letter = emails.Letter(greeting=emails.hello(author.name))
    letter.say(
        gettext(
            "You asked to close your Revived Debates account %(username)s. It will "
            "be erased on %(when)s."
        )
        % {"username": author.user.get_username(), "when": when},
        # Translators: “A former reader” is the signature the forum gives the
        # comments of a closed account; it is stored and shown in English.
        gettext("Your published comments will stay, signed “A former reader”.")
        if keep_comments
        else gettext(
            "Your comments will be removed, each leaving a note that its author "
            "deleted it."
        ),
    )
    letter.say(
        gettext(
            "Changed your mind? Sign in before then and the account stays as it is."
        )
    )
    emails.send_account_email(
        author, subject=gettext("Your account will be closed"), letter=letter
    )


def cancel_closing(author: Author) -> bool:
    """Keep an account its reader asked to close (they signed in again); True if
    there was a closing to cancel."""
    return bool(
        Author.objects.filter(pk=author.pk, closing_requested_at__isnull=False).update(
            closing_requested_at=None
        )
    )


def erase_due_accounts(now=None) -> int:
    """Erase every account whose cooling-off period has passed; the number erased.
    Safe to run on several workers at once: each account is locked and checked."""
    now = now or timezone.now()
    due_before = now - datetime.timedelta(days=settings.FORUM_CLOSING_DAYS)
    erased = 0
    for author_id in Author.objects.filter(
        closing_requested_at__lte=due_before, erased_at__isnull=True
    ).values_list("pk", flat=True):
        erased += erase_account(author_id, due_before=due_before)
    return erased


@transaction.atomic
def erase_account(author_id: int, *, due_before=None) -> bool:
    """Erase the account of the author `author_id` now, as its reader chose; True
    if it was erased (not cancelled or erased meanwhile)."""
    author = (
        Author.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(
            pk=author_id, erased_at__isnull=True, closing_requested_at__isnull=False
        )
        .first()
    )
    if author is None or (
        due_before is not None and author.closing_requested_at > due_before
    ):
        return False
    user = author.user
    address = author.confirmed_email if author.email_confirmed else ""
    comments = Comment.objects.filter(author=author)
    kept = CommentStatus.PUBLISHED if author.closing_keeps_comments else None
    unkept = comments.exclude(status=kept) if kept else comments
    # Their words that are not kept: the text, its earlier versions, and other
    # readers' quotes of it.
    Comment.objects.filter(in_reply_to__in=unkept).exclude(quote="").update(quote="")
    CommentRevision.objects.filter(comment__author=author).delete()
    unkept.filter(status=CommentStatus.PUBLISHED).update(status=CommentStatus.WITHDRAWN)
    unkept.update(body="", unmasked_body="", highlight="")
    comments.update(signed_name="", signed_place="")
    author.signature_changes.all().delete()
    author.follows.all().delete()
    author.data_exports.all().delete()
    if address:
        OutgoingEmail.objects.filter(to=address).delete()
    if user is not None:
        recommended = list(user.recommendations.values_list("comment", flat=True))
        _end_sessions(user.pk)
        user.delete()  # recommendations, reports and devices go with it
        # The counts shown beside those comments lose this reader's one each.
        Comment.objects.filter(pk__in=recommended).update(
            recommendation_count=F("recommendation_count") - 1
        )
    author.name = FORMER_READER
    author.place = ""
    author.user = None
    author.confirmed_email = ""
    author.notify_on_reply = author.notify_on_decision = False
    author.closing_requested_at = None
    author.erased_at = timezone.now()
    author.erased_signature = secrets.token_hex(16)
    author.save()
    ModerationAction.objects.create(
        verb=ModerationVerb.ERASE,
        moderator=None,
        author=author,
        detail="published comments kept, signed “A former reader”"
        if kept
        else "comments removed",
    )
    if address:
        _say_goodbye(address, keep_comments=bool(kept))
    logger.info("Erased the account of author %s at its reader's request", author.pk)
    return True


def _end_sessions(user_id):
    """Delete every session signed in as the user (Django keeps no index of them,
    so each live session is read)."""
    ended = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if session.get_decoded().get("_auth_user_id") == str(user_id)
    ]
    Session.objects.filter(pk__in=ended).delete()


def _say_goodbye(address, *, keep_comments):
    letter = emails.Letter(greeting=emails.hello())
    letter.say(
        gettext(
            "Your Revived Debates account is closed, as you asked. Your username, "
            "email address, password, recommendations, reports, follows and "
            "signature are erased."
        ),
        # Translators: “A former reader” is the signature the forum gives the
        # comments of a closed account; it is stored and shown in English.
        gettext("Your published comments stay, signed “A former reader”.")
        if keep_comments
        else gettext("Your comments are removed."),
    )
    letter.say(gettext("This is the last email the forum sends to this address."))
    emails.send_to_address(
        address, subject=gettext("Your account is closed"), letter=letter
    )


def keep_account_on_sign_in(sender, request, user, **kwargs):
    """Signing in during the cooling-off period keeps the account (connected to
    `user_logged_in` in apps.py), and says so."""
    author = getattr(user, "author", None)
    if author is not None and author.closing_requested_at and cancel_closing(author):
        author.closing_requested_at = None
        messages.success(
            request, gettext("Welcome back: your account is no longer being closed.")
        )
