"""What the import commands share: reading a text file and printing their rules."""

import argparse
import textwrap

from django.core.management.base import BaseCommand, CommandError, DjangoHelpFormatter

from debates.archive.importing import decode_text, parse_partial_date


class _RulesHelpFormatter(argparse.RawDescriptionHelpFormatter, DjangoHelpFormatter):
    """Keeps the line breaks of a command's help, so its rules read as a table."""


class TextImportCommand(BaseCommand):
    """A command that reads one text file, in whatever encoding it was saved."""

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs.setdefault("formatter_class", _RulesHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("file", help="The page's text, as saved.")
        parser.add_argument(
            "--encoding",
            help="Read the file in this encoding. By default UTF-8 is tried, then "
            "Windows-1252, then Latin-1.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Show what would be imported, and write nothing.",
        )

    def read_text(self, path, encoding):
        try:
            with open(path, "rb") as file:
                data = file.read()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}.") from None
        try:
            text, used = decode_text(data, encoding)
        except (LookupError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path} as {encoding}: {error}") from None
        if encoding is None and used != "utf-8":
            self.stderr.write(
                f"Note: {path} is not UTF-8; read it as {used}. "
                "Give --encoding if that is wrong."
            )
        return text


def describe(summary, rules):
    """A command's help: a paragraph of what it does, then its rules as written."""
    return textwrap.fill(summary, width=79) + "\n\n" + rules


def partial_date(value):
    """An argparse type for YYYY, YYYY-MM or YYYY-MM-DD: (date, precision)."""
    try:
        return parse_partial_date(value)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
