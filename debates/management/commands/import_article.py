"""Import a news article from a saved web page's text, without the site's chrome."""

from django.core.management.base import CommandError

from debates.archive.article_text import RULES, ArticleNotFound, parse_article_page
from debates.archive.importing import ImportRefused, save_article
from debates.management.texts import TextImportCommand, describe, partial_date
from debates.models import Debate


class Command(TextImportCommand):
    help = describe(
        "Import a news article as background reading: headline, byline, source "
        "credit, dateline, standfirst, photo caption and credit, body and tags, "
        "leaving out the site's menus, tickers, link lists and footer. Running it "
        "again with the same page changes nothing.",
        RULES,
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--slug", required=True, help="The article's address.")
        parser.add_argument(
            "--title", help="Use this headline instead of the one found on the page."
        )
        parser.add_argument("--publisher", help="Leave out when it is not known.")
        parser.add_argument("--url", help="The original address, only if confirmed.")
        parser.add_argument(
            "--published-on",
            type=partial_date,
            metavar="YYYY[-MM[-DD]]",
            help="By default, the date of the page's dateline.",
        )
        parser.add_argument(
            "--debate", metavar="SLUG", help="Cite the article in this debate."
        )

    def handle(self, *args, file, encoding, dry_run, slug, **options):
        text = self.read_text(file, encoding)
        try:
            page = parse_article_page(text)
        except ArticleNotFound as error:
            raise CommandError(str(error)) from None
        debate = None
        if options["debate"]:
            try:
                debate = Debate.objects.get(slug=options["debate"])
            except Debate.DoesNotExist:
                raise CommandError(f"No debate is at “{options['debate']}”.") from None
        published_on, precision = options["published_on"] or (None, None)
        if options["verbosity"] >= 2 or dry_run:
            for remark in page.left_out:
                self.stderr.write(f"Left out {remark}")
        if dry_run and options["verbosity"] >= 1:
            self._show(page)
        try:
            result = save_article(
                page=page,
                slug=slug,
                title=options["title"],
                publisher=options["publisher"],
                url=options["url"],
                published_on=published_on,
                published_on_precision=precision,
                debate=debate,
                dry_run=dry_run,
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        summary = f"Article “{slug}” {result.outcome}"
        if result.newly_cited:
            summary += f", and cited in “{debate.slug}”"
        if options["verbosity"] < 1:
            return
        if dry_run:
            self.stdout.write(f"Dry run, nothing written. It would be: {summary}.")
        else:
            self.stdout.write(self.style.SUCCESS(f"{summary}."))

    def _show(self, page):
        for label, value in [
            ("Headline", page.title),
            ("Byline", page.byline),
            ("Source", page.source_credit),
            ("Dateline", page.dateline),
            ("Standfirst", page.standfirst),
            ("Photo", f"{page.photo_caption} ({page.photo_credit})"),
            ("Tags", ", ".join(page.tags)),
        ]:
            self.stdout.write(f"{label}: {value}")
        for kind, text in page.blocks:
            marker = "##" if kind == "heading" else "  "
            self.stdout.write(f"{marker} {text[:70]}{'…' if len(text) > 70 else ''}")
