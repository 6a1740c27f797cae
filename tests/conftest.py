"""Fixtures for the test suite; the builders they hand out are in tests/builders.py."""

import copy
import os

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client
from django.utils import translation

from debates.models import (
    Article,
    Author,
    Comment,
    Debate,
    DebateTranslation,
    HouseRule,
    Stance,
    StanceTranslation,
)
from debates.models.choices import ModerationMode
from debates.reading import page_cache as caching
from forum.database_guard import breaker
from tests import builders
from tests.builders import THREAD_SLUG, moderators_group

# Every server a test starts reads this; this process read its settings already,
# so `_fast_passwords` sets the hasher here.
os.environ["FORUM_TEST_FAST_PASSWORDS"] = "1"


@pytest.fixture(autouse=True, scope="session")
def _tasks_run_at_once():
    """Tasks run in the process that queues them, as soon as it does (an email when
    its transaction commits): a test sees the email in `mail.outbox`. The tests of
    the workers themselves start real ones, with their own settings."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Serve static files without the manifest that only `collectstatic` writes."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture(autouse=True)
def _database_answering():
    """Each test starts with the database taken to be answering: a pause one test
    set off (see forum.database_guard) does not reach the next."""
    breaker.until = 0.0
    yield
    breaker.until = 0.0


@pytest.fixture(autouse=True)
def _site_language():
    """Each test starts in the site's language. A request leaves its language
    active in the thread that served it, and the test client's thread is the
    tests' own: without this, an address built after a Korean page was asked for
    would be the Korean one."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with nothing cached, as a fresh server would."""
    cache.clear()
    caching.clear_local()
    yield
    cache.clear()
    caching.clear_local()


# What the thread fixture writes, in an order that satisfies every foreign key.
THREAD_MODELS = [
    Article,
    Debate,
    Debate.background_reading.through,
    DebateTranslation,
    Stance,
    StanceTranslation,
    Author,
    Comment,
]
# The rows loaddata wrote for the first test that asked for the thread.
_thread_rows = []


@pytest.fixture
def thread(db):
    """The revived 2004 debate, loaded from the shipped fixture.

    loaddata runs for the first test that asks (tests/test_fixture.py tests the
    fixture and loaddata itself); every later test gets the same rows written back
    in one insert per table, instead of some 300 queries resolving natural keys.
    """
    if _thread_rows:
        _copy_thread()
    else:
        before = {
            model: list(model.objects.values_list("pk")) for model in THREAD_MODELS
        }
        call_command("loaddata", "us_troops_korea", verbosity=0)
        for model in THREAD_MODELS:
            rows = list(model.objects.exclude(pk__in=[pk for (pk,) in before[model]]))
            _thread_rows.append((model, rows))
    return Debate.objects.get(slug=THREAD_SLUG)


def _copy_thread():
    """Write the saved rows again under new primary keys (the ones they had may be
    taken: SQLite reuses ids after a rollback), pointing each foreign key at the new
    row it meant."""
    new_pks = {}
    for model, rows in _thread_rows:
        relations = [
            field
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model in new_pks
        ]
        copies = []
        for row in rows:
            row_copy = copy.copy(row)
            row_copy.pk = None
            row_copy._state.adding = True
            for field in relations:
                old = getattr(row, field.attname)
                if old is not None:
                    setattr(row_copy, field.attname, new_pks[field.related_model][old])
            copies.append(row_copy)
        model.objects.bulk_create(copies)
        new_pks[model] = {
            row.pk: row_copy.pk for row, row_copy in zip(rows, copies, strict=True)
        }


@pytest.fixture
def premoderated(thread):
    """The 2004 thread, taking new comments only after a moderator's review."""
    thread.moderation_mode = ModerationMode.PRE
    thread.save()
    return thread


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_debate(db):
    return builders.make_debate


@pytest.fixture
def make_comments(db):
    return builders.make_comments


@pytest.fixture
def make_reader(db):
    return builders.make_reader


@pytest.fixture
def reader(make_reader):
    return make_reader()


@pytest.fixture
def subscriber(make_reader):
    """A reader who asked for both kinds of email, at a confirmed address."""
    user = make_reader(name="Ji-woo", place="Busan")
    builders.subscribe(user.author, "jiwoo@example.org")
    return user


@pytest.fixture
def reader_client(reader):
    """A browser signed in as the reader; separate from `client`, the anonymous one."""
    browser = Client()
    browser.force_login(reader)
    return browser


@pytest.fixture
def moderator(db):
    """A staff member in the Moderators group: not a superuser."""
    return builders.make_moderator()


@pytest.fixture
def moderator_client(moderator):
    browser = Client()
    browser.force_login(moderator)
    return browser


@pytest.fixture
def rule(db):
    moderators_group()
    return HouseRule.objects.get(number=1)
