"""A new reader and a moderator use the forum in a real browser."""

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from debates.models import Comment, Debate
from debates.participation.accounts import register_reader
from debates.participation.posting import post_comment
from tests.browser.conftest import VIEWPORTS, sign_in
from tests.builders import PASSWORD

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
    # On a phone the header keeps to three rows: the site, the account, search.
    header = reader.locator(".site-header")
    assert header.get_by_role("link", name="Ji-woo", exact=True).is_visible()
    assert header.bounding_box()["height"] < 140

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
    own = thread.locator(f"#comment-{comment.pk}")
    assert own.get_by_role("link", name="Report").count() == 0
    screenshot(reader, "reader-own-comment-phone", around=own)
    own.get_by_role("link", name="Edit").click()
    reader.get_by_label("Your comment").fill("Twenty years on, we ask it again.")
    screenshot(reader, "reader-editing-phone")
    reader.get_by_role("button", name="Save").click()
    assert thread.get_by_text("Twenty years on, we ask it again.").is_visible()
    assert own.locator(".edited").inner_text().startswith("edited ")
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

    # Recommend Matt's comment: the count changes in place, with no page load.
    reader.evaluate("window.stillTheSamePage = true")
    # Matt's own footer: his comment's item holds the reply too.
    matt_form = matt.locator(":scope > footer form.recommend")
    recommend = matt_form.get_by_role("button", name="Recommend")
    recommend.click()
    expect(matt_form.locator(".recommend-count")).to_have_text("1 recommendation")
    expect(recommend).to_have_attribute("aria-pressed", "true")
    assert reader.evaluate("window.stillTheSamePage") is True
    matt_comment = Comment.objects.get(body__startswith="I think people are getting")
    assert matt_comment.recommendations.get().reader.username == "jiwoo"
    screenshot(reader, "reader-recommended-phone", around=matt)
    # Pressed again, it takes the recommendation back; pressed a third time, it
    # recommends again.
    recommend.click()
    expect(matt_form.locator(".recommend-count")).to_have_text("")
    expect(recommend).to_have_attribute("aria-pressed", "false")
    recommend.click()
    expect(matt_form.locator(".recommend-count")).to_have_text("1 recommendation")
    assert reader.evaluate("window.stillTheSamePage") is True
    matt_comment.refresh_from_db()
    assert matt_comment.recommendation_count == 1

    # Most recommended first puts Matt at the top, and survives a reload.
    reader.get_by_role("link", name="Most recommended").click()
    first = reader.locator("#comments li.comment").first
    assert first.get_by_text("I think people are getting carried away").is_visible()
    assert (
        first.get_by_role("button", name="Recommend").get_attribute("aria-pressed")
        == "true"
    )

    # Search finds the reader's own reply, and its link leads to it in the thread.
    search = reader.get_by_label("Search debates and comments").first
    search.fill("leaving")
    search.press("Enter")
    result = reader.locator(".search-result", has_text="Leaving is leaving")
    assert result.locator("mark").first.inner_text().lower() == "leaving"
    screenshot(reader, "reader-searched-phone")
    result.get_by_role("link", name="Read in the debate the comment by Ji-woo").click()
    reader.wait_for_url(re.compile(r"#comment-\d+$"))
    assert reader.locator(":target").get_by_text("Leaving is leaving").is_visible()

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


def test_recommending_works_with_javascript_off(site, open_page, screenshot):
    User = get_user_model()
    register_reader(username="plain", password=PASSWORD, name="Plain", place="Daegu")
    reader = open_page("phone", javascript=False)
    sign_in(reader, site, "plain")
    reader.goto(site + THREAD + "?sort=newest")
    marc = reader.locator("li.comment", has_text="defending oil supplies")
    marc.get_by_role("button", name="Recommend").click()
    assert reader.get_by_text("You recommend this comment.").is_visible()
    assert "sort=newest" in reader.url
    marc = reader.locator("li.comment", has_text="defending oil supplies")
    assert marc.locator(".recommend-count").inner_text() == "1 recommendation"
    button = marc.get_by_role("button", name="Recommend")
    assert button.get_attribute("aria-pressed") == "true"
    screenshot(reader, "reader-recommended-no-javascript-phone", around=marc)
    button.click()
    assert reader.get_by_text("You no longer recommend this comment.").is_visible()
    assert not User.objects.get(username="plain").recommendations.exists()


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


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_an_author_deletes_after_a_confirmation_page_without_javascript(
    site, open_page, screenshot, viewport
):
    author = register_reader(
        username="ann", password=PASSWORD, name="Ann", place="Leeds"
    ).user
    debate = Debate.objects.get(slug="us-troops-in-south-korea")
    post_comment(debate=debate, author=author.author, body="Second thoughts, gone.")
    page = open_page(viewport, javascript=False)
    sign_in(page, site, "ann")
    page.goto(site + THREAD)
    own = page.locator("li.comment", has_text="Second thoughts, gone.")
    own.get_by_role("link", name="Delete").click()
    assert page.get_by_role("heading", name="Delete your comment?").is_visible()
    screenshot(page, f"reader-delete-confirm-{viewport}")
    page.get_by_role("button", name="Delete it").click()
    thread = page.locator("#comments")
    assert thread.get_by_text("Deleted by its author.").is_visible()
    assert thread.get_by_text("Second thoughts, gone.").count() == 0


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_an_author_asks_for_a_review_and_another_moderator_restores(
    site, open_page, screenshot, moderator_account, viewport
):
    from debates.models import HouseRule
    from debates.moderation.actions import remove_comment

    author = register_reader(
        username="ann", password=PASSWORD, name="Ann", place="Leeds"
    ).user
    debate = Debate.objects.get(slug="us-troops-in-south-korea")
    comment = post_comment(debate=debate, author=author.author, body="Sharp words.")
    remove_comment(
        comment=comment, by=None, rule=HouseRule.objects.get(number=1), note="Tone."
    )
    page = open_page(viewport)
    sign_in(page, site, "ann")
    page.goto(site + THREAD + "#your-comments")
    page.locator("#your-comments").get_by_role("link", name="Ask for a review").click()
    page.get_by_label("Why should the decision change?").fill(
        "It quoted the article; it did not insult anyone."
    )
    screenshot(page, f"reader-review-ask-{viewport}")
    page.get_by_role("button", name="Ask for a review").click()
    box = page.locator("#your-comments")
    expect(box).to_contain_text("You asked for a review on")

    staff = open_page(viewport)
    sign_in(staff, site, "mo")
    staff.goto(site + "/moderation/")
    item = staff.locator("li.comment", has_text="Sharp words.")
    expect(item).to_contain_text("It quoted the article; it did not insult anyone.")
    screenshot(staff, f"moderator-review-queue-{viewport}", around=item)
    item.get_by_label("Note to the author").fill("Fair point.")
    item.get_by_role("button", name="Restore it").click()
    expect(staff.locator(".alert-success")).to_contain_text("Restored on review")
    page.goto(site + THREAD)
    assert page.locator("#comments").get_by_text("Sharp words.").is_visible()


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_moderator_goes_from_a_comment_to_its_moderation_page(
    site, open_page, screenshot, moderator_account, viewport
):
    page = open_page(viewport)
    sign_in(page, site, "mo")
    page.goto(site + THREAD)
    matt = page.locator("li.comment", has_text="I think people are getting carried")
    footer = matt.locator(":scope > footer")
    screenshot(page, f"moderator-comment-actions-{viewport}", around=footer)
    footer.get_by_role("link", name="Moderate").click()
    expect(
        page.get_by_role("heading", name="Comment by Matt, San Francisco, USA")
    ).to_be_visible()
    reader = open_page(viewport)
    reader.goto(site + THREAD)
    assert reader.get_by_role("link", name="Moderate").count() == 0
