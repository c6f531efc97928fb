"""What search engines and link previews read: titles, descriptions, canonical URLs,
Open Graph, sitemap, robots.txt and JSON-LD."""

import json
import xml.etree.ElementTree as ET

import pytest

from wagtail.models import Page

from blog.models import BlogIndexPage, BlogPage
from tests.factories import BlogPageFactory, ImageFactory, StandardPageFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

ARTICLE = "/blog/treatment-resistant-depression/"


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
    def test_title_is_page_title_and_practice_name(self, client, practice_settings):
        soup = parse(client.get(ARTICLE))
        assert soup.title.get_text() == (
            "Understanding Treatment-Resistant Depression: What You Need to Know"
            f" | {practice_settings.practice_name}"
        )

    def test_seo_title_wins(self, client, site_content):
        page = BlogPage.objects.get(slug="treatment-resistant-depression")
        page.seo_title = "What is TRD?"
        page.save_revision().publish()
        assert parse(client.get(ARTICLE)).title.get_text().startswith("What is TRD? |")

    def test_description_falls_back_from_search_description_to_intro_to_paragraph(
        self, client, site_content
    ):
        page = StandardPageFactory(
            parent=site_content.root_page,
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

    def test_description_is_at_most_160_characters(self, client, site_content):
        content = parse(client.get(ARTICLE)).find("meta", attrs={"name": "description"})
        assert len(content["content"]) <= 160


class TestSharing:
    def test_canonical_and_open_graph(self, client, site_content):
        soup = parse(client.get(ARTICLE + "?utm_source=x"))
        canonical = "http://testserver" + ARTICLE
        assert soup.find("link", rel="canonical")["href"] == canonical
        assert soup.find("meta", property="og:url")["content"] == canonical
        assert soup.find("meta", property="og:type")["content"] == "article"
        assert soup.find("meta", property="og:title")["content"].startswith("Understanding")

    def test_default_share_image_comes_from_settings(self, client, practice_settings):
        practice_settings.default_share_image = ImageFactory()
        practice_settings.save()

        soup = parse(client.get("/"))

        image = soup.find("meta", property="og:image")["content"]
        assert image.startswith("http://testserver/media/images/")
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == (
            "summary_large_image"
        )

    def test_post_hero_image_is_its_share_image(self, client, practice_settings):
        practice_settings.default_share_image = ImageFactory(title="Default")
        practice_settings.save()
        page = BlogPage.objects.get(slug="treatment-resistant-depression")
        page.hero_image = ImageFactory(title="Hero")
        page.save_revision().publish()

        image = parse(client.get(ARTICLE)).find("meta", property="og:image")["content"]

        hero = page.hero_image.get_rendition("fill-1200x630|format-jpeg")
        assert image == "http://testserver" + hero.url


class TestMachineFiles:
    def test_sitemap_lists_live_public_pages_only(self, client, site_content):
        blog = BlogIndexPage.objects.get()
        draft = BlogPageFactory(parent=blog, slug="draft-post", live=False)
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
            for page in Page.objects.live().public().filter(depth__gt=1).specific()
        }
        assert locations == expected
        assert "blog/draft-post/" not in locations

    def test_favicon_ico_redirects_to_the_icon(self, client, site_content):
        response = client.get("/favicon.ico")
        assert response.status_code == 301
        assert response["Location"] == "/static/images/favicon.svg"

    def test_robots_txt_points_at_the_sitemap(self, client, site_content):
        response = client.get("/robots.txt")

        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        body = response.content.decode()
        assert "Sitemap: http://testserver/sitemap.xml" in body
        assert "Disallow: /admin/" in body

    @pytest.mark.parametrize("url", ["/search/?q=tms", "/contact/thank-you/", "/no-such-page/"])
    def test_search_thank_you_and_404_pages_are_not_indexed(self, client, site_content, url):
        robots = parse(client.get(url)).find("meta", attrs={"name": "robots"})
        assert robots["content"] == "noindex"


class TestStructuredData:
    def test_article_is_a_medical_web_page_about_trd_with_a_blog_posting(
        self, client, practice_settings
    ):
        data = json_ld(client.get(ARTICLE))
        nodes = nodes_by_type(data)

        assert data["@context"] == "https://schema.org"
        page = nodes["MedicalWebPage"]
        posting = page["mainEntity"]
        assert posting["@type"] == "BlogPosting"
        assert posting["headline"].startswith("Understanding Treatment-Resistant Depression")
        assert posting["datePublished"]
        assert posting["dateModified"]
        assert page["about"] == {
            "@type": "MedicalCondition",
            "name": "Treatment-resistant depression",
            "alternateName": "TRD",
        }
        clinic = nodes["MedicalClinic"]
        assert posting["publisher"] == {"@id": clinic["@id"]}
        assert clinic["name"] == practice_settings.practice_name

    def test_home_page_describes_the_practice_from_settings(self, client, practice_settings):
        practice_settings.practice_name = "Riverbend Mood Clinic"
        practice_settings.phone = "(312) 555-0199"
        practice_settings.save()

        clinic = nodes_by_type(json_ld(client.get("/")))["MedicalClinic"]

        assert clinic["name"] == "Riverbend Mood Clinic"
        assert clinic["telephone"] == "(312) 555-0199"
        assert clinic["address"]["addressLocality"] == practice_settings.address_locality
        assert clinic["medicalSpecialty"] == "Psychiatric"
        assert clinic["openingHoursSpecification"][0]["opens"] == "09:00"

    def test_breadcrumbs_in_json_ld_match_the_visible_ones(self, client, site_content):
        response = client.get(ARTICLE)
        visible = [
            (a.get_text(strip=True), "http://testserver" + a["href"])
            for a in parse(response).find("nav", attrs={"aria-label": "Breadcrumb"}).find_all("a")
        ]
        crumbs = nodes_by_type(json_ld(response))["BreadcrumbList"]["itemListElement"]

        assert [(c["name"], c["item"]) for c in crumbs] == visible
        assert [c["position"] for c in crumbs] == [1, 2, 3]
        assert visible[0][0] == "Home"

    @pytest.mark.parametrize("url", ["/", "/blog/", "/contact/", "/privacy-policy/", ARTICLE])
    def test_every_page_has_valid_json_ld(self, client, site_content, url):
        data = json_ld(client.get(url))
        assert data["@graph"]

    def test_json_ld_cannot_be_broken_out_of(self, client, site_content):
        page = BlogPage.objects.get(slug="treatment-resistant-depression")
        page.title = "</script><script>alert(1)</script>"
        page.save_revision().publish()

        response = client.get(ARTICLE)

        assert "<script>alert(1)</script>" not in response.content.decode()
        assert json_ld(response)["@graph"][0]["name"] == "</script><script>alert(1)</script>"


def test_reviewed_post_gives_last_reviewed_and_reviewer(client, site_content):
    import datetime

    from practice_site.content.models import ClinicianPage

    page = BlogPage.objects.get(slug="treatment-resistant-depression")
    page.medical_reviewer = ClinicianPage.objects.get(slug="demo-psychiatrist")
    page.medical_reviewer_name = page.medical_reviewer.name_with_degree
    page.last_reviewed = datetime.date(2026, 10, 1)
    page.save_revision().publish()

    webpage = nodes_by_type(json_ld(client.get(ARTICLE)))["MedicalWebPage"]

    assert webpage["lastReviewed"] == "2026-10-01"
    assert webpage["reviewedBy"]["name"] == "Dr. Demo Psychiatrist"
    assert webpage["reviewedBy"]["@type"] == "IndividualPhysician"
