"""The forum's domain: debates, their comments and authors, and background reading."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as format_date

from .choices import CommentStatus, DatePrecision
from .querysets import ArticleQuerySet, AuthorQuerySet, CommentQuerySet, DebateQuerySet


def format_partial_date(value, precision):
    """Show a date only as precisely as it is known ("June 2004", not "1 June 2004")."""
    if value is None:
        return ""
    pattern = {
        DatePrecision.DAY: "j F Y",
        DatePrecision.MONTH: "F Y",
        DatePrecision.YEAR: "Y",
    }[precision]
    return format_date(value, pattern)


class CommentingClosed(Exception):
    """Raised when a comment is offered to a debate that does not take comments."""


class Author(models.Model):
    """A signature as printed under a comment: "Matt, San Francisco, USA".

    Archived authors have no account; a reader who signs up gets an Author of their own.
    Two authors with the same name and a different place are different people.
    """

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

    def __str__(self):
        return self.signature

    def natural_key(self):
        return (self.name, self.place)

    @property
    def signature(self):
        return f"{self.name}, {self.place}" if self.place else self.name

    @property
    def is_archived(self):
        return self.user_id is None


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
        return self.state == self.State.OPEN

    @property
    def is_archived(self):
        return self.archived_on is not None

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

    def introduction_paragraphs(self):
        return [p.strip() for p in self.introduction.split("\n\n") if p.strip()]

    def ensure_accepts_comments(self):
        """The one place that decides whether this debate takes new comments."""
        if not self.is_open:
            raise CommentingClosed(
                "This debate is closed, so it no longer accepts comments."
            )

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
    position = models.PositiveIntegerField(
        help_text="Order within the debate; the archive's printed order comes first."
    )
    posted_at = models.DateTimeField(default=timezone.now)
    is_archived = models.BooleanField(
        default=False, help_text="Published on the original page, not posted here."
    )
    highlight = models.CharField(
        max_length=500,
        blank=True,
        help_text="The editors' pull-quote shown above this comment.",
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PUBLISHED
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
        ]
        permissions = [("hide_comment", "Can hide and restore comments")]

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
