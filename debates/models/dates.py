"""Dates shown only as precisely as the sources know them."""

from django.utils.dateformat import format as format_date
from django.utils.translation import gettext_lazy as _

from .choices import DatePrecision

_PATTERNS = {
    # (for readers, in the reader's language; for a <time datetime="...">)
    # Translators: a date format (Django's "date" filter): 1 June 2004.
    DatePrecision.DAY: (_("j F Y"), "Y-m-d"),
    # Translators: a date format (Django's "date" filter) for a month: June 2004.
    DatePrecision.MONTH: (_("F Y"), "Y-m"),
    # Translators: a date format (Django's "date" filter) for a year: 2004.
    DatePrecision.YEAR: (_("Y"), "Y"),
}


def format_partial_date(value, precision):
    """Show a date only as precisely as it is known ("June 2004", not "1 June 2004")."""
    if value is None:
        return ""
    return format_date(value, _PATTERNS[precision][0])


def machine_partial_date(value, precision):
    """The same date for a <time datetime>: "2004-06" for a month, "2004" for a year."""
    if value is None:
        return ""
    return format_date(value, _PATTERNS[precision][1])
