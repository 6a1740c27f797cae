"""A keyboard reader reaches the comment form in a few presses of Tab, not by
tabbing through every comment (85 presses before the link near the top)."""

import pytest
from django.contrib.auth import get_user_model

from debates.participation.accounts import register_reader
from tests.browser.conftest import VIEWPORTS, sign_in
from tests.builders import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREAD = "/debates/us-troops-in-south-korea/"


def _tab_until(page, name, limit=40):
    """Press Tab until the focused element's text is `name`; the presses taken."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return presses
    raise AssertionError(f"“{name}” was not reached in {limit} presses of Tab")


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_keyboard_reader_reaches_the_form_from_the_top(
    site, open_page, screenshot, viewport
):
    register_reader(username="kim", password=PASSWORD, name="Kim", place="Busan")
    assert get_user_model().objects.filter(username="kim").exists()
    page = open_page(viewport)
    sign_in(page, site, "kim")
    page.goto(site + THREAD)
    presses = _tab_until(page, "Join the debate")
    assert presses <= 25
    screenshot(
        page,
        f"join-link-focused-{VIEWPORTS[viewport]['width']}",
        around=page.locator(".join-link"),
    )
    page.keyboard.press("Enter")
    # The next stop is in the comment form: the stance choices, then the text.
    page.keyboard.press("Tab")
    inside_form = page.evaluate("document.activeElement.closest('#join') !== null")
    assert inside_form
