"""The contact form's two limits per client address, counted in the shared cache.

- Every POST counts toward CONTACT_FORM_ATTEMPT_RATE_LIMIT (default 30 an hour):
  it keeps floods out.
- Only an inquiry about to be stored counts toward CONTACT_FORM_RATE_LIMIT
  (default 5 an hour), so a visitor who needs several tries to get the form right
  is never locked out by their own corrections.

Both are django-ratelimit counters keyed on the client address
(practice_site/edge/client_ip.py). Each check answers None while the client is under
its limit, else the seconds until the count starts again (for Retry-After). With
the cache down both let everything through (RATELIMIT_FAIL_OPEN).
"""

from django_ratelimit.core import get_usage

from django.conf import settings

ATTEMPTS_GROUP = "contact-form-attempts"
INQUIRIES_GROUP = "contact-form"


def contact_attempt_wait(request) -> int | None:
    """Count this POST; the seconds to wait when it is one too many."""
    return _count(request, ATTEMPTS_GROUP, settings.CONTACT_FORM_ATTEMPT_RATE_LIMIT)


def contact_inquiry_wait(request) -> int | None:
    """Count an inquiry that is about to be stored; the seconds to wait when it is one too many."""
    return _count(request, INQUIRIES_GROUP, settings.CONTACT_FORM_RATE_LIMIT)


def _count(request, group: str, rate: str) -> int | None:
    usage = get_usage(request, group=group, key="ip", rate=rate, method="POST", increment=True)
    if usage is None or not usage["should_limit"]:
        return None
    return max(1, usage["time_left"])
