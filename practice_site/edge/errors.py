"""Error responses that never touch the database and always show the crisis line.

Used for 400 (bad request), 403 (CSRF failure), 405 (method not allowed),
429 (too many sign-in or password reset attempts),
500 (server error) and 503 (database unavailable). They share one template,
rendered with the built-in crisis wording and the practice's contact details
from the cache (see error_page_contact).

Some of them are made before the request reaches the middleware that adds the
security headers (a 405 is answered early, a bad Host fails inside
CommonMiddleware), so every error response carries those headers itself.
"""

from csp.utils import build_policy, default_config
from django_permissions_policy import PermissionsPolicyMiddleware

from django.conf import settings
from django.http import HttpResponse
from django.template import loader

from practice_site.edge.crisis_line import CRISIS_MESSAGE_DEFAULT
from practice_site.edge.error_page_contact import error_page_contact_for

MESSAGES = {
    400: ("Something was wrong with that request", "Please go back and try again."),
    403: (
        "That form could not be sent",
        "Your browser may have blocked a security cookie, or the page was open too long. "
        "Please reload the page and try again.",
    ),
    405: ("That action is not available here", "This page can only be read."),
    429: (
        "Too many attempts",
        "Please wait a few minutes and try again. If you are locked out of your "
        "account, a site administrator can help.",
    ),
    500: (
        "Something went wrong",
        "This page could not be shown just now. Please try again in a few minutes.",
    ),
    503: (
        "We will be back shortly",
        "The site is briefly unavailable. Please try again in a few minutes.",
    ),
}


def error_response(request, status: int) -> HttpResponse:
    title, message = MESSAGES[status]
    html = loader.get_template("errors/standalone.html").render(
        {
            "title": title,
            "message": message,
            "crisis_message": CRISIS_MESSAGE_DEFAULT,
            "contact": error_page_contact_for(request),
        }
    )
    response = HttpResponse(html, status=status)
    # Never cached: the next request may well succeed.
    response["Cache-Control"] = "no-store"
    security_headers_add(response)
    return response


def security_headers_add(response: HttpResponse) -> None:
    """The public pages' security headers, as their middleware would have set them."""
    response["Content-Security-Policy"] = build_policy(
        config=default_config(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"])
    )
    response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = settings.SECURE_REFERRER_POLICY
    response["Cross-Origin-Opener-Policy"] = settings.SECURE_CROSS_ORIGIN_OPENER_POLICY
    response["Permissions-Policy"] = PermissionsPolicyMiddleware.compute_header_value(
        settings.PERMISSIONS_POLICY, name="PERMISSIONS_POLICY"
    )


def bad_request(request, exception=None):
    return error_response(request, 400)


def csrf_failure(request, reason=""):
    return error_response(request, 403)


def server_error(request):
    return error_response(request, 500)
