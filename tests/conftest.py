"""Shared builders for the test suite."""

import importlib
import itertools

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from debates import caching
from debates.models import Author, Comment, Debate, HouseRule
from debates.posting import register_reader
from debates.roles import MODERATORS_GROUP

THREAD_SLUG = "us-troops-in-south-korea"
PASSWORD = "a-Long-enough-pass-42"

_sequence = itertools.count(1)


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
def _empty_cache():
    """Each test starts with nothing cached, as a fresh server would."""
    cache.clear()
    caching.clear_local()
    yield
    cache.clear()
    caching.clear_local()


@pytest.fixture
def thread(db):
    """The revived 2004 debate, loaded from the shipped fixture."""
    call_command("loaddata", "us_troops_korea", verbosity=0)
    return Debate.objects.get(slug=THREAD_SLUG)


@pytest.fixture
def make_debate(db):
    def make(**fields):
        number = next(_sequence)
        fields.setdefault("title", f"Debate {number}")
        fields.setdefault("slug", f"debate-{number}")
        fields.setdefault("introduction", "An introduction.")
        fields.setdefault("question", "What do you think?")
        return Debate.objects.create(**fields)

    return make


@pytest.fixture
def make_comments(db):
    """Add `count` published comments by one author to a debate, in order."""

    def make(debate, count, *, start=1, author=None):
        author = author or Author.objects.create(name=f"Writer {next(_sequence)}")
        return Comment.objects.bulk_create(
            Comment(debate=debate, author=author, body=f"Comment {n}", position=n)
            for n in range(start, start + count)
        )

    return make


@pytest.fixture
def make_reader(db):
    def make(name="New Reader", place="Seoul, South Korea", username=None):
        username = username or f"reader{next(_sequence)}"
        return register_reader(
            username=username, password=PASSWORD, name=name, place=place
        ).user

    return make


@pytest.fixture
def reader(make_reader):
    return make_reader()


@pytest.fixture
def reader_client(reader):
    """A browser signed in as the reader; separate from `client`, the anonymous one."""
    browser = Client()
    browser.force_login(reader)
    return browser


def moderators_group():
    """The Moderators group and the house rules, as the migrations made them.

    A live-server test's flush can leave later transactional tests without them (the
    serialized copy is not always restored after one), so they are made again by the
    migrations' own functions when missing.
    """
    group, created = Group.objects.get_or_create(name=MODERATORS_GROUP)
    if created:
        first = importlib.import_module("debates.migrations.0002_moderators_group")
        later = importlib.import_module(
            "debates.migrations.0005_house_rules_and_moderator_permissions"
        )
        codenames = (set(first.PERMISSIONS) | set(later.ADDED)) - set(later.RETIRED)
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="debates", codename__in=codenames
            )
        )
        for number, title, text in later.HOUSE_RULES:
            HouseRule.objects.get_or_create(
                number=number, defaults={"title": title, "text": text}
            )
    return group


@pytest.fixture
def moderator(make_reader):
    """A staff member in the Moderators group: not a superuser."""
    user = make_reader(name="Mo Derator", place="Newsroom", username="moderator")
    user.is_staff = True
    user.save()
    user.groups.add(moderators_group())
    return user


@pytest.fixture
def moderator_client(moderator):
    browser = Client()
    browser.force_login(moderator)
    return browser


@pytest.fixture
def rule(db):
    moderators_group()
    return HouseRule.objects.get(number=1)
