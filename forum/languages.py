"""The reader's language: chosen with the switcher on every page, saved for a
signed-in reader, otherwise their browser's `Accept-Language`.

Pages in English keep their addresses and pages in Korean live under `/ko/`, so an
address always names its language and a shared cache can never hand one reader a
page in another's. A reader who prefers Korean and opens an English address is sent
to the Korean one; such answers, and the English pages they might have been, vary
on `Accept-Language` and `Cookie`. A language prefix in an address is never
overruled: a Korean link someone shared opens in Korean.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.urls import translate_url
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import (
    check_for_language,
    get_language_from_path,
    get_language_from_request,
    get_supported_language_variant,
    gettext,
    override,
)
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

NEXT_FIELD = "next"
LANGUAGE_FIELD = "language"


def saved_language(request):
    """The language a signed-in reader chose, or "" when they chose none."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    author = getattr(user, "author", None)
    return getattr(author, "language", "") or ""


def preferred_language(request):
    """The language the reader would have: saved, then the switcher's cookie,
    then the browser's."""
    saved = saved_language(request)
    if saved and check_for_language(saved):
        return get_supported_language_variant(saved)
    return get_language_from_request(request, check_path=False)


class PreferredLanguageMiddleware:
    """Sends a reader who prefers another language from an unprefixed page to the
    same page in their language. After AuthenticationMiddleware (it reads the
    signed-in reader's saved language) and LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if get_language_from_path(request.path_info):
            return self.get_response(request)
        if request.method in ("GET", "HEAD"):
            preferred = preferred_language(request)
            if preferred != settings.LANGUAGE_CODE:
                here = request.get_full_path()
                there = translate_url(here, preferred)
                if there != here:
                    response = HttpResponseRedirect(there)
                    patch_vary_headers(response, ["Accept-Language", "Cookie"])
                    return response
        response = self.get_response(request)
        patch_vary_headers(response, ["Accept-Language", "Cookie"])
        return response


def in_language(url, language):
    """The address of the page at `url` in `language`, or `url` if it has none.
    The address is read in the language its own prefix names."""
    with override(get_language_from_path(url) or settings.LANGUAGE_CODE):
        return translate_url(url, language)


def _passes_csrf_check(request):
    """Whether the request carries a valid CSRF token (the check the view itself
    is exempt from)."""
    check = CsrfViewMiddleware(lambda request: None)
    return check.process_view(request, lambda: None, (), {}) is None


@csrf_exempt
@require_POST
def choose_language(request):
    """The switcher's target: remember the language and go back to the page, in
    it.

    Exempt from CSRF protection because the switcher sits on pages every signed-out
    reader shares (and caches keep), which can carry no reader's token; all a
    forged request could do is set the language cookie. Saving a signed-in
    reader's choice is a write on their account, so it needs the token their pages
    carry."""
    language = request.POST.get(LANGUAGE_FIELD, "")
    if not check_for_language(language) or language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(gettext("That language is not offered."))
    next_url = request.POST.get(NEXT_FIELD, "/")
    if not url_has_allowed_host_and_scheme(
        next_url,
        allowed_hosts={request.get_host()},
        require_https=request.is_secure(),
    ):
        next_url = "/"
    response = HttpResponseRedirect(in_language(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    author = getattr(request.user, "author", None)
    if author is not None and _passes_csrf_check(request):
        author.save_language(language)
    return response
