"""RSS and Atom feeds: new debates, and each debate's newest published comments.

Descriptions are HTML rendered by autoescaping templates. RSS titles are escaped as
Django's own feeds escape them, since RSS readers differ on whether a title is HTML;
Atom says a title is plain text, so there they are left as written.
"""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from .models import Comment, Debate

SITE_NAME = "Revived Debates"
NEW_DEBATES_SHOWN = 20
COMMENTS_SHOWN = 50


class NewDebatesFeed(Feed):
    title = f"{SITE_NAME}: new debates"
    description = "Reader debates from the archive, open again for comment."
    author_name = SITE_NAME
    description_template = "feeds/debate_description.html"

    def link(self):
        return reverse("debates:home")

    def items(self):
        return Debate.objects.order_by("-created_at", "-pk")[:NEW_DEBATES_SHOWN]

    def item_title(self, debate):
        return escape(debate.title)

    def item_pubdate(self, debate):
        return debate.created_at


class NewDebatesAtomFeed(NewDebatesFeed):
    feed_type = Atom1Feed
    subtitle = NewDebatesFeed.description

    def item_title(self, debate):
        return debate.title


class DebateCommentsFeed(Feed):
    """A debate's newest published comments; nothing held, removed or unreviewed."""

    description_template = "feeds/comment_description.html"

    def get_object(self, request, slug):
        return get_object_or_404(Debate, slug=slug)

    def title(self, debate):
        return f"Comments on {debate.title}"

    def link(self, debate):
        return debate.get_absolute_url()

    def description(self, debate):
        return debate.question

    def items(self, debate):
        return (
            Comment.objects.visible()
            .filter(debate=debate)
            .select_related("author", "debate")
            .order_by("-position")[:COMMENTS_SHOWN]
        )

    def item_title(self, comment):
        return escape(self._title(comment))

    def item_author_name(self, comment):
        return comment.author.signature

    def item_pubdate(self, comment):
        return comment.posted_at

    @staticmethod
    def _title(comment):
        return f"{comment.author.signature} on {comment.debate.title}"


class DebateCommentsAtomFeed(DebateCommentsFeed):
    feed_type = Atom1Feed
    subtitle = DebateCommentsFeed.description

    def item_title(self, comment):
        return self._title(comment)
