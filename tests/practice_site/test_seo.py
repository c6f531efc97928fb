"""What search engines and link previews read: titles, descriptions, canonical URLs,
Open Graph, sitemap, robots.txt and JSON-LD."""

import datetime
import json
import xml.etree.ElementTree as ET

import pytest

from wagtail.models import Page

from tests.factories import BlogPageFactory, ImageFactory, SiteTree, StandardPageFactory
from tests.html import parse

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(site_tree):
    """A post about a condition, as the practice's articles are."""
    return BlogPageFactory(
        parent=site_tree.blog,
        title="Understanding Treatment-Resistant Depression",
        intro="Depression that has not improved after two medicines has names and options.",
        condition_name="Treatment-resistant depression",
        condition_alternate_name="TRD",
    )


def json_ld(response) -> dict:
    scripts = parse(response).find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


def nodes_by_type(data: dict) -> dict:
    found = {}
    for node in data["@graph"]:
        types = node["@type"] if isinstance(node["@type"], list) else [node["@type"]]
        for node_type in types:
            found[node_type] = node
    return found


class TestTitleAndDescription:
    def test_title_is_page_title_and_practice_name(self, client, site_tree, article):
        soup = parse(client.get(article.url))
        assert soup.title.get_text() == f"{article.title} | {site_tree.settings.practice_name}"

    def test_seo_title_wins(self, client, article):
        article.seo_title = "What is TRD?"
        article.save_revision().publish()
        assert parse(client.get(article.url)).title.get_text().startswith("What is TRD? |")

    def test_description_falls_back_from_search_description_to_intro_to_paragraph(
        self, client, site_tree
    ):
        page = StandardPageFactory(
            parent=site_tree.home,
            slug="fallbacks",
            intro="",
            body=[{"type": "paragraph", "value": "<p>First <b>paragraph</b> words.</p>"}],
        )

        def description():
            soup = parse(client.get("/fallbacks/"))
            return soup.find("meta", attrs={"name": "description"})["content"]

        assert description() == "First paragraph words."
        page.intro = "The intro."
        page.save_revision().publish()
        assert description() == "The intro."
        page.search_description = "Written for search engines."
        page.save_revision().publish()
        assert description() == "Written for search engines."

    def test_description_is_at_most_160_characters(self, client, site_tree):
        intro = "Depression that has not improved after two medicines. " * 6
        post = BlogPageFactory(parent=site_tree.blog, intro=intro)

        content = parse(client.get(post.url)).find("meta", attrs={"name": "description"})

        assert 100 < len(content["content"]) <= 160
        assert content["content"].startswith("Depression that has not improved")


class TestSharing:
    def test_canonical_and_open_graph(self, client, article):
        soup = parse(client.get(article.url + "?utm_source=x"))
        canonical = "http://testserver" + article.url
        assert soup.find("link", rel="canonical")["href"] == canonical
        assert soup.find("meta", property="og:url")["content"] == canonical
        assert soup.find("meta", property="og:type")["content"] == "article"
        assert soup.find("meta", property="og:title")["content"].startswith(article.title)

    def test_default_share_image_comes_from_settings(self, client, site_tree):
        site_tree.settings.default_share_image = ImageFactory()
        site_tree.settings.save()

        soup = parse(client.get("/"))

        image = soup.find("meta", property="og:image")["content"]
        assert image.startswith("http://testserver/media/images/")
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == (
            "summary_large_image"
        )

    def test_post_hero_image_is_its_share_image(self, client, site_tree, article):
        site_tree.settings.default_share_image = ImageFactory(title="Default")
        site_tree.settings.save()
        article.hero_image = ImageFactory(title="Hero")
        article.save_revision().publish()

        image = parse(client.get(article.url)).find("meta", property="og:image")["content"]

        hero = article.hero_image.get_rendition("fill-1200x630|format-jpeg")
        assert image == "http://testserver" + hero.url


class TestMachineFiles:
    def test_sitemap_lists_live_public_pages_only(self, client, site_tree):
        draft = BlogPageFactory(parent=site_tree.blog, slug="draft-post", live=False)
        assert not draft.live

        response = client.get("/sitemap.xml")

        assert response.status_code == 200
        namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
        locations = {
            loc.text.split("/", 3)[-1]
            for loc in ET.fromstring(response.content).findall("s:url/s:loc", namespace)  # noqa: S314
        }
        expected = {
            page.url.lstrip("/")
            for page in Page.objects.live().public().descendant_of(site_tree.home, inclusive=True)
        }
        assert len(expected) > 10
        assert locations == expected
        assert "blog/draft-post/" not in locations

    def test_favicon_ico_redirects_to_the_icon(self, client, site_tree):
        response = client.get("/favicon.ico")
        assert response.status_code == 302  # Not permanent: the icon follows the logo.
        assert response["Location"] == "/static/images/favicon.svg"

    def test_favicon_ico_follows_the_practices_icon(self, client, site_tree):
        site_tree.settings.icon = ImageFactory()
        site_tree.settings.save()
        response = client.get("/favicon.ico")
        assert response.status_code == 302
        assert response["Location"] == (
            site_tree.settings.icon.get_rendition("fill-32x32|format-png").url
        )

    def test_robots_txt_points_at_the_sitemap(self, client, site_tree):
        response = client.get("/robots.txt")

        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        body = response.content.decode()
        assert "Sitemap: http://testserver/sitemap.xml" in body
        assert "Disallow: /admin/" in body

    @pytest.mark.parametrize("url", ["/search/?q=tms", "/contact/thank-you/", "/no-such-page/"])
    def test_search_thank_you_and_404_pages_are_not_indexed(self, client, site_tree, url):
        robots = parse(client.get(url)).find("meta", attrs={"name": "robots"})
        assert robots["content"] == "noindex"


class TestStructuredData:
    def test_article_is_a_medical_web_page_about_trd_with_a_blog_posting(
        self, client, site_tree, article
    ):
        data = json_ld(client.get(article.url))
        nodes = nodes_by_type(data)

        assert data["@context"] == "https://schema.org"
        page = nodes["MedicalWebPage"]
        posting = page["mainEntity"]
        assert posting["@type"] == "BlogPosting"
        assert posting["headline"] == article.title
        assert posting["datePublished"] == article.date.isoformat()
        assert posting["dateModified"]
        assert page["about"] == {
            "@type": "MedicalCondition",
            "name": "Treatment-resistant depression",
            "alternateName": "TRD",
        }
        clinic = nodes["MedicalClinic"]
        assert posting["publisher"] == {"@id": clinic["@id"]}
        assert clinic["name"] == site_tree.settings.practice_name

    def test_a_posts_image_is_its_own_else_the_default_share_image(
        self, client, site_tree, article
    ):
        def posting_image():
            page = nodes_by_type(json_ld(client.get(article.url)))["MedicalWebPage"]
            return page["mainEntity"].get("image")

        assert posting_image() is None
        site_tree.settings.default_share_image = ImageFactory(title="Default")
        site_tree.settings.save()
        default = site_tree.settings.default_share_image.get_rendition("fill-1200x630|format-jpeg")
        assert posting_image() == "http://testserver" + default.url

        article.hero_image = ImageFactory(title="Own")
        article.save_revision().publish()
        own = article.hero_image.get_rendition("fill-1200x630|format-jpeg")
        assert posting_image() == "http://testserver" + own.url

    def test_the_practice_has_its_logo_in_structured_data(self, client, site_tree):
        site_tree.settings.logo = ImageFactory(title="Logo")
        site_tree.settings.save()

        clinic = nodes_by_type(json_ld(client.get("/")))["MedicalClinic"]

        logo = site_tree.settings.logo.get_rendition("height-256")
        assert clinic["logo"] == "http://testserver" + logo.url

    def test_home_page_describes_the_practice_from_settings(self, client, site_tree):
        practice_settings = site_tree.settings
        practice_settings.practice_name = "Riverbend Mood Clinic"
        practice_settings.phone = "(312) 555-0199"
        practice_settings.save()

        clinic = nodes_by_type(json_ld(client.get("/")))["MedicalClinic"]

        assert clinic["name"] == "Riverbend Mood Clinic"
        assert clinic["telephone"] == "(312) 555-0199"
        assert clinic["address"]["addressLocality"] == practice_settings.address_locality
        assert clinic["medicalSpecialty"] == "Psychiatric"
        assert clinic["openingHoursSpecification"][0]["opens"] == "09:00"

    def test_breadcrumbs_in_json_ld_match_the_visible_ones(self, client, article):
        response = client.get(article.url)
        visible = [
            (a.get_text(strip=True), "http://testserver" + a["href"])
            for a in parse(response).find("nav", attrs={"aria-label": "Breadcrumb"}).find_all("a")
        ]
        crumbs = nodes_by_type(json_ld(response))["BreadcrumbList"]["itemListElement"]

        assert [(c["name"], c["item"]) for c in crumbs] == visible
        assert [c["position"] for c in crumbs] == [1, 2, 3]
        assert visible[0][0] == "Home"

    @pytest.mark.parametrize("page_type", SiteTree.PAGE_TYPES)
    def test_every_page_has_valid_json_ld(self, client, site_tree, page_type):
        url = site_tree.page(page_type).url
        data = json_ld(client.get(url))
        assert data["@graph"]

    def test_json_ld_cannot_be_broken_out_of(self, client, article):
        article.title = "</script><script>alert(1)</script>"
        article.save_revision().publish()

        response = client.get(article.url)

        assert "<script>alert(1)</script>" not in response.content.decode()
        assert json_ld(response)["@graph"][0]["name"] == "</script><script>alert(1)</script>"


def test_reviewed_post_gives_last_reviewed_and_reviewer(client, site_tree):
    reviewer = site_tree.prescriber
    page = BlogPageFactory(
        parent=site_tree.blog,
        reviewed=True,
        medical_reviewer=reviewer,
        last_reviewed=datetime.date(2026, 10, 1),
    )

    webpage = nodes_by_type(json_ld(client.get(page.url)))["MedicalWebPage"]

    assert webpage["lastReviewed"] == "2026-10-01"
    assert webpage["reviewedBy"]["name"] == reviewer.title
    assert webpage["reviewedBy"]["@type"] == "IndividualPhysician"


def test_unreviewed_post_claims_no_review(client, site_tree):
    webpage = nodes_by_type(json_ld(client.get(site_tree.posts[0].url)))["MedicalWebPage"]

    assert "lastReviewed" not in webpage
    assert "reviewedBy" not in webpage
