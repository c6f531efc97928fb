"""What happens on Django's sign-in signal and django-axes' lockout signal."""

from axes.signals import user_locked_out

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.utils import timezone

from practice_site.two_factor import audit, idle_timeout, tasks


def connect() -> None:
    user_logged_in.connect(signed_in, dispatch_uid="practice_site.two_factor.signed_in")
    user_locked_out.connect(locked_out, dispatch_uid="practice_site.two_factor.locked_out")


def signed_in(sender, request, user, **kwargs):
    audit.log(user, audit.SIGNED_IN)
    if request is not None and hasattr(request, "session"):
        idle_timeout.activity_record(request)


def locked_out(sender, request, username, ip_address, **kwargs):
    """Tell the account's owner, once per lockout: axes signals again on every try
    made while the account is locked."""
    User = get_user_model()
    account = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    if account is None:
        return
    cooloff = int(settings.AXES_COOLOFF_TIME.total_seconds())
    if not cache.add(f"two_factor:lockout-notice:{account.pk}", 1, timeout=cooloff):
        return
    audit.log(account, audit.LOCKED_OUT, ip_address=ip_address or "")
    tasks.lockout_notice_send.enqueue(
        user_id=account.pk, locked_at=timezone.now().isoformat(), ip_address=ip_address or ""
    )
