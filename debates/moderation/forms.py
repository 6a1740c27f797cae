"""Forms of the moderators' pages: decisions, picks, closing, modes, suspensions."""

from crispy_forms.helper import FormHelper
from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from ..models import HouseRule
from ..models.choices import ModerationMode
from ..text import REASON_MAX_LENGTH, text_field


class DebateStateForm(forms.Form):
    """The optional reason a moderator gives for opening or closing a debate."""

    reason = text_field(
        _("Reason (optional, shown to readers)"), REASON_MAX_LENGTH, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class DecisionForm(forms.Form):
    """A moderator's optional note on approving or restoring a comment."""

    note = text_field(_("Note (optional)"), REASON_MAX_LENGTH, required=False)


class RuleDecisionForm(DecisionForm):
    """Rejections and removals cite a house rule; the author is shown it."""

    rule = forms.ModelChoiceField(
        label=_("House rule"),
        queryset=HouseRule.objects.all(),
        empty_label=_("Choose the rule it breaks"),
        error_messages={"required": _("Choose the house rule the comment breaks.")},
    )
    field_order = ["rule", "note"]


class PickForm(forms.Form):
    quote = text_field(_("Pull-quote (a phrase from the comment)"), 500)


class ScheduleForm(forms.Form):
    closes_at = forms.DateTimeField(
        label=format_lazy(
            # Translators: keep {time_zone}: the forum's time zone, e.g. "UTC".
            _("Close automatically at ({time_zone})"),
            time_zone=settings.TIME_ZONE,
        ),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty to cancel a scheduled closing."),
    )


class ModerationModeForm(forms.Form):
    # Translators: how a debate is moderated, e.g. "Pre-moderated".
    mode = forms.ChoiceField(label=_("Mode"), choices=ModerationMode.choices)


class SuspensionForm(forms.Form):
    ends_at = forms.DateTimeField(
        label=format_lazy(
            # Translators: keep {time_zone}: the forum's time zone, e.g. "UTC".
            _("Suspended until ({time_zone})"),
            time_zone=settings.TIME_ZONE,
        ),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
        help_text=_("Leave empty to suspend until a moderator lifts it."),
    )
    rule = forms.ModelChoiceField(
        label=_("House rule"),
        queryset=HouseRule.objects.all(),
        empty_label=_("Choose the rule broken"),
        error_messages={"required": _("Choose the house rule that was broken.")},
    )
    note = text_field(
        _("Note (optional, shown to the poster)"),
        REASON_MAX_LENGTH,
        required=False,
    )
