"""A second factor for staff: an authenticator app (TOTP) and recovery codes, by
django-otp, which keeps the devices, checks codes, refuses a code used twice and
slows down repeated wrong ones.

With FORUM_STAFF_TWO_FACTOR on, a staff session reaches the admin and the
moderation pages only once it has passed the second factor (see
StaffSecondFactorMiddleware and forum.admin_site); staff without a device are sent
to enrol one first.
"""

from base64 import b32encode
from urllib.parse import quote

import django_otp
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from ..ratelimit import rate_limited
from ..redirects import safe_next

RECOVERY_CODES = 10
PROTECTED_PATHS = ("/admin/", "/moderation/")
# Where a staff member signs in and out, before any second factor.
OPEN_PATHS = ("/admin/login/", "/admin/logout/")


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=16,
        help_text=_("The 6 digits your authenticator app shows, or a recovery code."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def clean_code(self):
        return "".join(self.cleaned_data["code"].split())


def second_factor_missing(request):
    """Whether this request's user is staff who must pass a second factor and has
    not in this session."""
    user = request.user
    return (
        settings.FORUM_STAFF_TWO_FACTOR
        and user.is_authenticated
        and user.is_staff
        and not user.is_verified()
    )


class StaffSecondFactorMiddleware:
    """Send a staff session without its second factor from the admin and the
    moderation pages to verify it (or to enrol, without a device yet)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if (
            path.startswith(PROTECTED_PATHS)
            and not path.startswith(OPEN_PATHS)
            and second_factor_missing(request)
        ):
            enrolled = django_otp.user_has_device(request.user)
            target = reverse("two_factor_verify" if enrolled else "two_factor_setup")
            return redirect(f"{target}?next={quote(request.get_full_path())}")
        return self.get_response(request)


def _staff_only(request):
    if not request.user.is_staff:
        raise Http404(gettext("Two-factor sign-in is for staff accounts."))


@login_required
@sensitive_post_parameters("code")
@rate_limited("two_factor")
def two_factor_setup(request):
    """Enrol an authenticator app: its key, shown as text and as an otpauth link;
    a first code from it confirms it, and the recovery codes are shown once."""
    _staff_only(request)
    enrolled = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    if enrolled is not None:
        return render(
            request,
            "registration/two_factor_setup.html",
            {"enrolled": enrolled, "verified": request.user.is_verified()},
        )
    device, _ = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        waiting = _still_waiting(device)
        if not waiting and device.verify_token(form.cleaned_data["code"]):
            codes = confirm_authenticator(device)
            django_otp.login(request, device)
            return render(
                request,
                "registration/two_factor_setup.html",
                {"recovery_codes": codes, "next": safe_next(request)},
            )
        form.add_error(
            "code", waiting or gettext("That code is not the one the app shows now.")
        )
    return render(
        request,
        "registration/two_factor_setup.html",
        {
            "form": form,
            "key": " ".join(_groups(b32encode(device.bin_key).decode())),
            "config_url": device.config_url,
            "next": safe_next(request),
        },
    )


@transaction.atomic
def confirm_authenticator(device):
    """Confirm an authenticator app and give its owner a fresh set of recovery
    codes (the old set, if any, stops working); the codes, to be shown once."""
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
    recovery, _ = StaticDevice.objects.get_or_create(
        user=device.user, defaults={"name": "Recovery codes"}
    )
    recovery.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=recovery, token=code) for code in codes
    )
    return codes


@login_required
@sensitive_post_parameters("code")
@rate_limited("two_factor")
def two_factor_verify(request):
    """The second step of a staff sign-in: a code from the app or a recovery code
    (each recovery code works once)."""
    _staff_only(request)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        app = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
        waiting = _still_waiting(app) if code.isdigit() else ""
        device = None if waiting else passing_device(request.user, code)
        if device is not None:
            django_otp.login(request, device)
            return redirect(safe_next(request) or reverse("moderation:queue"))
        form.add_error(
            "code", waiting or gettext("That code is not right, or was used already.")
        )
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": safe_next(request)},
    )


@transaction.atomic
def passing_device(user, code):
    """The user's confirmed device that accepts `code`, if any."""
    for device in django_otp.devices_for_user(user, for_verify=True):
        if device.verify_token(code):
            return device
    return None


def _still_waiting(device):
    """While django-otp makes a device wait after wrong codes, how long that is
    in words; else ""."""
    if device is None:
        return ""
    allowed, details = device.verify_is_allowed()
    locked_until = (details or {}).get("locked_until")
    if allowed or locked_until is None:
        return ""
    wait = max(1, int((locked_until - timezone.now()).total_seconds()) + 1)
    return ngettext(
        "After a wrong code, the next one waits a little: try again in %(wait)s "
        "second.",
        "After a wrong code, the next one waits a little: try again in %(wait)s "
        "seconds.",
        wait,
    ) % {"wait": wait}


def _groups(key, size=4):
    return [key[start : start + size] for start in range(0, len(key), size)]
