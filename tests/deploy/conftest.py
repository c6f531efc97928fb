"""The production stack as real processes, for the tests in this folder.

Two gunicorn instances (production settings) behind nginx with the page cache,
the task worker and the scheduler (its jobs every few seconds), all started by
deploy/stack.py exactly as `make prod-local` starts them, on free loopback ports.
They share a throwaway PostgreSQL database (created here, dropped at the end)
and one Redis database, 15 unless
DEPLOY_TEST_REDIS_DB names another (flushed before and after), so two runs on one
machine can use two. Every process is stopped when the session ends, whatever happened.

In a parallel run (pytest-xdist) every test here goes to one worker, so the run
starts one stack; xdist hands out the largest group first, so the other workers
share out the rest of the suite meanwhile.
"""

import email
import email.message
import http.client
import os
import re
import secrets
import socket
import ssl
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
import redis
from django_otp.oath import totp

from deploy import stack
from tests import databases

POSTGRES_URL = "postgres://postgres@127.0.0.1:5432"
REDIS_URL = f"redis://127.0.0.1:6379/{os.environ.get('DEPLOY_TEST_REDIS_DB', '15')}"
ADMIN_USERNAME = "deploy-admin"
ADMIN_PASSWORD = secrets.token_urlsafe(16)
# The administrator's second factor on the test stack, as production requires it: the
# authenticator app's key (codes are computed here as the app would) and recovery
# codes, one used up by each ordinary sign-in (an app code works once per 30 s).
ADMIN_SECOND_FACTOR: dict[str, object] = {}
# Seconds between runs of every scheduled job on the test stack.
SCHEDULER_TICK_SECONDS = 3
# Seconds of silence after which PostgreSQL ends a scheduler's lock on the test stack.
SCHEDULER_LOCK_TIMEOUT_SECONDS = 3
# As long as the one prod-local makes (deploy/stack.py secret_key_load_or_create).
PURGE_SECRET = secrets.token_urlsafe(50)
# Production's cookie names (practice_site/settings/production.py).
SESSION_COOKIE = "__Host-sessionid"
CSRF_COOKIE = "__Host-csrftoken"
# The stack's self-signed certificate, set by the production_stack fixture: https
# requests trust it, and only it.
TLS_CONTEXT: list[ssl.SSLContext] = []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    text: str

    def header(self, name: str) -> str:
        return self.headers.get(name, "")

    @property
    def cache_status(self) -> str:
        return self.header("X-Cache-Status")

    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        for value in self.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return {name: morsel.value for name, morsel in jar.items()}


def request(method: str, url: str, *, headers=None, body: bytes | None = None) -> Response:
    """One HTTP(S) request, redirects not followed, cookies only as given.

    https URLs are verified against the stack's own certificate (host name included).
    """
    parts = urlsplit(url)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=30, context=TLS_CONTEXT[0]
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, target, body=body, headers=headers or {})
        response = connection.getresponse()
        return Response(
            response.status, response.headers, response.read().decode(errors="replace")
        )
    finally:
        connection.close()


def get(url: str, **kwargs) -> Response:
    return request("GET", url, **kwargs)


def form_token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def poll(check, timeout: float = 1.0, interval: float = 0.05):
    """Call check() until it returns something truthy; (result, seconds taken)."""
    started = time.monotonic()
    while True:
        result = check()
        elapsed = time.monotonic() - started
        if result or elapsed > timeout:
            return result, elapsed
        time.sleep(interval)


def admin_second_factor_enroll(env: dict[str, str]) -> None:
    """Give the stack's administrator an authenticator app and recovery codes, as
    enrollment in the admin does, and keep them for signing in."""
    output = stack.manage(
        env,
        "shell",
        "--no-imports",
        "-c",
        "from django.contrib.auth import get_user_model\n"
        "from django_otp.plugins.otp_static.models import StaticDevice, StaticToken\n"
        "from django_otp.plugins.otp_totp.models import TOTPDevice\n"
        f"user = get_user_model().objects.get(username={ADMIN_USERNAME!r})\n"
        "app = TOTPDevice.objects.create(user=user, name='Authenticator app', confirmed=True)\n"
        "codes = StaticDevice.objects.create(user=user, name='Recovery codes', confirmed=True)\n"
        "tokens = [StaticToken.random_token() for _ in range(40)]\n"
        "StaticToken.objects.bulk_create(StaticToken(device=codes, token=t) for t in tokens)\n"
        "print('SECOND-FACTOR', app.key, ' '.join(tokens))\n",
    )
    line = next(line for line in output.splitlines() if line.startswith("SECOND-FACTOR "))
    _, key, tokens = line.split(" ", 2)
    ADMIN_SECOND_FACTOR["app_key"] = bytes.fromhex(key)
    ADMIN_SECOND_FACTOR["recovery_codes"] = tokens.split()


def admin_app_code() -> str:
    """The 6-digit code the administrator's authenticator app shows now."""
    return f"{totp(ADMIN_SECOND_FACTOR['app_key']):06d}"


@dataclass
class Browser:
    """Cookies kept by hand, so the same jar works over the plain listener too
    (they are Secure, which a browser sends over https only)."""

    cookies: dict[str, str] = field(default_factory=dict)

    def _headers(self, extra=None) -> dict[str, str]:
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return headers

    def get(self, url: str) -> Response:
        response = get(url, headers=self._headers())
        self.cookies.update(response.cookies())
        return response

    def post(self, url: str, data: dict) -> Response:
        response = request(
            "POST",
            url,
            body=urlencode(data).encode(),
            # A browser names the form's origin; over https Django's CSRF check needs it.
            headers=self._headers(
                {
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"{urlsplit(url).scheme}://{urlsplit(url).netloc}",
                }
            ),
        )
        self.cookies.update(response.cookies())
        return response

    def admin_login(self, base_url: str, *, with_app_code: bool = False) -> None:
        self.admin_login_password_only(base_url)
        # The second step, as staff sign in: a code from the app, or a recovery code.
        code = admin_app_code() if with_app_code else ADMIN_SECOND_FACTOR["recovery_codes"].pop()
        verified = self.second_factor_send(base_url, code)
        assert verified.status == 302, verified.text[:500]
        assert "/two-factor/" not in verified.header("Location"), verified.header("Location")

    def admin_login_password_only(self, base_url: str) -> None:
        """The first step: the user name and password, after which the admin asks for a code."""
        page = self.get(f"{base_url}/admin/login/")
        response = self.post(
            f"{base_url}/admin/login/",
            {
                "username": ADMIN_USERNAME,
                "password": ADMIN_PASSWORD,
                "csrfmiddlewaretoken": form_token(page.text),
                "next": "/admin/",
            },
        )
        assert response.status == 302, response.text[:500]
        assert SESSION_COOKIE in self.cookies

    def second_factor_send(self, base_url: str, code: str) -> Response:
        page = self.get(f"{base_url}/admin/two-factor/verify/?next=/admin/")
        return self.post(
            f"{base_url}/admin/two-factor/verify/",
            {
                "otp_token": code,
                "csrfmiddlewaretoken": form_token(page.text),
                "next": "/admin/",
            },
        )


@dataclass
class ProductionStack:
    proxy_url: str
    # The same proxy over TLS, with the certificate in tls_certificate.
    https_url: str
    tls_certificate: stack.TlsCertificate
    app_urls: list[str]
    env: dict[str, str]
    state_dir: Path
    services: list[stack.Service]

    def manage_shell(self, code: str) -> str:
        return stack.manage(self.env, "shell", "--no-imports", "-c", code)

    def emails(self) -> list[email.message.Message]:
        """Every e-mail the stack's processes sent so far, oldest first.

        Django's file backend writes each connection's messages to one file, each
        message followed by a line of 79 dashes.
        """
        folder = self.state_dir / "mail"
        messages = []
        for path in sorted(folder.glob("*.log"), key=lambda path: path.stat().st_mtime):
            for part in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
                if part.strip():
                    messages.append(email.message_from_string(part.lstrip("\n")))
        return messages

    def service(self, name: str) -> stack.Service:
        return next(service for service in self.services if service.name == name)

    def purge(self, path: str) -> None:
        request("PURGE", self.proxy_url + path, headers={"X-Purge-Secret": PURGE_SECRET})

    def logs(self) -> str:
        """Everything every process wrote so far, nginx's access log included."""
        paths = [service.log_path for service in self.services if service.log_path]
        paths.append(self.state_dir / "nginx-access.log")
        return "\n".join(path.read_text(errors="replace") for path in paths if path.exists())


PRODUCTION_STACK_GROUP = "production-stack"


def pytest_collection_modifyitems(items):
    # The hook sees the whole run's tests: mark only this folder's. (Not trylast:
    # xdist reads the marks in its own hook, which runs after this one.)
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.xdist_group(PRODUCTION_STACK_GROUP))


@pytest.fixture(scope="session")
def deploy_database_url():
    # Migrated already (a copy of the run's template, tests/databases.py): the stack's own
    # `migrate` then finds nothing to do. Migrating a new database from nothing, on both
    # engines, is tests/reliability/test_migrations.py's subject.
    url = databases.postgres_migrated_database_create(
        f"practice_deploy_test_{secrets.token_hex(4)}", POSTGRES_URL
    )
    yield url
    stack.database_drop(url)


@pytest.fixture(scope="session")
def deploy_redis_url():
    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    yield REDIS_URL
    client.flushdb()
    client.close()


def _tasks_wait_until_done(env: dict[str, str], timeout: float = 60) -> None:
    """Wait for the worker to run what the initial load queued (front-cache purges of the
    new Site's address), so no late purge empties the cache in the middle of a test."""
    code = (
        "from django_tasks_db.models import DBTaskResult; "
        "print((DBTaskResult.objects.ready() | DBTaskResult.objects.running()).count())"
    )
    done, _ = poll(
        lambda: stack.manage(env, "shell", "--no-imports", "-c", code).strip() == "0",
        timeout=timeout,
        interval=0.5,
    )
    assert done, "the task worker did not finish the initial load's tasks"


def _claim_the_runs_only_stack() -> None:
    """Fail loudly if another worker of this run already started a stack: both would
    share Redis database 15 and each other's cache entries."""
    claim = Path(os.environ[databases.RUN_DIR_VARIABLE]) / "production-stack-started"
    try:
        os.close(os.open(claim, os.O_CREAT | os.O_EXCL | os.O_WRONLY))
    except FileExistsError:
        pytest.fail(
            "a second production stack in one run: the tests in tests/deploy/ must all run "
            "on one xdist worker (--dist loadgroup). Has the grouping stopped working, as "
            "with pytest 9.2 and pytest-xdist 3.8 (pytest-dev/pytest-xdist#1386)?"
        )


@pytest.fixture(scope="session")
def production_stack(tmp_path_factory, deploy_database_url, deploy_redis_url):
    _claim_the_runs_only_stack()
    state_dir = tmp_path_factory.mktemp("production-stack")
    stack.state_dir_prepare(state_dir)
    media_root = state_dir / "media"
    media_root.mkdir()
    proxy_url = f"http://127.0.0.1:{free_port()}"
    https_url = f"https://127.0.0.1:{free_port()}"
    tls_certificate = stack.tls_certificate_create_if_missing(state_dir)
    TLS_CONTEXT[:] = [ssl.create_default_context(cafile=tls_certificate.certificate)]
    app_addresses = [f"127.0.0.1:{free_port()}", f"127.0.0.1:{free_port()}"]
    env = stack.production_environment(
        database_url=deploy_database_url,
        redis_url=deploy_redis_url,
        secret_key=secrets.token_urlsafe(50),
        proxy_url=proxy_url,
        media_root=media_root,
        purge_secret=PURGE_SECRET,
        extra={
            "WEB_CONCURRENCY": "2",
            # Staff e-mails go to files the tests read, one folder for the stack.
            "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(state_dir / "mail"),
            "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
            # The scheduler's timetable, shortened so tests wait seconds, not a
            # minute or a day; a standby tries for the lock every second, and a
            # silent holder loses it after 3.
            "SCHEDULER_FREQUENT_SECONDS": str(SCHEDULER_TICK_SECONDS),
            "SCHEDULER_DAILY_EVERY_SECONDS": str(SCHEDULER_TICK_SECONDS),
            "SCHEDULER_LOCK_RETRY_SECONDS": "1",
            "SCHEDULER_LOCK_CHECK_SECONDS": "1",
            "SCHEDULER_LOCK_TIMEOUT_SECONDS": str(SCHEDULER_LOCK_TIMEOUT_SECONDS),
        },
    )
    stack.site_prepare(env)
    stack.manage(
        env, "createsuperuser", "--noinput", "--username", ADMIN_USERNAME, "--email", "a@b.example"
    )
    admin_second_factor_enroll(env)
    config_path = state_dir / "nginx.conf"
    config_path.write_text(
        stack.nginx_config_render(
            state_dir=state_dir,
            listen=urlsplit(proxy_url).netloc,
            https_listen=urlsplit(https_url).netloc,
            tls_certificate=tls_certificate,
            app_addresses=app_addresses,
            media_root=media_root,
            access_log=str(state_dir / "nginx-access.log"),
            purge_secret=PURGE_SECRET,
        )
    )

    services: list[stack.Service] = []
    try:
        for index, address in enumerate(app_addresses):
            services.append(
                stack.gunicorn_start(env, address, state_dir / f"gunicorn-{index}.log")
            )
        services.append(stack.worker_start(env, state_dir / "worker.log"))
        services.append(stack.scheduler_start(env, state_dir / "scheduler.log"))
        services.append(stack.nginx_start(config_path, state_dir / "nginx.log"))
        app_urls = [f"http://{address}" for address in app_addresses]
        for url in [*app_urls, proxy_url, https_url]:
            stack.wait_until_ready(f"{url}/readyz", services, tls_certificate=tls_certificate)
        _tasks_wait_until_done(env)
        yield ProductionStack(
            proxy_url=proxy_url,
            https_url=https_url,
            tls_certificate=tls_certificate,
            app_urls=app_urls,
            env=env,
            state_dir=state_dir,
            services=services,
        )
    finally:
        for service in reversed(services):
            service.stop()
