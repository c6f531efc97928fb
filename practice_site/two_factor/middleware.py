"""The second sign-in step and the admin's idle timeout, as middleware.

Wagtail's login view checks the password. After it, `SecondFactorMiddleware` sends
staff with an authenticator app to the code step, and staff who must have one but
do not to enrollment, wherever they go on the site, until they are verified.
"""

from django_otp.middleware import OTPMiddleware

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse

from practice_site.two_factor import audit, idle_timeout, policy

# Reachable after the password alone: signing in and out, the code step, and what
# the admin's sign-in pages load.
OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "two_factor_verify",
}
# Reachable, too, by someone who has no authenticator app yet.
ENROLLMENT_URL_NAMES = {"two_factor_enroll"}
# Requests the admin's own scripts make while a page is merely open.
BACKGROUND_URL_NAMESPACES = {"wagtailadmin_editing_sessions"}


def _url_match(request):
    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


def _is_admin(request) -> bool:
    return request.path_info.startswith(reverse("wagtailadmin_home"))


def _is_staff(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser or user.has_perm("wagtailadmin.access_admin")
    )


class SecondFactorMiddleware(OTPMiddleware):
    """django-otp's middleware (it marks `request.user` verified or not), plus the gate."""

    def __call__(self, request):
        self._install_lazy_accessors(request)
        response = self._gate(request)
        return response or self.get_response(request)

    def _gate(self, request):
        user = request.user
        if not settings.TWO_FACTOR_REQUIRED or not _is_staff(user) or user.is_verified():
            return None
        match = _url_match(request)
        url_name = match.url_name if match else None
        if url_name in OPEN_URL_NAMES:
            return None
        if policy.has_second_factor(user):
            return redirect_to_login(request.get_full_path(), reverse("two_factor_verify"))
        if url_name in ENROLLMENT_URL_NAMES or not policy.second_factor_required(user):
            return None
        return redirect_to_login(request.get_full_path(), reverse("two_factor_enroll"))


class AdminIdleTimeoutMiddleware:
    """Signs staff out after ADMIN_IDLE_TIMEOUT seconds without an admin request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _is_admin(request) and request.user.is_authenticated:
            match = _url_match(request)
            if match is None or match.namespace not in BACKGROUND_URL_NAMESPACES:
                if idle_timeout.idle_too_long(request):
                    return self._sign_out(request)
                idle_timeout.activity_refresh(request)
        return self.get_response(request)

    def _sign_out(self, request):
        user = request.user
        audit.log(user, audit.SIGNED_OUT_IDLE)
        logout(request)
        minutes = settings.ADMIN_IDLE_TIMEOUT // 60
        messages.info(
            request,
            f"You were signed out after {minutes} minutes without activity. "
            "Sign in again to carry on.",
        )
        return redirect_to_login(request.get_full_path(), reverse("wagtailadmin_login"))
