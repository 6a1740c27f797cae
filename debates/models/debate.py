"""Debates: the question put to readers, its state, and its timeline."""

import datetime

from django.conf import settings
from django.db import connections, models
from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ..search import matching as text_search
from .article import Article
from .choices import (
    CommentStatus,
    DatePrecision,
    ModerationMode,
    ModerationVerb,
)
from .dates import format_partial_date, machine_partial_date
from .freshness import FreshQuerySet, new_version
from .moderation_action import ModerationAction
from .refusals import PostingRefused
from .timeline import TimelineEvent
from .translation import Translatable


def cache_token(version, closes_at):
    """What the cached pieces of a debate are filed under (see reading.page_cache).

    The version turns with every change a reader would see. A scheduled close changes
    the page without a write, so passing that time files the page anew.
    """
    if closes_at is not None and closes_at <= timezone.now():
        return f"{version}-closed"
    return str(version)


STATE_CHANGE_EVENTS = {
    ModerationVerb.CLOSE: _("Closed by a moderator"),
    ModerationVerb.CLOSE_ON_SCHEDULE: _("Closed, as scheduled"),
    ModerationVerb.OPEN: _("Reopened by a moderator"),
}


def timeline_prefetches():
    """The lookups that fetch what Debate.timeline() reads: for a queryset, or with
    prefetch_related_objects for a debate already fetched."""
    return [
        "background_reading",
        Prefetch(
            "moderation_actions",
            queryset=ModerationAction.objects.state_changes(),
            to_attr="state_changes",
        ),
    ]


class DebateQuerySet(FreshQuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)

    def page_state(self, slug):
        """(id, version, closes_at) of the debate with this slug, or None.

        Every debate page view starts here, so it skips the ORM's query building,
        which measured at three times the cost of the query itself (0.28 ms of CPU
        against 0.08 ms on PostgreSQL).
        """
        connection = connections[self.db]
        quote = connection.ops.quote_name
        columns = ", ".join(quote(name) for name in ["id", "version", "closes_at"])
        with connection.cursor() as cursor:
            # Identifiers come from the model and are quoted; the slug is a parameter.
            cursor.execute(
                f"SELECT {columns} FROM {quote(self.model._meta.db_table)} "  # nosec B608
                f"WHERE {quote('slug')} = %s",
                [slug],
            )
            row = cursor.fetchone()
        if row is None:
            return None
        closes_at = self.model._meta.get_field("closes_at").to_python(row[2])
        if closes_at is not None and timezone.is_naive(closes_at):
            closes_at = timezone.make_aware(closes_at, datetime.UTC)
        return row[0], row[1], closes_at

    def with_thread_summary(self):
        """Annotate each debate with its last position and its published comments,
        from the archive and posted since: what paging and the balance of opinion
        need, in the query that fetches the debate."""
        published = Q(comments__status=CommentStatus.PUBLISHED)
        return self.annotate(
            last_position=Max("comments__position"),
            archived_comment_count=Count(
                "comments", filter=published & Q(comments__is_archived=True)
            ),
            revived_comment_count=Count(
                "comments", filter=published & Q(comments__is_archived=False)
            ),
        )

    def closed_on_schedule_unrecorded(self, now=None):
        """Debates open by their state whose closing time has passed, with no
        "closed on schedule" in the audit trail since that time."""
        from .moderation_action import ModerationAction

        now = now or timezone.now()
        recorded = ModerationAction.objects.filter(
            debate=OuterRef("pk"),
            verb=ModerationVerb.CLOSE_ON_SCHEDULE,
            created_at__gte=OuterRef("closes_at"),
        )
        return self.filter(state=Debate.State.OPEN, closes_at__lte=now).exclude(
            Exists(recorded)
        )

    def with_timeline(self):
        """Prefetch what Debate.timeline() reads."""
        return self.prefetch_related(*timeline_prefetches())

    def with_activity(self):
        """Annotate each debate with its published comment count and latest comment."""
        published = Q(comments__status=CommentStatus.PUBLISHED)
        return self.annotate(
            visible_comment_count=Count("comments", filter=published),
            last_commented_at=Max("comments__posted_at", filter=published),
        )

    def search(self, query):
        """Debates matching a reader's search (a `search.matching.Query`), best
        first."""
        return text_search.debates(self, query)


class Debate(Translatable, models.Model):
    """A question put to readers, archived from its original site and revived here."""

    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("debate state", "Open")
        CLOSED = "closed", pgettext_lazy("debate state", "Closed")

    title = models.CharField(verbose_name=_("title"), max_length=200)
    slug = models.SlugField(verbose_name=_("slug"), max_length=100, unique=True)
    introduction = models.TextField(
        verbose_name=_("introduction"),
        help_text=_("Paragraphs separated by a blank line."),
    )
    question = models.TextField(
        verbose_name=_("question"), help_text=_("The question put to readers.")
    )

    state = models.CharField(
        verbose_name=_("state"), max_length=6, choices=State.choices, default=State.OPEN
    )
    closes_at = models.DateTimeField(
        verbose_name=_("closes at"),
        null=True,
        blank=True,
        help_text=_("If set, the debate stops taking comments at this time."),
    )
    moderation_mode = models.CharField(
        verbose_name=_("moderation mode"),
        max_length=8,
        choices=ModerationMode.choices,
        default=ModerationMode.REACTIVE,
    )
    state_changed_at = models.DateTimeField(
        verbose_name=_("state changed at"), null=True, blank=True
    )
    state_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("state changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state_reason = models.CharField(
        verbose_name=_("state reason"), max_length=500, blank=True
    )

    source_name = models.CharField(
        verbose_name=_("source name"),
        max_length=200,
        blank=True,
        help_text=_('Where it first ran, e.g. "BBC News".'),
    )
    source_url = models.URLField(
        _("original address"),
        max_length=500,
        blank=True,
        help_text=_("Only if confirmed."),
    )
    archived_on = models.DateField(
        verbose_name=_("archived on"),
        null=True,
        blank=True,
        help_text=_("When the original debate ran."),
    )
    archived_on_precision = models.CharField(
        verbose_name=_("archived on precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    archive_notice = models.TextField(
        verbose_name=_("archive notice"),
        blank=True,
        help_text=_("The original page's own notice, quoted as printed."),
    )
    provenance = models.TextField(
        verbose_name=_("provenance"),
        blank=True,
        help_text=_("What is known about the source and what is not."),
    )
    background_reading = models.ManyToManyField(
        Article,
        verbose_name=_("background reading"),
        blank=True,
        related_name="debates",
    )
    created_at = models.DateTimeField(
        verbose_name=_("created at"), default=timezone.now
    )
    version = models.BigIntegerField(
        verbose_name=_("version"),
        default=new_version,
        editable=False,
        help_text=_(
            "Turned by every change readers would see (see models.freshness); "
            "names cached pages."
        ),
    )

    objects = DebateQuerySet.as_manager()

    class Meta:
        verbose_name = _("debate")
        verbose_name_plural = _("debates")
        ordering = ["-created_at"]
        permissions = [("open_close_debate", _("Can open and close debates"))]

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
    def is_closed_on_schedule(self):
        """Open by its state but closed by its clock: the scheduled time passed."""
        return self.state == self.State.OPEN and self.has_reached_scheduled_close

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
    def archived_on_machine(self):
        """The same date for a <time datetime> or structured data: "2004-06"."""
        return machine_partial_date(self.archived_on, self.archived_on_precision)

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
        """The introduction in the reader's language (or the original), by
        paragraph."""
        introduction = self.shown("introduction").text
        return [p.strip() for p in introduction.split("\n\n") if p.strip()]

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
            opened = (
                gettext("The debate opened on %(source)s")
                % {"source": self.source_name}
                if self.source_name
                else gettext("The debate opened")
            )
            events += [
                TimelineEvent(
                    on=self.archived_on,
                    precision=self.archived_on_precision,
                    text=text,
                    rank=rank,
                )
                for rank, text in [
                    (1, opened),
                    (2, gettext("The debate closed; its comments were archived")),
                ]
            ]
        since = [
            (
                self.created_at,
                gettext("Revived on this forum, open for comments again")
                if self.is_archived
                else gettext("Opened on this forum"),
                "",
            )
        ]
        since += [
            (action.created_at, STATE_CHANGE_EVENTS[action.verb], action.note)
            for action in self.state_changes
        ]
        recorded = any(
            action.verb == ModerationVerb.CLOSE_ON_SCHEDULE
            and action.created_at >= self.closes_at
            for action in self.state_changes
        )
        if self.is_closed_on_schedule and not recorded:
            # Closed by the clock, before the task that records it has run.
            since.append((self.closes_at, gettext("Closed, as scheduled"), ""))
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
                gettext("This debate is closed, so it no longer accepts comments.")
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
        self.save(
            update_fields=[
                "state",
                "state_changed_at",
                "state_changed_by",
                "state_reason",
            ]
        )
