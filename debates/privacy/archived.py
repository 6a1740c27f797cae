"""Requests from the 2004 readers whose comments the archive republishes (or from
their families): a moderator anonymises the signature, or removes the comment.

Both erase rather than hide: the signature becomes "A reader, 2004" and the
comment's words are deleted, so no page, feed, search, structured data or export
can show them. What the original signature was is kept only as a keyed digest
(`Author.erased_signature`), which is how loading the shipped fixture again
finds the anonymised author and leaves it anonymised (`keep_erasures_on_load`).
"""

from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext

from ..models import Author, Comment, ModerationAction
from ..models.choices import CommentStatus, ModerationVerb
from ..moderation.actions import ModerationError
from ..text import signature_key

ANONYMOUS_NAME = "A reader"
ANONYMOUS_PLACE = "2004"


def signature_digest(name, place):
    return salted_hmac(
        "debates.archived-signature", signature_key(name, place)
    ).hexdigest()


@transaction.atomic
def anonymise_archived_author(*, author: Author, by, requested_by: str, note: str = ""):
    """Sign every comment of an archived reader "A reader, 2004" from now on."""
    author = Author.objects.select_for_update().get(pk=author.pk)
    if not author.is_archived:
        raise ModerationError(
            gettext(
                "Only a reader of the archive can be anonymised here; a reader with "
                "an account closes it from their account page."
            )
        )
    author.erased_signature = signature_digest(author.name, author.place)
    author.name, author.place = ANONYMOUS_NAME, ANONYMOUS_PLACE
    author.erased_at = timezone.now()
    author.save()
    ModerationAction.objects.create(
        verb=ModerationVerb.ANONYMISE,
        moderator=by,
        author=author,
        note=note,
        detail=f"asked by {requested_by}"[:300],
    )


@transaction.atomic
def remove_at_authors_request(*, comment: Comment, by, requested_by: str, note=""):
    """Remove a comment and erase its words, other readers' quotes of them and its
    pull-quote; its place in the thread says it was removed at the author's
    request."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if comment.removed_at_request:
        raise ModerationError(
            gettext("This comment was removed at its author's request already.")
        )
    Comment.objects.filter(in_reply_to=comment).exclude(quote="").update(quote="")
    comment.revisions.all().delete()
    comment.status = CommentStatus.REMOVED
    comment.removed_at_request = True
    comment.body = comment.unmasked_body = comment.highlight = ""
    comment.moderated_at = timezone.now()
    comment.moderated_by = by
    comment.moderation_rule = None
    comment.save()
    ModerationAction.objects.create(
        verb=ModerationVerb.ERASE_COMMENT,
        moderator=by,
        comment=comment,
        debate=comment.debate,
        author=comment.author,
        note=note,
        detail=f"asked by {requested_by}"[:300],
    )


def keep_erasures_on_load(sender, instance, raw=False, **kwargs):
    """Loading a fixture (`loaddata`, raw saves) over an anonymised author or a
    comment removed at its author's request keeps what was erased erased."""
    if not raw or instance.pk is None:
        return
    if sender is Author:
        erased = (
            Author.objects.filter(pk=instance.pk, erased_at__isnull=False)
            .values("name", "place", "erased_at", "erased_signature")
            .first()
        )
        if erased:
            for field, value in erased.items():
                setattr(instance, field, value)
    elif sender is Comment:
        removed = (
            Comment.objects.filter(pk=instance.pk, removed_at_request=True)
            .values("status", "body", "highlight", "moderated_at", "moderated_by")
            .first()
        )
        if removed:
            instance.removed_at_request = True
            instance.status = removed["status"]
            instance.body = removed["body"]
            instance.highlight = removed["highlight"]
            instance.moderated_at = removed["moderated_at"]
            instance.moderated_by_id = removed["moderated_by"]
