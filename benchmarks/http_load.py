"""HTTP load test of the production stack (`make prod-local`) with wrk.

Starts prod-local on its own database, then measures requests per second and
p50/p99 latency for the home page, the blog index and the TRD article:
- through the proxy, from its cache (cached);
- straight to gunicorn (no front cache: every request goes through Django);
- and, in the same run, nginx serving the article's HTML as a plain file (the
  ceiling a cache hit could reach on this machine).
Prints a Markdown table and the ratios against the targets in docs/performance.md.

    .venv/bin/python benchmarks/http_load.py            # or: make benchmark
    .venv/bin/python benchmarks/http_load.py --duration 30
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from deploy import stack

PAGES = {
    "home": "/",
    "blog index": "/blog/",
    "article": "/blog/treatment-resistant-depression/",
}
STATIC_CEILING_CONFIG = """
worker_processes auto;
pid {state}/nginx.pid;
error_log stderr warn;
{user_line}
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    sendfile on;
    tcp_nopush on;
    server_tokens off;
    client_body_temp_path {state}/client_body;
    proxy_temp_path {state}/proxy_temp;
    fastcgi_temp_path {state}/fastcgi_temp;
    uwsgi_temp_path {state}/uwsgi_temp;
    scgi_temp_path {state}/scgi_temp;
    # Logged like the proxy logs, so both do the same work per request.
    log_format practice '$time_iso8601 $request_id "$request_method $uri" $status '
                        '$body_bytes_sent $request_time cache=-';
    access_log {state}/access.log practice buffer=32k flush=1s;
    server {{
        listen 127.0.0.1:{port};
        root {state}/html;
    }}
}}
"""
TARGET_CACHED_SHARE_OF_CEILING = 0.5
TARGET_UNCACHED_P50_MS = 25.0


def wrk(url: str, *, connections: int, duration: int) -> dict:
    threads = min(2, connections)
    output = subprocess.run(  # noqa: S603 - a fixed argument list
        [
            shutil.which("wrk") or "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    errors = sum(
        int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
    ) + sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": _milliseconds(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _milliseconds(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
        "errors": errors,
    }


def _milliseconds(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}[unit]


def fetch(url: str) -> tuple[int, dict, bytes]:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback
        return response.status, dict(response.headers), response.read()


def wait_for(url: str, process: subprocess.Popen, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"prod-local exited with {process.returncode}")
        try:
            if fetch(url)[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.5)
    raise TimeoutError(url)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proxy-port", type=int, default=8080)
    parser.add_argument("--app-port", type=int, default=8081)
    parser.add_argument("--static-port", type=int, default=8082)
    parser.add_argument("--https-port", type=int, default=8443)
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement")
    parser.add_argument("--cached-connections", type=int, default=32)
    parser.add_argument("--uncached-connections", type=int, default=4)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/practice_benchmark"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/2")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    proxy = f"http://127.0.0.1:{options.proxy_port}"
    app = f"http://127.0.0.1:{options.app_port}"
    work_dir = Path(tempfile.mkdtemp(prefix="practice-benchmark-"))
    prod_local = subprocess.Popen(  # noqa: S603 - our own script
        [
            sys.executable,
            str(stack.PROJECT_DIR / "deploy" / "prod_local.py"),
            f"--proxy-port={options.proxy_port}",
            f"--app-port={options.app_port}",
            f"--https-port={options.https_port}",
            f"--database-url={options.database_url}",
            f"--redis-url={options.redis_url}",
            f"--state-dir={work_dir / 'prod-local'}",
            f"--access-log={work_dir / 'proxy-access.log'}",
            "--without-client-limits",
        ],
        stdout=(work_dir / "prod-local.log").open("wb"),
        stderr=subprocess.STDOUT,
    )
    ceiling = None
    try:
        wait_for(f"{proxy}/readyz", prod_local)
        # Warm both paths: caches in the app (templates, settings) and the proxy.
        for path in PAGES.values():
            for _ in range(20):
                fetch(app + path)
            while fetch(proxy + path)[1].get("X-Cache-Status") != "HIT":
                time.sleep(0.1)

        state = work_dir / "static"
        stack.state_dir_prepare(state)
        (state / "html").mkdir()
        (state / "html" / "article.html").write_bytes(fetch(proxy + PAGES["article"])[2])
        (state / "nginx.conf").write_text(
            STATIC_CEILING_CONFIG.format(
                state=state,
                port=options.static_port,
                user_line="user root;" if os.geteuid() == 0 else "",
            )
        )
        ceiling = stack.nginx_start(state / "nginx.conf", work_dir / "static-nginx.log")
        ceiling_url = f"http://127.0.0.1:{options.static_port}/article.html"
        stack.wait_until_ready(ceiling_url, [ceiling])

        rows = []
        print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
        for name, path in PAGES.items():
            result = wrk(
                proxy + path, connections=options.cached_connections, duration=options.duration
            )
            rows.append((name, "proxy (cached)", options.cached_connections, result))
            print(rows[-1], flush=True)
        result = wrk(
            ceiling_url, connections=options.cached_connections, duration=options.duration
        )
        rows.append(("article", "nginx static file (ceiling)", options.cached_connections, result))
        print(rows[-1], flush=True)
        for name, path in PAGES.items():
            result = wrk(
                app + path, connections=options.uncached_connections, duration=options.duration
            )
            rows.append((name, "gunicorn (no front cache)", options.uncached_connections, result))
            print(rows[-1], flush=True)
    finally:
        if ceiling:
            ceiling.stop()
        prod_local.terminate()
        prod_local.wait(timeout=60)

    print()
    print("| page | path | connections | req/s | p50 (ms) | p99 (ms) | errors |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for name, route, connections, r in rows:
        print(
            f"| {name} | {route} | {connections} | {r['rps']:,.0f} | {r['p50']:.2f} "
            f"| {r['p99']:.2f} | {r['errors']} |"
        )
    by_key = {(name, route): r for name, route, _, r in rows}
    cached = by_key[("article", "proxy (cached)")]
    static = by_key[("article", "nginx static file (ceiling)")]
    uncached = by_key[("article", "gunicorn (no front cache)")]
    share = cached["rps"] / static["rps"]
    print()
    print(
        f"cached article / static ceiling: {share:.0%} "
        f"(target >= {TARGET_CACHED_SHARE_OF_CEILING:.0%}: "
        f"{'met' if share >= TARGET_CACHED_SHARE_OF_CEILING else 'NOT met'})"
    )
    print(
        f"article straight to gunicorn, p50 at {options.uncached_connections} connections: "
        f"{uncached['p50']:.1f} ms (target < {TARGET_UNCACHED_P50_MS:.0f} ms: "
        f"{'met' if uncached['p50'] < TARGET_UNCACHED_P50_MS else 'NOT met'}), "
        f"errors: {uncached['errors']}"
    )
    print(f"logs: {work_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
