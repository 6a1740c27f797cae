"""A reader's account page in Chromium at a phone's width and a desk's: their data
downloaded, and the account closed, then kept by signing in again."""

import json

import pytest
from playwright.sync_api import expect

from debates.participation.accounts import register_reader
from tests.browser.conftest import VIEWPORTS, sign_in
from tests.builders import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_reader_downloads_their_data_and_closes_then_keeps_their_account(
    site, open_page, screenshot, viewport
):
    register_reader(
        username="ann", password=PASSWORD, name="Ann", place="Leeds", email="a@b.org"
    )
    page = open_page(viewport)
    sign_in(page, site, "ann")
    page.get_by_role("link", name="Account").click()
    expect(page.get_by_role("heading", name="Your account", exact=True)).to_be_visible()
    assert (
        page.evaluate("document.documentElement.scrollWidth")
        <= (VIEWPORTS[viewport]["width"])
    )
    screenshot(page, f"account-page-{viewport}")

    page.get_by_role("button", name="Prepare my data").click()
    expect(page.get_by_text("Your data is being put together.")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download your data").click()
    data = json.loads(download.value.path().read_text(encoding="utf-8"))
    assert data["account"]["username"] == "ann"
    assert data["signature"] == {"name": "Ann", "place": "Leeds"}

    page.get_by_label("Remove them, each leaving a note").check()
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Close my account").click()
    expect(
        page.get_by_role("heading", name="Your account will be closed")
    ).to_be_visible()
    expect(page.get_by_text("and your comments removed")).to_be_visible()
    screenshot(page, f"account-closing-{viewport}")

    sign_in(page, site, "ann")
    expect(
        page.get_by_text("Welcome back: your account is no longer being closed.")
    ).to_be_visible()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_privacy_page_is_linked_from_the_footer(
    site, open_page, screenshot, viewport
):
    page = open_page(viewport)
    page.goto(site + "/")
    page.get_by_role("link", name="Privacy: what we keep").click()
    expect(
        page.get_by_role("heading", name="Privacy: what we keep, and why")
    ).to_be_visible()
    assert (
        page.evaluate("document.documentElement.scrollWidth")
        <= (VIEWPORTS[viewport]["width"])
    )
    screenshot(page, f"privacy-page-{viewport}")
