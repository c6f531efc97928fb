"""Signing staff out of the admin after a while without a request.

The last request's time is kept in the session and refreshed at most once a
minute, so most admin requests do not rewrite the session. Wagtail's editor pings
the server every few seconds while a page is open; those pings are not activity,
or a screen left open would never time out.
"""

import time

from django.conf import settings

LAST_ACTIVITY_SESSION_KEY = "admin_last_activity"
REFRESH_AFTER_SECONDS = 60


def activity_record(request) -> None:
    request.session[LAST_ACTIVITY_SESSION_KEY] = int(time.time())


def idle_too_long(request) -> bool:
    last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
    return last is not None and time.time() - last > settings.ADMIN_IDLE_TIMEOUT


def activity_refresh(request) -> None:
    last = request.session.get(LAST_ACTIVITY_SESSION_KEY)
    if last is None or time.time() - last >= REFRESH_AFTER_SECONDS:
        activity_record(request)
