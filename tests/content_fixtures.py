"""Fixtures that build content with tests/factories.py instead of using the initial content.

Registered for every test by the block at the end of tests/conftest.py.
"""

import pytest

from tests.factories import SiteTree, site_tree_build


@pytest.fixture
def site_tree(db) -> SiteTree:
    """A small practice site of its own, served at the test client's address.

    Use it whenever the initial content is not the subject of the test: build what
    the test needs on top of it, and compute expected values from its objects.
    """
    return site_tree_build()


@pytest.fixture
def staff_site_tree(db) -> SiteTree:
    """`site_tree` with the staff groups' rights on it and its blog and treatments in
    Clinical review: for tests where staff sign in and edit, submit or approve."""
    return site_tree_build(roles=True)
