"""Every cache and the one rule that keeps them fresh.

The content version (content_version.py), fragments of pages in the shared
cache (templatetags/fragment_cache_tags.py), remembered page routes
(page_routes.py), the front cache's purges (frontend_cache.py), and the
middleware that reads the version and marks what the proxy may keep. Knows
Wagtail's base classes only, never the practice's content models.
"""
