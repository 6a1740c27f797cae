"""What Chromium draws of a comment's text: a right-to-left signature keeps to
itself, addresses are links, and the counter says what is left."""

import pytest
from playwright.sync_api import expect

from debates.models import Debate
from debates.participation.accounts import register_reader
from debates.participation.posting import post_comment
from tests.browser.conftest import sign_in
from tests.builders import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREAD = "/debates/us-troops-in-south-korea/"


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_right_to_left_signature_does_not_pull_the_date_or_separators(
    site, open_page, screenshot, viewport
):
    sara = register_reader(
        username="sara", password=PASSWORD, name="سارة", place="القاهرة، مصر"
    ).user
    debate = Debate.objects.get(slug="us-troops-in-south-korea")
    comment = post_comment(
        debate=debate, author=sara.author, body="رأيي أن القوات يجب أن تبقى."
    )
    page = open_page(viewport)
    page.goto(site + THREAD + f"#comment-{comment.pk}")
    footer = page.locator(f"#comment-{comment.pk} > footer")
    name = footer.locator(".signature strong").bounding_box()
    place = footer.locator(".signature > bdi").bounding_box()
    date = footer.locator("time").first.bounding_box()
    # Read left to right as the page runs: the name, its place, then the date.
    assert name["x"] + name["width"] <= place["x"] + 1
    if abs(place["y"] - date["y"]) < 4:  # on one line
        assert place["x"] + place["width"] <= date["x"]
    body = page.locator(f"#comment-{comment.pk} .comment-body")
    assert body.evaluate("node => getComputedStyle(node).direction") == "rtl"
    screenshot(page, f"rtl-signature-{viewport}", around=footer)


def test_an_address_in_a_comment_is_a_link_that_opens(site, open_page):
    author = register_reader(
        username="lee", password=PASSWORD, name="Lee", place="Seoul"
    ).user
    debate = Debate.objects.get(slug="us-troops-in-south-korea")
    long = "https://example.org/" + "a-long-path/" * 8 + "end.html"
    comment = post_comment(debate=debate, author=author.author, body=f"See {long}")
    page = open_page("phone")
    page.goto(site + THREAD + f"#comment-{comment.pk}")
    link = page.locator(f"#comment-{comment.pk} .comment-body a")
    assert link.get_attribute("href") == long
    assert link.get_attribute("rel") == "nofollow ugc noopener"
    assert link.inner_text().endswith("…") and len(link.inner_text()) == 60
    body = page.locator(f"#comment-{comment.pk} .comment-body").bounding_box()
    assert body["x"] + body["width"] <= 390


def test_the_counter_says_what_is_left_of_the_limit(site, open_page):
    register_reader(username="kim", password=PASSWORD, name="Kim", place="Busan")
    page = open_page("desktop")
    sign_in(page, site, "kim")
    page.goto(site + THREAD + "#join")
    field = page.get_by_label("Your comment")
    counter = page.locator(".char-count")
    expect(counter).to_have_text("5,000 characters left")
    field.fill("Two lines.\nAnd an emoji: 🇰🇷")
    # A line break is one character; the flag is two (its regional letters).
    expect(counter).to_have_text("4,973 characters left")
    field.fill("x" * 4990)
    expect(counter).to_have_text("10 characters left")
    expect(page.locator("[aria-live=polite].visually-hidden")).to_have_text(
        "10 characters left"
    )
