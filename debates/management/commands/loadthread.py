"""Load the revived 2004 thread unless it is already in the database."""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from debates.models import Debate

FIXTURE = "us_troops_korea"
DEBATE_SLUG = "us-troops-in-south-korea"


class Command(BaseCommand):
    help = (
        "Load the us_troops_korea fixture once. A second run leaves the database "
        "alone, so comments and moderators' changes made since are kept."
    )

    def handle(self, *args, **options):
        if Debate.objects.filter(slug=DEBATE_SLUG).exists():
            self.stdout.write("The thread is already loaded; nothing to do.")
            return
        call_command("loaddata", FIXTURE, verbosity=options["verbosity"])
