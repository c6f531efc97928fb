"""The caching wing's one middleware: what a request reads from the caches, and what the
front cache may keep of its response.
"""

from django.conf import settings
from django.utils.cache import add_never_cache_headers, patch_cache_control

from practice_site.caching.content_version import content_version
from practice_site.caching.front_cache.url_registry import cached_url_record
from practice_site.caching.page_routes import memo
from practice_site.edge.middleware import is_preview_request
from practice_site.edge.site_address import site_root_url


class CachingMiddleware:
    """Read the content version and the remembered route first; mark the response last.

    On the way in, for a GET or HEAD that is not a preview and not under
    FRONTEND_CACHE_NEVER_PATH_PREFIXES (admin, documents, search, health checks,
    which show no page fragments):
    1. the content version is read (request.content_version), before anything
       looks up the page, so what this request caches is stored under this
       version and a request that read content from before a change can never
       store it under the version made after (practice_site/caching/content_version.py).
       A form's response may show what was sent, and a preview shows unsaved
       content: they read and store nothing (request.content_version is None);
    2. Wagtail is handed the site and the page this address led to last time
       (practice_site/caching/page_routes.py).
    On the way out:
    3. the route Wagtail took is remembered;
    4. the front cache is told what it may keep: a response is sent as
       `public, max-age=0, s-maxage=FRONTEND_CACHE_MAX_AGE` only when all of these
       hold; otherwise it is marked no-store:
       - a GET or HEAD without a query string (pagination and filters would make
         unbounded keys that no purge could find), answered 200;
       - no session cookie in the request (so no signed-in user, no preview) and
         no Authorization header;
       - no cookie set by the response (the contact form's CSRF cookie);
       - not under FRONTEND_CACHE_NEVER_PATH_PREFIXES;
       - the view did not set Cache-Control itself.
       Browsers keep nothing (max-age=0), so they see a purge at once.

    It sits outside SessionMiddleware and CsrfViewMiddleware so that 4 sees the
    cookies they set. 1 and 2 then come earlier than they must, which is safe: the
    middleware in between reads no content, and a version read earlier is only
    older, never newer, than the content the page is built from.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.content_version = None
        if (
            request.method in ("GET", "HEAD")
            and not is_preview_request(request)
            and not request.path_info.startswith(settings.FRONTEND_CACHE_NEVER_PATH_PREFIXES)
        ):
            request.content_version = content_version()
        version = request.content_version
        primed = version is not None and memo.prime(request, version)

        response = self.get_response(request)

        if version is not None and not primed:
            memo.remember(request, response, version)
        self.cache_control_set(request, response)
        return response

    def cache_control_set(self, request, response) -> None:
        if is_preview_request(request):
            # Wagtail marks previews `private`; they show unsaved work, so
            # nothing, not even the staff member's browser, keeps one.
            add_never_cache_headers(response)
        elif response.has_header("Cache-Control"):
            return
        elif self.is_shareable(request, response):
            patch_cache_control(
                response, public=True, max_age=0, s_maxage=settings.FRONTEND_CACHE_MAX_AGE
            )
            # On the Site's configured address, not the request's Host: a forged
            # Host must neither add entries nor choose where purges go.
            cached_url_record(site_root_url(request) + request.path)
        else:
            add_never_cache_headers(response)

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
