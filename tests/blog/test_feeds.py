"""RSS and Atom feeds, as a feed reader parses them."""

import datetime

import feedparser
import pytest

from django.utils import timezone

from tests.factories import BlogPageFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "content_type", "version"),
    [
        ("/blog/feed/", "application/rss+xml; charset=utf-8", "rss20"),
        ("/blog/feed/atom/", "application/atom+xml; charset=utf-8", "atom10"),
    ],
)
def test_feed_lists_the_newest_posts_with_absolute_links(
    client, site_tree, url, content_type, version
):
    newest = site_tree.posts[0]

    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    feed = feedparser.parse(response.content)
    assert feed.version == version
    assert not feed.bozo, feed.bozo_exception
    assert [entry.title for entry in feed.entries] == [post.title for post in site_tree.posts]
    first = feed.entries[0]
    assert first.link == f"http://testserver{newest.url}"
    assert first.summary == newest.intro
    assert feed.feed.link.startswith("http://testserver/blog/")


def test_feed_holds_the_newest_20_and_no_drafts(client, site_tree):
    today = timezone.localdate()
    # Dated out of the order they are made in: a permutation of 0..24 days old.
    for n in range(25):
        BlogPageFactory(parent=site_tree.blog, date=today - datetime.timedelta(days=7 * n % 25))
    BlogPageFactory(parent=site_tree.blog, title="A draft nobody should see", live=False)

    feed = feedparser.parse(client.get("/blog/feed/").content)

    assert len(feed.entries) == 20
    assert "A draft nobody should see" not in [entry.title for entry in feed.entries]
    dates = [entry.published_parsed for entry in feed.entries]
    assert dates == sorted(dates, reverse=True)
    assert dates[-1][:3] >= (today - datetime.timedelta(days=19)).timetuple()[:3]


@pytest.mark.parametrize("page", ["home", "contact", "post"])
def test_every_page_advertises_both_feeds(client, site_tree, page):
    url = {"home": "/", "contact": site_tree.contact.url, "post": site_tree.posts[0].url}[page]

    soup = parse(client.get(url))

    alternates = {link["type"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    assert alternates == {
        "application/rss+xml": "/blog/feed/",
        "application/atom+xml": "/blog/feed/atom/",
    }
