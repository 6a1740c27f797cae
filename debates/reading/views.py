"""The readers' pages: the home page, a debate, its picks, authors and articles."""

import functools
import hashlib
import re

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import quote_etag
from django.utils.translation import gettext

from ..models import (
    Article,
    Author,
    Comment,
    Debate,
    cache_token,
)
from ..models.choices import ThreadOrder
from ..models.translation import translations_to_fetch
from ..moderation.forms import DebateStateForm
from ..notifications.following import follow_of
from ..reading import page_cache as caching
from ..reading import reader_page, recommend_buttons

ACCEPTS_GZIP = re.compile(r"\bgzip\b")


def home(request):
    debates = (
        Debate.objects.with_activity()
        .prefetch_related(*translations_to_fetch())
        .order_by("-created_at")
    )
    return render(request, "debates/home.html", {"debates": debates})


def _render_debate(
    request, debate, thread, stance, order, *, fill_buttons=True, reader_slots=False
):
    """The debate page showing `thread`, a (page, visible count) pair; with
    `fill_buttons=False`, with the recommend slots left for each request to fill,
    and with `reader_slots`, with slots for a signed-in reader's own parts (see
    `reading.reader_page`)."""
    page, visible_count = thread
    author = getattr(request.user, "author", None)
    thread_html = caching.thread_html(debate, page, visible_count, stance, order)
    if fill_buttons:
        thread_html = recommend_buttons.fill(
            thread_html, debate=debate, request=request
        )
    context = {
        "debate": debate,
        "canonical_path": _canonical(debate.get_absolute_url(), page)
        if stance is None and order == ThreadOrder.OLDEST
        else debate.get_absolute_url(),
        "lead_html": caching.lead_html(debate),
        "status_html": caching.status_html(debate),
        "reading_html": caching.reading_html(debate),
        "balance_html": caching.balance_html(debate, stance),
        "timeline_html": caching.timeline_html(debate),
        "thread_html": thread_html,
        # Called by the template only if the reader may post.
        "comment_form_html": functools.partial(caching.comment_form_html, debate),
        "can_post": author is not None,
        # Told before they type, not after: filled per reader on the shared page.
        "suspension": author.suspension_to_show()
        if author and not reader_slots
        else None,
        "reader_author": author,
        # On the shared reader page, filled per reader.
        "follow": follow_of(author, debate) if author and not reader_slots else None,
        "own_unpublished": (
            Comment.objects.unpublished_by(author, debate) if author else []
        ),
        "state_form": DebateStateForm(),
        # Only staff can hold the permission; asking saves readers two queries.
        "can_moderate": request.user.is_staff
        and request.user.has_perm("debates.open_close_debate"),
    }
    if reader_slots:
        context.update(reader_page.slots())
    return render(request, "debates/debate_detail.html", context)


def _canonical(path, page):
    """The address search engines should list a page by: `path`, with the page's
    number past the first. Other orders and filters of a thread name the thread."""
    return path if page.number == 1 else f"{path}?page={page.number}"


def debate_detail(request, slug):
    # One small query for the debate's state; everything that is the same for every
    # reader comes from the cache under it.
    found = Debate.objects.page_state(slug)
    if found is None:
        raise Http404(gettext("No debate at this address."))
    debate_id, version, closes_at = found
    token = cache_token(version, closes_at)
    # ?stance=KEY shows only the comments taking that stance; any other value, the
    # whole thread.
    stance = caching.stance_filter(debate_id, token, request.GET.get("stance"))
    # ?sort=newest or ?sort=recommended; anything else, the archive's order.
    order = caching.thread_order(request.GET.get("sort"))
    thread = caching.thread_page(
        debate_id, token, request.GET.get("page"), stance, order
    )
    has_messages = bool(len(messages.get_messages(request)))
    if reader_page.serves(request, has_messages):
        debate = caching.debate(debate_id, token)
        html = caching.reader_page(
            debate,
            thread[0],
            lambda: _render_debate(
                request,
                debate,
                thread,
                stance,
                order,
                fill_buttons=False,
                reader_slots=True,
            ).content.decode(),
            stance=stance,
            order=order,
        )
        return HttpResponse(reader_page.fill(html, request=request, debate=debate))
    if request.user.is_authenticated or has_messages:
        return _render_debate(
            request, caching.debate(debate_id, token), thread, stance, order
        )
    # Signed-out readers all see the same page but its counts: serve it whole.
    debate = caching.debate(debate_id, token)
    gzipped = bool(ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")))
    name, content = caching.anonymous_page(
        debate,
        thread[0],
        lambda: _render_debate(
            request, debate, thread, stance, order, fill_buttons=False
        ).content.decode(),
        request,
        stance=stance,
        order=order,
        gzipped=gzipped,
    )
    response = HttpResponse(content)
    if gzipped:
        # Compressed once per page, not per response: GZipMiddleware leaves it.
        response["Content-Encoding"] = "gzip"
    patch_vary_headers(response, ["Accept-Encoding"])
    # Any cache, a CDN's too, may keep the page, asking each time whether it is
    # still the same: the tag answers without reading the page (ConditionalGet
    # then answers 304).
    response["ETag"] = quote_etag(
        hashlib.blake2b(name.encode(), digest_size=16).hexdigest()
    )
    patch_cache_control(response, public=True, no_cache=True)
    return response


def comment_permalink(request, slug, pk):
    """Send a comment's permanent link to the page of the thread that shows it."""
    comment = get_object_or_404(
        Comment.objects.in_thread().select_related("debate", "parent"),
        pk=pk,
        debate__slug=slug,
    )
    page_number = caching.page_number_of(comment)
    url = comment.debate.get_absolute_url()
    if page_number > 1:
        url += f"?page={page_number}"
    return redirect(f"{url}#{comment.anchor}")


def debate_picks(request, slug):
    """The editors' picks of one debate, shown with their pull-quotes."""
    debate = get_object_or_404(
        Debate.objects.prefetch_related(*translations_to_fetch()), slug=slug
    )
    picks = (
        Comment.objects.picks()
        .filter(debate=debate)
        .select_related("author", "stance")
        .prefetch_related(*translations_to_fetch(through="stance__"))
    )
    response = render(request, "debates/picks.html", {"debate": debate, "picks": picks})
    response.content = recommend_buttons.fill(
        response.content.decode(), debate=debate, request=request
    )
    return response


def author_detail(request, pk):
    """An author's comments across debates; the author also sees their unpublished
    ones, with the moderators' reasons."""
    author = get_object_or_404(Author, pk=pk)
    is_self = request.user.is_authenticated and author.user_id == request.user.pk
    comments = (
        (author.comments.all() if is_self else author.comments.visible())
        .select_related("debate", "moderation_rule")
        .prefetch_related(*translations_to_fetch(through="debate__"))
        .order_by("-posted_at", "-pk")
    )
    page = Paginator(comments, settings.COMMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "debates/author_detail.html",
        {
            "author": author,
            "canonical_path": _canonical(author.get_absolute_url(), page),
            "page": page,
            "page_numbers": page.paginator.get_elided_page_range(page.number),
            "is_self": is_self,
            "suspensions": author.suspensions.in_force() if is_self else [],
        },
    )


def article_detail(request, slug):
    article = get_object_or_404(Article, slug=slug)
    return render(
        request,
        "debates/article_detail.html",
        {
            "article": article,
            "debates": article.debates.with_timeline().prefetch_related(
                *translations_to_fetch()
            ),
        },
    )
