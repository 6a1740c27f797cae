"""Every moderators' page refuses everyone else, found from the URL resolver itself so
that a new staff view cannot be left open."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from debates.models import Comment, Debate, ModerationAction, Report


def resolvers_within(resolver):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield entry
            yield from resolvers_within(entry)


def staff_patterns():
    """The moderation namespace's patterns, wherever the language prefix puts it."""
    (moderation,) = [
        entry
        for entry in resolvers_within(get_resolver())
        if getattr(entry, "namespace", None) == "moderation"
    ]
    return [
        pattern
        for pattern in moderation.url_patterns
        if isinstance(pattern, URLPattern)
    ]


def staff_urls(thread, author):
    comment = thread.comments.get(position=1)
    arguments = {
        "slug": thread.slug,
        "pk": comment.pk,
        "verb": "remove",
    }
    urls = []
    for pattern in staff_patterns():
        wanted = set(pattern.pattern.regex.groupindex)
        kwargs = {name: arguments[name] for name in wanted}
        if pattern.name in {"author", "suspend", "lift", "clear_record"}:
            kwargs["pk"] = author.pk
        urls.append(reverse(f"moderation:{pattern.name}", kwargs=kwargs))
    return urls


def test_the_resolver_finds_every_staff_view():
    names = {pattern.name for pattern in staff_patterns()}
    assert {
        "queue",
        "audit",
        "comment",
        "decide",
        "pick",
        "review",
        "debate",
        "close",
        "open",
        "schedule",
        "mode",
        "author",
        "suspend",
        "lift",
        "unmask",
        "clear_record",
    } == names


@pytest.mark.parametrize("method", ["get", "post"])
def test_readers_get_403_on_every_staff_url_and_nothing_changes(
    thread, reader, reader_client, method, rule
):
    before = (
        list(Comment.objects.values_list("status", "highlight")),
        Debate.objects.values_list("state", "closes_at", "moderation_mode").get(),
    )
    for url in staff_urls(thread, reader.author):
        data = {"rule": rule.pk, "quote": "oil", "mode": "pre", "reason": "x"}
        response = getattr(reader_client, method)(url, data)
        assert response.status_code == 403, url
    after = (
        list(Comment.objects.values_list("status", "highlight")),
        Debate.objects.values_list("state", "closes_at", "moderation_mode").get(),
    )
    assert after == before
    assert not ModerationAction.objects.exists()
    assert not reader.author.suspensions.exists()


def test_anonymous_visitors_get_403_on_every_staff_url(thread, client, reader):
    for url in staff_urls(thread, reader.author):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url


def test_staff_without_moderation_permissions_get_403(thread, client, make_reader):
    staff = make_reader(name="Desk Editor")
    staff.is_staff = True
    staff.save()
    client.force_login(staff)
    for url in staff_urls(thread, staff.author):
        assert client.get(url).status_code == 403, url


def test_state_changing_staff_urls_refuse_get(thread, moderator_client, reader):
    posting_only = {
        "decide",
        "pick",
        "review",
        "close",
        "open",
        "schedule",
        "mode",
        "suspend",
        "lift",
        "unmask",
        "clear_record",
    }
    for pattern, url in zip(
        staff_patterns(), staff_urls(thread, reader.author), strict=True
    ):
        if pattern.name in posting_only:
            assert moderator_client.get(url).status_code == 405, url


def test_reports_are_not_readable_by_readers(thread, reader_client, reader):
    Report.objects.create(
        comment=thread.comments.get(position=1), reporter=reader, reason="spam"
    )
    assert reader_client.get("/admin/debates/report/").status_code == 302
