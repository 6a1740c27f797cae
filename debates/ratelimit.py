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
import ipaddress
import logging
import time
import unicodedata

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.crypto import salted_hmac

from .participation.drafts import text_being_sent

logger = logging.getLogger(__name__)


def client_address(request):
    """The client's address, trusting X-Forwarded-For only as far as our own proxies.

    Each trusted proxy (FORUM_TRUSTED_PROXIES of them) appends the address it saw, so
    the client is that many entries from the right; anything further left is whatever
    the client claimed. The header is believed only from a proxy, an address in
    FORUM_PROXY_NETWORKS: a client reaching an app server directly gets its own
    address, whatever it sends.
    """
    remote = request.META.get("REMOTE_ADDR", "unknown")
    proxies = settings.FORUM_TRUSTED_PROXIES
    if proxies and _is_our_proxy(remote):
        hops = [
            hop.strip()
            for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if hop.strip()
        ]
        if len(hops) >= proxies:
            return hops[-proxies]
    return remote


def _is_our_proxy(address):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.FORUM_PROXY_NETWORKS)


def retry_after(scope, identity, *, limit, window, count=True):
    """Count one attempt; return the seconds to wait if it is over the limit, else 0.
    With `count=False`, only ask whether one more attempt would be over it.

    Fixed windows: simple, and one round trip to the cache. If the cache is down the
    attempt is allowed: an outage must not stop people reading or posting.
    """
    now = time.time()
    key = _counter(scope, identity, window, now)
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
    return max(1, int((now // window + 1) * window - now) + 1)


def _counter(scope, identity, window, now):
    """The cache key counting `identity`'s attempts at `scope` in the current
    fixed window."""
    # The address or username counted is kept only as a keyed digest, which
    # expires with its window: the cache never holds a client's address.
    digest = salted_hmac("debates.ratelimit", str(identity)).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}:{int(now // window)}"


def give_back(scope, identity, *, window):
    """Return one attempt counted by retry_after in the current window."""
    try:
        cache.decr(_counter(scope, identity, window, time.time()))
    except Exception:
        # Gone (the window turned, or the cache is away): nothing left to return.
        return


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
        {"retry_after": wait, "kept_text": text_being_sent(request)},
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


def username_tried(request):
    """The username a sign-in form names, as Django's form reads it (NFKC) and
    case-folded, so a full-width "r" and "RLSign1" spend rlsign1's tries."""
    typed = unicodedata.normalize("NFKC", request.POST.get("username", "")).strip()
    return typed.casefold()[:150] or None


def sign_in_limited(view):
    """Limit guessing passwords at a sign-in view, without letting a guesser lock
    the account's owner out.

    Three counts, in FORUM_RATE_LIMITS["signin"] = (per username from one address,
    per address, window) and FORUM_SIGNIN_USERNAME_CEILING = (per username from
    anywhere, window):
    - a username tried from one address gets a few tries, so a guesser elsewhere
      spends their own tries, not the owner's;
    - one address gets more across usernames, so nobody tries one password on
      every account;
    - a username gets a much higher ceiling from all addresses together, counted
      only for attempts the first two let through, so it takes many addresses to
      reach it and the owner's address still has its own tries until then.
    Every attempt is counted before the password is checked, so attempts sent at
    once cannot all slip in under the limit; a sign-in that succeeds gives its
    tries back, so only wrong passwords use them up.
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "POST":
            return view(request, *args, **kwargs)
        per_pair, per_address, window = settings.FORUM_RATE_LIMITS["signin"]
        ceiling, ceiling_window = settings.FORUM_SIGNIN_USERNAME_CEILING
        address = client_address(request)
        username = username_tried(request) or ""
        counts = [
            ("signin:address", address, per_address, window),
            ("signin:username-address", f"{username}|{address}", per_pair, window),
        ]
        wait = max(
            retry_after(scope, identity, limit=limit, window=seconds)
            for scope, identity, limit, seconds in counts
        )
        if not wait:
            counts.append(("signin:username", username, ceiling, ceiling_window))
            wait = retry_after(
                "signin:username", username, limit=ceiling, window=ceiling_window
            )
        if wait:
            return too_many(request, wait)
        response = view(request, *args, **kwargs)
        if response.status_code in ACCEPTED:
            for scope, identity, _limit, seconds in counts:
                give_back(scope, identity, window=seconds)
        return response

    return wrapper
