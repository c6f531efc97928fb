"""The caching wing's middleware: read the content version, remember page routes, mark what
the front cache may keep. Their places in settings.MIDDLEWARE are part of cache
correctness (docs/architecture.md says why).
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control

from practice_site.caching.content_version import content_version
from practice_site.caching.frontend_cache import cached_url_record
from practice_site.caching.page_routes import memo
from practice_site.edge.middleware import is_preview_request
from practice_site.edge.site_address import site_root_url


class ContentVersionMiddleware:
    """Read the content version before the page is looked up.

    What this request caches is stored under this version, so a request that
    read content from before a change can never store it under the version
    made after (practice_site/caching/content_version.py). Only GET and HEAD use the
    caches keyed on it: a form's response may show what was sent. Previews use
    neither: they show unsaved content, which must never be cached or be
    served from what the published page cached.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.content_version = content_version

    def __call__(self, request):
        request.content_version = None
        # The paths never shared-cached (admin, documents, search, health checks)
        # show no page fragments, so they skip the query.
        if (
            request.method in ("GET", "HEAD")
            and not is_preview_request(request)
            and not request.path_info.startswith(settings.FRONTEND_CACHE_NEVER_PATH_PREFIXES)
        ):
            request.content_version = self.content_version()
        return self.get_response(request)


class PageRouteMemoMiddleware:
    """Skip Wagtail's walk down the page tree for addresses already served.

    See practice_site/caching/page_routes.py; needs ContentVersionMiddleware before it.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.memo = memo

    def __call__(self, request):
        version = request.content_version
        if version is None:
            return self.get_response(request)
        primed = self.memo.prime(request, version)
        response = self.get_response(request)
        if not primed:
            self.memo.remember(request, response, version)
        return response


class FrontendCacheControlMiddleware:
    """Let a shared cache (the proxy or a CDN) keep anonymous page views, and nothing else.

    A response is sent as `public, max-age=0, s-maxage=FRONTEND_CACHE_MAX_AGE`
    only when all of these hold; otherwise it is marked no-store:
    - a GET or HEAD without a query string (pagination and filters would make
      unbounded keys that no purge could find), answered 200;
    - no session cookie in the request (so no signed-in user, no preview) and no
      Authorization header;
    - no cookie set by the response (the contact form's CSRF cookie);
    - not under FRONTEND_CACHE_NEVER_PATH_PREFIXES (admin, documents, search);
    - the view did not set Cache-Control itself.
    Browsers keep nothing (max-age=0), so they see a purge at once.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.cached_url_record = cached_url_record
        self.site_root_url = site_root_url

    def __call__(self, request):
        response = self.get_response(request)
        if is_preview_request(request):
            # Wagtail marks previews `private`; they show unsaved work, so
            # nothing, not even the staff member's browser, keeps one.
            add_never_cache_headers(response)
            return response
        if response.has_header("Cache-Control"):
            return response
        if self.is_shareable(request, response):
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=settings.FRONTEND_CACHE_MAX_AGE
            )
            # On the Site's configured address, not the request's Host: a forged
            # Host must neither add entries nor choose where purges go.
            self.cached_url_record(self.site_root_url(request) + request.path)
        else:
            add_never_cache_headers(response)
        return response

    @staticmethod
    def is_shareable(request, response) -> bool:
        return (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and not request.META.get("QUERY_STRING")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not response.cookies
            and not request.path_info.startswith(settings.FRONTEND_CACHE_NEVER_PATH_PREFIXES)
        )
