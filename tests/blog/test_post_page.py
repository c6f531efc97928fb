"""What a reader sees on a post: authors, dates, reading time, contents, topics, related posts."""

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction

from blog.models import BlogPage, BlogPageAuthor, BlogPageRelatedPost
from tests.factories import (
    BlogPageFactory,
    ImageFactory,
    StandardPageFactory,
    heading,
    paragraph,
)
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def blog(site_tree):
    return site_tree.blog


@pytest.fixture
def post(site_tree):
    return site_tree.posts[0]


def related_hrefs(client, url):
    section = parse(client.get(url)).find("section", class_="related-posts")
    return [a["href"] for a in section.select(".post-card__title a")] if section else []


def test_table_of_contents_links_to_every_section(client, blog):
    sections = ["What it is", "Why it happens", "What can help"]
    post = BlogPageFactory(
        parent=blog,
        body=[
            block
            for title in sections
            for block in (heading(title), paragraph(f"<p>About {title.lower()}.</p>"))
        ]
        + [heading("A sub-heading", level="h3")],
    )

    soup = parse(client.get(post.url))
    toc = soup.find("nav", class_="toc")

    links = [(a["href"], a.get_text()) for a in toc.find_all("a")]
    assert links == [
        ("#what-it-is", "What it is"),
        ("#why-it-happens", "Why it happens"),
        ("#what-can-help", "What can help"),
    ]
    for href, text in links:
        assert soup.find(id=href[1:]).get_text(strip=True) == text


def test_published_date(client, post):
    meta = parse(client.get(post.url)).select_one(".article__meta").get_text(" ", strip=True)
    assert f"Published {post.date:%B} {post.date.day}, {post.date.year}" in meta


@pytest.mark.parametrize(("words", "minutes"), [(20, 1), (390, 2), (410, 3)])
def test_reading_time_at_200_words_a_minute(client, blog, words, minutes):
    # The intro has 4 words; the body makes up the rest.
    body_words = " ".join(["word"] * (words - 4))
    post = BlogPageFactory(
        parent=blog,
        intro="A short summary here.",
        body=[paragraph(f"<p>{body_words}</p>")],
    )

    meta = parse(client.get(post.url)).select_one(".article__meta").get_text(" ", strip=True)

    assert f"{minutes} min read" in meta


def test_updated_date_shows_only_after_a_later_republish(client, post):
    assert "Updated" not in parse(client.get(post.url)).select_one(".article__meta").get_text()

    post.date = timezone.localdate() - datetime.timedelta(days=30)
    post.save_revision().publish()

    meta = parse(client.get(post.url)).select_one(".article__meta").get_text(" ", strip=True)
    assert "Updated" in meta


def test_authors_link_to_their_profile_where_one_exists(client, site_tree, post):
    profile = StandardPageFactory(parent=site_tree.home, title="Dr Rivera", slug="rivera")
    post.authors = [
        BlogPageAuthor(name="Dana Rivera", credentials="MD", profile_page=profile),
        BlogPageAuthor(name="Sam Lee", credentials="LCSW"),
    ]
    post.save_revision().publish()

    meta = parse(client.get(post.url)).select_one(".article__meta")

    assert meta.find("a", string="Dana Rivera")["href"] == "/rivera/"
    assert "Sam Lee, LCSW" in meta.get_text(" ", strip=True)
    assert meta.find("a", string="Sam Lee") is None


def test_tags_and_categories_are_links_to_their_listings(client, site_tree, blog):
    post = BlogPageFactory(
        parent=blog, categories=[site_tree.category], tags=["Sleep", "Brain stimulation"]
    )

    topics = parse(client.get(post.url)).find("footer", class_="article__topics")

    hrefs = {a.get_text(): a["href"] for a in topics.find_all("a")}
    assert hrefs == {
        site_tree.category.name: f"/blog/category/{site_tree.category.slug}/",
        "Sleep": "/blog/tag/sleep/",
        "Brain stimulation": "/blog/tag/brain-stimulation/",
    }
    for href in hrefs.values():
        listing = client.get(href)
        assert listing.status_code == 200
        titles = [a.get_text(strip=True) for a in parse(listing).select(".post-card__title a")]
        assert post.title in titles


def test_related_posts_start_with_the_editors_picks(client, site_tree, blog):
    older, oldest = site_tree.posts[1:3]
    # Newer posts sharing the category would come first without the picks.
    BlogPageFactory(parent=blog, categories=[site_tree.category])
    post = BlogPageFactory(
        parent=blog, categories=[site_tree.category], related_posts=[oldest, older]
    )

    hrefs = related_hrefs(client, post.url)

    assert hrefs[:2] == [oldest.url, older.url]
    assert len(hrefs) == 3


def test_related_posts_fill_up_with_shared_topics_newest_first(client, site_tree, blog):
    post = BlogPageFactory(
        parent=blog, tags=["Brain stimulation"], categories=[site_tree.category]
    )
    newest = BlogPageFactory(
        parent=blog,
        date=timezone.localdate() + datetime.timedelta(days=1),
        tags=["Brain stimulation"],
    )
    unrelated = BlogPageFactory(
        parent=blog, date=timezone.localdate() + datetime.timedelta(days=2)
    )

    hrefs = related_hrefs(client, post.url)

    # The newest sharing a tag, then the tree's posts sharing the category, newest first.
    assert hrefs == [newest.url, site_tree.posts[0].url, site_tree.posts[1].url]
    assert unrelated.url not in hrefs


def test_related_posts_never_include_drafts_private_posts_or_the_post_itself(
    client, site_tree, blog
):
    category = site_tree.category
    draft = BlogPageFactory(parent=blog, live=False, categories=[category])
    private = BlogPageFactory(parent=blog, categories=[category])
    PageViewRestriction.objects.create(
        page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    post = BlogPageFactory(parent=blog, categories=[category])
    # An editor even picks the post itself and the draft.
    post.related_post_links = [
        BlogPageRelatedPost(post=post, sort_order=0),
        BlogPageRelatedPost(post=draft, sort_order=1),
    ]
    post.save_revision().publish()

    hrefs = related_hrefs(client, post.url)

    assert post.url not in hrefs
    assert private.url not in hrefs
    assert not any(href.endswith(f"/{draft.slug}/") for href in hrefs)
    assert set(hrefs) <= {
        page.url for page in Page.objects.live().public().type(BlogPage).specific()
    }
    # What fills the list instead: the tree's posts in the same category, newest first.
    assert hrefs == [p.url for p in site_tree.posts]


def test_hero_image_needs_alt_text_or_to_be_marked_decorative(post):
    post.hero_image = ImageFactory(description="")

    with pytest.raises(ValidationError):
        post.full_clean()

    post.hero_image_decorative = True
    post.full_clean()


def test_hero_image_uses_modern_formats_without_layout_shift(client, post):
    post.hero_image = ImageFactory()
    post.save_revision().publish()

    hero = parse(client.get(post.url)).find("figure", class_="article__hero")
    img = hero.find("img")

    assert {s["type"] for s in hero.find_all("source")} == {"image/avif", "image/webp"}
    assert "sizes" in hero.find("source").attrs
    assert img["alt"] == post.hero_image.description
    assert int(img["width"]) > 0 and int(img["height"]) > 0
    assert img.get("loading") != "lazy"
