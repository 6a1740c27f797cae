"""Readers recommend comments, once each, and may take it back; all see the count."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from debates.models import Comment, Recommendation
from debates.moderation import actions as moderation
from debates.participation.posting import post_comment

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def comment(thread):
    return thread.comments.get(position=1)


def recommend_url(comment):
    return reverse(
        "debates:recommend", kwargs={"slug": comment.debate.slug, "pk": comment.pk}
    )


def recommend(browser, comment, choice="yes", **extra):
    return browser.post(recommend_url(comment), {"recommend": choice}, **extra)


def form_of(page, comment):
    """The recommend form under `comment` on a rendered page, or None."""
    found = re.search(
        rf'<form class="recommend" method="post" action="{recommend_url(comment)}">'
        r".*?</form>",
        page,
    )
    return found and found.group(0)


def count_of(comment):
    comment.refresh_from_db()
    assert comment.recommendation_count == comment.recommendations.count()
    return comment.recommendation_count


def test_reader_recommends_a_comment_and_sees_it_pressed(reader_client, comment):
    page_url = comment.debate.get_absolute_url()
    response = reader_client.post(
        recommend_url(comment), {"recommend": "yes", "next": f"{page_url}#comment-1"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"{page_url}#comment-1"
    assert count_of(comment) == 1
    page = reader_client.get(page_url).content.decode()
    assert "You recommend this comment." in page
    form = form_of(page, comment)
    assert 'aria-pressed="true"' in form
    assert 'name="recommend" value="no"' in form
    assert "1 recommendation<" in form


def test_a_recommendation_counts_once_however_often_it_is_sent(reader_client, comment):
    for _ in range(3):
        recommend(reader_client, comment)
    assert count_of(comment) == 1


def test_reader_takes_a_recommendation_back(reader_client, comment):
    recommend(reader_client, comment)
    recommend(reader_client, comment, "no")
    recommend(reader_client, comment, "no")
    assert count_of(comment) == 0
    page = reader_client.get(comment.debate.get_absolute_url()).content.decode()
    assert "You no longer recommend this comment." in page
    form = form_of(page, comment)
    assert 'aria-pressed="false"' in form
    assert 'name="recommend" value="yes"' in form


def test_each_reader_counts_and_sees_only_their_own_choice(
    thread, comment, make_reader
):
    first, second = Client(), Client()
    first.force_login(make_reader(name="First"))
    second.force_login(make_reader(name="Second"))
    recommend(first, comment)
    recommend(second, comment)
    recommend(second, comment, "no")
    assert count_of(comment) == 1
    first_page = first.get(thread.get_absolute_url()).content.decode()
    second_page = second.get(thread.get_absolute_url()).content.decode()
    assert 'aria-pressed="true"' in form_of(first_page, comment)
    assert 'aria-pressed="false"' in form_of(second_page, comment)
    assert "1 recommendation<" in form_of(second_page, comment)


def test_script_gets_the_new_count_as_json(reader_client, comment):
    response = recommend(reader_client, comment, **JSON)
    assert response.status_code == 200
    assert response.json() == {
        "recommended": True,
        "count": 1,
        "count_text": "1 recommendation",
    }
    response = recommend(reader_client, comment, "no", **JSON)
    assert response.json() == {"recommended": False, "count": 0, "count_text": ""}


def test_a_browser_form_post_is_not_answered_with_json(reader_client, comment):
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = recommend(reader_client, comment, HTTP_ACCEPT=browser_accept)
    assert response.status_code == 302


def test_a_form_without_a_choice_is_refused_with_a_message(reader_client, comment):
    response = reader_client.post(
        recommend_url(comment), {"recommend": "maybe"}, **JSON
    )
    assert response.status_code == 400
    assert response.json() == {"error": "Say whether to recommend the comment."}
    assert count_of(comment) == 0


def test_own_comment_cannot_be_recommended_and_shows_no_button(
    reader_client, reader, thread
):
    own = post_comment(debate=thread, author=reader.author, body="Mine")
    response = recommend(reader_client, own, **JSON)
    assert response.status_code == 403
    assert response.json() == {"error": "You cannot recommend your own comment."}
    assert count_of(own) == 0
    page = reader_client.get(thread.get_absolute_url()).content.decode()
    assert f'id="recommends-{own.pk}"' in page
    assert form_of(page, own) is None


def test_closed_debate_refuses_recommendations_and_keeps_its_counts(
    reader_client, comment, make_reader, moderator
):
    other = Client()
    other.force_login(make_reader(name="Early"))
    recommend(other, comment)
    moderation.close_debate(debate=comment.debate, by=moderator)
    response = recommend(reader_client, comment)
    assert response.status_code == 302
    assert count_of(comment) == 1
    page = reader_client.get(comment.debate.get_absolute_url()).content.decode()
    assert "This debate is closed, so its recommendations are final." in page
    assert 'class="recommend"' not in page
    count = f'<span class="recommend-count" id="recommends-{comment.pk}">'
    assert f"{count}1 recommendation</span>" in page


def test_removed_comment_cannot_be_recommended(reader_client, comment, moderator, rule):
    moderation.remove_comment(comment=comment, by=moderator, rule=rule)
    response = recommend(reader_client, comment, **JSON)
    assert response.status_code == 403
    assert response.json() == {"error": "That comment cannot be recommended."}
    assert Recommendation.objects.count() == 0


def test_signed_out_reader_is_sent_to_sign_in_and_nothing_is_saved(client, comment):
    response = recommend(client, comment)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert Recommendation.objects.count() == 0
    page = client.get(comment.debate.get_absolute_url()).content.decode()
    sign_in = (
        f'href="{reverse("login")}?next=%2Fdebates%2F{comment.debate.slug}'
        f'%2Fcomments%2F{comment.pk}%2F" rel="nofollow">Recommend</a>'
    )
    assert sign_in in page
    assert "csrfmiddlewaretoken" not in page


def test_a_recommendation_shows_at_once_on_the_cached_page(
    client, reader_client, comment
):
    url = comment.debate.get_absolute_url()
    assert f'id="recommends-{comment.pk}"></span>' in client.get(url).content.decode()
    recommend(reader_client, comment)
    assert "1 recommendation<" in client.get(url).content.decode()


def test_readers_never_see_each_others_csrf_token(thread, make_reader):
    pages = []
    for name in ["First", "Second"]:
        browser = Client()
        browser.force_login(make_reader(name=name))
        page = browser.get(thread.get_absolute_url()).content.decode()
        tokens = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', page))
        pages.append((browser.cookies["csrftoken"].value, tokens))
    (first_secret, first_tokens), (second_secret, second_tokens) = pages
    assert first_tokens and second_tokens
    assert not first_tokens & second_tokens
    assert first_secret != second_secret


def test_text_in_a_comment_cannot_forge_a_button(reader_client, reader, thread):
    forged = post_comment(
        debate=thread, author=reader.author, body="<!--recommend 1 999 0-->"
    )
    page = reader_client.get(thread.get_absolute_url()).content.decode()
    assert "&lt;!--recommend 1 999 0--&gt;" in page
    assert "999 recommendations" not in page
    assert forged.body == "<!--recommend 1 999 0-->"


def test_the_pages_address_is_escaped_in_the_form(reader_client, comment):
    url = comment.debate.get_absolute_url() + '?sort=newest&x="><b>bold</b>'
    form = form_of(reader_client.get(url).content.decode(), comment)
    assert "<b>" not in form
    assert (
        f'name="next" value="{comment.debate.get_absolute_url()}?sort=newest&amp;x='
    ) in form


def test_too_many_recommendations_are_slowed_down(settings, reader_client, comment):
    settings.FORUM_RATE_LIMITS = {**settings.FORUM_RATE_LIMITS, "recommend": (0, 0, 60)}
    response = recommend(reader_client, comment)
    assert response.status_code == 429
    assert count_of(comment) == 0


def test_recommendations_are_kept_apart_per_debate(
    reader, comment, make_debate, make_comments
):
    elsewhere = make_comments(make_debate(), 1)[0]
    Recommendation.objects.create(reader=reader, comment=elsewhere)
    assert Comment.objects.recommendation_counts(
        [comment.pk, elsewhere.pk], reader
    ) == {comment.pk: (0, False), elsewhere.pk: (0, True)}


def test_admin_shows_a_comments_recommendations(admin_client, reader, comment):
    Recommendation.objects.create(reader=reader, comment=comment)
    Comment.objects.filter(pk=comment.pk).update(recommendation_count=1)
    response = admin_client.get(
        reverse("admin:debates_comment_change", args=[comment.pk])
    )
    assert response.status_code == 200
    assert "Recommendation count" in response.content.decode()
