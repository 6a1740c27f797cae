"""Forms that validate what readers and moderators submit, and nothing else."""

import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError

from .models import Author

COMMENT_MAX_LENGTH = 5000
REASON_MAX_LENGTH = 500

# Categories that show nothing on the page: format characters (zero-width spaces and
# joiners, bidi marks), controls, separators.
INVISIBLE_CATEGORIES = {"Cf", "Cc", "Zs", "Zl", "Zp"}


def validate_has_visible_text(value):
    """Refuse text made only of spaces or invisible characters.

    A required CharField strips ordinary whitespace but accepts, say, a body of
    zero-width spaces, which would post an empty-looking comment.
    """
    if all(unicodedata.category(char) in INVISIBLE_CATEGORIES for char in value):
        raise ValidationError("This field needs some visible text.", code="blank")


class CommentForm(forms.Form):
    body = forms.CharField(
        label="Your comment",
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[validate_has_visible_text],
        help_text=f"Plain text, up to {COMMENT_MAX_LENGTH:,} characters. "
        "Leave a blank line between paragraphs.",
        error_messages={
            "required": "Write your comment before posting.",
            "max_length": "Comments can be at most %(limit_value)s characters long "
            "(this one has %(show_value)s).",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(Field("body"))

    def clean_body(self):
        return self.cleaned_data["body"].replace("\r\n", "\n")


class DebateStateForm(forms.Form):
    """The optional reason a moderator gives for opening or closing a debate."""

    reason = forms.CharField(
        label="Reason (optional, shown to readers)",
        max_length=REASON_MAX_LENGTH,
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class SignUpForm(UserCreationForm):
    """A new account plus the signature its comments will carry."""

    name = forms.CharField(
        label="Display name",
        max_length=Author._meta.get_field("name").max_length,
        validators=[validate_has_visible_text],
        help_text="Shown with your comments, e.g. “Matt”.",
    )
    place = forms.CharField(
        max_length=Author._meta.get_field("place").max_length,
        required=False,
        validators=[validate_has_visible_text],
        help_text="Where you are writing from, e.g. “San Francisco, USA”. Optional.",
    )

    class Meta(UserCreationForm.Meta):
        fields = ("username",)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "name", "place", "username", "password1", "password2"
        )

    def clean(self):
        cleaned = super().clean()
        name, place = cleaned.get("name"), cleaned.get("place", "")
        if (
            name
            and Author.objects.filter(name__iexact=name, place__iexact=place).exists()
        ):
            signature = f"{name}, {place}" if place else name
            self.add_error(
                "name",
                f"Someone already signs as “{signature}”. Choose another name or add "
                "your place.",
            )
        return cleaned
