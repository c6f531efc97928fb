"""The content version: one token that changes whenever anything a visitor sees changes.

Two caches key on it, so neither can serve anything older than the content:
- rendered pieces of pages (`{% fragmentcache %}`, practice_site/caching/templatetags/
  fragment_cache_tags.py), kept in the shared cache (Redis in production);
- which page each address leads to (practice_site/caching/page_routes.py), kept in
  each process.

The version is a row in the database (ContentVersion). What counts as a change,
and the signals that replace the token, are the one rule in
practice_site/caching/invalidation.py. Everything cached is then stale at once,
which is simple and cannot miss a dependency (a menu label, a related post, the
practice name in rich text). Content changes a few times a day; pages render
cold once after.

Why this is safe under load and failures:
- the token is replaced in the same transaction as the change, so it commits
  or rolls back with it; no change can be seen without its new version;
- each request reads the version once, before its page is looked up
  (practice_site/caching/middleware.py), so a request can store what it read
  only under a version that is current or older, never under one made after a
  change it did not see;
- the cache going away, restarting or coming back from an old snapshot cannot
  bring back an old version: the database has the current one.
Reading it costs each GET for a page one small query.
"""

import datetime
import uuid

from django.db import DatabaseError
from django.utils import timezone

from practice_site.caching.models import ContentVersion


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
    """Make everything keyed on the version stale, as part of the current transaction.

    Everything else a change needs (the front cache's purge) comes with it through
    practice_site.caching.invalidation.content_changed; call this alone only where
    nothing else needs to know.
    """
    if not ContentVersion.objects.update(token=uuid.uuid4(), changed_at=timezone.now()):
        ContentVersion.objects.create()


def timed_changes_checked(now: datetime.datetime) -> datetime.datetime | None:
    """Note that content changing at times of its own was checked up to now.

    Returns the time of the check before (None the first time). Locks the row
    until the current transaction ends, so two checks at once cannot both see
    the same times fall due.
    """
    row = ContentVersion.objects.select_for_update().order_by("pk").first()
    if row is None:
        ContentVersion.objects.create(timed_changes_checked_at=now)
        return None
    ContentVersion.objects.filter(pk=row.pk).update(timed_changes_checked_at=now)
    return row.timed_changes_checked_at
