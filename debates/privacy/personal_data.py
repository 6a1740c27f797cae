"""Download my data: one JSON document of everything the forum holds about a reader.

The reader asks on their account page (`ask_for_data`); a worker builds the
document (`build_data_export`) off the request, since a prolific reader's can be
large; the account page then offers it to them alone, signed in, until it expires
(FORUM_DATA_EXPORT_HOURS), when a daily task deletes it.
"""

import json

from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ..models import Author, Comment, DataExport
from ..notifications import emails
from ..site_address import absolute_url

FORMAT = "Revived Debates personal data, version 1"
README = _(
    # Translators: the words in single quotes are the document's keys: keep them
    # as they are.
    "Everything Revived Debates holds about you, as of exported_at. 'account' is "
    "your sign-in account; 'signature' the name and place your comments are signed "
    "with, and 'signature_history' its changes. 'comments' lists every comment you "
    "wrote, whatever its status (published, awaiting review, rejected, removed, "
    "deleted), with earlier versions, the moderators' decisions and reasons, and "
    "any review you asked for. 'quotes_of_your_words' are other readers' replies "
    "that quote you. 'recommendations', 'reports', 'follows', "
    "'notification_settings' and 'suspensions' are what their names say. Times are "
    "ISO 8601, in UTC."
)


def _when(moment):
    return moment.isoformat() if moment else None


def personal_data(author: Author) -> dict:
    """Everything the forum holds about `author` and their account."""
    user = author.user
    comments = (
        Comment.objects.filter(author=author)
        .select_related("debate", "stance", "moderation_rule", "in_reply_to__author")
        .prefetch_related("revisions", Prefetch("review_request"))
        .order_by("posted_at", "pk")
    )
    quoted = (
        Comment.objects.filter(in_reply_to__author=author)
        .exclude(quote="")
        .select_related("debate")
        .order_by("posted_at", "pk")
    )
    return {
        "format": FORMAT,
        "readme": str(README),
        "exported_at": _when(timezone.now()),
        "account": {
            "username": user.get_username(),
            "email": user.email,
            "email_confirmed": author.email_confirmed,
            "joined_at": _when(user.date_joined),
            "last_signed_in_at": _when(user.last_login),
            "staff": user.is_staff,
            "two_factor_devices": _devices(user),
        },
        "signature": {"name": author.name, "place": author.place},
        "signature_history": [
            {
                "from": {"name": change.old_name, "place": change.old_place},
                "to": {"name": change.new_name, "place": change.new_place},
                "earlier_comments_resigned": change.resigned,
                "changed_at": _when(change.changed_at),
            }
            for change in author.signature_changes.all()
        ],
        "notification_settings": {
            "email_on_reply": author.notify_on_reply,
            "email_on_decision": author.notify_on_decision,
        },
        "follows": [
            {
                "debate": follow.debate.title,
                "address": absolute_url(follow.debate),
                "emails": follow.get_emails_display(),
                "since": _when(follow.created_at),
            }
            for follow in author.follows.select_related("debate")
        ],
        "comments": [_comment(comment) for comment in comments],
        "quotes_of_your_words": [
            {
                "reply_address": absolute_url(reply) if reply.is_visible else None,
                "debate": reply.debate.title,
                "quote": reply.quote,
                "quoted_at": _when(reply.posted_at),
            }
            for reply in quoted
        ],
        "recommendations": [
            {
                "comment_address": absolute_url(recommendation.comment),
                "recommended_at": _when(recommendation.created_at),
            }
            for recommendation in user.recommendations.select_related("comment__debate")
        ],
        "reports": [
            {
                "comment_address": absolute_url(report.comment),
                "reason": report.get_reason_display(),
                "reported_at": _when(report.created_at),
                "resolved_at": _when(report.resolved_at),
            }
            for report in user.reports.select_related("comment__debate")
        ],
        "suspensions": [
            {
                "starts_at": _when(suspension.starts_at),
                "ends_at": _when(suspension.ends_at),
                "lifted_at": _when(suspension.lifted_at),
                "rule": str(suspension.rule) if suspension.rule else None,
                "note": suspension.note,
            }
            for suspension in author.suspensions.select_related("rule")
        ],
    }


def _comment(comment):
    review = getattr(comment, "review_request", None)
    return {
        "id": comment.pk,
        "debate": comment.debate.title,
        "address": absolute_url(comment) if comment.is_visible else None,
        "posted_at": _when(comment.posted_at),
        "edited_at": _when(comment.edited_at),
        "status": comment.get_status_display(),
        "stance": comment.stance.label if comment.stance else None,
        "signed_as": comment.signature,
        "in_reply_to": comment.in_reply_to.signature
        if comment.in_reply_to_id
        else None,
        "quote": comment.quote,
        "text": comment.as_written,
        "pulled_quote": comment.highlight,
        "earlier_versions": [
            {"text": revision.body, "replaced_at": _when(revision.replaced_at)}
            for revision in comment.revisions.all()
        ],
        "moderation": {
            "decided_at": _when(comment.moderated_at),
            "rule": str(comment.moderation_rule) if comment.moderation_rule else None,
            "note": comment.moderation_note,
        }
        if comment.moderated_at
        else None,
        "review_request": {
            "asked_at": _when(review.asked_at),
            "note": review.note,
            "outcome": review.get_outcome_display() if review.outcome else None,
            "reply": review.reply,
        }
        if review
        else None,
    }


def _devices(user):
    from django_otp import devices_for_user

    return [
        {
            "name": device.name,
            "kind": type(device).__name__,
            "confirmed": device.confirmed,
        }
        for device in devices_for_user(user, confirmed=None)
    ]


@transaction.atomic
def ask_for_data(author: Author) -> DataExport:
    """Ask a worker to build the reader's data; one waiting or ready at a time."""
    waiting = author.data_exports.filter(expires_at__gt=timezone.now()).first()
    if waiting is not None:
        return waiting
    export = DataExport.objects.create(author=author)
    transaction.on_commit(lambda: _ask_a_worker(export.pk), robust=True)
    return export


def _ask_a_worker(export_id):
    from ..tasks import build_data_export

    build_data_export(export_id)


def build_data_export(export_id: int) -> bool:
    """Write the document of an asked-for export; True if this call built it."""
    with transaction.atomic():
        export = (
            DataExport.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("author__user")
            .filter(pk=export_id, ready_at__isnull=True, author__user__isnull=False)
            .first()
        )
        if export is None:
            return False
        export.content = json.dumps(personal_data(export.author), indent=2)
        export.ready_at = timezone.now()
        export.save(update_fields=["content", "ready_at"])
        letter = emails.Letter(greeting=emails.hello(export.author.name))
        until = date_format(
            timezone.localtime(export.expires_at), gettext("j F Y, H:i T")
        )
        letter.say(
            gettext(
                "The download of your data from Revived Debates is ready on your "
                "account page until %(until)s, for you alone, signed in."
            )
            % {"until": until}
        )
        letter.link(gettext("Your account"), absolute_url(reverse("debates:account")))
        emails.send_account_email(
            export.author,
            subject=gettext("Your data is ready to download"),
            letter=letter,
        )
    return True


def delete_expired_exports() -> int:
    deleted, _ = DataExport.objects.expired().delete()
    return deleted
