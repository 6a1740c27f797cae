"""The reader's language: the switcher, the saved preference, the browser's
Accept-Language, the addresses of each language and what pages say about them."""

import re

import pytest
from django.test import Client

from debates.models import Author, Comment
from debates.notifications.emails import notify_reply
from debates.participation.posting import post_comment
from tests.builders import sign_up, subscribe

THREAD = "/debates/us-troops-in-south-korea/"
KOREAN_THREAD = "/ko" + THREAD
KOREAN_TITLE = "주한미군 감축: 동의하십니까?"


@pytest.fixture(autouse=True)
def _site_address(settings):
    settings.FORUM_SITE_URL = "https://forum.example.org"


def html_lang(page):
    return re.search(r'<html lang="([^"]+)"', page).group(1)


def alternates(page):
    return dict(
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page)
    )


def choose(browser, language, next_url=THREAD, **extra):
    return browser.post("/language/", {"language": language, "next": next_url}, **extra)


def test_english_pages_keep_their_addresses_and_name_their_language(client, thread):
    response = client.get(THREAD)
    page = response.content.decode()
    assert response.status_code == 200
    assert html_lang(page) == "en-gb"
    assert response["Content-Language"] == "en-gb"
    assert "Accept-Language" in response["Vary"]


def test_a_korean_page_speaks_korean_beside_the_english_comments(client, thread):
    page = client.get(KOREAN_THREAD).content.decode()
    assert html_lang(page) == "ko"
    assert f'<h1 class="display-6" lang="ko">{KOREAN_TITLE}</h1>' in page
    assert "한국에 주둔한 미군 37,000명 가운데 12,500명" in page
    assert "이 포럼의 번역" in page
    assert "철수에 찬성" in page
    # The archived comments stay in English, and say so.
    assert page.count('<div class="comment-body" dir="auto" lang="en">') == 40
    assert (
        f'<link rel="canonical" href="https://forum.example.org{KOREAN_THREAD}">'
        in page
    )


def test_every_page_publishes_its_alternates_in_each_language(client, thread):
    for path in ("/", THREAD, KOREAN_THREAD, "/privacy/"):
        page = client.get(path).content.decode()
        plain = path.removeprefix("/ko")
        assert alternates(page) == {
            "en-gb": f"https://forum.example.org{plain}",
            "ko": f"https://forum.example.org/ko{plain}",
            "x-default": f"https://forum.example.org{plain}",
        }, path


def test_the_sitemap_lists_each_page_in_each_language(client, thread):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>http://testserver{KOREAN_THREAD}</loc>" in sitemap
    assert f"<loc>http://testserver{THREAD}</loc>" in sitemap
    assert (
        f'<xhtml:link rel="alternate" hreflang="ko" href="http://testserver{KOREAN_THREAD}"/>'
        in sitemap
    )
    assert 'hreflang="x-default"' in sitemap


def test_a_browser_asking_for_korean_is_sent_to_the_korean_page(client, thread):
    response = client.get(THREAD + "?page=1", HTTP_ACCEPT_LANGUAGE="ko-KR,ko;q=0.9")
    assert response.status_code == 302
    assert response["Location"] == KOREAN_THREAD + "?page=1"
    assert {"Accept-Language", "Cookie"} <= {
        part.strip() for part in response["Vary"].split(",")
    }
    english = client.get(THREAD, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert english.status_code == 200


def test_a_korean_address_is_never_overruled(client, thread):
    response = client.get(KOREAN_THREAD, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert html_lang(response.content.decode()) == "ko"


def test_the_switcher_works_without_script_and_is_on_every_page(client, thread):
    page = client.get(THREAD).content.decode()
    assert '<form method="post" action="/language/"' in page
    assert '<button type="submit" name="language" value="ko" lang="ko"' in page
    response = choose(client, "ko")
    assert response.status_code == 302
    assert response["Location"] == KOREAN_THREAD
    assert response.cookies["django_language"].value == "ko"
    # The English address now leads a browser that asked for English to Korean.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en")["Location"] == "/ko/"
    back = choose(client, "en-gb", KOREAN_THREAD, HTTP_ACCEPT_LANGUAGE="ko")
    assert back["Location"] == THREAD
    assert client.get(THREAD, HTTP_ACCEPT_LANGUAGE="ko").status_code == 200


def test_the_switcher_refuses_what_it_does_not_offer(client, db):
    response = client.post("/language/", {"language": "xx", "next": "/"})
    assert response.status_code == 400
    assert "That language is not offered." in response.content.decode()
    away = choose(client, "ko", "https://elsewhere.example/")
    assert away["Location"] == "/ko/"


def test_a_signed_in_reader_keeps_their_choice_on_every_device(thread, reader):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    page = browser.get(THREAD).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    browser.post(
        "/language/", {"language": "ko", "next": THREAD, "csrfmiddlewaretoken": token}
    )
    assert Author.objects.get(pk=reader.author.pk).language == "ko"
    elsewhere = Client()
    elsewhere.force_login(reader)
    assert elsewhere.get(THREAD, HTTP_ACCEPT_LANGUAGE="en")["Location"] == KOREAN_THREAD


def test_a_forged_switch_sets_no_saved_language(thread, reader):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(reader)
    response = browser.post("/language/", {"language": "ko", "next": THREAD})
    assert response.status_code == 302
    assert Author.objects.get(pk=reader.author.pk).language == ""


def test_a_comment_carries_the_language_it_is_written_in(thread, reader_client):
    form = reader_client.get(KOREAN_THREAD).content.decode()
    assert re.search(r'<option value="ko" selected>한국어</option>', form)
    reader_client.post(
        f"{KOREAN_THREAD}comments/",
        {"body": "병력 감축에 반대합니다.", "language": "ko", "stance": ""},
    )
    comment = Comment.objects.get(body="병력 감축에 반대합니다.")
    assert comment.language == "ko"
    page = reader_client.get(f"{THREAD}?page=2").content.decode()
    assert '<div class="comment-body" dir="auto" lang="ko">' in page


def test_a_comment_posted_without_a_language_takes_the_interface_one(
    thread, reader_client
):
    reader_client.post(f"{KOREAN_THREAD}comments/", {"body": "좋습니다.", "stance": ""})
    assert Comment.objects.get(body="좋습니다.").language == "ko"
    reader_client.post(f"{THREAD}comments/", {"body": "Agreed.", "stance": ""})
    assert Comment.objects.get(body="Agreed.").language == "en"


@pytest.mark.parametrize(
    "saved, written, speaks",
    [
        ("ko", "en", "ko"),
        ("", "ko", "ko"),
        ("", "en", "en-gb"),
    ],
)
def test_a_reply_email_speaks_its_readers_language(
    thread,
    make_reader,
    mailoutbox,
    django_capture_on_commit_callbacks,
    saved,
    written,
    speaks,
):
    answered_by = make_reader(name="Ji-woo", place="Busan")
    subscribe(answered_by.author, "jiwoo@example.org")
    Author.objects.filter(pk=answered_by.author.pk).update(language=saved)
    answered_by.author.refresh_from_db()
    replier = make_reader(name="Sam", place="Leeds")
    original = post_comment(
        debate=thread,
        author=answered_by.author,
        body="미군은 남아야 합니다.",
        language=written,
    )
    reply = post_comment(
        debate=thread, author=replier.author, body="Why?", parent=original
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify_reply(reply)
    (email,) = mailoutbox
    if speaks == "ko":
        assert email.subject == (
            f"Sam(Leeds) 님이 “{KOREAN_TITLE}”에 작성하신 댓글에 답글을 달았습니다"
        )
        assert f"/ko/debates/{thread.slug}/comments/{reply.pk}/" in email.body
    else:
        assert "US troop cuts in South Korea" in email.subject
        assert "/ko/" not in email.body


def test_search_and_author_pages_name_the_debate_in_the_readers_language(
    client, thread, django_assert_num_queries
):
    korean_title = f'lang="ko">{KOREAN_TITLE}</a> 토론에서'
    many = client.get("/ko/search/?q=troops").content.decode()
    assert many.count(korean_title) > 1
    author = Comment.objects.filter(debate=thread).first().author
    assert korean_title in client.get(f"/ko/authors/{author.pk}/").content.decode()
    english = client.get("/search/?q=troops").content.decode()
    assert 'lang="en-gb">US troop cuts in South Korea: do you agree?</a>' not in english
    assert 'lang="en">US troop cuts in South Korea: do you agree?</a>' in english
    # One query fetches the translations of the page's debates, however many hits.
    with django_assert_num_queries(5):
        client.get("/ko/search/?q=troops")
    with django_assert_num_queries(5):
        client.get("/ko/search/?q=Peddle")


def test_a_reader_who_signs_up_in_korean_is_emailed_in_korean(
    client, thread, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = sign_up(
            client,
            language_prefix="/ko",
            name="김지우",
            place="부산",
            email="jiwoo@example.org",
            notify_on_reply="on",
        )
    assert response.status_code == 302
    assert Author.objects.get(name="김지우").language == "ko"
    (confirmation,) = mailoutbox
    assert "/ko/" in confirmation.body
    assert re.search("[가-힣]", confirmation.subject)
    assert "김지우 님, 안녕하세요." in confirmation.body


def test_a_reader_who_signs_up_in_english_keeps_their_browsers_language(client, db):
    response = sign_up(client, name="Sam", place="Leeds", username="sam")
    assert response.status_code == 302
    assert Author.objects.get(name="Sam").language == ""


def test_the_picks_page_names_each_stance_in_the_readers_language(
    client, thread, django_assert_num_queries
):
    english = client.get(f"{THREAD}picks/").content.decode()
    korean = client.get(f"{KOREAN_THREAD}picks/").content.decode()
    stances = list(thread.stances.prefetch_related("translations"))
    korean_labels = [stance.shown("label", language="ko").text for stance in stances]
    assert any(label in korean for label in korean_labels if label)
    assert not any(stance.label in korean for stance in stances if stance.label)
    assert any(stance.label in english for stance in stances)
    # The stances' translations come in one query, however many picks.
    picks = thread.comments.picks().count()
    assert picks > 1
    with django_assert_num_queries(5):
        client.get(f"{KOREAN_THREAD}picks/")


def test_an_article_page_names_its_debates_in_korean_and_marks_itself_english(
    client, thread
):
    korean_link = f'lang="ko">{KOREAN_TITLE}</a>'
    article = thread.background_reading.first()
    page = client.get(f"/ko{article.get_absolute_url()}").content.decode()
    assert korean_link in page
    assert f'<h1 class="h2" lang="en">{article.title}</h1>' in page
    debate_page = client.get(KOREAN_THREAD).content.decode()
    assert f'lang="en">{article.title}</a>' in debate_page
