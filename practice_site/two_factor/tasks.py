"""Emails to a staff member about their own account, sent off the request.

They tell the owner that something happened and what to do; they never carry a
code or a link that signs anyone in.
"""

import datetime

from django_tasks import task

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone


def _login_url() -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + reverse("wagtailadmin_login")


def _when(moment: datetime.datetime) -> str:
    return timezone.localtime(moment).strftime("%B %-d, %Y at %-I:%M %p (%Z)")


@task()
def second_factor_reset_notice_send(user_id: int, reset_by: str) -> None:
    user = get_user_model().objects.get(pk=user_id)
    if not user.email:
        return
    site = settings.WAGTAIL_SITE_NAME
    send_mail(
        subject=f"Your two-factor sign-in for {site} was reset",
        message=(
            f"{reset_by} reset the second factor (authenticator app and recovery codes) "
            f'of your staff account "{user.get_username()}" on {_when(timezone.now())}.\n\n'
            f"The next time you sign in at {_login_url()} you will be asked to set up "
            "your authenticator app again, and you will get new recovery codes.\n\n"
            "If you did not ask for this, tell a site administrator at once: someone may "
            "be trying to get into your account."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )


@task()
def lockout_notice_send(user_id: int, locked_at: str, ip_address: str) -> None:
    user = get_user_model().objects.get(pk=user_id)
    if not user.email:
        return
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    send_mail(
        subject=f"Sign-in to your {settings.WAGTAIL_SITE_NAME} staff account was paused",
        message=(
            f'After repeated wrong passwords, signing in to your staff account "'
            f'{user.get_username()}" was paused for {minutes} minutes on '
            f"{_when(datetime.datetime.fromisoformat(locked_at))}"
            f" (the attempts came from the address {ip_address or 'unknown'}).\n\n"
            "If that was you, wait and try again; if you have forgotten your password, "
            "ask a site administrator to reset it.\n\n"
            "If it was not you, tell a site administrator: someone may be guessing your "
            "password."
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[user.email],
    )
