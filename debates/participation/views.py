"""Readers taking part: posting, editing, replying, recommending, reporting, joining."""

import functools

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, redirect_to_login
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import get_language, gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from ..models import (
    Comment,
    Debate,
    PostingRefused,
)
from ..moderation import actions as moderation
from ..notifications.views import ask_to_confirm_if_needed
from ..ratelimit import rate_limited, sign_in_limited
from ..reading import recommend_buttons
from ..redirects import safe_next
from . import drafts
from .accounts import register_reader
from .forms import (
    CommentForm,
    EditForm,
    RecommendForm,
    ReplyForm,
    ReportForm,
    ReviewRequestForm,
    SignUpForm,
)
from .posting import ask_for_review, delete_comment, edit_comment, post_comment
from .recommending import recommend_comment


def signed_in_or_kept(view):
    """Like login_required, for the views that post a comment: a form that arrives
    signed out (the session ended while the reader wrote) is kept, and the reader is
    sent to sign in and then to see it again, ready to send; never to the form's
    POST-only address."""

    @functools.wraps(view)
    def wrapper(request, slug, pk=None, **kwargs):
        if request.user.is_authenticated:
            if pk is None:
                return view(request, slug, **kwargs)
            return view(request, slug, pk, **kwargs)
        if request.method != "POST":
            return redirect_to_login(request.get_full_path())
        debate = get_object_or_404(Debate, slug=slug)
        if not request.POST.get("body", "").strip():
            return redirect_to_login(debate.get_absolute_url())
        messages.info(
            request,
            gettext(
                "You were signed out, so your comment was not posted. Sign in and it "
                "will be waiting for you to send."
            ),
        )
        return redirect_to_login(drafts.keep(request, debate, reply_to=pk))

    return wrapper


def signed_in_or_back_to(view):
    """Like login_required, for POST-only views about one comment: signed out, the
    reader signs in and comes back to the comment, not to the POST-only address."""

    @functools.wraps(view)
    def wrapper(request, slug, pk, **kwargs):
        if request.user.is_authenticated:
            return view(request, slug, pk, **kwargs)
        comment = reverse("debates:comment", kwargs={"slug": slug, "pk": pk})
        return redirect_to_login(comment)

    return wrapper


@require_POST
@signed_in_or_kept
@rate_limited("post")
def comment_create(request, slug):
    debate = get_object_or_404(Debate, slug=slug)
    author = getattr(request.user, "author", None)
    if author is None:
        messages.error(
            request, gettext("Your account has no display name to post under.")
        )
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
            language=form.cleaned_data["language"],
        )
    except PostingRefused as refusal:
        debate.refresh_from_db()
        form.add_error(None, str(refusal))
        return _comment_problem(request, debate, form, status=403, refused=True)
    drafts.forget(request)
    if comment.is_awaiting_review:
        messages.info(
            request,
            gettext(
                "Thank you: your comment is awaiting review. Only you can see it until "
                "a moderator approves it."
            ),
            extra_tags="posted",
        )
        return redirect(debate.get_absolute_url() + "#your-comments")
    messages.success(
        request,
        _posted(gettext("Your comment is posted."), comment),
        extra_tags="posted",
    )
    return redirect(comment)


def _posted(done, comment):
    """What a poster is told of a published comment, and of words a rule masked."""
    if comment.unmasked_body:
        # Translators: %(done)s is the sentence before, e.g. "Your comment is posted."
        return gettext(
            "%(done)s The forum's rules mask some of its words: readers see ■ in "
            "their place."
        ) % {"done": done}
    return done


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
        Comment.objects.select_related("debate", "author__user"),
        pk=pk,
        debate__slug=slug,
        author__user=request.user,
    )


@login_required
@rate_limited("post")
def comment_edit(request, slug, pk):
    """An author corrects their comment within the edit window."""
    comment = _own_comment(request, slug, pk)
    form = EditForm(
        request.POST or None,
        initial={"body": comment.as_written, "language": comment.language},
    )
    refusal = None
    if request.method != "POST":
        refusal = comment.edit_refusal(comment.author)
    elif form.is_valid():
        try:
            comment = edit_comment(
                comment=comment,
                author=comment.author,
                body=form.cleaned_data["body"],
                language=form.cleaned_data["language"],
            )
        except PostingRefused as refused:
            form.add_error(None, str(refused))
        else:
            if comment.is_awaiting_review:
                messages.info(
                    request,
                    gettext("Your comment is updated and awaits a moderator's review."),
                    extra_tags="posted",
                )
                return redirect(comment.debate.get_absolute_url() + "#your-comments")
            messages.success(
                request,
                _posted(gettext("Your comment is updated."), comment),
                extra_tags="posted",
            )
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


@signed_in_or_back_to
def comment_delete(request, slug, pk):
    """An author takes their comment down, after a page that asks them to confirm
    (a link leads there, so it works without JavaScript)."""
    comment = _own_comment(request, slug, pk)
    if request.method != "POST":
        refusal = comment.edit_refusal(comment.author)
        return render(
            request,
            "debates/comment_delete.html",
            {"comment": comment, "debate": comment.debate, "refusal": refusal},
            status=403 if refusal else 200,
        )
    try:
        delete_comment(comment=comment, author=comment.author)
    except PostingRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, gettext("Your comment is deleted."))
    return redirect(comment.debate.get_absolute_url() + "#your-comments")


@login_required
def comment_review(request, slug, pk):
    """The author of a rejected or removed comment asks, once, with a note, for
    another moderator to look again."""
    comment = get_object_or_404(
        Comment.objects.select_related("debate", "author", "moderation_rule"),
        pk=pk,
        debate__slug=slug,
        author__user=request.user,
    )
    form = ReviewRequestForm(request.POST or None)
    refusal = comment.review_refusal(comment.author)
    if request.method == "POST" and not refusal and form.is_valid():
        try:
            ask_for_review(
                comment=comment, author=comment.author, note=form.cleaned_data["note"]
            )
        except PostingRefused as refused:
            refusal = str(refused)
        else:
            messages.success(
                request,
                gettext(
                    "Your request is with the moderators. One who did not make the "
                    "decision will look again, and you will hear the answer here and "
                    "by email if you asked for emails."
                ),
            )
            return redirect(comment.debate.get_absolute_url() + "#your-comments")
    return render(
        request,
        "debates/comment_review.html",
        {
            "comment": comment,
            "debate": comment.debate,
            "form": form,
            "refusal": refusal,
        },
        status=403 if refusal else 400 if form.errors else 200,
    )


@signed_in_or_kept
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
                language=form.cleaned_data["language"],
                parent=parent,
                quote=form.cleaned_data["quote"],
            )
        except PostingRefused as refusal:
            form.add_error(None, str(refusal))
        else:
            drafts.forget(request)
            if reply.is_awaiting_review:
                messages.info(
                    request,
                    gettext("Thank you: your reply is awaiting review."),
                    extra_tags="posted",
                )
                return redirect(debate.get_absolute_url() + "#your-comments")
            messages.success(
                request,
                _posted(gettext("Your reply is posted."), reply),
                extra_tags="posted",
            )
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


@login_required
def comment_draft(request, slug):
    """The comment a reader wrote while signed out, shown again ready to send: as a
    reply, if the comment it answered can still be answered, else as a comment."""
    debate = get_object_or_404(Debate, slug=slug)
    draft = drafts.kept_for(request, debate)
    if draft is None:
        return redirect(debate)
    initial = {"body": draft["body"], "stance": draft["stance"] or None}
    answered = (
        Comment.objects.visible()
        .select_related("author", "debate")
        .filter(pk=draft["reply_to"], debate=debate)
        .first()
        if draft["reply_to"]
        else None
    )
    author = getattr(request.user, "author", None)
    if answered is not None:
        form = ReplyForm(
            initial={**initial, "quote": draft["quote"]}, debate=debate, parent=answered
        )
        action = reverse("debates:reply", kwargs={"slug": slug, "pk": answered.pk})
    else:
        form = CommentForm(initial=initial, debate=debate)
        action = reverse("debates:comment_create", kwargs={"slug": slug})
    return render(
        request,
        "debates/draft.html",
        {
            "debate": debate,
            "form": form,
            "action": action,
            "answered": answered,
            "answered_gone": bool(draft["reply_to"]) and answered is None,
            "can_post": author,
            "suspension": author.suspension_to_show() if author else None,
        },
    )


@require_POST
@signed_in_or_back_to
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
                gettext("You recommend this comment.")
                if recommended
                else gettext("You no longer recommend this comment."),
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
                request, gettext("Thank you. The moderators will look at your report.")
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
            # Signing up on a page of another language than the site's is a choice:
            # their emails speak it from the first. On the site's own pages it is
            # none, and their browser still decides.
            language="" if get_language() == settings.LANGUAGE_CODE else get_language(),
        )
        login(request, author.user)
        messages.success(
            request,
            gettext("Welcome, %(name)s. You can join any open debate.")
            % {"name": author.name},
        )
        ask_to_confirm_if_needed(request, author)
        return redirect(safe_next(request) or reverse("debates:home"))
    return render(
        request, "registration/signup.html", {"form": form, "next": safe_next(request)}
    )


@method_decorator(sign_in_limited, name="dispatch")
class SignInView(LoginView):
    """Django's sign-in, with guessing limited (see ratelimit.sign_in_limited), so
    a guesser runs out of tries long before the account's owner does."""
