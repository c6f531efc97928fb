"""The admin pages of two-factor sign-in: the code step, enrollment, recovery codes,
the user's own overview and an administrator's reset of a colleague's factor."""

import base64
from base64 import b32encode

import django_otp
import qrcode
import qrcode.image.svg

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, get_user_model
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from wagtail.admin.auth import permission_denied

from practice_site.two_factor import audit, policy, services
from practice_site.two_factor.forms import (
    EnrollmentForm,
    PasswordConfirmForm,
    SecondFactorForm,
)

NEW_RECOVERY_CODES_SESSION_KEY = "two_factor_new_recovery_codes"
RESET_PERMISSION = "auth.change_user"


def _next_url(request) -> str:
    url = request.POST.get(REDIRECT_FIELD_NAME) or request.GET.get(REDIRECT_FIELD_NAME, "")
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return reverse("wagtailadmin_home")


def _posted(request):
    """The form data of a POST, even an empty one (which must be refused, not ignored)."""
    return request.POST if request.method == "POST" else None


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def verify(request):
    user = request.user
    if user.is_verified():
        return redirect(_next_url(request))
    if not policy.has_second_factor(user):
        return redirect("two_factor_enroll")
    form = SecondFactorForm(user, _posted(request))
    if request.method == "POST":
        if form.is_valid():
            _verified_session_start(request, user.otp_device)
            method = audit.METHOD_RECOVERY_CODE if form.used_recovery_code else audit.METHOD_APP
            audit.log(user, audit.SECOND_FACTOR_ACCEPTED, method=method)
            if form.used_recovery_code:
                _recovery_code_used_warn(request)
            return redirect(_next_url(request))
        if form.cleaned_data.get("otp_token"):
            audit.log(user, audit.SECOND_FACTOR_REFUSED)
    return TemplateResponse(
        request,
        "two_factor/verify.html",
        {"form": form, "next": _next_url(request)},
    )


def _verified_session_start(request, device) -> None:
    django_otp.login(request, device)
    # A new session key for the session that now has full rights, as Django's own
    # login does after the password: a key someone fixed in advance is worth nothing.
    request.session.cycle_key()


def _recovery_code_used_warn(request):
    left = services.recovery_codes_left(request.user)
    messages.warning(
        request,
        f"You signed in with a recovery code; it cannot be used again. {left} left. "
        "If you lost your authenticator app, set up a new one under Two-factor sign-in "
        "in your account.",
    )


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def enroll(request):
    user = request.user
    device = services.enrollment_device(user)
    form = EnrollmentForm(request, device, _posted(request))
    if request.method == "POST" and form.is_valid():
        codes = services.enrollment_confirm(user, device)
        _verified_session_start(request, device)
        request.session[NEW_RECOVERY_CODES_SESSION_KEY] = codes
        messages.success(request, "Two-factor sign-in is set up.")
        return redirect("two_factor_recovery_codes")
    return TemplateResponse(
        request,
        "two_factor/enroll.html",
        {
            "form": form,
            "qr_code_src": _qr_code_data_uri(device.config_url),
            "secret_groups": _secret_groups(device),
            "replacing": policy.has_second_factor(user),
            "required": policy.second_factor_required(user),
        },
    )


def _qr_code_data_uri(text: str) -> str:
    """The QR code as an SVG drawn here: the secret never leaves the server for a
    third-party QR service, and the page needs no script."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode()


def _secret_groups(device) -> list[str]:
    secret = b32encode(device.bin_key).decode()
    return [secret[i : i + 4] for i in range(0, len(secret), 4)]


@never_cache
def recovery_codes(request):
    # Popped, so the codes show once: a reload or the back button shows the notice.
    codes = request.session.pop(NEW_RECOVERY_CODES_SESSION_KEY, None)
    return TemplateResponse(request, "two_factor/recovery_codes.html", {"codes": codes})


@sensitive_post_parameters()
@never_cache
@require_http_methods(["GET", "POST"])
def overview(request):
    user = request.user
    form = PasswordConfirmForm(request, _posted(request))
    enrolled = policy.has_second_factor(user)
    if request.method == "POST" and enrolled and form.is_valid():
        request.session[NEW_RECOVERY_CODES_SESSION_KEY] = services.recovery_codes_replace(user)
        return redirect("two_factor_recovery_codes")
    return TemplateResponse(
        request,
        "two_factor/overview.html",
        {
            "form": form,
            "app": policy.authenticator_app(user),
            "recovery_codes_left": services.recovery_codes_left(user),
            "required": policy.second_factor_required(user),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def reset(request, user_id: int):
    if not request.user.has_perm(RESET_PERMISSION):
        return permission_denied(request)
    account = get_object_or_404(get_user_model(), pk=user_id)
    # Someone who cannot edit a superuser's account must not weaken its sign-in either.
    if account.is_superuser and not request.user.is_superuser:
        return permission_denied(request)
    if account.pk == request.user.pk:
        messages.info(request, "Change your own second factor here.")
        return redirect("two_factor_overview")
    if request.method == "POST":
        services.second_factor_reset(account, by=request.user)
        messages.success(
            request,
            f"The second factor of {account.get_username()} was reset. They were emailed "
            "and must set up an authenticator app the next time they sign in.",
        )
        return redirect("wagtailusers_users:index")
    return TemplateResponse(
        request,
        "two_factor/reset_confirm.html",
        {"account": account, "enrolled": policy.has_second_factor(account)},
    )
