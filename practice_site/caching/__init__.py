"""Every cache and the one rule that keeps them fresh.

- invalidation.py     the rule: which changes a visitor could see, and what follows
                      (the content version replaced, the front cache purged); content
                      with times of its own (TimedVisibility)
- content_version.py  the token the caches inside Django key on
- templatetags/fragment_cache_tags.py  fragments of pages in the shared cache, keyed
                      on the content version and the release (release.py)
- page_routes.py      which page each address leads to, remembered per process
- front_cache/        the URLs the front cache may hold, which of them a change
                      affects, and the purges (the nginx backend)
- middleware.py       reads the version and the route, marks what the proxy may keep
- cache_breaker.py    skips Redis for a few seconds after it fails

Knows Wagtail's base classes only, never the practice's content models.
"""
