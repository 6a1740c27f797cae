"""Moderators' own pages: the queue, a comment's decisions, a debate's settings and
audit trail, suspending posters.

Every view here checks a moderation permission first, so readers (and staff without
it) get 403 whatever the method; a moderator's GET to a state-changing URL gets 405.
"""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from ..models import Author, Comment, Debate, ModerationAction
from ..redirects import safe_next
from . import actions as moderation
from .forms import (
    DebateStateForm,
    DecisionForm,
    ModerationModeForm,
    PickForm,
    RuleDecisionForm,
    ScheduleForm,
    SuspensionForm,
)

moderates_comments = permission_required(
    "debates.moderate_comment", raise_exception=True
)
moderates_debates = permission_required(
    "debates.open_close_debate", raise_exception=True
)
suspends_authors = permission_required("debates.suspend_author", raise_exception=True)


def _back(request, default):
    return redirect(safe_next(request) or default)


def _first_error(form):
    return next(iter(form.errors.values()))[0]


@moderates_comments
def queue(request):
    comments = Comment.objects.needing_moderation()[:200]
    return render(
        request,
        "moderation/queue.html",
        {
            "comments": comments,
            "rule_form": RuleDecisionForm(),
            "decision_form": DecisionForm(),
        },
    )


@moderates_comments
def audit_trail(request):
    """Every moderation action across the forum, newest first."""
    actions = ModerationAction.objects.select_related(
        "moderator", "rule", "author", "debate"
    )[:500]
    return render(request, "moderation/audit.html", {"actions": actions})


@moderates_comments
def comment_detail(request, pk):
    comment = get_object_or_404(
        Comment.objects.select_related(
            "author", "debate", "moderation_rule", "stance", "review_request"
        ),
        pk=pk,
    )
    return render(
        request,
        "moderation/comment.html",
        {
            "comment": comment,
            "reports": comment.reports.select_related("reporter"),
            "revisions": comment.revisions.all(),
            "open_flags": comment.automatic_flags.unresolved(),
            "actions": comment.moderation_actions.select_related("moderator", "rule"),
            "rule_form": RuleDecisionForm(),
            "decision_form": DecisionForm(),
            "pick_form": PickForm(initial={"quote": comment.highlight}),
        },
    )


COMMENT_DECISIONS = {
    # verb: (function, form, message naming the comment's signature)
    "approve": (
        moderation.approve_comment,
        DecisionForm,
        gettext_lazy("Approved. (%(signature)s)"),
    ),
    "restore": (
        moderation.restore_comment,
        DecisionForm,
        gettext_lazy("Restored. (%(signature)s)"),
    ),
    "reject": (
        moderation.reject_comment,
        RuleDecisionForm,
        gettext_lazy("Rejected. (%(signature)s)"),
    ),
    "remove": (
        moderation.remove_comment,
        RuleDecisionForm,
        gettext_lazy("Removed. (%(signature)s)"),
    ),
}


@moderates_comments
@require_POST
def comment_decide(request, pk, verb):
    comment = get_object_or_404(Comment, pk=pk)
    decide, form_class, done = COMMENT_DECISIONS[verb]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return _back(request, reverse("moderation:comment", args=[pk]))
    try:
        decide(comment=comment, by=request.user, **form.cleaned_data)
    except moderation.ModerationError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, str(done) % {"signature": comment.signature})
    return _back(request, reverse("moderation:queue"))


@moderates_comments
@require_POST
def comment_review(request, pk):
    """Answer an author's request for a review: restore the comment or keep the
    decision, with an optional note for them."""
    comment = get_object_or_404(Comment, pk=pk)
    form = DecisionForm(request.POST)
    outcome = request.POST.get("outcome")
    if outcome not in ("restore", "keep"):
        messages.error(request, gettext("Choose Restore it or Keep the decision."))
    elif not form.is_valid():
        messages.error(request, _first_error(form))
    else:
        try:
            moderation.decide_review(
                comment=comment,
                by=request.user,
                restore=outcome == "restore",
                note=form.cleaned_data["note"],
            )
        except moderation.ModerationError as refusal:
            messages.error(request, str(refusal))
        else:
            done = (
                gettext("Restored on review; the author is told. (%(author)s)")
                if outcome == "restore"
                else gettext(
                    "Decision kept on review; the author is told. (%(author)s)"
                )
            )
            messages.success(request, done % {"author": comment.author})
    return _back(request, reverse("moderation:comment", args=[pk]))


@moderates_comments
@require_POST
def comment_pick(request, pk):
    comment = get_object_or_404(Comment, pk=pk)
    form = PickForm(request.POST)
    try:
        if "unpick" in request.POST:
            moderation.unpick_comment(comment=comment, by=request.user)
            messages.success(request, gettext("No longer a pick."))
        elif form.is_valid():
            moderation.pick_comment(
                comment=comment, by=request.user, quote=form.cleaned_data["quote"]
            )
            messages.success(request, gettext("Picked, with its pull-quote."))
        else:
            messages.error(request, _first_error(form))
    except moderation.ModerationError as refusal:
        messages.error(request, str(refusal))
    return redirect("moderation:comment", pk=pk)


@moderates_debates
def debate_detail(request, slug):
    debate = get_object_or_404(Debate, slug=slug)
    return render(
        request,
        "moderation/debate.html",
        {
            "debate": debate,
            "state_form": DebateStateForm(),
            "schedule_form": ScheduleForm(initial={"closes_at": debate.closes_at}),
            "mode_form": ModerationModeForm(initial={"mode": debate.moderation_mode}),
            "actions": ModerationAction.objects.filter(debate=debate).select_related(
                "moderator", "rule", "comment", "author"
            )[:200],
            "waiting": Comment.objects.needing_moderation().filter(debate=debate),
        },
    )


def _change_debate_state(request, slug, change, done, unchanged):
    debate = get_object_or_404(Debate, slug=slug)
    form = DebateStateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
        return _back(request, debate.get_absolute_url())
    if change(debate=debate, by=request.user, reason=form.cleaned_data["reason"]):
        messages.success(request, done)
    else:
        messages.info(request, unchanged)
    return _back(request, debate.get_absolute_url())


@moderates_debates
@require_POST
def debate_close(request, slug):
    return _change_debate_state(
        request,
        slug,
        moderation.close_debate,
        done=gettext("The debate is closed to new comments."),
        unchanged=gettext("The debate was already closed."),
    )


@moderates_debates
@require_POST
def debate_open(request, slug):
    return _change_debate_state(
        request,
        slug,
        moderation.open_debate,
        done=gettext("The debate is open for comments again."),
        unchanged=gettext("The debate was already open."),
    )


@moderates_debates
@require_POST
def debate_schedule(request, slug):
    debate = get_object_or_404(Debate, slug=slug)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
    else:
        try:
            moderation.schedule_close(
                debate=debate, by=request.user, closes_at=form.cleaned_data["closes_at"]
            )
        except moderation.ModerationError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, gettext("Closing time saved."))
    return redirect("moderation:debate", slug=slug)


@moderates_debates
@require_POST
def debate_mode(request, slug):
    debate = get_object_or_404(Debate, slug=slug)
    form = ModerationModeForm(request.POST)
    if form.is_valid():
        moderation.set_moderation_mode(
            debate=debate, by=request.user, mode=form.cleaned_data["mode"]
        )
        messages.success(request, gettext("Moderation mode saved."))
    else:
        messages.error(request, _first_error(form))
    return redirect("moderation:debate", slug=slug)


@suspends_authors
def author_detail(request, pk):
    author = get_object_or_404(Author, pk=pk)
    return render(
        request,
        "moderation/author.html",
        {
            "author": author,
            "suspensions": author.suspensions.select_related("rule", "created_by"),
            "in_force": author.suspensions.in_force().exists(),
            "actions": author.moderation_actions.select_related(
                "moderator", "rule", "author"
            )[:200],
            "form": SuspensionForm(),
            "comments": author.comments.select_related("debate").order_by("-posted_at")[
                :50
            ],
        },
    )


@suspends_authors
@require_POST
def author_suspend(request, pk):
    author = get_object_or_404(Author, pk=pk)
    form = SuspensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _first_error(form))
    else:
        try:
            suspension = moderation.suspend_author(
                author=author, by=request.user, **form.cleaned_data
            )
        except moderation.ModerationError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(
                request,
                # Translators: e.g. "Jane (Leeds) is suspended until further notice."
                gettext("%(signature)s is suspended %(period)s.")
                % {"signature": author.signature, "period": suspension.period_display},
            )
    return redirect("moderation:author", pk=pk)


@suspends_authors
@require_POST
def author_lift(request, pk):
    author = get_object_or_404(Author, pk=pk)
    if moderation.lift_suspensions(author=author, by=request.user):
        messages.success(
            request,
            gettext("%(signature)s may post again.") % {"signature": author.signature},
        )
    else:
        messages.info(request, gettext("There was no suspension in force."))
    return redirect("moderation:author", pk=pk)


@moderates_comments
@require_POST
def comment_unmask(request, pk):
    comment = get_object_or_404(Comment, pk=pk)
    try:
        moderation.unmask_comment(comment=comment, by=request.user)
    except moderation.ModerationError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, gettext("Readers now see the words as written."))
    return redirect("moderation:comment", pk=pk)


@moderates_comments
@require_POST
def author_clear_record(request, pk):
    author = get_object_or_404(Author, pk=pk)
    moderation.clear_record(author=author, by=request.user)
    messages.success(
        request,
        gettext(
            "%(signature)s's record is cleared: earlier decisions no longer hold "
            "their comments for review."
        )
        % {"signature": author.signature},
    )
    return _back(request, reverse("moderation:queue"))
