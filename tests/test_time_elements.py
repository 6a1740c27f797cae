"""Every `<time datetime>` a page carries is one HTML accepts.

HTML allows a year, a month, a date, or a global date and time whose fraction of a
second has at most three digits; Django's "c" format writes six.
"""

import re

import pytest

from debates.moderation import actions as moderation
from debates.participation.posting import post_comment

THREAD_URL = "/debates/us-troops-in-south-korea/"
VALID = re.compile(
    r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?)?)?"
)


@pytest.fixture
def busy_thread(thread, reader, moderator):
    post_comment(debate=thread, author=reader.author, body="Posted today, in Seoul.")
    moderation.close_debate(debate=thread, by=moderator, reason="Run its course.")
    return thread


@pytest.mark.parametrize(
    "url",
    ["/", THREAD_URL, "/search/?q=Seoul", "/moderation/audit/"],
    ids=["home", "debate", "search", "audit trail"],
)
def test_every_time_element_has_a_valid_datetime(busy_thread, moderator_client, url):
    page = moderator_client.get(url).content.decode()
    values = re.findall(r'<time[^>]*\sdatetime="([^"]*)"', page)
    assert values, f"no <time> on {url}"
    assert [value for value in values if not VALID.fullmatch(value)] == []
