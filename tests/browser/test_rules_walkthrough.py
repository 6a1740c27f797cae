"""A moderator sets a word rule in the admin, tries it, sees a reader's comment held
by it, and approves it, in Chromium at a phone's and a desktop's width."""

import re

import pytest
from playwright.sync_api import expect

from debates.models import Comment
from tests.browser.conftest import VIEWPORTS, sign_in
from tests.builders import make_reader

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREAD = "/debates/us-troops-in-south-korea/"


def no_sideways_scroll(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth"
    )


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_moderator_sets_a_rule_sees_a_comment_held_and_approves_it(
    site, open_page, screenshot, moderator_account, viewport
):
    make_reader(name="Ji-woo", place="Busan", username="jiwoo")
    moderator = open_page(viewport)
    sign_in(moderator, site, "mo")
    moderator.goto(site + "/admin/debates/wordrule/add/")
    moderator.get_by_label("Pattern").fill("미군놈")
    moderator.get_by_label("Action").select_option(label="Hold for review")
    moderator.get_by_role("button", name="Save", exact=True).click()
    expect(moderator.locator(".messagelist")).to_contain_text("was added successfully")
    expect(moderator.locator("#result_list")).to_contain_text("미군놈")
    screenshot(moderator, f"rules-list-{viewport}")

    moderator.get_by_role("link", name="Try the rules").click()
    moderator.get_by_label("Text to try").fill("미군놈들이 떠나면 누가 지키나")
    moderator.get_by_role("button", name="Try").click()
    result = moderator.locator(".try-result")
    expect(result).to_contain_text("Held for review: it waits in the moderation queue.")
    expect(result.locator("mark")).to_have_text("미군놈")
    screenshot(moderator, f"rules-try-{viewport}")
    assert no_sideways_scroll(moderator)

    reader = open_page(viewport)
    sign_in(reader, site, "jiwoo")
    reader.goto(site + THREAD + "#join")
    reader.get_by_label("Your comment").fill("미군놈들이 떠나면 누가 지키나?")
    reader.get_by_role("button", name="Post comment").click()
    own = reader.locator("#your-comments")
    expect(own).to_contain_text("Awaiting review")
    expect(own).to_contain_text("Held for review by the forum: it contains “미군놈”")
    screenshot(reader, f"rules-held-for-poster-{viewport}", around=own)
    assert no_sideways_scroll(reader)

    moderator.goto(site + "/moderation/")
    held = moderator.locator("li.comment", has_text="Ji-woo")
    expect(held.locator(".automatic-flags")).to_contain_text(
        "by the forum: word rule “미군놈”"
    )
    expect(held.locator("mark")).to_have_text("미군놈")
    screenshot(moderator, f"rules-queue-{viewport}", around=held)
    assert no_sideways_scroll(moderator)
    held.get_by_role("button", name="Approve").click()
    expect(moderator.locator(".alert")).to_contain_text("Approved.")

    comment = Comment.objects.get(author__name="Ji-woo")
    assert comment.is_visible
    reader.goto(site + comment.get_absolute_url())
    expect(reader.locator(f"#{comment.anchor}")).to_contain_text("미군놈들이 떠나면")

    moderator.goto(site + "/moderation/audit/")
    rows = moderator.locator("table.audit tbody tr")
    expect(rows.nth(0)).to_contain_text("Approved")
    expect(rows.nth(1)).to_contain_text(
        re.compile(r"the forum\s+Held by a rule", re.DOTALL)
    )
    expect(rows.nth(1)).to_contain_text("word rule “미군놈”")
    screenshot(moderator, f"rules-audit-{viewport}")
    width = VIEWPORTS[viewport]["width"]
    box = rows.nth(1).locator("td").nth(2).bounding_box()
    assert box["x"] + box["width"] <= width + 1
