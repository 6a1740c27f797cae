"""A 2004 reader (or their family) asks: a moderator anonymises their signature or
removes their comment, and nothing, not even loading or importing the archive
again, brings it back."""

import io
import json

import pytest
from django.core.management import call_command
from django.test import Client

from debates.models import Author, Comment, ModerationAction
from debates.models.choices import CommentStatus, ModerationVerb
from debates.moderation import actions as moderation
from debates.moderation.actions import ModerationError
from debates.participation.posting import post_comment
from debates.privacy import archived
from tests.test_export import manage
from tests.test_importing import SEED, THREAD_OPTIONS

THREAD_URL = "/debates/us-troops-in-south-korea/"
SIGNATURE = ("Marc Brett", "Teddington, UK")


def everything_public(thread):
    """Every page, feed, search, structured data and export that shows the thread."""
    reader = Client()
    texts = [
        reader.get(path).content.decode()
        for path in [
            THREAD_URL,
            f"{THREAD_URL}?order=newest",
            f"{THREAD_URL}picks/",
            f"{THREAD_URL}comments.rss",
            f"{THREAD_URL}comments.atom",
            "/sitemap.xml",
            "/search/?q=troops",
        ]
    ]
    for author in Author.objects.filter(comments__debate=thread).distinct():
        texts.append(reader.get(author.get_absolute_url()).content.decode())
    export = io.StringIO()
    call_command("export_debate", thread.slug, stdout=export)
    texts.append(export.getvalue())
    return "\n".join(texts)


def admin_action(client, changelist, action, pks, **form):
    """Choose an admin action on rows, then fill in its page of who asked."""
    page = client.post(changelist, {"action": action, "_selected_action": pks})
    assert "Who asked, and how" in page.content.decode()
    return client.post(
        changelist,
        {"action": action, "_selected_action": pks, "apply": "1", **form},
        follow=True,
    )


@pytest.fixture
def marc(thread):
    return Author.objects.get_by_natural_key(*SIGNATURE)


def test_a_moderator_anonymises_an_archived_reader_everywhere(
    thread, marc, moderator_client, moderator
):
    assert "Marc Brett" in everything_public(thread)
    response = admin_action(
        moderator_client,
        "/admin/debates/author/",
        "anonymise_at_request",
        [marc.pk],
        requested_by="the author, by email to the newsroom",
        note="He asked for his name to go.",
    )
    assert "1 reader(s) now signed “A reader, 2004”." in response.content.decode()
    public = everything_public(thread)
    assert "Marc Brett" not in public
    assert "Teddington" not in public
    assert "A reader, 2004" in public
    (line,) = ModerationAction.objects.filter(verb=ModerationVerb.ANONYMISE)
    assert line.moderator == moderator
    assert line.detail == "asked by the author, by email to the newsroom"
    assert line.note == "He asked for his name to go."


def test_the_request_page_refuses_to_go_on_without_who_asked(
    thread, marc, moderator_client
):
    response = admin_action(
        moderator_client, "/admin/debates/author/", "anonymise_at_request", [marc.pk]
    )
    assert "This field is required." in response.content.decode()
    marc.refresh_from_db()
    assert marc.name == "Marc Brett"


def test_loading_the_fixture_or_importing_the_page_again_keeps_the_reader_anonymous(
    thread, marc, moderator
):
    archived.anonymise_archived_author(
        author=marc, by=moderator, requested_by="his daughter"
    )
    call_command("loaddata", "us_troops_korea", verbosity=0)
    marc.refresh_from_db()
    assert (marc.name, marc.place) == ("A reader", "2004")
    call_command("import_debate", str(SEED), *THREAD_OPTIONS, stdout=io.StringIO())
    marc.refresh_from_db()
    assert (marc.name, marc.place) == ("A reader", "2004")
    assert not Author.objects.filter(name="Marc Brett").exists()
    assert "Marc Brett" not in everything_public(thread)


def test_only_an_archived_reader_is_anonymised_this_way(thread, reader, moderator):
    with pytest.raises(ModerationError, match="closes it from their account page"):
        archived.anonymise_archived_author(
            author=reader.author, by=moderator, requested_by="someone"
        )


def test_a_comment_removed_at_its_authors_request_loses_its_words_for_good(
    thread, marc, moderator_client, reader
):
    comment = marc.comments.get()
    words = comment.body.split(".")[0]
    quote = " ".join(comment.body.split()[:4])
    reply = post_comment(
        debate=thread, author=reader.author, body="Not so.", parent=comment, quote=quote
    )
    response = admin_action(
        moderator_client,
        "/admin/debates/comment/",
        "remove_at_request",
        [comment.pk],
        requested_by="the author's son, by letter",
    )
    assert "1 comment(s) removed at the author&#x27;s request." in (
        response.content.decode()
    )
    comment.refresh_from_db()
    assert comment.status == CommentStatus.REMOVED
    assert (comment.body, comment.highlight) == ("", "")
    reply.refresh_from_db()
    assert reply.quote == ""
    public = everything_public(thread)
    assert words not in public
    assert "Removed at the author's request." in public
    # Nothing brings the words back: not a moderator, not the archive.
    assert comment.allowed_decisions == ()
    with pytest.raises(ModerationError):
        moderation.restore_comment(comment=comment, by=None)
    call_command("loaddata", "us_troops_korea", verbosity=0)
    call_command("import_debate", str(SEED), *THREAD_OPTIONS, stdout=io.StringIO())
    comment.refresh_from_db()
    assert (comment.status, comment.body) == (CommentStatus.REMOVED, "")
    assert words not in everything_public(thread)
    assert ModerationAction.objects.filter(
        verb=ModerationVerb.ERASE_COMMENT,
        comment=comment,
        detail="asked by the author's son, by letter",
    ).exists()
    assert Comment.objects.filter(debate=thread).count() == 41


def test_an_export_with_readers_who_now_sign_alike_loads_into_another_install(
    thread, moderator, tmp_path
):
    """Two anonymised readers both sign "A reader, 2004": the export still tells
    them apart, and another install loads it with each comment its own author."""
    first, second = Author.objects.filter(comments__debate=thread).distinct()[:2]
    for author in (first, second):
        archived.anonymise_archived_author(
            author=author, by=moderator, requested_by="the author"
        )
    export = tmp_path / "debate.json"
    call_command("export_debate", thread.slug, "--output", str(export), verbosity=0)
    database = tmp_path / "other.sqlite3"
    manage("migrate", "--verbosity", "0", database=database)
    manage("loaddata", str(export), database=database)
    counted = tmp_path / "counted.json"
    manage(
        "shell",
        "-c",
        "import json, os\n"
        "from debates.models import Author\n"
        "anonymous = Author.objects.filter(name='A reader', place='2004')\n"
        "json.dump({'authors': anonymous.count(), 'comments': sorted("
        "a.comments.count() for a in anonymous)}, open(os.environ['OUT'], 'w'))",
        database=database,
        OUT=str(counted),
    )
    seen = json.loads(counted.read_text(encoding="utf-8"))
    assert seen["authors"] == 2
    assert seen["comments"] == sorted([first.comments.count(), second.comments.count()])
