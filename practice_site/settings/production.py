"""Production: refuses to start without the variables a live site needs.

A missing variable stops the process with one line naming it, instead of a
traceback or, worse, a site running with an empty secret. Everything else about
the live stack (PostgreSQL, Redis, the task queue, media storage, the front
cache, logging) is set here; docs/deployment.md explains how the parts fit.
"""

import copy
import sys

from . import env
from .base import *  # noqa: F403
from .base import (
    ALLOWED_HOSTS,
    CONTENT_SECURITY_POLICY,
    DATABASES,
    LOGGING,
    REDIS_URL,
    SECRET_KEY,
)

REQUIRED_VARIABLES = {
    "DJANGO_SECRET_KEY": SECRET_KEY,
    "DJANGO_ALLOWED_HOSTS": ALLOWED_HOSTS,
    # The cache must be shared by every process, or each would keep its own
    # rate limits and cached settings.
    "REDIS_URL": REDIS_URL,
    # Several app servers and the task worker share one database; a SQLite file
    # cannot be shared between machines.
    "DATABASE_URL (a postgres:// URL)": (
        DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    ),
    # The site's public address: load_initial_data gives the Site its host and port on
    # every deploy, and e-mails link to it; the development default would be wrong.
    "WAGTAILADMIN_BASE_URL": env.get_str("WAGTAILADMIN_BASE_URL"),
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

# PostgreSQL through psycopg 3 with persistent connections: each gunicorn worker
# keeps one connection (CONN_MAX_AGE, checked before reuse), which suits
# synchronous workers better than a pool inside each process. A database that
# does not answer makes /readyz fail after 5 seconds instead of hanging.
DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = 5

# Redis: 0.3 s socket timeouts and a circuit breaker (settings/caches.py), so a
# stalled Redis costs a page at most one timeout instead of tying up a worker.
# Sessions (staff only) are read from Redis and written through to PostgreSQL,
# so a session made on one app server works on every other.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Background work runs in `manage.py db_worker` from a queue in PostgreSQL:
# inquiry notifications, search index updates and front-cache purges.
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# HTTPS everywhere. TLS ends at the proxy (nginx's HTTPS listener, or a CDN in
# front of its plain one), which sets X-Forwarded-Proto; HSTS length is set by
# the environment so it can be raised gradually.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.get_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.get_int("DJANGO_SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.get_bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env.get_bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
# The __Host- prefix: browsers accept these cookies only if Secure, for path /
# and without a Domain, so no subdomain or plain-HTTP page can set or shadow
# them. The proxy's cache-skip rule (deploy/nginx.conf.template) names the
# session cookie too.
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"

# HSTS preload is a one-way commitment for the whole domain, so it stays
# opt-in through DJANGO_SECURE_HSTS_PRELOAD rather than on by default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# A mail server that does not answer must not hold the task worker forever.
EMAIL_TIMEOUT = 15

# Media: the local disk (DJANGO_MEDIA_ROOT, served by the proxy) unless an
# S3-compatible bucket is configured.
AWS_STORAGE_BUCKET_NAME = env.get_str("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    _custom_domain = env.get_str("AWS_S3_CUSTOM_DOMAIN") or None
    STORAGES["default"] = {  # noqa: F405
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.get_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env.get_str("AWS_S3_REGION_NAME") or None,
            "custom_domain": _custom_domain,
            # Empty: boto3 finds credentials itself (instance role, ~/.aws).
            "access_key": env.get_str("AWS_S3_ACCESS_KEY_ID") or None,
            "secret_key": env.get_str("AWS_S3_SECRET_ACCESS_KEY") or None,
            # Wagtail requires distinct names: never overwrite another upload.
            "file_overwrite": False,
            # Image URLs end up in cached pages, so they must not be signed
            # links that expire; the bucket makes images/ and original_images/
            # public and keeps documents/ private (see docs/deployment.md).
            "querystring_auth": False,
            "default_acl": None,
        },
    }
    # Images load from the bucket's own host: allow it, and nothing else, in CSP.
    _media_origin = f"https://{_custom_domain}" if _custom_domain else None
    if _media_origin is None and env.get_str("AWS_S3_ENDPOINT_URL"):
        _media_origin = env.get_str("AWS_S3_ENDPOINT_URL").rstrip("/")
    if _media_origin is None:
        _media_origin = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com"
    CONTENT_SECURITY_POLICY = copy.deepcopy(CONTENT_SECURITY_POLICY)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_media_origin)

# Front cache purges (wagtail.contrib.frontend_cache), run by the task worker.
# Any combination of the proxy and a CDN can be configured; with none, pages
# are still sent with Cache-Control but nothing is purged.
WAGTAILFRONTENDCACHE = {}
if env.get_str("FRONTEND_CACHE_PURGE_URL"):
    # nginx accepts PURGE only with this shared secret (deploy/nginx.conf.template).
    if len(env.get_str("FRONTEND_CACHE_PURGE_SECRET")) < 32:
        sys.exit(
            "practice_site.settings.production: FRONTEND_CACHE_PURGE_SECRET must be set "
            "(32 or more random letters and digits, the same for the proxy) when "
            "FRONTEND_CACHE_PURGE_URL is."
        )
    WAGTAILFRONTENDCACHE["proxy"] = {
        "BACKEND": "practice_site.caching.front_cache.purge.NginxPurgeBackend",
        "LOCATION": env.get_str("FRONTEND_CACHE_PURGE_URL"),
        "PURGE_SECRET": env.get_str("FRONTEND_CACHE_PURGE_SECRET"),
    }
if env.get_str("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"):
    WAGTAILFRONTENDCACHE["cloudflare"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
        "ZONEID": env.get_str("FRONTEND_CACHE_CLOUDFLARE_ZONE_ID"),
        "BEARER_TOKEN": env.get_str("FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN"),
    }
if env.get_str("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"):
    WAGTAILFRONTENDCACHE["cloudfront"] = {
        "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
        "DISTRIBUTION_ID": env.get_str("FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID"),
    }

# Logs: one line per record on stdout, each with the id of the request it
# belongs to (gunicorn's access log adds the one line per request).
LOGGING = copy.deepcopy(LOGGING)
LOGGING["filters"] = {"request_id": {"()": "practice_site.edge.middleware.RequestIdLogFilter"}}
LOGGING["formatters"]["plain"] = {
    "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s %(message)s",
}
LOGGING["handlers"]["console"] = {
    "class": "logging.StreamHandler",
    "stream": "ext://sys.stdout",
    "formatter": "plain",
    "filters": ["request_id"],
}
# Wagtail logs every purged URL; practice_site.caching.front_cache.purge logs one line per batch.
LOGGING["loggers"]["wagtail.frontendcache"] = {"level": "WARNING"}
