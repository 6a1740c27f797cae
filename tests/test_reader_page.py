"""A signed-in reader's debate page: rendered once for every reader, filled for each.

Only the header's account links, the forms' CSRF tokens, the signature the comment
form posts under, the reader's own comments and the recommend buttons differ between
readers; each of them must be the reader's own, and a form from the page must post.
"""

import re

from django.test import Client

from debates.models import Comment
from debates.participation.posting import post_comment
from debates.reading import reader_page

THREAD_URL = "/debates/us-troops-in-south-korea/"


def signed_in(user, **options):
    browser = Client(**options)
    browser.force_login(user)
    return browser


def test_each_reader_sees_their_own_name_token_and_comments(thread, make_reader):
    ann = make_reader(name="Ann", place="Busan")
    bo = make_reader(name="Bo", place="Leeds")
    own = post_comment(debate=thread, author=ann.author, body="Ann's own view.")
    pages = {}
    for user in (ann, bo):
        browser = signed_in(user)
        page = browser.get(THREAD_URL).content.decode()
        pages[user.author.name] = (page, browser.cookies["csrftoken"].value)
    ann_page, bo_page = pages["Ann"][0], pages["Bo"][0]
    assert "You are posting as <strong>Ann, Busan</strong>" in ann_page
    assert "You are posting as <strong>Bo, Leeds</strong>" in bo_page
    assert "Signed in as </span><a" in ann_page and ">Ann, Busan</span>" in ann_page
    assert "Ann, Busan" not in bo_page.split('id="main"')[0]
    edit_link = f'href="{THREAD_URL}comments/{own.pk}/edit/"'
    assert edit_link in ann_page
    assert edit_link not in bo_page
    tokens = {
        name: set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
        for name, (page, _) in pages.items()
    }
    assert tokens["Ann"] and tokens["Bo"] and not tokens["Ann"] & tokens["Bo"]
    for page, _ in pages.values():
        assert reader_page.CSRF_STAND_IN not in page
        assert "<!--reader:" not in page


def test_the_second_reader_is_served_from_the_rendered_page(
    thread, make_reader, monkeypatch
):
    signed_in(make_reader()).get(THREAD_URL)
    rendered = []
    original = reader_page.slots
    monkeypatch.setattr(reader_page, "slots", lambda: rendered.append(1) or original())
    page = signed_in(make_reader(name="Second")).get(THREAD_URL).content.decode()
    assert rendered == []
    assert "You are posting as <strong>Second, Seoul, South Korea</strong>" in page


def test_a_form_from_the_filled_page_posts(thread, reader):
    browser = signed_in(reader, enforce_csrf_checks=True)
    page = browser.get(THREAD_URL).content.decode()
    form = page[page.index('id="join"') :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)[1]
    response = browser.post(
        f"{THREAD_URL}comments/",
        {"csrfmiddlewaretoken": token, "body": "Posted from the filled page."},
    )
    assert response.status_code == 302
    assert Comment.objects.filter(body="Posted from the filled page.").exists()


def test_a_comment_cannot_forge_a_readers_slot(thread, make_reader):
    forger = make_reader(name="Forger")
    post_comment(
        debate=thread,
        author=forger.author,
        body=f"{reader_page.ACCOUNT} {reader_page.OWN_COMMENTS}",
    )
    page = signed_in(make_reader(name="Viewer")).get(THREAD_URL).content.decode()
    assert "&lt;!--reader:account--&gt; &lt;!--reader:own-comments--&gt;" in page
    assert page.count("Sign out</button>") == 1


def test_staff_get_the_page_rendered_whole_with_the_moderators_form(
    thread, moderator_client
):
    page = moderator_client.get(THREAD_URL).content.decode()
    assert "Close this debate" in page
    assert "Queue" in page
