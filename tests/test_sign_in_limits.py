"""Password guessing at every sign-in page runs out of tries long before the
account's owner can be locked out."""

import ipaddress

import pytest
from django.test import Client

from tests.builders import PASSWORD

SIGN_IN_PAGES = ["/accounts/login/", "/admin/login/"]


def sign_in(address, username, password, page="/accounts/login/"):
    return Client(REMOTE_ADDR=address).post(
        page, {"username": username, "password": password}
    )


@pytest.fixture
def limits(settings):
    """Small limits, to be reached in a few requests: 3 wrong passwords per
    username from one address, 6 per address, 8 per username from everywhere."""

    def set_limits(per_pair=3, per_address=6, ceiling=8):
        settings.FORUM_RATE_LIMITS = {
            **settings.FORUM_RATE_LIMITS,
            "signin": (per_pair, per_address, 900),
        }
        settings.FORUM_SIGNIN_USERNAME_CEILING = (ceiling, 3600)

    set_limits()
    return set_limits


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_guessing_from_one_address_stops_even_the_right_password(
    moderator, limits, page
):
    statuses = [
        sign_in("10.0.0.1", "moderator", f"guess{n}", page).status_code
        for n in range(3)
    ]
    assert statuses == [200, 200, 200]
    # The limit does not reveal which password is right: the right one waits too.
    refused = sign_in("10.0.0.1", "moderator", PASSWORD, page)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "Slow down a little" in refused.content.decode()


@pytest.mark.parametrize("page", SIGN_IN_PAGES)
def test_thirty_wrong_passwords_do_not_open_the_admin(moderator, page):
    for n in range(30):
        sign_in("10.0.0.1", "moderator", f"guess{n}", page)
    assert sign_in("10.0.0.1", "moderator", PASSWORD, page).status_code == 429


def test_a_guesser_elsewhere_does_not_lock_the_owner_out(reader, limits):
    for address in ["10.0.0.1", "10.0.0.2"]:
        for n in range(4):
            sign_in(address, reader.username, f"guess{n}")
    assert sign_in("10.0.0.1", reader.username, PASSWORD).status_code == 429
    # The owner, at home, still signs in.
    assert sign_in("192.0.2.7", reader.username, PASSWORD).status_code == 302


def test_guessing_from_many_addresses_meets_a_ceiling_for_the_username(reader, limits):
    statuses = [
        sign_in(f"10.0.0.{address}", reader.username, "guess").status_code
        for address in range(1, 5)
        for _try in range(3)
    ]
    # 3 tries from each of 4 addresses; the ceiling of 8 stops the last four.
    assert statuses == [200] * 8 + [429] * 4
    assert sign_in("192.0.2.7", reader.username, PASSWORD).status_code == 429


def test_attempts_refused_at_one_address_do_not_reach_the_ceiling(reader, limits):
    """One address hammering away spends only its own tries: the owner's ceiling
    counts only attempts the per-address limits let through."""
    for n in range(50):
        sign_in("10.0.0.1", reader.username, f"guess{n}")
    assert sign_in("192.0.2.7", reader.username, PASSWORD).status_code == 302


def test_signing_in_spends_no_tries(reader, limits):
    limits(per_pair=2)
    for _day in range(5):
        assert sign_in("10.0.0.1", reader.username, PASSWORD).status_code == 302
    # Only wrong passwords use the two tries up.
    statuses = [
        sign_in("10.0.0.1", reader.username, "typo").status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]


FULL_WIDTH_R = "\uff52"


@pytest.mark.parametrize("typed", [FULL_WIDTH_R + "eader-x", "READER-X", " reader-x "])
def test_a_username_spends_its_tries_however_it_is_typed(make_reader, limits, typed):
    """Django's sign-in reads a full-width r as r (NFKC): the same account."""
    make_reader(username="reader-x")
    for n in range(3):
        sign_in("10.0.0.1", "reader-x", f"guess{n}")
    assert sign_in("10.0.0.1", typed, PASSWORD).status_code == 429


def test_one_address_is_limited_across_usernames(db, limits):
    statuses = [sign_in("10.0.0.1", f"user{n}", "x").status_code for n in range(7)]
    assert statuses == [200] * 6 + [429]


def test_a_forged_forwarded_address_from_outside_the_proxies_is_ignored(
    reader, limits, settings
):
    """Behind one proxy, a client reaching the app server directly cannot choose
    the address it is counted under by sending X-Forwarded-For."""
    settings.FORUM_TRUSTED_PROXIES = 1
    statuses = [
        Client(REMOTE_ADDR="203.0.113.9", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
        .post("/accounts/login/", {"username": reader.username, "password": "g"})
        .status_code
        for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]


def test_the_proxys_forwarded_address_is_the_one_counted(reader, limits, settings):
    settings.FORUM_TRUSTED_PROXIES = 1
    settings.FORUM_PROXY_NETWORKS = [ipaddress.ip_network("10.0.0.0/8")]

    def through_proxy(client_address):
        return Client(
            REMOTE_ADDR="10.1.2.3",
            HTTP_X_FORWARDED_FOR=f"forged, {client_address}",
        ).post("/accounts/login/", {"username": reader.username, "password": "g"})

    statuses = [through_proxy(f"198.51.100.{n // 3}").status_code for n in range(6)]
    # Three tries from each of two readers' addresses, counted apart.
    assert statuses == [200] * 6
    assert through_proxy("198.51.100.0").status_code == 429
