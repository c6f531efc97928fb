"""`make prod-local`: the production stack on this machine, for smoke tests and benchmarks.

nginx (the page cache) in front of gunicorn on APP_PORT, the task worker, the
scheduler, the local PostgreSQL and Redis, with production settings. nginx serves the site over
HTTPS on HTTPS_PORT with a self-signed certificate for 127.0.0.1 (made once, kept
in the state folder), and over plain HTTP on PROXY_PORT: the origin a CDN or load
balancer would reach, and what the benchmarks measure. Both listen on loopback only.
Logs from every process go to stdout. Ctrl-C stops everything.

    .venv/bin/python deploy/prod_local.py --proxy-port 8080 --app-port 8081 --https-port 8443
"""

import argparse
import os
import signal
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy import stack


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proxy-port", type=int, default=8080)
    parser.add_argument("--app-port", type=int, default=8081)
    parser.add_argument("--https-port", type=int, default=8443)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/practice_prod_local"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/1")
    parser.add_argument("--state-dir", type=Path, default=stack.PROJECT_DIR / ".prod-local")
    parser.add_argument("--media-root", type=Path, default=stack.PROJECT_DIR / "media")
    parser.add_argument(
        "--access-log",
        default="/dev/stdout",
        help="where nginx writes its access log (a file keeps benchmarks off the terminal)",
    )
    parser.add_argument(
        "--without-client-limits",
        action="store_true",
        help="drop the per-client rate and connection limits (load benchmarks from one address)",
    )
    options = parser.parse_args()

    state_dir = options.state_dir.resolve()
    state_dir.mkdir(parents=True, exist_ok=True)
    stack.state_dir_prepare(state_dir)
    options.media_root.mkdir(parents=True, exist_ok=True)

    tls_certificate = stack.tls_certificate_create_if_missing(state_dir)
    # 127.0.0.1, not localhost: browsers ignore HSTS for an IP address, but would
    # keep it for every port of localhost. The short max-age is for the same reason.
    site_url = f"https://127.0.0.1:{options.https_port}"
    proxy_url = f"http://127.0.0.1:{options.proxy_port}"
    app_url = f"http://127.0.0.1:{options.app_port}"
    purge_secret = stack.secret_key_load_or_create(state_dir / "purge_secret")
    # A TLS front on this machine (or a range of them): its X-Forwarded-For is believed.
    trusted_proxies = [
        address.strip()
        for address in os.environ.get("TRUSTED_PROXIES", "").split(",")
        if address.strip()
    ]
    env = stack.production_environment(
        database_url=options.database_url,
        redis_url=options.redis_url,
        secret_key=stack.secret_key_load_or_create(state_dir / "secret_key"),
        proxy_url=proxy_url,
        site_url=site_url,
        media_root=options.media_root.resolve(),
        extra={
            "DJANGO_SECURE_HSTS_SECONDS": "300",
            **(stack.BENCHMARK_ENVIRONMENT if options.without_client_limits else {}),
        },
        purge_secret=purge_secret,
    )

    if stack.database_create_if_missing(options.database_url):
        print(f"Created database {stack.database_name(options.database_url)}", flush=True)
    print("Migrating, loading the initial content, collecting static files ...", flush=True)
    stack.site_prepare(env)

    config_path = state_dir / "nginx.conf"
    config = stack.nginx_config_render(
        state_dir=state_dir,
        listen=f"127.0.0.1:{options.proxy_port}",
        https_listen=f"127.0.0.1:{options.https_port}",
        tls_certificate=tls_certificate,
        app_addresses=[f"127.0.0.1:{options.app_port}"],
        media_root=options.media_root.resolve(),
        access_log=options.access_log,
        purge_secret=purge_secret,
        trusted_proxies=trusted_proxies,
    )
    if options.without_client_limits:
        config = stack.nginx_config_without_client_limits(config)
    config_path.write_text(config)

    services = []
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        services.append(stack.gunicorn_start(env, f"127.0.0.1:{options.app_port}"))
        services.append(stack.worker_start(env))
        services.append(stack.scheduler_start(env))
        services.append(stack.nginx_start(config_path))
        stack.wait_until_ready(f"{app_url}/readyz", services)
        stack.wait_until_ready(f"{proxy_url}/readyz", services)
        stack.wait_until_ready(f"{site_url}/readyz", services, tls_certificate=tls_certificate)
        print(
            "\n"
            f"  Site (HTTPS, cached):      {site_url}/\n"
            f"    self-signed certificate: {tls_certificate.certificate}\n"
            f"  Plain HTTP origin:         {proxy_url}/  (for a CDN and the benchmarks)\n"
            f"  gunicorn (uncached):       {app_url}/\n"
            f"  Admin:                     {site_url}/admin/"
            "  (make superuser with DATABASE_URL set; production asks for 2FA)\n"
            "  Ctrl-C stops everything.\n",
            flush=True,
        )
        while not stopping.wait(0.5):
            for service in services:
                if service.process.poll() is not None:
                    print(f"{service.name} exited ({service.process.returncode})", flush=True)
                    return 1
    except KeyboardInterrupt:
        pass
    finally:
        for service in reversed(services):
            service.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
