"""Every page type in Korean speaks Korean: no English interface string is left,
only the content that is English (the archived comments, names, article titles),
which carries lang="en" or is a signature."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation

from debates.models import (
    Article,
    Author,
    Comment,
    Debate,
    HouseRule,
    ReviewRequest,
    Stance,
)
from tests.page_types import every_page_type

pytestmark = pytest.mark.django_db

# Words no Korean interface sentence holds, but nearly every English one does.
WORDS = """
the and of to in is are was were for on with your you this that it its by at as
be or not from has have will can all more here there what who when which our we
my their them they his her would should could been being into than then also
only just about after before while until because if so but how why where comment
comments debate debates reply replies report reports sign signed account
password search stance stances follow following page next previous edit delete
cancel save post posted send queue approve approved reject rejected remove
removed restore restored close closed open archived moderator moderators
moderation rule rules privacy email emails read back home language skip content
feed new change history audit name place review choose show hide keep
"""
ENGLISH = frozenset(WORDS.split())
# Not content, yet rightly untranslated: the forum's name and feed formats.
KEPT = {
    "Revived Debates",
    "RSS",
    "Atom",
    "1Password",
    # The columns of a rules file, and an address's parameter, as typed.
    "pattern, action, house_rule, applies_to_staff, note",
    "house_rule",
    "applies_to_staff",
    "?stance=KEY",
}
SKIPPED_ELEMENTS = {"script", "style", "textarea", "bdi", "code", "pre", "option"}
ATTRIBUTES = {"title", "aria-label", "placeholder", "alt"}
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


class InterfaceText(HTMLParser):
    """The text a Korean reader meets that is not content in another language."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = []
        self.found = []

    def _skipping(self):
        return any(skip for _tag, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        lang = attrs.get("lang") or ""
        skip = (
            tag in SKIPPED_ELEMENTS
            or lang.startswith("en")
            or "result_list" in (attrs.get("id") or "")
        )
        if not (skip or self._skipping()):
            for name in ATTRIBUTES & attrs.keys():
                self.found.append(attrs[name] or "")
            if tag == "input" and attrs.get("type") in ("submit", "button"):
                self.found.append(attrs.get("value") or "")
            if tag == "meta" and attrs.get("name") == "description":
                self.found.append(attrs.get("content") or "")
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, _skip = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        if data.strip() and not self._skipping():
            self.found.append(data)


def content_in_english():
    """What the forum shows in English because its writers wrote it so: the
    archived comments and their signatures, the articles, the debates' own
    English, the house rules, the test's own comments."""
    texts = set(KEPT)
    for article in Article.objects.all():
        for field in Article._meta.concrete_fields:
            value = getattr(article, field.attname)
            if isinstance(value, str):
                texts |= set(value.splitlines())
    for debate in Debate.objects.all():
        texts |= {debate.title, debate.question, debate.source_name}
        texts |= set(debate.introduction.split("\n\n"))
        texts |= set(debate.archive_notice.splitlines())
    for author in Author.objects.all():
        texts |= {author.name, author.place, author.signature}
    for stance in Stance.objects.all():
        texts.add(stance.label)
    for review in ReviewRequest.objects.all():
        texts.add(review.note)
    for comment in Comment.objects.select_related("author"):
        texts |= {comment.signature, comment.highlight, comment.quote, str(comment)}
        texts |= set(comment.body.split("\n"))
    for rule in HouseRule.objects.all():
        texts |= {str(rule), rule.title, rule.text}
    return sorted((" ".join(text.split()) for text in texts if text), key=len)[::-1]


def is_content(text, content):
    """Whether `text` is a passage of content, cut short ("…") where a list shows
    its start."""
    bare = text.strip(" .…·:,")
    return len(bare) >= 8 and any(bare in written for written in content)


def english_left(html, content):
    parser = InterfaceText()
    parser.feed(html)
    left = []
    for text in parser.found:
        text = " ".join(text.split())
        if is_content(text, content):
            continue
        for written in content:
            if len(written) >= 4:
                text = text.replace(written, " ")
        if is_content(text, content):
            continue
        words = {word.lower() for word in re.findall(r"[A-Za-z]+", text)}
        if words & ENGLISH:
            left.append(" ".join(text.split())[:120])
    return left


def test_every_page_type_in_korean_has_no_english_interface_left(
    thread, reader, moderator, rule
):
    with translation.override("ko"):
        pages = every_page_type(thread, reader, moderator, rule)
        # A comment's name in the admin is its signature and opening words; a
        # signature is written as Korean writes one ("Sam(Leeds)").
        comments_named = {str(comment) for comment in Comment.objects.all()}
        content = sorted({*content_in_english(), *comments_named}, key=len)[::-1]
    # The email's lines are the test's own text; its frame is checked by the
    # reply email's test.
    del pages["notification email"]
    assert len(pages) == 65
    left = {name: english_left(page.decode(), content) for name, page in pages.items()}
    assert {name: found for name, found in left.items() if found} == {}
