"""Forms of the moderators' pages: decisions, picks, closing, modes, suspensions."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings

from ..models import HouseRule
from ..models.choices import ModerationMode
from ..text import REASON_MAX_LENGTH, text_field


class DebateStateForm(forms.Form):
    """The optional reason a moderator gives for opening or closing a debate."""

    reason = text_field(
        "Reason (optional, shown to readers)", REASON_MAX_LENGTH, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DecisionForm(forms.Form):
    """A moderator's optional note on approving or restoring a comment."""

    note = text_field("Note (optional)", REASON_MAX_LENGTH, required=False)


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
    quote = text_field("Pull-quote (a phrase from the comment)", 500)


class ScheduleForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=f"Close automatically at ({settings.TIME_ZONE})",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text="Leave empty to cancel a scheduled closing.",
    )


class ModerationModeForm(forms.Form):
    mode = forms.ChoiceField(label="Mode", choices=ModerationMode.choices)


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
    note = text_field(
        "Note (optional, shown to the poster)",
        REASON_MAX_LENGTH,
        required=False,
    )
