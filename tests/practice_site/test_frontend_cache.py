"""What the front cache may keep (Cache-Control), and what publishing purges from it.

The proxy itself is exercised in tests/deploy/; here the app's side: the headers,
and which URLs a change sends to the purge backends.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.contrib.frontend_cache.backends import CloudfrontBackend
from wagtail.models import Page, PageViewRestriction

from practice_site.caching.front_cache import url_registry
from practice_site.caching.front_cache.purge import NginxPurgeBackend, purge_everything_now
from practice_site.content.models import CallToAction, PracticeSettings
from tests.front_cache import RECORDING_BACKEND, paths, visit

pytestmark = pytest.mark.django_db

ARTICLE = "/blog/treatment-resistant-depression/"


def cache_control(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def is_shared_cacheable(response) -> bool:
    return "public" in cache_control(response)


def is_never_cached(response) -> bool:
    return {"no-store", "private"} <= cache_control(response)


# Cache-Control ------------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["/", "/blog/", ARTICLE, "/blog/feed/", "/contact/thank-you/", "/sitemap.xml"]
)
def test_anonymous_page_views_are_shared_cacheable_and_browsers_revalidate(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert cache_control(response) == {"public", "max-age=0", "s-maxage=3600"}
    assert not response.cookies


def test_head_requests_are_shared_cacheable_too(client):
    assert is_shared_cacheable(client.head(ARTICLE))


def test_the_contact_form_is_never_cached_because_it_sets_the_csrf_cookie(client):
    response = client.get("/contact/")

    assert "csrftoken" in response.cookies
    assert is_never_cached(response)


def test_a_form_post_is_never_cached(client):
    response = client.post("/contact/", {"name": "x"})

    assert is_never_cached(response)


def test_pages_for_a_signed_in_user_are_never_cached(admin_client):
    response = admin_client.get(ARTICLE)

    assert response.status_code == 200
    assert is_never_cached(response)


@pytest.mark.parametrize(
    "url", ["/search/", "/search/?q=depression", "/blog/?page=2", "/no-such-page/"]
)
def test_search_query_strings_and_errors_are_never_cached(client, url):
    assert is_never_cached(client.get(url))


def test_admin_pages_are_never_cached(client, admin_client):
    assert not is_shared_cacheable(client.get("/admin/login/"))
    assert not is_shared_cacheable(admin_client.get("/admin/"))


def test_previews_are_never_cached(rf, admin_user):
    page = Page.objects.get(url_path="/home" + ARTICLE).specific
    request = rf.get("/")
    request.user = admin_user

    response = page.make_preview_request(request, page.default_preview_mode)

    assert response.status_code == 200
    assert not is_shared_cacheable(response)


def test_the_shared_cache_lifetime_comes_from_settings(client, settings):
    settings.FRONTEND_CACHE_MAX_AGE = 60

    assert "s-maxage=60" in cache_control(client.get("/"))


# Purging ----------------------------------------------------------------------------


class RecordingCloudfrontBackend(CloudfrontBackend):
    invalidated: list[str] = []

    def _create_invalidation(self, distribution_id, paths):
        RecordingCloudfrontBackend.invalidated.extend(paths)


def test_served_pages_are_recorded_for_later_purges(client, purged):
    visit(client, "/", ARTICLE, "/blog/feed/")

    assert paths(url_registry.cached_urls()) == {"/", ARTICLE, "/blog/feed/"}


def test_nothing_is_recorded_or_purged_without_a_front_cache(client):
    url_registry._cached_urls_in_process.clear()
    visit(client, "/")
    Page.objects.get(url_path="/home" + ARTICLE).specific.save_revision().publish()

    assert url_registry.cached_urls() == set()


def test_publishing_a_post_purges_it_the_listings_above_it_and_the_posts_linking_to_it(
    client, purged
):
    contact_thank_you = "/contact/thank-you/"
    unrelated_treatment = "/treatments/ect/"
    visit(client, "/", "/blog/", "/blog/feed/", ARTICLE, "/sitemap.xml")
    visit(client, contact_thank_you, unrelated_treatment)

    post = Page.objects.get(url_path="/home" + ARTICLE).specific
    post.title = "Treatment-resistant depression, revised"
    post.save_revision().publish()

    purged_paths = paths(purged)
    assert {ARTICLE, "/blog/", "/blog/feed/", "/", "/sitemap.xml"} <= purged_paths
    # The other posts list this one among their related posts.
    assert "/blog/tms-for-treatment-resistant-depression/" in paths(purged)
    assert contact_thank_you not in purged_paths
    assert unrelated_treatment not in purged_paths


def test_unpublishing_purges_the_page_and_its_listing(client, purged):
    visit(client, "/blog/", ARTICLE)

    Page.objects.get(url_path="/home" + ARTICLE).unpublish()

    assert {ARTICLE, "/blog/"} <= paths(purged)


def test_moving_a_page_purges_and_forgets_its_old_address(client, purged):
    old_url = "/telehealth/"
    visit(client, old_url)
    page = Page.objects.get(url_path="/home" + old_url)
    new_parent = Page.objects.get(url_path="/home/fees-and-insurance/")

    page.move(new_parent, pos="last-child")

    assert old_url in paths(purged)
    assert "/fees-and-insurance/telehealth/" in paths(purged)
    assert old_url not in paths(url_registry.cached_urls())


def test_deleting_a_page_purges_it(client, purged):
    visit(client, "/blog/", ARTICLE)

    Page.objects.get(url_path="/home" + ARTICLE).delete()

    assert {ARTICLE, "/blog/"} <= paths(purged)


def test_putting_a_password_on_a_page_purges_it_and_the_listing_above(client, purged):
    visit(client, "/blog/", ARTICLE)

    PageViewRestriction.objects.create(
        page=Page.objects.get(url_path="/home" + ARTICLE),
        restriction_type=PageViewRestriction.PASSWORD,
        password="s3cret-pass",
    )

    assert {ARTICLE, "/blog/"} <= paths(purged)


def test_a_password_protected_page_can_be_deleted_and_is_purged(client, purged):
    visit(client, "/telehealth/")
    page = Page.objects.get(url_path="/home/telehealth/")
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pass"
    )
    purged.clear()

    page.delete()

    assert not Page.objects.filter(url_path="/home/telehealth/").exists()
    assert "/telehealth/" in paths(purged)


def test_a_page_linked_from_the_menu_or_settings_purges_everything(client, purged):
    visit(client, "/", ARTICLE, "/treatments/ect/")

    Page.objects.get(url_path="/home/privacy-policy/").specific.save_revision().publish()

    assert {"/", ARTICLE, "/treatments/ect/"} <= paths(purged)


def test_changing_practice_settings_purges_every_cached_url_and_every_page(
    client, purged, site_content
):
    visit(client, "/", ARTICLE, "/blog/feed/", "/contact/thank-you/", "/sitemap.xml")

    settings_record = PracticeSettings.for_site(site_content)
    settings_record.practice_name = "Renamed Practice"
    settings_record.save()

    assert {"/", ARTICLE, "/blog/feed/", "/contact/thank-you/", "/sitemap.xml"} <= paths(purged)
    every_live_page = {page.url for page in Page.objects.live().filter(depth__gt=1)}
    assert every_live_page <= paths(purged)


def test_publishing_a_call_to_action_purges_everything(client, purged):
    visit(client, "/", ARTICLE)

    CallToAction.objects.get().save_revision().publish()

    assert {"/", ARTICLE} <= paths(purged)


def test_saving_a_call_to_action_draft_purges_nothing(client, purged):
    visit(client, "/")

    CallToAction.objects.get().save_revision()

    assert purged == []


def test_uploading_an_image_that_no_page_uses_purges_nothing(client, purged):
    from tests.factories import ImageFactory

    visit(client, "/")
    ImageFactory(file__filename="unused.png")

    assert purged == []


def test_purging_everything_sends_cloudfront_one_wildcard_per_site(settings, purged):
    settings.WAGTAILFRONTENDCACHE = {
        "proxy": {"BACKEND": RECORDING_BACKEND},
        "cdn": {
            "BACKEND": f"{__name__}.RecordingCloudfrontBackend",
            "DISTRIBUTION_ID": "E123",
        },
    }
    RecordingCloudfrontBackend.invalidated.clear()

    purge_everything_now()

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
    client, purged, site_content, django_capture_on_commit_callbacks
):
    from tests.factories import ImageFactory

    image = ImageFactory(file__filename="logo.png")
    practice = PracticeSettings.for_site(site_content)
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
    client, purged, monkeypatch
):
    class RedisDown:
        def __getattr__(self, name):
            def fail(*args, **kwargs):
                raise ConnectionError("Redis is down")

            return fail

    monkeypatch.setattr(url_registry, "_redis", RedisDown)
    visit(client, ARTICLE)  # served, though its URL cannot be recorded

    Page.objects.get(url_path="/home" + ARTICLE).specific.save_revision().publish()

    assert {ARTICLE, "/blog/", "/"} <= paths(purged)
