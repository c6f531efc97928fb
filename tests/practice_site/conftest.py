import pytest

from practice_site.caching.front_cache import url_registry
from tests.front_cache import RECORDING_BACKEND, RecordingBackend


@pytest.fixture
def purged(settings):
    """The URLs purged while the test runs, with a front cache configured that records them."""
    settings.WAGTAILFRONTENDCACHE = {"proxy": {"BACKEND": RECORDING_BACKEND}}
    RecordingBackend.purged.clear()
    url_registry._cached_urls_in_process.clear()
    yield RecordingBackend.purged
    RecordingBackend.purged.clear()
    url_registry._cached_urls_in_process.clear()
