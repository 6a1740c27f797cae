"""What caches and browsers are told: tags to revalidate by, who may keep a page,
and pages compressed for clients that accept it."""

import gzip

import pytest

from debates.participation.posting import post_comment
from debates.participation.recommending import recommend_comment

THREAD_URL = "/debates/us-troops-in-south-korea/"


def cache_control(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_a_signed_out_debate_page_may_be_kept_by_any_cache_that_revalidates(
    client, thread
):
    first = client.get(THREAD_URL)
    assert cache_control(first) == {"public", "no-cache"}
    again = client.get(THREAD_URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_the_tag_changes_with_a_new_comment_and_with_a_recommendation(
    client, thread, reader, make_reader
):
    first = client.get(THREAD_URL)["ETag"]
    recommend_comment(comment=thread.comments.get(position=2), reader=reader)
    recommended = client.get(THREAD_URL, HTTP_IF_NONE_MATCH=first)
    assert recommended.status_code == 200
    assert "1 recommendation<" in recommended.content.decode()
    post_comment(debate=thread, author=make_reader().author, body="A new view.")
    posted = client.get(THREAD_URL, HTTP_IF_NONE_MATCH=recommended["ETag"])
    assert posted.status_code == 200
    assert "A new view." in posted.content.decode()


def test_a_signed_in_readers_page_is_theirs_alone(reader_client, thread):
    """No cache keeps it, and with a token masked anew each time it has no tag to
    revalidate by."""
    response = reader_client.get(THREAD_URL)
    assert cache_control(response) == {"private", "no-store"}
    assert "ETag" not in response
    assert "Accept-Encoding" in response["Vary"]


def test_pages_are_compressed_for_clients_that_accept_it(client, thread):
    """Signed-out pages, which carry no secret, are compressed once per version."""
    plain = client.get(THREAD_URL)
    compressed = client.get(THREAD_URL, HTTP_ACCEPT_ENCODING="gzip, br")
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 4
    # Compressed once and kept, not again for every reader.
    again = client.get(THREAD_URL, HTTP_ACCEPT_ENCODING="gzip")
    assert again.content == compressed.content
    assert again["ETag"] == compressed["ETag"] != plain["ETag"]
    revalidated = client.get(
        THREAD_URL, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=compressed["ETag"]
    )
    assert revalidated.status_code == 304


def test_a_signed_in_page_is_compressed_with_breach_padding(reader_client, thread):
    """Pages with a CSRF token are compressed per response by GZipMiddleware, which
    pads each by a random length against BREACH, and the token is masked anew."""
    first = reader_client.get(THREAD_URL, HTTP_ACCEPT_ENCODING="gzip")
    second = reader_client.get(THREAD_URL, HTTP_ACCEPT_ENCODING="gzip")
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert b"csrfmiddlewaretoken" in gzip.decompress(first.content)
    assert first.content != second.content


@pytest.mark.parametrize(
    "url",
    [THREAD_URL, "/", "/articles/us-delegation-in-seoul-proposes-troop-cuts-2004/"],
)
@pytest.mark.parametrize("encoding", ["gzip", ""], ids=["gzip", "identity"])
def test_a_304_repeats_the_tag_and_vary_of_the_page_it_stands_for(
    client, thread, url, encoding
):
    browser = client
    page = browser.get(url, HTTP_ACCEPT_ENCODING=encoding)
    assert page.status_code == 200
    again = browser.get(
        url, HTTP_ACCEPT_ENCODING=encoding, HTTP_IF_NONE_MATCH=page["ETag"]
    )
    assert again.status_code == 304
    assert again["ETag"] == page["ETag"]
    assert set(again["Vary"].split(", ")) == set(page["Vary"].split(", "))
    assert "Accept-Encoding" in page["Vary"]
