"""Recommend buttons, filled into the thread for the reader at hand.

The rendered thread is shared by every reader (see `reading.page_cache`), but its
recommend buttons are not: each signed-in reader needs their own CSRF token, and sees
which comments they recommend already. So the shared thread keeps a slot in each
comment, an HTML comment no reader's text can forge (all of it is escaped, so it never
holds a "<"), and `fill` replaces the slots with buttons for one reader. It runs on
every signed-in page view, so it builds the few lines of markup directly, rather than
rendering a template or calling `format_html` per comment: the values that could hold
markup (the page's own address, the token) are escaped once per page, and the rest are
numbers parsed from the slot.
"""

import re

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

_SLOT = re.compile(r"<!--recommend (\d+) (\d+) (\d+)-->")


def slot(comment):
    """The placeholder for `comment`'s button: its id, its count as the thread was
    rendered, and the account of its author (0 for the archive's)."""
    return (
        f"<!--recommend {comment.pk} {comment.recommendation_count} "
        f"{comment.author.user_id or 0}-->"
    )


def count_text(count):
    """The count as it reads beside the button; nothing until someone recommends."""
    if not count:
        return ""
    return f"{count} recommendation{'' if count == 1 else 's'}"


def fill(html, *, debate, request, recommended=frozenset()):
    """`html` with every slot replaced by what this reader may do with the comment.

    Signed out: a link to sign in, which comes back to the comment. Signed in: a form
    that recommends the comment, or takes the recommendation back if its id is in
    `recommended`. On their own comments, and once the debate is closed, readers see
    only the count.
    """
    comments_path = (
        reverse("debates:detail", kwargs={"slug": debate.slug}) + "comments/"
    )
    comments_url = escape(comments_path)
    user = request.user
    if not debate.is_open:

        def button(pk, count, author_user):
            return _count(pk, count)

    elif not user.is_authenticated:
        login_url = escape(reverse("login"))
        next_prefix = escape(urlencode({"next": comments_path}))

        def button(pk, count, author_user):
            return (
                '<span class="recommend">'
                '<a class="btn btn-sm btn-outline-primary recommend-button" '
                f'href="{login_url}?{next_prefix}{pk}%2F" rel="nofollow">Recommend</a>'
                f"{_count(pk, count)}</span>"
            )

    else:
        token = escape(get_token(request))
        here = escape(request.get_full_path())

        def button(pk, count, author_user):
            if author_user == user.pk:
                return _count(pk, count)
            pressed = pk in recommended
            return (
                '<form class="recommend" method="post" '
                f'action="{comments_url}{pk}/recommend/">'
                f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
                f'<input type="hidden" name="next" value="{here}#comment-{pk}">'
                '<input type="hidden" name="recommend" '
                f'value="{"no" if pressed else "yes"}">'
                '<button type="submit" class="btn btn-sm recommend-button" '
                f'aria-pressed="{"true" if pressed else "false"}" '
                f'aria-describedby="recommends-{pk}">Recommend</button>'
                f"{_count(pk, count)}</form>"
            )

    def replace(match):
        pk, count, author_user = map(int, match.groups())
        return button(pk, count, author_user)

    # Our own rendered thread, with slots replaced by numbers and escaped values.
    return mark_safe(_SLOT.sub(replace, html))  # nosec B308 B703


def _count(pk, count):
    return (
        f'<span class="recommend-count" id="recommends-{pk}">{count_text(count)}</span>'
    )
