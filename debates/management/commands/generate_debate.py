"""Create a large synthetic debate, for measuring pages at scale."""

import itertools
import random
import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from debates.models import Author, Comment, Debate

WORDS = [
    "troops",
    "alliance",
    "peninsula",
    "deterrence",
    "withdrawal",
    "Seoul",
    "Washington",
    "treaty",
    "border",
    "defence",
    "budget",
    "security",
    "talks",
    "peace",
    "North",
    "South",
    "Korea",
    "army",
    "base",
    "cost",
    "burden",
    "history",
    "future",
    "partners",
    "region",
    "China",
    "Japan",
    "Guam",
    "election",
    "policy",
]


class Command(BaseCommand):
    help = "Create a debate with many comments (in batches, with a progress bar)."

    def add_arguments(self, parser):
        parser.add_argument("--comments", type=int, default=100_000)
        parser.add_argument("--authors", type=int, default=1_000)
        parser.add_argument("--slug", default="synthetic-debate")
        parser.add_argument("--batch-size", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=2004)

    def handle(self, *args, comments, authors, slug, batch_size, seed, **options):
        if comments < 0 or authors < 1 or batch_size < 1:
            raise CommandError(
                "--comments must be ≥ 0, --authors and --batch-size ≥ 1."
            )
        if Debate.objects.filter(slug=slug).exists():
            raise CommandError(
                f"A debate with slug “{slug}” exists already; pick another --slug."
            )
        # Synthetic text, not secrets.
        rng = random.Random(seed)  # nosec B311
        started = time.perf_counter()
        with transaction.atomic():
            debate = Debate.objects.create(
                title=f"Synthetic debate with {comments:,} comments",
                slug=slug,
                introduction="Generated to measure how the forum behaves at scale.",
                question="Does the page stay fast?",
            )
            writers = Author.objects.bulk_create(
                Author(name=f"Reader {n}", place=f"{slug} {n % 50}")
                for n in range(1, authors + 1)
            )
        now = timezone.now()
        made = 0
        positions = itertools.count(1)
        while made < comments:
            size = min(batch_size, comments - made)
            with transaction.atomic():
                Comment.objects.bulk_create(
                    (
                        Comment(
                            debate=debate,
                            author=rng.choice(writers),
                            body=" ".join(rng.choices(WORDS, k=rng.randint(12, 90))),
                            position=next(positions),
                            posted_at=now,
                        )
                        for _ in range(size)
                    ),
                    batch_size=size,
                )
            made += size
            self._progress(made, comments)
        elapsed = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Created “{debate.title}” at {debate.get_absolute_url()} "
                f"in {elapsed:.1f} s."
            )
        )

    def _progress(self, done, total, width=40):
        filled = width * done // total if total else width
        bar = "#" * filled + "-" * (width - filled)
        sys.stderr.write(f"\r[{bar}] {done:,}/{total:,} comments")
        if done >= total:
            sys.stderr.write("\n")
        sys.stderr.flush()
