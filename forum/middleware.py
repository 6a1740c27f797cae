"""Site-wide middleware: the request log and the security headers."""

import logging
import time

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.utils.cache import patch_cache_control

logger = logging.getLogger("forum.requests")


class RequestLogMiddleware:
    """Log method, path, status and duration of every request, in one line.

    Placed first, so the duration covers the whole middleware stack. Query strings are
    left out: they can carry tokens (a password reset link, say).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        duration_ms = (time.perf_counter() - started) * 1000
        logger.info(
            "%s %s %s %.1fms",
            request.method,
            request.path,
            response.status_code,
            duration_ms,
            extra={
                "method": request.method,
                "path": request.path,
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


class ReaderCacheControlMiddleware:
    """Pages made for one signed-in reader say so: no shared cache may keep them.

    Placed outside the session and auth middleware, so it sees the response after
    the views. Without a session cookie, asking who the reader is costs nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        return response
