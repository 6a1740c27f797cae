"""Comments, archived from 2004 or posted here since, and their earlier texts."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from ..search import matching as text_search
from .author import Author
from .choices import (
    IN_THREAD,
    NO_STANCE,
    CommentStatus,
    ThreadOrder,
)
from .debate import Debate
from .refusals import PostingRefused
from .report import Report


class CommentQuerySet(models.QuerySet):
    def get_by_natural_key(self, debate_slug, position):
        return self.get(debate__slug=debate_slug, position=position)

    def visible(self):
        """Comments a reader may read: published."""
        return self.filter(status=CommentStatus.PUBLISHED)

    def in_thread(self):
        """Comments that hold a place in the thread: read, or shown as a placeholder."""
        return self.filter(status__in=IN_THREAD)

    def picks(self):
        return self.visible().exclude(highlight="").select_related("parent__author")

    def search(self, query):
        """Published comments matching a reader's search, best first: nothing else is
        searched, so nothing else is ever found or counted."""
        return text_search.comments(self.visible(), query)

    def for_thread(self, debate, positions=None, *, newest_first=False):
        """A debate's thread in reading order (or the reverse, replies still under
        their comment in the order they came), authors and cited rules fetched with it.

        `positions` (a range, ascending or descending) keeps one page's worth, found
        through the thread index however deep the page is.
        """
        replies = (
            self.in_thread()
            .select_related("author", "moderation_rule", "stance")
            .order_by("position")
        )
        comments = self.in_thread().filter(debate=debate, parent=None)
        if positions:
            comments = comments.filter(
                position__gte=min(positions), position__lte=max(positions)
            )
        elif positions is not None:
            comments = comments.none()
        return (
            comments.select_related("author", "moderation_rule", "stance")
            .prefetch_related(models.Prefetch("replies", queryset=replies))
            .order_by("-position" if newest_first else "position")
        )

    def ranked(self, debate, order, offsets):
        """One page of a debate's published comments, replies among them, in `order`
        (a ThreadOrder); `offsets` (a range) counts from the first of them."""
        return self._in_order(self.visible().filter(debate=debate), order, offsets)

    def _in_order(self, comments, order, offsets):
        ordering = {
            ThreadOrder.OLDEST: ["position"],
            ThreadOrder.NEWEST: ["-position"],
            ThreadOrder.RECOMMENDED: ["-recommendation_count", "position"],
        }[order]
        comments = comments.select_related("author", "stance", "parent__author")
        return comments.order_by(*ordering)[offsets.start : offsets.stop]

    def for_stance(self, debate, key, offsets, order=ThreadOrder.OLDEST):
        """One page of a debate's published comments that take the stance `key`
        (NO_STANCE: none), in `order`; `offsets` (a range) counts from the first of
        them."""
        comments = self.visible().filter(debate=debate)
        if key == NO_STANCE:
            comments = comments.filter(stance=None)
        else:
            comments = comments.filter(stance__key=key)
        return self._in_order(comments, order, offsets)

    def unpublished_by(self, author, debate, editable_since=None):
        """An author's own comments in a debate that readers cannot see (awaiting
        review, rejected, held, removed), and with `editable_since`, their published
        ones posted since then, which they may still edit. Shown to them alone."""
        mine = Q(status__in=[s for s in CommentStatus if s != CommentStatus.PUBLISHED])
        if editable_since is not None:
            mine |= Q(status=CommentStatus.PUBLISHED, posted_at__gte=editable_since)
        return (
            self.filter(mine, author=author, debate=debate)
            .select_related("moderation_rule")
            .order_by("position")
        )

    def last_position(self, debate):
        return self.filter(debate=debate).aggregate(last=Max("position"))["last"] or 0

    def with_open_reports(self):
        return self.annotate(
            open_report_count=Count("reports", filter=Q(reports__resolved_at=None))
        )

    def needing_moderation(self):
        """The moderation queue: comments awaiting review, held after reports, or
        published but reported, oldest first."""
        has_open_report = Exists(
            Report.objects.filter(comment=OuterRef("pk"), resolved_at=None)
        )
        return (
            self.filter(
                Q(status__in=[CommentStatus.PENDING, CommentStatus.HELD])
                | Q(status=CommentStatus.PUBLISHED) & has_open_report
            )
            .with_open_reports()
            .select_related("author", "debate")
            .order_by("posted_at", "pk")
        )


class Comment(models.Model):
    """A reader's comment on a debate, archived from 2004 or posted here since."""

    Status = CommentStatus

    debate = models.ForeignKey(
        Debate, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        Author, on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField()
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
        help_text="The comment this one replies to; replies are one level deep.",
    )
    quote = models.TextField(
        blank=True, help_text="A passage of the parent comment, quoted in the reply."
    )
    position = models.PositiveIntegerField(
        help_text="Order within the debate; the archive's printed order comes first."
    )
    posted_at = models.DateTimeField(default=timezone.now)
    is_archived = models.BooleanField(
        "archived",
        default=False,
        help_text="Published on the original page, not posted here.",
    )
    highlight = models.CharField(
        max_length=500,
        blank=True,
        help_text="The editors' pull-quote shown above this comment.",
    )
    # Not indexed alone: the index below, which starts with it, serves its lookups.
    stance = models.ForeignKey(
        "debates.Stance",
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="comments",
        db_index=False,
        help_text="The answer to the debate's question the comment gives; empty for "
        "none.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PUBLISHED
    )
    # The latest moderation decision, shown to the comment's author (and, as the
    # rule's number, on a removed comment's placeholder); the audit trail keeps all.
    moderated_at = models.DateTimeField(null=True, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_rule = models.ForeignKey(
        "debates.HouseRule",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    moderation_note = models.CharField(max_length=500, blank=True)
    recommendation_count = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Readers who recommend it; kept with each Recommendation.",
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["debate", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["debate", "position"], name="unique_comment_position"
            ),
        ]
        indexes = [
            models.Index(
                fields=["debate", "status", "position"],
                name="comment_thread_order",
            ),
            # A signed-in reader's own unpublished comments, asked on every page view
            # of a debate: prolific posters must not make it scan all they wrote.
            models.Index(
                fields=["author", "debate", "status"], name="comment_by_author"
            ),
            models.Index(
                fields=["stance", "status", "position"],
                name="comment_stance_order",
            ),
            # The thread sorted by most recommended, read a page at a time.
            models.Index(
                fields=["debate", "-recommendation_count", "position"],
                condition=Q(status=CommentStatus.PUBLISHED),
                name="comment_most_recommended",
            ),
        ]
        permissions = [
            (
                "moderate_comment",
                "Can approve, reject, remove, restore and pick comments",
            )
        ]

    def __str__(self):
        return f"{self.author} on {self.debate}: {self.body[:60]}"

    def get_absolute_url(self):
        return reverse(
            "debates:comment", kwargs={"slug": self.debate.slug, "pk": self.pk}
        )

    def natural_key(self):
        return (*self.debate.natural_key(), self.position)

    natural_key.dependencies = ["debates.debate", "debates.author"]

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    @property
    def is_visible(self):
        return self.status == self.Status.PUBLISHED

    @property
    def is_pick(self):
        """An editor's pick is a comment with a pull-quote, as the archive showed."""
        return bool(self.highlight)

    def reply_target(self):
        """Replies are one level deep: a reply to a reply goes under its parent."""
        return self.parent if self.parent_id else self

    def ensure_accepts_reply(self, *, debate, quote=""):
        """The one place that decides whether this comment can be replied to."""
        if self.debate_id != debate.pk or not self.is_visible:
            raise PostingRefused("That comment cannot be replied to.")
        if quote and " ".join(quote.split()) not in " ".join(self.body.split()):
            raise PostingRefused(
                "The quoted passage must come from the comment you reply to."
            )

    @property
    def thread_position(self):
        """Where the comment sits in the thread: a reply sits under its parent."""
        return self.parent.position if self.parent_id else self.position

    @property
    def is_removed(self):
        return self.status == self.Status.REMOVED

    @property
    def is_withdrawn(self):
        return self.status == self.Status.WITHDRAWN

    def ensure_editable_by(self, author, now=None):
        """The one place that decides whether `author` may still edit or delete
        this comment: their own, published or awaiting review, recent, and in a
        debate still open. `self.debate` must be freshly read."""
        now = now or timezone.now()
        window = datetime.timedelta(minutes=settings.FORUM_EDIT_MINUTES)
        if self.author_id != author.pk or self.is_archived:
            raise PostingRefused("Only its author can change a comment.")
        if self.status not in (self.Status.PUBLISHED, self.Status.PENDING):
            raise PostingRefused("This comment can no longer be changed.")
        if not self.debate.is_open:
            raise PostingRefused(
                "This debate is closed, so its comments are final; "
                "ask a moderator if one must change."
            )
        if now - self.posted_at > window:
            raise PostingRefused(
                f"Comments can be edited or deleted for {settings.FORUM_EDIT_MINUTES} "
                "minutes after posting; after that, ask a moderator."
            )

    def ensure_recommendable_by(self, reader):
        """The one place that decides whether `reader` may recommend this comment,
        or take a recommendation back: a published comment by someone else, in a
        debate still open. `self.debate` must be freshly read."""
        if not self.is_visible:
            raise PostingRefused("That comment cannot be recommended.")
        if self.author.user_id is not None and self.author.user_id == reader.pk:
            raise PostingRefused("You cannot recommend your own comment.")
        if not self.debate.is_open:
            raise PostingRefused(
                "This debate is closed, so its recommendations are final."
            )

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    @property
    def is_awaiting_review(self):
        return self.status == self.Status.PENDING


class CommentRevision(models.Model):
    """A comment's text as it was before its author edited it; for moderators."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="revisions"
    )
    body = models.TextField()
    replaced_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return f"Earlier text of comment {self.comment_id}"
