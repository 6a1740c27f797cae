"""The sitemap: every debate and every article of background reading."""

from django.contrib.sitemaps import Sitemap

from .models import Article, Debate


class DebateSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8

    def items(self):
        return Debate.objects.with_activity().order_by("-created_at", "-pk")

    def lastmod(self, debate):
        changes = [debate.created_at, debate.last_commented_at, debate.state_changed_at]
        return max(change for change in changes if change is not None)


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.5

    def items(self):
        return Article.objects.order_by("pk")


SITEMAPS = {"debates": DebateSitemap, "articles": ArticleSitemap}
