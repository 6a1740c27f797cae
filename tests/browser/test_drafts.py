"""A reader's words survive the session ending and the tab closing, in Chromium."""

import re

import pytest
from playwright.sync_api import expect

from debates.models import Comment
from debates.participation.accounts import register_reader
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREAD = "/debates/us-troops-in-south-korea/"
WORDS = "Twenty years on, the troops are still there; I was wrong in 2004."


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_comment_sent_after_signing_out_elsewhere_comes_back_after_sign_in(
    site, open_page, screenshot, viewport
):
    register_reader(username="ann", password=PASSWORD, name="Ann", place="Leeds")
    page = open_page(viewport)
    sign_in(page, site, "ann")
    page.goto(site + THREAD)
    page.get_by_label("Your comment").fill(WORDS)
    # Signed out in another tab of the same browser while writing.
    other = page.context.new_page()
    other.goto(site + THREAD)
    other.get_by_role("button", name="Sign out").click()
    # Signed out for certain before the first tab posts. The other tab stays
    # open: Chromium's tab closing, waited on, once hung this test for good.
    expect(other.get_by_role("link", name="Sign in")).to_be_visible()
    page.bring_to_front()
    page.get_by_role("button", name="Post comment").click()
    expect(
        page.get_by_text("You were signed out, so your comment was not posted.")
    ).to_be_visible()
    page.get_by_label("Username").fill("ann")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_role("heading", name="Your comment, ready to send")
    ).to_be_visible()
    assert page.get_by_label("Your comment").input_value() == WORDS
    screenshot(page, f"reader-draft-after-sign-in-{viewport}")
    assert not Comment.objects.filter(body=WORDS).exists()
    page.get_by_role("button", name="Post comment").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    assert page.locator("#comments").get_by_text(WORDS).is_visible()


def test_an_unsent_comment_is_back_after_the_tab_closes_and_gone_once_posted(
    site, open_page
):
    register_reader(username="kim", password=PASSWORD, name="Kim", place="Busan")
    page = open_page("desktop")
    sign_in(page, site, "kim")
    page.goto(site + THREAD)
    page.get_by_label("Your comment").press_sequentially("Half a thought")
    context = page.context
    # Closed as a reader closes a tab, running its pagehide handlers; waited on
    # with a timeout, which page.close() alone does not have.
    with page.expect_event("close"):
        page.close(run_before_unload=True)
    again = context.new_page()
    again.goto(site + THREAD)
    expect(again.get_by_label("Your comment")).to_have_value("Half a thought")
    again.get_by_role("button", name="Post comment").click()
    again.wait_for_url(re.compile(r"#comment-\d+$"))
    again.goto(site + THREAD)
    expect(again.get_by_label("Your comment")).to_have_value("")
