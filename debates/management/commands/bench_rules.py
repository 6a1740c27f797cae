"""What the automatic rules cost a comment, with a list of 2,000 word rules.

Run by `make bench` after the page benchmark. The rules are made inside a
transaction that is rolled back, so the database is left as it was. Each round
judges every comment of the 2004 thread and a set of Korean comments, through the
same `judge_comment` posting calls (its database questions included) and through
the word matching alone; rounds alternate with a run against an empty list, and the
median round is reported.
"""

import io
import itertools
import random
import statistics
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from debates.automoderation.judging import judge_comment, loaded_rules, word_findings
from debates.models import Author, Comment, Debate, WordRule
from debates.models.choices import RuleAction

# Comments posted "today" that the repeat check compares each new one with.
RECENT_COMMENTS = 5000

KOREAN_COMMENTS = [
    "주한미군 감축은 한반도 안보에 큰 변화를 가져올 것이다. 미군놈들이 떠나면 "
    "우리 스스로 지켜야 한다.",
    "12,500명 감축에 대해 정부는 충분히 설명하지 않았다. 국민들은 불안해하고 있다.",
    "동맹은 서로를 존중할 때 유지된다. 이번 결정은 일방적이었다고 생각한다.",
    "북한의 위협이 여전한데 감축을 서두르는 이유가 무엇인지 묻고 싶다.",
]


def rule_list(size, seed=2004):
    """`size` patterns shaped like a newsroom's shared list: mostly whole words,
    some wildcards, phrases and Korean, and a few words the 2004 thread uses."""
    rng = random.Random(seed)  # nosec B311: synthetic rule patterns, not secrets
    letters = "abcdefghijklmnopqrstuvwxyz"
    hangul = [chr(code) for code in range(0xAC00, 0xAC00 + 2000, 7)]

    def word(low=4, high=10):
        return "".join(rng.choice(letters) for _ in range(rng.randint(low, high)))

    shapes = itertools.cycle(
        ["whole"] * 14 + ["prefix", "prefix", "suffix", "phrase", "hangul", "inner"]
    )
    patterns = {"withdraw*", "미군놈", "cut and run", "puppet"}
    while len(patterns) < size:
        shape = next(shapes)
        if shape == "whole":
            patterns.add(word())
        elif shape == "prefix":
            patterns.add(word() + "*")
        elif shape == "suffix":
            patterns.add("*" + word())
        elif shape == "phrase":
            patterns.add(f"{word()} {word(2, 5)} {word()}")
        elif shape == "hangul":
            patterns.add("".join(rng.choice(hangul) for _ in range(rng.randint(2, 4))))
        else:
            patterns.add(f"{word(2, 4)}*{word(2, 4)}")
    return sorted(patterns)


class Command(BaseCommand):
    help = "Measure the automatic rules' cost per comment with 2,000 word rules."

    def add_arguments(self, parser):
        parser.add_argument("--rules", type=int, default=2000)
        parser.add_argument("--rounds", type=int, default=7)

    def handle(self, *args, rules, rounds, **options):
        call_command("loadthread", verbosity=0, stdout=io.StringIO())
        debate = Debate.objects.get(slug="us-troops-in-south-korea")
        texts = (
            list(Comment.objects.filter(debate=debate).values_list("body", flat=True))
            + KOREAN_COMMENTS
        )
        with transaction.atomic():
            self.recent = self.busy_day()
            poster = Author.objects.create(name="Benchmark poster")
            full = self.measure(rules, rounds, texts, poster, debate)
            transaction.set_rollback(True)
        self.report(rules, rounds, texts, full)

    @staticmethod
    def busy_day(count=RECENT_COMMENTS):
        """Make the latest `count` comments (the synthetic debate's, when loaded)
        look posted today with fingerprints of unrelated texts, so the repeat check
        has a busy day's comments to compare against."""
        rng = random.Random(53)  # nosec B311: synthetic fingerprints
        latest = list(
            Comment.objects.order_by("-pk").values_list("pk", flat=True)[:count]
        )
        now = timezone.now()
        Comment.objects.bulk_update(
            [
                Comment(pk=pk, posted_at=now, likeness=rng.getrandbits(64) - 2**63)
                for pk in latest
            ],
            ["posted_at", "likeness"],
            batch_size=1000,
        )
        return len(latest)

    def measure(self, size, rounds, texts, poster, debate):
        patterns = rule_list(size)
        times = {"empty": [], "judge": [], "words": []}
        for _ in range(rounds):
            WordRule.objects.all().delete()
            loaded_rules.current()
            times["empty"].append(self.per_comment(texts, poster, debate))
            WordRule.objects.bulk_create(
                WordRule(pattern=pattern, action=RuleAction.HOLD)
                for pattern in patterns
            )
            loaded_rules.current()  # compiled once, as after an edit in the admin
            times["judge"].append(self.per_comment(texts, poster, debate))
            book, compiled = loaded_rules.current()
            start = time.perf_counter()
            for text in texts:
                word_findings(text, is_staff=False, book=book, rules=compiled)
            times["words"].append((time.perf_counter() - start) / len(texts))
        self.hits = sum(
            len(word_findings(text, is_staff=False, book=book, rules=compiled))
            for text in texts
        )
        start = time.perf_counter()
        loaded_rules.stamp = None
        loaded_rules.current()
        self.compile_ms = (time.perf_counter() - start) * 1000
        return {
            name: statistics.median(values) * 1000 for name, values in times.items()
        }

    @staticmethod
    def per_comment(texts, poster, debate):
        start = time.perf_counter()
        for text in texts:
            judge_comment(text=text, author=poster, debate=debate)
        return (time.perf_counter() - start) / len(texts)

    def report(self, size, rounds, texts, full):
        length = statistics.mean(len(text) for text in texts)
        self.stdout.write(
            "\n".join(
                [
                    "",
                    f"Automatic rules, {size:,} word rules, {len(texts)} comments "
                    f"(the 2004 thread and {len(KOREAN_COMMENTS)} in Korean, "
                    f"{length:,.0f} characters on average), median of {rounds} "
                    "interleaved rounds:",
                    "",
                    "| Judged | Per comment |",
                    "| --- | ---: |",
                    f"| Whole judgement, no rules listed | {full['empty']:.3f} ms |",
                    f"| Whole judgement, {size:,} rules | {full['judge']:.3f} ms |",
                    f"| Word matching alone, {size:,} rules | {full['words']:.3f} ms |",
                    "",
                    f"The whole judgement includes its database questions (whether "
                    f"the rules changed, the poster's record, and the fingerprints "
                    f"of {self.recent:,} comments posted in the last day, for "
                    f"repeated text). "
                    f"{self.hits} rule matches in all; compiling the list after an "
                    f"edit took {self.compile_ms:.0f} ms, once per app server.",
                ]
            )
        )
