"""The account page, download my data, and closing one's account."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from ..models import DataExport
from ..models.translation import translations_to_fetch
from ..participation.forms import SignatureForm
from .closing import ask_to_close_account, closing_date
from .forms import CloseAccountForm
from .personal_data import ask_for_data
from .signature import change_signature


def _author_of(request):
    author = getattr(request.user, "author", None)
    if author is None:
        raise Http404(gettext("This account has no reader's page."))
    return author


def _account_page(request, author, *, status=200, **forms):
    return render(
        request,
        "privacy/account.html",
        {
            "author": author,
            "follows": author.follows.select_related("debate")
            .prefetch_related(*translations_to_fetch(through="debate__"))
            .order_by("debate__title"),
            "data_export": author.data_exports.filter(
                expires_at__gt=timezone.now()
            ).first(),
            "signature_form": forms.get("signature_form")
            or SignatureForm(
                author=author, initial={"name": author.name, "place": author.place}
            ),
            "close_form": forms.get("close_form")
            or CloseAccountForm(user=request.user),
            "closing_days": _days(settings.FORUM_CLOSING_DAYS),
        },
        status=status,
    )


@login_required
def account(request):
    """Everything about the signed-in reader's account, and their rights over it."""
    return _account_page(request, _author_of(request))


@login_required
@require_POST
def signature(request):
    """Sign differently from now on, and re-sign earlier comments or not."""
    author = _author_of(request)
    form = SignatureForm(request.POST, author=author)
    if not form.is_valid():
        return _account_page(request, author, status=400, signature_form=form)
    change = change_signature(
        author=author,
        name=form.cleaned_data["name"],
        place=form.cleaned_data["place"],
        resign=form.cleaned_data["resign"],
    )
    if change is None:
        messages.info(
            request, gettext("That is your signature already; nothing changed.")
        )
    elif change.resigned:
        messages.success(
            request,
            gettext("Your comments, earlier ones too, are now signed that way."),
        )
    else:
        messages.success(
            request,
            gettext(
                "Your new comments will be signed that way; earlier ones keep the "
                "signature they were posted under."
            ),
        )
    return redirect("debates:account")


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
        messages.info(request, gettext("Your data is ready below."))
    else:
        messages.success(
            request,
            gettext(
                "Your data is being put together. It appears here, ready to "
                "download, in a minute or so; we email you too if your address is "
                "confirmed."
            ),
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
        return _account_page(request, author, status=400, close_form=form)
    keep = form.cleaned_data["comments"] == CloseAccountForm.KEEP
    ask_to_close_account(author=author, keep_comments=keep)
    author.refresh_from_db()
    logout(request)
    return render(
        request,
        "privacy/closing.html",
        {"erased_on": closing_date(author), "keep_comments": keep},
    )
