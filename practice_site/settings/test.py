"""Settings for the test suite: fast and isolated, with the database from DATABASE_URL."""

import tempfile

from .base import *  # noqa: F403

SECRET_KEY = "test-only-secret-key"  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1", "other.example"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = tempfile.mkdtemp(prefix="practice-site-test-media-")
WAGTAILADMIN_BASE_URL = "http://testserver"
# Serve static files straight from static/ (no collectstatic step before tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tests that exercise two-factor authentication switch it on themselves.
TWO_FACTOR_REQUIRED = False
# The property-based tests search many times from one address; the search limit's
# own tests set it back.
SEARCH_RATE_LIMIT = "10000/m"
# Pages with artwork make their AVIF, WebP and JPEG renditions on first view, in every
# test that flushes the database: the tests about images and the design ask for it
# (initial_content_load(images=True), the `initial_artwork` fixture).
INITIAL_CONTENT_IMAGES = False
