"""Run the production stack on this machine, without Docker.

gunicorn with production settings, the task worker, the scheduler and nginx (rendered from
deploy/nginx.conf.template), against the local PostgreSQL and Redis. Used by
`make prod-local` (deploy/prod_local.py), the process tests in tests/deploy/ and
the benchmarks, so all three exercise the same configuration as compose.yaml.
"""

import os
import re
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_DIR = Path(__file__).resolve().parent.parent
NGINX_TEMPLATE = PROJECT_DIR / "deploy" / "nginx.conf.template"
GUNICORN_CONFIG = PROJECT_DIR / "deploy" / "gunicorn.conf.py"
NGINX_MODULES_DIR = "/usr/lib/nginx/modules"
PLACEHOLDER = re.compile(r"\$\{([A-Z_]+)\}")
# The python running this script is the project's virtualenv.
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))


@dataclass(frozen=True)
class TlsCertificate:
    certificate: Path
    key: Path


def tls_certificate_create_if_missing(state_dir: Path) -> TlsCertificate:
    """A self-signed certificate for 127.0.0.1 (and localhost), kept in state_dir.

    Made again when missing or within a day of expiring. Clients trust it by
    loading the certificate file itself (curl --cacert, ssl.create_default_context).
    """
    openssl = shutil.which("openssl") or "/usr/bin/openssl"
    tls = TlsCertificate(state_dir / "tls-certificate.pem", state_dir / "tls-key.pem")
    if tls.certificate.exists() and tls.key.exists():
        still_valid = subprocess.run(  # noqa: S603 - a fixed command with our own arguments
            [openssl, "x509", "-checkend", "86400", "-noout", "-in", str(tls.certificate)],
            capture_output=True,
            check=False,
        )
        if still_valid.returncode == 0:
            return tls
    # Written under a temporary name first: nginx never sees half a key pair.
    new_key = tls.key.with_suffix(".new")
    new_certificate = tls.certificate.with_suffix(".new")
    subprocess.run(  # noqa: S603 - a fixed command with our own arguments
        [
            openssl, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
            "-nodes", "-days", "90", "-subj", "/CN=127.0.0.1",
            "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", str(new_key), "-out", str(new_certificate),
        ],
        capture_output=True,
        check=True,
    )  # fmt: skip
    new_key.chmod(0o600)
    new_key.replace(tls.key)
    new_certificate.replace(tls.certificate)
    return tls


def nginx_config_render(
    *,
    state_dir: Path,
    listen: str,
    app_addresses: list[str],
    https_listen: str,
    tls_certificate: TlsCertificate,
    media_root: Path,
    access_log: str = "/dev/stdout",
    purge_allowed_from: str = "127.0.0.1",
    forwarded_proto: str = "$scheme",
    purge_secret: str = "",
    trusted_proxies: list[str] | None = None,
    allowed_hosts: list[str] | None = None,
    public_port: int | None = None,
) -> str:
    """deploy/nginx.conf.template with every ${NAME} filled in.

    `listen` is the plain-HTTP listener (the origin a CDN or the benchmarks reach),
    `https_listen` the same server over TLS, with tls_certificate. allowed_hosts
    (DJANGO_ALLOWED_HOSTS, by default the loopback names) on either listener's port are
    the only Host values served; each maps to host:public_port (by default the HTTPS
    port, the site's address), the key of the cache and of its purges.
    """
    listen_port = int(listen.rsplit(":", 1)[-1])
    https_port = int(https_listen.rsplit(":", 1)[-1])
    if public_port is None:
        public_port = https_port
    values = {
        # nginx started as root hands its workers to "nobody", who could not
        # write to the state folder; as anyone else the directive is ignored.
        "NGINX_USER_LINE": "user root;" if os.geteuid() == 0 else "",
        "NGINX_MODULES_DIR": NGINX_MODULES_DIR,
        "STATE_DIR": str(state_dir),
        "LISTEN": listen,
        "HTTPS_LISTEN": https_listen,
        "TLS_CERTIFICATE": str(tls_certificate.certificate),
        "TLS_CERTIFICATE_KEY": str(tls_certificate.key),
        "UPSTREAM_SERVERS": " ".join(f"server {address};" for address in app_addresses),
        "MEDIA_ROOT": str(media_root),
        "ACCESS_LOG": access_log,
        "PURGE_ALLOWED_FROM": purge_allowed_from,
        "FORWARDED_PROTO": forwarded_proto,
        "REAL_IP_DIRECTIVES": real_ip_directives(trusted_proxies or []),
        "ALLOWED_HOST_ENTRIES": allowed_host_entries(
            allowed_hosts or DEFAULT_ALLOWED_HOSTS.split(","),
            [listen_port, https_port],
            public_port,
        ),
        "PURGE_SECRET_ENTRY": purge_secret_entry(purge_secret),
    }
    template = NGINX_TEMPLATE.read_text()
    missing = set(PLACEHOLDER.findall(template)) - values.keys()
    if missing:
        raise ValueError(f"nginx template needs values for {sorted(missing)}")
    return PLACEHOLDER.sub(lambda match: values[match.group(1)], template)


def real_ip_directives(trusted_proxies: list[str]) -> str:
    """nginx's real-IP settings: X-Forwarded-For names the client only when a trusted
    proxy sends it. No trusted proxies: the TCP peer is the client."""
    if not trusted_proxies:
        return "# No trusted proxies (TRUSTED_PROXIES): the TCP peer is the client."
    lines = [f"set_real_ip_from {_nginx_token(address)};" for address in trusted_proxies]
    lines += ["real_ip_header X-Forwarded-For;", "real_ip_recursive on;"]
    return " ".join(lines)


def allowed_host_entries(allowed_hosts: list[str], ports: list[int], public_port: int) -> str:
    """The lines of nginx's Host map: each allowed host on each of the ports (and bare,
    when the public port is the scheme's default), mapped to host:public_port."""
    lines = []
    for host in allowed_hosts:
        host = _nginx_token(host.strip().lower())
        if not host or host.startswith("."):
            raise ValueError(f"nginx needs exact host names, not {host!r}")
        for port in sorted({*ports, public_port}):
            lines.append(f'"{host}:{port}" "{host}:{public_port}";')
        if public_port in (80, 443):
            lines.append(f'"{host}" "{host}:{public_port}";')
    return " ".join(lines)


def purge_secret_entry(purge_secret: str) -> str:
    """The purge map's one accepted value; none at all without a secret."""
    if not purge_secret:
        return "# No FRONTEND_CACHE_PURGE_SECRET: every PURGE is refused."
    return f'"{_nginx_token(purge_secret)}" 1;'


def _nginx_token(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z0-9._:/\[\]~-]+", value):
        raise ValueError(f"not usable in the nginx configuration: {value!r}")
    return value


DEFAULT_ALLOWED_HOSTS = "127.0.0.1,localhost"


def production_environment(
    *,
    database_url: str,
    redis_url: str,
    secret_key: str,
    proxy_url: str,
    media_root: Path,
    purge_secret: str = "",
    site_url: str | None = None,
    extra: dict[str, str] | None = None,
) -> dict[str, str]:
    """The environment of every process: production settings on loopback.

    proxy_url is the proxy's plain-HTTP listener (front-cache purges go there);
    site_url the site's public address, the proxy's HTTPS listener.
    """
    inherited = {
        name: value
        for name, value in os.environ.items()
        if name in ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR")
    }
    return {
        **inherited,
        "PYTHONUNBUFFERED": "1",
        "DJANGO_SETTINGS_MODULE": "practice_site.settings.production",
        "DJANGO_SECRET_KEY": secret_key,
        "DJANGO_ALLOWED_HOSTS": DEFAULT_ALLOWED_HOSTS,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_MEDIA_ROOT": str(media_root),
        "FRONTEND_CACHE_PURGE_URL": proxy_url,
        "FRONTEND_CACHE_PURGE_SECRET": purge_secret,
        "WAGTAILADMIN_BASE_URL": site_url or proxy_url,
        # The proxy passes the visitor's address in X-Real-IP (taken from
        # X-Forwarded-For only when a trusted proxy sent it, TRUSTED_PROXIES);
        # gunicorn listens only to nginx, so the header can be believed.
        "RATELIMIT_IP_META_KEY": "HTTP_X_REAL_IP",
        # The plain listener stays plain (it is the origin a CDN or the benchmarks
        # reach): no redirect to https there. Over the HTTPS listener nginx says
        # https in X-Forwarded-Proto and Django sends HSTS.
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        # No mail server here: notifications go to the worker's log.
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        **(extra or {}),
    }


def secret_key_load_or_create(path: Path) -> str:
    if not path.exists():
        # Letters, digits, "-" and "_": also usable in the nginx configuration.
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


# PostgreSQL ---------------------------------------------------------------------


def _admin_connection(database_url: str):
    import psycopg

    parts = urlsplit(database_url)
    return psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    )


def database_name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/")


def database_create_if_missing(database_url: str) -> bool:
    from psycopg import sql

    name = database_name(database_url)
    with _admin_connection(database_url) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return not exists


def database_drop(database_url: str) -> None:
    from psycopg import sql

    with _admin_connection(database_url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(database_name(database_url))
            )
        )


# Processes ------------------------------------------------------------------------


def manage_process(
    env: dict[str, str], *args: str, timeout: float = 300
) -> subprocess.CompletedProcess:
    """Run a management command in a process of its own; its exit status and output."""
    return subprocess.run(  # noqa: S603 - a fixed command with our own arguments
        [PYTHON, "manage.py", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def manage(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """Run a management command with the stack's environment; raise if it fails."""
    result = manage_process(env, *args, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def site_prepare(env: dict[str, str]) -> None:
    """Migrations, the initial content and the static files, as a deploy would."""
    manage(env, "migrate", "--noinput")
    manage(env, "load_initial_data")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


@dataclass
class Service:
    name: str
    process: subprocess.Popen
    log_path: Path | None = None
    stopped: bool = field(default=False)

    def stop(self, timeout: float = 15) -> None:
        """SIGTERM to the service's own process group, then SIGKILL if it lingers."""
        if self.stopped:
            return
        self.stopped = True
        if self.process.poll() is not None:
            return
        pgid = os.getpgid(self.process.pid)
        os.killpg(pgid, signal.SIGTERM)
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(pgid, signal.SIGKILL)
            self.process.wait(timeout=timeout)

    def log_tail(self, lines: int = 40) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def _start(name: str, args: list[str], env: dict[str, str], log_path: Path | None) -> Service:
    output = log_path.open("ab") if log_path else None
    process = subprocess.Popen(  # noqa: S603 - fixed argument lists built above
        args,
        cwd=PROJECT_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=output,
        stderr=subprocess.STDOUT if output else None,
        # Its own process group, so stopping it reaches every child and nothing else.
        start_new_session=True,
    )
    if output:
        output.close()
    return Service(name=name, process=process, log_path=log_path)


def gunicorn_start(env: dict[str, str], address: str, log_path: Path | None = None) -> Service:
    return _start(
        f"gunicorn {address}",
        [GUNICORN, "--config", str(GUNICORN_CONFIG), "--bind", address],
        env,
        log_path,
    )


def worker_start(env: dict[str, str], log_path: Path | None = None) -> Service:
    # A short poll interval: a purge reaches the proxy well within a second.
    return _start(
        "task worker",
        [PYTHON, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        env,
        log_path,
    )


def scheduler_start(env: dict[str, str], log_path: Path | None = None) -> Service:
    # One per site; a second would stand by (practice_site/operations/scheduler.py).
    return _start("scheduler", [PYTHON, "manage.py", "run_scheduler"], env, log_path)


def nginx_start(config_path: Path, log_path: Path | None = None) -> Service:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    purge_module = Path(NGINX_MODULES_DIR) / "ngx_http_cache_purge_module.so"
    if not Path(nginx).exists() or not purge_module.exists():
        raise RuntimeError(
            "nginx with the cache purge module is needed: "
            "apt-get install nginx libnginx-mod-http-cache-purge"
        )
    args = [nginx, "-e", "stderr", "-c", str(config_path), "-g", "daemon off;"]
    check = subprocess.run(  # noqa: S603 - a fixed command with our own arguments
        [*args, "-t"], capture_output=True, text=True, check=False
    )
    if check.returncode != 0:
        raise RuntimeError(f"nginx rejected {config_path}:\n{check.stderr}")
    return _start("nginx", args, {"PATH": os.environ.get("PATH", "")}, log_path)


def state_dir_prepare(state_dir: Path) -> None:
    for name in ("cache", "client_body", "proxy_temp", "fastcgi_temp", "uwsgi_temp", "scgi_temp"):
        (state_dir / name).mkdir(parents=True, exist_ok=True)


def wait_until_ready(
    url: str,
    services: list[Service],
    timeout: float = 60,
    tls_certificate: TlsCertificate | None = None,
) -> None:
    """Poll url until it answers 200; fail early if one of the services died.

    An https url is checked against tls_certificate.
    """
    context = None
    if tls_certificate:
        context = ssl.create_default_context(cafile=tls_certificate.certificate)
    deadline = time.monotonic() + timeout
    last_error = ""
    while time.monotonic() < deadline:
        for service in services:
            if service.process.poll() is not None:
                raise RuntimeError(
                    f"{service.name} exited with {service.process.returncode}:\n"
                    f"{service.log_tail()}"
                )
        try:
            with urllib.request.urlopen(url, timeout=5, context=context) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError) as error:
            last_error = str(error)
        time.sleep(0.2)
    raise TimeoutError(f"{url} not ready after {timeout} s: {last_error}")


# Load benchmarks -------------------------------------------------------------------

# A load generator is one client address: the per-client limits that protect the
# site would measure themselves instead of the site.
BENCHMARK_ENVIRONMENT = {"SEARCH_RATE_LIMIT": "1000000/m"}
_PER_CLIENT_LIMIT_LINE = re.compile(r"^\s*limit_(req zone=|conn per_client_)\S*[^\n]*;\n", re.M)


def nginx_config_without_client_limits(config: str) -> str:
    """A rendered nginx config without its per-client request and connection limits."""
    lifted, count = _PER_CLIENT_LIMIT_LINE.subn("", config)
    if not count:
        raise ValueError("no per-client limits found in the nginx config")
    return lifted
