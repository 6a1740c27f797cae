"""Give an existing account the moderator's role."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from debates.roles import MODERATORS_GROUP


class Command(BaseCommand):
    help = (
        "Make an existing account a moderator: staff status (to reach the admin) and "
        f"membership of the “{MODERATORS_GROUP}” group, without superuser powers."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        User = get_user_model()
        try:
            user = User.objects.get_by_natural_key(username)
        except User.DoesNotExist:
            raise CommandError(f"No account is called “{username}”.") from None
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name=MODERATORS_GROUP))
        self.stdout.write(self.style.SUCCESS(f"{username} is now a moderator."))
