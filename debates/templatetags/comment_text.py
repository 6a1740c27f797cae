"""How a reader's plain text is shown: paragraphs, and web addresses as links.

Nothing else a reader types becomes markup; email addresses stay text, so a
signature or a comment never turns into a harvestable mailto link.
"""

import re

from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import Urlizer, escape
from django.utils.safestring import mark_safe

register = template.Library()

# Addresses longer than this are shortened on screen (the link keeps them whole).
SHOWN_ADDRESS_LENGTH = 60


class _ReadersLinks(Urlizer):
    # Readers' links: not endorsed by the forum (nofollow, ugc), and the page
    # opened gets no handle on ours (noopener).
    url_template = '<a href="{href}" rel="nofollow ugc noopener">{url}</a>'

    def is_email_simple(self, value):
        return False


_links = _ReadersLinks()


@register.filter(is_safe=True, needs_autoescape=True)
def comment_text(text, autoescape=True):
    """`text` as paragraphs and line breaks, its web addresses clickable."""
    linked = _links(
        text, trim_url_limit=SHOWN_ADDRESS_LENGTH, nofollow=False, autoescape=autoescape
    )
    if autoescape:
        # Every word not made a link was escaped by the urlizer.
        linked = mark_safe(linked)  # nosec B308 B703
    return linebreaks_filter(linked, autoescape=autoescape)


_TAG = re.compile(r"(<[^>]*>)")


@register.filter(is_safe=True)
def marking(html, words):
    """Already rendered comment text with `words` (what a rule matched) marked,
    for moderators: only in the text between tags, never inside a link's address."""
    escaped = sorted({escape(word) for word in words if word}, key=len, reverse=True)
    if not escaped:
        return html
    found = re.compile("|".join(re.escape(word) for word in escaped), re.IGNORECASE)
    pieces = _TAG.split(str(html))
    for index in range(0, len(pieces), 2):
        pieces[index] = found.sub(lambda m: f"<mark>{m.group()}</mark>", pieces[index])
    # Every piece between tags was escaped by comment_text; <mark> is our own.
    return mark_safe("".join(pieces))  # nosec B308 B703


@register.simple_tag
def flagged_words(flags):
    """Every word the comment's open flags matched."""
    return [word for flag in flags for word in flag.words]
