"""A reader follows a debate from its page in Chromium, with JavaScript off, at a
phone's width and a desk's."""

import pytest
from playwright.sync_api import expect

from debates.models import Follow
from debates.participation.accounts import register_reader
from tests.browser.conftest import VIEWPORTS, sign_in
from tests.builders import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREAD = "/debates/us-troops-in-south-korea/"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_reader_follows_and_stops_following_without_javascript(
    site, open_page, screenshot, viewport
):
    register_reader(username="ann", password=PASSWORD, name="Ann", place="Leeds")
    page = open_page(viewport, javascript=False)
    sign_in(page, site, "ann")
    page.goto(site + THREAD)
    section = page.get_by_role("region", name="Follow this debate")
    expect(section).to_be_visible()
    section.get_by_label("Emails").select_option("every")
    section.get_by_role("button", name="Follow").click()
    expect(page.get_by_text("You follow “US troop cuts in South Korea")).to_be_visible()
    following = page.get_by_role("region", name="Follow this debate")
    expect(following.get_by_text("You follow this debate:")).to_be_visible()
    expect(following.get_by_label("Emails")).to_have_value("every")
    # Nothing on the page is wider than the screen it is read on.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[viewport]["width"]
    screenshot(page, f"reader-follows-debate-{viewport}", around=following)
    assert Follow.objects.get().emails == Follow.Emails.EVERY

    following.get_by_label("Emails").select_option("none")
    following.get_by_role("button", name="Save").click()
    expect(page.get_by_text("You no longer follow")).to_be_visible()
    assert not Follow.objects.exists()


def test_a_signed_out_reader_is_sent_to_sign_in_and_back_to_follow(site, open_page):
    register_reader(username="kim", password=PASSWORD, name="Kim", place="Busan")
    page = open_page("phone")
    page.goto(site + THREAD)
    section = page.get_by_role("region", name="Follow this debate")
    section.get_by_role("link", name="Sign in").click()
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_role("region", name="Follow this debate").get_by_role(
            "button", name="Follow"
        )
    ).to_be_visible()
    assert page.url.endswith(f"{THREAD}#follow-heading")
