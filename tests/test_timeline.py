"""Then and now: the debate's own events and its background reading, in date order."""

import datetime
import re

from django.utils import timezone
from django.utils.dateformat import format as format_date

from debates.models import Article, Debate
from debates.moderation import actions as moderation
from tests.builders import THREAD_SLUG

THREAD_URL = f"/debates/{THREAD_SLUG}/"
ARTICLE_2004 = "/articles/us-delegation-in-seoul-proposes-troop-cuts-2004/"
ARTICLE_2025 = "/articles/us-and-s-korea-dismiss-report-of-troop-reduction-2025/"
REVIVED_AT = datetime.datetime(2026, 3, 9, 12, 0, tzinfo=datetime.UTC)


def revived(thread):
    """The thread as if revived on 9 March 2026, fetched as its pages fetch it."""
    Debate.objects.filter(pk=thread.pk).update(created_at=REVIVED_AT)
    return Debate.objects.with_timeline().get(pk=thread.pk)


def lines(timeline):
    return [(event.date_display, event.text) for event in timeline]


def timeline_on(page, start):
    """The timeline after `start` on a page, as (date attribute, date, text) lines."""
    html = page[page.index(start) :]
    html = html[html.index('<ol class="timeline">') : html.index("</ol>")]
    return [
        (attribute, shown, " ".join(re.sub(r"<[^>]+>", " ", text).split()))
        for attribute, shown, text in re.findall(
            r'<time datetime="([^"]+)">([^<]+)</time>(.*?)</li>', html, re.S
        )
    ]


def test_timeline_runs_in_date_order_from_the_2004_debate_to_its_revival(thread):
    assert lines(revived(thread).timeline()) == [
        (
            "June 2004",
            "US delegation in Seoul proposes withdrawing up to a third of US troops "
            "in South Korea",
        ),
        ("June 2004", "The debate opened on BBC News Talking Point"),
        ("June 2004", "The debate closed; its comments were archived"),
        (
            "23 May 2025",
            "US and S. Korea dismiss report of troop reduction, reaffirm alliance",
        ),
        ("9 March 2026", "Revived on this forum, open for comments again"),
    ]


def test_june_2004_is_shown_as_a_month_and_never_as_a_day(client, thread):
    revived(thread)
    page = client.get(THREAD_URL).content.decode()
    timeline = timeline_on(page, "Then and now")
    assert [(attribute, shown) for attribute, shown, _ in timeline] == [
        ("2004-06", "June 2004"),
        ("2004-06", "June 2004"),
        ("2004-06", "June 2004"),
        ("2025-05-23", "23 May 2025"),
        ("2026-03-09", "9 March 2026"),
    ]
    assert "1 June 2004" not in page


def test_articles_in_the_timeline_link_to_their_pages_with_their_publishers(
    client, thread
):
    page = client.get(THREAD_URL).content.decode()
    timeline = timeline_on(page, "Then and now")
    assert timeline[0][2].endswith("in South Korea Publisher unknown")
    assert timeline[3][2].endswith("reaffirm alliance Al Mayadeen English")
    assert f'<a href="{ARTICLE_2004}" lang="en">US delegation in Seoul' in page
    assert f'<a href="{ARTICLE_2025}" lang="en">US and S. Korea dismiss' in page


def test_closings_and_reopenings_since_the_revival_follow_it_with_reasons(
    thread, moderator
):
    thread = revived(thread)
    moderation.close_debate(debate=thread, by=moderator, reason="A pause.")
    moderation.open_debate(debate=thread, by=moderator)
    moderation.close_debate(debate=thread, by=moderator)
    today = format_date(timezone.localdate(), "j F Y")
    timeline = Debate.objects.with_timeline().get(pk=thread.pk).timeline()
    assert lines(timeline)[-4:] == [
        ("9 March 2026", "Revived on this forum, open for comments again"),
        (today, "Closed by a moderator"),
        (today, "Reopened by a moderator"),
        (today, "Closed by a moderator"),
    ]
    assert [event.note for event in timeline[-3:]] == ["A pause.", "", ""]


def test_cached_timeline_shows_a_closing_at_once_with_its_reason(
    client, thread, moderator
):
    client.get(THREAD_URL)
    moderation.close_debate(debate=thread, by=moderator, reason="Off for a while.")
    timeline = timeline_on(client.get(THREAD_URL).content.decode(), "Then and now")
    assert timeline[-1][2] == "Closed by a moderator Reason: Off for a while."


def test_a_scheduled_closing_shows_once_it_has_passed(thread):
    Debate.objects.filter(pk=thread.pk).update(
        closes_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    timeline = Debate.objects.with_timeline().get(pk=thread.pk).timeline()
    assert timeline[-1].text == "Closed, as scheduled"


def test_timeline_of_debates_is_read_in_three_queries(
    thread, make_debate, moderator, django_assert_num_queries
):
    other = make_debate()
    other.background_reading.set(Article.objects.all())
    moderation.close_debate(debate=other, by=moderator)
    with django_assert_num_queries(3):
        timelines = [debate.timeline() for debate in Debate.objects.with_timeline()]
    assert len(timelines) == 2


def test_2004_article_page_shows_it_first_in_the_debates_timeline(client, thread):
    revived(thread)
    page = client.get(ARTICLE_2004).content.decode()
    assert "Where it stands" in page
    timeline = timeline_on(page, "Where it stands")
    assert [text for _, _, text in timeline] == [
        "This article Publisher unknown",
        "The debate opened on BBC News Talking Point",
        "The debate closed; its comments were archived",
        "US and S. Korea dismiss report of troop reduction, reaffirm alliance "
        "Al Mayadeen English",
        "Revived on this forum, open for comments again",
    ]
    assert timeline[0][:2] == ("2004-06", "June 2004")
    assert re.search(
        r'is-current" aria-current="true">\s*<time datetime="2004-06"', page
    )


def test_2025_article_page_shows_it_between_the_archive_and_the_revival(client, thread):
    revived(thread)
    page = client.get(ARTICLE_2025).content.decode()
    timeline = timeline_on(page, "Where it stands")
    texts = [text for _, _, text in timeline]
    assert texts.index("This article Al Mayadeen English") == 3
    assert timeline[3][:2] == ("2025-05-23", "23 May 2025")
    assert texts[2] == "The debate closed; its comments were archived"
    assert texts[4] == "Revived on this forum, open for comments again"
    assert f'href="{ARTICLE_2004}"' in page
    assert page.count('aria-current="true"') == 1
