"""An exported debate loads into another install and shows what readers saw here,
and nothing that readers here may not read."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from debates.archive.exporting import debate_fixture
from debates.models import Comment
from debates.models.choices import ModerationMode, ReportReason
from debates.moderation.actions import (
    approve_comment,
    close_debate,
    open_debate,
    pick_comment,
    reject_comment,
    remove_comment,
    report_comment,
    set_moderation_mode,
)
from debates.participation.posting import delete_comment, edit_comment, post_comment
from debates.participation.recommending import recommend_comment
from tests.builders import THREAD_SLUG

ROOT = Path(__file__).resolve().parent.parent

PUBLISHED = "Bring them home in stages, starting with the bases near Seoul."
APPROVED = "A moderator let this one through after reading it twice."
EDITED = "Second thoughts, better put."
EARLIER_TEXT = "First thoughts, badly put."
REMOVED = "Words a moderator took down for breaking the rules."
REMOVED_QUOTE = "Words a moderator took down"
REPLY = "I answer the comment that was taken down."
WITHDRAWN = "Words their author thought better of and deleted."
HELD = "Words hidden while readers reports are reviewed."
REJECTED = "Words a moderator refused before anyone read them."
PENDING = "Words still waiting for a moderator to read them."
NOTE = "A note meant for the author alone."
CLOSING_REASON = "The debate has run its course."
FIRST_CLOSING = "Closed overnight while the newsroom sleeps."
REOPENING = "Open again for the morning."
UNREADABLE = [REMOVED, WITHDRAWN, HELD, REJECTED, PENDING, EARLIER_TEXT, NOTE]

# Run in the other install: load the export a second time (it must change nothing),
# then read the debate page as an anonymous reader would.
READ_THE_OTHER_INSTALL = """
import json, os
from django.core.management import call_command
from django.test import Client
from django.utils import translation
from debates.models import Author, Comment, Debate
call_command("loaddata", os.environ["EXPORT"], verbosity=0)
page = Client().get(Debate.objects.get().get_absolute_url())
with translation.override("ko"):
    korean_page = Client().get(Debate.objects.get().get_absolute_url())
with open(os.environ["SEEN"], "w", encoding="utf-8") as seen:
    json.dump({
        "status": page.status_code,
        "page": page.content.decode(),
        "korean_page": korean_page.content.decode(),
        "comments": Comment.objects.count(),
        "published": Comment.objects.visible().count(),
        "authors_with_accounts": Author.objects.exclude(user=None).count(),
        "state": Debate.objects.get().state,
    }, seen)
"""


@pytest.fixture
def moderated_thread(thread, make_reader, moderator, rule, settings):
    """The 2004 thread after a revival's worth of moderation: a comment published,
    one approved, one edited, one removed (and picked first) with a reply quoting
    it, one deleted by its author, one held after a report, one rejected, one left
    waiting, a recommendation, and the debate closed."""
    settings.FORUM_REPORTS_TO_HOLD = 1
    writer = make_reader(name="Writer", place="Busan").author
    other = make_reader(name="Other Reader", place="Daegu")
    post_comment(debate=thread, author=writer, body=PUBLISHED)
    edited = post_comment(debate=thread, author=writer, body=EARLIER_TEXT)
    edit_comment(comment=edited, author=writer, body=EDITED)
    removed = post_comment(debate=thread, author=writer, body=REMOVED)
    pick_comment(comment=removed, by=moderator, quote=REMOVED_QUOTE)
    reply = post_comment(
        debate=thread,
        author=other.author,
        body=REPLY,
        parent=removed,
        quote=REMOVED_QUOTE,
    )
    recommend_comment(comment=reply, reader=writer.user)
    remove_comment(comment=removed, by=moderator, rule=rule, note=NOTE)
    withdrawn = post_comment(debate=thread, author=writer, body=WITHDRAWN)
    delete_comment(comment=withdrawn, author=writer)
    held = post_comment(debate=thread, author=writer, body=HELD)
    report_comment(comment=held, reporter=other, reason=ReportReason.ABUSE)
    set_moderation_mode(debate=thread, by=moderator, mode=ModerationMode.PRE)
    approved = post_comment(debate=thread, author=other.author, body=APPROVED)
    approve_comment(comment=approved, by=moderator)
    rejected = post_comment(debate=thread, author=writer, body=REJECTED)
    reject_comment(comment=rejected, by=moderator, rule=rule, note=NOTE)
    post_comment(debate=thread, author=writer, body=PENDING)
    close_debate(debate=thread, by=moderator, reason=FIRST_CLOSING)
    open_debate(debate=thread, by=moderator, reason=REOPENING)
    close_debate(debate=thread, by=moderator, reason=CLOSING_REASON)
    return thread


def timeline_of(page):
    """The debate's "Then and now" list, as served."""
    start = page.index('<ol class="timeline">')
    return page[start : page.index("</ol>", start)]


def manage(*args, database, **environment):
    """Run manage.py in a process of its own, as another install on `database`;
    fail with what it printed if it fails."""
    env = {
        **os.environ,
        **environment,
        "DATABASE_URL": f"sqlite:///{database}",
        "DJANGO_DEBUG": "1",
        "DJANGO_ALLOWED_HOSTS": "testserver",
        "REDIS_URL": "",
    }
    finished = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr


def test_export_of_a_moderated_debate_loads_into_another_install_as_readers_saw_it(
    moderated_thread, tmp_path
):
    export = tmp_path / "debate.json"
    call_command("export_debate", THREAD_SLUG, "--output", str(export), verbosity=0)
    database = tmp_path / "other.sqlite3"
    seen_file = tmp_path / "seen.json"
    manage("migrate", "--verbosity", "0", database=database)
    manage("loaddata", str(export), database=database)
    manage(
        "shell",
        "-c",
        READ_THE_OTHER_INSTALL,
        database=database,
        EXPORT=str(export),
        SEEN=str(seen_file),
    )
    seen = json.loads(seen_file.read_text(encoding="utf-8"))

    here = Comment.objects.filter(debate=moderated_thread)
    assert seen["status"] == 200
    assert seen["comments"] == here.in_thread().count() == 40 + 7
    assert seen["published"] == here.visible().count() == 40 + 4
    assert seen["authors_with_accounts"] == 0
    assert seen["state"] == "closed"
    page = seen["page"]
    for text in [PUBLISHED, APPROVED, EDITED, REPLY, "Writer", "Other Reader"]:
        assert text in page
    for text in [*UNREADABLE, REMOVED_QUOTE]:
        assert text not in page
    assert "Removed by a moderator." in page
    assert "Deleted by its author." in page
    assert "Hidden while moderators review readers" in page
    assert CLOSING_REASON in page
    here_page = Client().get(moderated_thread.get_absolute_url()).content.decode()
    assert timeline_of(page) == timeline_of(here_page)
    for reason in [FIRST_CLOSING, REOPENING, CLOSING_REASON]:
        assert f"Reason: {reason}" in timeline_of(page)
    # The forum's Korean translation travels with the debate.
    korean = seen["korean_page"]
    assert '<h1 class="display-6" lang="ko">주한미군 감축: 동의하십니까?</h1>' in korean
    for text in [
        "이 포럼의 번역",
        "철수에 찬성",
        "철수에 반대",
        "찬반이 섞였거나 기타",
    ]:
        assert text in korean


def test_export_holds_no_accounts_no_moderators_notes_and_no_unreadable_text(
    moderated_thread, tmp_path
):
    export = tmp_path / "debate.json"
    call_command("export_debate", THREAD_SLUG, "--output", str(export), verbosity=0)
    text = export.read_text(encoding="utf-8")
    rows = json.loads(text)

    assert {row["model"] for row in rows} == {
        "debates.article",
        "debates.debate",
        "debates.debatetranslation",
        "debates.stance",
        "debates.stancetranslation",
        "debates.author",
        "debates.comment",
        "debates.moderationaction",
    }
    for row in rows:
        fields = row["fields"]
        for name in [
            "moderated_by",
            "moderator",
            "user",
            "state_changed_by",
            "moderation_rule",
        ]:
            assert fields.get(name) is None, (row["model"], name)
        assert not fields.get("confirmed_email")
    for unreadable in [*UNREADABLE, REMOVED_QUOTE]:
        assert unreadable not in text
    comments = {
        row["fields"]["position"]: row["fields"]
        for row in rows
        if row["model"] == "debates.comment"
    }
    reply = next(fields for fields in comments.values() if fields["body"] == REPLY)
    assert reply["quote"] == ""
    placeholders = [
        fields for fields in comments.values() if fields["status"] != "published"
    ]
    assert sorted(fields["status"] for fields in placeholders) == [
        "held",
        "removed",
        "withdrawn",
    ]
    assert all(fields["body"] == fields["highlight"] == "" for fields in placeholders)


def test_replies_to_a_comment_never_public_stay_behind_with_it(thread, reader):
    """Posting refuses such replies; rows made otherwise must not be left hanging
    from a comment the export leaves out."""
    waiting = post_comment(debate=thread, author=reader.author, body=PENDING)
    waiting.status = Comment.Status.PENDING
    waiting.save(update_fields=["status"])
    Comment.objects.create(
        debate=thread,
        author=reader.author,
        body="A reply to what nobody could read.",
        parent=waiting,
        in_reply_to=waiting,
        position=Comment.objects.last_position(thread) + 1,
    )
    rows = json.loads(debate_fixture(thread))
    positions = [
        row["fields"]["position"] for row in rows if row["model"] == "debates.comment"
    ]
    assert positions == list(range(1, 41))
