"""Every page type, as served, is valid HTML by the Nu Html Checker's judgement:
signed out, signed in, moderating, in the admin, and the error pages."""

import pytest

from tests.page_types import every_page_type
from tests.validators import needs_nu_checker, nu_errors

pytestmark = pytest.mark.django_db


def test_every_page_type_is_valid_html(thread, reader, moderator, rule):
    needs_nu_checker()
    pages = every_page_type(thread, reader, moderator, rule)
    assert (
        b"<title>Close debates | Revived Debates</title>"
        in pages["admin close, asking why"]
    )
    assert len(pages) == 66
    assert nu_errors(pages) == {name: [] for name in pages}
