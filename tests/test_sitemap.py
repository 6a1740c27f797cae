"""Search engines find every debate and article through the sitemap and robots.txt."""

from xml.etree import ElementTree

from debates.models import Article

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def sitemap_entries(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    root = ElementTree.fromstring(response.content)
    return {
        url.find(f"{SITEMAP}loc").text: url.find(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }


def test_sitemap_lists_every_debate_and_article_at_full_addresses(
    client, thread, make_debate
):
    other = make_debate(title="Another question")
    entries = sitemap_entries(client)
    expected = {
        f"http://testserver{thread.get_absolute_url()}",
        f"http://testserver{other.get_absolute_url()}",
        *(
            f"http://testserver{article.get_absolute_url()}"
            for article in Article.objects.all()
        ),
    }
    assert set(entries) == expected
    assert len(entries) == 4


def test_a_debate_is_dated_by_its_latest_change(client, thread, make_comments):
    (comment,) = make_comments(thread, 1, start=41)
    entries = sitemap_entries(client)
    lastmod = entries[f"http://testserver{thread.get_absolute_url()}"].text
    assert lastmod == comment.posted_at.date().isoformat()


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_private_pages(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain"
    lines = response.content.decode().splitlines()
    assert "User-agent: *" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    for private in [
        "/admin/",
        "/moderation/",
        "/accounts/",
        "/search/",
        "/notifications/",
    ]:
        assert f"Disallow: {private}" in lines
    assert "Disallow: /" not in lines


def test_robots_txt_gives_the_https_address_over_https(client, db):
    response = client.get("/robots.txt", secure=True)
    assert "Sitemap: https://testserver/sitemap.xml" in response.content.decode()
