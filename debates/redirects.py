"""Where to send a person back to after a form: only ever a page of this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request):
    """The `next` page the form or link asked for, if it is on this site, else ""."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""
