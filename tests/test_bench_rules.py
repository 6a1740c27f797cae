"""The rules' benchmark runs and leaves the database as it found it (its figures
are read in `make bench`, never asserted here)."""

from io import StringIO

from django.core.management import call_command

from debates.management.commands.bench_rules import rule_list
from debates.models import Author, WordRule


def test_the_rules_benchmark_reports_and_leaves_nothing_behind(db):
    out = StringIO()
    call_command("bench_rules", rules=200, rounds=1, stdout=out)
    report = out.getvalue()
    assert "| Whole judgement, 200 rules |" in report
    assert "| Word matching alone, 200 rules |" in report
    assert not WordRule.objects.exists()
    assert not Author.objects.filter(name="Benchmark poster").exists()


def test_the_benchmark_list_has_every_shape_of_rule():
    patterns = rule_list(2000)
    assert len(patterns) == len(set(patterns)) == 2000
    assert any(p.endswith("*") and not p.startswith("*") for p in patterns)
    assert any(p.startswith("*") for p in patterns)
    assert any(" " in p for p in patterns)
    assert any("*" in p.strip("*") for p in patterns)
    assert "미군놈" in patterns
