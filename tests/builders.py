"""Builders the tests share: debates, comments, readers, moderators."""

import importlib
import itertools

from django.contrib.auth.models import Group, Permission

from debates.models import Author, Comment, Debate, HouseRule, WordRule
from debates.notifications.emails import set_notification_preferences
from debates.participation.accounts import register_reader
from debates.roles import MODERATORS_GROUP

THREAD_SLUG = "us-troops-in-south-korea"
PASSWORD = "a-Long-enough-pass-42"

_sequence = itertools.count(1)


def make_debate(**fields):
    number = next(_sequence)
    fields.setdefault("title", f"Debate {number}")
    fields.setdefault("slug", f"debate-{number}")
    fields.setdefault("introduction", "An introduction.")
    fields.setdefault("question", "What do you think?")
    return Debate.objects.create(**fields)


def make_comments(debate, count, *, start=1, author=None):
    """Add `count` published comments by one author to a debate, in order."""
    author = author or Author.objects.create(name=f"Writer {next(_sequence)}")
    return Comment.objects.bulk_create(
        Comment(debate=debate, author=author, body=f"Comment {n}", position=n)
        for n in range(start, start + count)
    )


def make_reader(name="New Reader", place="Seoul, South Korea", username=None):
    username = username or f"reader{next(_sequence)}"
    return register_reader(
        username=username, password=PASSWORD, name=name, place=place
    ).user


def make_moderator(name="Mo Derator", place="Newsroom", username="moderator"):
    """A staff member in the Moderators group: not a superuser."""
    user = make_reader(name=name, place=place, username=username)
    user.is_staff = True
    user.save()
    user.groups.add(moderators_group())
    return user


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
        rules = importlib.import_module("debates.migrations.0018_automatic_rules")
        codenames = (set(first.PERMISSIONS) | set(later.ADDED)) - set(later.RETIRED)
        codenames |= set(rules.RULE_PERMISSIONS) | {"view_signaturechange"}
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


def subscribe(author, email, *, on_reply=True, on_decision=True):
    """Choose emails for `author` at `email`, and confirm the address as its link
    would (tests/test_email_confirmation.py follows the link itself)."""
    set_notification_preferences(
        author=author, email=email, on_reply=on_reply, on_decision=on_decision
    )
    author.confirmed_email = email
    author.save(update_fields=["confirmed_email"])


def make_word_rule(pattern, action="hold", **fields):
    """A word rule as a moderator saves it in the admin."""
    rule = WordRule(pattern=pattern, action=action, **fields)
    rule.full_clean()
    rule.save()
    return rule


def sign_up(client, *, language_prefix="", **overrides):
    """Post the sign-up form as a new reader fills it in, on the English page or
    the one under `language_prefix` ("/ko"); fields in `overrides` replace the
    defaults."""
    data = {
        "name": "Ji-woo",
        "place": "Busan",
        "username": "jiwoo",
        "password1": PASSWORD,
        "password2": PASSWORD,
    } | overrides
    return client.post(f"{language_prefix}/accounts/signup/", data)
