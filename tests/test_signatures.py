"""A reader changes the signature they post under: earlier comments keep the one
they were posted under unless the reader re-signs them, and moderators see the
change."""

import datetime
import re

import pytest
from django.test import Client, TestCase
from django.utils import timezone

from debates.models import Comment, SignatureChange
from debates.participation.posting import post_comment
from debates.privacy import closing
from tests.builders import PASSWORD

THREAD_URL = "/debates/us-troops-in-south-korea/"


@pytest.fixture
def ana(make_reader):
    return make_reader(name="Ana", place="Porto", username="ana")


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def change(user, name, place, resign=False):
    data = {"name": name, "place": place}
    if resign:
        data["resign"] = "on"
    return signed_in(user).post("/accounts/signature/", data, follow=True)


def structured_data(page):
    """The page's JSON-LD, as text."""
    return "\n".join(
        re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    )


def test_earlier_comments_keep_the_signature_they_were_posted_under(
    thread, ana, client, moderator_client
):
    earlier = post_comment(debate=thread, author=ana.author, body="First, as Ana.")
    response = change(ana, "Ana Souza", "Lisbon")
    assert "earlier ones keep the signature they were posted under" in (
        response.content.decode()
    )
    later = post_comment(debate=thread, author=ana.author, body="Then as Ana Souza.")
    page = client.get(THREAD_URL).content.decode()
    first = page[page.index("First, as Ana.") :]
    assert "<bdi>Ana</bdi></strong></a>, <bdi>Porto</bdi>" in first[:2000]
    second = page[page.index("Then as Ana Souza.") :]
    assert "<bdi>Ana Souza</bdi></strong></a>, <bdi>Lisbon</bdi>" in second[:2000]
    feed = client.get(f"{THREAD_URL}comments.rss").content.decode()
    assert "Ana, Porto on US troop cuts" in feed
    assert "Ana Souza, Lisbon on US troop cuts" in feed
    data = structured_data(
        client.get(earlier.get_absolute_url(), follow=True).content.decode()
    )
    assert '"Ana"' in data and '"Porto"' in data
    assert Comment.objects.get(pk=later.pk).signature == "Ana Souza, Lisbon"

    (record,) = SignatureChange.objects.all()
    assert str(record) == "Ana, Porto → Ana Souza, Lisbon"
    assert record.resigned is False
    listing = moderator_client.get("/admin/debates/signaturechange/")
    assert listing.status_code == 200
    assert "Ana, Porto → Ana Souza, Lisbon" in listing.content.decode()


def test_re_signing_puts_the_new_signature_on_every_comment(thread, ana, client):
    post_comment(debate=thread, author=ana.author, body="First, as Ana.")
    change(ana, "Ana Souza", "Lisbon")
    response = change(ana, "Ana S.", "Lisbon", resign=True)
    assert "earlier ones too, are now signed that way" in response.content.decode()
    page = client.get(THREAD_URL).content.decode()
    first = page[page.index("First, as Ana.") :]
    assert "<bdi>Ana S.</bdi></strong></a>, <bdi>Lisbon</bdi>" in first[:2000]
    assert "<bdi>Porto</bdi>" not in page
    assert SignatureChange.objects.count() == 2


@pytest.mark.parametrize(
    ("name", "place", "problem"),
    [
        ("Matt", "San Francisco, USA", "Someone already signs as “Matt, San Francisco"),
        ("Ｍａｔｔ", "", "full-width or other look-alike characters"),
        ("", "Lisbon", "This field is required."),
    ],
)
def test_a_signature_that_is_taken_or_unclear_is_refused(
    thread, ana, name, place, problem
):
    response = change(ana, name, place)
    assert response.status_code == 400
    assert problem in response.content.decode()
    ana.author.refresh_from_db()
    assert (ana.author.name, ana.author.place) == ("Ana", "Porto")
    assert not SignatureChange.objects.exists()


def test_a_signature_earlier_comments_still_carry_is_not_free_for_others(
    thread, ana, make_reader
):
    post_comment(debate=thread, author=ana.author, body="First, as Ana.")
    change(ana, "Ana Souza", "Lisbon")
    bea = make_reader(name="Bea", place="Faro", username="bea")
    response = change(bea, "Ana", "Porto")
    assert "Someone already signs as “Ana, Porto”" in response.content.decode()
    # Ana herself may take it back.
    assert change(ana, "Ana", "Porto").status_code == 200


def test_closing_the_account_erases_every_signature_it_ever_had(thread, ana, client):
    post_comment(debate=thread, author=ana.author, body="First, as Ana.")
    change(ana, "Ana Souza", "Lisbon")
    with TestCase.captureOnCommitCallbacks(execute=True):
        signed_in(ana).post(
            "/accounts/close/", {"comments": "keep", "password": PASSWORD}
        )
        closing.erase_due_accounts(timezone.now() + datetime.timedelta(days=8))
    page = client.get(THREAD_URL).content.decode()
    assert "First, as Ana." in page
    assert "Porto" not in page and "Ana Souza" not in page
    assert not SignatureChange.objects.exists()
