"""Dates shown only as precisely as the sources know them."""

from django.utils.dateformat import format as format_date

from .choices import DatePrecision

_PATTERNS = {
    # (for readers, for a <time datetime="...">)
    DatePrecision.DAY: ("j F Y", "Y-m-d"),
    DatePrecision.MONTH: ("F Y", "Y-m"),
    DatePrecision.YEAR: ("Y", "Y"),
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
