"""Search engines find every debate and article through the sitemap and robots.txt."""

from xml.etree import ElementTree

from debates.models import Article, Comment
from debates.participation.posting import post_comment

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


def test_sitemap_lists_the_home_page_every_debate_article_and_author(
    client, thread, make_debate
):
    other = make_debate(title="Another question")
    entries = sitemap_entries(client)
    authors = {comment.author for comment in thread.comments.all()}
    expected = {
        "http://testserver/",
        f"http://testserver{thread.get_absolute_url()}",
        f"http://testserver{other.get_absolute_url()}",
        *(
            f"http://testserver{article.get_absolute_url()}"
            for article in Article.objects.all()
        ),
        *(f"http://testserver{author.get_absolute_url()}" for author in authors),
    }
    in_korean = {url.replace("testserver/", "testserver/ko/", 1) for url in expected}
    assert set(entries) == expected | in_korean
    assert len(entries) == 2 * (5 + len(authors))


def test_an_author_with_nothing_published_is_not_listed(client, thread, reader):
    post_comment(debate=thread, author=reader.author, body="Mine.")
    assert f"http://testserver{reader.author.get_absolute_url()}" in sitemap_entries(
        client
    )
    thread.comments.filter(author=reader.author).update(status=Comment.Status.REMOVED)
    assert f"http://testserver{reader.author.get_absolute_url()}" not in (
        sitemap_entries(client)
    )


def test_every_entry_is_dated_as_precisely_as_it_is_known(client, thread):
    entries = sitemap_entries(client)
    dated = {
        loc: lastmod.text for loc, lastmod in entries.items() if lastmod is not None
    }
    for article in Article.objects.all():
        loc = f"http://testserver{article.get_absolute_url()}"
        if article.published_on_precision == "day":
            assert dated[loc] == article.published_on.isoformat()
        else:
            assert loc not in dated
    latest_debate = dated[f"http://testserver{thread.get_absolute_url()}"]
    assert dated["http://testserver/"] == latest_debate
    archived = thread.comments.get(position=1).author
    assert dated[f"http://testserver{archived.get_absolute_url()}"] == (
        archived.created_at.date().isoformat()
    )


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
