import pytest

from django.core.cache import cache

from wagtail.models import Site

from practice_site.initial_content.loader import initial_content_load
from practice_site.models import PracticeSettings


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and cached settings live in the cache: start each test clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_content(db):
    """The page tree a new install gets from `load_initial_data`."""
    initial_content_load()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def practice_settings(site_content):
    return PracticeSettings.for_site(site_content)
