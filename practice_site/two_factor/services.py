"""The writes behind enrollment, recovery codes and resets, each in one transaction."""

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from django.conf import settings
from django.db import transaction

from practice_site.two_factor import audit, tasks

AUTHENTICATOR_APP_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"


def enrollment_device(user) -> TOTPDevice:
    """The not yet confirmed device enrollment shows, kept across reloads of the page
    so the secret does not change while someone is scanning it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_APP_NAME, confirmed=False)
    return device


@transaction.atomic
def enrollment_confirm(user, device: TOTPDevice) -> list[str]:
    """Make `device` the user's authenticator app and give them new recovery codes.

    Any earlier app stops working: one person, one app. Returns the recovery codes,
    which are shown once and never again.
    """
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _recovery_codes_replace(user)
    audit.log(user, audit.ENROLLED)
    return codes


@transaction.atomic
def recovery_codes_replace(user) -> list[str]:
    """New recovery codes for an enrolled user; the old ones stop working."""
    codes = _recovery_codes_replace(user)
    audit.log(user, audit.RECOVERY_CODES_REPLACED)
    return codes


def _recovery_codes_replace(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_CODES_NAME)
    codes = [StaticToken.random_token() for _ in range(settings.TWO_FACTOR_RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(device__user=user).count()


@transaction.atomic
def second_factor_reset(account, *, by=None) -> int:
    """Remove `account`'s authenticator app and recovery codes, so they must enroll again.

    `by` is the administrator who asked; None means the server command. The account's
    owner is emailed. Returns how many devices were removed.
    """
    removed, _ = TOTPDevice.objects.filter(user=account).delete()
    static_removed, _ = StaticDevice.objects.filter(user=account).delete()
    if by is None:
        audit.log_from_server(account, audit.RESET, via=audit.RESET_FROM_SERVER)
        reset_by = "A server administrator (from the server)"
    else:
        audit.log(account, audit.RESET, by=by)
        reset_by = by.get_full_name() or by.get_username()
    transaction.on_commit(
        lambda: tasks.second_factor_reset_notice_send.enqueue(
            user_id=account.pk, reset_by=reset_by
        )
    )
    return removed + static_removed
