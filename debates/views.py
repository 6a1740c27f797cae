"""Pages for readers and the staff views for moderators."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required, permission_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import moderation
from .forms import CommentForm, DebateStateForm, SignUpForm
from .models import Article, Comment, CommentingClosed, Debate
from .posting import post_comment, register_reader


def home(request):
    debates = Debate.objects.with_activity().order_by("-created_at")
    return render(request, "debates/home.html", {"debates": debates})


def _render_debate(request, debate, *, form=None, status=200):
    comments = Comment.objects.for_thread(debate)
    page = Paginator(comments, settings.COMMENTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    can_post = request.user.is_authenticated and hasattr(request.user, "author")
    context = {
        "debate": debate,
        "articles": debate.background_reading.all(),
        "page": page,
        "page_numbers": page.paginator.get_elided_page_range(page.number),
        "comment_form": form or (CommentForm() if can_post else None),
        "can_post": can_post,
        "state_form": DebateStateForm(),
        "can_moderate": request.user.has_perm("debates.open_close_debate"),
    }
    return render(request, "debates/debate_detail.html", context, status=status)


def debate_detail(request, slug):
    debate = get_object_or_404(
        Debate.objects.select_related("state_changed_by__author"), slug=slug
    )
    return _render_debate(request, debate)


def comment_permalink(request, slug, pk):
    """Send a comment's permanent link to the page of the thread that shows it."""
    comment = get_object_or_404(
        Comment.objects.visible().select_related("debate"), pk=pk, debate__slug=slug
    )
    earlier = (
        Comment.objects.visible()
        .filter(debate=comment.debate, position__lt=comment.position)
        .count()
    )
    page_number = earlier // settings.COMMENTS_PER_PAGE + 1
    url = comment.debate.get_absolute_url()
    if page_number > 1:
        url += f"?page={page_number}"
    return redirect(f"{url}#{comment.anchor}")


@require_POST
@login_required
def comment_create(request, slug):
    debate = get_object_or_404(
        Debate.objects.select_related("state_changed_by__author"), slug=slug
    )
    author = getattr(request.user, "author", None)
    if author is None:
        messages.error(request, "Your account has no display name to post under.")
        return redirect(debate)
    form = CommentForm(request.POST)
    if not form.is_valid():
        return _render_debate(request, debate, form=form, status=400)
    try:
        comment = post_comment(
            debate=debate, author=author, body=form.cleaned_data["body"]
        )
    except CommentingClosed as refusal:
        debate.refresh_from_db()
        form.add_error(None, str(refusal))
        return _render_debate(request, debate, form=form, status=403)
    messages.success(request, "Your comment is posted.")
    return redirect(comment)


def _change_debate_state(request, slug, change, done, unchanged):
    debate = get_object_or_404(Debate, slug=slug)
    form = DebateStateForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["reason"][0])
        return redirect(debate)
    if change(debate=debate, by=request.user, reason=form.cleaned_data["reason"]):
        messages.success(request, done)
    else:
        messages.info(request, unchanged)
    return redirect(debate)


@require_POST
@permission_required("debates.open_close_debate", raise_exception=True)
def debate_close(request, slug):
    return _change_debate_state(
        request,
        slug,
        moderation.close_debate,
        done="The debate is closed to new comments.",
        unchanged="The debate was already closed.",
    )


@require_POST
@permission_required("debates.open_close_debate", raise_exception=True)
def debate_open(request, slug):
    return _change_debate_state(
        request,
        slug,
        moderation.open_debate,
        done="The debate is open for comments again.",
        unchanged="The debate was already open.",
    )


def article_detail(request, slug):
    article = get_object_or_404(Article, slug=slug)
    return render(
        request,
        "debates/article_detail.html",
        {"article": article, "debates": article.debates.all()},
    )


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
        )
        login(request, author.user)
        messages.success(
            request, f"Welcome, {author.name}. You can join any open debate."
        )
        return redirect(_safe_next(request) or reverse("debates:home"))
    return render(
        request, "registration/signup.html", {"form": form, "next": _safe_next(request)}
    )


def _safe_next(request):
    """The page to return to after signing up, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""
