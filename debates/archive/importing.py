"""Writes that bring archived debates and articles in."""

import datetime
from dataclasses import dataclass, field

from django.db import transaction

from ..models import Article, Author, Comment, Debate
from ..models.choices import DatePrecision
from .article_text import ArticlePage
from .debate_text import DebatePage

FALLBACK_ENCODINGS = ["cp1252", "latin-1"]
BATCH_SIZE = 500


class ImportRefused(Exception):
    """Raised when an import would overwrite what it must not; nothing is written."""


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """The text of a file and the encoding it was read in.

    Without an `encoding`, UTF-8 is tried first, then Windows-1252 (what most
    archived pages of the period were saved in), then Latin-1, which reads any bytes.
    """
    if encoding:
        return data.decode(encoding), encoding
    for candidate in ["utf-8-sig", *FALLBACK_ENCODINGS]:
        try:
            return data.decode(candidate), candidate.removesuffix("-sig")
        except UnicodeDecodeError:
            continue
    raise AssertionError("Latin-1 decodes any bytes.")


def parse_partial_date(value: str) -> tuple[datetime.date, str]:
    """(date, precision) from "2004", "2004-06" or "2004-06-21"."""
    parts = value.split("-")
    precision = {1: DatePrecision.YEAR, 2: DatePrecision.MONTH, 3: DatePrecision.DAY}
    if len(parts) not in precision or not all(part.isdigit() for part in parts):
        raise ValueError(f"“{value}” is not YYYY, YYYY-MM or YYYY-MM-DD.")
    numbers = [int(part) for part in parts] + [1] * (3 - len(parts))
    return datetime.date(*numbers), precision[len(parts)]


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def count(self, outcome):
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __str__(self):
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.unchanged} unchanged"
        )


@dataclass
class DebateImport:
    debate: Debate
    outcome: str
    authors: Tally = field(default_factory=Tally)
    comments: Tally = field(default_factory=Tally)
    not_on_page: list[int] = field(default_factory=list)


def _changed_fields(instance, values):
    return [name for name, value in values.items() if getattr(instance, name) != value]


def _sync(model, lookup, values, *, create_only=None):
    """Create the row `lookup` finds, or update the fields of it that differ.

    Returns the row and what happened to it: "created", "updated" or "unchanged".
    Unchanged rows are not written, so a second import leaves the database as it was.
    """
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model._default_manager.create(
            **lookup, **values, **(create_only or {})
        )
        return instance, "created"
    changed = _changed_fields(instance, values)
    if not changed:
        return instance, "unchanged"
    for name in changed:
        setattr(instance, name, values[name])
    instance.save(update_fields=changed)
    return instance, "updated"


@transaction.atomic
def save_archived_debate(
    *,
    page: DebatePage,
    slug: str,
    title: str | None = None,
    source_name: str | None = None,
    archived_on: datetime.date | None = None,
    archived_on_precision: str | None = None,
    dry_run: bool = False,
    progress=None,
) -> DebateImport:
    """Create or bring up to date a debate and its archived comments from a page.

    Options left as None keep what the debate already has (a new debate is titled
    with the question's first sentence). Comments are matched by position; authors
    by name and place; archived comments no longer on the page are left alone and
    listed. A moderator's later work is kept: a new debate opens, but an existing
    one keeps its state, and hidden comments stay hidden. `progress`, if given, is
    called with (comments done, comments in all) after every 500. With `dry_run`,
    everything is rolled back and the result says what would have happened.
    """
    values = {
        "introduction": page.introduction,
        "question": page.question,
        "archive_notice": page.archive_notice,
    }
    optional = {
        "title": title,
        "source_name": source_name,
        "archived_on": archived_on,
        "archived_on_precision": (
            (archived_on_precision or DatePrecision.DAY) if archived_on else None
        ),
    }
    values |= {name: value for name, value in optional.items() if value is not None}
    create_only = {"state": Debate.State.OPEN}
    if "title" not in values:
        create_only["title"] = page.first_sentence
    debate, outcome = _sync(Debate, {"slug": slug}, values, create_only=create_only)
    if debate.archived_on is None:
        raise ImportRefused("A new debate needs the date it ran, to date its comments.")
    result = DebateImport(debate=debate, outcome=outcome)
    _save_comments(page, debate, result, progress)
    if dry_run:
        transaction.set_rollback(True)
    return result


def _archived_author(signature):
    """The archived author signing so, found also under a signature anonymised at
    their request (which stays anonymised); created if new."""
    try:
        return Author.objects.get_by_natural_key(signature.name, signature.place), False
    except Author.DoesNotExist:
        return Author.objects.create(name=signature.name, place=signature.place), True


def _save_comments(page, debate, result, progress):
    existing = {comment.position: comment for comment in debate.comments.all()}
    authors = {}
    new = []
    total = len(page.comments)
    for done, parsed in enumerate(page.comments, start=1):
        signature = parsed.signature
        if signature not in authors:
            author, created = _archived_author(signature)
            result.authors.count("created" if created else "unchanged")
            authors[signature] = author
        values = {
            "author_id": authors[signature].pk,
            "body": parsed.body,
            "highlight": parsed.highlight,
            "is_archived": True,
            "posted_at": debate.archived_at,
        }
        comment = existing.get(parsed.position)
        if comment is None:
            new.append(Comment(debate=debate, position=parsed.position, **values))
            result.comments.count("created")
        elif not comment.is_archived:
            raise ImportRefused(
                f"Position {parsed.position} of “{debate.slug}” holds a comment "
                "posted on this site; the archive's comments must come first."
            )
        elif comment.removed_at_request:
            # Its author asked for it to go: the page's words stay out.
            result.comments.count("unchanged")
        elif changed := _changed_fields(comment, values):
            for name in changed:
                setattr(comment, name, values[name])
            comment.save(update_fields=changed)
            result.comments.count("updated")
        else:
            result.comments.count("unchanged")
        if len(new) >= BATCH_SIZE:
            Comment.objects.bulk_create(new)
            new = []
        if progress and done % BATCH_SIZE == 0:
            progress(done, total)
    Comment.objects.bulk_create(new)
    result.not_on_page = sorted(
        position
        for position, comment in existing.items()
        if comment.is_archived and position > total
    )


@dataclass
class ArticleImport:
    article: Article
    outcome: str
    newly_cited: bool = False


@transaction.atomic
def save_article(
    *,
    page: ArticlePage,
    slug: str,
    title: str | None = None,
    publisher: str | None = None,
    url: str | None = None,
    published_on: datetime.date | None = None,
    published_on_precision: str | None = None,
    debate: Debate | None = None,
    dry_run: bool = False,
) -> ArticleImport:
    """Create or bring up to date an article, and cite it in `debate` if given.

    What the page prints (headline, byline, body...) replaces what is stored;
    options left as None keep what the article already has. A date the page prints
    is used when `published_on` is not given.
    """
    values = {
        "title": title or page.title,
        "byline": page.byline,
        "source_credit": page.source_credit,
        "dateline": page.dateline,
        "standfirst": page.standfirst,
        "photo_caption": page.photo_caption,
        "photo_credit": page.photo_credit,
        "body": page.body,
        "tags": page.tags,
    }
    if not values["title"]:
        raise ImportRefused("No headline was found on the page; a title must be given.")
    if published_on is None and page.published_on is not None:
        published_on, published_on_precision = page.published_on, DatePrecision.DAY
    optional = {
        "publisher": publisher,
        "url": url,
        "published_on": published_on,
        "published_on_precision": (
            (published_on_precision or DatePrecision.DAY) if published_on else None
        ),
    }
    values |= {name: value for name, value in optional.items() if value is not None}
    article, outcome = _sync(Article, {"slug": slug}, values)
    result = ArticleImport(article=article, outcome=outcome)
    if (
        debate is not None
        and not debate.background_reading.filter(pk=article.pk).exists()
    ):
        debate.background_reading.add(article)
        result.newly_cited = True
    if dry_run:
        transaction.set_rollback(True)
    return result
