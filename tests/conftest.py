"""Fixtures for the whole suite."""

import os
import shutil
from collections.abc import Callable
from hashlib import sha256
from pathlib import Path

import pytest

from django.core.cache import cache
from django.db import connections
from django.test import Client

from wagtail.images.models import Filter
from wagtail.models import Page, Site

from initial_content.loader import initial_content_load
from practice_site.content.models import PracticeSettings
from tests import databases
from tests.manage_processes import manage_environment, manage_run


@pytest.fixture(scope="session", autouse=True)
def _each_rendition_encoded_once_per_process():
    """Wagtail makes an image rendition (an AVIF takes up to 0.2 s) whenever its row is
    missing, and every test that commits starts from emptied tables, so the same pictures
    were encoded again in each. Here the first encoding of an image's bytes under a filter
    is kept for the rest of the process and later ones are copied from it: Wagtail still
    makes, stores and serves every rendition (rows, files, names); only the encoder's
    output is reused, and it depends on nothing but those three inputs.
    """
    encode = Filter.run
    encoded: dict[tuple[str, str, str], tuple[type, bytes]] = {}

    def run(self, image, output, source=None):
        if source is None:
            with image.open_file() as file:
                original = file.read()
        else:
            original = source.read()
            source.seek(0)
        key = (sha256(original).hexdigest(), self.spec, self.get_cache_key(image))
        if key not in encoded:
            result = encode(self, image, output, source=source)
            result.f.seek(0)
            encoded[key] = (type(result), result.f.read())
            result.f.seek(0)
            return result
        image_file_class, data = encoded[key]
        output.write(data)
        output.seek(0)
        return image_file_class(output)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Filter, "run", run)
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and cached settings live in the cache: start each test clean.
    cache.clear()
    yield
    cache.clear()


def _is_xdist_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config):
    # The process that starts the run (xdist's controller, or the only process)
    # makes the folders for the test databases (tests/databases.py); workers inherit them.
    if not _is_xdist_worker(config):
        os.environ[databases.RUN_DIR_VARIABLE] = str(databases.run_dir_create())
        if getattr(config, "cache", None) is not None:
            cache_dir = config.cache.mkdir("migrated-databases")
            os.environ[databases.CACHE_DIR_VARIABLE] = str(cache_dir)


def pytest_unconfigure(config):
    if not _is_xdist_worker(config) and databases.RUN_DIR_VARIABLE in os.environ:
        shutil.rmtree(os.environ.pop(databases.RUN_DIR_VARIABLE), ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings():
    """This process's test database: a copy of the migrated template (tests/databases.py)."""
    databases.worker_database_create(os.environ.get("PYTEST_XDIST_WORKER", "main"))
    yield
    connections.close_all()
    databases.worker_database_drop()


@pytest.fixture(scope="session")
def django_db_keepdb():
    # The test database is the copy made above, already migrated: Django keeps it
    # (its `migrate` finds nothing to do), and it is dropped above when the run ends.
    return True


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the initial content once into the test database.

    Each test runs in a transaction that is rolled back, so every test sees the
    same fresh content. Tests that commit (browser tests) run last and load it
    again through `site_content` (the loader is idempotent).
    """
    with django_db_blocker.unblock():
        initial_content_load()


def _commits(request) -> bool:
    """Whether the test runs outside a rolled-back transaction."""
    marker = request.node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.args[:1] == (True,)):
        return True
    return bool({"transactional_db", "live_server"} & set(request.fixturenames))


@pytest.fixture
def site_content(request, db):
    """The page tree a new install gets from `load_initial_data`.

    A rolled-back test finds it as django_db_setup loaded it; a test that commits
    (the browser tests) runs after a flush of every table, so it loads it again.
    """
    if _commits(request):
        initial_content_load()
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def initial_artwork(request, site_content, settings):
    """The initial content with its images, as a new install has it (the test settings
    leave them out: each page's renditions cost time in every test that flushes)."""
    settings.INITIAL_CONTENT_IMAGES = True
    initial_content_load()
    if _commits(request) and not _ARTWORK_ENCODED:
        # Each page makes its image renditions (AVIF, WebP, JPEG) on its first view,
        # seconds of work for the home page: done here once, so a browser test's first
        # visit to a page is not timed out by it. Later tests' pages copy the encodings
        # (_each_rendition_encoded_once_per_process).
        client = Client()
        for page in Page.objects.live().public().specific().filter(depth__gte=2):
            client.get(page.url)
        _ARTWORK_ENCODED.append(True)
    return site_content


# Whether this process has viewed every page of the initial content with its artwork.
_ARTWORK_ENCODED: list[bool] = []


@pytest.fixture
def practice_settings(site_content):
    return PracticeSettings.for_site(site_content)


# SQLite databases for manage.py in processes of its own -------------------------------


def _copier(source: Path) -> Callable[[Path], Path]:
    def copy(destination: Path) -> Path:
        shutil.copyfile(source, destination)
        return destination

    return copy


@pytest.fixture(scope="session")
def migrated_sqlite_database() -> Callable[[Path], Path]:
    """Copies a SQLite database as `make migrate` leaves a new one to the path given."""
    return _copier(databases.sqlite_template())


@pytest.fixture(scope="session")
def loaded_sqlite_database(tmp_path_factory, migrated_sqlite_database) -> Callable[[Path], Path]:
    """Copies a SQLite database as `make load-data` leaves a new one (migrated, then
    the initial content) to the path given."""
    path = migrated_sqlite_database(tmp_path_factory.mktemp("loaded") / "loaded.sqlite3")
    manage_run(manage_environment(f"sqlite:///{path}"), "load_initial_data", "-v", "0")
    return _copier(path)


# Factory-built content (tests/factories.py): `site_tree` and `staff_site_tree`. --------
from tests.content_fixtures import (  # noqa: E402, F401
    _module_site_tree,
    site_tree,
    staff_site_tree,
)
