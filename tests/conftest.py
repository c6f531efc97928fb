import pytest

from django.core.cache import cache

from wagtail.models import Site

from initial_content.loader import initial_content_load
from practice_site.content.models import PracticeSettings


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and cached settings live in the cache: start each test clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the initial content once into the test database.

    Each test runs in a transaction that is rolled back, so every test sees the
    same fresh content. Tests that commit (browser tests) run last and load it
    again through `site_content` (the loader is idempotent).
    """
    with django_db_blocker.unblock():
        initial_content_load()


@pytest.fixture
def site_content(db):
    """The page tree a new install gets from `load_initial_data`."""
    initial_content_load()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def practice_settings(site_content):
    return PracticeSettings.for_site(site_content)


# Factory-built content (tests/factories.py): `site_tree` and `staff_site_tree`. --------
from tests.content_fixtures import site_tree, staff_site_tree  # noqa: E402, F401
