"""Readers who forgot their password: a link to choose a new one, emailed only to an
address its reader confirmed, on the site's own address, within a rate limit.

Django's views do the rest (the token, the form for the new password, the pages
after); the templates in `templates/registration/` make them the site's own.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.contrib.auth.views import PasswordResetView
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.timesince import timeuntil

from ..notifications.emails import send_password_reset
from ..ratelimit import rate_limited
from ..site_address import absolute_url


class ConfirmedAddressResetForm(PasswordResetForm):
    """Django's reset form, sending only to accounts whose address is the one their
    reader confirmed (`Author.email_confirmed`): an address typed into the account
    and never confirmed may be a stranger's. The link is on FORUM_SITE_URL, never
    on whatever host the request named."""

    def get_users(self, email):
        for user in super().get_users(email):
            author = getattr(user, "author", None)
            if author is not None and author.email_confirmed:
                yield user

    def save(self, *, token_generator=default_token_generator, **kwargs):
        """Email each matching account its link, as the forum's own letter. The
        view's other arguments (the domain, the templates) are Django's way of
        building the link and the email, and are not used."""
        now = timezone.now()
        valid_for = timeuntil(
            now + timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT), now
        )
        for user in self.get_users(self.cleaned_data["email"]):
            link = reverse(
                "password_reset_confirm",
                kwargs={
                    "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                    "token": token_generator.make_token(user),
                },
            )
            send_password_reset(user, reset_url=absolute_url(link), valid_for=valid_for)


def address_typed(request):
    return request.POST.get("email", "").strip().casefold()[:254] or None


@method_decorator(
    rate_limited("password_reset", account=address_typed), name="dispatch"
)
class ForgottenPasswordView(PasswordResetView):
    """Ask for a reset link. Requests are counted per address typed and per client
    address, so nobody can fill an inbox with links; the page after says the same
    whether or not a link was sent, so it tells nobody which addresses have
    accounts."""

    form_class = ConfirmedAddressResetForm
