"""Readers taking part: posting, editing, replying, recommending, reporting, joining."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from ..models import (
    Comment,
    Debate,
    PostingRefused,
)
from ..moderation import actions as moderation
from ..notifications.views import ask_to_confirm_if_needed
from ..ratelimit import rate_limited
from ..reading import recommend_buttons
from ..redirects import safe_next
from .accounts import register_reader
from .forms import (
    CommentForm,
    EditForm,
    RecommendForm,
    ReplyForm,
    ReportForm,
    SignUpForm,
)
from .posting import delete_comment, edit_comment, post_comment
from .recommending import recommend_comment


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
        refusal = comment.edit_refusal(comment.author)
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
    )
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
        {
            "debate": debate,
            "parent": parent,
            "form": form,
            "can_post": author,
            "suspension": author.suspension_to_show() if author else None,
        },
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


@sensitive_post_parameters("password1", "password2")
@rate_limited("signup_attempt")
@rate_limited("signup", accepted_only=True)
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
