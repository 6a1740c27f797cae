"""A cookie-keeping HTTP client for tests that start real servers."""

import http.cookiejar
import urllib.error
import urllib.parse
import urllib.request

from tests.builders import PASSWORD


class Browser:
    """A cookie-keeping HTTP client; cookies ignore ports, as browsers' do."""

    def __init__(self, timeout=10):
        self.timeout = timeout
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies),
            NoRedirect,
        )

    def get(self, url):
        return self._open(urllib.request.Request(url))

    def post(self, url, data, *, referer):
        token = next(c.value for c in self.cookies if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        request = urllib.request.Request(url, data=body, headers={"Referer": referer})
        return self._open(request)

    def sign_in(self, base, username):
        self.get(base + "/accounts/login/")
        status, _ = self.post(
            base + "/accounts/login/",
            {"username": username, "password": PASSWORD},
            referer=base + "/accounts/login/",
        )
        assert status == 302

    def _open(self, request):
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
