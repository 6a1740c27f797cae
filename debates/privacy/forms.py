"""The form that closes an account."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class CloseAccountForm(forms.Form):
    KEEP = "keep"
    REMOVE = "remove"

    comments = forms.ChoiceField(
        label=_("Your published comments"),
        choices=[
            (
                KEEP,
                # Translators: “A former reader” is the signature the forum gives
                # the comments of a closed account; it is stored and shown in
                # English.
                _("Keep them, signed “A former reader”, so the debates stay readable"),
            ),
            (REMOVE, _("Remove them, each leaving a note that its author deleted it")),
        ],
        initial=KEEP,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what happens to your comments.")},
    )
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("So nobody at an unlocked screen can close your account."),
        error_messages={"required": _("Type your password to close your account.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                gettext("That is not your password; your account stays open."),
                code="wrong_password",
            )
        return password
