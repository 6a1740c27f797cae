"""Error pages that fit the site, and a 503 when the database is away."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseForbidden, HttpResponseServerError
from django.template.loader import render_to_string

DATABASE_ERRORS = (OperationalError, InterfaceError)


def server_error(request):
    """Django's handler500, with one distinction: when the database cannot be
    reached, say so with a 503 and a time to retry, not a generic failure.

    Nothing was acknowledged to the reader, so nothing is lost. Django discards the
    broken connection after the request, so the site recovers by itself. The
    templates need no database and no request context.
    """
    if isinstance(sys.exc_info()[1], DATABASE_ERRORS):
        kept = request.POST.get("body", "") if request.method == "POST" else ""
        response = HttpResponse(
            render_to_string("503.html", {"kept_text": kept}), status=503
        )
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(render_to_string("500.html"))


def csrf_failure(request, reason=""):
    """A 403 a reader can act on, instead of Django's page for developers, with
    the text they were sending kept for them to copy."""
    kept = request.POST.get("body", "") if request.method == "POST" else ""
    return HttpResponseForbidden(render_to_string("403_csrf.html", {"kept_text": kept}))
