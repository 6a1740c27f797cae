"""Following a debate: a reader chooses an email for every new published comment or
a daily digest, and either way hears when the debate closes or reopens.

Nothing here runs in a request but the reader's own choice. A task every minute
emails those who chose every comment; a task once a day sends the digests. Both
read what happened in a followed debate after the follow's `told_up_to` and, in
one transaction, queue the emails and move `told_up_to` on, so a task that runs
twice, or on two machines, emails nothing twice, and one that fails emails
nothing half. Only what is published when the task runs is told: a comment held
or removed by then is left out, and one approved later is told when it appears.
"""

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..models import Author, Comment, Debate, Follow, ModerationAction
from ..models.choices import STATE_CHANGE_VERBS, ModerationVerb
from ..site_address import absolute_url
from . import emails

# What happened in the last half minute is told next time: a comment's
# transaction may commit a moment after its time was taken.
SETTLE = datetime.timedelta(seconds=30)
# The most comments one digest lists for a debate; the rest are linked to.
DIGEST_LIMIT = 20
EXCERPT_LENGTH = 280

STATE_NEWS = {
    ModerationVerb.CLOSE: _("A moderator closed the debate to new comments."),
    ModerationVerb.CLOSE_ON_SCHEDULE: _(
        "The debate closed to new comments, as scheduled."
    ),
    ModerationVerb.OPEN: _("A moderator reopened the debate for comments."),
}


@transaction.atomic
def follow_debate(*, author: Author, debate: Debate, emails: str) -> Follow:
    """Follow `debate` (or change how), emailed `emails` (a Follow.Emails); what
    happened before is not told."""
    follow, created = Follow.objects.get_or_create(
        author=author, debate=debate, defaults={"emails": emails}
    )
    if not created and follow.emails != emails:
        follow.emails = emails
        follow.save(update_fields=["emails"])
    return follow


def stop_following(*, author: Author, debate: Debate | None = None) -> int:
    """Stop following `debate`, or every debate; the number of follows ended."""
    follows = author.follows.all()
    if debate is not None:
        follows = follows.filter(debate=debate)
    deleted, _ = follows.delete()
    return deleted


def _visible_since():
    """When a published comment became visible: posted, or approved or restored
    since."""
    return Greatest("posted_at", Coalesce("moderated_at", "posted_at"))


class DebateNews:
    """What happened in some debates up to a moment: their comments as they
    became visible, and their closings and reopenings. Read once, in two queries,
    for all the follows a task run tells, then sorted out per follow."""

    def __init__(self, follows, up_to):
        since = {}
        for follow in follows:
            earliest = since.get(follow.debate_id, follow.told_up_to)
            since[follow.debate_id] = min(earliest, follow.told_up_to)
        self.comments, self.changes = {}, {}
        if not since:
            return
        earliest = min(since.values())
        comments = (
            Comment.objects.visible()
            .filter(debate__in=since)
            .annotate(visible_since=_visible_since())
            .filter(visible_since__gt=earliest, visible_since__lte=up_to)
            .select_related("author", "debate")
            .order_by("visible_since", "pk")
        )
        for comment in comments:
            self.comments.setdefault(comment.debate_id, []).append(comment)
        changes = ModerationAction.objects.filter(
            debate__in=since,
            verb__in=STATE_CHANGE_VERBS,
            created_at__gt=earliest,
            created_at__lte=up_to,
        ).order_by("created_at", "pk")
        for change in changes:
            self.changes.setdefault(change.debate_id, []).append(change)

    def for_follow(self, follow):
        """What to tell `follow`'s reader: comments by others and closings and
        reopenings of its debate after its `told_up_to`, oldest first."""
        since = follow.told_up_to
        comments = [
            comment
            for comment in self.comments.get(follow.debate_id, [])
            if comment.visible_since > since and comment.author_id != follow.author_id
        ]
        changes = [
            change
            for change in self.changes.get(follow.debate_id, [])
            if change.created_at > since
        ]
        return comments, changes


def _with_news(follows, up_to):
    """The follows whose debate may have something to tell by `up_to` (a comment
    published or decided on, or a closing or reopening, since `told_up_to`): one
    query, on indexed columns, for any number of follows. DebateNews decides
    exactly what is new."""
    newer_comment = Q(debate__comments__status=Comment.Status.PUBLISHED) & (
        Q(debate__comments__posted_at__gt=F("told_up_to"))
        | Q(debate__comments__moderated_at__gt=F("told_up_to"))
    )
    newer_change = Q(
        debate__moderation_actions__verb__in=STATE_CHANGE_VERBS,
        debate__moderation_actions__created_at__gt=F("told_up_to"),
        debate__moderation_actions__created_at__lte=up_to,
    )
    with_comment = follows.filter(newer_comment).values("pk")
    with_change = follows.filter(newer_change).values("pk")
    return follows.filter(Q(pk__in=with_comment) | Q(pk__in=with_change))


def send_comment_emails(now=None) -> int:
    """Email every follower who chose every comment what is new in their debate:
    an email for each comment and each closing or reopening. The number queued."""
    up_to = (now or timezone.now()) - SETTLE
    queued = 0
    candidates = list(_with_news(Follow.objects.emailed(Follow.Emails.EVERY), up_to))
    news = DebateNews(candidates, up_to)
    for candidate in candidates:
        with transaction.atomic():
            # Locked and read again: another worker may have told it meanwhile.
            follow = _locked(candidate.pk)
            if follow is None:
                continue
            comments, changes = news.for_follow(follow)
            for comment in comments:
                queued += _send_comment(follow, comment)
            for change in changes:
                queued += _send_change(follow, change)
            follow.told_up_to = up_to
            follow.save(update_fields=["told_up_to"])
    return queued


def send_digests(now=None) -> int:
    """Email every follower who chose the daily digest one email with what is new
    in all the debates they follow that way; at most one a day each. The number
    of digests queued."""
    now = now or timezone.now()
    up_to = now - SETTLE
    daily = Follow.objects.emailed(Follow.Emails.DAILY)
    readers = _with_news(daily, up_to).values("author")
    news = DebateNews(list(daily.filter(author__in=readers)), up_to)
    sent = 0
    for author_id in readers.distinct().values_list("author", flat=True):
        with transaction.atomic():
            follows = list(
                daily.filter(author=author_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("author__user", "debate")
                .order_by("debate__title")
            )
            told = [(follow, *news.for_follow(follow)) for follow in follows]
            told = [item for item in told if item[1] or item[2]]
            if not told:
                continue
            if _send_digest(follows[0].author, told, day=timezone.localdate(now)):
                sent += 1
                for follow, _, _ in told:
                    follow.told_up_to = up_to
                    follow.save(update_fields=["told_up_to"])
    return sent


def _locked(follow_id):
    return (
        Follow.objects.select_for_update(skip_locked=True, of=("self",))
        .select_related("author__user", "debate")
        .filter(pk=follow_id)
        .first()
    )


def _footer(author, debate):
    """The links every follow email ends with."""
    return [
        {
            "kind": "paragraph",
            "lines": [
                gettext("You get this email because you follow “%(debate)s”.")
                % {"debate": debate.title}
            ],
        },
        {
            "kind": "link",
            "label": gettext("Stop following this debate"),
            "url": emails.unsubscribe_url(author, f"follow:{debate.pk}"),
        },
        {
            "kind": "link",
            "label": gettext("Stop all emails from Revived Debates"),
            "url": emails.unsubscribe_url(author, emails.EVERY_KIND),
        },
    ]


def _send_comment(follow, comment):
    debate = follow.debate
    letter = emails.Letter(greeting=emails.hello(follow.author.name))
    letter.say(
        gettext("%(signature)s commented on “%(debate)s”:")
        % {"signature": comment.signature, "debate": debate.title}
    )
    letter.quote(Truncator(comment.body).chars(emails.REPLY_EXCERPT_LENGTH))
    letter.link(gettext("Read it in the debate"), absolute_url(comment))
    letter.footer = _footer(follow.author, debate)
    return emails.send_to_follower(
        follow,
        subject=gettext("New comment on “%(debate)s”") % {"debate": debate.title},
        letter=letter,
        key=f"follow:{follow.pk}:comment:{comment.pk}",
    )


def _send_change(follow, change):
    debate = follow.debate
    letter = emails.Letter(greeting=emails.hello(follow.author.name))
    letter.say(str(STATE_NEWS[change.verb]), change.note if change.note else "")
    letter.link(gettext("The debate"), absolute_url(debate))
    letter.footer = _footer(follow.author, debate)
    if change.verb == ModerationVerb.OPEN:
        subject = gettext("“%(debate)s” was reopened")
    else:
        subject = gettext("“%(debate)s” was closed")
    return emails.send_to_follower(
        follow,
        subject=subject % {"debate": debate.title},
        letter=letter,
        key=f"follow:{follow.pk}:change:{change.pk}",
    )


def _send_digest(author, news, *, day):
    letter = emails.Letter(greeting=emails.hello(author.name))
    count = sum(len(comments) for _, comments, _ in news)
    letter.say(
        ngettext(
            "What is new in the debates you follow: %(count)s new comment.",
            "What is new in the debates you follow: %(count)s new comments.",
            count,
        )
        % {"count": count}
    )
    for follow, comments, changes in news:
        debate = follow.debate
        # Translators: a debate's title, heading what the digest tells of it.
        letter.say(gettext("“%(debate)s”") % {"debate": debate.title})
        for change in changes:
            letter.say(str(STATE_NEWS[change.verb]))
        for comment in comments[:DIGEST_LIMIT]:
            letter.say(
                gettext("%(signature)s wrote:") % {"signature": comment.signature}
            )
            letter.quote(Truncator(comment.body).chars(EXCERPT_LENGTH))
            letter.link("", absolute_url(comment))
        if len(comments) > DIGEST_LIMIT:
            more = len(comments) - DIGEST_LIMIT
            letter.link(
                ngettext(
                    "And %(count)s more in the debate",
                    "And %(count)s more in the debate",
                    more,
                )
                % {"count": more},
                absolute_url(debate),
            )
        letter.link(
            gettext("Stop following “%(debate)s”") % {"debate": debate.title},
            emails.unsubscribe_url(author, f"follow:{debate.pk}"),
        )
    letter.footer = [
        {
            "kind": "paragraph",
            "lines": [
                gettext("You get this daily email because you follow these debates.")
            ],
        },
        {
            "kind": "link",
            "label": gettext("Stop following every debate"),
            "url": emails.unsubscribe_url(author, emails.EVERY_FOLLOW),
        },
        {
            "kind": "link",
            "label": gettext("Stop all emails from Revived Debates"),
            "url": emails.unsubscribe_url(author, emails.EVERY_KIND),
        },
    ]
    return emails.send_to_follower(
        news[0][0],
        subject=ngettext(
            "Today in the debates you follow: %(count)s new comment",
            "Today in the debates you follow: %(count)s new comments",
            count,
        )
        % {"count": count},
        letter=letter,
        key=f"digest:{author.pk}:{day.isoformat()}",
        stop=emails.unsubscribe_url(author, emails.EVERY_FOLLOW),
    )


def follow_of(author, debate):
    """The reader's follow of `debate`, or None."""
    if author is None:
        return None
    return Follow.objects.filter(author=author, debate=debate).first()
