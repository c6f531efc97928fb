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
from wagtail.models import PageViewRestriction, Site

from blog.models import BlogPage
from practice_site.caching import content_version
from practice_site.caching.middleware import ContentVersionMiddleware
from practice_site.caching.templatetags import fragment_cache_tags
from practice_site.content.services import inquiry_store
from tests.factories import BlogPageFactory, blog_author, heading, paragraph
from tests.html import parse

pytestmark = pytest.mark.django_db


def view(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, url
    return response.content.decode()


def view_counting_queries(client, url) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        html = view(client, url)
    return html, len(queries)


@pytest.fixture
def article(site_tree) -> BlogPage:
    """A post with every part a post can cache: contents, author, topics, related posts."""
    return BlogPageFactory(
        parent=site_tree.blog,
        title="Understanding Treatment-Resistant Depression",
        body=[
            heading("What it is"),
            paragraph("<p>Depression that has not improved with two medicines.</p>"),
            heading("What can help"),
            paragraph("<p>Several treatments, chosen together.</p>"),
        ],
        authors=[blog_author(site_tree.prescriber)],
        tags=["Ketamine"],
        categories=[site_tree.category],
        related_posts=site_tree.posts[1:3],
    )


@pytest.fixture
def urls(site_tree, article) -> dict[str, str]:
    return {
        "home": "/",
        "blog": site_tree.blog.url,
        "article": article.url,
        "tag": f"{site_tree.blog.url}tag/ketamine/",
        "standard page": site_tree.privacy_policy.url,
        "treatment": site_tree.treatments[0].url,
        "clinician": site_tree.clinicians[0].url,
    }


def fresh(page):
    """The page as stored now (another object may have changed it)."""
    return type(page).objects.get(pk=page.pk)


# The caches work ----------------------------------------------------------------


@pytest.mark.parametrize(
    "page", ["home", "blog", "article", "tag", "standard page", "treatment", "clinician"]
)
def test_a_second_view_is_served_from_the_caches_and_is_the_same_page(client, urls, page):
    url = urls[page]
    first, cold_queries = view_counting_queries(client, url)
    second, warm_queries = view_counting_queries(client, url)

    assert second == first
    assert warm_queries < cold_queries / 2, (cold_queries, warm_queries)


def test_the_cached_article_still_has_all_of_its_parts(client, article):
    view(client, article.url)
    soup = parse(client.get(article.url))

    assert soup.title.get_text().startswith(article.title)
    assert soup.find("script", type="application/ld+json") is not None
    assert soup.find("aside", class_="crisis-line") is not None
    assert soup.find("nav", attrs={"aria-label": "Breadcrumb"}) is not None
    assert soup.find("nav", class_="toc") is not None
    assert soup.find("footer", class_="site-footer") is not None


# Every kind of change shows on the next view ----------------------------------------


def test_publishing_a_new_revision_shows_on_the_page_and_in_the_listings(client, article):
    for url in (article.url, "/blog/", "/"):
        view(client, url)
    post = fresh(article)
    post.title = "Depression that has not responded to treatment"
    post.save_revision().publish()

    for url in (article.url, "/blog/", "/"):
        assert "Depression that has not responded to treatment" in view(client, url), url


def test_a_new_post_shows_in_the_listing(client, site_tree):
    view(client, "/blog/")
    BlogPageFactory(parent=site_tree.blog, title="Sleep and mood")

    assert "Sleep and mood" in view(client, "/blog/")


def test_retitling_a_related_post_shows_on_the_article_that_links_to_it(client, article):
    view(client, article.url)
    related = fresh(article).get_related_posts()[0]
    related.title = "TMS: what a course of treatment involves"
    related.save_revision().publish()

    assert "TMS: what a course of treatment involves" in view(client, article.url)


def test_a_practice_settings_change_shows_in_the_title_header_and_footer(
    client, site_tree, article
):
    view(client, article.url)
    practice = site_tree.settings
    practice.practice_name = "Harbour Lane Psychiatry"
    practice.save()

    soup = parse(client.get(article.url))
    assert soup.title.get_text().endswith("| Harbour Lane Psychiatry")
    assert "Harbour Lane Psychiatry" in soup.find("header", class_="site-header").get_text()
    assert "Harbour Lane Psychiatry" in soup.find("footer", class_="site-footer").get_text()


def test_a_menu_change_shows_at_once(client, site_tree, article):
    view(client, article.url)
    navigation = site_tree.navigation
    navigation.header_links = [
        {
            "type": "link",
            "value": {"page": None, "url": "https://portal.example/", "label": "Portal"},
        }
    ]
    navigation.save()

    menu = parse(client.get(article.url)).find("nav", class_="main-menu--wide")
    assert [a.get_text() for a in menu.find_all("a")] == ["Portal"]


def test_a_published_call_to_action_shows_at_once(client, site_tree, article):
    view(client, article.url)
    cta = site_tree.call_to_action
    cta.heading = "Talk to us about a consultation"
    cta.save_revision().publish()

    assert "Talk to us about a consultation" in view(client, article.url)


def test_renaming_a_tag_shows_on_the_article(client, article):
    view(client, article.url)
    tag = fresh(article).tags.first()
    tag.name = "Renamed topic"
    tag.save()

    assert "Renamed topic" in view(client, article.url)


def test_an_unpublished_page_is_gone_at_once_and_leaves_the_listing(client, article):
    view(client, article.url)
    view(client, "/blog/")
    fresh(article).unpublish()

    assert client.get(article.url).status_code == 404
    assert article.url not in view(client, "/blog/")


def test_a_renamed_page_moves_to_its_new_address(client, article):
    view(client, article.url)
    post = fresh(article)
    post.slug = "depression-that-has-not-responded"
    post.save_revision().publish()

    assert client.get(article.url).status_code in (301, 404)
    assert article.title in view(client, "/blog/depression-that-has-not-responded/")


def test_a_remembered_route_is_checked_against_the_page_address(client, article):
    # Even a change that bypasses the signals (SQL, QuerySet.update) cannot
    # keep a page at an address it no longer has.
    view(client, article.url)
    BlogPage.objects.filter(pk=article.pk).update(
        slug="moved-away", url_path=article.url_path.replace(article.slug, "moved-away")
    )

    assert client.get(article.url).status_code == 404


def test_a_deleted_page_is_gone_at_once(client, article):
    view(client, article.url)
    fresh(article).delete()

    assert client.get(article.url).status_code == 404


def test_a_password_put_on_a_page_hides_its_cached_content(client, article):
    assert "what it is" in view(client, article.url).lower()
    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pass"
    )

    response = client.get(article.url)
    assert "password" in response.content.decode().lower()
    assert "what it is" not in response.content.decode().lower()


# What may and may not share a cached fragment ----------------------------------------


def test_a_listings_pages_and_sub_routes_are_cached_apart(client, site_tree, article):
    blog = site_tree.blog
    for n in range(blog.posts_per_page + 1):
        BlogPageFactory(parent=blog, title=f"Listing post {n:02d}")
    first_page = view(client, "/blog/")
    second_page = view(client, "/blog/?page=2")
    tag_page = view(client, "/blog/tag/ketamine/")

    assert view(client, "/blog/") == first_page
    assert view(client, "/blog/?page=2") == second_page
    assert view(client, "/blog/tag/ketamine/") == tag_page
    assert len({first_page, second_page, tag_page}) == 3
    assert "Page 2 of" in second_page
    assert 'rel="canonical" href="http://testserver/blog/?page=2"' in second_page


def test_each_site_gets_its_own_absolute_links_and_a_stray_host_gets_none(
    client, settings, site_tree, article
):
    settings.ALLOWED_HOSTS = ["testserver", "www.example.org", "stray.example"]
    Site.objects.create(hostname="www.example.org", port=80, root_page=site_tree.home)
    view(client, article.url)

    other_site = view(client, article.url, HTTP_HOST="www.example.org")
    stray_host = view(client, article.url, HTTP_HOST="stray.example")

    assert 'rel="canonical" href="http://www.example.org/blog/' in other_site
    # A Host header that names no Site gets the default Site's address, never its own.
    assert 'rel="canonical" href="http://testserver/blog/' in stray_host
    assert "stray.example" not in stray_host


def test_a_preview_shows_the_draft_and_leaves_the_live_page_alone(client, article):
    view(client, article.url)
    draft = fresh(article)
    draft.title = "Draft title for the preview"
    revision = draft.save_revision()

    preview = revision.as_object().make_preview_request()
    live = view(client, article.url)

    assert "Draft title for the preview" in preview.content.decode()
    assert "Draft title for the preview" not in live


def test_only_get_and_head_requests_for_pages_use_the_caches(rf):
    # A form's response may show what was sent: it must neither store nor read
    # fragments. Admin, search and documents never show page fragments.
    versions = {}

    def view_recording_the_version(request):
        versions[(request.method, request.path)] = request.content_version
        return HttpResponse()

    middleware = ContentVersionMiddleware(view_recording_the_version)
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


def test_a_restart_with_new_code_does_not_read_the_old_codes_fragments(
    client, monkeypatch, article
):
    view(client, article.url)
    _, warm = view_counting_queries(client, article.url)

    monkeypatch.setattr(fragment_cache_tags, "CODE_VERSION", "another-release")
    _, after_restart = view_counting_queries(client, article.url)

    assert after_restart > warm


def test_pages_render_in_full_when_the_cache_is_unreachable(client, monkeypatch, article):
    # django-redis with IGNORE_EXCEPTIONS answers like this when Redis is down.
    monkeypatch.setattr(fragment_cache_tags, "cache", DummyCache("unreachable", {}))
    view(client, article.url)  # Renditions and Wagtail's own cache of site roots are made once.
    first, in_full = view_counting_queries(client, article.url)
    second, again = view_counting_queries(client, article.url)

    assert second == first
    assert again == in_full > 10
    assert article.title in second


# The version itself -----------------------------------------------------------------


def test_a_change_and_its_new_version_commit_or_roll_back_together(site_tree):
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
        pytest.param(lambda tree: fresh(tree.privacy_policy).save(), id="page saved"),
        pytest.param(
            lambda tree: tree.call_to_action.save_revision().publish(), id="snippet published"
        ),
        pytest.param(lambda tree: fresh(tree.privacy_policy).unpublish(), id="page unpublished"),
        pytest.param(lambda tree: tree.settings.save(), id="settings saved"),
    ],
)
def test_content_changes_replace_the_version(site_tree, change):
    before = content_version.content_version()
    change(site_tree)
    assert content_version.content_version() != before


def test_a_new_inquiry_leaves_the_version_alone(site_tree):
    before = content_version.content_version()
    inquiry_store(page=site_tree.contact, data={"name": "A visitor", "message": "Hi"})

    assert content_version.content_version() == before
