"""Staff sign in with a second factor: an authenticator app, or a recovery code."""

import re

import pytest
from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.builders import PASSWORD

STAFF_PAGES = ["/admin/", "/moderation/", "/admin/debates/comment/"]


def code_for(device, steps_ahead=0):
    """The code the device's app shows now (or `steps_ahead` 30 s steps later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + steps_ahead * device.step
    return f"{totp.token():06d}"


def signed_in_with_password(user):
    browser = Client()
    response = browser.post(
        "/accounts/login/", {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302
    return browser


@pytest.fixture
def required(settings):
    settings.FORUM_STAFF_TWO_FACTOR = True


@pytest.fixture
def enrolled_moderator(moderator):
    """A moderator with a confirmed authenticator and recovery codes."""
    browser = signed_in_with_password(moderator)
    browser.get("/accounts/two-factor/")
    device = TOTPDevice.objects.get(user=moderator)
    page = browser.post("/accounts/two-factor/", {"code": code_for(device)})
    codes = re.findall(r"<li>([a-z0-9]{8})</li>", page.content.decode())
    return moderator, codes


def test_enrolling_shows_the_key_and_recovery_codes_once(moderator, settings):
    # django-otp makes a code wait after a wrong one; not this test's subject.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    browser = signed_in_with_password(moderator)
    page = browser.get("/accounts/two-factor/").content.decode()
    assert "Set up two-factor sign-in" in page
    assert "otpauth://totp/Revived%20Debates%3Amoderator?secret=" in page
    device = TOTPDevice.objects.get(user=moderator)
    assert not device.confirmed

    wrong = browser.post("/accounts/two-factor/", {"code": "000000"})
    assert "That code is not the one the app shows now." in wrong.content.decode()
    done = browser.post("/accounts/two-factor/", {"code": code_for(device)})
    page = done.content.decode()
    assert "Your recovery codes" in page
    assert len(re.findall(r"<li>[a-z0-9]{8}</li>", page)) == 10
    device.refresh_from_db()
    assert device.confirmed
    again = browser.get("/accounts/two-factor/").content.decode()
    assert "Your recovery codes" not in again
    assert "signs in with a password and a code" in again


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_with_two_factors_required_a_password_alone_does_not_open_staff_pages(
    enrolled_moderator, required, page
):
    moderator, _codes = enrolled_moderator
    browser = signed_in_with_password(moderator)
    response = browser.get(page)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/verify/?next=")


def test_the_admins_own_sign_in_needs_the_second_factor_too(
    enrolled_moderator, required
):
    moderator, _codes = enrolled_moderator
    browser = Client()
    signed_in = browser.post(
        "/admin/login/?next=/admin/",
        {"username": moderator.username, "password": PASSWORD, "next": "/admin/"},
    )
    assert signed_in.status_code == 302
    assert browser.get("/admin/")["Location"].startswith("/accounts/two-factor/")


def test_a_code_from_the_app_opens_the_staff_pages(enrolled_moderator, required):
    moderator, _codes = enrolled_moderator
    browser = signed_in_with_password(moderator)
    device = TOTPDevice.objects.get(user=moderator)
    passed = browser.post(
        "/accounts/two-factor/verify/",
        {"code": code_for(device, steps_ahead=1), "next": "/admin/"},
    )
    assert passed["Location"] == "/admin/"
    assert browser.get("/admin/").status_code == 200
    assert browser.get("/moderation/").status_code == 200


def test_a_recovery_code_works_once(enrolled_moderator, required):
    moderator, codes = enrolled_moderator
    first = signed_in_with_password(moderator)
    assert (
        first.post("/accounts/two-factor/verify/", {"code": codes[0]}).status_code
        == 302
    )
    assert first.get("/moderation/").status_code == 200
    second = signed_in_with_password(moderator)
    refused = second.post("/accounts/two-factor/verify/", {"code": codes[0]})
    assert "That code is not right, or was used already." in refused.content.decode()
    assert second.get("/moderation/").status_code == 302


def test_staff_without_a_device_are_sent_to_enrol(moderator, required):
    browser = signed_in_with_password(moderator)
    response = browser.get("/moderation/")
    assert response["Location"].startswith("/accounts/two-factor/?next=")


def test_guessing_codes_is_limited(enrolled_moderator, required):
    moderator, _codes = enrolled_moderator
    browser = signed_in_with_password(moderator)
    statuses = [
        browser.post("/accounts/two-factor/verify/", {"code": f"{n:06d}"}).status_code
        for n in range(5)
    ]
    # Five codes per account in 15 minutes, enrolling's first code among them.
    assert statuses == [200] * 4 + [429]


def test_without_the_setting_a_password_is_enough(enrolled_moderator):
    moderator, _codes = enrolled_moderator
    assert signed_in_with_password(moderator).get("/moderation/").status_code == 200


def test_readers_have_no_two_factor_pages(reader_client):
    assert reader_client.get("/accounts/two-factor/").status_code == 404


def test_a_code_too_soon_after_a_wrong_one_says_how_long_to_wait(
    enrolled_moderator, required
):
    moderator, _codes = enrolled_moderator
    browser = signed_in_with_password(moderator)
    browser.post("/accounts/two-factor/verify/", {"code": "000000"})
    device = TOTPDevice.objects.get(user=moderator)
    page = browser.post(
        "/accounts/two-factor/verify/", {"code": code_for(device, steps_ahead=1)}
    ).content.decode()
    assert "After a wrong code, the next one waits a little: try again in" in page
