"""The rules in the admin, as a moderator uses them: trying a text, sharing lists
as CSV, keeping the domain lists."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from debates.automoderation.rule_lists import export_rules, import_rules
from debates.models import HouseRule, LinkDomain, WordRule
from tests.builders import make_word_rule

RULES_URL = "/admin/debates/wordrule/"

SHARED_LIST = (
    "pattern,action,house_rule,applies_to_staff,note\n"
    "spam*,hold,4,no,Advertising\n"
    "미군놈,mask,2,no,A slur for US soldiers\n"
    "cut and run,flag,,yes,\n"
    "'=HYPERLINK(x),refuse,,no,Spreadsheet formula\n"
)


@pytest.fixture
def rules_page(moderator_client, rule):
    return moderator_client


def upload(client, text, name="rules.csv"):
    data = text.encode() if isinstance(text, str) else text
    return client.post(
        f"{RULES_URL}import/",
        {"rule_list": SimpleUploadedFile(name, data, content_type="text/csv")},
        follow=True,
    )


def test_moderators_keep_the_rules(rules_page):
    assert rules_page.get(RULES_URL).status_code == 200
    response = rules_page.post(
        f"{RULES_URL}add/", {"pattern": "traitor*", "action": "hold", "note": ""}
    )
    assert response.status_code == 302
    assert WordRule.objects.get().pattern == "traitor*"


def test_a_pattern_is_listed_once_whatever_its_case(rules_page):
    make_word_rule("Traitor*")
    response = rules_page.post(
        f"{RULES_URL}add/", {"pattern": "traitor*", "action": "flag", "note": ""}
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_the_test_box_says_what_would_happen(rules_page):
    make_word_rule("미군놈", "hold")
    response = rules_page.post(
        f"{RULES_URL}try/", {"text": "미군놈들이 떠난다", "action": "hold"}
    )
    page = response.content.decode()
    assert "Held for review: it waits in the moderation queue." in page
    assert "word rule “미군놈”" in page
    assert "<mark>미군놈</mark>들이 떠난다" in page


def test_the_test_box_tries_a_rule_before_it_is_saved(rules_page):
    response = rules_page.post(
        f"{RULES_URL}try/",
        {"text": "Those gooks again.", "pattern": "gook*", "action": "mask"},
    )
    page = response.content.decode()
    assert "Published with the matched words masked." in page
    assert "Those ■■■■■ again." in page
    assert not WordRule.objects.exists()


def test_the_test_box_says_when_nothing_matches(rules_page):
    page = rules_page.post(f"{RULES_URL}try/", {"text": "A fair point."}).content
    assert "No rule matches: it would be published." in page.decode()


def test_the_test_box_explains_a_bad_pattern(rules_page):
    page = rules_page.post(
        f"{RULES_URL}try/", {"text": "Anything", "pattern": "***", "action": "hold"}
    ).content.decode()
    assert "A rule needs at least one letter or digit to match." in page


def test_a_list_imports_and_exports_unchanged(rules_page):
    response = upload(rules_page, SHARED_LIST)
    assert "Imported: 4 rules added, 0 updated." in response.content.decode()
    mask = WordRule.objects.get(pattern="미군놈")
    assert (mask.action, mask.house_rule.number) == ("mask", 2)
    assert WordRule.objects.get(pattern="cut and run").applies_to_staff
    assert WordRule.objects.filter(pattern="=HYPERLINK(x)").exists()
    exported = rules_page.get(f"{RULES_URL}export/")
    assert exported["Content-Type"] == "text/csv; charset=utf-8"
    rows = sorted(exported.content.decode().splitlines()[1:])
    assert rows == sorted(SHARED_LIST.splitlines()[1:])


def test_an_exported_list_loads_into_another_forum(rule):
    make_word_rule("spam*", "hold", house_rule=HouseRule.objects.get(number=4))
    make_word_rule("gook*", "mask", note="Slur")
    text = export_rules(WordRule.objects.all())
    WordRule.objects.all().delete()
    done = import_rules(text.encode())
    assert (done.created, done.updated) == (2, 0)
    assert export_rules(WordRule.objects.all()) == text


def test_importing_again_updates_and_adds_nothing_twice(rules_page):
    upload(rules_page, SHARED_LIST)
    changed = SHARED_LIST.replace("spam*,hold", "SPAM*,refuse")
    response = upload(rules_page, changed)
    assert "Imported: 0 rules added, 1 updated." in response.content.decode()
    assert WordRule.objects.count() == 4
    assert WordRule.objects.get(pattern="spam*").action == "refuse"


def test_a_list_with_a_bad_line_imports_nothing_and_names_the_lines(rules_page):
    bad = (
        "pattern,action,house_rule,applies_to_staff,note\n"
        "fine,hold,,no,\n"
        "***,hold,,no,\n"
        "other,delete,99,maybe,\n"
        "FINE,flag,,no,\n"
    )
    page = upload(rules_page, bad).content.decode()
    assert "Nothing was imported" in page
    assert "Line 3: A rule needs at least one letter or digit to match." in page
    assert "Line 4: the action must be one of refuse, hold, flag, mask; there is " in (
        page
    )
    assert "there is no house rule 99; applies_to_staff must be yes or no." in page
    assert "Line 5: the same pattern is on line 2." in page
    assert not WordRule.objects.exists()


def test_a_file_that_is_not_a_rule_list_is_explained(rules_page):
    page = upload(rules_page, "\xff\xfe".encode("latin-1")).content.decode()
    assert "The file is not UTF-8 text" in page
    page = upload(rules_page, "word,what\nspam,hold\n").content.decode()
    assert "The first line must name the columns" in page


def test_readers_reach_none_of_it(reader_client, rule):
    for url in ("", "try/", "import/", "export/"):
        response = reader_client.get(f"{RULES_URL}{url}")
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_a_domain_is_stored_as_its_bare_host(rules_page):
    rules_page.post(
        "/admin/debates/linkdomain/add/",
        {"domain": "https://WWW.Spam.Example/path", "listing": "blocked", "note": ""},
    )
    assert LinkDomain.objects.get().domain == "spam.example"
