"""Rendered pieces of the debate page, cached under the debate's version.

Every change to a row the page shows (a comment posted or hidden, the debate opened
or closed, an author renamed in the admin, a fixture loaded) turns `Debate.version`
by itself (see `debates.models.freshness`), and every key here includes it (as
`Debate.cache_token`, which also turns when a scheduled closing time passes). So an
entry is never invalidated, only left behind: a changed debate is looked up under a
new key, and app servers that share no memory still agree, because each reads the
version from the database. Every key also names the language the page speaks, so a
reader is never served a page rendered for a reader of another language.

Because a key can never hold stale content, each process also keeps the entries it
uses most in its own memory, in front of the shared cache (Redis in production): the
hot pages are served without a network round trip. Entries there also expire, so a
process never holds on to what it no longer serves.

Recommendation counts are not cached here: the ranking by them is looked up per
request (one query for the page's ids, which name its entry), and the counts are
filled in per request (see `reading.recommend_buttons`).
"""

import gzip
import hashlib
import logging
from pathlib import Path

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import prefetch_related_objects
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from ..models import Balance, Comment, Debate
from ..models.choices import ThreadOrder
from ..models.debate import timeline_prefetches
from ..models.translation import translations_to_fetch
from ..participation.forms import CommentForm
from . import recommend_buttons
from .memory import LocalCache, forget_everything

logger = logging.getLogger(__name__)

TIMEOUT = 60 * 60
LOCAL_ENTRIES = 256


_local = LocalCache(LOCAL_ENTRIES)


def clear_local():
    """Forget everything this process rendered: pages, fragments and buttons."""
    forget_everything()


def _get_or_render(key, render, *, shared=True):
    """The value under `key`: from this process, else from the shared cache, else
    rendered and stored in both. A cache outage only costs the rendering."""
    value = _local.get(key)
    if value is not None:
        return value
    if shared:
        try:
            value = cache.get(key)
        except Exception:
            logger.warning("Cache unavailable; rendering %s", key, exc_info=True)
    if value is None:
        value = render()
        if shared:
            try:
                cache.set(key, value, TIMEOUT)
                _count_render()
            except Exception:
                logger.warning("Cache unavailable; not storing %s", key, exc_info=True)
    _local.set(key, value)
    return value


RENDERS_KEY = "page-cache:renders"


def _count_render():
    """Count, across every app server, the pieces rendered because the cache
    lacked them: `make bench` reads it for the cache's hit rate."""
    if not cache.add(RENDERS_KEY, 1, timeout=None):
        cache.incr(RENDERS_KEY)


def renders():
    """How many cached pieces were rendered since the shared cache was emptied."""
    return cache.get(RENDERS_KEY, 0)


def release_of(*folders):
    """A short digest of every template, Python file and translation under
    `folders`: what renders a page. A new release, or one server of a rolling
    deploy, files its pages apart from the old one's in the shared cache, instead
    of serving them."""
    digest = hashlib.blake2b(digest_size=8)
    for folder in folders:
        for path in sorted(Path(folder).rglob("*")):
            if path.suffix in {".html", ".py", ".txt", ".po", ".mo"} and path.is_file():
                digest.update(str(path.relative_to(folder)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()


RELEASE = release_of(
    settings.BASE_DIR / "templates",
    settings.BASE_DIR / "debates",
    *settings.LOCALE_PATHS,
)


def _key(debate_id, token, *parts):
    return ":".join(
        map(str, ["debate", debate_id, f"v{token}", RELEASE, get_language(), *parts])
    )


def debate(debate_id, token):
    """The debate as it is under `token`, with its thread's summary annotated. Kept in
    this process only: model instances are not worth pickling into the shared cache
    across deployments."""
    return _get_or_render(
        _key(debate_id, token, "object"),
        lambda: (
            Debate.objects.with_thread_summary()
            .prefetch_related(*translations_to_fetch())
            .get(pk=debate_id)
        ),
        shared=False,
    )


def _summary(debate):
    return (
        debate.last_position or 0,
        debate.archived_comment_count + debate.revived_comment_count,
    )


def thread_order(value):
    """The ThreadOrder a reader asked for with ?sort=, or the archive's order."""
    return ThreadOrder(value) if value in ThreadOrder.values else ThreadOrder.OLDEST


def thread_page(debate_id, token, number, stance=None, order=ThreadOrder.OLDEST):
    """The requested page of the thread: (page, visible count).

    In the archive's order or its reverse the thread is paged by position rather than
    by OFFSET, which reaches the last page of a long thread as quickly as the first,
    and keeps a comment on the same page when others are hidden. Filtered by a stance
    key (see `stance_filter`), or ranked by recommendations, a page holds published
    comments, paged by their count: OFFSET is fine for the fewer readers who filter or
    rank, and the count comes from the balance or the summary, so it costs no query.
    """
    if stance is not None:
        count = balance(debate_id, token).count_of(stance)
        page = Paginator(range(count), settings.COMMENTS_PER_PAGE).get_page(number)
        return _ranked(debate_id, token, page, order, stance), count
    last_position, visible_count = _get_or_render(
        _key(debate_id, token, "summary"),
        lambda: _summary(debate(debate_id, token)),
    )
    if order == ThreadOrder.RECOMMENDED:
        items = range(visible_count)
    elif order == ThreadOrder.NEWEST:
        items = range(last_position, 0, -1)
    else:
        items = range(1, last_position + 1)
    page = Paginator(items, settings.COMMENTS_PER_PAGE).get_page(number)
    return _ranked(debate_id, token, page, order), visible_count


def _ranked(debate_id, token, page, order, stance=None):
    """Ranked by recommendations, the page's comments are asked for each time (one
    query on the ranking's index): their ids, not the offsets, are the page."""
    if order == ThreadOrder.RECOMMENDED:
        page.object_list = Comment.objects.ranked_ids(
            debate(debate_id, token), page.object_list, stance
        )
    return page


def balance(debate_id, token):
    """The debate's balance of opinion under `token`: plain data, shared. (Its key
    is not "balance", which names the rendered fragment.)"""
    return _get_or_render(
        _key(debate_id, token, "balance-data"),
        lambda: Balance.of(debate(debate_id, token)),
    )


def stance_filter(debate_id, token, key):
    """`key` if it names one of the debate's stances (or no stance), else None: the
    thread is then shown whole. Asked only when a filter is given, and only a real
    key makes a cache key, so made-up ones cost nothing and store nothing."""
    if not key:
        return None
    return key if key in balance(debate_id, token) else None


def page_number_of(comment):
    """The page of the thread that shows `comment` (a reply shows under its parent)."""
    return (comment.thread_position - 1) // settings.COMMENTS_PER_PAGE + 1


def _fragment(debate, name, *key_parts, context=dict):
    """A template rendered once per debate version; ours, so everything is escaped.

    `context` is a function, called only when the fragment has to be rendered: even
    building a queryset costs more than a cache hit.
    """
    html = _get_or_render(
        _key(debate.pk, debate.cache_token, name, *key_parts),
        lambda: render_to_string(
            f"debates/_{name}.html", {"debate": debate, **context()}
        ),
    )
    # Output of our own autoescaping template, stored as rendered.
    return mark_safe(html)  # nosec B308 B703


def lead_html(debate):
    """Title, introduction, question and the note about the archive."""
    return _fragment(debate, "lead")


def status_html(debate):
    """Whether the debate is open, and who closed or reopened it, when and why."""
    return _fragment(debate, "status")


def _with_timeline(debate):
    """The debate with what its reading and timeline need fetched into it once, so
    the two fragments share the articles."""
    prefetch_related_objects([debate], *timeline_prefetches())
    return debate


def reading_html(debate):
    """The background reading beside the thread."""
    return _fragment(
        debate,
        "reading",
        context=lambda: {"articles": _with_timeline(debate).background_reading.all()},
    )


def timeline_html(debate):
    """Then and now: the debate's events and its background reading, dated."""
    return _fragment(
        debate,
        "timeline",
        context=lambda: {"events": _with_timeline(debate).timeline()},
    )


def _filter_key(stance, order=ThreadOrder.OLDEST, page=None):
    parts = () if stance is None else (f"stance-{stance}",)
    if order == ThreadOrder.RECOMMENDED and page is not None:
        # The ranking changes with every recommendation: the ids name the entry.
        ids = ",".join(map(str, page.object_list)).encode()
        parts = (*parts, f"ranked-{hashlib.blake2b(ids, digest_size=12).hexdigest()}")
    return parts if order == ThreadOrder.OLDEST else (*parts, f"sort-{order}")


def thread_query(stance=None, order=ThreadOrder.OLDEST):
    """The query string that keeps a stance filter and an order across pages,
    ending in "&" when not empty, ready for "page=N"."""
    query = "" if stance is None else f"stance={stance}&"
    return query if order == ThreadOrder.OLDEST else f"{query}sort={order}&"


def balance_html(debate, stance=None):
    """The balance of opinion: a bar for each period, and the same as a table, with
    the stance the thread is filtered by marked."""
    return _fragment(
        debate,
        "balance",
        *_filter_key(stance),
        context=lambda: {
            "balance": balance(debate.pk, debate.cache_token),
            "active": stance,
        },
    )


def thread_html(debate, page, visible_count, stance=None, order=ThreadOrder.OLDEST):
    """One page of comments with its pagination, the same for every reader; only
    those taking the stance `stance`, if given; in `order`.

    Each comment carries a slot for its recommend button, which
    `debates.reading.recommend_buttons` fills for the reader at hand.
    """

    def context():
        figures = balance(debate.pk, debate.cache_token)
        if order == ThreadOrder.RECOMMENDED:
            comments = Comment.objects.listed(page.object_list)
        elif stance is not None:
            comments = Comment.objects.for_stance(
                debate, stance, page.object_list, order
            )
        else:
            comments = Comment.objects.for_thread(
                debate, page.object_list, newest_first=order == ThreadOrder.NEWEST
            )
        return {
            # Its rows give each comment's stance the colour it has in the bars.
            "balance": figures,
            "comments": comments,
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "visible_count": visible_count,
            "shown": None if stance is None else figures.row(stance),
            "order": order,
            "orders": [
                (choice, thread_query(stance, choice)) for choice in ThreadOrder
            ],
            "page_query": thread_query(stance, order),
            # The whole thread nests replies under their comments (prefetched);
            # a stance's page, or the ranking, lists them flat, each saying whom it
            # answers.
            "show_replies": stance is None and order != ThreadOrder.RECOMMENDED,
        }

    return _fragment(
        debate,
        "thread",
        settings.COMMENTS_PER_PAGE,
        page.number,
        *_filter_key(stance, order, page),
        context=context,
    )


def comment_form_html(debate):
    """The empty comment form with the debate's stances, the same for every reader."""
    html = _get_or_render(
        _key(debate.pk, debate.cache_token, "form"),
        lambda: render_crispy_form(CommentForm(debate=debate)),
    )
    # An unbound form rendered by crispy's templates: no reader's text in it.
    return mark_safe(html)  # nosec B308 B703


def anonymous_page(
    debate,
    page,
    render,
    request,
    stance=None,
    order=ThreadOrder.OLDEST,
    *,
    gzipped=False,
):
    """The whole page as every signed-out reader sees it now, encoded (and with
    `gzipped`, compressed), with the key that names it, which changes whenever the
    page does.

    The page is cached with its recommend slots empty, and filled with the counts
    as they are, read in one query. The filled page is kept too, for as long as the
    counts stay the same, so a page whose counts did not change costs no filling,
    and no compressing: the page carries no secret (no form, no token), so it needs
    none of the per-response padding pages with a CSRF token get against BREACH.
    """
    key = _key(
        debate.pk,
        debate.cache_token,
        "anonymous",
        settings.COMMENTS_PER_PAGE,
        page.number,
        *_filter_key(stance, order, page),
    )
    html = _get_or_render(key, render)
    ids = _get_or_render(
        f"{key}:slots", lambda: recommend_buttons.slot_ids(html), shared=False
    )
    counts = Comment.objects.recommendation_counts(ids)
    digest = hashlib.blake2b(repr(sorted(counts.items())).encode(), digest_size=12)
    filled_key = f"{key}:filled-{digest.hexdigest()}"
    filled = _get_or_render(
        filled_key,
        lambda: recommend_buttons.fill(
            html, debate=debate, request=request, ids=ids, counts=counts
        ).encode(),
        shared=False,
    )
    if not gzipped:
        return filled_key, filled
    gzip_key = f"{filled_key}:gzip"
    return gzip_key, _get_or_render(
        gzip_key, lambda: gzip.compress(filled, mtime=0), shared=False
    )


def reader_page(debate, page, render, stance=None, order=ThreadOrder.OLDEST):
    """The page as every signed-in reader sees it, with slots for their own parts
    (see `reading.reader_page`). Kept in this process only: its CSRF stand-in is
    this process's."""
    return _get_or_render(
        _key(
            debate.pk,
            debate.cache_token,
            "reader",
            settings.COMMENTS_PER_PAGE,
            page.number,
            *_filter_key(stance, order, page),
        ),
        render,
        shared=False,
    )
