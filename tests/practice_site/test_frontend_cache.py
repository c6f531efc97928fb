"""What the front cache may keep (Cache-Control), and what publishing purges from it.

The proxy itself is exercised in tests/deploy/; here the app's side: the headers,
and which URLs a change sends to the purge backends.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.contrib.frontend_cache.backends import BaseBackend, CloudfrontBackend
from wagtail.models import Page, PageViewRestriction

from practice_site.caching import frontend_cache
from practice_site.caching.frontend_cache import NginxPurgeBackend
from tests.factories import BlogPageFactory, ImageFactory, StandardPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(site_tree):
    return site_tree.posts[0]


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def is_shared_cacheable(response) -> bool:
    return "public" in cache_control(response)


def is_never_cached(response) -> bool:
    return {"no-store", "private"} <= cache_control(response)


# Cache-Control ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/", "/blog/", "article", "/blog/feed/", "/contact/thank-you/", "/sitemap.xml"]
)
def test_anonymous_page_views_are_shared_cacheable_and_browsers_revalidate(client, article, url):
    response = client.get(article.url if url == "article" else url)

    assert response.status_code == 200
    assert cache_control(response) == {"public", "max-age=0", "s-maxage=3600"}
    assert not response.cookies


def test_head_requests_are_shared_cacheable_too(client, article):
    assert is_shared_cacheable(client.head(article.url))


def test_the_contact_form_is_never_cached_because_it_sets_the_csrf_cookie(client, site_tree):
    response = client.get(site_tree.contact.url)

    assert "csrftoken" in response.cookies
    assert is_never_cached(response)


def test_a_form_post_is_never_cached(client, site_tree):
    response = client.post(site_tree.contact.url, {"name": "x"})

    assert is_never_cached(response)


def test_pages_for_a_signed_in_user_are_never_cached(admin_client, article):
    response = admin_client.get(article.url)

    assert response.status_code == 200
    assert is_never_cached(response)


@pytest.mark.parametrize(
    "url", ["/search/", "/search/?q=depression", "/blog/?page=2", "/no-such-page/"]
)
def test_search_query_strings_and_errors_are_never_cached(client, site_tree, url):
    assert is_never_cached(client.get(url))


def test_admin_pages_are_never_cached(client, admin_client):
    assert not is_shared_cacheable(client.get("/admin/login/"))
    assert not is_shared_cacheable(admin_client.get("/admin/"))


def test_previews_are_never_cached(rf, admin_user, article):
    page = article
    request = rf.get("/")
    request.user = admin_user

    response = page.make_preview_request(request, page.default_preview_mode)

    assert response.status_code == 200
    assert not is_shared_cacheable(response)


def test_the_shared_cache_lifetime_comes_from_settings(client, settings, site_tree):
    settings.FRONTEND_CACHE_MAX_AGE = 60

    assert "s-maxage=60" in cache_control(client.get("/"))


# Purging ----------------------------------------------------------------------------


class RecordingBackend(BaseBackend):
    purged: list[str] = []

    def purge(self, url):
        RecordingBackend.purged.append(url)


class RecordingCloudfrontBackend(CloudfrontBackend):
    invalidated: list[str] = []

    def _create_invalidation(self, distribution_id, paths):
        RecordingCloudfrontBackend.invalidated.extend(paths)


@pytest.fixture
def purged(settings, site_tree):
    """The URLs purged while the test runs, as paths on the host they were served on.

    After the site tree is built, so that what building it purged is not counted.
    """
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": f"{__name__}.RecordingBackend"},
    }
    RecordingBackend.purged.clear()
    frontend_cache._cached_urls_in_process.clear()
    yield RecordingBackend.purged
    RecordingBackend.purged.clear()
    frontend_cache._cached_urls_in_process.clear()


def paths(urls, host="testserver") -> set[str]:
    return {urlsplit(url).path for url in urls if urlsplit(url).hostname == host}


def visit(client, *urls):
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_served_pages_are_recorded_for_later_purges(client, purged, article):
    visit(client, "/", article.url, "/blog/feed/")

    assert paths(frontend_cache.cached_urls()) == {"/", article.url, "/blog/feed/"}


def test_nothing_is_recorded_or_purged_without_a_front_cache(client, article):
    frontend_cache._cached_urls_in_process.clear()
    visit(client, "/")
    article.save_revision().publish()

    assert frontend_cache.cached_urls() == set()


def test_publishing_a_post_purges_it_the_listings_above_it_and_the_posts_linking_to_it(
    client, purged, site_tree, article
):
    linking = BlogPageFactory(parent=site_tree.blog, related_posts=[article])
    contact_thank_you = f"{site_tree.contact.url}thank-you/"
    unrelated_treatment = site_tree.treatments[1].url
    visit(client, "/", "/blog/", "/blog/feed/", article.url, "/sitemap.xml")
    visit(client, linking.url, contact_thank_you, unrelated_treatment)
    purged.clear()

    article.title = "Treatment-resistant depression, revised"
    article.save_revision().publish()

    purged_paths = paths(purged)
    assert {article.url, "/blog/", "/blog/feed/", "/", "/sitemap.xml"} <= purged_paths
    # Another post lists this one among its related posts.
    assert linking.url in purged_paths
    assert contact_thank_you not in purged_paths
    assert unrelated_treatment not in purged_paths


def test_unpublishing_purges_the_page_and_its_listing(client, purged, article):
    visit(client, "/blog/", article.url)

    article.unpublish()

    assert {article.url, "/blog/"} <= paths(purged)


def test_moving_a_page_purges_and_forgets_its_old_address(client, purged, site_tree):
    page = StandardPageFactory(parent=site_tree.home, title="Telehealth", slug="telehealth")
    new_parent = StandardPageFactory(parent=site_tree.home, slug="fees-and-insurance")
    old_url = "/telehealth/"
    visit(client, old_url)

    page.move(new_parent, pos="last-child")

    assert old_url in paths(purged)
    assert "/fees-and-insurance/telehealth/" in paths(purged)
    assert old_url not in paths(frontend_cache.cached_urls())


def test_deleting_a_page_purges_it(client, purged, article):
    visit(client, "/blog/", article.url)

    article.delete()

    assert {article.url, "/blog/"} <= paths(purged)


def test_putting_a_password_on_a_page_purges_it_and_the_listing_above(client, purged, article):
    visit(client, "/blog/", article.url)

    PageViewRestriction.objects.create(
        page=article, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pass"
    )

    assert {article.url, "/blog/"} <= paths(purged)


def test_a_password_protected_page_can_be_deleted_and_is_purged(client, purged, site_tree):
    page = StandardPageFactory(parent=site_tree.home, slug="telehealth")
    visit(client, "/telehealth/")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pass"
    )
    purged.clear()

    page.delete()

    assert not Page.objects.filter(pk=page.pk).exists()
    assert "/telehealth/" in paths(purged)


def test_a_page_linked_from_the_menu_or_settings_purges_everything(
    client, purged, site_tree, article
):
    unrelated_treatment = site_tree.treatments[1].url
    visit(client, "/", article.url, unrelated_treatment)

    site_tree.privacy_policy.save_revision().publish()

    assert {"/", article.url, unrelated_treatment} <= paths(purged)


def test_changing_practice_settings_purges_every_cached_url_and_every_page(
    client, purged, site_tree, article
):
    visit(client, "/", article.url, "/blog/feed/", "/contact/thank-you/", "/sitemap.xml")

    settings_record = site_tree.settings
    settings_record.practice_name = "Renamed Practice"
    settings_record.save()

    assert {"/", article.url, "/blog/feed/", "/contact/thank-you/", "/sitemap.xml"} <= paths(
        purged
    )
    every_live_page = {
        page.url for page in Page.objects.live().descendant_of(site_tree.home, inclusive=True)
    }
    assert len(every_live_page) > 10
    assert every_live_page <= paths(purged)


def test_publishing_a_call_to_action_purges_everything(client, purged, site_tree, article):
    visit(client, "/", article.url)

    site_tree.call_to_action.save_revision().publish()

    assert {"/", article.url} <= paths(purged)


def test_saving_a_call_to_action_draft_purges_nothing(client, purged, site_tree):
    visit(client, "/")

    site_tree.call_to_action.save_revision()

    assert purged == []


def test_uploading_an_image_that_no_page_uses_purges_nothing(client, purged, site_tree):
    visit(client, "/")
    ImageFactory(file__filename="unused.png")

    assert purged == []


def test_purging_everything_sends_cloudfront_one_wildcard_per_site(settings, purged, site_tree):
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": f"{__name__}.RecordingBackend"},
        "cdn": {
            "BACKEND": f"{__name__}.RecordingCloudfrontBackend",
            "DISTRIBUTION_ID": "E123",
        },
    }
    RecordingCloudfrontBackend.invalidated.clear()

    frontend_cache.purge_everything_now()

    assert RecordingCloudfrontBackend.invalidated == ["/*"]
    assert "/" in paths(purged)


# The proxy purge backend ----------------------------------------------------------------


class FakeProxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    requests: list[tuple[str, str, str]] = []
    cached_paths = {"/cached/"}

    def do_PURGE(self):
        FakeProxy.requests.append((self.command, self.headers["Host"], self.path))
        status = 200 if self.path in self.cached_paths else 404
        self.send_response(status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_proxy():
    FakeProxy.requests.clear()
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeProxy)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_the_proxy_backend_sends_purge_with_the_site_host_and_treats_404_as_not_cached(
    fake_proxy, caplog
):
    backend = NginxPurgeBackend({"LOCATION": fake_proxy})

    backend.purge_batch(["https://www.example.org/cached/", "http://127.0.0.1:8080/not-cached/"])

    assert FakeProxy.requests == [
        ("PURGE", "www.example.org", "/cached/"),
        ("PURGE", "127.0.0.1:8080", "/not-cached/"),
    ]
    assert not [record for record in caplog.records if record.levelname == "ERROR"]


def test_the_proxy_backend_logs_a_proxy_that_does_not_answer(caplog):
    backend = NginxPurgeBackend({"LOCATION": "http://127.0.0.1:9"})

    backend.purge_batch(["http://www.example.org/a/"])

    assert "Could not purge http://www.example.org/a/" in caplog.text


def test_changing_an_image_in_use_purges_everything(
    client, purged, site_tree, django_capture_on_commit_callbacks
):
    image = ImageFactory(file__filename="logo.png")
    practice = site_tree.settings
    practice.logo = image
    # The reference index is updated once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        practice.save()
    purged.clear()
    visit(client, "/")

    image.file = SimpleUploadedFile("logo.png", image.file.read(), content_type="image/png")
    image.title = "New logo"
    image.save()

    assert "/" in paths(purged)


def test_publishing_still_works_and_purges_the_pages_when_redis_is_down(
    client, purged, monkeypatch, article
):
    class RedisDown:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("Redis is down")

            return fail

    monkeypatch.setattr(frontend_cache, "_redis", RedisDown)
    visit(client, article.url)  # served, though its URL cannot be recorded

    article.save_revision().publish()

    assert {article.url, "/blog/", "/"} <= paths(purged)
