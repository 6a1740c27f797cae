"""The choice of notification emails, and the address they go to."""

import functools

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import text
from ..models import Author


def _preference_field(name):
    return forms.BooleanField(
        label=capfirst(Author._meta.get_field(name).verbose_name), required=False
    )


class NotificationChoicesMixin(forms.Form):
    """An optional email address and the notifications to send to it, which need
    one."""

    email = forms.EmailField(
        label=_("Email address (optional)"),
        max_length=254,
        required=False,
        validators=[functools.partial(text.validate_readable, multiline=False)],
        help_text=_(
            "Used only to send you the notification emails you choose; never "
            "shown on the site. Every email has a link to stop them."
        ),
    )
    notify_on_reply = _preference_field("notify_on_reply")
    notify_on_decision = _preference_field("notify_on_decision")

    def clean_email(self):
        return get_user_model().objects.normalize_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        wanted = cleaned.get("notify_on_reply") or cleaned.get("notify_on_decision")
        if wanted and not cleaned.get("email") and "email" not in self.errors:
            self.add_error(
                "email",
                ValidationError(
                    gettext(
                        "Give an email address to send the notifications you chose "
                        "to, or untick them."
                    ),
                    code="email_needed",
                ),
            )
        return cleaned


class NotificationSettingsForm(NotificationChoicesMixin):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
