"""Pages for readers: debates, comments, authors, articles, signing up."""

import datetime
import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from . import caching, moderation, recommend_buttons
from .forms import (
    CommentForm,
    DebateStateForm,
    EditForm,
    RecommendForm,
    ReplyForm,
    ReportForm,
    SignUpForm,
)
from .models import (
    Article,
    Author,
    Comment,
    Debate,
    PostingRefused,
    Recommendation,
    cache_token,
)
from .notification_views import ask_to_confirm_if_needed
from .posting import (
    delete_comment,
    edit_comment,
    post_comment,
    recommend_comment,
    register_reader,
)
from .ratelimit import rate_limited
from .redirects import safe_next


def home(request):
    debates = Debate.objects.with_activity().order_by("-created_at")
    return render(request, "debates/home.html", {"debates": debates})


def _render_debate(request, debate, stance, order):
    page, visible_count = caching.thread_page(
        debate.pk, debate.cache_token, request.GET.get("page"), stance, order
    )
    author = getattr(request.user, "author", None)
    thread_html = recommend_buttons.fill(
        caching.thread_html(debate, page, visible_count, stance, order),
        debate=debate,
        request=request,
        # Asked only where the buttons are offered.
        recommended=(
            Recommendation.objects.comment_ids(request.user, debate)
            if request.user.is_authenticated and debate.is_open
            else frozenset()
        ),
    )
    context = {
        "debate": debate,
        "lead_html": caching.lead_html(debate),
        "status_html": caching.status_html(debate),
        "reading_html": caching.reading_html(debate),
        "balance_html": caching.balance_html(debate, stance),
        "timeline_html": caching.timeline_html(debate),
        "thread_html": thread_html,
        # Called by the template only if the reader may post.
        "comment_form_html": functools.partial(caching.comment_form_html, debate),
        "can_post": author is not None,
        "own_unpublished": (
            Comment.objects.unpublished_by(
                author, debate, editable_since=_edit_window_start()
            )
            if author
            else []
        ),
        "state_form": DebateStateForm(),
        # Only staff can hold the permission; asking saves readers two queries.
        "can_moderate": request.user.is_staff
        and request.user.has_perm("debates.open_close_debate"),
    }
    return render(request, "debates/debate_detail.html", context)


def _edit_window_start():
    return timezone.now() - datetime.timedelta(minutes=settings.FORUM_EDIT_MINUTES)


def debate_detail(request, slug):
    # One small query for the debate's state; everything that is the same for every
    # reader comes from the cache under it.
    found = Debate.objects.page_state(slug)
    if found is None:
        raise Http404("No debate at this address.")
    debate_id, version, closes_at = found
    token = cache_token(version, closes_at)
    # ?stance=KEY shows only the comments taking that stance; any other value, the
    # whole thread.
    stance = caching.stance_filter(debate_id, token, request.GET.get("stance"))
    # ?sort=newest or ?sort=recommended; anything else, the archive's order.
    order = caching.thread_order(request.GET.get("sort"))
    if request.user.is_authenticated or len(messages.get_messages(request)):
        return _render_debate(request, caching.debate(debate_id, token), stance, order)
    # Signed-out readers all see the same page: serve it whole.
    page, _ = caching.thread_page(
        debate_id, token, request.GET.get("page"), stance, order
    )
    content = caching.anonymous_page(
        debate_id,
        token,
        page,
        lambda: (
            _render_debate(
                request, caching.debate(debate_id, token), stance, order
            ).content
        ),
        stance=stance,
        order=order,
    )
    return HttpResponse(content)


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
    debate = get_object_or_404(Debate, slug=slug)
    picks = (
        Comment.objects.picks().filter(debate=debate).select_related("author", "stance")
    )
    return render(request, "debates/picks.html", {"debate": debate, "picks": picks})


@require_POST
@login_required
@rate_limited("post")
def comment_create(request, slug):
    debate = get_object_or_404(Debate, slug=slug)
    author = getattr(request.user, "author", None)
    if author is None:
        messages.error(request, "Your account has no display name to post under.")
        return redirect(debate)
    form = CommentForm(request.POST, debate=debate)
    if not form.is_valid():
        return _comment_problem(request, debate, form, status=400)
    try:
        comment = post_comment(
            debate=debate,
            author=author,
            body=form.cleaned_data["body"],
            stance=form.cleaned_data.get("stance"),
        )
    except PostingRefused as refusal:
        debate.refresh_from_db()
        form.add_error(None, str(refusal))
        return _comment_problem(request, debate, form, status=403, refused=True)
    if comment.is_awaiting_review:
        messages.info(
            request,
            "Thank you: your comment is awaiting review. Only you can see it until a "
            "moderator approves it.",
        )
        return redirect(debate.get_absolute_url() + "#your-comments")
    messages.success(request, "Your comment is posted.")
    return redirect(comment)


def _comment_problem(request, debate, form, *, status, refused=False):
    """A page of its own for a comment that was not posted: the reason at the top,
    and the reader's text kept, to correct and send again or to copy."""
    return render(
        request,
        "debates/comment_problem.html",
        {"debate": debate, "form": form, "refused": refused},
        status=status,
    )


def _own_comment(request, slug, pk):
    return get_object_or_404(
        Comment.objects.select_related("debate", "author"),
        pk=pk,
        debate__slug=slug,
        author__user=request.user,
    )


@login_required
@rate_limited("post")
def comment_edit(request, slug, pk):
    """An author corrects their comment within the edit window."""
    comment = _own_comment(request, slug, pk)
    form = EditForm(request.POST or None, initial={"body": comment.body})
    refusal = None
    if request.method != "POST":
        try:
            comment.ensure_editable_by(comment.author)
        except PostingRefused as refused:
            refusal = str(refused)
    elif form.is_valid():
        try:
            comment = edit_comment(
                comment=comment,
                author=comment.author,
                body=form.cleaned_data["body"],
            )
        except PostingRefused as refused:
            form.add_error(None, str(refused))
        else:
            if comment.is_awaiting_review:
                messages.info(
                    request, "Your comment is updated and awaits a moderator's review."
                )
                return redirect(comment.debate.get_absolute_url() + "#your-comments")
            messages.success(request, "Your comment is updated.")
            return redirect(comment)
    return render(
        request,
        "debates/comment_edit.html",
        {
            "comment": comment,
            "debate": comment.debate,
            "form": form,
            "refusal": refusal,
        },
        status=403 if refusal else 400 if form.errors else 200,
    )


@require_POST
@login_required
def comment_delete(request, slug, pk):
    comment = _own_comment(request, slug, pk)
    try:
        delete_comment(comment=comment, author=comment.author)
    except PostingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, "Your comment is deleted.")
    return redirect(comment.debate.get_absolute_url() + "#your-comments")


@login_required
@rate_limited("post")
def comment_reply(request, slug, pk):
    """Reply to a comment, on a page of its own that shows the comment answered."""
    parent = get_object_or_404(
        Comment.objects.visible().select_related("author", "debate", "parent"),
        pk=pk,
        debate__slug=slug,
    ).reply_target()
    debate = parent.debate
    author = getattr(request.user, "author", None)
    form = ReplyForm(request.POST or None, debate=debate, parent=parent)
    if request.method == "POST" and author is not None and form.is_valid():
        try:
            reply = post_comment(
                debate=debate,
                author=author,
                body=form.cleaned_data["body"],
                stance=form.cleaned_data.get("stance"),
                parent=parent,
                quote=form.cleaned_data["quote"],
            )
        except PostingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            if reply.is_awaiting_review:
                messages.info(request, "Thank you: your reply is awaiting review.")
                return redirect(debate.get_absolute_url() + "#your-comments")
            messages.success(request, "Your reply is posted.")
            return redirect(reply)
    return render(
        request,
        "debates/reply.html",
        {"debate": debate, "parent": parent, "form": form, "can_post": author},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
@rate_limited("recommend")
def comment_recommend(request, slug, pk):
    """Recommend a comment, or take the recommendation back. The page's script asks
    for JSON and updates the count in place; without it, the form comes back to the
    page it was sent from, with a message."""
    comment = get_object_or_404(Comment, pk=pk, debate__slug=slug)
    wants_json = (
        request.get_preferred_type(["text/html", "application/json"])
        == "application/json"
    )
    form = RecommendForm(request.POST)
    if not form.is_valid():
        problem, status = form.errors["recommend"][0], 400
    else:
        recommended = form.cleaned_data["recommend"]
        try:
            comment = recommend_comment(
                comment=comment, reader=request.user, recommended=recommended
            )
        except PostingRefused as refusal:
            problem, status = str(refusal), 403
        else:
            count = comment.recommendation_count
            if wants_json:
                return JsonResponse(
                    {
                        "recommended": recommended,
                        "count": count,
                        "count_text": recommend_buttons.count_text(count),
                    }
                )
            messages.success(
                request,
                "You recommend this comment."
                if recommended
                else "You no longer recommend this comment.",
            )
            return redirect(safe_next(request) or comment)
    if wants_json:
        return JsonResponse({"error": problem}, status=status)
    messages.error(request, problem)
    return redirect(safe_next(request) or comment)


@login_required
@rate_limited("report")
def comment_report(request, slug, pk):
    comment = get_object_or_404(
        Comment.objects.visible().select_related("author", "debate"),
        pk=pk,
        debate__slug=slug,
    )
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.report_comment(
                comment=comment,
                reporter=request.user,
                reason=form.cleaned_data["reason"],
            )
        except moderation.ModerationError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request, "Thank you. The moderators will look at your report."
            )
        return redirect(comment)
    already = comment.reports.filter(reporter=request.user).exists()
    return render(
        request,
        "debates/report.html",
        {"comment": comment, "form": form, "already_reported": already},
    )


def author_detail(request, pk):
    """An author's comments across debates; the author also sees their unpublished
    ones, with the moderators' reasons."""
    author = get_object_or_404(Author, pk=pk)
    is_self = request.user.is_authenticated and author.user_id == request.user.pk
    comments = (
        (author.comments.all() if is_self else author.comments.visible())
        .select_related("debate", "moderation_rule")
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
        {"article": article, "debates": article.debates.with_timeline()},
    )


@sensitive_post_parameters("password1", "password2")
@rate_limited("signup")
def signup(request):
    if request.user.is_authenticated:
        return redirect("debates:home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        author = register_reader(
            username=form.cleaned_data["username"],
            password=form.cleaned_data["password1"],
            name=form.cleaned_data["name"],
            place=form.cleaned_data["place"],
            email=form.cleaned_data["email"],
            notify_on_reply=form.cleaned_data["notify_on_reply"],
            notify_on_decision=form.cleaned_data["notify_on_decision"],
        )
        login(request, author.user)
        messages.success(
            request, f"Welcome, {author.name}. You can join any open debate."
        )
        ask_to_confirm_if_needed(request, author)
        return redirect(safe_next(request) or reverse("debates:home"))
    return render(
        request, "registration/signup.html", {"form": form, "next": safe_next(request)}
    )


def username_tried(request):
    return request.POST.get("username", "").strip().casefold()[:150] or None


@method_decorator(rate_limited("signin", account=username_tried), name="dispatch")
class SignInView(LoginView):
    """Django's sign-in, with attempts counted per username and per address, so
    guessing a password runs out of tries long before it runs out of passwords."""
