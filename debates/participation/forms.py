"""Forms readers take part with: comments, replies, edits, reports, signing up."""

import unicodedata

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Field, Fieldset, Layout
from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext, gettext_noop, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from .. import text
from ..automoderation.judging import signature_refusal
from ..models import Author, Comment, Stance
from ..models.choices import NO_STANCE_LABEL, ReportReason
from ..models.comment import QUOTE_NOT_FOUND
from ..models.translation import (
    CONTENT_LANGUAGES,
    content_language,
    translations_to_fetch,
)
from ..notifications.forms import NotificationChoicesMixin
from ..text import COMMENT_MAX_LENGTH, QUOTE_MAX_LENGTH, text_field

# Marked here and translated where it is raised, so that it stays a plain string.
HONEYPOT_MESSAGE = gettext_noop(
    "Leave the last field empty: it is there to catch spam robots."
)


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, skipped by keyboard and screen
    readers) but form-filling robots do: filled in, the form is refused."""

    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "tabindex": "-1", "class": "honeypot"}
        ),
    )

    def clean_website(self):
        if self.cleaned_data["website"]:
            raise ValidationError(gettext(HONEYPOT_MESSAGE), code="honeypot")
        return ""


def _label_in_readers_language(stance):
    return stance.shown("label").text


class LanguageField(forms.ChoiceField):
    """The language a comment is written in: the interface's unless the poster
    says otherwise (a form sent without the field, too)."""

    def clean(self, value):
        return super().clean(value) or content_language()


def language_field():
    return LanguageField(
        label=_("Written in"),
        choices=CONTENT_LANGUAGES,
        initial=content_language,
        required=False,
        help_text=_("Screen readers read it aloud in this language."),
    )


class CommentForm(HoneypotMixin):
    """A comment on `debate`, with one of its stances or none (if it has any)."""

    stance = forms.ModelChoiceField(
        label=_("Your stance (optional)"),
        queryset=Stance.objects.none(),
        to_field_name="key",
        required=False,
        widget=forms.RadioSelect,
        blank=True,
        empty_label=NO_STANCE_LABEL,
        initial="",
        help_text=_(
            "How your comment answers the question. It is counted in the "
            "balance of opinion, and readers can show comments by stance."
        ),
        error_messages={
            "invalid_choice": _("Choose one of this debate's stances, or “No stance”.")
        },
    )
    body = text_field(
        _("Your comment"),
        COMMENT_MAX_LENGTH,
        multiline=True,
        help_text=_("Plain text; leave a blank line between paragraphs."),
        error_messages={
            "required": _("Write your comment before posting."),
            "max_length": _(
                "Comments can be at most %(limit_value)s characters long "
                "(this one has %(show_value)s)."
            ),
        },
    )

    language = language_field()

    def __init__(self, *args, debate, **kwargs):
        super().__init__(*args, **kwargs)
        if debate.stances.exists():
            stances = self.fields["stance"]
            stances.queryset = debate.stances.prefetch_related(*translations_to_fetch())
            stances.label_from_instance = _label_in_readers_language
        else:
            del self.fields["stance"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        # The page's own <form> carries the token; this form is also rendered
        # once for every reader, where there is no request to take one from.
        self.helper.disable_csrf = True
        self.helper.layout = self.layout(first=())

    def layout(self, *, first):
        """Every field once: `first` ones first, the honeypot last."""
        rest = [name for name in self.fields if name not in (*first, "website")]
        return Layout(
            *(Field(name) for name in (*first, *rest)),
            Div("website", css_class="honeypot-wrapper", aria_hidden="true"),
        )

    def clean_body(self):
        return self.cleaned_data["body"].replace("\r\n", "\n")


class EditForm(forms.Form):
    """The corrected text of one's own comment."""

    body = text_field(
        _("Your comment"),
        COMMENT_MAX_LENGTH,
        multiline=True,
        help_text=_("Plain text; leave a blank line between paragraphs."),
        error_messages={"required": _("A comment cannot be empty; delete it instead.")},
    )

    language = language_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_body(self):
        return self.cleaned_data["body"].replace("\r\n", "\n")


class ReviewRequestForm(forms.Form):
    """An author's reasons for asking another moderator to look again."""

    note = text_field(
        _("Why should the decision change?"),
        500,
        multiline=True,
        help_text=_("A moderator who did not make the decision reads it."),
        error_messages={
            "required": _("Say in a few words why the decision should change.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class ReplyForm(CommentForm):
    """A reply, optionally quoting a passage of the comment it answers."""

    quote = text_field(
        _("Quote from the comment (optional)"),
        QUOTE_MAX_LENGTH,
        multiline=True,
        required=False,
        help_text=_("Copy the passage you answer; it is shown above your reply."),
    )

    def __init__(self, *args, parent, **kwargs):
        self.parent = parent
        super().__init__(*args, **kwargs)
        self.fields["quote"].widget.attrs["rows"] = 2
        self.helper.layout = self.layout(first=("quote",))

    def clean_quote(self):
        quote = self.cleaned_data["quote"].replace("\r\n", "\n").strip()
        if not self.parent.contains_passage(quote):
            raise ValidationError(QUOTE_NOT_FOUND, code="not_quoted")
        return quote


class SignatureFieldsMixin(forms.Form):
    """The name and place a reader signs with, checked as sign-up and the account
    page both need: no look-alike characters, and no signature someone else
    (a 2004 reader among them) already uses."""

    name = text_field(
        _("Display name"),
        Author._meta.get_field("name").max_length,
        names=True,
        help_text=_("Shown with your comments, e.g. “Matt”."),
    )
    place = text_field(
        # Translators: where a reader writes from, signed after their name.
        pgettext_lazy("signature", "Place"),
        Author._meta.get_field("place").max_length,
        names=True,
        required=False,
        help_text=_("Where you are writing from, e.g. “San Francisco, USA”. Optional."),
    )
    # The author whose own signature this may keep (the account page's).
    signing_author = None

    def _clean_signature_part(self, field):
        """Spaces folded, and no compatibility look-alikes: "matt" typed in
        full-width letters would pass for "matt" on the page while differing from it
        in the database."""
        value = " ".join(self.cleaned_data[field].split())
        if unicodedata.normalize("NFKC", value) != unicodedata.normalize("NFC", value):
            raise ValidationError(
                gettext(
                    "Please type this with ordinary letters and digits (it contains "
                    "full-width or other look-alike characters)."
                ),
                code="lookalike",
            )
        return value

    def clean_name(self):
        return self._clean_signature_part("name")

    def clean_place(self):
        return self._clean_signature_part("place")

    def clean(self):
        cleaned = super().clean()
        name, place = cleaned.get("name"), cleaned.get("place", "")
        if (
            name is not None
            and place is not None
            and self._signature_taken(name, place)
        ):
            signature = f"{name}, {place}" if place else name
            self.add_error(
                "name",
                gettext(
                    "Someone already signs as “%(signature)s”. Choose another name or "
                    "add your place."
                )
                % {"signature": signature},
            )
        elif name is not None and place is not None:
            refusal = signature_refusal(name, place)
            if refusal:
                self.add_error("name", refusal)
        return cleaned

    def _signature_taken(self, name, place):
        wanted = text.signature_key(name, place)
        others = Author.objects.filter(name__iexact=name)
        if self.signing_author is not None:
            others = others.exclude(pk=self.signing_author.pk)
        candidates = list(others.values_list("name", "place"))
        # Signatures comments still carry after their authors changed theirs.
        kept = Comment.objects.filter(signed_name__iexact=name)
        if self.signing_author is not None:
            kept = kept.exclude(author=self.signing_author)
        candidates += kept.values_list("signed_name", "signed_place").distinct()
        return any(text.signature_key(*pair) == wanted for pair in candidates)


class SignUpForm(
    SignatureFieldsMixin, HoneypotMixin, NotificationChoicesMixin, UserCreationForm
):
    """A new account plus the signature its comments will carry, and the
    notification emails it wants, if any."""

    class Meta(UserCreationForm.Meta):
        # The address is on the account too, so the password is checked against it.
        fields = ("username", "email")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The form starts with the signature, so the cursor does too.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["name"].widget.attrs["autofocus"] = True
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "name",
            "place",
            "username",
            "password1",
            "password2",
            Fieldset(
                gettext("Notifications (optional)"),
                "email",
                "notify_on_reply",
                "notify_on_decision",
            ),
            Div("website", css_class="honeypot-wrapper", aria_hidden="true"),
        )


class ReportForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("What is wrong with this comment?"),
        choices=ReportReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose a reason for your report.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False


class RecommendForm(forms.Form):
    """What the recommend button asks for: to recommend ("yes") or to take the
    recommendation back ("no")."""

    recommend = forms.TypedChoiceField(
        choices=[
            ("yes", pgettext_lazy("a comment", "Recommend")),
            ("no", pgettext_lazy("a recommendation", "Take back")),
        ],
        coerce=lambda choice: choice == "yes",
        error_messages={
            "required": _("Say whether to recommend the comment."),
            "invalid_choice": _("Say whether to recommend the comment."),
        },
    )


class SignatureForm(SignatureFieldsMixin):
    """A reader's new signature, and whether their earlier comments take it."""

    resign = forms.BooleanField(
        label=_("Also sign my earlier comments with it"),
        required=False,
        help_text=_("Otherwise they keep the signature they were posted under."),
    )

    def __init__(self, *args, author, **kwargs):
        super().__init__(*args, **kwargs)
        self.signing_author = author
        self.fields["name"].label = gettext("Name")
        self.helper = FormHelper()
        self.helper.form_tag = False
