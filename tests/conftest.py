"""Fixtures for the whole suite.

The test database (pytest-django's, one per xdist worker) is a copy of a
database the run migrated once (tests/databases.py), with the initial content
loaded once when it is made. Tests that roll back (the usual `db` tests) see
the content as loaded. Tests that commit (the browser tests on the live
server) get it back afterwards from a snapshot taken right after loading:
SQLite's backup API on SQLite, a copy of every table in a schema of its own on
PostgreSQL. That replaces Django's flush-and-reload (`serialized_rollback`),
which took about a second per test.
"""

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import TransactionTestCase

from wagtail.models import Site

from initial_content.loader import initial_content_load
from practice_site.content.models import PracticeSettings
from tests import databases


def _is_xdist_worker(config) -> bool:
    return hasattr(config, "workerinput")


def pytest_configure(config):
    # The process that starts the run (the xdist controller, or the only process)
    # makes the run's folder; the workers inherit the variables.
    if not _is_xdist_worker(config):
        os.environ[databases.RUN_DIR_VARIABLE] = tempfile.mkdtemp(prefix="practice-tests-")
        if getattr(config, "cache", None) is not None:
            os.environ[databases.CACHE_DIR_VARIABLE] = str(
                config.cache.mkdir("migrated-databases")
            )


def pytest_unconfigure(config):
    if not _is_xdist_worker(config) and databases.RUN_DIR_VARIABLE in os.environ:
        databases.run_end(Path(os.environ.pop(databases.RUN_DIR_VARIABLE)))


def pytest_collection_finish(session):
    """Start making the shared databases the collected tests need, all at once."""
    if session.config.option.collectonly:
        return
    engine = "postgres" if "postgresql" in settings.DATABASES["default"]["ENGINE"] else "sqlite"
    needed = set()
    for item in session.items:
        names = set(getattr(item, "fixturenames", ()))
        if item.get_closest_marker("django_db") or names & {"db", "transactional_db"}:
            needed.add(f"migrated-{engine}")
        if "migrated_sqlite_database" in names:
            needed.add("migrated-sqlite")
        if "loaded_sqlite_database" in names:
            needed.add("loaded-sqlite")
        if "loaded_postgres_database" in names:
            needed.add("loaded-postgres")
    # A loaded database is made from the migrated one: one thread does both.
    needed -= {f"migrated-{loaded.split('-')[1]}" for loaded in needed if loaded[0] == "l"}
    databases.prepare_in_background(needed)


# Databases for manage.py in processes of their own ---------------------------------


def _sqlite_copier(source: Path) -> Callable[[Path], Path]:
    def copy(destination: Path) -> Path:
        destination.write_bytes(source.read_bytes())
        return destination

    return copy


@pytest.fixture(scope="session")
def migrated_sqlite_database() -> Callable[[Path], Path]:
    """Copies a SQLite database as `make migrate` leaves a new one to the given path."""
    return _sqlite_copier(databases.migrated_sqlite_path())


@pytest.fixture(scope="session")
def loaded_sqlite_database() -> Callable[[Path], Path]:
    """Copies a SQLite database as `make load-data` leaves it (migrated, initial
    content) to the given path."""
    return _sqlite_copier(databases.loaded_sqlite_path())


@pytest.fixture(scope="session")
def loaded_postgres_database() -> Callable[[str], str]:
    """Creates a PostgreSQL database with the given name as `make load-data` leaves
    it (migrated, initial content) and returns its URL; the caller drops it."""
    template = databases.loaded_postgres_name()
    return lambda name: databases.postgres_database_copy(template, name)


# The test database -----------------------------------------------------------------


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_blocker, django_db_modify_db_settings
):
    """The test database (one per xdist worker), with the initial content loaded once.

    Each rolled-back test sees it as loaded; after each test that commits, the
    snapshot taken here is restored in place of Django's flush, so the next test
    again finds exactly this content.
    """
    if request.config.getvalue("reuse_db") or request.config.getvalue("nomigrations"):
        pytest.exit("--reuse-db and --no-migrations do not apply: the test database is a copy")
    with django_db_blocker.unblock():
        connection = connections[DEFAULT_DB_ALIAS]
        old_name = connection.settings_dict["NAME"]
        if connection.vendor == "postgresql" and not databases.on_the_run_server(connection):
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
        else:
            databases.test_database_create(connection)
        initial_content_load()
        snapshot = databases.snapshot_take(connection)
        # pytest-django serialized the new database for `serialized_rollback`; the
        # snapshot restores more (migrated rows too) in far less time.
        with contextlib.suppress(AttributeError):
            del connection._test_serialized_contents

    def restore_instead_of_flush(test_case):
        # Any connection object for the alias will do: while Playwright's event loop
        # runs, Django hands this thread a different one than before (asgiref keeps
        # separate storage for async contexts), on the same database.
        for alias in test_case._databases_names(include_mirrors=False):
            snapshot.restore(connections[alias])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(TransactionTestCase, "_fixture_teardown", restore_instead_of_flush)
        yield
    with django_db_blocker.unblock():
        snapshot.drop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate limits and cached settings live in the cache: start each test clean.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def site_content(db):
    """The page tree a new install gets from `load_initial_data` (loaded once, in
    django_db_setup, and as loaded at the start of every test)."""
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def practice_settings(site_content):
    return PracticeSettings.for_site(site_content)


# Factory-built content (tests/factories.py): `site_tree` and `staff_site_tree`. --------
from tests.content_fixtures import site_tree, staff_site_tree  # noqa: E402, F401
