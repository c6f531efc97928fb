"""Soak test of the production stack: a minute at saturation, no 5xx, no memory growth.

Starts the stack with deploy/stack.py as `make prod-local` does, on its own
database, then runs wrk for 60 s (after a 10 s warm-up) with every connection
busy: most through the proxy, the rest straight to gunicorn, each cycling
through cached and uncached pages (search is never cached). Meanwhile it reads
the RSS of every gunicorn worker from /proc every 5 s.

With --proxy-scheme https (what `make soak` uses) the proxy's share goes to its
HTTPS listener, with the stack's self-signed certificate: TLS handshakes and
encryption included.

gunicorn's max_requests recycling is switched off for the run: it would replace
the workers within the minute and hide exactly the leak this looks for.

Fails (exit 1) on any 5xx or if a worker's RSS grew by 10 % or more.

    .venv/bin/python benchmarks/soak.py                 # or: make soak
    .venv/bin/python benchmarks/soak.py --duration 300
"""

import argparse
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.http_load import _milliseconds, fetch
from deploy import stack

PAGES = [
    "/",
    "/blog/",
    "/blog/treatment-resistant-depression/",
    "/contact/",
    "/search/?q=tms",
    "/search/?q=depression",
]
WARM_UP_SECONDS = 10
SAMPLE_SECONDS = 5
MAX_RSS_GROWTH = 0.10
# Each wrk thread walks the page list and counts 5xx answers itself, since wrk
# only reports "non-2xx or 3xx" as one number.
WRK_SCRIPT = """
local paths = {%(paths)s}
local threads = {}
local counter = 0

function setup(thread)
    table.insert(threads, thread)
end

function init(args)
    server_errors = 0
end

function request()
    counter = counter + 1
    return wrk.format("GET", paths[(counter %% #paths) + 1])
end

function response(status, headers, body)
    if status >= 500 then
        server_errors = server_errors + 1
    end
end

function done(summary, latency, requests)
    local total = 0
    for _, thread in ipairs(threads) do
        total = total + thread:get("server_errors")
    end
    io.write(string.format("5xx responses: %%d\\n", total))
end
"""


def wrk_start(url: str, script: Path, *, connections: int, duration: int) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 - a fixed argument list
        [
            shutil.which("wrk") or "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            str(script),
            url,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wrk_result(process: subprocess.Popen) -> dict:
    output, _ = process.communicate()
    if process.returncode != 0:
        raise RuntimeError(f"wrk failed:\n{output}")
    socket_errors = sum(
        int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", output)
    )
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "non_2xx_3xx": int(non_2xx.group(1)) if non_2xx else 0,
        "5xx": int(re.search(r"5xx responses: (\d+)", output).group(1)),
        "socket_errors": socket_errors,
        "p50": _milliseconds(re.search(r"\s50%\s+([\d.]+\w+)", output).group(1)),
        "p99": _milliseconds(re.search(r"\s99%\s+([\d.]+\w+)", output).group(1)),
    }


def worker_pids(master_pid: int) -> list[int]:
    """The gunicorn master's children: its workers."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            # The command name may hold spaces; the parent pid follows its ")".
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # gone since the listing
        if int(fields[1]) == master_pid:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def rss_kib(pid: int) -> int | None:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1))


def rss_sample(master_pid: int) -> dict[int, int]:
    return {pid: rss for pid in worker_pids(master_pid) if (rss := rss_kib(pid)) is not None}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proxy-port", type=int, default=8080)
    parser.add_argument("--app-port", type=int, default=8081)
    parser.add_argument("--https-port", type=int, default=8443)
    parser.add_argument(
        "--proxy-scheme",
        choices=["http", "https"],
        default="http",
        help="load the proxy's plain listener or its HTTPS one",
    )
    parser.add_argument("--duration", type=int, default=60, help="seconds of measured load")
    parser.add_argument("--proxy-connections", type=int, default=48)
    parser.add_argument("--app-connections", type=int, default=16)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/practice_soak"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/3")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    proxy = f"http://127.0.0.1:{options.proxy_port}"
    https = f"https://127.0.0.1:{options.https_port}"
    proxy_target = https if options.proxy_scheme == "https" else proxy
    app = f"http://127.0.0.1:{options.app_port}"
    work_dir = Path(tempfile.mkdtemp(prefix="practice-soak-"))
    state_dir = work_dir / "state"
    stack.state_dir_prepare(state_dir)
    tls_certificate = stack.tls_certificate_create_if_missing(state_dir)
    media_root = work_dir / "media"
    media_root.mkdir()
    env = stack.production_environment(
        database_url=options.database_url,
        redis_url=options.redis_url,
        secret_key=secrets.token_urlsafe(50),
        proxy_url=proxy,
        media_root=media_root,
        extra={"GUNICORN_CMD_ARGS": "--max-requests 0", **stack.BENCHMARK_ENVIRONMENT},
    )
    stack.database_create_if_missing(options.database_url)
    print("Migrating, loading the initial content, collecting static files ...", flush=True)
    stack.site_prepare(env)
    config_path = state_dir / "nginx.conf"
    config_path.write_text(
        stack.nginx_config_without_client_limits(
            stack.nginx_config_render(
                state_dir=state_dir,
                listen=urlsplit(proxy).netloc,
                https_listen=urlsplit(https).netloc,
                tls_certificate=tls_certificate,
                app_addresses=[urlsplit(app).netloc],
                media_root=media_root,
                access_log=str(work_dir / "proxy-access.log"),
            )
        )
    )
    script = work_dir / "pages.lua"
    script.write_text(WRK_SCRIPT % {"paths": ", ".join(f'"{path}"' for path in PAGES)})

    services = []
    samples: list[tuple[float, dict[int, int]]] = []
    try:
        gunicorn = stack.gunicorn_start(env, urlsplit(app).netloc, work_dir / "gunicorn.log")
        services.append(gunicorn)
        services.append(stack.worker_start(env, work_dir / "worker.log"))
        services.append(stack.nginx_start(config_path, work_dir / "nginx.log"))
        stack.wait_until_ready(f"{app}/readyz", services)
        stack.wait_until_ready(f"{proxy}/readyz", services)
        stack.wait_until_ready(f"{https}/readyz", services, tls_certificate=tls_certificate)
        # One cache behind both listeners: filling it over plain HTTP does for both.
        for path in PAGES:
            fetch(proxy + path)

        def load(duration: int) -> list[dict]:
            runs = [
                wrk_start(
                    proxy_target, script, connections=options.proxy_connections, duration=duration
                ),
                wrk_start(app, script, connections=options.app_connections, duration=duration),
            ]
            return [wrk_result(run) for run in runs]

        print(f"Warm-up: {WARM_UP_SECONDS} s ...", flush=True)
        load(WARM_UP_SECONDS)

        stop_sampling = threading.Event()

        def sample_rss() -> None:
            started = time.monotonic()
            while True:
                samples.append((time.monotonic() - started, rss_sample(gunicorn.process.pid)))
                if stop_sampling.wait(SAMPLE_SECONDS):
                    return

        sampler = threading.Thread(target=sample_rss)
        sampler.start()
        print(f"Soak: {options.duration} s at saturation ...", flush=True)
        try:
            proxy_run, app_run = load(options.duration)
        finally:
            stop_sampling.set()
            sampler.join()
        samples.append((samples[-1][0], rss_sample(gunicorn.process.pid)))
    finally:
        for service in reversed(services):
            service.stop()
        stack.database_drop(options.database_url)

    print()
    print("| target | connections | requests | non-2xx/3xx | 5xx | p50 (ms) | p99 (ms) |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, connections, run in (
        (f"proxy ({options.proxy_scheme})", options.proxy_connections, proxy_run),
        ("gunicorn", options.app_connections, app_run),
    ):
        print(
            f"| {name} | {connections} | {run['requests']:,} | {run['non_2xx_3xx']} "
            f"| {run['5xx']} | {run['p50']:.1f} | {run['p99']:.1f} |"
        )
    runs = [proxy_run, app_run]
    total = sum(run["requests"] for run in runs)
    server_errors = sum(run["5xx"] for run in runs)
    print(
        f"\ntotal: {total:,} requests in {options.duration} s "
        f"({total / options.duration:,.0f}/s), "
        f"non-2xx/3xx {sum(run['non_2xx_3xx'] for run in runs)}, 5xx {server_errors}, "
        f"socket errors {sum(run['socket_errors'] for run in runs)}"
    )

    start, end = samples[0][1], samples[-1][1]
    print("\n| worker pid | RSS start (MiB) | RSS end (MiB) | growth |")
    print("|---:|---:|---:|---:|")
    worst = 0.0
    for pid in sorted(start.keys() | end.keys()):
        if pid not in start or pid not in end:
            # A replaced worker (a timeout or a crash) is a failure in itself.
            print(f"| {pid} | {_mib(start.get(pid))} | {_mib(end.get(pid))} | replaced |")
            worst = float("inf")
            continue
        growth = end[pid] / start[pid] - 1
        worst = max(worst, growth)
        print(f"| {pid} | {_mib(start[pid])} | {_mib(end[pid])} | {growth:+.1%} |")
    print(f"\nRSS sampled {len(samples)} times every {SAMPLE_SECONDS} s; logs: {work_dir}")

    failures = []
    if server_errors:
        failures.append(f"{server_errors} responses were 5xx")
    if worst >= MAX_RSS_GROWTH:
        failures.append(f"a worker's RSS grew by {worst:.1%} (limit {MAX_RSS_GROWTH:.0%})")
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


def _mib(kib: int | None) -> str:
    return "-" if kib is None else f"{kib / 1024:.1f}"


if __name__ == "__main__":
    sys.exit(main())
