"""Write a debate, its comments, their authors and its background reading as JSON."""

from django.core.management.base import BaseCommand, CommandError

from debates.archive.importing import debate_fixture
from debates.models import Debate


class Command(BaseCommand):
    help = (
        "Export a debate as a fixture that `manage.py loaddata` reads on another "
        "install: the debate, the articles it cites, every comment (hidden ones "
        "too, still hidden) and their authors, each named by its natural key so "
        "loading it twice changes nothing. Accounts stay behind: readers' comments "
        "keep their signatures, not the link to their accounts, so loaded back "
        "into this install they would be signed by account-less authors: the export "
        "is for moving a debate, not for backing one up. Times are kept to the "
        "millisecond, as Django's JSON fixtures keep them."
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
