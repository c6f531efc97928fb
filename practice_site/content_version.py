"""The content version: one token that changes whenever anything a visitor sees changes.

Two caches key on it, so neither can serve anything older than the content:
- rendered pieces of pages (`{% fragmentcache %}`, practice_site/templatetags/
  fragment_cache_tags.py): the head with its JSON-LD, the header and menus,
  the footer, the call to action, an article's body;
- which page each address leads to (practice_site/page_routes.py).

The version is a random token in the shared cache (Redis in production, so
every app server sees the same one). Any change that can show on a page
replaces it: a page published, unpublished, moved, deleted or saved; a
snippet, setting, site, image, document, tag or view restriction saved or
deleted. Everything cached is then stale at once, which is simple and cannot
miss a dependency (a menu label, a related post, the practice name in rich
text). Content changes a few times a day; pages render cold once after.

Two details keep it correct under load:
- the version is read once per request, before the page is looked up
  (ContentVersionMiddleware), so a request that read old content can only
  store it under the old version;
- it is replaced when the change is saved and again when the transaction
  commits, so nothing cached between the two survives.
"""

import uuid

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from taggit.models import Tag
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import (
    page_published,
    page_unpublished,
    post_page_move,
    published,
    unpublished,
)

CONTENT_VERSION_KEY = "content-version"

# Made when the code is loaded: once per app server start (gunicorn loads the
# app in its master process, before forking workers, so they share it). Cached
# fragments key on it too, so after a deploy or restart none rendered by other
# templates or code is read.
CODE_VERSION = uuid.uuid4().hex[:12]


def content_version() -> str | None:
    """The current content version, made if missing; None when the cache is unreachable."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        # A random token, never a counter: a version lost from the cache must
        # not come back as one that old fragments were stored under.
        cache.add(CONTENT_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(CONTENT_VERSION_KEY)
    return version


def content_version_bump() -> None:
    """Make everything keyed on the version stale; now, and again once the change is committed."""
    _content_version_replace()
    transaction.on_commit(_content_version_replace)


def _content_version_replace() -> None:
    cache.set(CONTENT_VERSION_KEY, uuid.uuid4().hex, timeout=None)


# What counts as a change that can show on a page -------------------------------

CONTENT_MODELS = (
    Page,
    Site,
    BaseSiteSetting,
    BaseGenericSetting,
    AbstractImage,
    AbstractDocument,
    Tag,
    PageViewRestriction,
)


def _shows_on_pages(instance) -> bool:
    from wagtail.snippets.models import get_snippet_models

    return isinstance(instance, CONTENT_MODELS) or type(instance) in get_snippet_models()


def _saved_or_deleted(sender, instance, **kwargs):
    if _shows_on_pages(instance):
        content_version_bump()


def _published_or_moved(sender, instance=None, **kwargs):
    content_version_bump()


def signal_handlers_connect() -> None:
    """Connect the replacements; called once from PracticeSiteConfig.ready()."""
    uid = "practice_site.content_version."
    post_save.connect(_saved_or_deleted, dispatch_uid=uid + "saved")
    post_delete.connect(_saved_or_deleted, dispatch_uid=uid + "deleted")
    # Publishing saves the page too; these also catch snippets and workflows
    # that publish without a save of their own.
    page_published.connect(_published_or_moved, dispatch_uid=uid + "page_published")
    page_unpublished.connect(_published_or_moved, dispatch_uid=uid + "page_unpublished")
    post_page_move.connect(_published_or_moved, dispatch_uid=uid + "page_moved")
    published.connect(_published_or_moved, dispatch_uid=uid + "published")
    unpublished.connect(_published_or_moved, dispatch_uid=uid + "unpublished")
