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
from .translation import ORIGINAL_LANGUAGE


class ArticleQuerySet(FreshQuerySet):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Article(models.Model):
    """A news article offered as background reading, cleaned of its site's chrome."""

    # Articles are shown as published, untranslated: pages mark them so.
    original_language = ORIGINAL_LANGUAGE

    title = models.CharField(verbose_name=_("title"), max_length=300)
    slug = models.SlugField(verbose_name=_("slug"), max_length=100, unique=True)
    publisher = models.CharField(
        verbose_name=_("publisher"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty when it is not known."),
    )
    byline = models.CharField(verbose_name=_("byline"), max_length=200, blank=True)
    source_credit = models.CharField(
        verbose_name=_("source credit"),
        max_length=200,
        blank=True,
        help_text=_('Wire credit as printed, e.g. "Agencies".'),
    )
    published_on = models.DateField(
        verbose_name=_("published on"), null=True, blank=True
    )
    published_on_precision = models.CharField(
        verbose_name=_("published on precision"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
    )
    dateline = models.CharField(
        verbose_name=_("dateline"),
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
    standfirst = models.TextField(verbose_name=_("standfirst"), blank=True)
    photo_caption = models.TextField(verbose_name=_("photo caption"), blank=True)
    photo_credit = models.CharField(
        verbose_name=_("photo credit"), max_length=100, blank=True
    )
    body = models.TextField(
        verbose_name=_("body"),
        help_text=_(
            'Paragraphs separated by a blank line; a line starting "## " is a '
            "subheading."
        ),
    )
    tags = models.JSONField(verbose_name=_("tags"), default=list, blank=True)
    provenance = models.TextField(
        verbose_name=_("provenance"),
        blank=True,
        help_text=_("What is known about the source and what is not."),
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
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
