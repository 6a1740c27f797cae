"""Dates written for machines: a `<time datetime>` value HTML accepts."""

import datetime

from django import template

register = template.Library()


@register.filter
def datetime_attribute(value):
    """`value` as a valid global date and time string, in UTC to the second
    ("2004-06-03T14:05:00Z"). Django's "c" format writes six digits of a second's
    fraction, which HTML does not allow."""
    if not isinstance(value, datetime.datetime):
        return ""
    return value.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
