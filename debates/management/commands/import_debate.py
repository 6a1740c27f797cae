"""Import an archived reader debate from the plain text of its page."""

from django.core.management.base import CommandError
from django.utils.text import slugify

from debates.archive.debate_text import RULES, PageNotUnderstood, parse_debate_page
from debates.archive.importing import ImportRefused, save_archived_debate
from debates.management.texts import TextImportCommand, describe, partial_date


class Command(TextImportCommand):
    help = describe(
        "Import an archived debate page: its introduction, question and closing "
        "notice, and every comment with its signature and pull-quote, as an open "
        "debate whose comments are dated at midnight (UTC) on the day it ran. "
        "Running it again with the same page changes nothing; a changed page "
        "updates the debate and its archived comments, keeping moderators' "
        "changes (the debate's state, hidden comments).",
        RULES,
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--slug",
            help="The debate's address; by default made from the title. Give the "
            "same one to update a debate imported before.",
        )
        parser.add_argument(
            "--title", help="By default, the question's first sentence."
        )
        parser.add_argument(
            "--source-name", help='Where it first ran, e.g. "BBC News Talking Point".'
        )
        parser.add_argument(
            "--archived-on",
            type=partial_date,
            metavar="YYYY-MM[-DD]",
            help="When the debate ran, as precisely as it is known. Needed for a "
            "new debate.",
        )

    def handle(self, *args, file, encoding, dry_run, slug, title, **options):
        self.verbosity = options["verbosity"]
        text = self.read_text(file, encoding)
        try:
            page = parse_debate_page(text)
        except PageNotUnderstood as error:
            raise CommandError(str(error)) from None
        for remark in page.corrections if self.verbosity >= 1 else []:
            self.stderr.write(f"Corrected {remark}")
        for remark in page.problems:
            self.stderr.write(self.style.WARNING(f"Warning: {remark}"))
        archived_on, precision = options["archived_on"] or (None, None)
        slug = slug or slugify(title or page.first_sentence)[:100]
        if dry_run and self.verbosity >= 1:
            self._show(page)
        try:
            result = save_archived_debate(
                page=page,
                slug=slug,
                title=title,
                source_name=options["source_name"],
                archived_on=archived_on,
                archived_on_precision=precision,
                dry_run=dry_run,
                progress=self._progress if self.verbosity >= 1 else None,
            )
        except ImportRefused as error:
            raise CommandError(str(error)) from None
        if result.not_on_page:
            positions = ", ".join(map(str, result.not_on_page))
            self.stderr.write(
                self.style.WARNING(
                    f"Warning: archived comments at positions {positions} are not "
                    "on the page; left as they are."
                )
            )
        authors = result.authors
        summary = (
            f"Debate “{slug}” {result.outcome}; comments: {result.comments}; "
            f"authors: {authors.created} new, {authors.unchanged} already known."
        )
        if self.verbosity < 1:
            return
        if dry_run:
            self.stdout.write(f"Dry run, nothing written. It would be: {summary}")
        else:
            self.stdout.write(self.style.SUCCESS(summary))

    def _show(self, page):
        self.stdout.write(f"Question: {page.question}")
        paragraphs = len(page.introduction.split("\n\n"))
        self.stdout.write(f"Introduction: {paragraphs} paragraphs")
        self.stdout.write(f"Notice: {page.archive_notice or '(none)'}")
        for comment in page.comments:
            quote = " [pull-quote]" if comment.highlight else ""
            opening = comment.body[:60] + ("…" if len(comment.body) > 60 else "")
            self.stdout.write(
                f"{comment.position:>5}. {comment.signature}{quote}: {opening}"
            )

    def _progress(self, done, total):
        self.stderr.write(f"{done:,}/{total:,} comments")
