"""What a reader sees on a post: authors, dates, reading time, contents, topics, related posts."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from blog.models import BlogCategory, BlogIndexPage, BlogPage, BlogPageAuthor
from tests.factories import BlogPageFactory, ImageFactory, StandardPageFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

ARTICLE = "/blog/treatment-resistant-depression/"


@pytest.fixture
def blog(site_content):
    return BlogIndexPage.objects.get()


@pytest.fixture
def article(blog):
    return BlogPage.objects.get(slug="treatment-resistant-depression")


def related_hrefs(client, url):
    section = parse(client.get(url)).find("section", class_="related-posts")
    return [a["href"] for a in section.select(".post-card__title a")] if section else []


def test_table_of_contents_links_to_every_section(client, article):
    toc = parse(client.get(ARTICLE)).find("nav", class_="toc")

    links = [(a["href"], a.get_text()) for a in toc.find_all("a")]
    assert links[0] == (
        "#what-is-treatment-resistant-depression",
        "What Is Treatment-Resistant Depression?",
    )
    assert len(links) == 5
    soup = parse(client.get(ARTICLE))
    for href, _ in links:
        assert soup.find(id=href[1:]) is not None


def test_published_date(client, article):
    meta = parse(client.get(ARTICLE)).select_one(".article__meta").get_text(" ", strip=True)
    assert f"Published {article.date:%B} {article.date.day}, {article.date.year}" in meta


@pytest.mark.parametrize(("words", "minutes"), [(20, 1), (390, 2), (410, 3)])
def test_reading_time_at_200_words_a_minute(client, blog, words, minutes):
    # The intro has 4 words; the body makes up the rest.
    body_words = " ".join(["word"] * (words - 4))
    post = BlogPageFactory(
        parent=blog,
        intro="A short summary here.",
        body=[{"type": "paragraph", "value": f"<p>{body_words}</p>"}],
    )

    meta = parse(client.get(post.url)).select_one(".article__meta").get_text(" ", strip=True)

    assert f"{minutes} min read" in meta


def test_updated_date_shows_only_after_a_later_republish(client, article):
    assert "Updated" not in parse(client.get(ARTICLE)).select_one(".article__meta").get_text()

    article.date = timezone.localdate() - datetime.timedelta(days=30)
    article.save_revision().publish()

    meta = parse(client.get(ARTICLE)).select_one(".article__meta").get_text(" ", strip=True)
    assert "Updated" in meta


def test_authors_link_to_their_profile_where_one_exists(client, article, site_content):
    profile = StandardPageFactory(parent=site_content.root_page, title="Dr Rivera", slug="rivera")
    article.authors = [
        BlogPageAuthor(name="Dana Rivera", credentials="MD", profile_page=profile),
        BlogPageAuthor(name="Sam Lee", credentials="LCSW"),
    ]
    article.save_revision().publish()

    meta = parse(client.get(ARTICLE)).select_one(".article__meta")

    assert meta.find("a", string="Dana Rivera")["href"] == "/rivera/"
    assert "Sam Lee, LCSW" in meta.get_text(" ", strip=True)
    assert meta.find("a", string="Sam Lee") is None


def test_tags_and_categories_are_links_to_their_listings(client, article):
    topics = parse(client.get(ARTICLE)).find("footer", class_="article__topics")
    hrefs = {a.get_text(): a["href"] for a in topics.find_all("a")}
    assert hrefs["Understanding depression"] == "/blog/category/understanding-depression/"
    assert hrefs["TRD"] == "/blog/tag/trd/"
    for href in hrefs.values():
        assert client.get(href).status_code == 200


def test_related_posts_start_with_the_editors_picks(client, article):
    hrefs = related_hrefs(client, "/blog/tms-for-treatment-resistant-depression/")
    assert hrefs[0] == ARTICLE
    assert len(hrefs) == 3


def test_related_posts_fill_up_with_shared_topics_newest_first(client, blog):
    post = BlogPage.objects.get(slug="tms-for-treatment-resistant-depression")
    post.related_post_links = []
    post.save_revision().publish()
    newest = BlogPageFactory(parent=blog, date=timezone.localdate() + datetime.timedelta(days=1))
    newest.tags.add("Brain stimulation")
    newest.save_revision().publish()
    unrelated = BlogPageFactory(
        parent=blog, date=timezone.localdate() + datetime.timedelta(days=2)
    )

    hrefs = related_hrefs(client, post.url)

    assert hrefs[0] == newest.url
    assert unrelated.url not in hrefs
    assert post.url not in hrefs
    assert len(hrefs) == 3


def test_related_posts_never_include_drafts_private_posts_or_the_post_itself(client, blog):
    post = BlogPage.objects.get(slug="tms-for-treatment-resistant-depression")
    category = BlogCategory.objects.get(slug="treatments")
    draft = BlogPageFactory(parent=blog, live=False)
    draft.categories.add(category)
    draft.save()
    private = BlogPageFactory(parent=blog)
    private.categories.add(category)
    private.save_revision().publish()
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    # An editor even picks the post itself and the draft.
    post.related_post_links = []
    post.save_revision().publish()

    hrefs = related_hrefs(client, post.url)

    assert post.url not in hrefs
    assert private.url not in hrefs
    assert not any(href.endswith(f"/{draft.slug}/") for href in hrefs)
    assert set(hrefs) <= {
        page.url for page in Page.objects.live().public().type(BlogPage).specific()
    }


def test_hero_image_needs_alt_text_or_to_be_marked_decorative(article):
    article.hero_image = ImageFactory(description="")

    with pytest.raises(ValidationError):
        article.full_clean()

    article.hero_image_decorative = True
    article.full_clean()


def test_hero_image_uses_modern_formats_without_layout_shift(client, article):
    article.hero_image = ImageFactory()
    article.save_revision().publish()

    hero = parse(client.get(ARTICLE)).find("figure", class_="article__hero")
    img = hero.find("img")

    assert {s["type"] for s in hero.find_all("source")} == {"image/avif", "image/webp"}
    assert "sizes" in hero.find("source").attrs
    assert img["alt"] == "A calm waiting room with two chairs and a plant"
    assert int(img["width"]) > 0 and int(img["height"]) > 0
    assert img.get("loading") != "lazy"
