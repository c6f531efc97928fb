"""The HTTP edge's middleware: the outermost layer (request ids, health checks, the method
guard, HSTS and noindex headers), the Content-Security-Policy, the request being served,
and the database guard.

Their places in settings.MIDDLEWARE matter: each entry there says why it sits where it
does, and docs/architecture.md walks the chain.
"""

import logging
import re
import uuid
from contextvars import ContextVar
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config

from django.conf import settings
from django.core.signals import request_finished
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest

from practice_site.edge.errors import error_response
from practice_site.edge.health import health_check_response

logger = logging.getLogger(__name__)


def is_preview_request(request: HttpRequest) -> bool:
    """True for the request Wagtail makes up to render a preview.

    Every preview (a page or snippet in the side panel or a new tab, a revision,
    a page in review) renders the object for a request to its public address,
    built by Wagtail and run through this whole middleware chain inside the
    admin's own request: `is_dummy` is set before the middleware runs,
    `is_preview` once the view does.
    """
    return bool(getattr(request, "is_dummy", False) or getattr(request, "is_preview", False))


# The outermost layer ------------------------------------------------------------

# The id of the request being served, for log lines; "-" outside a request.
current_request_id: ContextVar[str] = ContextVar("current_request_id", default="-")
REQUEST_ID_PATTERN = re.compile(r"[A-Za-z0-9-]{8,64}")


def request_id_assign(request: HttpRequest) -> str:
    """The request's id: the proxy's if it sent one that looks like an id, else a new one."""
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
    return request_id


def _request_id_clear(**kwargs):
    current_request_id.set("-")


request_finished.connect(_request_id_clear, dispatch_uid="practice_site.request_id_clear")


class RequestIdLogFilter(logging.Filter):
    def filter(self, record):
        record.request_id = current_request_id.get()
        return True


PUBLIC_METHODS = ("GET", "HEAD", "POST")


def _is_staff_path(request) -> bool:
    return request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIXES)


class EdgeMiddleware:
    """The outermost layer: what every response carries, and what is answered before Django's
    own middleware sees the request.

    On the way in, in this order:
    - a request id, shown in the request's log lines and its X-Request-ID header: the
      proxy's (nginx's $request_id) is kept so its log and the app's match; anything
      else a client sends that does not look like an id is replaced;
    - /healthz and /readyz are answered (practice_site/edge/health.py), before the host
      check and the HTTPS redirect of the middleware after this one, so probes can use
      an internal address over plain HTTP;
    - public pages answer only GET, HEAD and POST: anything else gets a 405 at once,
      not a page (staff pages are Wagtail's and answer what the admin sends).
    On the way out:
    - staff pages get `X-Robots-Tag: noindex, nofollow`: search engines must never
      index them, even if a link to one leaks;
    - HSTS (SECURE_HSTS_*) on plain-HTTP responses too, where Django's
      SecurityMiddleware, inside this one, sends it only over HTTPS. The proxy keeps
      one cache entry per page for its HTTPS and its plain listener (the origin a CDN
      reaches), whichever filled it; without this, a page cached from a plain request
      would be served over HTTPS without HSTS. Browsers ignore the header on plain
      HTTP (RFC 6797, 8.1), so it changes nothing there.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_assign(request)
        response = health_check_response(request)
        if (
            response is None
            and request.method not in PUBLIC_METHODS
            and not _is_staff_path(request)
        ):
            response = error_response(request, 405)
            response["Allow"] = ", ".join(PUBLIC_METHODS)
        if response is None:
            response = self.get_response(request)
        if _is_staff_path(request):
            response["X-Robots-Tag"] = "noindex, nofollow"
        if settings.SECURE_HSTS_SECONDS and "Strict-Transport-Security" not in response:
            response["Strict-Transport-Security"] = _hsts_value()
        response["X-Request-ID"] = request_id
        return response


def _hsts_value() -> str:
    value = f"max-age={settings.SECURE_HSTS_SECONDS}"
    if settings.SECURE_HSTS_INCLUDE_SUBDOMAINS:
        value += "; includeSubDomains"
    if settings.SECURE_HSTS_PRELOAD:
        value += "; preload"
    return value


# Headers on the way out, and the request in context ---------------------------------


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


# Outages get clear, friendly answers ---------------------------------------------


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
