"""The templates quote every attribute that holds data, and never mark text safe."""

import re
from pathlib import Path

import pytest

TEMPLATES = sorted(
    (Path(__file__).resolve().parent.parent / "templates").rglob("*.html")
)

# An attribute whose value starts with a template variable or tag but has no quote,
# e.g. <a href={{ url }}>. Autoescaping does not protect it: a space ends the value.
# (A query string inside a quoted value, "?next={{ ... }}", is preceded by ? or &.)
UNQUOTED_ATTRIBUTE = re.compile(r"""\s[\w-]+=\{[{%]""")
# A data block (schema.org's JSON-LD) is never run, so the CSP does not govern it.
INLINE_SCRIPT = re.compile(
    r'<script(?![^>]*\b(?:src=|type="application/ld\+json"))[^>]*>', re.IGNORECASE
)
EVENT_HANDLER = re.compile(r"\son[a-z]+=", re.IGNORECASE)


def test_there_are_templates_to_scan():
    assert len(TEMPLATES) > 20


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_template_quotes_attributes_and_marks_nothing_safe(template):
    source = template.read_text(encoding="utf-8")
    assert not UNQUOTED_ATTRIBUTE.search(source), "unquoted attribute value"
    assert "|safe" not in source, "|safe on template data"
    assert "{% autoescape off" not in source
    assert not INLINE_SCRIPT.search(source), "inline script (the CSP forbids it)"
    assert not EVENT_HANDLER.search(source), "inline event handler"


def test_the_scanner_catches_what_it_looks_for():
    assert UNQUOTED_ATTRIBUTE.search("<a href={{ url }}>")
    assert UNQUOTED_ATTRIBUTE.search("<p class={% if x %}a{% endif %}>")
    assert not UNQUOTED_ATTRIBUTE.search('<a href="{{ url }}">')
    assert not UNQUOTED_ATTRIBUTE.search('<a href="/login/?next={{ next }}">')
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/x.js"></script>')
    assert EVENT_HANDLER.search('<img onerror="x">')
