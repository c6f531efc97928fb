"""Middleware that turns bad requests and outages into clear, friendly answers."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError

from practice_site.errors import error_response

logger = logging.getLogger(__name__)

PUBLIC_METHODS = ("GET", "HEAD", "POST")


def _is_staff_path(request) -> bool:
    return request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIXES)


class MethodNotAllowedMiddleware:
    """Public pages answer only GET, HEAD and POST; anything else gets a 405, not a page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in PUBLIC_METHODS and not _is_staff_path(request):
            response = error_response(request, 405)
            response["Allow"] = ", ".join(PUBLIC_METHODS)
            return response
        return self.get_response(request)


class AdminNoIndexMiddleware:
    """Search engines must never index staff pages, even if a link to them leaks."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _is_staff_path(request):
            response["X-Robots-Tag"] = "noindex, nofollow"
        return response


class DatabaseUnavailableMiddleware:
    """A lost database connection answers 503 with the crisis line, not a stack trace.

    The page is rendered without the database, and the next request simply
    tries again, so the site recovers by itself when the database is back.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, (OperationalError, InterfaceError)):
            logger.error("Database unavailable: %s", exception.__class__.__name__)
            response = error_response(request, 503)
            response["Retry-After"] = "30"
            return response
        return None
