"""A Korean-speaking reader, in Chromium with JavaScript off at a phone's and a
desk's width, turns the forum to Korean, signs up, comments on the 2004 debate,
finds the comment by searching, and is emailed a reply in Korean."""

import re

import pytest
from playwright.sync_api import expect

from debates.models import Author, Comment
from tests.browser.conftest import VIEWPORTS, sign_in
from tests.browser.test_accessibility import serious_violations
from tests.builders import PASSWORD, make_reader

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREAD = "/debates/us-troops-in-south-korea/"
KOREAN_TITLE = "주한미군 감축: 동의하십니까?"
KOREAN_INTRODUCTION = "한국에 주둔한 미군 37,000명 가운데 12,500명"
COMMENT = "병력 감축에 반대합니다. 북한의 위협은 여전합니다."
ADDRESS = "jiwoo@example.org"
KOREAN_FONTS = re.compile(r"CJK KR|Noto (Sans|Serif) KR|Nanum|Malgun|Apple SD Gothic")


def no_sideways_scroll(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= window.innerWidth"
    )


def html_lang(page):
    return page.locator("html").get_attribute("lang")


def fonts_drawing(page, selector):
    """The names of the fonts Chromium drew the first element matching `selector`
    with: the faces that held the glyphs, not the CSS's wish list."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    cdp.detach()
    return [font["familyName"] for font in fonts["fonts"]]


def speaks_korean_in_its_width(page, name, width):
    assert html_lang(page) == "ko", name
    assert no_sideways_scroll(page), f"{name} scrolls sideways at {width}px"


def accessibility_problems(open_page, viewport, addresses, *, cookies=()):
    """axe-core's serious findings on each address, read in a second context with
    JavaScript on (axe needs timers, which a page without scripts never runs),
    holding `cookies` (the reader's session and language)."""
    checker = open_page(viewport)
    checker.context.add_cookies(list(cookies))
    problems = {}
    for address in addresses:
        checker.goto(address)
        assert html_lang(checker) == "ko", address
        problems[address] = serious_violations(checker)
    return {address: found for address, found in problems.items() if found}


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_korean_reader_signs_up_comments_searches_and_gets_a_reply_in_korean(
    site, open_page, screenshot, mailoutbox, settings, viewport
):
    # The emails' links lead to this live server, so the reader can follow them.
    settings.FORUM_SITE_URL = site
    # A new poster's comment is published at once, as the forum is configured by
    # default; the walkthrough is about language, not the moderation queue.
    settings.FORUM_HOLD_FIRST_COMMENTS = 0
    width = VIEWPORTS[viewport]["width"]
    page = open_page(viewport, javascript=False)
    page.set_extra_http_headers({"Accept-Language": "en-GB,en;q=0.9"})

    # 1. The English home page, turned to Korean by the header's button.
    page.goto(site + "/")
    assert html_lang(page) == "en-gb"
    page.locator(".site-header").get_by_role("button", name="한국어").click()
    page.wait_for_url(site + "/ko/")
    expect(page.get_by_role("link", name=KOREAN_TITLE)).to_be_visible()
    screenshot(page, f"korean-1-home-{width}")
    speaks_korean_in_its_width(page, "home", width)

    # 2. Signing up, in Korean, asking to be emailed replies; the address is
    # confirmed from the link emailed to it.
    page.locator(".site-header").get_by_role("link", name="회원 가입").click()
    page.wait_for_url(re.compile(r"/ko/accounts/signup/"))
    expect(page.get_by_role("heading", name="계정 만들기")).to_be_visible()
    page.locator("#id_name").fill("김지우")
    page.locator("#id_place").fill("부산")
    page.locator("#id_username").fill("jiwoo")
    page.locator("#id_password1").fill(PASSWORD)
    page.locator("#id_password2").fill(PASSWORD)
    page.locator("#id_email").fill(ADDRESS)
    page.locator("#id_notify_on_reply").check()
    screenshot(page, f"korean-2-signup-{width}")
    speaks_korean_in_its_width(page, "sign-up", width)
    page.get_by_role("button", name="계정 만들기").click()
    page.wait_for_url(site + "/ko/")
    messages = page.locator(".messages")
    expect(messages).to_contain_text("김지우 님, 환영합니다.")
    expect(messages).to_contain_text(ADDRESS)
    screenshot(page, f"korean-2-signed-up-{width}")
    speaks_korean_in_its_width(page, "signed up", width)

    (confirmation,) = mailoutbox
    assert confirmation.to == [ADDRESS]
    assert confirmation.subject == "Revived Debates 이메일 주소 확인"
    (link,) = re.findall(
        re.escape(site) + r"/ko/accounts/notifications/confirm/\S+/",
        confirmation.body,
    )
    page.goto(link)
    page.get_by_role("button", name="이 주소 확인").click()
    expect(page.locator("main")).to_contain_text(ADDRESS)
    screenshot(page, f"korean-2-confirmed-{width}")
    speaks_korean_in_its_width(page, "address confirmed", width)
    author = Author.objects.get(name="김지우")
    assert author.email_confirmed
    assert author.notify_on_reply

    # 3. The 2004 debate in Korean, beside the archive's comments in English.
    page.goto(site + "/ko/")
    page.get_by_role("link", name=KOREAN_TITLE).first.click()
    page.wait_for_url(site + "/ko" + THREAD)
    title = page.get_by_role("heading", level=1)
    expect(title).to_have_text(KOREAN_TITLE)
    expect(title).to_have_attribute("lang", "ko")
    introduction = page.locator(".introduction > div")
    expect(introduction).to_contain_text(KOREAN_INTRODUCTION)
    expect(introduction).to_have_attribute("lang", "ko")
    archived = page.locator(".comment-body[lang=en]")
    expect(archived).to_have_count(40)
    expect(archived.first).to_be_visible()
    for selector in ("h1", ".site-account a.btn", ".introduction p"):
        drawn_with = fonts_drawing(page, selector)
        assert any(KOREAN_FONTS.search(font) for font in drawn_with), (
            selector,
            drawn_with,
        )
    screenshot(page, f"korean-3-debate-{width}")
    speaks_korean_in_its_width(page, "debate", width)

    # 4. A comment in Korean; the language it is written in starts as Korean.
    language = page.get_by_label("작성 언어")
    expect(language).to_have_value("ko")
    assert language.locator("option:checked").inner_text() == "한국어"
    page.get_by_label("내 댓글").fill(COMMENT)
    page.get_by_role("button", name="댓글 게시").click()
    page.wait_for_url(re.compile(r"#comment-\d+$"))
    expect(page.locator(".messages")).to_contain_text("댓글이 게시되었습니다.")
    comment = Comment.objects.get(body=COMMENT)
    assert comment.is_visible
    assert comment.language == "ko"
    posted = page.locator(f"#{comment.anchor}")
    expect(posted.locator(".comment-body")).to_have_attribute("lang", "ko")
    expect(posted).to_contain_text("김지우, 부산")
    screenshot(page, f"korean-4-posted-{width}", around=posted)
    speaks_korean_in_its_width(page, "posted", width)

    # 5. The header's search finds the comment by 감축, inside 감축에.
    search = page.locator(".site-header").get_by_label("토론과 댓글 검색")
    search.fill("감축")
    search.press("Enter")
    page.wait_for_url(re.compile(r"/ko/search/\?q="))
    found = page.locator(".search-result", has_text="북한의 위협은 여전합니다")
    expect(found).to_have_count(1)
    expect(found.locator("mark").first).to_have_text("감축")
    search_results = page.url
    screenshot(page, f"korean-5-search-{width}")
    speaks_korean_in_its_width(page, "search", width)

    # 6. An English reader replies; the email to the Korean reader speaks Korean
    # and leads to the Korean page, where the reply is.
    make_reader(name="Sam", place="Leeds", username="sam")
    other = open_page(viewport, javascript=False)
    other.set_extra_http_headers({"Accept-Language": "en-GB,en;q=0.9"})
    sign_in(other, site, "sam")
    other.goto(site + comment.get_absolute_url())
    other.locator(f"#{comment.anchor}").get_by_role(
        "link", name="Reply to 김지우"
    ).click()
    other.get_by_role("textbox", name="Your comment").fill(
        "The North is not why we stay."
    )
    other.get_by_role("button", name="Post reply").click()
    other.wait_for_url(re.compile(r"#comment-\d+$"))
    reply = Comment.objects.get(in_reply_to=comment)

    (email,) = [email for email in mailoutbox if email is not confirmation]
    assert email.to == [ADDRESS]
    assert email.subject == (
        f"Sam(Leeds) 님이 “{KOREAN_TITLE}”에 작성하신 댓글에 답글을 달았습니다"
    )
    (reply_link,) = re.findall(r"토론에서 보기: (\S+)", email.body)
    assert reply_link == f"{site}/ko{THREAD}comments/{reply.pk}/"
    page.goto(reply_link)
    shown = page.locator(f"#{reply.anchor}")
    expect(shown).to_contain_text("The North is not why we stay.")
    expect(shown.locator(".comment-body")).to_have_attribute("lang", "en")
    screenshot(page, f"korean-6-reply-{width}", around=shown)
    speaks_korean_in_its_width(page, "reply", width)

    # The Korean pages met on the way have no serious accessibility problem.
    assert (
        accessibility_problems(open_page, viewport, [site + "/ko/accounts/signup/"])
        == {}
    )
    assert (
        accessibility_problems(
            open_page,
            viewport,
            [site + "/ko/", site + "/ko" + THREAD, search_results, reply_link],
            cookies=page.context.cookies(),
        )
        == {}
    )
