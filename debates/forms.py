"""Forms that validate what readers and moderators submit, and nothing else."""

import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Field, Layout
from django import forms
from django.conf import settings
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError

from .choices import NO_STANCE_LABEL, ModerationMode, ReportReason
from .models import Author, HouseRule, Stance

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
    """A comment on `debate`, with one of its stances or none (if it has any)."""

    stance = forms.ModelChoiceField(
        label="Your stance (optional)",
        queryset=Stance.objects.none(),
        to_field_name="key",
        required=False,
        widget=forms.RadioSelect,
        blank=True,
        empty_label=NO_STANCE_LABEL,
        initial="",
        help_text="How your comment answers the question. It is counted in the "
        "balance of opinion, and readers can show comments by stance.",
        error_messages={
            "invalid_choice": "Choose one of this debate's stances, or “No stance”."
        },
    )
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

    def __init__(self, *args, debate, **kwargs):
        super().__init__(*args, **kwargs)
        if debate.stances.exists():
            self.fields["stance"].queryset = debate.stances.all()
        else:
            del self.fields["stance"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(*(Field(name) for name in self.fields))

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
        # The form starts with the signature, so the cursor does too.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["name"].widget.attrs["autofocus"] = True
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


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label="What is wrong with this comment?",
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a reason for your report."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DecisionForm(forms.Form):
    """A moderator's optional note on approving or restoring a comment."""

    note = forms.CharField(
        label="Note (optional)", max_length=REASON_MAX_LENGTH, required=False
    )


class RuleDecisionForm(DecisionForm):
    """Rejections and removals cite a house rule; the author is shown it."""

    rule = forms.ModelChoiceField(
        label="House rule",
        queryset=HouseRule.objects.all(),
        empty_label="Choose the rule it breaks",
        error_messages={"required": "Choose the house rule the comment breaks."},
    )
    field_order = ["rule", "note"]


class PickForm(forms.Form):
    quote = forms.CharField(
        label="Pull-quote (a phrase from the comment)",
        max_length=500,
        validators=[validate_has_visible_text],
    )


class ScheduleForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=f"Close automatically at ({settings.TIME_ZONE})",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Leave empty to cancel a scheduled closing.",
    )


class ModerationModeForm(forms.Form):
    mode = forms.ChoiceField(label="Moderation", choices=ModerationMode.choices)


class SuspensionForm(forms.Form):
    ends_at = forms.DateTimeField(
        label=f"Suspended until ({settings.TIME_ZONE})",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Leave empty to suspend until a moderator lifts it.",
    )
    rule = forms.ModelChoiceField(
        label="House rule",
        queryset=HouseRule.objects.all(),
        empty_label="Choose the rule broken",
        error_messages={"required": "Choose the house rule that was broken."},
    )
    note = forms.CharField(
        label="Note (optional, shown to the poster)",
        max_length=REASON_MAX_LENGTH,
        required=False,
    )
