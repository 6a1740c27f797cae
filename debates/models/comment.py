"""Comments, archived from 2004 or posted here since, and their earlier texts."""

import datetime

from django.conf import settings
from django.db import connections, models
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from ..search import korean
from ..search import matching as text_search
from .author import Author, signed
from .automatic_flag import AutomaticFlag
from .choices import (
    IN_THREAD,
    NO_STANCE,
    CommentStatus,
    ModerationVerb,
    ThreadOrder,
)
from .debate import Debate
from .freshness import FreshQuerySet, RemembersItsDebate
from .refusals import PostingRefused
from .report import Report
from .review_request import REVIEWABLE_STATUSES, ReviewRequest
from .translation import CONTENT_LANGUAGES, ORIGINAL_LANGUAGE

# The one table of the decisions a moderator can take on a comment in each status:
# the moderation pages offer these, and the write functions refuse any other.
# Approving a published comment keeps it up and clears its reports.
DECISIONS_BY_STATUS = {
    CommentStatus.PENDING: (ModerationVerb.APPROVE, ModerationVerb.REJECT),
    CommentStatus.HELD: (ModerationVerb.APPROVE, ModerationVerb.REMOVE),
    CommentStatus.PUBLISHED: (
        ModerationVerb.APPROVE,
        ModerationVerb.REMOVE,
        ModerationVerb.PICK,
    ),
    CommentStatus.REMOVED: (ModerationVerb.RESTORE,),
    CommentStatus.REJECTED: (ModerationVerb.RESTORE,),
    CommentStatus.WITHDRAWN: (),
}

QUOTE_NOT_FOUND = _("The quoted passage must come from the comment you reply to.")


def passage_of(text):
    """`text` with its white space made single spaces, to compare passages by."""
    return " ".join(text.split())


def edit_window_start(now=None):
    """The earliest time a comment can have been posted and still be edited."""
    now = now or timezone.now()
    return now - datetime.timedelta(minutes=settings.FORUM_EDIT_MINUTES)


def recommendation_refusal(*, is_visible, is_own, debate_is_open):
    """The one place that decides whether a reader may recommend a comment, or take
    a recommendation back: a published comment by someone else, in a debate still
    open. None if they may, else the reason, written for them.

    Asked with plain facts, so that the recommend buttons filled into a cached
    thread ask it too, without fetching each comment.
    """
    if not is_visible:
        return gettext("That comment cannot be recommended.")
    if is_own:
        return gettext("You cannot recommend your own comment.")
    if not debate_is_open:
        return gettext("This debate is closed, so its recommendations are final.")
    return None


class CommentQuerySet(FreshQuerySet):
    def get_by_natural_key(self, debate_slug, position):
        return self.get(debate__slug=debate_slug, position=position)

    def update(self, **changes):
        """As QuerySet.update, keeping `search_words` with a new `body`."""
        if "body" in changes and "search_words" not in changes:
            body = changes["body"]
            if not isinstance(body, str):
                raise TypeError(
                    "Comment bodies are updated in bulk to a text, so that their "
                    "search words can follow; save each comment instead."
                )
            changes["search_words"] = korean.search_words(body)
        return super().update(**changes)

    def bulk_create(self, objs, *args, **kwargs):
        """As QuerySet.bulk_create, with each comment's `search_words` filled."""
        objs = list(objs)
        for comment in objs:
            comment.search_words = korean.search_words(comment.body)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        """As QuerySet.bulk_update, with `search_words` following a new `body`."""
        objs, fields = list(objs), list(fields)
        if "body" in fields:
            for comment in objs:
                comment.search_words = korean.search_words(comment.body)
            if "search_words" not in fields:
                fields.append("search_words")
        return super().bulk_update(objs, fields, *args, **kwargs)

    def visible(self):
        """Comments a reader may read: published."""
        return self.filter(status=CommentStatus.PUBLISHED)

    def in_thread(self):
        """Comments that hold a place in the thread: read, or shown as a placeholder."""
        return self.filter(status__in=IN_THREAD)

    def picks(self):
        return (
            self.visible()
            .exclude(highlight="")
            .select_related("parent__author", "in_reply_to__author")
        )

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
            .select_related(
                "author", "moderation_rule", "stance", "in_reply_to__author"
            )
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

    @staticmethod
    def _in_order(comments, order, offsets):
        ordering = {
            ThreadOrder.OLDEST: ["position"],
            ThreadOrder.NEWEST: ["-position"],
            ThreadOrder.RECOMMENDED: ["-recommendation_count", "position"],
        }[order]
        return comments.order_by(*ordering)[offsets.start : offsets.stop]

    def ranked_ids(self, debate, offsets, key=None):
        """The ids of one page of a debate's published comments, most recommended
        first; only those taking the stance `key` if given (NO_STANCE: none)."""
        comments = self.visible().filter(debate=debate)
        if key is not None:
            comments = self._taking(comments, key)
        ranked = self._in_order(comments, ThreadOrder.RECOMMENDED, offsets)
        return list(ranked.values_list("pk", flat=True))

    def listed(self, pks):
        """The comments `pks`, in that order, with what the thread shows of them."""
        found = self.filter(pk__in=pks).select_related(
            "author", "stance", "parent__author", "in_reply_to__author"
        )
        order = {pk: index for index, pk in enumerate(pks)}
        return sorted(found, key=lambda comment: order[comment.pk])

    @staticmethod
    def _taking(comments, key):
        if key == NO_STANCE:
            return comments.filter(stance=None)
        return comments.filter(stance__key=key)

    def for_stance(self, debate, key, offsets, order=ThreadOrder.OLDEST):
        """One page of a debate's published comments that take the stance `key`
        (NO_STANCE: none), in `order`; `offsets` (a range) counts from the first of
        them."""
        comments = self._taking(self.visible().filter(debate=debate), key)
        return self._in_order(
            comments.select_related(
                "author", "stance", "parent__author", "in_reply_to__author"
            ),
            order,
            offsets,
        )

    def unpublished_by(self, author, debate):
        """An author's own comments in a debate that readers cannot see (awaiting
        review, rejected, held, removed, deleted): shown to them alone, with the
        moderators' reasons, so the debate comes with them. Their published ones
        carry Edit and Delete in the thread itself."""
        return (
            self.filter(author=author, debate=debate)
            .exclude(status=CommentStatus.PUBLISHED)
            .select_related("moderation_rule", "debate", "review_request")
            .order_by("position")
        )

    def recommendation_counts(self, pks, reader=None):
        """{pk: (count, recommended by `reader`)} for the comments `pks`, in one
        query: what a page's recommend buttons show, filled in per request so that
        recommending re-renders nothing.

        Asked on every view of a debate page, signed out too, so it skips the ORM's
        query building, which costs several times the query itself.
        """
        from .recommendation import Recommendation

        pks = [int(pk) for pk in pks]
        if not pks:
            return {}
        connection = connections[self.db]
        quote = connection.ops.quote_name
        comments = quote(self.model._meta.db_table)
        placeholders = ", ".join(["%s"] * len(pks))
        signed_in = reader is not None and reader.is_authenticated
        # Identifiers come from the models and are quoted; values are parameters.
        mine = (
            f"EXISTS (SELECT 1 FROM {quote(Recommendation._meta.db_table)} r "  # nosec B608
            f"WHERE r.{quote('comment_id')} = c.{quote('id')} "
            f"AND r.{quote('reader_id')} = %s)"
            if signed_in
            else "0"
        )
        sql = (
            f"SELECT c.{quote('id')}, c.{quote('recommendation_count')}, {mine} "  # nosec B608
            f"FROM {comments} c WHERE c.{quote('id')} IN ({placeholders})"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [reader.pk, *pks] if signed_in else pks)
            return {pk: (count, bool(own)) for pk, count, own in cursor.fetchall()}

    def last_position(self, debate):
        return self.filter(debate=debate).aggregate(last=Max("position"))["last"] or 0

    def with_open_reports(self):
        return self.annotate(
            open_report_count=Count("reports", filter=Q(reports__resolved_at=None))
        )

    def needing_moderation(self):
        """The moderation queue: comments awaiting review, held after reports,
        published but reported or flagged (or masked) by a rule, or whose authors
        ask for a decision to be looked at again; oldest first."""
        has_open_report = Exists(
            Report.objects.filter(comment=OuterRef("pk"), resolved_at=None)
        )
        asks_for_review = Exists(
            ReviewRequest.objects.awaiting().filter(comment=OuterRef("pk"))
        )
        flagged = Exists(
            AutomaticFlag.objects.unresolved().filter(comment=OuterRef("pk"))
        )
        return (
            self.filter(
                Q(status__in=[CommentStatus.PENDING, CommentStatus.HELD])
                | Q(status=CommentStatus.PUBLISHED) & (has_open_report | flagged)
                | asks_for_review
            )
            .with_open_reports()
            .select_related("author", "debate", "review_request")
            .prefetch_related(
                Prefetch(
                    "automatic_flags",
                    queryset=AutomaticFlag.objects.unresolved(),
                    to_attr="open_flags",
                )
            )
            .order_by("posted_at", "pk")
        )


class Comment(RemembersItsDebate, models.Model):
    """A reader's comment on a debate, archived from 2004 or posted here since."""

    Status = CommentStatus

    debate = models.ForeignKey(
        Debate,
        verbose_name=_("debate"),
        on_delete=models.CASCADE,
        related_name="comments",
    )
    author = models.ForeignKey(
        Author,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="comments",
    )
    body = models.TextField(
        verbose_name=_("body"),
    )
    language = models.CharField(
        verbose_name=_("language"),
        max_length=8,
        choices=CONTENT_LANGUAGES,
        default=ORIGINAL_LANGUAGE,
        help_text="The language the comment is written in, for screen readers' "
        "voices and search engines.",
    )
    unmasked_body = models.TextField(
        verbose_name=_("unmasked body"),
        blank=True,
        editable=False,
        help_text=_(
            "The text as written, when a rule masked words in what readers "
            "see; empty otherwise. Its author and moderators read this one."
        ),
    )
    search_words = models.TextField(
        verbose_name=_("search words"),
        blank=True,
        editable=False,
        help_text=_(
            "The words search finds the text by (debates.search.korean): Korean "
            "cut into the morphemes that carry meaning; kept with the text."
        ),
    )
    likeness = models.BigIntegerField(
        verbose_name=_("likeness"),
        null=True,
        blank=True,
        editable=False,
        help_text=_(
            "A fingerprint of its words (debates.automoderation.likeness), "
            "by which the forum finds the same text posted again; empty for short ones."
        ),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
        help_text=_(
            "The comment this reply sits under in the thread; replies are one "
            "level deep."
        ),
    )
    in_reply_to = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answered_by",
        help_text=_("The comment this reply answers: its parent, or a reply under it."),
    )
    quote = models.TextField(
        verbose_name=_("quote"),
        blank=True,
        help_text=_("A passage of the comment answered, quoted in the reply."),
    )
    position = models.PositiveIntegerField(
        verbose_name=_("position"),
        help_text=_(
            "Order within the debate; the archive's printed order comes first."
        ),
    )
    posted_at = models.DateTimeField(verbose_name=_("posted at"), default=timezone.now)
    edited_at = models.DateTimeField(
        verbose_name=_("edited at"),
        null=True,
        blank=True,
        help_text=_("When its author last changed its text; empty if never."),
    )
    is_archived = models.BooleanField(
        _("archived"),
        default=False,
        help_text=_("Published on the original page, not posted here."),
    )
    highlight = models.CharField(
        verbose_name=_("highlight"),
        max_length=500,
        blank=True,
        help_text=_("The editors' pull-quote shown above this comment."),
    )
    # Not indexed alone: the index below, which starts with it, serves its lookups.
    stance = models.ForeignKey(
        "debates.Stance",
        verbose_name=_("stance"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="comments",
        db_index=False,
        help_text=_(
            "The answer to the debate's question the comment gives; empty for none."
        ),
    )
    status = models.CharField(
        verbose_name=_("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PUBLISHED,
    )
    # The latest moderation decision, shown to the comment's author (and, as the
    # rule's number, on a removed comment's placeholder); the audit trail keeps all.
    moderated_at = models.DateTimeField(
        verbose_name=_("moderated at"), null=True, blank=True
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    moderation_rule = models.ForeignKey(
        "debates.HouseRule",
        verbose_name=_("moderation rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    moderation_note = models.CharField(
        verbose_name=_("moderation note"), max_length=500, blank=True
    )
    signed_name = models.CharField(
        verbose_name=_("signed name"),
        max_length=100,
        blank=True,
        editable=False,
        help_text=_(
            "The name it was signed with, if its author has signed "
            "differently since and did not re-sign it; empty: the author's own."
        ),
    )
    signed_place = models.CharField(
        verbose_name=_("signed place"), max_length=100, blank=True, editable=False
    )
    removed_at_request = models.BooleanField(
        verbose_name=_("removed at request"),
        default=False,
        editable=False,
        help_text=_(
            "Removed, and its words erased, at its author's request (or their "
            "family's); a re-import never brings it back."
        ),
    )
    recommendation_count = models.PositiveIntegerField(
        verbose_name=_("recommendation count"),
        default=0,
        editable=False,
        help_text=_("Readers who recommend it; kept with each Recommendation."),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["debate", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["debate", "position"], name="unique_comment_position"
            ),
            # A reply sits under a comment and answers one; a comment does neither.
            models.CheckConstraint(
                condition=Q(parent=None, in_reply_to=None)
                | Q(parent__isnull=False, in_reply_to__isnull=False),
                name="reply_answers_a_comment",
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
            # Recent comments long enough to be compared for repeated text.
            models.Index(
                fields=["-posted_at"],
                condition=Q(likeness__isnull=False),
                name="comment_recent_likeness",
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
        return gettext("%(author)s on %(debate)s: %(excerpt)s") % {
            "author": self.author,
            "debate": self.debate,
            "excerpt": self.body[:60],
        }

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.index_for_search()
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "search_words"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse(
            "debates:comment", kwargs={"slug": self.debate.slug, "pk": self.pk}
        )

    def index_for_search(self):
        """Set `search_words` from the text readers see. Saving does this, and so
        does loading a fixture (`index_on_load`), which saves rows raw."""
        self.search_words = korean.search_words(self.body)

    def natural_key(self):
        return (*self.debate.natural_key(), self.position)

    natural_key.dependencies = ["debates.debate", "debates.author"]

    @property
    def signer_name(self):
        """The name this comment is signed with: as posted, if its author has
        signed differently since without re-signing it, else the author's."""
        return self.signed_name or self.author.name

    @property
    def signer_place(self):
        return self.signed_place if self.signed_name else self.author.place

    @property
    def signature(self):
        """ "Name, Place", as this comment is signed (see signer_name)."""
        return signed(self.signer_name, self.signer_place)

    @property
    def anchor(self):
        return f"comment-{self.pk}"

    @property
    def as_written(self):
        """The text as its author wrote it: what readers see, unless a rule masked
        words in that."""
        return self.unmasked_body or self.body

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

    @property
    def shown_quote(self):
        """The passage this reply quotes, while the comment it comes from is public:
        words a moderator removed or their author deleted are not kept alive in
        quotes. The one place pages, feeds and structured data ask."""
        if not self.quote or self.in_reply_to_id is None:
            return ""
        return self.quote if self.in_reply_to.is_visible else ""

    def ensure_accepts_reply(self, *, debate, quote=""):
        """The one place that decides whether this comment can be replied to."""
        if self.debate_id != debate.pk or not self.is_visible:
            raise PostingRefused(gettext("That comment cannot be replied to."))
        if not self.contains_passage(quote):
            raise PostingRefused(QUOTE_NOT_FOUND)

    @property
    def allowed_decisions(self):
        """The moderators' decisions this comment's status allows (ModerationVerb
        values), from DECISIONS_BY_STATUS."""
        if self.removed_at_request:
            return ()  # its words are gone; nothing can bring them back
        return DECISIONS_BY_STATUS[self.status]

    def contains_passage(self, passage):
        """The one place that decides whether `passage` comes from this comment, as
        a reply's quote or an editor's pull-quote must: its words, in order, however
        the lines were broken. An empty passage quotes nothing and passes."""
        return passage_of(passage) in passage_of(self.body)

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

    def edit_refusal(self, author, now=None):
        """The one place that decides whether `author` may still edit or delete
        this comment: their own, published or awaiting review, recent, and in a
        debate still open. None if they may, else the reason, written for them.
        `self.debate` must be freshly read."""
        now = now or timezone.now()
        if self.author_id != author.pk or self.is_archived:
            return gettext("Only its author can change a comment.")
        if self.status not in (self.Status.PUBLISHED, self.Status.PENDING):
            return gettext("This comment can no longer be changed.")
        if not self.debate.is_open:
            return gettext(
                "This debate is closed, so its comments are final; "
                "ask a moderator if one must change."
            )
        if self.posted_at < edit_window_start(now):
            minutes = settings.FORUM_EDIT_MINUTES
            return ngettext(
                "Comments can be edited or deleted for %(minutes)s minute after "
                "posting; after that, ask a moderator.",
                "Comments can be edited or deleted for %(minutes)s minutes after "
                "posting; after that, ask a moderator.",
                minutes,
            ) % {"minutes": minutes}
        return None

    def review_refusal(self, author):
        """The one place that decides whether `author` may ask for another
        moderator to look at the decision against this comment: their own, rejected
        or removed, and not asked about before. None if they may, else why.
        Reads `self.review_request`; select it with the comment."""
        if self.author_id != author.pk or self.is_archived:
            return gettext("Only its author can ask for a review of a comment.")
        if self.status not in REVIEWABLE_STATUSES:
            return gettext("Only a rejected or removed comment can be reviewed again.")
        if hasattr(self, "review_request"):
            return gettext("You have already asked for a review of this decision.")
        return None

    def is_reviewable_by(self, author):
        return self.review_refusal(author) is None

    @property
    def awaiting_review(self):
        """The author's request for a review still waiting for an answer, or None.
        Reads `self.review_request`; select it with the comment."""
        review = getattr(self, "review_request", None)
        return review if review is not None and not review.is_decided else None

    def review_answer_refusal(self, moderator):
        """The one place that decides whether `moderator` may answer the review its
        author asked for: one is waiting, and they did not make the decision under
        review. None if they may, else why."""
        if self.awaiting_review is None:
            return gettext("No review of this comment is waiting for an answer.")
        if self.moderated_by_id is not None and self.moderated_by_id == moderator.pk:
            return gettext(
                "You made the decision under review; another moderator must look again."
            )
        return None

    def is_editable_by(self, author, now=None):
        """Whether `author` may edit or delete this comment now: what shows them the
        Edit and Delete buttons, and what the edit and delete pages ask."""
        return self.edit_refusal(author, now) is None

    def ensure_editable_by(self, author, now=None):
        refusal = self.edit_refusal(author, now)
        if refusal:
            raise PostingRefused(refusal)

    def ensure_recommendable_by(self, reader):
        """Raise PostingRefused unless `reader` may recommend this comment, or take
        a recommendation back (see `recommendation_refusal`). `self.debate` must be
        freshly read."""
        refusal = recommendation_refusal(
            is_visible=self.is_visible,
            is_own=self.author.user_id is not None and self.author.user_id == reader.pk,
            debate_is_open=self.debate.is_open,
        )
        if refusal:
            raise PostingRefused(refusal)

    @property
    def is_held(self):
        return self.status == self.Status.HELD

    @property
    def is_awaiting_review(self):
        return self.status == self.Status.PENDING


def index_on_load(sender, instance, raw=False, **kwargs):
    """A `pre_save` receiver for comments and debate translations: `loaddata`
    saves rows raw, past their `save()`, so a fixture's rows are indexed here,
    whatever search words it carries. Connected after `keep_erasures_on_load`, so
    an erased text stays unindexed."""
    if raw:
        instance.index_for_search()


class CommentRevision(models.Model):
    """A comment's text as it was before its author edited it; for moderators."""

    comment = models.ForeignKey(
        Comment,
        verbose_name=_("comment"),
        on_delete=models.CASCADE,
        related_name="revisions",
    )
    body = models.TextField(
        verbose_name=_("body"),
    )
    replaced_at = models.DateTimeField(
        verbose_name=_("replaced at"), default=timezone.now
    )

    class Meta:
        verbose_name = _("comment revision")
        verbose_name_plural = _("comment revisions")
        ordering = ["-replaced_at", "-id"]

    def __str__(self):
        return gettext("Earlier text of comment %(number)s") % {
            "number": self.comment_id
        }
