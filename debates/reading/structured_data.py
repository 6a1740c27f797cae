"""What search engines read of a page as data: schema.org, written as JSON-LD.

A debate is a `DiscussionForumPosting` with its published comments as `Comment`s,
each with its author and the date it was posted; an article of background reading
is a `NewsArticle`. Dates are given only as precisely as they are known: the 2004
comments say "2004-06", as the page does.
"""

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse

from ..site_address import absolute_url

SCHEMA = "https://schema.org"
SITE_NAME = "Revived Debates"
# JSON may hold any text; these could end the <script> element or start markup inside
# it, so they are written as escapes (as Django's json_script does, and the
# apostrophe too, so that no reader's text appears raw anywhere in the page).
_SCRIPT_SAFE = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("'"): "\\u0027",
}


def as_script_text(data):
    """`data` as JSON that is safe inside <script type="application/ld+json">."""
    return json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _SCRIPT_SAFE
    )


def _moment(value):
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _person(comment):
    """The comment's author, as the comment is signed."""
    person = {
        "@type": "Person",
        "name": comment.signer_name,
        "url": absolute_url(comment.author),
    }
    if comment.signer_place:
        person["homeLocation"] = {"@type": "Place", "name": comment.signer_place}
    return person


def comment_date(comment, debate):
    """When `comment` was posted, as precisely as known."""
    if comment.is_archived:
        return debate.archived_on_machine
    return _moment(comment.posted_at)


def _comment(comment, debate, replies=()):
    # The debate is at hand: asking the comment for its address would fetch it.
    url = absolute_url(
        reverse("debates:comment", kwargs={"slug": debate.slug, "pk": comment.pk})
    )
    data = {
        "@type": "Comment",
        "@id": url,
        "url": url,
        "text": comment.body,
        "datePublished": comment_date(comment, debate),
        "author": _person(comment),
    }
    if comment.shown_quote:
        data["citation"] = comment.shown_quote
    answered = [_comment(reply, debate) for reply in replies if reply.is_visible]
    if answered:
        data["comment"] = answered
    return data


def discussion_posting(debate, comments, comment_count, *, nested):
    """The debate as a DiscussionForumPosting, with the published `comments` of the
    page (and, `nested`, their prefetched replies under them)."""
    posting = {
        "@context": SCHEMA,
        "@type": "DiscussionForumPosting",
        "@id": absolute_url(debate),
        "url": absolute_url(debate),
        "headline": debate.title,
        "text": debate.question,
        "datePublished": (
            debate.archived_on_machine
            if debate.is_archived
            else _moment(debate.created_at)
        ),
        "author": {"@type": "Organization", "name": debate.source_name or SITE_NAME},
        "commentCount": comment_count,
        "interactionStatistic": {
            "@type": "InteractionCounter",
            "interactionType": f"{SCHEMA}/CommentAction",
            "userInteractionCount": comment_count,
        },
        "comment": [
            _comment(comment, debate, comment.replies.all() if nested else ())
            for comment in comments
            if comment.is_visible
        ],
    }
    if debate.source_url:
        posting["isBasedOn"] = debate.source_url
    return posting


def news_article(article):
    """An article of background reading as a NewsArticle."""
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "@id": absolute_url(article),
        "url": absolute_url(article),
        "headline": article.title,
    }
    if article.publisher:
        data["publisher"] = {"@type": "Organization", "name": article.publisher}
    if article.published_on is not None:
        data["datePublished"] = article.published_machine
    if article.byline:
        # A byline is a person's name, or the publisher's own (an agency's).
        kind = "Organization" if article.byline == article.publisher else "Person"
        data["author"] = {"@type": kind, "name": article.byline}
    if article.standfirst:
        data["description"] = article.standfirst
    if article.url:
        data["isBasedOn"] = article.url
    return data
