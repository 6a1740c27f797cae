"""Stances: posting with one, the balance of opinion, filtering and correcting."""

import re

import pytest
from django.db.models import RestrictedError

from debates.models import Balance, Comment, Debate, ModerationAction, Stance
from debates.models.stance import whole_percentages
from debates.moderation import actions as moderation
from debates.participation.posting import post_comment
from tests.builders import THREAD_SLUG
from tests.test_scale import COLD_PAGE_QUERIES, SIGNED_OUT_WARM_QUERIES

THREAD_URL = f"/debates/{THREAD_SLUG}/"
POST_URL = THREAD_URL + "comments/"


def stance(key):
    return Stance.objects.get(debate__slug=THREAD_SLUG, key=key)


# Posting with a stance


def test_comment_form_offers_the_debates_stances_and_no_stance(reader_client, thread):
    page = reader_client.get(THREAD_URL).content.decode()
    for key, label in [
        ("", "No stance"),
        ("agree", "Agrees with the withdrawal"),
        ("against", "Against the withdrawal"),
        ("mixed", "Mixed or other"),
    ]:
        assert f'name="stance" value="{key}"' in page
        assert label in page
    assert page.index('value="agree"') < page.index('value="against"')
    assert re.search(r'value=""\s+id="id_stance_0" checked', page), "No stance first"


def test_comment_form_of_a_debate_without_stances_asks_for_none(
    reader_client, make_debate
):
    debate = make_debate()
    page = reader_client.get(debate.get_absolute_url()).content.decode()
    assert 'name="body"' in page
    assert 'name="stance"' not in page


def test_reader_posts_a_comment_with_a_stance_and_it_shows_on_the_comment(
    reader_client, thread
):
    response = reader_client.post(
        POST_URL, {"body": "Keep them there.", "stance": "against"}, follow=True
    )
    comment = Comment.objects.get(body="Keep them there.")
    assert comment.stance == stance("against")
    assert comment.position == 41
    page = response.content.decode()
    item = page[page.index(f'id="{comment.anchor}"') :]
    assert item.index("Against the withdrawal") < item.index("Keep them there.")


def test_reader_may_post_with_no_stance(reader_client, thread):
    reader_client.post(POST_URL, {"body": "Just a thought.", "stance": ""})
    assert Comment.objects.get(body="Just a thought.").stance is None


@pytest.mark.parametrize("value", ["maybe", "none", "AGREE"])
def test_stance_the_debate_does_not_have_is_refused_and_nothing_saved(
    reader_client, thread, value
):
    response = reader_client.post(POST_URL, {"body": "Hmm.", "stance": value})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose one of this debate&#x27;s stances, or “No stance”." in page
    assert "Hmm." in page
    assert Comment.objects.count() == 40


def test_stance_of_another_debate_is_refused_and_nothing_saved(
    reader_client, thread, make_debate
):
    other = make_debate()
    Stance.objects.create(debate=other, key="yes", label="Yes")
    response = reader_client.post(POST_URL, {"body": "Hmm.", "stance": "yes"})
    assert response.status_code == 400
    assert "Choose one of this debate&#x27;s stances" in response.content.decode()
    assert Comment.objects.count() == 40


def test_posting_refuses_a_stance_of_another_debate(thread, make_debate, reader):
    other = make_debate()
    foreign = Stance.objects.create(debate=other, key="agree", label="Yes")
    with pytest.raises(ValueError, match="not a stance of the debate"):
        post_comment(debate=thread, author=reader.author, body="x", stance=foreign)
    assert Comment.objects.count() == 40


# The balance of opinion


def balance_of(debate):
    return Balance.of(Debate.objects.with_thread_summary().get(pk=debate.pk))


def figures(period):
    """{stance key: (count, percent)} for one period of a balance."""
    return {share.key: (share.count, share.percent) for share in period.shares}


def test_every_archived_comment_carries_a_stance(thread):
    assert not thread.comments.filter(stance=None).exists()
    assert list(thread.stances.values_list("key", "label")) == [
        ("agree", "Agrees with the withdrawal"),
        ("against", "Against the withdrawal"),
        ("mixed", "Mixed or other"),
    ]


def test_the_2004_balance_is_26_agreeing_6_against_and_8_mixed(thread):
    archive, revival = balance_of(thread).periods
    assert (archive.title, archive.total) == ("June 2004", 40)
    assert figures(archive) == {
        "agree": (26, 65),
        "against": (6, 15),
        "mixed": (8, 20),
        "none": (0, 0),
    }
    assert (revival.title, revival.total) == ("Since the revival", 0)
    assert figures(revival) == {
        "agree": (0, None),
        "against": (0, None),
        "mixed": (0, None),
        "none": (0, None),
    }


def test_comments_since_the_revival_are_counted_apart_from_the_archive(
    thread, make_reader, moderator
):
    def post(stance_key, body):
        return post_comment(
            debate=thread,
            author=make_reader(name=body).author,
            body=body,
            stance=stance_key and stance(stance_key),
        )

    post("against", "Stay")
    post("against", "Stay too")
    post("agree", "Go")
    post(None, "Unsure")
    moderation.remove_comment(comment=post("agree", "Rude"), by=moderator, rule=None)
    moderation.set_moderation_mode(debate=thread, by=moderator, mode="pre")
    post("agree", "Waiting")
    archive, revival = balance_of(thread).periods
    assert revival.total == 4
    assert figures(revival) == {
        "agree": (1, 25),
        "against": (2, 50),
        "mixed": (0, 0),
        "none": (1, 25),
    }
    assert archive.total == 40
    assert figures(archive)["agree"] == (26, 65)


def test_a_removed_archived_comment_leaves_the_2004_balance(thread, moderator):
    moderation.remove_comment(
        comment=thread.comments.get(position=3), by=moderator, rule=None
    )
    archive, _ = balance_of(thread).periods
    assert archive.total == 39
    assert figures(archive)["agree"] == (25, 64)


@pytest.mark.parametrize(
    ("counts", "percents"),
    [
        ([26, 6, 8, 0], [65, 15, 20, 0]),
        ([2, 1], [67, 33]),
        ([1, 1, 1], [34, 33, 33]),
        ([26, 7, 7], [65, 18, 17]),
        ([1, 1, 1, 1, 1, 1], [17, 17, 17, 17, 16, 16]),
        ([3, 3, 1], [43, 43, 14]),
        ([1, 7], [12, 88]),
        ([0, 0], [None, None]),
    ],
)
def test_whole_percentages_add_up_to_exactly_100(counts, percents):
    assert whole_percentages(counts) == percents
    if percents[0] is not None:
        assert sum(percents) == 100


def balance_table(page):
    """The balance's table as text, a line per row."""
    table = page[page.index('<table class="table table-sm balance-table') :]
    table = table[: table.index("</table>")]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", row).split())
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)
    ]


def test_debate_page_shows_the_balance_as_a_bar_and_as_a_table(client, thread):
    page = client.get(THREAD_URL).content.decode()
    balance = page[page.index('id="balance-heading"') : page.index('id="comments"')]
    bar = balance[balance.index('class="balance-bar"') : balance.index("<table")]
    assert 'aria-hidden="true"' in bar
    assert 'class="balance-segment stance-colour-1 share-width-130"' in bar
    assert "style=" not in bar
    assert '<span class="balance-percent">65%</span>' in bar
    assert '<span class="balance-label">Against the withdrawal</span>' in bar
    assert "<caption>Published comments by stance." in balance
    assert balance_table(page) == [
        "Stance June 2004 Since the revival",
        "Agrees with the withdrawal 26 (65%) 0",
        "Against the withdrawal 6 (15%) 0",
        "Mixed or other 8 (20%) 0",
        "No stance 0 (0%) 0",
        "All published comments 40 0",
    ]
    assert "No comments yet." in balance


def test_cached_balance_counts_a_new_comment_at_once(client, thread, reader):
    client.get(THREAD_URL)
    post_comment(
        debate=thread, author=reader.author, body="Stay.", stance=stance("against")
    )
    rows = balance_table(client.get(THREAD_URL).content.decode())
    assert rows[2] == "Against the withdrawal 6 (15%) 1 (100%)"
    assert rows[-1] == "All published comments 40 1"


def test_debate_without_stances_shows_no_balance(client, make_debate, make_comments):
    debate = make_debate()
    make_comments(debate, 3)
    page = client.get(debate.get_absolute_url()).content.decode()
    assert "Balance of opinion" not in page


def test_the_2004_debate_page_costs_the_pinned_queries(
    client, thread, django_assert_num_queries
):
    with django_assert_num_queries(COLD_PAGE_QUERIES):
        cold = client.get(THREAD_URL).content
    with django_assert_num_queries(SIGNED_OUT_WARM_QUERIES):
        assert client.get(THREAD_URL).content == cold


# Filtering the thread by stance


def shown_positions(page):
    """The positions of the comments a page shows, from their anchors."""
    ids = [
        int(pk)
        for pk in re.findall(r'<li class="comment[^"]*" id="comment-(\d+)"', page)
    ]
    positions = dict(Comment.objects.filter(pk__in=ids).values_list("pk", "position"))
    return [positions[pk] for pk in ids]


def test_filter_shows_only_the_comments_taking_the_stance(client, thread):
    page = client.get(THREAD_URL + "?stance=against").content.decode()
    assert shown_positions(page) == [1, 16, 21, 27, 29, 40]
    assert "6 comments: Against the withdrawal</h2>" in page
    assert f'<a href="{THREAD_URL}#comments">Show all comments</a>' in page
    assert re.search(
        r'<tr class="is-active">\s*<th scope="row" class="fw-normal">.*?'
        r'aria-current="true">Against the withdrawal</a>',
        page,
    )


def test_balance_and_stance_labels_link_to_the_filter(client, thread):
    page = client.get(THREAD_URL).content.decode()
    for key in ["agree", "against", "mixed", "none"]:
        assert f'href="{THREAD_URL}?stance={key}#comments"' in page
    first = thread.comments.get(position=1)
    comment = page[page.index(f'id="comment-{first.pk}"') :]
    assert comment.index(f'href="{THREAD_URL}?stance=against#comments"') < (
        comment.index("I hope Koreans learn")
    )


def test_filter_by_no_stance_shows_comments_without_one(client, thread, make_reader):
    post_comment(debate=thread, author=make_reader().author, body="Unsure.")
    post_comment(
        debate=thread,
        author=make_reader(name="Other").author,
        body="Sure.",
        stance=stance("agree"),
    )
    page = client.get(THREAD_URL + "?stance=none").content.decode()
    assert shown_positions(page) == [41]
    assert "1 comment: No stance</h2>" in page
    assert "Showing only the comments with no stance." in page


def test_filter_leaves_out_removed_and_pending_comments(
    client, thread, make_reader, moderator
):
    moderation.remove_comment(
        comment=thread.comments.get(position=1), by=moderator, rule=None
    )
    moderation.set_moderation_mode(debate=thread, by=moderator, mode="pre")
    post_comment(
        debate=thread,
        author=make_reader().author,
        body="Waiting.",
        stance=stance("against"),
    )
    page = client.get(THREAD_URL + "?stance=against").content.decode()
    assert shown_positions(page) == [16, 21, 27, 29, 40]
    assert "Removed by a moderator" not in page
    assert "Waiting." not in page


@pytest.mark.parametrize("query", ["?stance=bogus", "?stance=", "?stance=Against"])
def test_unknown_stance_shows_the_whole_thread_without_an_error(client, thread, query):
    whole = client.get(THREAD_URL).content
    response = client.get(THREAD_URL + query)
    assert response.status_code == 200
    assert response.content == whole
    assert len(shown_positions(response.content.decode())) == 40


def test_filtered_thread_is_paged_and_keeps_the_filter_in_its_links(
    client, thread, settings
):
    settings.COMMENTS_PER_PAGE = 2
    page = client.get(THREAD_URL + "?stance=against&page=2").content.decode()
    assert shown_positions(page) == [21, 27]
    assert 'href="?stance=against&amp;page=3#comments"' in page
    assert 'href="?stance=against&amp;page=1#comments"' in page
    last = client.get(THREAD_URL + "?stance=against&page=99").content.decode()
    assert shown_positions(last) == [29, 40]


def test_filtered_page_is_cached_apart_from_the_whole_thread(
    client, thread, django_assert_num_queries
):
    whole = client.get(THREAD_URL).content
    against = client.get(THREAD_URL + "?stance=against").content
    with django_assert_num_queries(SIGNED_OUT_WARM_QUERIES):
        assert client.get(THREAD_URL + "?stance=against").content == against
    with django_assert_num_queries(SIGNED_OUT_WARM_QUERIES):
        assert client.get(THREAD_URL).content == whole
    mixed = client.get(THREAD_URL + "?stance=mixed").content.decode()
    assert shown_positions(mixed) == [2, 13, 15, 18, 20, 22, 28, 30]


def test_signed_in_reader_can_filter_too(reader_client, thread):
    page = reader_client.get(THREAD_URL + "?stance=mixed").content.decode()
    assert "8 comments: Mixed or other</h2>" in page
    assert 'name="body"' in page


# Correcting a stance


def correct_in_admin(browser, comment, stance_pk):
    return browser.post(
        f"/admin/debates/comment/{comment.pk}/change/",
        {"stance": "" if stance_pk is None else stance_pk, "_save": "Save"},
    )


def test_moderator_corrects_a_stance_in_the_admin_and_the_audit_trail_says_how(
    client, moderator_client, moderator, thread
):
    client.get(THREAD_URL)
    comment = thread.comments.get(position=2)
    response = correct_in_admin(moderator_client, comment, stance("against").pk)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.stance == stance("against")
    action = ModerationAction.objects.get()
    assert (action.verb, action.moderator, action.comment, action.debate) == (
        ModerationAction.Verb.STANCE,
        moderator,
        comment,
        thread,
    )
    assert action.detail == "Mixed or other → Against the withdrawal"
    rows = balance_table(client.get(THREAD_URL).content.decode())
    assert rows[2:4] == [
        "Against the withdrawal 7 (18%) 0",
        "Mixed or other 7 (17%) 0",
    ]
    audit = moderator_client.get(f"/moderation/debates/{THREAD_SLUG}/")
    assert (
        'Changed stance: <span lang="en">Mixed or other → Against the withdrawal</span>'
        in (audit.content.decode())
    )


def test_admin_offers_only_the_comments_own_debates_stances(
    moderator_client, thread, make_debate
):
    Stance.objects.create(debate=make_debate(), key="yes", label="Yes, elsewhere")
    comment = thread.comments.get(position=2)
    page = moderator_client.get(f"/admin/debates/comment/{comment.pk}/change/")
    form = page.content.decode()
    assert "Against the withdrawal" in form
    assert "Yes, elsewhere" not in form
    assert "recorded in the audit trail" in form


def test_saving_a_comment_with_its_stance_unchanged_records_nothing(
    moderator_client, thread
):
    comment = thread.comments.get(position=2)
    version = Debate.objects.get(pk=thread.pk).version
    correct_in_admin(moderator_client, comment, stance("mixed").pk)
    assert not ModerationAction.objects.exists()
    assert Debate.objects.get(pk=thread.pk).version == version


def test_clearing_a_stance_records_it_as_no_stance(moderator, thread):
    comment = thread.comments.get(position=3)
    assert moderation.set_stance(comment=comment, by=moderator, stance=None)
    comment.refresh_from_db()
    assert comment.stance is None
    detail = ModerationAction.objects.get().detail
    assert detail == "Agrees with the withdrawal → No stance"
    assert not moderation.set_stance(comment=comment, by=moderator, stance=None)
    assert ModerationAction.objects.count() == 1


def test_a_stance_of_another_debate_cannot_be_given(moderator, thread, make_debate):
    foreign = Stance.objects.create(debate=make_debate(), key="yes", label="Yes")
    comment = thread.comments.get(position=3)
    with pytest.raises(moderation.ModerationError, match="not a stance of"):
        moderation.set_stance(comment=comment, by=moderator, stance=foreign)
    comment.refresh_from_db()
    assert comment.stance == stance("agree")
    assert not ModerationAction.objects.exists()


def test_a_stance_in_use_cannot_be_deleted_but_its_debate_can(thread):
    with pytest.raises(RestrictedError):
        stance("agree").delete()
    thread.delete()
    assert not Stance.objects.exists()
    assert not Comment.objects.exists()
