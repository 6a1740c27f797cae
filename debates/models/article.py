"""News articles offered as background reading."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .choices import (
    DatePrecision,
)
from .dates import format_partial_date, machine_partial_date
from .freshness import FreshQuerySet


class ArticleQuerySet(FreshQuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Article(models.Model):
    """A news article offered as background reading, cleaned of its site's chrome."""

    title = models.CharField(max_length=300)
    slug = models.SlugField(max_length=100, unique=True)
    publisher = models.CharField(
        max_length=200, blank=True, help_text=_("Leave empty when it is not known.")
    )
    byline = models.CharField(max_length=200, blank=True)
    source_credit = models.CharField(
        max_length=200,
        blank=True,
        help_text=_('Wire credit as printed, e.g. "Agencies".'),
    )
    published_on = models.DateField(null=True, blank=True)
    published_on_precision = models.CharField(
        max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    dateline = models.CharField(
        max_length=100,
        blank=True,
        help_text=_("The date and time exactly as the source prints them."),
    )
    url = models.URLField(
        _("original address"),
        max_length=500,
        blank=True,
        help_text=_("Only if confirmed."),
    )
    standfirst = models.TextField(blank=True)
    photo_caption = models.TextField(blank=True)
    photo_credit = models.CharField(max_length=100, blank=True)
    body = models.TextField(
        help_text=_(
            'Paragraphs separated by a blank line; a line starting "## " is a '
            "subheading."
        )
    )
    tags = models.JSONField(default=list, blank=True)
    provenance = models.TextField(
        blank=True, help_text=_("What is known about the source and what is not.")
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
    def published_machine(self):
        """The same date for a <time datetime> or structured data: "2004-06"."""
        return machine_partial_date(self.published_on, self.published_on_precision)

    @property
    def publisher_display(self):
        return self.publisher or gettext("Publisher unknown")

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
