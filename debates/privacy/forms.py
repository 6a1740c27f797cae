"""The form that closes an account."""

from crispy_forms.helper import FormHelper
from django import forms


class CloseAccountForm(forms.Form):
    KEEP = "keep"
    REMOVE = "remove"

    comments = forms.ChoiceField(
        label="Your published comments",
        choices=[
            (KEEP, "Keep them, signed “A former reader”, so the debates stay readable"),
            (REMOVE, "Remove them, each leaving a note that its author deleted it"),
        ],
        initial=KEEP,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens to your comments."},
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text="So nobody at an unlocked screen can close your account.",
        error_messages={"required": "Type your password to close your account."},
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
                "That is not your password; your account stays open.",
                code="wrong_password",
            )
        return password
