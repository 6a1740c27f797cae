"""Rate limits kept in the cache, so every app server counts against the same totals.

With Redis configured (production) the counters are shared by all processes; with the
local-memory cache each process counts alone, which is fine for one development server.

Ours rather than django-ratelimit's: one decorator counts per account (or per
username tried) and per address at once, answers with the site's own 429 page and
a Retry-After saying when the window ends, and keeps working, uncounted, while the
cache is away. django-ratelimit counts one key per decorator, raises 403 unless
told otherwise, and says nothing of when to try again.
"""

import functools
import logging
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render

logger = logging.getLogger(__name__)


def client_address(request):
    """The client's address, trusting X-Forwarded-For only as far as our own proxies.

    Each trusted proxy (FORUM_TRUSTED_PROXIES of them) appends the address it saw, so
    the client is that many entries from the right; anything further left is whatever
    the client claimed.
    """
    proxies = settings.FORUM_TRUSTED_PROXIES
    if proxies:
        hops = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


def retry_after(scope, identity, *, limit, window, count=True):
    """Count one attempt; return the seconds to wait if it is over the limit, else 0.
    With `count=False`, only ask whether one more attempt would be over it.

    Fixed windows: simple, and one round trip to the cache. If the cache is down the
    attempt is allowed: an outage must not stop people reading or posting.
    """
    now = time.time()
    window_number = int(now // window)
    key = f"ratelimit:{scope}:{identity}:{window_number}"
    try:
        if count:
            cache.add(key, 0, timeout=window + 1)
            used = cache.incr(key)
        else:
            used = cache.get(key, 0) + 1
    except Exception:
        logger.warning(
            "Rate limit not applied: the cache does not answer", exc_info=True
        )
        return 0
    if used <= limit:
        return 0
    return max(1, int((window_number + 1) * window - now) + 1)


def wait_before(request, scope, account, *, count=True):
    """Count one attempt at `scope` by `account` (or None) and the request's address;
    return the seconds to wait if either is over its limit, else 0. With
    `count=False`, only ask.

    The limits are settings: FORUM_RATE_LIMITS[scope] = (per account, per address,
    window in seconds).
    """
    per_account, per_address, window = settings.FORUM_RATE_LIMITS[scope]
    identities = [("address", client_address(request), per_address)]
    if account:
        identities.append(("account", account, per_account))
    return max(
        retry_after(
            f"{scope}:{kind}", identity, limit=limit, window=window, count=count
        )
        for kind, identity, limit in identities
    )


def too_many(request, wait):
    """The site's 429 page: when to try again, in words and in Retry-After, with
    the text the reader was sending kept for them to copy."""
    response = render(
        request,
        "429.html",
        {"retry_after": wait, "kept_text": request.POST.get("body", "")},
        status=429,
    )
    response["Retry-After"] = str(wait)
    return response


ACCEPTED = (301, 302, 303)


def signed_in_account(request):
    return request.user.pk if request.user.is_authenticated else None


def rate_limited(scope, account=signed_in_account, *, accepted_only=False):
    """Refuse a view's POSTs with 429 once the account or the address has used its
    allowance (see wait_before); other methods pass uncounted.

    `account` names the account a request counts against: the signed-in user by
    default; for signing in, the username being tried. With `accepted_only`, only
    the POSTs the view accepted (it redirected) use the allowance, so a form sent
    back for a correction costs nothing; pair it with a higher limit on every
    attempt where unlimited tries would help someone (as signing up would, to find
    which usernames are taken).
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            identity = account(request)
            wait = wait_before(request, scope, identity, count=not accepted_only)
            if wait:
                return too_many(request, wait)
            response = view(request, *args, **kwargs)
            if accepted_only and response.status_code in ACCEPTED:
                wait_before(request, scope, identity)
            return response

        return wrapper

    return decorator
