"""Faults the site must survive: the cache (Redis) unreachable, the email server down."""

import pytest

from django.core.cache import caches
from django.test import override_settings

from wagtail.contrib.forms.models import FormSubmission

from practice_site.settings.caches import redis_cache
from tests.practice_site.test_contact_form import valid_post

pytestmark = pytest.mark.django_db

# The site's own Redis configuration, pointed at port 1 where nothing listens:
# connections are refused at once, as when Redis is down.
UNREACHABLE_REDIS = {"default": redis_cache("redis://127.0.0.1:1/0")}


@pytest.fixture
def redis_down():
    with override_settings(CACHES=UNREACHABLE_REDIS):
        caches["default"].get("probe")  # Proves the cache really is unreachable (and ignored).
        yield


@pytest.mark.parametrize(
    "url", ["/", "/blog/", "/blog/treatment-resistant-depression/", "/search/?q=tms", "/contact/"]
)
def test_pages_are_served_with_redis_unreachable(client, site_content, redis_down, url):
    assert client.get(url).status_code == 200


def test_inquiries_are_still_accepted_with_redis_unreachable(client, site_content, redis_down):
    response = client.post("/contact/", valid_post())

    assert response.status_code == 302
    assert FormSubmission.objects.count() == 1


def test_a_missing_or_forged_proxy_address_header_is_not_an_error(client, site_content, settings):
    # Production reads the visitor's address from the proxy's header; a request that
    # reaches the app server without it must still be answered.
    settings.CLIENT_IP_META_KEY = "HTTP_X_REAL_IP"

    missing = client.post("/contact/", valid_post())
    forged = client.post("/contact/", valid_post(), HTTP_X_REAL_IP="not-an-address")
    real = client.post("/contact/", valid_post(), HTTP_X_REAL_IP="203.0.113.9")

    assert [missing.status_code, forged.status_code, real.status_code] == [302, 302, 302]
    assert FormSubmission.objects.count() == 3
