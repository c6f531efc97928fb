"""Limits on staff sign-in and password reset, beyond django-axes' lockout.

django-axes locks one user name at one address after a few failures
(AXES_LOCKOUT_PARAMETERS), which never locks the real user out from elsewhere
but lets one address try one password on many names. So:

- failed sign-ins are also counted per address, whatever the user name
  (SIGN_IN_FAILURE_RATE_LIMIT); over the limit, that address's sign-ins are refused;
- password reset requests are counted per address (PASSWORD_RESET_ADDRESS_RATE_LIMIT)
  and per e-mail address asked for (PASSWORD_RESET_ACCOUNT_RATE_LIMIT), so nobody
  can flood a mailbox or the mail server.

Refusals are a 429 page with Retry-After. The counters are django-ratelimit's, in
the shared cache, keyed on the client address (practice_site/edge/client_ip.py); with
the cache down they let everything through (RATELIMIT_FAIL_OPEN).
"""

from django_ratelimit.core import get_usage

from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.urls import reverse

from practice_site.edge.errors import error_response

SIGN_IN_FAILURES_GROUP = "sign-in-failures-per-address"
PASSWORD_RESET_ADDRESS_GROUP = "password-reset-per-address"  # noqa: S105 - a counter name
PASSWORD_RESET_ACCOUNT_GROUP = "password-reset-per-account"  # noqa: S105 - a counter name


def _wait(usage, *, this_one_counted: bool = True) -> int | None:
    """None while under the limit, else the seconds until the count starts again.

    A request that was counted may be the last one allowed; one only looked at
    is refused once the count has reached the limit.
    """
    if usage is None:
        return None
    over = (
        usage["count"] > usage["limit"] if this_one_counted else usage["count"] >= usage["limit"]
    )
    return max(1, usage["time_left"]) if over else None


def sign_in_failure_record(sender, credentials=None, request=None, **kwargs) -> None:
    if request is not None:
        get_usage(
            request,
            group=SIGN_IN_FAILURES_GROUP,
            key="ip",
            rate=settings.SIGN_IN_FAILURE_RATE_LIMIT,
            increment=True,
        )


def signal_handlers_connect() -> None:
    """Count failed sign-ins; called once from PracticeSiteConfig.ready()."""
    user_login_failed.connect(
        sign_in_failure_record, dispatch_uid="practice_site.sign_in_failure_record"
    )


def sign_in_wait(request) -> int | None:
    """The seconds this address must wait before trying to sign in again, or None."""
    usage = get_usage(
        request, group=SIGN_IN_FAILURES_GROUP, key="ip", rate=settings.SIGN_IN_FAILURE_RATE_LIMIT
    )
    return _wait(usage, this_one_counted=False)


def password_reset_wait(request) -> int | None:
    """Count this reset request, per address and per e-mail address; the wait, or None."""
    email = request.POST.get("email", "").strip().lower()
    waits = [
        _wait(
            get_usage(
                request,
                group=PASSWORD_RESET_ADDRESS_GROUP,
                key="ip",
                rate=settings.PASSWORD_RESET_ADDRESS_RATE_LIMIT,
                increment=True,
            )
        )
    ]
    if email:
        waits.append(
            _wait(
                get_usage(
                    request,
                    group=PASSWORD_RESET_ACCOUNT_GROUP,
                    key=lambda group, request: email,
                    rate=settings.PASSWORD_RESET_ACCOUNT_RATE_LIMIT,
                    increment=True,
                )
            )
        )
    waits = [wait for wait in waits if wait is not None]
    return max(waits) if waits else None


class SignInThrottleMiddleware:
    """Answer 429 to a sign-in or password reset POST from an address over its limit."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST":
            wait = None
            if request.path_info == reverse("wagtailadmin_login"):
                wait = sign_in_wait(request)
            elif request.path_info == reverse("wagtailadmin_password_reset"):
                wait = password_reset_wait(request)
            if wait is not None:
                response = error_response(request, 429)
                response["Retry-After"] = str(wait)
                return response
        return self.get_response(request)
