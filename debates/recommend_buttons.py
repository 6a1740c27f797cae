"""Recommend buttons, filled into the thread for the reader at hand.

The rendered thread is shared by every reader (see `debates.caching`), but its
recommend buttons are not: each signed-in reader needs their own CSRF token, and sees
which comments they recommend already. So the shared thread keeps a slot in each
comment, an HTML comment no reader's text can forge (all of it is escaped, so it never
holds a "<"), and `fill` replaces the slots with buttons for one reader. It runs on
every signed-in page view, so it builds the few lines of markup directly, rather than
rendering a template per comment.
"""

import re

from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html
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
    comments_url = reverse("debates:detail", kwargs={"slug": debate.slug}) + "comments/"
    user = request.user
    if not debate.is_open:

        def button(pk, count, author_user):
            return _count(pk, count)

    elif not user.is_authenticated:
        login_url = reverse("login")

        def button(pk, count, author_user):
            next_query = urlencode({"next": f"{comments_url}{pk}/"})
            return format_html(
                '<span class="recommend">'
                '<a class="btn btn-sm btn-outline-primary recommend-button" '
                'href="{}?{}" rel="nofollow">Recommend</a>{}</span>',
                login_url,
                next_query,
                _count(pk, count),
            )

    else:
        token = get_token(request)
        here = request.get_full_path()

        def button(pk, count, author_user):
            if author_user == user.pk:
                return _count(pk, count)
            pressed = pk in recommended
            return format_html(
                '<form class="recommend" method="post" action="{}{}/recommend/">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="next" value="{}#comment-{}">'
                '<input type="hidden" name="recommend" value="{}">'
                '<button type="submit" class="btn btn-sm recommend-button" '
                'aria-pressed="{}" aria-describedby="recommends-{}">Recommend</button>'
                "{}</form>",
                comments_url,
                pk,
                token,
                here,
                pk,
                "no" if pressed else "yes",
                "true" if pressed else "false",
                pk,
                _count(pk, count),
            )

    def replace(match):
        pk, count, author_user = map(int, match.groups())
        return button(pk, count, author_user)

    # Our own rendered thread, with slots replaced by format_html's escaped output.
    return mark_safe(_SLOT.sub(replace, html))  # nosec B308 B703


def _count(pk, count):
    return format_html(
        '<span class="recommend-count" id="recommends-{}">{}</span>',
        pk,
        count_text(count),
    )
