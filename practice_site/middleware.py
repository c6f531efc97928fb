from contextvars import ContextVar

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config

from django.conf import settings
from django.http import HttpRequest

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


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp with one strict policy for the public site and the admin's own.

    The public policy (CONTENT_SECURITY_POLICY) has no 'unsafe-inline'; the
    Wagtail admin needs inline scripts and styles, so staff URLs get
    CONTENT_SECURITY_POLICY_ADMIN instead.
    """

    def get_policy_parts(self, request, response, report_only=False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(settings.CSP_ADMIN_PATH_PREFIXES)
        ):
            parts.config = default_config(settings.CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"])
        return parts
