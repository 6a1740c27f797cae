"""Pages for readers and the staff views for moderators."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required, permission_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import caching, moderation
from .forms import CommentForm, DebateStateForm, SignUpForm
from .models import Article, Comment, CommentingClosed, Debate
from .posting import post_comment, register_reader
from .ratelimit import rate_limited


def home(request):
    debates = Debate.objects.with_activity().order_by("-created_at")
    return render(request, "debates/home.html", {"debates": debates})


def _render_debate(request, debate, *, form=None, status=200):
    page, visible_count = caching.thread_page(
        debate.pk, debate.version, request.GET.get("page")
    )
    can_post = request.user.is_authenticated and hasattr(request.user, "author")
    context = {
        "debate": debate,
        "lead_html": caching.lead_html(debate),
        "status_html": caching.status_html(debate),
        "reading_html": caching.reading_html(debate),
        "thread_html": caching.thread_html(debate, page, visible_count),
        "comment_form": form,
        "blank_comment_form_html": caching.blank_comment_form_html,
        "can_post": can_post,
        "state_form": DebateStateForm(),
        # Only staff can hold the permission; asking saves readers two queries.
        "can_moderate": request.user.is_staff
        and request.user.has_perm("debates.open_close_debate"),
    }
    return render(request, "debates/debate_detail.html", context, status=status)


def debate_detail(request, slug):
    # One small query for the debate's current version; everything else that is the
    # same for every reader comes from the cache under that version.
    found = Debate.objects.id_and_version(slug)
    if found is None:
        raise Http404("No debate at this address.")
    debate_id, version = found
    if request.user.is_authenticated or len(messages.get_messages(request)):
        return _render_debate(request, caching.debate(debate_id, version))
    # Signed-out readers all see the same page: serve it whole.
    page, _ = caching.thread_page(debate_id, version, request.GET.get("page"))
    content = caching.anonymous_page(
        debate_id,
        version,
        page,
        lambda: _render_debate(request, caching.debate(debate_id, version)).content,
    )
    return HttpResponse(content)


def comment_permalink(request, slug, pk):
    """Send a comment's permanent link to the page of the thread that shows it."""
    comment = get_object_or_404(
        Comment.objects.visible().select_related("debate"), pk=pk, debate__slug=slug
    )
    page_number = caching.page_number_of(comment)
    url = comment.debate.get_absolute_url()
    if page_number > 1:
        url += f"?page={page_number}"
    return redirect(f"{url}#{comment.anchor}")


@require_POST
@login_required
@rate_limited("post")
def comment_create(request, slug):
    debate = get_object_or_404(Debate, slug=slug)
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
