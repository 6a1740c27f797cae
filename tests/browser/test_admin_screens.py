"""The admin's comment list and audit trail fit the moderator's screen."""

import pytest
from playwright.sync_api import expect

from debates.models import Comment, HouseRule
from debates.moderation import actions as moderation
from tests.browser.conftest import VIEWPORTS, sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _audit_with_reasons(moderator):
    rule = HouseRule.objects.get(number=1)
    for comment in Comment.objects.filter(position__in=[2, 3, 4]):
        moderation.remove_comment(
            comment=comment,
            by=moderator,
            rule=rule,
            note="Personal attack on another reader; see the reports from June.",
        )


def _overflow(page, selector):
    """How far the list reaches past what its box shows (it scrolls sideways,
    cutting columns off, when it does), in px."""
    return page.evaluate(
        """selector => {
            const list = document.querySelector(selector);
            const shown = list.closest(".results").getBoundingClientRect();
            const box = list.getBoundingClientRect();
            const window_ = document.documentElement.clientWidth;
            return Math.max(0, box.right - Math.min(shown.right, window_));
        }""",
        selector,
    )


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_the_comment_list_and_audit_trail_fit_the_screen(
    site, open_page, screenshot, moderator_account, viewport
):
    _audit_with_reasons(moderator_account)
    page = open_page(viewport)
    sign_in(page, site, "mo")
    page.goto(site + "/admin/debates/comment/")
    screenshot(page, f"admin-comments-{viewport}", around=page.locator("#changelist"))
    if viewport == "desktop":
        assert _overflow(page, "#result_list") == 0
        excerpt = page.locator("#result_list .field-excerpt").first.bounding_box()
        assert excerpt["width"] >= 200
    # No cell's words run over the next one.
    assert page.evaluate(
        """() => [...document.querySelectorAll('#result_list tbody td')]
            .every(cell => cell.scrollWidth <= cell.clientWidth + 1)"""
    )
    page.goto(site + "/admin/debates/moderationaction/")
    screenshot(page, f"admin-audit-{viewport}", around=page.locator("#changelist"))
    why = page.locator("#result_list td.field-why").first
    # The reason is on screen, in full, at either width.
    box = why.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= VIEWPORTS[viewport]["width"]
    assert "see the reports from June." in why.inner_text()
    assert why.evaluate("node => node.scrollWidth <= node.clientWidth")
    assert _overflow(page, "#result_list") == 0


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_moderator_anonymises_a_2004_reader_from_the_admin(
    site, open_page, screenshot, moderator_account, viewport
):
    page = open_page(viewport)
    sign_in(page, site, "mo")
    page.goto(site + "/admin/debates/author/?q=Marc+Brett")
    page.locator("#result_list input.action-select").first.check()
    page.locator("select[name=action]").select_option("anonymise_at_request")
    page.locator("button[name=index]").first.click()
    page.get_by_label("Who asked, and how").fill("the author, by email")
    screenshot(page, f"admin-at-request-{viewport}")
    page.get_by_role(
        "button", name="Anonymise archived readers at their request"
    ).click()
    expect(page.get_by_text("1 reader(s) now signed “A reader, 2004”.")).to_be_visible()
    page.goto(site + "/debates/us-troops-in-south-korea/")
    assert page.get_by_text("Marc Brett").count() == 0
    assert page.get_by_text("A reader", exact=True).count() >= 1
