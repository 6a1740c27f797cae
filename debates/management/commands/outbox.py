"""Operators' view of the email outbox: what waits, what failed, and retrying it."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from debates.models import OutgoingEmail
from debates.notifications import outbox


class Command(BaseCommand):
    help = (
        "List the emails waiting to be sent and those given up after failing; "
        "--retry queues given-up emails again."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--retry",
            nargs="+",
            metavar="ID",
            help="Queue these given-up emails again (ids as listed), or “all”.",
        )

    def handle(self, *args, retry, **options):
        if retry:
            self.retry(retry)
            return
        state = outbox.queue_state()
        self.stdout.write(
            f"{state['waiting']} waiting, {state['failed']} given up; the most "
            f"overdue waits {state['oldest_due_seconds']} s past its time."
        )
        failed = OutgoingEmail.objects.failed().order_by("created_at")
        for email in failed:
            self.stdout.write(
                f"{email.pk}\t{timezone.localtime(email.created_at):%Y-%m-%d %H:%M}"
                f"\t{email.kind}\t{email.to}\t{email.attempts} attempts"
                f"\t{email.last_error}"
            )

    def retry(self, ids):
        if ids == ["all"]:
            emails = OutgoingEmail.objects.all()
        else:
            if not all(value.isdigit() for value in ids):
                raise CommandError("Give the ids the listing shows, or “all”.")
            emails = OutgoingEmail.objects.filter(pk__in=ids)
            not_failed = set(map(int, ids)) - set(
                emails.failed().values_list("pk", flat=True)
            )
            if not_failed:
                listed = ", ".join(map(str, sorted(not_failed)))
                raise CommandError(f"No given-up email has the id {listed}.")
        count = outbox.retry_failed(emails)
        self.stdout.write(self.style.SUCCESS(f"{count} email(s) queued again."))
