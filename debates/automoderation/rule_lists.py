"""Word rule lists as CSV, so newsrooms can share them.

One rule per row, under a header naming the columns::

    pattern,action,house_rule,applies_to_staff,note
    spam*,hold,4,no,Advertising
    미군놈,mask,2,no,A slur for US soldiers

`action` is refuse, hold, flag or mask; `house_rule` a house rule's number or empty;
`applies_to_staff` yes or no (empty: no). Importing checks every row first and saves
nothing unless all are good; a pattern already listed (in any case) is updated.
"""

import csv
import dataclasses
import io

from django.db import transaction
from django.utils.translation import gettext

from ..models import HouseRule, WordRule
from ..models.choices import RuleAction
from .matching import pattern_problem

COLUMNS = ["pattern", "action", "house_rule", "applies_to_staff", "note"]
MAX_ROWS = 10_000
YES, NO = {"yes", "y", "true", "1"}, {"no", "n", "false", "0", ""}
# A cell starting with one of these is a formula to a spreadsheet; exported with a
# leading apostrophe, which importing takes off again.
FORMULA_STARTS = ("=", "+", "-", "@")


class RuleListError(Exception):
    """The list cannot be imported; `problems` says why, line by line."""

    def __init__(self, problems):
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclasses.dataclass
class Imported:
    created: int
    updated: int


def _cell(value):
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _uncell(value):
    value = (value or "").strip()
    if value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value


def export_rules(rules):
    """The rules as CSV text, header first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for rule in rules.select_related("house_rule"):
        writer.writerow(
            [
                _cell(rule.pattern),
                rule.action,
                rule.house_rule.number if rule.house_rule else "",
                "yes" if rule.applies_to_staff else "no",
                _cell(rule.note),
            ]
        )
    return out.getvalue()


def read_rules(data: bytes):
    """The rows of a CSV file as unsaved WordRules, or RuleListError naming every
    line that is wrong."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RuleListError(
            [gettext("The file is not UTF-8 text; save it as CSV UTF-8.")]
        ) from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [
        column
        for column in ("pattern", "action")
        if column not in (reader.fieldnames or [])
    ]
    if missing:
        raise RuleListError(
            [
                gettext("The first line must name the columns: %(columns)s.")
                % {"columns": ",".join(COLUMNS)}
            ]
        )
    house_rules = {rule.number: rule for rule in HouseRule.objects.all()}
    try:
        rows = list(reader)
    except csv.Error as error:
        raise RuleListError(
            [
                gettext("Line %(line)s: %(problems)s.")
                % {"line": reader.line_num, "problems": error}
            ]
        ) from None
    rules, problems, seen = [], [], {}
    for line, row in enumerate(rows, start=2):
        if line - 1 > MAX_ROWS:
            problems.append(
                gettext("More than %(count)s rules; split the list.")
                % {"count": f"{MAX_ROWS:,}"}
            )
            break
        pattern = " ".join(_uncell(row.get("pattern")).split())
        action = (row.get("action") or "").strip().lower()
        number = (row.get("house_rule") or "").strip()
        staff = (row.get("applies_to_staff") or "").strip().lower()
        wrong = []
        if problem := pattern_problem(pattern):
            wrong.append(problem)
        elif len(pattern) > WordRule._meta.get_field("pattern").max_length:
            wrong.append(gettext("the pattern is longer than 200 characters"))
        if action not in RuleAction.values:
            wrong.append(
                # Translators: the actions are the file's words, kept in English.
                gettext("the action must be one of %(actions)s")
                % {"actions": ", ".join(RuleAction.values)}
            )
        if number and (not number.isdigit() or int(number) not in house_rules):
            wrong.append(
                gettext("there is no house rule %(number)s") % {"number": number}
            )
        if staff not in YES | NO:
            # Translators: applies_to_staff, yes and no are the file's words, kept in
            # English.
            wrong.append(gettext("applies_to_staff must be yes or no"))
        key = pattern.casefold()
        if pattern and key in seen:
            wrong.append(
                gettext("the same pattern is on line %(line)s") % {"line": seen[key]}
            )
        seen.setdefault(key, line)
        if wrong:
            problems.append(
                gettext("Line %(line)s: %(problems)s.")
                % {"line": line, "problems": "; ".join(wrong)}
            )
            continue
        rules.append(
            WordRule(
                pattern=pattern,
                action=action,
                house_rule=house_rules.get(int(number)) if number else None,
                applies_to_staff=staff in YES,
                note=_uncell(row.get("note"))[:200],
            )
        )
    if problems:
        raise RuleListError(problems)
    if not rules:
        raise RuleListError([gettext("The file lists no rules.")])
    return rules


@transaction.atomic
def import_rules(data: bytes) -> Imported:
    """Add the file's rules, updating those whose pattern is already listed; all
    or nothing."""
    rules = read_rules(data)
    existing = {
        rule.pattern.casefold(): rule for rule in WordRule.objects.select_for_update()
    }
    created = updated = 0
    for rule in rules:
        known = existing.get(rule.pattern.casefold())
        if known is None:
            rule.save()
            created += 1
            continue
        changed = False
        for field in ("action", "house_rule", "applies_to_staff", "note"):
            if getattr(known, field) != getattr(rule, field):
                setattr(known, field, getattr(rule, field))
                changed = True
        if changed:
            known.save()
            updated += 1
    return Imported(created=created, updated=updated)
