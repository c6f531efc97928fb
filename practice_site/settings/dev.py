"""Local development: DEBUG on, a throwaway secret, mail to the console.

`DJANGO_DEBUG=false make run` shows the site as visitors get it: its own 404 and
500 pages instead of Django's debug pages, still with styles and uploads.
"""

from . import env
from .base import *  # noqa: F403
from .base import ALLOWED_HOSTS, SECRET_KEY

DEBUG = env.get_bool("DJANGO_DEBUG", default=True)
# Only for this machine's development server; production.py refuses to start without
# a real DJANGO_SECRET_KEY.
SECRET_KEY = SECRET_KEY or "django-insecure-development-only-key-never-use-in-production"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["localhost", "127.0.0.1", "[::1]"]
EMAIL_BACKEND = env.get_str(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# With DEBUG off, runserver stops serving static files and uploads. WhiteNoise
# then serves static files straight from static/ and the apps (no collectstatic
# step), picking up edits at once; practice_site/urls.py serves the uploads.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SERVE_MEDIA = True

# Template edits show at once instead of after FRAGMENT_CACHE_TIMEOUT.
FRAGMENT_CACHE_TIMEOUT = env.get_int("FRAGMENT_CACHE_TIMEOUT", 0)

# Developers sign in without an authenticator app unless they ask for one.
TWO_FACTOR_REQUIRED = env.get_bool("TWO_FACTOR_REQUIRED", default=False)
