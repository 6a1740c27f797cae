"""The Korean catalogue is whole and current: `makemessages` finds no string it
lacks or holds no longer, every string is translated and none is fuzzy, and the
compiled catalogue the forum serves is the one `compilemessages` makes of it."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

CATALOGUE = Path(settings.BASE_DIR, "locale", "ko", "LC_MESSAGES", "django.po")
COMPILED = CATALOGUE.with_suffix(".mo")
# How the catalogue is made; the Makefile's `messages` target runs the same.
MAKEMESSAGES = {
    "locale": ["ko"],
    "no_location": True,
    "no_obsolete": True,
    "ignore_patterns": [
        ".venv",
        "node_modules",
        "staticfiles*",
        "tests",
        "test-artifacts",
    ],
    "verbosity": 0,
}


def needs_gettext():
    if shutil.which("xgettext") and shutil.which("msgfmt"):
        return
    if os.environ.get("CI"):
        pytest.fail(
            "CI must have GNU gettext (xgettext, msgfmt) to check the catalogue"
        )
    pytest.skip("GNU gettext is not installed (apt-get install gettext)")


def entries(po_text):
    """Each entry's (context, id) and whether it is translated and not fuzzy."""
    found = {}
    for block in po_text.split("\n\n"):
        lines = [line for line in block.splitlines() if line.strip()]
        if not any(line.startswith("msgid ") for line in lines):
            continue
        key, current, translated = {}, None, []
        for line in lines:
            if line.startswith("#~"):
                break
            for field in ("msgctxt", "msgid_plural", "msgid", "msgstr[0]", "msgstr"):
                if line.startswith(field + " "):
                    current = field
                    line = line[len(field) + 1 :]
                    break
            if not line.startswith('"') or current is None:
                continue
            if current.startswith("msgstr"):
                translated.append(line.strip('"'))
            else:
                key[current] = key.get(current, "") + line.strip('"')
        if key.get("msgid"):
            fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
            found[(key.get("msgctxt"), key["msgid"])] = (
                "".join(translated) and not fuzzy
            )
    return found


def test_makemessages_finds_the_catalogue_current(settings):
    needs_gettext()
    committed = CATALOGUE.read_text()
    os.chdir(settings.BASE_DIR)
    try:
        # makemessages writes to the catalogue it finds beside the code; the
        # committed one is put back whatever happens.
        call_command("makemessages", **MAKEMESSAGES)
        made = entries(CATALOGUE.read_text())
    finally:
        CATALOGUE.write_text(committed)
    kept = entries(committed)
    assert sorted(made.keys() - kept.keys()) == [], "strings the catalogue lacks"
    assert sorted(kept.keys() - made.keys()) == [], "strings no longer used"


def test_every_string_is_translated():
    untranslated = [
        key for key, done in entries(CATALOGUE.read_text()).items() if not done
    ]
    assert untranslated == []


def test_the_compiled_catalogue_is_compilemessages_own(tmp_path):
    needs_gettext()
    compiled = tmp_path / "django.mo"
    subprocess.run(
        ["msgfmt", "--check-format", "-o", compiled, CATALOGUE],
        check=True,
        capture_output=True,
    )
    assert compiled.read_bytes() == COMPILED.read_bytes(), (
        "run `make messages`: locale/ko/LC_MESSAGES/django.mo is out of date"
    )
