"""The front cache (the nginx proxy or a CDN) as Django sees it, one module per job:

- url_registry.py   the URLs it may hold, recorded as responses marked cacheable are
                    served (a set in Redis, shared by every app server);
- affected_urls.py  which of those URLs show a page that changed;
- purge.py          sending purges: the nginx backend, and purging everything at once.

What counts as a change and when to purge is decided in one place,
practice_site/caching/invalidation.py; what the front cache may keep, in
practice_site/caching/middleware.py.
"""

from django.conf import settings


def is_enabled() -> bool:
    """A purge backend is configured (production); without one nothing is recorded or purged."""
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))
