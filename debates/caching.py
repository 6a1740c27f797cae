"""Cached pieces of the debate page, named by the debate's version.

Every change a reader would see (a comment posted or hidden, the debate opened or
closed) raises `Debate.version`, and every key below includes it, so a changed debate is
never served from an old entry: nothing has to be deleted, and app servers that share
no memory still agree, because each reads the version from the database.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from .models import Comment

TIMEOUT = 60 * 60


def _key(debate, *parts):
    return ":".join(["thread", str(debate.pk), f"v{debate.version}", *map(str, parts)])


def thread_page(debate, number):
    """The requested page of the thread, paged by position: (page, visible count).

    Paging by position rather than by OFFSET reaches the last page of a long thread as
    quickly as the first, and keeps a comment on the same page when others are hidden.
    """
    key = _key(debate, "summary")
    summary = cache.get(key)
    if summary is None:
        summary = (
            Comment.objects.last_position(debate),
            Comment.objects.visible().filter(debate=debate).count(),
        )
        cache.set(key, summary, TIMEOUT)
    last_position, visible_count = summary
    positions = range(1, last_position + 1)
    page = Paginator(positions, settings.COMMENTS_PER_PAGE).get_page(number)
    return page, visible_count


def page_number_of(comment):
    return (comment.position - 1) // settings.COMMENTS_PER_PAGE + 1


def thread_html(debate, page, visible_count):
    """One page of comments with its pagination, the same for every reader."""
    key = _key(debate, "page", settings.COMMENTS_PER_PAGE, page.number)
    html = cache.get(key)
    if html is None:
        html = render_to_string(
            "debates/_thread.html",
            {
                "debate": debate,
                "comments": Comment.objects.for_thread(debate, page.object_list),
                "page": page,
                "page_numbers": page.paginator.get_elided_page_range(page.number),
                "visible_count": visible_count,
            },
        )
        cache.set(key, html, TIMEOUT)
    # Rendered by our own template, which escaped everything readers wrote.
    return mark_safe(html)


def anonymous_page_key(debate, page):
    return _key(debate, "anonymous", settings.COMMENTS_PER_PAGE, page.number)
