"""Site-wide middleware: the request log and the security headers."""

import hashlib
import logging
import time

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers

logger = logging.getLogger("forum.requests")


# The parts of a URL that are secrets: whoever reads them in a log could reset a
# password, confirm an address or stop someone's emails.
SECRET_URL_ARGUMENTS = ("token", "uidb64")
REDACTED = "[redacted]"


def loggable_path(request):
    """The request's path with the secrets in it (see SECRET_URL_ARGUMENTS)
    replaced by "[redacted]"."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return path
    for name in SECRET_URL_ARGUMENTS:
        secret = match.kwargs.get(name)
        if secret:
            path = path.replace(str(secret), REDACTED)
    return path


class RedactSecretPaths(logging.Filter):
    """Redact secrets from the paths Django's own request log lines carry
    ("Bad Request: /accounts/notifications/confirm/<token>/")."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None and isinstance(record.args, tuple):
            record.args = tuple(
                loggable_path(request) if arg == request.path else arg
                for arg in record.args
            )
        return True


class RequestLogMiddleware:
    """Log method, path, status and duration of every request, in one line.

    Placed first, so the duration covers the whole middleware stack. Query strings are
    left out and secrets in paths redacted: they can carry tokens (a password reset
    link, say).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        path = loggable_path(request)
        logger.info(
            "%s %s %s %.1fms",
            request.method,
            path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": path,
                "status": response.status_code,
                "duration_ms": round(duration_ms, 1),
            },
        )
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (CONTENT_SECURITY_POLICY in the settings), which allows no
    inline script or style and nothing from other origins; the admin keeps inline
    styles, which some of its widgets use."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith("/admin/"):
            parts.update = {**(parts.update or {}), "style-src": [UNSAFE_INLINE]}
        return parts


class PageCacheHeadersMiddleware:
    """What caches are told about every page, settled before ConditionalGet and
    GZip see the response, so that a 304 repeats the headers of the 200 it stands
    for (RFC 9110: its ETag and its Vary):

    - `Vary: Accept-Encoding`, since GZipMiddleware may compress it;
    - a weak ETag, the same for the page compressed or not (GZipMiddleware would
      weaken a strong one on the 200 only), unless the view set a tag of its own;
    - `private, no-store` on a page made for one signed-in reader: no cache may
      keep it, and it carries a CSRF token masked anew for every response, so it
      would never revalidate anyway; it gets no ETag, and costs no hashing.
      Without a session cookie, asking who the reader is costs nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or response.streaming:
            return response
        patch_vary_headers(response, ["Accept-Encoding"])
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        elif not response.has_header("ETag"):
            digest = hashlib.md5(response.content, usedforsecurity=False)
            response["ETag"] = f'W/"{digest.hexdigest()}"'
        return response
