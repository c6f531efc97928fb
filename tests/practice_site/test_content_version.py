"""Cached fragments and page routes never show a visitor anything older than the content.

Each test views pages first, so their fragments and routes are cached, then
changes something the way editors do, and checks the very next view.
"""

import pytest

from django.core.cache.backends.dummy import DummyCache
from django.db import connection, transaction
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext

from taggit.models import Tag
from wagtail.models import Page, PageViewRestriction, Site

from blog.models import BlogIndexPage, BlogPage
from practice_site.caching import content_version
from practice_site.caching.middleware import CachingMiddleware
from practice_site.caching.templatetags import fragment_cache_tags
from practice_site.content.models import (
    CallToAction,
    ContactPage,
    NavigationSettings,
    PracticeSettings,
)
from practice_site.content.services import inquiry_store
from tests.factories import BlogPageFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

ARTICLE = "/blog/treatment-resistant-depression/"


def view(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.content.decode()


def view_counting_queries(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        html = view(client, url)
    return html, len(queries)


def article() -> BlogPage:
    return BlogPage.objects.get(slug="treatment-resistant-depression")


# The caches work ----------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/", "/blog/", ARTICLE, "/blog/tag/ketamine/", "/privacy-policy/"]
)
def test_a_second_view_is_served_from_the_caches_and_is_the_same_page(client, url):
    first, cold_queries = view_counting_queries(client, url)
    second, warm_queries = view_counting_queries(client, url)

    assert second == first
    assert warm_queries < cold_queries / 2, (cold_queries, warm_queries)


def test_the_cached_article_still_has_all_of_its_parts(client):
    view(client, ARTICLE)
    soup = parse(client.get(ARTICLE))

    assert "Treatment-Resistant Depression" in soup.title.get_text()
    assert soup.find("script", type="application/ld+json") is not None
    assert soup.find("aside", class_="crisis-line") is not None
    assert soup.find("nav", attrs={"aria-label": "Breadcrumb"}) is not None
    assert soup.find("nav", class_="toc") is not None
    assert soup.find("footer", class_="site-footer") is not None


# Every kind of change shows on the next view ----------------------------------------


def test_publishing_a_new_revision_shows_on_the_page_and_in_the_listings(client):
    for url in (ARTICLE, "/blog/", "/"):
        view(client, url)
    post = article()
    post.title = "Depression that has not responded to treatment"
    post.save_revision().publish()

    for url in (ARTICLE, "/blog/", "/"):
        assert "Depression that has not responded to treatment" in view(client, url), url


def test_a_new_post_shows_in_the_listing(client):
    view(client, "/blog/")
    BlogPageFactory(
        parent=BlogIndexPage.objects.get(), title="Sleep and mood"
    ).save_revision().publish()

    assert "Sleep and mood" in view(client, "/blog/")


def test_retitling_a_related_post_shows_on_the_article_that_links_to_it(client):
    view(client, ARTICLE)
    related = article().get_related_posts()[0]
    related.title = "TMS: what a course of treatment involves"
    related.save_revision().publish()

    assert "TMS: what a course of treatment involves" in view(client, ARTICLE)


def test_a_practice_settings_change_shows_in_the_title_header_and_footer(client, site_content):
    view(client, ARTICLE)
    practice = PracticeSettings.for_site(site_content)
    practice.practice_name = "Harbour Lane Psychiatry"
    practice.save()

    soup = parse(client.get(ARTICLE))
    assert soup.title.get_text().endswith("| Harbour Lane Psychiatry")
    assert "Harbour Lane Psychiatry" in soup.find("header", class_="site-header").get_text()
    assert "Harbour Lane Psychiatry" in soup.find("footer", class_="site-footer").get_text()


def test_a_menu_change_shows_at_once(client, site_content):
    view(client, ARTICLE)
    navigation = NavigationSettings.for_site(site_content)
    navigation.header_links = [
        {
            "type": "link",
            "value": {"page": None, "url": "https://portal.example/", "label": "Portal"},
        }
    ]
    navigation.save()

    menu = parse(client.get(ARTICLE)).find("nav", class_="main-menu--wide")
    assert [a.get_text() for a in menu.find_all("a")] == ["Portal"]


def test_a_published_call_to_action_shows_at_once(client, site_content):
    view(client, ARTICLE)
    cta = PracticeSettings.for_site(site_content).default_call_to_action
    cta.heading = "Talk to us about a consultation"
    cta.save_revision().publish()

    assert "Talk to us about a consultation" in view(client, ARTICLE)


def test_renaming_a_tag_shows_on_the_article(client):
    view(client, ARTICLE)
    tag = article().tags.first()
    tag.name = "Renamed topic"
    tag.save()

    assert "Renamed topic" in view(client, ARTICLE)


def test_an_unpublished_page_is_gone_at_once_and_leaves_the_listing(client):
    view(client, ARTICLE)
    view(client, "/blog/")
    article().unpublish()

    assert client.get(ARTICLE).status_code == 404
    assert ARTICLE not in view(client, "/blog/")


def test_a_renamed_page_moves_to_its_new_address(client):
    view(client, ARTICLE)
    post = article()
    post.slug = "depression-that-has-not-responded"
    post.save_revision().publish()

    assert client.get(ARTICLE).status_code in (301, 404)
    assert "Treatment-Resistant Depression" in view(
        client, "/blog/depression-that-has-not-responded/"
    )


def test_a_remembered_route_is_checked_against_the_page_address(client):
    # Even a change that bypasses the signals (SQL, QuerySet.update) cannot
    # keep a page at an address it no longer has.
    view(client, ARTICLE)
    BlogPage.objects.filter(pk=article().pk).update(
        slug="moved-away", url_path="/home/blog/moved-away/"
    )

    assert client.get(ARTICLE).status_code == 404


def test_a_deleted_page_is_gone_at_once(client):
    view(client, ARTICLE)
    article().delete()

    assert client.get(ARTICLE).status_code == 404


def test_a_password_put_on_a_page_hides_its_cached_content(client):
    view(client, ARTICLE)
    PageViewRestriction.objects.create(
        page=article(), restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pass"
    )

    response = client.get(ARTICLE)
    assert "password" in response.content.decode().lower()
    assert "what is treatment-resistant depression?" not in response.content.decode().lower()


# What may and may not share a cached fragment ----------------------------------------


def test_a_listings_pages_and_sub_routes_are_cached_apart(client):
    blog = BlogIndexPage.objects.get()
    for n in range(blog.posts_per_page + 1):
        BlogPageFactory(parent=blog, title=f"Listing post {n:02d}").save_revision().publish()
    first_page = view(client, "/blog/")
    second_page = view(client, "/blog/?page=2")
    tag_page = view(client, "/blog/tag/ketamine/")

    assert view(client, "/blog/") == first_page
    assert view(client, "/blog/?page=2") == second_page
    assert view(client, "/blog/tag/ketamine/") == tag_page
    assert len({first_page, second_page, tag_page}) == 3
    assert "Page 2 of" in second_page
    assert 'rel="canonical" href="http://testserver/blog/?page=2"' in second_page


def test_each_site_gets_its_own_absolute_links_and_a_stray_host_gets_none(client, settings):
    settings.ALLOWED_HOSTS = ["testserver", "www.example.org", "stray.example"]
    home = Site.objects.get(is_default_site=True).root_page
    Site.objects.create(hostname="www.example.org", port=80, root_page=home)
    view(client, ARTICLE)

    other_site = view(client, ARTICLE, HTTP_HOST="www.example.org")
    stray_host = view(client, ARTICLE, HTTP_HOST="stray.example")

    assert 'rel="canonical" href="http://www.example.org/blog/' in other_site
    # A Host header that names no Site gets the default Site's address, never its own.
    assert 'rel="canonical" href="http://testserver/blog/' in stray_host
    assert "stray.example" not in stray_host


def test_a_preview_shows_the_draft_and_leaves_the_live_page_alone(client):
    view(client, ARTICLE)
    draft = article()
    draft.title = "Draft title for the preview"
    revision = draft.save_revision()

    preview = revision.as_object().make_preview_request()
    live = view(client, ARTICLE)

    assert "Draft title for the preview" in preview.content.decode()
    assert "Draft title for the preview" not in live


def test_only_get_and_head_requests_for_pages_use_the_caches(rf):
    # A form's response may show what was sent: it must neither store nor read
    # fragments. Admin, search and documents never show page fragments.
    versions = {}

    def view_recording_the_version(request):
        versions[(request.method, request.path)] = request.content_version
        return HttpResponse()

    middleware = CachingMiddleware(view_recording_the_version)
    for method in ("get", "head", "post"):
        middleware(getattr(rf, method)("/contact/"))
    for path in ("/admin/", "/search/", "/documents/1/notice.pdf"):
        middleware(rf.get(path))

    assert versions[("GET", "/contact/")] is not None
    assert versions[("HEAD", "/contact/")] == versions[("GET", "/contact/")]
    assert versions[("POST", "/contact/")] is None
    assert versions[("GET", "/admin/")] is None
    assert versions[("GET", "/search/")] is None
    assert versions[("GET", "/documents/1/notice.pdf")] is None


def test_a_new_release_does_not_read_the_last_releases_fragments(client, settings):
    view(client, ARTICLE)
    _, warm = view_counting_queries(client, ARTICLE)

    settings.RELEASE_ID = "another-release"
    _, after_deploy = view_counting_queries(client, ARTICLE)

    assert after_deploy > warm


def test_pages_render_in_full_when_the_cache_is_unreachable(client, monkeypatch):
    # django-redis with IGNORE_EXCEPTIONS answers like this when Redis is down.
    monkeypatch.setattr(fragment_cache_tags, "cache", DummyCache("unreachable", {}))
    view(client, ARTICLE)  # Renditions and Wagtail's own cache of site roots are made once.
    first, in_full = view_counting_queries(client, ARTICLE)
    second, again = view_counting_queries(client, ARTICLE)

    assert second == first
    assert again == in_full > 10
    assert "Treatment-Resistant Depression" in second


# The version itself -----------------------------------------------------------------


def test_a_change_and_its_new_version_commit_or_roll_back_together():
    before = content_version.content_version()
    with pytest.raises(RuntimeError), transaction.atomic():
        Tag.objects.create(name="New topic", slug="new-topic")
        assert content_version.content_version() != before  # seen inside the transaction
        raise RuntimeError("the change fails")

    assert content_version.content_version() == before
    assert not Tag.objects.filter(slug="new-topic").exists()


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda: Page.objects.get(slug="privacy-policy").save(), id="page saved"),
        pytest.param(
            lambda: CallToAction.objects.first().save_revision().publish(), id="snippet published"
        ),
        pytest.param(
            lambda: Page.objects.get(slug="privacy-policy").unpublish(), id="page unpublished"
        ),
    ],
)
def test_content_changes_replace_the_version(change):
    before = content_version.content_version()
    change()
    assert content_version.content_version() != before


def test_a_new_inquiry_leaves_the_version_alone():
    before = content_version.content_version()
    inquiry_store(page=ContactPage.objects.get(), data={"name": "A visitor", "message": "Hi"})

    assert content_version.content_version() == before
