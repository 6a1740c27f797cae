"""RSS and Atom feeds: new debates, and each debate's newest published comments.

Descriptions are HTML rendered by autoescaping templates. The other fields are text,
and the two formats carry text differently: Atom says a title is plain text, while
RSS readers (feedparser among them) read a title or a channel's description as HTML
when it looks like HTML. So in RSS the characters that make markup
(&, <, >) are escaped once more, and nothing else (an apostrophe stays one), and in
Atom every field is left as written: either way a reader shows what was typed.
"""

import html

from django.contrib.syndication.views import Feed
from django.db.models import Max
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import Comment, Debate
from .models.translation import translations_to_fetch

SITE_NAME = _("Revived Debates")
NEW_DEBATES_SHOWN = 20
COMMENTS_SHOWN = 50


class RssText:
    """Fields of an RSS feed, as text a reader that takes them for HTML still shows
    as written."""

    @staticmethod
    def text(value):
        return html.escape(value, quote=False)


class AtomText:
    """Fields of an Atom feed, which are plain text: left as written."""

    feed_type = Atom1Feed

    @staticmethod
    def text(value):
        return value


class NewDebatesFeed(RssText, Feed):
    description_template = "feeds/debate_description.html"

    def title(self):
        return self.text(gettext("%(site)s: new debates") % {"site": SITE_NAME})

    def description(self):
        return self.text(
            gettext("Reader debates from the archive, open again for comment.")
        )

    author_name = SITE_NAME

    def link(self):
        return reverse("debates:home")

    def items(self):
        return Debate.objects.prefetch_related(*translations_to_fetch()).order_by(
            "-created_at", "-pk"
        )[:NEW_DEBATES_SHOWN]

    def item_title(self, debate):
        return self.text(debate.shown("title").text)

    def item_pubdate(self, debate):
        return debate.created_at

    def item_updateddate(self, debate):
        return debate.created_at


class NewDebatesAtomFeed(AtomText, NewDebatesFeed):
    def subtitle(self):
        return self.description()


class DebateCommentsFeed(RssText, Feed):
    """A debate's newest published comments; nothing held, removed or unreviewed."""

    description_template = "feeds/comment_description.html"

    def get_object(self, request, slug):
        return get_object_or_404(
            Debate.objects.prefetch_related(*translations_to_fetch()), slug=slug
        )

    def title(self, debate):
        return self.text(
            gettext("Comments on %(debate)s") % {"debate": debate.shown("title").text}
        )

    def link(self, debate):
        return debate.get_absolute_url()

    def description(self, debate):
        return self.text(debate.shown("question").text)

    def items(self, debate):
        return (
            Comment.objects.visible()
            .filter(debate=debate)
            .select_related("author", "debate")
            .prefetch_related(*translations_to_fetch(through="debate__"))
            # An edited comment was last updated when its author last changed it.
            .annotate(updated_at=Coalesce(Max("revisions__replaced_at"), "posted_at"))
            .order_by("-position")[:COMMENTS_SHOWN]
        )

    def item_title(self, comment):
        return self.text(
            # Translators: a comment's title in a feed: "Matt, San Francisco on
            # Should US troops leave Korea?".
            gettext("%(signature)s on %(debate)s")
            % {
                "signature": comment.signature,
                "debate": comment.debate.shown("title").text,
            }
        )

    def item_author_name(self, comment):
        # A name, which feed readers take as plain text in either format.
        return comment.signature

    def item_pubdate(self, comment):
        # Of an archived comment only the month (or year) is known: a feed date
        # would claim a day and an hour, so it has none, and its text says when.
        return None if comment.is_archived else comment.posted_at

    def item_updateddate(self, comment):
        # An archived comment's entry was written when its debate was revived here.
        return comment.debate.created_at if comment.is_archived else comment.updated_at


class DebateCommentsAtomFeed(AtomText, DebateCommentsFeed):
    def subtitle(self, debate):
        return self.description(debate)
