"""The sitemap: the home page, every debate, every article of background reading,
and the page of every author with a published comment, each dated by its latest
change where that is known."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Author, Debate
from .models.choices import DatePrecision


class InEveryLanguage(Sitemap):
    """Each page once for each language, with hreflang alternates naming the
    others, and English as the default."""

    i18n = True
    alternates = True
    x_default = True


class DebateSitemap(InEveryLanguage):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Debate.objects.with_activity().order_by("-created_at", "-pk")

    def lastmod(self, debate):
        changes = [debate.created_at, debate.last_commented_at, debate.state_changed_at]
        return max(change for change in changes if change is not None)


class HomeSitemap(InEveryLanguage):
    """The list of debates, which changes whenever one of them does."""

    changefreq = "daily"
    priority = 1.0

    def items(self):
        return ["debates:home"]

    def location(self, name):
        return reverse(name)

    def lastmod(self, name):
        debates = DebateSitemap()
        return max(map(debates.lastmod, debates.items()), default=None)


class ArticleSitemap(InEveryLanguage):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Article.objects.order_by("pk")

    def lastmod(self, article):
        """The day it was published; where only its month or year is known, none
        (a sitemap date would claim a day)."""
        if article.published_on_precision != DatePrecision.DAY:
            return None
        return article.published_on


class AuthorSitemap(InEveryLanguage):
    changefreq = "weekly"
    priority = 0.3

    def items(self):
        return Author.objects.with_published_comments().order_by("pk")

    def lastmod(self, author):
        changes = [author.created_at, author.last_posted_at]
        return max(change for change in changes if change is not None)


SITEMAPS = {
    "home": HomeSitemap,
    "debates": DebateSitemap,
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
}
