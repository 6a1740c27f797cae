"""Hostile text posted in every field renders inert on every page that shows it."""

import re

import pytest
from django.test import Client

from debates.models import Comment, HouseRule
from debates.moderation import actions as moderation
from debates.participation.accounts import register_reader
from tests.builders import PASSWORD

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    '<a href="javascript:alert(1)">click</a>',
    "javascript:alert(1)",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "<iframe src=//evil.example></iframe>",
    "' onmouseover='alert(1)",
    "{{ request.user }}{% debug %}",
]

# What must never appear in a page's HTML: an executable tag or handler that came
# from a payload (escaped text like "&lt;script&gt;" is fine).
DANGEROUS = re.compile(
    r"<script>alert|<img src=x|<svg/onload|<iframe src=//evil|"
    r"<a href=\"javascript:|onerror=alert\(1\)>|' onmouseover='",
    re.IGNORECASE,
)


def assert_inert(html, where):
    match = DANGEROUS.search(html)
    assert match is None, (
        f"{where}: {html[max(0, match.start() - 80) : match.end() + 80]}"
    )


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_field_render_inert_everywhere(
    thread, payload, moderator, moderator_client, admin_client, client
):
    author = register_reader(
        username=f"attacker{abs(hash(payload))}",
        password=PASSWORD,
        name=payload[:100],
        place=payload[:100],
    )
    attacker = Client()
    attacker.force_login(author.user)
    assert (
        attacker.post(
            thread.get_absolute_url() + "comments/", {"body": payload}
        ).status_code
        == 302
    )
    comment = Comment.objects.get(author=author)
    rule = HouseRule.objects.get(number=1)
    moderation.close_debate(debate=thread, by=moderator, reason=payload[:500])
    moderation.open_debate(debate=thread, by=moderator, reason=payload[:500])
    removed = thread.comments.get(position=2)
    moderation.remove_comment(comment=removed, by=moderator, rule=rule, note=payload)
    moderation.report_comment(comment=comment, reporter=moderator, reason="spam")
    moderation.pick_comment(comment=comment, by=moderator, quote=payload)

    pages = {
        "debate": client.get(thread.get_absolute_url()),
        "debate signed in": attacker.get(thread.get_absolute_url()),
        "picks": client.get(thread.get_absolute_url() + "picks/"),
        "author": client.get(author.get_absolute_url()),
        "author self": attacker.get(author.get_absolute_url()),
        "queue": moderator_client.get("/moderation/"),
        "comment staff": moderator_client.get(f"/moderation/comments/{comment.pk}/"),
        "removed staff": moderator_client.get(f"/moderation/comments/{removed.pk}/"),
        "debate staff": moderator_client.get(f"/moderation/debates/{thread.slug}/"),
        "author staff": moderator_client.get(f"/moderation/authors/{author.pk}/"),
        "report": attacker.get(
            f"{thread.get_absolute_url()}comments/{removed.pk}/report/"
        ),
        "home": client.get("/"),
        "admin comments": admin_client.get("/admin/debates/comment/"),
        "admin comment": admin_client.get(
            f"/admin/debates/comment/{comment.pk}/change/"
        ),
        "admin authors": admin_client.get("/admin/debates/author/"),
        "admin audit": admin_client.get("/admin/debates/moderationaction/"),
        "admin debates": admin_client.get("/admin/debates/debate/"),
    }
    for where, response in pages.items():
        assert response.status_code in (200, 404), where
        assert_inert(response.content.decode(), where)
    debate_page = pages["debate"].content.decode()
    assert "&lt;" in debate_page or "&#x27;" in debate_page or "&quot;" in debate_page


def test_comment_text_is_plain_text_with_paragraphs_and_links(reader_client, thread):
    body = "First <b>bold</b> paragraph.\n\nSecond https://example.org line."
    reader_client.post(thread.get_absolute_url() + "comments/", {"body": body})
    page = reader_client.get(thread.get_absolute_url()).content.decode()
    assert "<p>First &lt;b&gt;bold&lt;/b&gt; paragraph.</p>" in page
    assert (
        '<p>Second <a href="https://example.org" rel="nofollow ugc noopener">'
        "https://example.org</a> line.</p>"
    ) in page


def test_only_web_addresses_become_links_and_long_ones_are_shortened(
    reader_client, thread
):
    long = "https://example.org/" + "a-very-long-path/" * 6 + "end.html"
    body = (
        f"Read {long}, or www.koreaherald.com. Mail me@example.org; "
        'javascript:alert(1) and <a href="https://evil.example">x</a> stay text.'
    )
    reader_client.post(thread.get_absolute_url() + "comments/", {"body": body})
    page = reader_client.get(thread.get_absolute_url()).content.decode()
    shown = long[:59] + "…"
    assert f'<a href="{long}" rel="nofollow ugc noopener">{shown}</a>,' in page
    assert (
        '<a href="http://www.koreaherald.com" rel="nofollow ugc noopener">'
        "www.koreaherald.com</a>." in page
    )
    assert "Mail me@example.org;" in page
    assert "mailto:" not in page
    assert 'href="javascript' not in page
    # Typed markup stays text; only the address inside it is a link.
    assert '&lt;a href=&quot;<a href="https://evil.example" rel=' in page
    assert "&quot;&gt;x&lt;/a&gt; stay text." in page
