"""Production settings refuse to start unsafe; the deploy checklist is clean."""

import json
import os
import secrets

import pytest

from tests.manage_processes import manage_process

GOOD_SECRET = secrets.token_urlsafe(50)
REDIS_URL = "redis://127.0.0.1:6379/0"
DATABASE_URL = "postgres://practice@127.0.0.1:5432/practice"
REQUIRED = {
    "DJANGO_SECRET_KEY": GOOD_SECRET,
    "DJANGO_ALLOWED_HOSTS": "example.org",
    "REDIS_URL": REDIS_URL,
    "DATABASE_URL": DATABASE_URL,
    "WAGTAILADMIN_BASE_URL": "https://example.org",
}


def run_manage(*args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "WAGTAILADMIN_"))
    }
    env["DJANGO_SETTINGS_MODULE"] = "practice_site.settings.production"
    env.update(env_overrides)
    return manage_process(env, *args, timeout=60)


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_production_refuses_to_start_without_a_required_variable(missing):
    present = {name: value for name, value in REQUIRED.items() if name != missing}
    result = run_manage("check", **present)

    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert missing in lines[0]
    assert "Traceback" not in result.stderr


def test_production_refuses_a_weak_secret_key():
    result = run_manage("check", **{**REQUIRED, "DJANGO_SECRET_KEY": "short"})

    assert result.returncode == 1
    assert "DJANGO_SECRET_KEY is too weak" in result.stderr


PURGE_SECRET = "purge-secret-0123456789-abcdefghijklmnop"


@pytest.mark.parametrize("secret", ["", "short"])
def test_production_refuses_a_purge_url_without_a_strong_purge_secret(secret):
    result = run_manage(
        "check",
        **REQUIRED,
        FRONTEND_CACHE_PURGE_URL="http://proxy:8080",
        FRONTEND_CACHE_PURGE_SECRET=secret,
    )

    assert result.returncode == 1
    assert "FRONTEND_CACHE_PURGE_SECRET must be set" in result.stderr
    assert "Traceback" not in result.stderr


def test_production_refuses_sqlite():
    result = run_manage("check", **{**REQUIRED, "DATABASE_URL": "sqlite:///db.sqlite3"})

    assert result.returncode == 1
    assert "DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


# The deploy checklist stays clean with the optional parts switched on too: media in
# an S3 bucket, the proxy and a CDN to purge, HSTS preload.
DEPLOY_VARIANTS = {
    "minimal": {},
    "everything configured": {
        "AWS_STORAGE_BUCKET_NAME": "practice-media",
        "AWS_S3_CUSTOM_DOMAIN": "media.example.org",
        "FRONTEND_CACHE_PURGE_URL": "http://proxy:8080",
        "FRONTEND_CACHE_PURGE_SECRET": PURGE_SECRET,
        "FRONTEND_CACHE_CLOUDFLARE_ZONE_ID": "zone",
        "FRONTEND_CACHE_CLOUDFLARE_BEARER_TOKEN": "token",
        "DJANGO_SECURE_HSTS_PRELOAD": "true",
    },
}


@pytest.mark.parametrize("variant", sorted(DEPLOY_VARIANTS))
def test_deploy_checklist_is_clean_with_production_settings(variant):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", **REQUIRED, **DEPLOY_VARIANTS[variant]
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_wires_the_live_stack_together():
    """PostgreSQL, Redis, the database task queue, S3 media and the purge backends."""
    script = (
        "from django.conf import settings as s; import json; print(json.dumps({"
        "'db': s.DATABASES['default']['ENGINE'], 'conn_max_age': s.DATABASES['default']["
        "'CONN_MAX_AGE'], 'cache': s.CACHES['default']['BACKEND'], 'tasks': s.TASKS["
        "'default']['BACKEND'], 'sessions': s.SESSION_ENGINE, 'media': s.STORAGES["
        "'default']['BACKEND'], 'overwrite': s.STORAGES['default']['OPTIONS']["
        "'file_overwrite'], 'static': s.STORAGES['staticfiles']['BACKEND'], "
        "'purge': sorted(s.WAGTAILFRONTENDCACHE), 'img_src': "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], 'docs': "
        "s.WAGTAILDOCS_SERVE_METHOD}))"
    )
    result = run_manage(
        "shell",
        "-c",
        script,
        **REQUIRED,
        AWS_STORAGE_BUCKET_NAME="practice-media",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
        FRONTEND_CACHE_PURGE_URL="http://proxy:8080",
        FRONTEND_CACHE_PURGE_SECRET=PURGE_SECRET,
        FRONTEND_CACHE_CLOUDFRONT_DISTRIBUTION_ID="E123",
    )

    assert result.returncode == 0, result.stderr
    wired = json.loads(result.stdout.strip().splitlines()[-1])
    assert wired == {
        "db": "django.db.backends.postgresql",
        "conn_max_age": 60,
        "cache": "django_redis.cache.RedisCache",
        "tasks": "django_tasks_db.DatabaseBackend",
        "sessions": "django.contrib.sessions.backends.cached_db",
        "media": "storages.backends.s3.S3Storage",
        "overwrite": False,
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "purge": ["cloudfront", "proxy"],
        "img_src": ["'self'", "data:", "https://media.example.org"],
        "docs": "serve_view",
    }
