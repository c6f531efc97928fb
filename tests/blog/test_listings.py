"""The blog index, tag and category listings."""

import pytest

from tests.factories import BlogCategoryFactory, BlogPageFactory, ImageFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(site_tree):
    return site_tree.blog


def card_titles(response):
    return [a.get_text(strip=True) for a in parse(response).select(".post-card__title a")]


def test_cards_show_title_date_excerpt_reading_time_and_category(client, site_tree):
    newest = site_tree.posts[0]

    card = parse(client.get("/blog/")).select_one(".post-card")

    assert card.select_one(".post-card__title a")["href"] == newest.url
    assert card.select_one(".post-card__title a").get_text(strip=True) == newest.title
    meta = card.select_one(".post-card__meta").get_text(" ", strip=True)
    assert card.find("time")["datetime"] == newest.date.isoformat()
    assert "1 min read" in meta
    assert site_tree.category.name in meta
    assert card.select_one(".post-card__intro").get_text(strip=True) == newest.intro


def test_card_shows_the_hero_image_with_size_attributes(client, site_tree):
    post = site_tree.posts[0]
    post.hero_image = ImageFactory()
    post.save_revision().publish()

    card = parse(client.get("/blog/")).select_one(".post-card")
    picture = card.find("picture")

    assert {s["type"] for s in picture.find_all("source")} == {"image/avif", "image/webp"}
    img = picture.find("img")
    assert img["width"] and img["height"]
    assert img["alt"] == ""  # The card's title says what the image would.
    # The first card is on screen at once, so its image is not lazy.
    assert img.get("loading") != "lazy"


def test_tag_listing_shows_only_posts_with_that_tag(client, blog):
    tagged = BlogPageFactory(parent=blog, tags=["TMS"])
    BlogPageFactory(parent=blog, tags=["Sleep"])

    response = client.get("/blog/tag/tms/")

    assert response.status_code == 200
    assert card_titles(response) == [tagged.title]
    assert parse(response).h1.get_text(strip=True) == "Tagged “TMS”"


def test_category_listing_shows_only_posts_in_that_category(client, blog):
    category = BlogCategoryFactory(name="Brain stimulation", slug="brain-stimulation")
    in_category = [BlogPageFactory(parent=blog, categories=[category]) for _ in range(3)]
    elsewhere = BlogPageFactory(parent=blog, categories=[BlogCategoryFactory()])

    response = client.get("/blog/category/brain-stimulation/")

    assert response.status_code == 200
    assert sorted(card_titles(response)) == sorted(post.title for post in in_category)
    assert elsewhere.title not in card_titles(response)
    assert parse(response).h1.get_text(strip=True) == "Brain stimulation"


@pytest.mark.parametrize(
    "url", ["/blog/tag/no-such-tag/", "/blog/category/no-such-category/", "/blog/tag/%20/"]
)
def test_unknown_tag_or_category_is_404(client, blog, url):
    assert client.get(url).status_code == 404


def test_empty_category_says_so(client, blog):
    BlogCategoryFactory(name="Research", slug="research")

    response = client.get("/blog/category/research/")

    assert response.status_code == 200
    assert "No posts have been published here yet." in response.content.decode()


def test_tag_listing_is_paginated_and_tolerates_bad_page_numbers(client, blog):
    for _ in range(12):
        BlogPageFactory(parent=blog, tags=["Sleep"])

    first = client.get("/blog/tag/sleep/")
    second = client.get("/blog/tag/sleep/", {"page": 2})
    bad = client.get("/blog/tag/sleep/", {"page": "abc"})

    assert len(card_titles(first)) == 10
    assert len(card_titles(second)) == 2
    assert bad.status_code == 200
    assert card_titles(bad) == card_titles(first)


def test_tag_of_a_draft_post_only_is_404(client, blog):
    BlogPageFactory(parent=blog, live=False, tags=["Secret"])

    assert client.get("/blog/tag/secret/").status_code == 404


def test_second_page_has_its_own_canonical_url(client, site_tree):
    for _ in range(11 - len(site_tree.posts)):
        BlogPageFactory(parent=site_tree.blog)

    soup = parse(client.get("/blog/", {"page": 2}))

    assert soup.find("link", rel="canonical")["href"] == "http://testserver/blog/?page=2"
