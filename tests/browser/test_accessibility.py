"""axe-core, run in the browser, finds no serious or critical problem on the main
pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGES = [
    "/",
    "/debates/us-troops-in-south-korea/",
    "/articles/us-and-s-korea-dismiss-report-of-troop-reduction-2025/",
    "/accounts/login/",
    "/accounts/signup/",
]


def serious_violations(page):
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} "
        f"at {[node['target'] for node in violation['nodes']][:3]}"
        for violation in results.response["violations"]
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
    for path in ["/moderation/", "/moderation/debates/us-troops-in-south-korea/"]:
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
