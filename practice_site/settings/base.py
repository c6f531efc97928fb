"""Settings shared by every environment.

Safe for production on its own: DEBUG is off and every secret and host comes
from the environment. `dev.py` and `test.py` relax it; `production.py` insists
on the variables a live site cannot run without.
"""

import datetime
from pathlib import Path

import dj_database_url

from . import env
from .caches import redis_cache

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env.get_str("DJANGO_SECRET_KEY")
DEBUG = env.get_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.get_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env.get_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # The practice's wings (practice_site/__init__.py), the blog, and the
    # initial content that sits above both.
    "practice_site.content",
    "practice_site.edge",
    "practice_site.caching",
    "practice_site.editorial",
    "practice_site.operations",
    "blog",
    "initial_content",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.sites",
    # wagtail.users, with superuser controls kept from Site administrators.
    "practice_site.editorial.users_app.PracticeUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "csp",
    "django_ratelimit",
    "axes",
    "practice_site.two_factor",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
]
# wagtail.embeds is left out on purpose: oEmbed content loads third-party
# scripts and trackers, which this site never sends visitors to.

MIDDLEWARE = [
    # Outermost, so every response carries its request id, health checks and 405s
    # included (practice_site/edge/middleware.py): the request id; /healthz and
    # /readyz, before the host check and the HTTPS redirect below, so probes can use
    # an internal address; a 405 for methods other than GET, HEAD and POST on public
    # pages, before sessions and pages; noindex on staff pages; HSTS on plain HTTP
    # too, around Django's own.
    "practice_site.edge.middleware.EdgeMiddleware",
    # The HTTPS redirect, HSTS over HTTPS, nosniff, Referrer-Policy and
    # Cross-Origin-Opener-Policy.
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    # Static files (when nginx does not serve them), before sessions and pages.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside sessions and CSRF, so it sees the cookies they set when it decides
    # what the front cache may keep; on the way in it reads the content version
    # and hands Wagtail the remembered route, which is safe this early
    # (practice_site/caching/middleware.py).
    "practice_site.caching.middleware.CachingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The host check (ALLOWED_HOSTS) and adding the trailing slash.
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After sessions: the user is the session's.
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After messages, so a signed-out staff member is told why; before the second
    # factor, so an idle session ends before anything else looks at it.
    "practice_site.two_factor.middleware.AdminIdleTimeoutMiddleware",
    # Staff who can publish or approve (or who enrolled) must pass a second factor.
    "practice_site.two_factor.middleware.SecondFactorMiddleware",
    # DENY where no X-Frame-Options is set yet: outside the CSP middleware, which
    # sets SAMEORIGIN on previews first.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # The strict public policy, the admin's looser ones, previews framed by the admin.
    "practice_site.edge.middleware.ContentSecurityPolicyMiddleware",
    # The request in a context variable, for rich text rendered outside a template.
    "practice_site.edge.middleware.CurrentRequestMiddleware",
    # Wagtail's redirects, for addresses that answer 404.
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Late in the chain, so it sees database errors raised while a page is built.
    "practice_site.edge.middleware.DatabaseUnavailableMiddleware",
    # Refuses sign-ins and password resets from an address (or for an account)
    # that has tried too often.
    "practice_site.edge.sign_in_limits.SignInThrottleMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

# A CSRF failure gets the site's own friendly page, with the crisis line.
CSRF_FAILURE_VIEW = "practice_site.edge.errors.csrf_failure"

ROOT_URLCONF = "practice_site.urls"
WSGI_APPLICATION = "practice_site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "practice_site.content.context_processors.practice",
            ],
        },
    },
]

# SQLite file by default so the quickstart needs no server; DATABASE_URL
# (postgres://user:pass@host:5432/name) switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env.get_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env.get_int("DATABASE_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers carry on while a form submission is written, and
    # IMMEDIATE transactions avoid "database is locked" on concurrent writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
    }
    # SQLite connections are cheap, and persistent ones hold file locks.
    DATABASES["default"]["CONN_MAX_AGE"] = 0

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Wagtail's database search backend uses PostgreSQL full-text search with it.
    INSTALLED_APPS.append("django.contrib.postgres")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    # Counts failed logins and refuses further tries for a while (django-axes).
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# Staff login lockout: 5 failures for one user name from one address lock that
# pair for 15 minutes; a success resets the count. Keyed on both, so a stranger
# elsewhere cannot lock a real user out. The address is the one the rate limits
# use (practice_site/edge/client_ip.py).
AXES_FAILURE_LIMIT = env.get_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "practice_site.edge.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
# Failed sign-ins from one address across all user names (trying one password on
# many names), and password reset requests per address and per e-mail address
# (practice_site/edge/sign_in_limits.py). Over the limit: a 429 page with Retry-After.
SIGN_IN_FAILURE_RATE_LIMIT = env.get_str("SIGN_IN_FAILURE_RATE_LIMIT", "20/h")
PASSWORD_RESET_ADDRESS_RATE_LIMIT = env.get_str("PASSWORD_RESET_ADDRESS_RATE_LIMIT", "10/h")
PASSWORD_RESET_ACCOUNT_RATE_LIMIT = env.get_str("PASSWORD_RESET_ACCOUNT_RATE_LIMIT", "3/h")

# Two-factor sign-in for staff (practice_site/two_factor, docs/editing.md). When required,
# everyone who can publish or approve pages, or manage users, must enroll an
# authenticator app; anyone who enrolled (Authors may) must use it. Off only in
# development and tests, which switch it on where they test it.
TWO_FACTOR_REQUIRED = env.get_bool("TWO_FACTOR_REQUIRED", default=True)
# The name authenticator apps show next to the codes.
OTP_TOTP_ISSUER = env.get_str("TWO_FACTOR_ISSUER", "Practice website")
# How many recovery codes enrollment hands out.
TWO_FACTOR_RECOVERY_CODES = 10

# Staff sessions end after 8 hours, when the browser closes, or after
# ADMIN_IDLE_TIMEOUT_MINUTES without a request to the admin.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
ADMIN_IDLE_TIMEOUT = env.get_int("ADMIN_IDLE_TIMEOUT_MINUTES", 30) * 60

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# The practice's time zone: dates on the site, times in the admin (scheduled
# publishing among them) and the hour the daily jobs run.
TIME_ZONE = env.get_str("DJANGO_TIME_ZONE", "America/New_York")
# Staff see every time in the practice's zone: with one zone offered, Wagtail
# drops the per-account time zone choice, so a go-live time means the same to all.
WAGTAIL_USER_TIME_ZONES = [TIME_ZONE]
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.get_str("DJANGO_MEDIA_ROOT") or BASE_DIR / "media")
# Whether Django itself serves MEDIA_URL: only the development settings do.
SERVE_MEDIA = False

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
    },
}

# Redis when REDIS_URL is set (production: shared by every process, which the
# contact form's rate limit needs); otherwise one process's memory.
REDIS_URL = env.get_str("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
    # Not one traceback per skipped call: the circuit breaker logs once when Redis fails.
    DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = False
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # One process serves everything in development and tests, so its own
    # memory is a correct store for the rate limit; production requires Redis.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

EMAIL_BACKEND = env.get_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
# Where django.core.mail.backends.filebased.EmailBackend writes (the test stack reads it).
EMAIL_FILE_PATH = env.get_str("EMAIL_FILE_PATH")
EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Cookies: never readable from scripts, never sent cross-site.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# No site may frame these pages. Previews are the one exception (SAMEORIGIN and
# frame-ancestors 'self', for the admin's side panel): see
# practice_site.edge.middleware.ContentSecurityPolicyMiddleware.
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4). Public pages allow only this
# site's own files: no inline script or style, no third-party host at all.
# Nonces are not used because cached HTML would reuse them.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "media-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# The Wagtail admin still relies on inline styles and scripts in places, so
# staff pages get a looser policy; it still names no third-party host.
CONTENT_SECURITY_POLICY_ADMIN = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", "'unsafe-inline'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}
CSP_ADMIN_PATH_PREFIXES = ("/admin/", "/django-admin/")
# The admin pages that work without inline scripts get the admin policy with
# script-src 'self' only: signing in, resetting a password and the second
# factor (every page below these prefixes), and the listings found to run
# without them in Chromium (these exact paths; docs/reliability.md lists what
# was checked). Wagtail's inline styles stay allowed there.
CONTENT_SECURITY_POLICY_ADMIN_STRICT = {
    "DIRECTIVES": {
        **CONTENT_SECURITY_POLICY_ADMIN["DIRECTIVES"],
        "script-src": ["'self'"],
    },
}
CSP_ADMIN_STRICT_PATH_PREFIXES = (
    "/admin/login/",
    "/admin/password_reset/",
    "/admin/two-factor/verify/",
    "/admin/two-factor/set-up/",
    "/admin/two-factor/recovery-codes/",
)
CSP_ADMIN_STRICT_PATHS = frozenset(
    {
        "/admin/account/",
        "/admin/collections/",
        "/admin/documents/",
        "/admin/groups/",
        "/admin/images/",
        "/admin/redirects/",
        "/admin/sites/",
        "/admin/snippets/",
        "/admin/two-factor/",
        "/admin/workflows/list/",
    }
)

# Contact form limits per client IP address (practice_site/content/contact_limits.py):
# inquiries stored, and all attempts to send (refused ones too, so floods stay
# out); and how long a person needs at least (and at most) between opening the
# form and sending it.
CONTACT_FORM_RATE_LIMIT = env.get_str("CONTACT_FORM_RATE_LIMIT", "5/h")
CONTACT_FORM_ATTEMPT_RATE_LIMIT = env.get_str("CONTACT_FORM_ATTEMPT_RATE_LIMIT", "30/h")
CONTACT_FORM_MIN_SECONDS = 3
CONTACT_FORM_MAX_AGE = 24 * 60 * 60
# The client address for rate limits and the sign-in lockout. Behind nginx, the
# header nginx fills in (HTTP_X_REAL_IP): nginx takes the address from trusted
# proxies only (TRUSTED_PROXIES), and the header can be trusted because the app
# server listens only to nginx. Without a proxy, the connection's address.
CLIENT_IP_META_KEY = env.get_str("RATELIMIT_IP_META_KEY", "REMOTE_ADDR")
RATELIMIT_IP_META_KEY = "practice_site.edge.client_ip.client_ip"
# If the cache is down, every limit counted in it fails open: inquiries get through
# (the honeypot and time checks still apply) rather than turn away someone trying
# to reach the practice, and searches are served. The proxy's per-client limits
# (deploy/nginx.conf.template) do not depend on the cache and still apply.
RATELIMIT_FAIL_OPEN = True

# Searches per client address (practice_site/content/views.py): each one is a full-text
# query, so a single client searching nonstop would take every core. Far above
# what a person types; over it the search page answers 429 with Retry-After.
SEARCH_RATE_LIMIT = env.get_str("SEARCH_RATE_LIMIT", "20/m")

WAGTAIL_SITE_NAME = env.get_str("WAGTAIL_SITE_NAME", "Practice website")
WAGTAILADMIN_BASE_URL = env.get_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Workflow e-mails (submitted to the reviewers' group; approved and rejected to the
# author) come from the site's own address. Superusers are not reviewers: the
# "Clinical review" task's group gets the submissions.
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_INCLUDE_SUPERUSERS = False
# An approved clinical page gets its review line written into the approved revision
# before Wagtail publishes (or schedules) it.
WAGTAIL_FINISH_WORKFLOW_ACTION = "practice_site.editorial.workflow_action.clinical_review_finish"
WAGTAILSEARCH_BACKENDS = {
    "default": {"BACKEND": "wagtail.search.backends.database"},
}
WAGTAIL_I18N_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt", "rtf", "csv", "xlsx"]
# SVG can carry scripts, so it is refused unless explicitly allowed.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
if env.get_bool("WAGTAILIMAGES_ALLOW_SVG", default=False):
    WAGTAILIMAGES_EXTENSIONS.append("svg")
# load_initial_data draws artwork for the pages and settings it creates
# (initial_content/artwork.py). The test settings turn it off: tests that need the
# images ask for them.
INITIAL_CONTENT_IMAGES = True
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILDOCS_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Every admin upload form (add, edit, multiple upload, choosers) builds on these:
# images are refused on their header before anything decodes them, counting every
# frame of an animation against WAGTAILIMAGES_MAX_IMAGE_PIXELS; documents must be
# what their extension says (practice_site/edge/uploads.py).
WAGTAILIMAGES_IMAGE_FORM_BASE = "practice_site.edge.uploads.PracticeImageForm"
WAGTAILDOCS_DOCUMENT_FORM_BASE = "practice_site.edge.uploads.PracticeDocumentForm"
# Documents are always downloaded, never opened in the site's pages, and Wagtail's
# serve view sends them with "Content-Security-Policy: default-src 'none'".
WAGTAILDOCS_INLINE_CONTENT_TYPES = []
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True

# Who to tell about a security problem (/.well-known/security.txt), for example
# mailto:security@example.org; the practice's public email when unset.
SECURITY_CONTACT = env.get_str("SECURITY_CONTACT")
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {
            "features": [
                "bold",
                "italic",
                "link",
                "document-link",
                "ol",
                "ul",
                "h3",
                "h4",
                "practice-name",
            ]
        },
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env.get_str("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per background task state change drowns out everything else.
        "django_tasks": {"level": "WARNING"},
        # It announces its configuration at every start.
        "axes": {"level": "WARNING"},
        # Two lines for every run of every job; the scheduler logs what matters.
        "apscheduler": {"level": "WARNING"},
    },
}

# The admin contacts no third party either: no Gravatar lookups (they send a
# hash of each staff email address) and no release check against wagtail.org.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False

# Background work runs at once, in the process that asks for it; production.py
# switches to the database queue that `manage.py db_worker` runs.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# Scheduled work (practice_site/operations/scheduled_jobs.py), queued by the one running
# `manage.py run_scheduler`: scheduled publishing every
# SCHEDULER_FREQUENT_SECONDS, the daily jobs at SCHEDULER_DAILY_AT (HH:MM in
# TIME_ZONE). SCHEDULER_DAILY_EVERY_SECONDS, when set, runs the daily jobs every
# that many seconds instead, for test stacks that cannot wait a day.
SCHEDULER_FREQUENT_SECONDS = env.get_int("SCHEDULER_FREQUENT_SECONDS", 60)
SCHEDULER_DAILY_AT = env.get_str("SCHEDULER_DAILY_AT", "03:00")
SCHEDULER_DAILY_EVERY_SECONDS = env.get_int("SCHEDULER_DAILY_EVERY_SECONDS", 0)
# A standby scheduler tries to take the lock this often; the holder checks it
# still has it this often, and PostgreSQL ends a holder's lock connection after
# SCHEDULER_LOCK_TIMEOUT_SECONDS of silence (a frozen or cut-off holder).
SCHEDULER_LOCK_RETRY_SECONDS = env.get_int("SCHEDULER_LOCK_RETRY_SECONDS", 5)
SCHEDULER_LOCK_CHECK_SECONDS = env.get_int("SCHEDULER_LOCK_CHECK_SECONDS", 5)
SCHEDULER_LOCK_TIMEOUT_SECONDS = env.get_int("SCHEDULER_LOCK_TIMEOUT_SECONDS", 30)

# Front cache (docs/deployment.md): anonymous GET/HEAD page views without a
# query string are sent as `public, max-age=0, s-maxage=FRONTEND_CACHE_MAX_AGE`;
# publishing purges them early. Everything else is marked no-store.
FRONTEND_CACHE_MAX_AGE = env.get_int("FRONTEND_CACHE_MAX_AGE", 3600)
# Never shared-cached, whatever the response: staff pages, documents (their
# collection may be private), search (what visitors type may be about their
# health) and the health checks.
FRONTEND_CACHE_NEVER_PATH_PREFIXES = (
    *CSP_ADMIN_PATH_PREFIXES,
    "/documents/",
    "/search/",
    "/healthz",
    "/readyz",
)
# Purge backends; production.py fills this from the environment.
WAGTAILFRONTENDCACHE = {}

# Rendered pieces of pages kept in the cache (`{% fragmentcache %}`), so
# a page the front cache misses renders quickly. Any content change makes them
# all stale at once; this only bounds how long one can outlive a lost change
# notice. 0 turns fragment caching off (development does, so template edits show).
FRAGMENT_CACHE_TIMEOUT = env.get_int("FRAGMENT_CACHE_TIMEOUT", 3600)
# Which release of the code runs, in the fragments' keys: app servers on the same
# release share fragments, a deploy reads none of the last one's. The image build
# sets it from the git commit (Dockerfile); empty, a fingerprint of the code is used
# (practice_site/caching/release.py).
RELEASE_ID = env.get_str("RELEASE_ID")

# Documents go through Wagtail's view, which checks collection privacy, rather
# than straight from the media folder.
WAGTAILDOCS_SERVE_METHOD = "serve_view"

# Upload limits. Files are capped by WAGTAIL*_MAX_UPLOAD_SIZE (10 MB); the proxy's
# client_max_body_size (deploy/nginx.conf.template) sits just above that. A long
# StreamField page posts thousands of form fields, and megabytes of them, from
# the admin; Django's defaults (1000 fields, 2.5 MB) would refuse it.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Browser features no page here uses are switched off for the page and anything
# it embeds.
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "ambient-light-sensor": [],
    "autoplay": [],
    "browsing-topics": [],
    "camera": [],
    "display-capture": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "midi": [],
    "payment": [],
    "usb": [],
    "xr-spatial-tracking": [],
}
