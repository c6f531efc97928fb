"""The caching wing's one table: the content version.

Stored under the practice app's label, with the practice's other tables and its
one migration history (practice_site/content/migrations/), so giving the model
a wing of its own changed no table.
"""

import uuid

from django.db import models


class ContentVersion(models.Model):
    """One row: a token replaced in the same transaction as any change a visitor could see.

    The caches key on it (practice_site/caching/content_version.py). Kept in the
    database, not the cache, so it commits or rolls back with the change itself,
    and a cache that restarts or restores an old snapshot cannot bring back an
    older version.
    """

    token = models.UUIDField(default=uuid.uuid4)
    changed_at = models.DateTimeField(auto_now=True)
    # Up to when content that starts or stops showing at times of its own
    # (practice_site/caching/invalidation.py, TimedVisibility) has been checked.
    timed_changes_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "practice_site"

    def __str__(self):
        return f"Content version {self.token.hex[:8]} ({self.changed_at:%Y-%m-%d %H:%M})"
