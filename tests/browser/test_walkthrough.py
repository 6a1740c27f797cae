"""A new reader and a moderator use the forum in a real browser."""

import re

import pytest

from debates.models import Comment
from tests.browser.conftest import VIEWPORTS, sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREAD = "/debates/us-troops-in-south-korea/"


def test_a_new_reader_signs_up_and_posts_then_a_moderator_closes_the_debate(
    site, open_page, moderator_account, screenshot
):
    reader = open_page("phone")
    reader.goto(site + "/")
    reader.get_by_role(
        "link", name="US troop cuts in South Korea: do you agree?"
    ).click()
    assert reader.get_by_role("heading", name="40 comments").is_visible()
    assert reader.locator(".pull-quote").count() == 3

    reader.get_by_role("link", name="Sign up").first.click()
    reader.get_by_label("Display name").fill("Ji-woo")
    reader.get_by_label("Place").fill("Busan, South Korea")
    reader.get_by_label("Username").fill("jiwoo")
    reader.locator("#id_password1").fill(PASSWORD)
    reader.get_by_label("Password confirmation").fill(PASSWORD)
    reader.get_by_role("button", name="Create account").click()
    reader.wait_for_url(re.compile(re.escape(THREAD)))
    assert reader.get_by_text("Welcome, Ji-woo").is_visible()

    reader.get_by_label("Your comment").fill("Twenty years on, we ask again.")
    reader.get_by_role("button", name="Post comment").click()
    reader.wait_for_url(re.compile(r"#comment-\d+$"))
    thread = reader.locator("#comments")
    assert thread.get_by_text("Twenty years on, we ask again.").is_visible()
    assert reader.get_by_role("heading", name="41 comments").is_visible()
    comment = Comment.objects.get(body="Twenty years on, we ask again.")
    assert comment.author.signature == "Ji-woo, Busan, South Korea"
    screenshot(reader, "reader-posted-phone")

    # A typo spotted: the author edits the comment within the window.
    reader.locator("#your-comments").get_by_role("link", name="Edit").click()
    reader.get_by_label("Your comment").fill("Twenty years on, we ask it again.")
    screenshot(reader, "reader-editing-phone")
    reader.get_by_role("button", name="Save").click()
    assert thread.get_by_text("Twenty years on, we ask it again.").is_visible()
    comment.refresh_from_db()
    assert list(comment.revisions.values_list("body", flat=True)) == [
        "Twenty years on, we ask again."
    ]

    # Reply to Matt, quoting him by selecting words and pressing the button.
    matt = reader.locator("li.comment", has_text="I think people are getting carried")
    matt.get_by_role("link", name="Reply to Matt").click()
    passage = "the US is not leaving South Korea to defend itself"
    reader.evaluate(
        """passage => {
            const body = document.querySelector('#replied-to .comment-body p');
            const start = body.textContent.indexOf(passage);
            const range = document.createRange();
            range.setStart(body.firstChild, start);
            range.setEnd(body.firstChild, start + passage.length);
            const selection = window.getSelection();
            selection.removeAllRanges();
            selection.addRange(range);
        }""",
        passage,
    )
    reader.get_by_role("button", name="Quote the selection").click()
    assert reader.get_by_label("Quote from the comment (optional)").input_value() == (
        passage
    )
    reader.get_by_label("Your comment").fill("Leaving is leaving, though.")
    reader.get_by_role("button", name="Post reply").click()
    reader.wait_for_url(re.compile(r"#comment-\d+$"))
    reply = reader.locator("ol.replies li.comment", has_text="Leaving is leaving")
    assert reply.get_by_text("In reply to Matt, San Francisco, USA").is_visible()
    assert reply.locator("blockquote.quoted").inner_text() == passage
    screenshot(reader, "reader-replied-phone")

    moderator = open_page("desktop")
    sign_in(moderator, site, "mo")
    moderator.goto(site + THREAD)
    moderator.get_by_label("Reason (optional, shown to readers)").fill(
        "The night desk is closing."
    )
    moderator.get_by_role("button", name="Close this debate").click()
    assert moderator.get_by_text("The debate is closed to new comments.").is_visible()

    reader.reload()
    assert reader.get_by_role("heading", name="This debate is closed").is_visible()
    assert reader.get_by_label("Your comment").count() == 0
    status = reader.get_by_role("region", name="Debate status")
    assert status.get_by_text("Reason: The night desk is closing.").is_visible()
    screenshot(reader, "reader-closed-phone")


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_main_pages_render_for_readers_at_every_width(
    site, open_page, screenshot, viewport
):
    page = open_page(viewport)
    for name, path in [
        ("home", "/"),
        ("debate", THREAD),
        ("article", "/articles/us-and-s-korea-dismiss-report-of-troop-reduction-2025/"),
        ("sign-in", "/accounts/login/"),
        ("sign-up", "/accounts/signup/"),
    ]:
        response = page.goto(site + path)
        assert response.status == 200, path
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= VIEWPORTS[viewport]["width"], f"{path} scrolls sideways"
        screenshot(page, f"{name}-{viewport}")
