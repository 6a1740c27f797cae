"""Site-wide middleware: the request log and the security headers."""

import logging
import time

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


class ContentSecurityPolicyMiddleware:
    """Send a Content-Security-Policy that allows no inline script and nothing from
    other origins. The admin keeps inline styles, which some of its widgets use."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.site_policy = "; ".join(
            [
                "default-src 'self'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "font-src 'self'",
                "connect-src 'self'",
                "object-src 'none'",
                "base-uri 'self'",
                "form-action 'self'",
                "frame-ancestors 'none'",
            ]
        )
        self.admin_policy = self.site_policy.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'"
        )

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            admin = request.path.startswith("/admin/")
            response["Content-Security-Policy"] = (
                self.admin_policy if admin else self.site_policy
            )
        return response
