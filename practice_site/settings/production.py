"""Production: refuses to start without the variables a live site needs.

A missing variable stops the process with one line naming it, instead of a
traceback or, worse, a site running with an empty secret.
"""

import sys

from . import env
from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, REDIS_URL, SECRET_KEY

REQUIRED_VARIABLES = {
    "DJANGO_SECRET_KEY": SECRET_KEY,
    "DJANGO_ALLOWED_HOSTS": ALLOWED_HOSTS,
    # The cache must be shared by every process, or each would keep its own
    # rate limits and cached settings.
    "REDIS_URL": REDIS_URL,
}
for _name, _value in REQUIRED_VARIABLES.items():
    if not _value:
        sys.exit(
            f"practice_site.settings.production: {_name} is not set; "
            "set it in the environment (see .env.example)."
        )
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure"):
    sys.exit(
        "practice_site.settings.production: DJANGO_SECRET_KEY is too weak; "
        "use 50 or more random characters (see .env.example)."
    )

DEBUG = False

# HTTPS everywhere. The site sits behind a TLS-terminating proxy that sets
# X-Forwarded-Proto; HSTS length is set by the environment so it can be
# raised gradually.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.get_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.get_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.get_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.get_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# HSTS preload is a one-way commitment for the whole domain, so it stays
# opt-in through DJANGO_SECURE_HSTS_PRELOAD rather than on by default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
