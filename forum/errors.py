"""Error pages that fit the site, and a 503 when the database is away."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponseForbidden, HttpResponseServerError
from django.template.loader import render_to_string

from debates.participation.drafts import text_being_sent

from .database_guard import breaker, is_connection_failure, unavailable

DATABASE_ERRORS = (OperationalError, InterfaceError)


def server_error(request):
    """Django's handler500, with one distinction: when the database cannot be
    reached, say so with a 503 and a time to retry, not a generic failure.

    Nothing was acknowledged to the reader, so nothing is lost. Django discards the
    broken connection after the request, so the site recovers by itself. The
    templates need no database and no request context.
    """
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_ERRORS):
        if is_connection_failure(error):
            breaker.trip()
        return unavailable(request)
    return HttpResponseServerError(render_to_string("500.html"))


def csrf_failure(request, reason=""):
    """A 403 a reader can act on, instead of Django's page for developers, with
    the text they were sending kept for them to copy."""
    return HttpResponseForbidden(
        render_to_string("403_csrf.html", {"kept_text": text_being_sent(request)})
    )
