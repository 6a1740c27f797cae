"""Keeping cached debate pages fresh: a change to any row a debate page shows files
that page anew, with no call for anyone to remember.

Every cached piece of a debate page is filed under its debate's `version` (see
`debates.reading.page_cache`). The version is a random token rather than a count,
so a database rebuilt from a fixture never meets a shared cache's entries of an
earlier life. It turns whenever a row the page shows changes, however it changes:

- a model's `save()` or `delete()`, in a write function, the admin or `loaddata`
  (Django's own `post_save` and `pre_delete`, as `django.contrib.sites` clears its
  cache from them);
- the background reading added to or taken from a debate (`m2m_changed`);
- `QuerySet.update()` and `bulk_create()`, which send no signals: the QuerySets of
  these models inherit `FreshQuerySet`, which turns the versions itself.

`SHOWN_ON` says, for each model the page shows, on which debates a set of its rows
appears. Recommendation counts are not in it: each page fills them in per request
(`debates.reading.recommend_buttons`), so recommending re-renders nothing.
"""

import secrets

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save

from .choices import STATE_CHANGE_VERBS

# Fields whose changes no cached page shows: saving only these turns no version.
UNSHOWN_FIELDS = {
    "debates.debate": {"version"},
    "debates.comment": {"recommendation_count"},
    "debates.author": {
        "notify_on_reply",
        "notify_on_decision",
        "confirmed_email",
        "language",
    },
}
# Of an account, the page shows only the name of a moderator who closed a debate.
SHOWN_USER_FIELDS = {"username"}


def shows_change(model, fields):
    """Whether changing `fields` (None: every field) of a `model` row can change
    what a debate page shows."""
    if fields is None:
        return True
    fields = set(fields)
    if model._meta.label_lower == settings.AUTH_USER_MODEL.lower():
        return bool(fields & SHOWN_USER_FIELDS)
    return not fields <= UNSHOWN_FIELDS.get(model._meta.label_lower, set())


def new_version():
    """A fresh version token: 62 random bits, which no earlier version repeats."""
    return secrets.randbits(62)


def _comment_debates(**lookup):
    from .comment import Comment

    return Comment.objects.filter(**lookup).values("debate_id")


def _debates_closed_or_opened_by(users):
    from .debate import Debate

    return Debate.objects.filter(state_changed_by__in=users).values("pk")


def _debates_of_authors(authors):
    from .author import Author

    users = Author.objects.filter(pk__in=authors.values("pk")).values("user_id")
    return [
        _comment_debates(author__in=authors.values("pk")),
        _debates_closed_or_opened_by(users),
    ]


def _debates_of_articles(articles):
    from .debate import Debate

    reading = Debate.background_reading.through.objects
    return [reading.filter(article_id__in=articles.values("pk")).values("debate_id")]


# For each model a debate page shows: the debates a queryset of its rows appears
# on, as subqueries that select debate ids.
SHOWN_ON = {
    "debates.debate": lambda rows: [rows.values("pk")],
    "debates.comment": lambda rows: [rows.values("debate_id")],
    "debates.stance": lambda rows: [rows.values("debate_id")],
    # The timeline lists the closings and reopenings, and no other act.
    "debates.moderationaction": lambda rows: [
        rows.filter(verb__in=STATE_CHANGE_VERBS).values("debate_id")
    ],
    "debates.author": _debates_of_authors,
    "debates.article": _debates_of_articles,
    # A removed comment's placeholder cites its rule.
    "debates.houserule": lambda rows: [
        _comment_debates(moderation_rule__in=rows.values("pk"))
    ],
    "debates.debatetranslation": lambda rows: [rows.values("debate_id")],
    "debates.stancetranslation": lambda rows: [rows.values("stance__debate_id")],
    "debates.houseruletranslation": lambda rows: [
        _comment_debates(moderation_rule__in=rows.values("rule_id"))
    ],
    # The status line names the moderator who closed or reopened the debate.
    settings.AUTH_USER_MODEL.lower(): lambda rows: [
        _debates_closed_or_opened_by(rows.values("pk"))
    ],
}


# Rows that no page shows whatever their fields, known from the row alone: saving
# them asks nothing of the database.
SHOWN_IF = {
    "debates.moderationaction": lambda action: action.verb in STATE_CHANGE_VERBS,
}


def refresh_debates_showing(rows):
    """Give a new version to every debate that shows one of `rows` (a queryset of a
    model in SHOWN_ON), so its cached pieces are looked up, and rendered, anew.
    One UPDATE; returns the new version."""
    from .debate import Debate

    shown = Q()
    for debate_ids in SHOWN_ON[rows.model._meta.label_lower](rows):
        shown |= Q(pk__in=debate_ids)
    return _set_version(Debate.objects.filter(shown))


def refresh_debates(debate_ids):
    """Give each of these debates a new version; returns it."""
    from .debate import Debate

    return _set_version(Debate.objects.filter(pk__in=set(debate_ids) - {None}))


def _set_version(debates):
    version = new_version()
    # The plain update: Debate's own would turn the version once more.
    models.QuerySet.update(debates, version=version)
    return version


class FreshQuerySet(models.QuerySet):
    """A QuerySet whose bulk writes turn the versions of the debates showing what
    they change, as saving each row does."""

    def update(self, **changes):
        if not shows_change(self.model, changes):
            return super().update(**changes)
        shown_on = SHOWN_ON[self.model._meta.label_lower]
        with transaction.atomic(using=self.db, savepoint=False):
            # Read before the update: it may change what selects the rows.
            debate_ids = {pk for query in shown_on(self) for pk in _ids(query)}
            count = super().update(**changes)
            if "debate" in changes or "debate_id" in changes:
                # The rows now show on another debate too.
                debate_ids.update(_ids(changes.get("debate", changes.get("debate_id"))))
            refresh_debates(debate_ids)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            pks = [obj.pk for obj in created if obj.pk is not None]
            if len(pks) == len(created):
                rows = self.model._default_manager.filter(pk__in=pks)
            else:
                # A backend that returns no primary keys: every debate, to be safe.
                rows = self.model._default_manager.all()
            if created:
                refresh_debates_showing(rows)
        return created


def _ids(value):
    """Debate ids from a values() subquery, a Debate or an id."""
    if isinstance(value, models.QuerySet):
        return [next(iter(row.values())) for row in value]
    return [getattr(value, "pk", value)]


class RemembersItsDebate:
    """For a model with a `debate`: remembers the debate each row was read with, so
    that moving the row to another debate with save() turns the old debate's
    version too, at no query's cost."""

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._debate_when_read = instance.__dict__.get("debate_id")
        return instance


def _saving(sender, instance, raw=False, **kwargs):
    """Note the debate a row is leaving, if it is moving to another."""
    if not hasattr(instance, "debate_id") or (instance._state.adding and not raw):
        return
    before = instance.__dict__.get("_debate_when_read")
    if before is None:
        # Not read from the database (loaddata, or a row built by hand): ask it.
        before = (
            sender._default_manager.filter(pk=instance.pk)
            .values_list("debate_id", flat=True)
            .first()
        )
    if before is not None and before != instance.debate_id:
        instance._debate_left = before


def _saved(sender, instance, update_fields=None, **kwargs):
    left = instance.__dict__.pop("_debate_left", None)
    if left is not None:
        refresh_debates([left])
    if hasattr(instance, "debate_id"):
        instance._debate_when_read = instance.debate_id
    shown = SHOWN_IF.get(sender._meta.label_lower, lambda row: True)
    if not shows_change(sender, update_fields) or not shown(instance):
        return
    version = refresh_debates_showing(sender._default_manager.filter(pk=instance.pk))
    if sender._meta.label_lower == "debates.debate":
        instance.version = version


def _deleting(sender, instance, origin=None, **kwargs):
    # Sent inside the deletion's transaction, so readers see both or neither.
    from .debate import Debate

    deleting = origin.model if isinstance(origin, models.QuerySet) else type(origin)
    if deleting is Debate and sender is not Debate:
        # Rows that go with their debate (its comments, stances, audit lines) show
        # on no other page: nothing to turn, and a long thread costs no query each.
        return
    refresh_debates_showing(sender._default_manager.filter(pk=instance.pk))


def _reading_changed(sender, instance, action, pk_set, **kwargs):
    from .debate import Debate

    if action == "pre_clear" and not isinstance(instance, Debate):
        # An article taken from every debate: those debates, while they are known.
        refresh_debates_showing(type(instance)._default_manager.filter(pk=instance.pk))
    elif action.startswith("post_"):
        if isinstance(instance, Debate):
            refresh_debates([instance.pk])
        else:
            refresh_debates(pk_set or ())


def connect():
    """Connect the receivers for each model in SHOWN_ON (once, when the app is
    ready)."""
    from .debate import Debate

    for label in SHOWN_ON:
        model = apps.get_model(label)
        post_save.connect(_saved, sender=model, dispatch_uid=f"fresh-save-{label}")
        if any(field.name == "debate" for field in model._meta.fields):
            pre_save.connect(
                _saving, sender=model, dispatch_uid=f"fresh-moving-{label}"
            )
        pre_delete.connect(
            _deleting, sender=model, dispatch_uid=f"fresh-delete-{label}"
        )
    m2m_changed.connect(
        _reading_changed,
        sender=Debate.background_reading.through,
        dispatch_uid="fresh-reading",
    )
