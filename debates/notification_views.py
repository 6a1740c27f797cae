"""Pages for a reader's notification emails: their settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render

from .forms import NotificationSettingsForm
from .notifications import set_notification_preferences


@login_required
def notification_settings(request):
    """The signed-in reader's own address and choices; nobody else's."""
    author = getattr(request.user, "author", None)
    if author is None:
        raise Http404("This account has no author to send notifications about.")
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
        messages.success(request, "Your notification settings are saved.")
        return redirect("debates:notification_settings")
    return render(request, "notifications/settings.html", {"form": form})
