"""Seed the house rules and give the Moderators group its moderation permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

HOUSE_RULES = [
    (
        1,
        "Be civil",
        "Argue with the view, not the person: no insults, threats or harassment.",
    ),
    (
        2,
        "No hate",
        "Nothing that attacks people for their nationality, ethnicity, "
        "religion, sex, sexuality or disability.",
    ),
    (
        3,
        "Stay on topic",
        "Comments answer the debate's question or other readers' comments on it.",
    ),
    (
        4,
        "No spam",
        "No advertising, repeated posts or links posted for their own sake.",
    ),
    (
        5,
        "Be yourself",
        "Post under your own name and place; do not pretend to be "
        "another reader, an archived author or a moderator.",
    ),
    (
        6,
        "Respect the law",
        "No defamation, no breach of copyright, no one's private details.",
    ),
]

# Frozen as they were when this migration was written.
ADDED = [
    "moderate_comment",
    "suspend_author",
    "view_houserule",
    "add_houserule",
    "change_houserule",
    "view_report",
    "view_moderationaction",
    "view_suspension",
]
RETIRED = ["hide_comment"]


def forwards(apps, schema_editor):
    HouseRule = apps.get_model("debates", "HouseRule")
    for number, title, text in HOUSE_RULES:
        HouseRule.objects.get_or_create(
            number=number, defaults={"title": title, "text": text}
        )
    # The historical app config has no models module, which create_permissions checks.
    app_config = apps.get_app_config("debates")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="debates", codename__in=ADDED
        )
    )
    Permission.objects.filter(
        content_type__app_label="debates", codename__in=RETIRED
    ).delete()


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name="Moderators").first()
    if group:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="debates", codename__in=ADDED
            )
        )


class Migration(migrations.Migration):
    dependencies = [("debates", "0004_moderation")]

    operations = [migrations.RunPython(forwards, backwards)]
