"""axe-core (the release pinned in package.json), run in the browser against the
pages as served with their CSP, finds no serious or critical problem on the main
pages."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from debates.models import Comment, Debate
from debates.participation.accounts import register_reader
from debates.participation.posting import post_comment
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD
from tests.validators import axe_source, pinned_version

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
    "/",
    "/debates/us-troops-in-south-korea/",
    "/articles/us-and-s-korea-dismiss-report-of-troop-reduction-2025/",
    "/accounts/login/",
    "/accounts/signup/",
    "/accounts/password_reset/",
    "/accounts/reset/done/",
]


def serious_violations(page):
    """axe-core's serious and critical findings on the page as it stands.

    The script is evaluated through the browser's debugging protocol, which the
    page's CSP does not govern; a <script> tag added to the page would be blocked.
    """
    page.evaluate(axe_source())
    results = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    assert results["testEngine"]["version"] == pinned_version("axe-core")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results["violations"]
        if violation["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("path", PAGES)
def test_reader_pages_have_no_serious_accessibility_problem(site, open_page, path):
    page = open_page()
    page.goto(site + path)
    assert serious_violations(page) == []


def test_moderation_pages_have_no_serious_accessibility_problem(
    site, open_page, moderator_account
):
    page = open_page()
    sign_in(page, site, "mo")
    for path in [
        "/moderation/",
        "/moderation/debates/us-troops-in-south-korea/",
        "/accounts/two-factor/",
        "/accounts/two-factor/verify/",
    ]:
        page.goto(site + path)
        assert serious_violations(page) == [], path


def test_debate_page_with_recommend_buttons_has_no_serious_accessibility_problem(
    site, open_page, moderator_account
):
    page = open_page()
    sign_in(page, site, "mo")
    for query in ["", "?sort=newest", "?sort=recommended"]:
        page.goto(f"{site}/debates/us-troops-in-south-korea/{query}")
        assert page.locator("form.recommend").count() == 40
        assert serious_violations(page) == [], query


def test_a_signed_in_readers_pages_have_no_serious_accessibility_problem(
    site, open_page
):
    """The pages a reader reaches by taking part: replying (with the quote button
    that only JavaScript shows), editing, search results, their own page and
    their notification settings."""
    reader = register_reader(
        username="ji", password=PASSWORD, name="Ji-woo", place="Busan, South Korea"
    ).user
    debate = Debate.objects.get(slug="us-troops-in-south-korea")
    own = post_comment(debate=debate, author=reader.author, body="Leaving is leaving.")
    first = Comment.objects.get(debate=debate, position=1)
    page = open_page("phone")
    sign_in(page, site, "ji")
    paths = [
        reverse("debates:reply", kwargs={"slug": debate.slug, "pk": first.pk}),
        reverse("debates:edit", kwargs={"slug": debate.slug, "pk": own.pk}),
        reverse("debates:search") + "?q=troops",
        reader.author.get_absolute_url(),
        reverse("debates:notification_settings"),
        reverse("debates:account"),
        reverse("password_change"),
        reverse("privacy"),
    ]
    for path in paths:
        page.goto(site + path)
        assert serious_violations(page) == [], path
    page.goto(site + paths[0])
    assert page.get_by_role("button", name="Quote the selection").is_visible()


FOCUS_STYLE = """() => {
    const focused = document.activeElement;
    const style = getComputedStyle(focused);
    return {
        inMain: focused.closest("main") !== null,
        outline: style.outlineStyle !== "none" && style.outlineWidth !== "0px",
        shadow: style.boxShadow !== "none",
    };
}"""


@pytest.mark.parametrize("path", ["/", "/debates/us-troops-in-south-korea/"])
def test_the_keyboard_skips_to_the_content_and_focus_is_shown(site, open_page, path):
    page = open_page("small-phone")
    page.goto(site + path)
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    focus = page.evaluate(FOCUS_STYLE)
    assert focus["inMain"]
    assert focus["outline"] or focus["shadow"], "the focused control shows no focus"
