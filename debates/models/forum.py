"""Debates, their comments and authors, and background reading."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from ..choices import CommentStatus, DatePrecision, ModerationMode, ModerationVerb
from ..dates import format_partial_date
from ..querysets import ArticleQuerySet, AuthorQuerySet, CommentQuerySet, DebateQuerySet
from .timeline import TimelineEvent


def cache_token(version, closes_at):
    """What the cached pieces of a debate are filed under (see debates.caching).

    The version rises with every change a reader would see. A scheduled close changes
    the page without a write, so passing that time files the page anew.
    """
    if closes_at is not None and closes_at <= timezone.now():
        return f"{version}-closed"
    return str(version)


STATE_CHANGE_EVENTS = {
    ModerationVerb.CLOSE: "Closed by a moderator",
    ModerationVerb.OPEN: "Reopened by a moderator",
}


class PostingRefused(Exception):
    """Raised when a comment cannot be taken: the debate is closed, or the poster is
    suspended. The message is written for the poster."""


class Author(models.Model):
    """A signature as printed under a comment: "Matt, San Francisco, USA".

    Archived authors have no account; a reader who signs up gets an Author of their own.
    Two authors with the same name and a different place are different people.
    """

    class Notification(models.TextChoices):
        """The kinds of email an author with an account may ask for."""

        REPLY = "reply", "when someone replies to your comments"
        DECISION = "decision", "when a moderator decides on your comments"

    name = models.CharField(max_length=100)
    place = models.CharField(max_length=100, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author",
    )
    created_at = models.DateTimeField(default=timezone.now)
    notify_on_reply = models.BooleanField(
        "email me when someone replies to my comments", default=False
    )
    notify_on_decision = models.BooleanField(
        "email me when a moderator approves, rejects, removes or restores my comments",
        default=False,
    )
    # Kept apart from the account's address so that changing the address leaves
    # the new one unconfirmed, with nothing to reset.
    confirmed_email = models.EmailField(
        blank=True,
        editable=False,
        help_text="The address this reader proved they read, by following the "
        "link emailed to it. Notifications go to no other.",
    )

    objects = AuthorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "place"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "place"],
                condition=Q(user__isnull=True),
                name="unique_archived_author_signature",
            ),
        ]
        permissions = [("suspend_author", "Can suspend posters and lift suspensions")]

    def __str__(self):
        return self.signature

    def get_absolute_url(self):
        return reverse("debates:author", kwargs={"pk": self.pk})

    def natural_key(self):
        return (self.name, self.place)

    @property
    def signature(self):
        return f"{self.name}, {self.place}" if self.place else self.name

    @property
    def is_archived(self):
        return self.user_id is None

    @property
    def wants_emails(self):
        return self.notify_on_reply or self.notify_on_decision

    @property
    def email_confirmed(self):
        """Whether the account's address is the one this reader confirmed."""
        return (
            self.user is not None
            and self.confirmed_email != ""
            and self.user.email == self.confirmed_email
        )

    @property
    def awaits_confirmation(self):
        """Whether emails were chosen for an address not yet confirmed."""
        has_address = self.user is not None and self.user.email != ""
        return self.wants_emails and has_address and not self.email_confirmed

    def notification_address(self, kind):
        """The address to email about `kind` (an Author.Notification), or None if
        this author has not asked for it or has no confirmed address to send to:
        the forum never emails an address nobody has shown to be theirs."""
        if not getattr(self, f"notify_on_{kind}") or not self.email_confirmed:
            return None
        return self.user.email

    def stop_notifications(self, kinds):
        """Turn off the given kinds of email (Author.Notification values)."""
        fields = [f"notify_on_{kind}" for kind in kinds]
        for field in fields:
            setattr(self, field, False)
        self.save(update_fields=fields)

    def ensure_may_post(self, now=None):
        """The one place that decides whether this author may post now."""
        suspension = self.suspensions.in_force(now).order_by("-ends_at").first()
        if suspension is not None:
            raise PostingRefused(suspension.refusal_message())


class Article(models.Model):
    """A news article offered as background reading, cleaned of its site's chrome."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100, unique=True)
    publisher = models.CharField(
        max_length=200, blank=True, help_text="Leave empty when it is not known."
    )
    byline = models.CharField(max_length=200, blank=True)
    source_credit = models.CharField(
        max_length=200, blank=True, help_text='Wire credit as printed, e.g. "Agencies".'
    )
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    dateline = models.CharField(
        max_length=100,
        blank=True,
        help_text="The date and time exactly as the source prints them.",
    )
    url = models.URLField(
        "original address", max_length=500, blank=True, help_text="Only if confirmed."
    )
    standfirst = models.TextField(blank=True)
    photo_caption = models.TextField(blank=True)
    photo_credit = models.CharField(max_length=100, blank=True)
    body = models.TextField(
        help_text='Paragraphs separated by a blank line; a line starting "## " is a '
        "subheading."
    )
    tags = models.JSONField(default=list, blank=True)
    provenance = models.TextField(
        blank=True, help_text="What is known about the source and what is not."
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["published_on", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("debates:article", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def published_display(self):
        return format_partial_date(self.published_on, self.published_on_precision)

    @property
    def publisher_display(self):
        return self.publisher or "Publisher unknown"

    def blocks(self):
        """The body as (kind, text) pairs: "heading" or "paragraph"."""
        for block in self.body.split("\n\n"):
            block = block.strip()
            if not block:
                continue
            if block.startswith("## "):
                yield "heading", block.removeprefix("## ")
            else:
                yield "paragraph", block


class Debate(models.Model):
    """A question put to readers, archived from its original site and revived here."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    introduction = models.TextField(help_text="Paragraphs separated by a blank line.")
    question = models.TextField(help_text="The question put to readers.")

    state = models.CharField(max_length=6, choices=State.choices, default=State.OPEN)
    closes_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="If set, the debate stops taking comments at this time.",
    )
    moderation_mode = models.CharField(
        max_length=8, choices=ModerationMode.choices, default=ModerationMode.REACTIVE
    )
    state_changed_at = models.DateTimeField(null=True, blank=True)
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state_reason = models.CharField(max_length=500, blank=True)

    source_name = models.CharField(
        max_length=200, blank=True, help_text='Where it first ran, e.g. "BBC News".'
    )
    source_url = models.URLField(
        "original address", max_length=500, blank=True, help_text="Only if confirmed."
    )
    archived_on = models.DateField(
        null=True, blank=True, help_text="When the original debate ran."
    )
    archived_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    archive_notice = models.TextField(
        blank=True, help_text="The original page's own notice, quoted as printed."
    )
    provenance = models.TextField(
        blank=True, help_text="What is known about the source and what is not."
    )
    background_reading = models.ManyToManyField(
        Article, blank=True, related_name="debates"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by every change readers would see; names cached pages.",
    )

    objects = DebateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        permissions = [("open_close_debate", "Can open and close debates")]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("debates:detail", kwargs={"slug": self.slug})

    def natural_key(self):
        return (self.slug,)

    @property
    def is_open(self):
        """Taking comments: open, and any scheduled closing time not yet reached.

        Computed on every read, so a scheduled close needs no background job.
        """
        return self.state == self.State.OPEN and not self.has_reached_scheduled_close

    @property
    def has_reached_scheduled_close(self):
        return self.closes_at is not None and self.closes_at <= timezone.now()

    @property
    def is_premoderated(self):
        return self.moderation_mode == ModerationMode.PRE

    @property
    def is_archived(self):
        return self.archived_on is not None

    @property
    def cache_token(self):
        return cache_token(self.version, self.closes_at)

    @property
    def archived_on_display(self):
        return format_partial_date(self.archived_on, self.archived_on_precision)

    @property
    def archived_at(self):
        """When archived comments are dated: the start of the known period."""
        if self.archived_on is None:
            return None
        return datetime.datetime.combine(
            self.archived_on, datetime.time.min, tzinfo=datetime.UTC
        )

    @cached_property
    def state_changes(self):
        """The closings and reopenings recorded since the revival, oldest first.
        DebateQuerySet.with_timeline() prefetches them."""
        return list(self.moderation_actions.state_changes())

    def introduction_paragraphs(self):
        return [p.strip() for p in self.introduction.split("\n\n") if p.strip()]

    def timeline(self):
        """The debate's "Then and now": its background reading and its own events in
        date order: the archived debate opening and closing, each article coming
        out, the revival, and every closing and reopening since.

        Reads the background reading and the state changes, which
        DebateQuerySet.with_timeline() fetches in two queries for any number of
        debates. Articles with no known date cannot be placed and are left out.
        """
        events = [
            TimelineEvent(
                on=article.published_on,
                precision=article.published_on_precision,
                text=article.title,
                article=article,
                note=article.publisher_display,
            )
            for article in self.background_reading.all()
            if article.published_on is not None
        ]
        if self.is_archived:
            where = f" on {self.source_name}" if self.source_name else ""
            events += [
                TimelineEvent(
                    on=self.archived_on,
                    precision=self.archived_on_precision,
                    text=text,
                    rank=rank,
                )
                for rank, text in [
                    (1, f"The debate opened{where}"),
                    (2, "The debate closed; its comments were archived"),
                ]
            ]
        since = [
            (
                self.created_at,
                "Revived on this forum, open for comments again"
                if self.is_archived
                else "Opened on this forum",
                "",
            )
        ]
        since += [
            (action.created_at, STATE_CHANGE_EVENTS[action.verb], action.note)
            for action in self.state_changes
        ]
        if self.state == self.State.OPEN and self.has_reached_scheduled_close:
            since.append((self.closes_at, "Closed, as scheduled", ""))
        events += [
            TimelineEvent(
                on=timezone.localdate(at),
                precision=DatePrecision.DAY,
                text=text,
                note=note,
                rank=rank,
            )
            for rank, (at, text, note) in enumerate(since, start=3)
        ]
        return sorted(events, key=lambda event: (event.on, event.rank))

    def ensure_accepts_comments(self):
        """The one place that decides whether this debate takes new comments."""
        if not self.is_open:
            raise PostingRefused(
                "This debate is closed, so it no longer accepts comments."
            )

    def ensure_offers_stance(self, stance):
        """The one place that decides which stances a comment here may take: the
        debate's own, or none. Forms offer only those, so any other is a mistake."""
        if stance is not None and stance.debate_id != self.pk:
            raise ValueError(f"“{stance}” is not a stance of the debate “{self}”.")

    def set_state(self, state, *, by, reason=""):
        self.state = state
        self.state_changed_at = timezone.now()
        self.state_changed_by = by
        self.state_reason = reason
        self.version = F("version") + 1
        self.save(
            update_fields=[
                "state",
                "state_changed_at",
                "state_changed_by",
                "state_reason",
                "version",
            ]
        )
        self.refresh_from_db(fields=["version"])


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
