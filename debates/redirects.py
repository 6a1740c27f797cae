"""Where to send a person back to after a form: only ever a page of this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request):
    """The `next` page the form or link asked for, if it is a path on this site
    ("/debates/..."), else "".

    Only a path: `redirect()` takes a word without a slash or a dot for the name
    of a URL pattern, and fails on one it cannot find.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""
