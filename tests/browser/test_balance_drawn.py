"""The balance of opinion as Chromium draws it, under the site's own CSP.

The bar was once drawn with inline widths, which the Content-Security-Policy blocks:
65 / 15 / 20 % came out as about 36 / 31 / 22 % of the bar. Only measuring what the
browser lays out shows that, so these tests read the segments' boxes.
"""

import pytest

from tests.browser.conftest import VIEWPORTS

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

THREAD = "/debates/us-troops-in-south-korea/"


def drawn_shares(page):
    """Each segment's share of its bar, in percent, as laid out, per bar."""
    return page.evaluate(
        """() => [...document.querySelectorAll('.balance-bar')].map(bar => {
            const whole = bar.getBoundingClientRect().width;
            return [...bar.querySelectorAll('.balance-segment')].map(
                s => 100 * s.getBoundingClientRect().width / whole);
        })"""
    )


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_2004_balance_is_drawn_at_65_15_20(site, open_page, viewport):
    page = open_page(viewport)
    errors = []
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if message.type == "error" else None
        ),
    )
    response = page.goto(site + THREAD)
    assert "style-src 'self'" in response.headers["content-security-policy"]
    archive = drawn_shares(page)[0]
    assert archive == pytest.approx([65, 15, 20], abs=0.5)
    assert sum(archive) == pytest.approx(100, abs=0.1)
    # No CSP violation, and no missing file (the icon was one).
    assert errors == []
