"""The main pages, served with their CSP, load without a console error, a script
error, a CSP violation or a file that fails to load, signed out and signed in."""

import pytest
from django.urls import reverse

from debates.models import Comment, Debate
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SIGNED_OUT = [
    "/",
    "/debates/us-troops-in-south-korea/",
    "/debates/us-troops-in-south-korea/?sort=newest&stance=against",
    "/articles/us-and-s-korea-dismiss-report-of-troop-reduction-2025/",
    "/search/?q=troops",
    "/accounts/login/",
    "/accounts/signup/",
]


def watch(page):
    """What the page reports going wrong while it loads, as lines to compare."""
    problems = []
    page.on(
        "console",
        lambda message: (
            problems.append(f"console: {message.text}")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script: {error}"))
    page.on(
        "response",
        lambda response: (
            problems.append(f"{response.status}: {response.url}")
            if response.status >= 400
            else None
        ),
    )
    page.on("requestfailed", lambda request: problems.append(f"failed: {request.url}"))
    return problems


def violations_seen(page):
    """CSP violations the document itself saw (recorded from before any script ran,
    by an init script the CSP does not govern)."""
    return page.evaluate("window.__cspViolations")


RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", event =>
    window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI));
"""


@pytest.mark.parametrize("path", SIGNED_OUT)
def test_a_signed_out_page_loads_cleanly(site, open_page, path):
    page = open_page("phone")
    page.add_init_script(RECORD_VIOLATIONS)
    problems = watch(page)
    response = page.goto(site + path)
    page.wait_for_load_state("networkidle")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert problems == []
    assert violations_seen(page) == []


def test_a_signed_in_readers_pages_load_cleanly(site, open_page, moderator_account):
    debate = Debate.objects.get(slug="us-troops-in-south-korea")
    first = Comment.objects.get(debate=debate, position=1)
    page = open_page("desktop")
    page.add_init_script(RECORD_VIOLATIONS)
    sign_in(page, site, "mo")
    problems = watch(page)
    for path in [
        debate.get_absolute_url(),
        reverse("debates:reply", kwargs={"slug": debate.slug, "pk": first.pk}),
        reverse("moderation:queue"),
        reverse("moderation:debate", kwargs={"slug": debate.slug}),
        reverse("admin:index"),
    ]:
        page.goto(site + path)
        page.wait_for_load_state("networkidle")
        assert problems == [], path
        assert violations_seen(page) == [], path
