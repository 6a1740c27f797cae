"""The stances a debate's comments can take, and how its comments divide among them."""

from dataclasses import dataclass

from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import (
    NO_STANCE,
    NO_STANCE_LABEL,
    CommentStatus,
)
from .freshness import FreshQuerySet, RemembersItsDebate
from .translation import Translatable, translations_to_fetch


class StanceQuerySet(FreshQuerySet):
    def get_by_natural_key(self, debate_slug, key):
        return self.get(debate__slug=debate_slug, key=key)

    def with_counts(self):
        """Annotate each stance with its published comments: from the archive, and
        posted since the revival."""
        published = Q(comments__status=CommentStatus.PUBLISHED)
        return self.annotate(
            archived_count=Count(
                "comments", filter=published & Q(comments__is_archived=True)
            ),
            revived_count=Count(
                "comments", filter=published & Q(comments__is_archived=False)
            ),
        )


class Stance(Translatable, RemembersItsDebate, models.Model):
    """One answer to a debate's question that a comment can give: "Against the
    withdrawal". A comment with no stance gives none of them."""

    debate = models.ForeignKey(
        "debates.Debate",
        verbose_name=_("debate"),
        on_delete=models.CASCADE,
        related_name="stances",
    )
    key = models.SlugField(
        verbose_name=_("key"),
        max_length=40,
        help_text=format_lazy(
            _(
                'Names the stance in addresses ("?stance=KEY"); “{no_stance}” is '
                "taken by comments with no stance."
            ),
            no_stance=NO_STANCE,
        ),
    )
    label = models.CharField(
        verbose_name=_("label"),
        max_length=100,
        help_text=_("As readers see it, e.g. “Against the withdrawal”."),
    )
    order = models.PositiveSmallIntegerField(
        verbose_name=_("order"),
        default=0,
        help_text=_("Where it comes among the debate's stances, lowest first."),
    )

    objects = StanceQuerySet.as_manager()

    class Meta:
        verbose_name = _("stance")
        verbose_name_plural = _("stances")
        ordering = ["order", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["debate", "key"], name="unique_stance_key_per_debate"
            ),
            models.CheckConstraint(
                condition=~Q(key=NO_STANCE), name="stance_key_is_not_the_no_stance_key"
            ),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        """The debate's thread showing only the comments that take this stance."""
        url = reverse("debates:detail", kwargs={"slug": self.debate.slug})
        return f"{url}?stance={self.key}"

    def natural_key(self):
        return (*self.debate.natural_key(), self.key)

    natural_key.dependencies = ["debates.debate"]


# Stances take the colours of site.css's .stance-colour-1 to -6 in their order.
PALETTE_SIZE = 6


def whole_percentages(counts):
    """Each count's share of their sum in whole percent, adding up to exactly 100, or
    Nones when there is nothing to share.

    Largest remainder: each share is rounded down, and the points left over go to
    the shares that lost most to rounding (between equal losses, the larger count,
    then the stance listed first), so a reader adding the column never finds 99 or
    101. Equal counts may then read one point apart; the bar's widths are exact.
    """
    total = sum(counts)
    if not total:
        return [None] * len(counts)
    floors = [100 * count // total for count in counts]
    left_over = 100 - sum(floors)
    by_loss = sorted(
        range(len(counts)),
        key=lambda i: (-(100 * counts[i] % total), -counts[i], i),
    )
    for i in by_loss[:left_over]:
        floors[i] += 1
    return floors


# The bar's segments are as wide as a class of site.css says, in half percents:
# the site's Content-Security-Policy allows no inline style, so no width can be
# written into the page. `.share-width-N` is N half percents wide.
WIDTH_STEPS = 200


def width_class(count, total):
    """The class that draws `count` of `total` in the bar, to the nearest half
    percent (within 2 px of exact on the widest bar)."""
    steps = (2 * WIDTH_STEPS * count + total) // (2 * total) if total else 0
    return f"share-width-{steps}"


@dataclass(frozen=True)
class Share:
    """The comments of one period that take one stance (or none). `percent` is
    rounded for reading; `width_class`, for the bar, to the nearest half percent."""

    key: str
    label: str
    colour: str
    count: int
    percent: int | None
    width_class: str


@dataclass(frozen=True)
class Period:
    """The published comments of one time: the archive, or since the revival."""

    key: str
    title: str
    total: int
    shares: tuple[Share, ...]


@dataclass(frozen=True)
class BalanceRow:
    """One stance (or none) across the periods, as a line of the balance's table."""

    key: str
    label: str
    colour: str
    shares: tuple[Share, ...]


@dataclass(frozen=True)
class Balance:
    """The balance of opinion in a debate: how its published comments divide among
    its stances, in the archive and since the revival. Removed, held and pending
    comments never count. Plain data, so it is cached with the debate's pages."""

    periods: tuple[Period, ...]
    rows: tuple[BalanceRow, ...]

    @classmethod
    def of(cls, debate):
        """The balance of `debate`, fetched with Debate.objects.with_thread_summary()
        (its totals are annotated there): one query, for the stances' counts."""
        stances = list(
            debate.stances.with_counts().prefetch_related(*translations_to_fetch())
        )
        if not stances:
            return cls(periods=(), rows=())
        columns = []
        if debate.is_archived:
            columns.append(
                (
                    "archive",
                    debate.archived_on_display,
                    debate.archived_comment_count,
                    [stance.archived_count for stance in stances],
                )
            )
        columns.append(
            (
                "revival",
                gettext("Since the revival")
                if debate.is_archived
                else gettext("All comments"),
                debate.revived_comment_count,
                [stance.revived_count for stance in stances],
            )
        )
        heads = [
            (
                stance.key,
                stance.shown("label").text,
                f"stance-colour-{i % PALETTE_SIZE + 1}",
            )
            for i, stance in enumerate(stances)
        ]
        heads.append((NO_STANCE, NO_STANCE_LABEL, "stance-none"))
        periods = []
        for period_key, title, total, counts in columns:
            counts = [*counts, total - sum(counts)]
            shares = tuple(
                Share(
                    key=key,
                    label=label,
                    colour=colour,
                    count=count,
                    percent=percent,
                    width_class=width_class(count, total),
                )
                for (key, label, colour), count, percent in zip(
                    heads, counts, whole_percentages(counts), strict=True
                )
            )
            periods.append(
                Period(key=period_key, title=title, total=total, shares=shares)
            )
        rows = tuple(
            BalanceRow(
                key=key,
                label=label,
                colour=colour,
                shares=tuple(period.shares[i] for period in periods),
            )
            for i, (key, label, colour) in enumerate(heads)
        )
        return cls(periods=tuple(periods), rows=rows)

    def __bool__(self):
        """A debate without stances has no balance to show."""
        return bool(self.rows)

    def __contains__(self, key):
        return any(row.key == key for row in self.rows)

    def row(self, key):
        return next(row for row in self.rows if row.key == key)

    def count_of(self, key):
        """How many published comments take the stance `key`, in every period."""
        return sum(share.count for share in self.row(key).shares)
