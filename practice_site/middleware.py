import logging
import re
import uuid
from contextvars import ContextVar
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config

from django.conf import settings
from django.core.signals import request_finished
from django.http import HttpRequest
from django.utils.cache import add_never_cache_headers, patch_cache_control

# The request being served, for code that renders outside a template context
# (rich-text entities such as the practice name). None outside a request.
current_request: ContextVar[HttpRequest | None] = ContextVar("current_request", default=None)


class CurrentRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)


def is_preview_request(request: HttpRequest) -> bool:
    """True for the request Wagtail makes up to render a preview.

    Every preview (a page or snippet in the side panel or a new tab, a revision,
    a page in review) renders the object for a request to its public address,
    built by Wagtail and run through this whole middleware chain inside the
    admin's own request: `is_dummy` is set before the middleware runs,
    `is_preview` once the view does.
    """
    return bool(getattr(request, "is_dummy", False) or getattr(request, "is_preview", False))


def preview_frame_ancestors(request: HttpRequest) -> list[str]:
    """Who may show a preview in a frame: the admin, and nobody else.

    The browser loads a preview from an admin address, so 'self' is the admin's
    origin. WAGTAILADMIN_BASE_URL is named too when it is another origin than
    the site the preview renders for (an admin on a host name of its own).
    """
    ancestors = ["'self'"]
    admin = urlsplit(settings.WAGTAILADMIN_BASE_URL or "")
    if admin.scheme and admin.netloc:
        admin_origin = f"{admin.scheme}://{admin.netloc}"
        if admin_origin != f"{request.scheme}://{request.get_host()}":
            ancestors.append(admin_origin)
    return ancestors


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with one strict policy for the public site and two for the admin.

    The public policy (CONTENT_SECURITY_POLICY) has no 'unsafe-inline'; the
    Wagtail admin needs inline scripts and styles, so staff URLs get
    CONTENT_SECURITY_POLICY_ADMIN instead, except the sign-in, password-reset
    and two-factor pages and some listings, which work without inline scripts
    and get CONTENT_SECURITY_POLICY_ADMIN_STRICT. A preview keeps the public policy,
    so staff see what visitors will, except that the admin may frame it (its
    side panel is an iframe); public pages may be framed by nobody.

    X-Frame-Options says the same for browsers that read only that header:
    Django's XFrameOptionsMiddleware sends X_FRAME_OPTIONS (DENY) where no
    value is set yet, and this middleware, inside it, sets SAMEORIGIN on
    previews first.
    """

    def process_response(self, request, response):
        if is_preview_request(request):
            response["X-Frame-Options"] = "SAMEORIGIN"
        return super().process_response(request, response)

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if report_only or parts.config is not None:
            return parts
        if is_preview_request(request):
            parts.replace = {
                **(parts.replace or {}),
                "frame-ancestors": preview_frame_ancestors(request),
            }
        elif (
            request.path_info.startswith(settings.CSP_ADMIN_STRICT_PATH_PREFIXES)
            or request.path_info in settings.CSP_ADMIN_STRICT_PATHS
        ):
            parts.config = default_config(
                settings.CONTENT_SECURITY_POLICY_ADMIN_STRICT["DIRECTIVES"]
            )
        elif request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIXES):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts


class StrictTransportSecurityMiddleware:
    """Send HSTS (SECURE_HSTS_*) on plain-HTTP responses too, where Django sends it
    only over https.

    The proxy keeps one cache entry per page for its HTTPS and its plain listener
    (the origin a CDN reaches), whichever filled it; without this, a page cached
    from a plain request would be served over HTTPS without HSTS. Browsers ignore
    the header on plain HTTP (RFC 6797, 8.1), so it changes nothing there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.SECURE_HSTS_SECONDS and "Strict-Transport-Security" not in response:
            value = f"max-age={settings.SECURE_HSTS_SECONDS}"
            if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
                value += "; includeSubDomains"
            if settings.SECURE_HSTS_PRELOAD:
                value += "; preload"
            response["Strict-Transport-Security"] = value
        return response


# The id of the request being served, for log lines; "-" outside a request.
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9-]{8,64}")


class RequestIdMiddleware:
    """Give each request an id, shown in its log lines and its X-Request-ID header.

    The proxy's id (nginx's $request_id) is kept so its log and the app's match;
    anything else a client sends that does not look like an id is replaced.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        if is_preview_request(request) and current_request_id.get() != "-":
            # A preview is rendered inside the admin request that asked for it:
            # one request, one id in the log.
            incoming = current_request_id.get()
        request_id = incoming if REQUEST_ID_PATTERN.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        # Not reset on the way out: Django logs 4xx and 5xx responses after the
        # middleware has returned. request_finished clears it.
        current_request_id.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


def _request_id_clear(**kwargs):
    current_request_id.set("-")


request_finished.connect(_request_id_clear, dispatch_uid="practice_site.request_id_clear")


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


class ContentVersionMiddleware:
    """Read the content version before the page is looked up.

    What this request caches is stored under this version, so a request that
    read content from before a change can never store it under the version
    made after (practice_site/content_version.py). Only GET and HEAD use the
    caches keyed on it: a form's response may show what was sent. Previews use
    neither: they show unsaved content, which must never be cached or be
    served from what the published page cached.
    """

    def __init__(self, get_response):
        # Imported here: the module needs the models, and models import this one.
        from practice_site.content_version import content_version

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

    See practice_site/page_routes.py; needs ContentVersionMiddleware before it.
    """

    def __init__(self, get_response):
        from practice_site.page_routes import memo

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
        # Imported here: the module needs the models, and models import this one.
        from practice_site.frontend_cache import cached_url_record
        from practice_site.site_address import site_root_url

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
