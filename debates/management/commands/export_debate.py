"""Write what readers see of a debate, with its background reading, as JSON."""

from django.core.management.base import BaseCommand, CommandError

from debates.archive.exporting import debate_fixture
from debates.models import Debate


class Command(BaseCommand):
    help = (
        "Export a debate as a fixture that `manage.py loaddata` reads into another "
        "install: the debate, the articles it cites, its stances, and its comments "
        "as readers see them, with their authors' names and places, each named by "
        "its natural key so loading it twice changes nothing. A removed, held or "
        "deleted comment travels as its placeholder, without its text; one awaiting "
        "review or rejected, never public, stays behind with the replies to it. "
        "Accounts stay behind, and all that needs them: who moderated what, the "
        "audit trail, reports, recommendations, reviews, suspensions and earlier "
        "texts. Loaded back into this install, comments would be signed by "
        "account-less authors: the export is for moving a debate, not for backing "
        "one up. Times are kept to the millisecond, as Django's JSON fixtures keep "
        "them."
    )

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument(
            "--output", metavar="FILE", help="Write here instead of to the console."
        )

    def handle(self, *args, slug, output, **options):
        try:
            debate = Debate.objects.get(slug=slug)
        except Debate.DoesNotExist:
            raise CommandError(f"No debate is at “{slug}”.") from None
        fixture = debate_fixture(debate)
        if output is None:
            self.stdout.write(fixture)
            return
        with open(output, "w", encoding="utf-8") as file:
            file.write(fixture + "\n")
        if options["verbosity"] >= 1:
            self.stderr.write(f"Wrote “{slug}” to {output}.")
