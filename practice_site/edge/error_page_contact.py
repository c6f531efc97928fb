"""Contact details for the 500 page, which must render without the database.

Practice settings copy the practice's name, phone and email into the cache
whenever they are saved; the error page reads them from there and shows
nothing if the cache is empty or unreachable.
"""

import logging

from django.core.cache import cache

logger = logging.getLogger(__name__)

KEY_PREFIX = "error-page-contact:"
DEFAULT_KEY = KEY_PREFIX + "default"


def error_page_contact_remember(practice) -> None:
    details = {
        "practice_name": practice.practice_name,
        "phone": practice.phone,
        "phone_href": practice.phone_href,
        "email": practice.email,
    }
    site = practice.site
    try:
        cache.set(KEY_PREFIX + site.hostname.lower(), details, timeout=None)
        if site.is_default_site:
            cache.set(DEFAULT_KEY, details, timeout=None)
    except Exception:
        # The settings are saved either way; only the error page loses the details.
        logger.warning("Could not cache the practice's contact details for the error page")


def error_page_contact_for(request) -> dict | None:
    host = request.META.get("HTTP_HOST", "").split(":")[0].lower()
    try:
        return cache.get(KEY_PREFIX + host) or cache.get(DEFAULT_KEY)
    except Exception:
        return None
