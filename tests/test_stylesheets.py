"""Our stylesheet parses as written: a rule left open swallows every rule after it."""

import re
from pathlib import Path

STYLESHEET = Path(__file__).resolve().parent.parent / "static" / "css" / "site.css"


def open_rules(css):
    """The selectors of rules that open inside another rule (CSS nesting reads them
    as descendants, so they silently stop matching), and the blocks left open at the
    end. At-rules such as @media may hold rules; rules may not."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    stack, nested, prelude = [], [], ""
    for character in css:
        if character == "{":
            selector = " ".join(prelude.split())
            if stack and stack[-1] == "rule":
                nested.append(selector)
            stack.append("at-rule" if selector.startswith("@") else "rule")
            prelude = ""
        elif character == "}":
            if not stack:
                return nested, -1
            stack.pop()
            prelude = ""
        elif character == ";":
            prelude = ""
        else:
            prelude += character
    return nested, len(stack)


def test_every_rule_in_the_stylesheet_is_closed_before_the_next():
    nested, left_open = open_rules(STYLESHEET.read_text())
    assert nested == []
    assert left_open == 0


def test_the_check_finds_a_rule_left_open():
    css = ".a {\n  color: red;\n\n.b {\n  color: blue;\n}\n@media (x) {\n  .c {}\n}\n"
    assert open_rules(css) == ([".b", "@media (x)"], 1)
    assert open_rules("@media (x) { .c { color: red; } }") == ([], 0)
