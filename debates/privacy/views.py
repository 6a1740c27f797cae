"""The account page, download my data, and closing one's account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from ..models import DataExport
from .closing import ask_to_close_account, closing_date
from .forms import CloseAccountForm
from .personal_data import ask_for_data


def _author_of(request):
    author = getattr(request.user, "author", None)
    if author is None:
        raise Http404("This account has no reader's page.")
    return author


@login_required
def account(request):
    """Everything about the signed-in reader's account, and their rights over it."""
    author = _author_of(request)
    return render(
        request,
        "privacy/account.html",
        {
            "author": author,
            "follows": author.follows.select_related("debate").order_by(
                "debate__title"
            ),
            "data_export": author.data_exports.filter(
                expires_at__gt=timezone.now()
            ).first(),
            "close_form": CloseAccountForm(user=request.user),
            "closing_days": _days(settings.FORUM_CLOSING_DAYS),
        },
    )


def _days(value):
    return int(value) if float(value).is_integer() else value


def privacy_page(request):
    """What the forum keeps, why and for how long, and how to exercise each right;
    its figures are the settings in force."""
    return render(
        request,
        "privacy/privacy.html",
        {
            "keep_days": settings.FORUM_EMAIL_KEEP_DAYS,
            "session_days": settings.SESSION_COOKIE_AGE // 86400,
            "closing_days": _days(settings.FORUM_CLOSING_DAYS),
            "edit_minutes": settings.FORUM_EDIT_MINUTES,
            "contact": settings.FORUM_PRIVACY_CONTACT,
        },
    )


@login_required
@require_POST
def ask_for_my_data(request):
    export = ask_for_data(_author_of(request))
    if export.is_ready:
        messages.info(request, "Your data is ready below.")
    else:
        messages.success(
            request,
            "Your data is being put together. It appears here, ready to download, "
            "in a minute or so; we email you too if your address is confirmed.",
        )
    return redirect("debates:account")


@login_required
def download_my_data(request, pk):
    """The reader's own data as a JSON file; nobody else's, and only until it
    expires."""
    export = get_object_or_404(
        DataExport,
        pk=pk,
        author=_author_of(request),
        ready_at__isnull=False,
        expires_at__gt=timezone.now(),
    )
    response = HttpResponse(export.content, content_type="application/json")
    name = f"revived-debates-data-{export.ready_at:%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    add_never_cache_headers(response)
    return response


@sensitive_post_parameters("password")
@login_required
@require_POST
def close_account(request):
    author = _author_of(request)
    form = CloseAccountForm(request.POST, user=request.user)
    if not form.is_valid():
        return render(
            request,
            "privacy/account.html",
            {
                "author": author,
                "follows": author.follows.select_related("debate"),
                "close_form": form,
                "closing_days": _days(settings.FORUM_CLOSING_DAYS),
            },
            status=400,
        )
    keep = form.cleaned_data["comments"] == CloseAccountForm.KEEP
    ask_to_close_account(author=author, keep_comments=keep)
    author.refresh_from_db()
    logout(request)
    return render(
        request,
        "privacy/closing.html",
        {"erased_on": closing_date(author), "keep_comments": keep},
    )
