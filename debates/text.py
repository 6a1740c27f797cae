"""Checks on the text people type (visible, readable, and not disguised), and the
form field that applies them."""

import functools
import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext, ngettext

# Characters that draw nothing although Unicode calls them letters or symbols; with
# the invisible categories below they could make an "empty" comment or a fake name.
BLANK_LOOKING = {"\u115f", "\u1160", "\u3164", "\uffa0", "\u2800", "\u180e"}

# Format characters (zero-width spaces and joiners, bidi controls, soft hyphens),
# controls and separators: nothing on the page.
INVISIBLE_CATEGORIES = {"Cf", "Cc", "Zs", "Zl", "Zp"}

REPLACEMENT_CHARACTER = "\ufffd"
LINE_BREAKS = {"\n", "\r", "\t"}


def is_invisible(char):
    return char in BLANK_LOOKING or unicodedata.category(char) in INVISIBLE_CATEGORIES


def validate_visible(value):
    """Refuse text made only of spaces or invisible characters.

    A required CharField strips ordinary whitespace but accepts, say, a body of
    zero-width spaces, which would post an empty-looking comment.
    """
    if all(is_invisible(char) for char in value):
        raise ValidationError(
            gettext("This field needs some visible text."), code="blank"
        )


def validate_readable(value, *, multiline):
    """Refuse NUL and other control characters, and text that was not valid Unicode.

    Django decodes undecodable bytes into U+FFFD, so its presence means the browser
    sent something that was not UTF-8. Line breaks and tabs are allowed only in
    multi-line fields.
    """
    if REPLACEMENT_CHARACTER in value:
        raise ValidationError(
            gettext(
                "This text contains characters that could not be read (it was not "
                "valid Unicode). Please type it again."
            ),
            code="invalid_unicode",
        )
    allowed = LINE_BREAKS if multiline else set()
    for char in value:
        if unicodedata.category(char) == "Cc" and char not in allowed:
            raise ValidationError(
                # Translators: %(code)04X is the character's code point, e.g. 0007.
                gettext(
                    "This text contains a control character (U+%(code)04X) that "
                    "cannot be shown. Please remove it."
                ),
                code="control_character",
                params={"code": ord(char)},
            )


def validate_undisguised(value):
    """Refuse zero-width and direction-changing characters in names and places.

    They are invisible on the page, so "Matt" with a zero-width space, or a name whose
    letters are reordered by a right-to-left override, would look like someone else's
    signature. Letters from any script are welcome, combining accents included.
    """
    for char in value:
        if is_invisible(char) and char != " ":
            raise ValidationError(
                # Translators: %(code)04X is the character's code point, e.g. 200B.
                gettext(
                    "Names and places cannot contain invisible or direction-changing "
                    "characters (U+%(code)04X)."
                ),
                code="disguised",
                params={"code": ord(char)},
            )


def signature_key(name, place):
    """How two signatures are compared: compatibility-normalised, case-folded, with
    runs of spaces folded, so "Matt" and "matt " (or "matt" in full-width letters)
    are the same person."""

    def fold(text):
        return " ".join(unicodedata.normalize("NFKC", text).casefold().split())

    return fold(name), fold(place)


COMMENT_MAX_LENGTH = 5000
QUOTE_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 500


def _character_limit(max_length):
    return ngettext(
        "Up to %(count)s character.", "Up to %(count)s characters.", max_length
    ) % {"count": f"{max_length:,}"}


# A field's stated limit, translated when its form is shown, not when it is declared.
character_limit = lazy(_character_limit, str)


class TypedTextField(forms.CharField):
    """A CharField whose line breaks arrive as one character each, as the browser
    counted them against the field's maxlength (forms send them as CRLF)."""

    def to_python(self, value):
        return super().to_python(value).replace("\r\n", "\n").replace("\r", "\n")


def text_field(label, max_length, *, multiline=False, names=False, **options):
    """A CharField for what people type, with the checks every such field needs:
    readable (no control characters, valid Unicode), visible if required, and for
    names and places undisguised. The limit is stated in its help text."""
    validators = [functools.partial(validate_readable, multiline=multiline)]
    if options.get("required", True):
        validators.append(validate_visible)
    if names:
        validators.append(validate_undisguised)
    help_text = options.pop("help_text", None)
    limit = character_limit(max_length)
    return TypedTextField(
        label=label,
        max_length=max_length,
        validators=validators,
        help_text=limit
        if help_text is None
        else format_lazy("{} {}", help_text, limit),
        widget=forms.Textarea(attrs={"rows": 6}) if multiline else None,
        **options,
    )
