"""The content version: one token that changes whenever anything a visitor sees changes.

Two caches key on it, so neither can serve anything older than the content:
- rendered pieces of pages (`{% fragmentcache %}`, practice_site/templatetags/
  fragment_cache_tags.py), kept in the shared cache (Redis in production);
- which page each address leads to (practice_site/caching/page_routes.py), kept in
  each process.

The version is a row in the database (ContentVersion). Any change that can show
on a page replaces its token: a page published, unpublished, moved, deleted or
saved; a snippet, setting, site, image, document, tag or view restriction saved
or deleted. Everything cached is then stale at once, which is simple and cannot
miss a dependency (a menu label, a related post, the practice name in rich
text). Content changes a few times a day; pages render cold once after.

Why this is safe under load and failures:
- the token is replaced in the same transaction as the change, so it commits
  or rolls back with it; no change can be seen without its new version;
- each request reads the version once, first (ContentVersionMiddleware), so a
  request can store what it read only under a version that is current or
  older, never under one made after a change it did not see;
- the cache going away, restarting or coming back from an old snapshot cannot
  bring back an old version: the database has the current one.
Reading it costs each GET for a page one small query.
"""

import uuid

from django.db import DatabaseError
from django.db.models.signals import post_delete, post_save

from taggit.models import Tag
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.documents.models import AbstractDocument
from wagtail.images.models import AbstractImage
from wagtail.models import Page, PageViewRestriction, Site

from practice_site.caching.models import ContentVersion

# Made when the code is loaded: once per app server start (gunicorn loads the
# app in its master process, before forking workers, so they share it). Cached
# fragments key on it too, so after a deploy or restart none rendered by other
# templates or code is read.
CODE_VERSION = uuid.uuid4().hex[:12]


def content_version() -> str | None:
    """The current content version; None if the database cannot be read (nothing is cached)."""
    try:
        token = ContentVersion.objects.order_by("pk").values_list("token", flat=True).first()
        if token is None:
            token = ContentVersion.objects.create().token
    except DatabaseError:
        # The page view itself will meet the outage and answer the friendly 503.
        return None
    return token.hex


def content_version_bump() -> None:
    """Make everything keyed on the version stale, as part of the current transaction."""
    if not ContentVersion.objects.update(token=uuid.uuid4()):
        ContentVersion.objects.create()


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


def signal_handlers_connect() -> None:
    """Connect the replacements; called once from PracticeSiteConfig.ready()."""
    uid = "practice_site.caching.content_version."
    # Saves are enough: Wagtail's publish, unpublish and move of pages and snippets
    # all save the object in the same transaction, and the version commits with it.
    post_save.connect(_saved_or_deleted, dispatch_uid=uid + "saved")
    post_delete.connect(_saved_or_deleted, dispatch_uid=uid + "deleted")
