"""Pages for a reader's notification emails: their settings, and unsubscribing."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from ..models import Author, Debate, Follow
from ..ratelimit import wait_before
from .emails import (
    ConfirmationRefused,
    ask_to_confirm,
    confirm_email,
    confirmation_for,
    read_unsubscribe_token,
    set_notification_preferences,
    stop_emails,
    what_a_token_stops,
)
from .following import follow_debate, stop_following
from .forms import NotificationSettingsForm


def ask_to_confirm_if_needed(request, author):
    """If the reader chose emails at an address they have not confirmed, email it a
    link to confirm, within the "confirm" rate limit (each goes to an address that
    someone typed, which may not be theirs), and say so."""
    if not author.awaits_confirmation:
        return
    email = author.user.email
    if wait_before(request, "confirm", author.pk):
        messages.warning(
            request,
            gettext(
                "Several confirmation links have gone to %(email)s in the last hour: "
                "use the newest, or save your settings again later for another."
            )
            % {"email": email},
        )
        return
    ask_to_confirm(author)
    messages.info(
        request,
        gettext(
            "We sent a confirmation link to %(email)s: notifications start once you "
            "open it."
        )
        % {"email": email},
    )


@login_required
def notification_settings(request):
    """The signed-in reader's own address and choices; nobody else's."""
    author = getattr(request.user, "author", None)
    if author is None:
        raise Http404(
            gettext("This account has no author to send notifications about.")
        )
    form = NotificationSettingsForm(
        request.POST if request.method == "POST" else None,
        initial={
            "email": request.user.email,
            "notify_on_reply": author.notify_on_reply,
            "notify_on_decision": author.notify_on_decision,
        },
    )
    if form.is_valid():
        set_notification_preferences(
            author=author,
            email=form.cleaned_data["email"],
            on_reply=form.cleaned_data["notify_on_reply"],
            on_decision=form.cleaned_data["notify_on_decision"],
        )
        messages.success(request, gettext("Your notification settings are saved."))
        ask_to_confirm_if_needed(request, author)
        return redirect("debates:notification_settings")
    return render(request, "notifications/settings.html", {"form": form})


# Exempt from CSRF, as RFC 8058 requires (mail programs post here with no token).
# That is safe: the signed token is the authority, and all it allows is turning off
# emails to the author it names.
@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def unsubscribe(request, token):
    """Stop notification emails from the link in one, without signing in.

    GET only asks, with one button, so mail scanners that open every link stop
    nothing; POST, from that button or a mail program's one-click unsubscribe,
    stops them and answers with the confirmation (not a redirect: a mail program
    wants its answer at once, and sending it again changes nothing).
    """
    try:
        author_id, kind = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe_invalid.html", status=400)
    author = get_object_or_404(Author, pk=author_id)
    context = {
        "author": author,
        "token": token,
        "emails": what_a_token_stops(kind, author),
    }
    if request.method == "POST":
        stop_emails(author, kind)
        return render(request, "notifications/unsubscribed.html", context)
    return render(request, "notifications/unsubscribe.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_address(request, token):
    """Confirm an address for notification emails from the link emailed to it,
    without signing in: the signed token is the authority. GET only asks, with one
    button, so mail scanners that open every link confirm nothing."""
    confirming = request.method == "POST"
    try:
        author = confirm_email(token) if confirming else confirmation_for(token)
    except ConfirmationRefused as refusal:
        return render(
            request,
            "notifications/confirm_invalid.html",
            {"problem": str(refusal)},
            status=400,
        )
    template = "confirmed" if confirming else "confirm"
    return render(
        request,
        f"notifications/{template}.html",
        {"author": author, "email": author.user.email, "token": token},
    )


FOLLOW_CHOICES = {**dict(Follow.Emails.choices), "none": _("No emails")}


@login_required
@require_POST
def follow(request, slug):
    """Follow a debate, change how, or stop (`emails`: every, daily or none), from
    the form on the debate page; back to it with a message saying what is now so."""
    debate = get_object_or_404(Debate, slug=slug)
    author = getattr(request.user, "author", None)
    back = redirect(f"{debate.get_absolute_url()}#follow-heading")
    how = request.POST.get("emails", "")
    if author is None:
        messages.error(request, gettext("Only a reader's account can follow a debate."))
        return back
    if how not in FOLLOW_CHOICES:
        messages.error(
            request,
            gettext(
                "Choose how to follow: an email for every new comment, or a daily "
                "digest."
            ),
        )
        return back
    if how == "none":
        stop_following(author=author, debate=debate)
        messages.success(
            request,
            gettext("You no longer follow “%(debate)s”.") % {"debate": debate.title},
        )
        return back
    follow_debate(author=author, debate=debate, emails=how)
    if how == Follow.Emails.EVERY:
        followed = gettext("You follow “%(debate)s”: an email for every new comment.")
    else:
        followed = gettext("You follow “%(debate)s”: a daily digest of new comments.")
    messages.success(request, followed % {"debate": debate.title})
    if not author.email_confirmed:
        messages.warning(
            request,
            gettext(
                "Emails go only to a confirmed address: add or confirm yours in your "
                "notification settings."
            ),
        )
    return back
