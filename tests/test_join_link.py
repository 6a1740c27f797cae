"""A keyboard reader reaches the comment form without tabbing through every
comment: a link near the top of an open debate leads to it."""

import re

THREAD_URL = "/debates/us-troops-in-south-korea/"


def _first_link_to_join(page):
    return page.find('href="#join"')


def test_an_open_debate_links_to_its_form_before_the_first_comment(client, thread):
    page = client.get(THREAD_URL).content.decode()
    link = _first_link_to_join(page)
    assert 0 < link < page.index('id="comment-')
    assert '<section id="join"' in page


def test_a_signed_in_reader_gets_the_same_link_to_the_form(reader_client, thread):
    page = reader_client.get(THREAD_URL).content.decode()
    link = _first_link_to_join(page)
    assert 0 < link < page.index('id="comment-')
    assert re.search(r'<section id="join"[^>]*>.*?<textarea', page, re.S)


def test_a_closed_debate_offers_no_form_to_join(client, thread):
    thread.state = thread.State.CLOSED
    thread.save()
    page = client.get(THREAD_URL).content.decode()
    assert 'href="#join"' not in page
