"""Fixtures that build content with tests/factories.py instead of using the initial content.

Registered for every test by the block at the end of tests/conftest.py.

Building the tree takes about a quarter of a second, and hundreds of tests use
it, so it is built once for each test module, as Django's
`TestCase.setUpTestData` does: in a transaction of the module's own, which each
test's own transaction nests in (a savepoint, rolled back after the test), and
which is rolled back after the module's last test. Each test gets the tree's
objects read afresh, so what one test changes on them, in memory or in the
database, no other test sees.
"""

import pytest

from django.db import transaction

from tests.factories import SiteTree, site_tree_build


@pytest.fixture(scope="module")
def _module_site_tree(django_db_setup, django_db_blocker):
    """One `site_tree_build()` for the module's tests, rolled back after the last one."""
    module_transaction = transaction.atomic()
    with django_db_blocker.unblock():
        module_transaction.__enter__()
    try:
        with django_db_blocker.unblock():
            tree = site_tree_build()
        yield tree
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            module_transaction.__exit__(None, None, None)


@pytest.fixture
def site_tree(db, _module_site_tree) -> SiteTree:
    """A small practice site of its own, served at the test client's address.

    Use it whenever the initial content is not the subject of the test: build what
    the test needs on top of it, and compute expected values from its objects.
    """
    return _module_site_tree.reloaded()


@pytest.fixture
def staff_site_tree(db, _module_site_tree) -> SiteTree:
    """`site_tree` with the staff groups' rights on it and its blog and treatments in
    Clinical review: for tests where staff sign in and edit, submit or approve."""
    tree = _module_site_tree.reloaded()
    tree.roles_setup()
    return tree
