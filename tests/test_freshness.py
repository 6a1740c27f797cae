"""A warm page shows every change at once, however the change is made.

The debate page is served from pieces cached under `Debate.version`
(debates.reading.page_cache), which debates.models.freshness turns whenever a row the
page shows changes. Each case requests a page until it comes whole from the cache,
makes one change the way it is made in practice (the admin's change form or actions,
a write function, a queryset update, loaddata, a deletion) and asserts that the very
next request shows it. Recommendations turn no version, yet their counts are shown at
once all the same.
"""

import datetime
import json
from collections.abc import Callable
from html.parser import HTMLParser
from types import SimpleNamespace
from typing import NamedTuple
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone

from debates.models import Article, Comment, Debate, HouseRule
from debates.models.choices import ModerationMode
from debates.moderation import actions as moderation
from debates.participation.posting import delete_comment, edit_comment, post_comment
from debates.participation.recommending import recommend_comment
from debates.reading import page_cache as caching
from tests.builders import make_debate

OLD_TITLE, NEW_TITLE = "US troop cuts in South Korea: do you agree?", "Troops go?"
OLD_QUESTION, NEW_QUESTION = "Do you agree with the US decision?", "Stay or go?"
# The background reading: the article with no publisher, and the other one.
DELEGATION = "US delegation in Seoul proposes withdrawing up to a third"
DISMISSED = "US and S. Korea dismiss report of troop reduction, reaffirm alliance"
PUBLISHER = "Al Mayadeen English"
# Marc Brett, of Teddington, wrote the comment at position 2, which most cases change.
MARC, MARCUS, MARC_SAYS = "Marc Brett", "Marcus Brettingham", "defending oil supplies"
AGREE, MIXED = "Agrees with the withdrawal", "Mixed or other"
REMOVED = "Removed by a moderator: rule 1 ("
HELD = "Hidden while moderators review readers' reports."
PULL_QUOTE = '<blockquote class="pull-quote" lang="en"><p class="mb-0">'
OPEN, CLOSED = "Open for new comments.", "This debate is closed"
PREMODERATED = "Comments appear once a moderator has read them."
WAITING = "Waiting for a moderator to read this."

PAGES = {
    "debate": lambda w: w.thread.get_absolute_url(),
    "home": lambda w: "/",
    "author": lambda w: f"/authors/{comment_at(w, 2).author_id}/",
    "article": lambda w: Article.objects.get(publisher="").get_absolute_url(),
}
# The rows the admin cases change: their admin pages and primary keys.
ROWS = {
    "debate": ("debates/debate", lambda w: w.thread.pk),
    "Marc": ("debates/author", lambda w: comment_at(w, 2).author_id),
    "Marc's comment": ("debates/comment", lambda w: comment_at(w, 2).pk),
    "delegation": ("debates/article", lambda w: article(w, "").pk),
    "dismissed": ("debates/article", lambda w: article(w, PUBLISHER).pk),
    "rule 1": ("debates/houserule", lambda w: w.rule.pk),
    "admin": ("auth/user", lambda w: w.admin_user.pk),
}


def comment_at(w, position):
    return w.thread.comments.get(position=position)


def article(w, publisher):
    return Article.objects.get(publisher=publisher)


def agree(w):
    return w.thread.stances.get(key="agree")


class Case(NamedTuple):
    change: Callable  # world -> None
    gone: str | None  # on the warm page, and not after the change
    shown: str | None  # not on the warm page, and on it after the change
    page: str = "debate"
    comment: int | None = None  # look only at the comment at this position
    prepare: Callable | None = None  # world -> world.target, before warming
    as_author: bool = False  # the page as the poster sees it, not signed out


def case(name, change, gone, shown, *, marks=(), **options):
    return pytest.param(Case(change, gone, shown, **options), id=name, marks=marks)


def warm(client, url):
    """The page at `url`, requested a second time with rendering any cached piece
    refused: every piece of it now comes from the cache."""
    client.get(url)
    refuse = mock.Mock(side_effect=AssertionError(f"{url} rendered a piece again"))
    with (
        mock.patch.object(caching, "render_to_string", refuse),
        mock.patch.object(caching, "render_crispy_form", refuse),
    ):
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def within(page, w, position):
    """The part of `page` showing the comment at `position`, or all of it."""
    if position is None:
        return page
    start = page.index(f'id="{comment_at(w, position).anchor}"')
    return page[start : page.index("</li>", start)]


def check(w, case):
    """Warm the case's page, make its change, and see the change at once."""
    if case.prepare:
        w.target = case.prepare(w)
    client = w.reader_client if case.as_author else w.client
    url = PAGES[case.page](w)
    before = within(warm(client, url), w, case.comment)
    assert case.gone is None or case.gone in before
    assert case.shown is None or case.shown not in before
    case.change(w)
    after = within(client.get(url).content.decode(), w, case.comment)
    assert case.shown is None or case.shown in after
    assert case.gone is None or case.gone not in after


@pytest.fixture
def w(thread, moderator, reader, make_reader, rule, tmp_path, admin_user):
    """The world a case changes: the 2004 thread, and who changes it."""
    return SimpleNamespace(**locals(), author=reader.author, target=None)


@pytest.fixture(autouse=True)
def _clients(w, client, admin_client, reader_client):
    w.client, w.admin_client, w.reader_client = client, admin_client, reader_client


class _FormReader(HTMLParser):
    """What a browser sends for the admin's change form: named inputs (boxes only
    when checked, of the buttons only Save), textareas and selected options."""

    def __init__(self):
        super().__init__()
        self.data, self._in_form, self._open = {}, False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            form = attrs.get("id", "")
            self._in_form = form.endswith("_form") and form != "logout-form"
        name, kind = attrs.get("name"), attrs.get("type", "text")
        if not self._in_form or "disabled" in attrs:
            return
        box = kind in ("checkbox", "radio")
        if tag == "input" and name and (not box or "checked" in attrs):
            if kind not in ("submit", "button", "image", "reset") or name == "_save":
                value = attrs.get("value", "on" if box else "")
                self.data.setdefault(name, []).append(value)
        elif tag in ("textarea", "select") and name:
            self._open = (tag, name, "multiple" in attrs, [], [])
        elif tag == "option" and self._open:
            self._open[3].append(attrs.get("value", ""))
            if "selected" in attrs:
                self._open[4].append(attrs.get("value", ""))

    def handle_data(self, data):
        if self._open and self._open[0] == "textarea":
            self._open[3].append(data)

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif self._open and tag == self._open[0]:
            kind, name, multiple, parts, chosen = self._open
            if kind == "textarea":  # A browser drops the newline after <textarea>.
                self.data[name] = ["".join(parts).removeprefix("\r").removeprefix("\n")]
            else:
                self.data[name] = chosen or ([] if multiple else parts[:1])
            self._open = None


def edit(row, field, value):
    """One field changed in the admin's change form of the row `row` of ROWS, as a
    browser changes it: the form read, the field replaced, the form sent back.
    `value` may be computed from the world, as a value or a list."""

    def change(w):
        url = f"/admin/{ROWS[row][0]}/{ROWS[row][1](w)}/change/"
        response = w.admin_client.get(url)
        assert response.status_code == 200
        form = _FormReader()
        form.feed(response.content.decode())
        assert "_save" in form.data, "no change form on the page"
        assert field in form.data, f"no {field} in the form: {sorted(form.data)}"
        new = value(w) if callable(value) else value
        form.data[field] = new if isinstance(new, list) else [new]
        response = w.admin_client.post(url, form.data)
        errors = response.context and response.context.get("errors")
        assert response.status_code == 302, f"the admin refused the form: {errors}"

    return change


def admin_action(model, action, position=None):
    """An action of the admin's changelist on the debate, or the comment at
    `position`: the admin changes a debate's state and a comment's status only so."""

    def change(w):
        pk = comment_at(w, position).pk if position else w.thread.pk
        data = {"action": action, "_selected_action": [pk]}
        if model == "debate":
            data["apply"] = "1"  # past the page that asks for the reason
        assert w.admin_client.post(f"/admin/debates/{model}/", data).status_code == 302

    return change


def moderator(verb, position=None, **extra):
    """The moderator's `verb` (approve, reject, remove...) on the prepared comment,
    or the one at `position`; a rejection or a removal cites rule 1."""

    def act(w):
        comment = comment_at(w, position) if position else w.target
        rule = {"rule": w.rule} if verb in ("reject", "remove") else {}
        decide = getattr(moderation, f"{verb}_comment")
        decide(comment=comment, by=w.moderator, **rule, **extra)

    return act


REMOVE_MARC = moderator("remove", 2)


# fmt: off
TITLE = edit("debate", "title", NEW_TITLE)
QUESTION = edit("debate", "question", NEW_QUESTION)
RENAME, MOVE = edit("Marc", "name", MARCUS), edit("Marc", "place", "Twickenham, UK")
RETITLE = edit("delegation", "title", "Seoul talks on fewer troops")
ADMIN_CHANGES = [
    case("debate title", TITLE, OLD_TITLE, NEW_TITLE),
    case("debate title on the home page", TITLE, OLD_TITLE, NEW_TITLE, page="home"),
    case("debate title on the author page", TITLE, OLD_TITLE, NEW_TITLE, page="author"),
    case("debate title on the article page", TITLE, OLD_TITLE, NEW_TITLE,
         page="article"),
    case("debate introduction", edit("debate", "introduction", "A new start."),
         "over-stretched US military", "A new start."),
    case("debate question", QUESTION, OLD_QUESTION, NEW_QUESTION),
    case("debate question on the home page", QUESTION, OLD_QUESTION, NEW_QUESTION,
         page="home"),
    case("debate archive notice", edit("debate", "archive_notice", "A new notice."),
         "Read your comments below.", "A new notice."),
    case("article taken from the reading", edit("debate", "background_reading",
         lambda w: [str(article(w, "").pk)]), DISMISSED, None),
    # The stances inline, in order: agree, against, mixed.
    case("stance label", edit("debate", "stances-0-label", "For leaving"),
         AGREE, "For leaving"),
    case("comment stance", edit("Marc's comment", "stance",
         lambda w: str(agree(w).pk)), MIXED, AGREE, comment=2),
    case("author name", RENAME, MARC, MARCUS),
    case("author name on the author page", RENAME, MARC, MARCUS, page="author"),
    case("author place", MOVE, "Teddington, UK", "Twickenham, UK"),
    case("author place on the author page", MOVE, "Teddington", "Twickenham",
         page="author"),
    case("article title", RETITLE, DELEGATION, "Seoul talks on fewer troops"),
    case("article title on the article page", RETITLE, DELEGATION, "Seoul talks",
         page="article"),
    case("article publisher", edit("dismissed", "publisher", "Korea Herald"),
         PUBLISHER, "Korea Herald"),
    case("title of a cited house rule", edit("rule 1", "title", "Be nice"),
         "rule 1 (Be civil)", "rule 1 (Be nice)", comment=2, prepare=REMOVE_MARC),
    case("username of who closed the debate", edit("admin", "username", "chief"),
         "Closed</strong> by admin", "Closed</strong> by chief",
         prepare=lambda w: moderation.close_debate(debate=w.thread, by=w.admin_user)),
    case("action closing the debate", admin_action("debate", "close_debates"),
         OPEN, CLOSED),
    case("action removing a comment", admin_action("comment", "remove_under_rule_1", 2),
         MARC_SAYS, REMOVED, comment=2),
    case("action restoring a comment", admin_action("comment", "restore_comments", 2),
         REMOVED, MARC_SAYS, comment=2, prepare=REMOVE_MARC),
    # The admin shows the moderation mode read-only: it is changed here.
    case("moderation mode on the moderation page", lambda w: w.admin_client.post(
         f"/moderation/debates/{w.thread.slug}/mode/", {"mode": "pre"}),
         None, PREMODERATED),
]
# fmt: on


@pytest.mark.parametrize("case", ADMIN_CHANGES)
def test_a_change_in_the_admin_shows_at_once_on_the_warm_page(w, case):
    check(w, case)


def posting(body, reply=False):
    """The reader posting `body`; with `reply`, in answer to Marc."""
    return lambda w: post_comment(
        debate=w.thread,
        author=w.author,
        body=body,
        parent=comment_at(w, 2) if reply else None,
    )


def on_debate(action, **extra):
    return lambda w: action(debate=w.thread, by=w.moderator, **extra)


PREMODERATE = on_debate(moderation.set_moderation_mode, mode=ModerationMode.PRE)


def premoderated_post(w):
    PREMODERATE(w)
    return posting(WAITING)(w)


def rejected_post(w):
    comment = premoderated_post(w)
    moderation.reject_comment(comment=comment, by=w.moderator, rule=w.rule)
    return comment


def reported(w):
    for _ in range(3):
        moderation.report_comment(
            comment=comment_at(w, 2), reporter=w.make_reader(), reason="spam"
        )


def schedule_in_an_hour(w):
    in_an_hour = timezone.now() + datetime.timedelta(hours=1)
    moderation.schedule_close(debate=w.thread, by=w.moderator, closes_at=in_an_hour)


def restance(w):
    stance = agree(w)
    moderation.set_stance(comment=comment_at(w, 2), by=w.moderator, stance=stance)


# fmt: off
WRITES = [
    case("post a comment", posting("A view from Seoul."), None, "A view from Seoul."),
    case("post a reply", posting("Not so, Marc.", reply=True), None, "Not so, Marc."),
    case("edit a comment",
         lambda w: edit_comment(comment=w.target, author=w.author, body="Second."),
         "First draft.", "Second.", prepare=posting("First draft.")),
    case("delete a comment",
         lambda w: delete_comment(comment=w.target, author=w.author),
         "Regretted.", "Deleted by its author.", prepare=posting("Regretted.")),
    case("approve a comment awaiting review", moderator("approve"), None, WAITING,
         prepare=premoderated_post),
    case("approve a held comment", moderator("approve", 2), HELD, MARC_SAYS,
         comment=2, prepare=reported),
    # Never public: only its author sees the decision, outside the cached pieces.
    case("reject a comment awaiting review", moderator("reject"),
         "Awaiting review", "Rejected", prepare=premoderated_post, as_author=True),
    case("restore a rejected comment", moderator("restore"), None, WAITING,
         prepare=rejected_post),
    case("remove a comment", moderator("remove", 2), MARC_SAYS, REMOVED, comment=2),
    case("restore a removed comment", moderator("restore", 2), REMOVED, MARC_SAYS,
         comment=2, prepare=REMOVE_MARC),
    case("pick a comment", moderator("pick", 2, quote=MARC_SAYS),
         None, PULL_QUOTE + MARC_SAYS, comment=2),
    case("unpick a comment", moderator("unpick", 7), PULL_QUOTE, None, comment=7),
    case("correct a comment's stance", restance, MIXED, AGREE, comment=2),
    case("three reports hold a comment", reported, MARC_SAYS, HELD, comment=2),
    case("close the debate", on_debate(moderation.close_debate), OPEN, CLOSED),
    case("reopen the debate", on_debate(moderation.open_debate),
         CLOSED, "Reopened by Mo Derator", prepare=on_debate(moderation.close_debate)),
    case("schedule the closing", schedule_in_an_hour, None, "Closes on"),
    case("premoderate the debate", PREMODERATE, None, PREMODERATED),
]
# fmt: on


@pytest.mark.parametrize("case", WRITES)
def test_a_write_function_shows_at_once_on_the_warm_page(w, case):
    check(w, case)


def test_a_scheduled_closing_shows_on_the_warm_page_when_due(w, monkeypatch):
    schedule_in_an_hour(w)
    assert OPEN in warm(w.client, PAGES["debate"](w))
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    page = w.client.get(PAGES["debate"](w)).content.decode()
    assert "Closed</strong> on schedule" in page
    assert OPEN not in page


def load(w, row):
    """loaddata of a fixture of one row, written for the test."""
    path = w.tmp_path / "change.json"
    path.write_text(json.dumps([row]))
    call_command("loaddata", str(path), verbosity=0)


def retitled(w):
    """The debate as a fixture dumped earlier has it, version and all, retitled."""
    names = ["slug", "introduction", "question", "archive_notice", "version"]
    fields = {name: getattr(w.thread, name) for name in names}
    return fields | {"title": NEW_TITLE, "archived_on": "2004-06-01"}


def saving(bulk=False, **fields):
    """Marc's comment saved with `fields` (each a value, or world -> value); with
    `bulk`, by bulk_update."""

    def save(w):
        comment = comment_at(w, 2)
        for name, value in fields.items():
            setattr(comment, name, value(w) if callable(value) else value)
        if bulk:
            Comment.objects.bulk_update([comment], list(fields))
        else:
            comment.save()

    return save


def marcs(w):
    return Comment.objects.filter(pk=comment_at(w, 2).pk)


# Django sends no signals for the rows of an auto-created many-to-many table, so a
# write to that table itself, past the relation's add(), remove(), set() and clear(),
# is the one route the versions cannot see.
RAW_JOIN_TABLE = "Django sends no signals for an auto-created join table's rows"


def add_reading_directly(w):
    piece = Article.objects.create(title="A new piece to read", slug="new", body="-")
    Debate.background_reading.through.objects.create(debate=w.thread, article=piece)


# fmt: off
OTHER_WRITES = [
    case("queryset update of a comment",
         lambda w: marcs(w).update(body="Updated."), MARC_SAYS, "Updated."),
    case("queryset update of a cited rule",
         lambda w: HouseRule.objects.filter(pk=w.rule.pk).update(title="Be nice"),
         "rule 1 (Be civil)", "rule 1 (Be nice)", prepare=REMOVE_MARC),
    case("bulk_create of a comment (the 41st)", lambda w: Comment.objects.bulk_create(
         [Comment(debate=w.thread, author=w.author, body="In bulk.", position=41)]),
         None, "In bulk."),
    case("bulk_update of a comment", saving(bulk=True, body="Updated in bulk."),
         MARC_SAYS, "Updated in bulk."),
    # An author's natural key is the name: renamed, it is found by its pk.
    case("loaddata renaming an author", lambda w: load(w, {"model": "debates.author",
         "pk": comment_at(w, 2).author_id, "fields": {"name": MARCUS,
         "place": "Teddington, UK"}}), MARC, MARCUS),
    case("loaddata retitling the debate by its natural key", lambda w: load(w, {
         "model": "debates.debate", "fields": retitled(w)}), OLD_TITLE, NEW_TITLE),
    case("save of a comment body", saving(body="Rewritten."), MARC_SAYS, "Rewritten."),
    case("save of a pull-quote", saving(highlight=MARC_SAYS),
         None, PULL_QUOTE + MARC_SAYS),
    case("delete of a comment", lambda w: comment_at(w, 2).delete(), MARC_SAYS, None),
    case("queryset delete of a comment", lambda w: marcs(w).delete(), MARC_SAYS, None),
    case("article taken from every debate",
         lambda w: article(w, "").debates.clear(), DELEGATION, None),
    case("save moving a comment to another debate",
         saving(debate=lambda w: make_debate(), stance=None), MARC_SAYS, None),
    case("reading row deleted directly",
         lambda w: Debate.background_reading.through.objects.filter(
             article__publisher=PUBLISHER).delete(), DISMISSED, None,
         marks=pytest.mark.xfail(strict=True, reason=RAW_JOIN_TABLE)),
    case("reading row created directly", add_reading_directly,
         None, "A new piece to read",
         marks=pytest.mark.xfail(strict=True, reason=RAW_JOIN_TABLE)),
]
# fmt: on


@pytest.mark.parametrize("case", OTHER_WRITES)
def test_any_other_write_shows_at_once_on_the_warm_page(w, case):
    check(w, case)


def test_a_recommendation_turns_no_version_and_shows_its_count_at_once(w, reader):
    comment = comment_at(w, 2)
    count = f'id="recommends-{comment.pk}">1 recommendation<'
    assert count not in warm(w.client, PAGES["debate"](w))
    version = Debate.objects.get(pk=w.thread.pk).version
    recommend_comment(comment=comment, reader=reader, recommended=True)
    assert Debate.objects.get(pk=w.thread.pk).version == version
    assert count in w.client.get(PAGES["debate"](w)).content.decode()
