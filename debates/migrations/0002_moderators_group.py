"""Create the Moderators group with the permissions a moderator needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# Frozen here as it was when this migration was written; later changes to the role get
# migrations of their own.
PERMISSIONS = [
    "open_close_debate",
    "hide_comment",
    "view_debate",
    "change_debate",
    "view_comment",
    "change_comment",
    "view_author",
    "view_article",
]


def create_moderators_group(apps, schema_editor):
    # Permissions are normally created after all migrations run; make sure they exist.
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
            content_type__app_label="debates", codename__in=PERMISSIONS
        )
    )


def delete_moderators_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="Moderators").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("debates", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_moderators_group, delete_moderators_group),
    ]
