"""HTTP load test of the production stack (`make prod-local`) with wrk.

Starts prod-local on its own database, then measures requests per second and
p50/p99 latency for the home page, the blog index and the TRD article:
- through the proxy, from its cache (cached);
- straight to gunicorn (no front cache: every request goes through Django);
- and, in the same run, nginx serving the article's HTML as a plain file (the
  ceiling a cache hit could reach on this machine).
Then publishes the article a few times and times how soon the proxy serves the new
version. Prints a Markdown table and the ratios against the targets in docs/performance.md.

With --baseline REF, a second stack runs the code of that git revision (checked out
into a temporary worktree, on its own ports, database and Redis database) beside
this one, and every measurement alternates between the two, --rounds times each,
so a change is compared with what it replaces under the same conditions.

    .venv/bin/python benchmarks/http_load.py            # or: make benchmark
    .venv/bin/python benchmarks/http_load.py --duration 30
    .venv/bin/python benchmarks/http_load.py --baseline main~3 --rounds 3
"""

import argparse
import os
import re
import secrets
import shutil
import statistics
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
TARGET_CACHED_SHARE_OF_CEILING = 0.65
TARGET_UNCACHED_P50_MS = 25.0
TARGET_PUBLISH_VISIBLE_SECONDS = 1.0
PUBLISH_REPEATS = 5
GIT = shutil.which("git") or "git"


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


def wait_for(url: str, process: subprocess.Popen, timeout: float = 600) -> None:
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


class Stack:
    """One prod-local stack of the code in `tree`, started on its own ports and data."""

    def __init__(self, label, tree, *, proxy_port, app_port, https_port, database_url, redis_url):
        self.label = label
        self.tree = Path(tree)
        self.proxy = f"http://127.0.0.1:{proxy_port}"
        self.app = f"http://127.0.0.1:{app_port}"
        self.work_dir = Path(tempfile.mkdtemp(prefix=f"practice-benchmark-{label}-"))
        # Both stacks get a purge secret of the same, modest length: a baseline from before
        # nginx's map_hash_bucket_size was raised cannot load the longer one prod-local
        # would make (deploy/nginx.conf.template).
        state = self.work_dir / "prod-local"
        state.mkdir()
        (state / "purge_secret").write_text(secrets.token_urlsafe(32))
        # What prod_local.py gives its processes, for `manage.py shell` against this stack.
        self.environment = lambda: stack.production_environment(
            database_url=database_url,
            redis_url=redis_url,
            secret_key=(state / "secret_key").read_text().strip(),
            proxy_url=self.proxy,
            site_url=f"https://127.0.0.1:{https_port}",
            media_root=self.tree / "media",
            purge_secret=(state / "purge_secret").read_text().strip(),
        )
        self.process = subprocess.Popen(  # noqa: S603 - our own script
            [
                sys.executable,
                str(Path(tree) / "deploy" / "prod_local.py"),
                f"--proxy-port={proxy_port}",
                f"--app-port={app_port}",
                f"--https-port={https_port}",
                f"--database-url={database_url}",
                f"--redis-url={redis_url}",
                f"--state-dir={self.work_dir / 'prod-local'}",
                f"--access-log={self.work_dir / 'proxy-access.log'}",
                "--without-client-limits",
            ],
            cwd=tree,
            stdout=(self.work_dir / "prod-local.log").open("wb"),
            stderr=subprocess.STDOUT,
        )

    def warm(self) -> None:
        """Caches in the app (templates, settings, fragments, routes) and the proxy's."""
        wait_for(f"{self.proxy}/readyz", self.process)
        for path in PAGES.values():
            for _ in range(20):
                fetch(self.app + path)
            while fetch(self.proxy + path)[1].get("X-Cache-Status") != "HIT":
                time.sleep(0.1)

    def manage_shell(self, code: str) -> None:
        subprocess.run(  # noqa: S603 - our own manage.py
            [sys.executable, str(self.tree / "manage.py"), "shell", "-c", code],
            cwd=self.tree,
            env=self.environment(),
            check=True,
            capture_output=True,
        )

    def publish_visible_seconds(self) -> float:
        """Publish the article under a new title; seconds until the proxy serves it.

        Timed from the end of the publish (the shell's own start-up is not counted),
        so it is the purge's path: the task queue, the worker, nginx.
        """
        title = f"Benchmark title {secrets.token_hex(4)}"
        self.manage_shell(
            "from wagtail.models import Page\n"
            f"page = Page.objects.get(url_path='/home{PAGES['article']}').specific\n"
            f"page.title = {title!r}\n"
            "page.save_revision().publish()\n"
        )
        published = time.monotonic()
        deadline = published + 10
        while time.monotonic() < deadline:
            if title in fetch(self.proxy + PAGES["article"])[2].decode():
                return time.monotonic() - published
            time.sleep(0.01)
        raise TimeoutError(f"{self.label}: the proxy kept the old article for 10 s")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=60)


def baseline_tree(ref: str) -> Path:
    """A detached worktree of `ref`, removed by baseline_tree_remove."""
    tree = Path(tempfile.mkdtemp(prefix="practice-benchmark-baseline-")) / "tree"
    subprocess.run(  # noqa: S603 - fixed git arguments
        [GIT, "worktree", "add", "--detach", "--quiet", str(tree), ref],
        cwd=stack.PROJECT_DIR,
        check=True,
    )
    return tree


def baseline_tree_remove(tree: Path) -> None:
    subprocess.run(  # noqa: S603 - fixed git arguments
        [GIT, "worktree", "remove", "--force", str(tree)], cwd=stack.PROJECT_DIR, check=False
    )


def redis_url_next_database(url: str) -> str:
    """The same Redis server, the next database number (the baseline's own cache)."""
    server, _, number = url.rpartition("/")
    return f"{server}/{int(number or 0) + 1}"


def median_result(results: list[dict]) -> dict:
    return {
        "rps": statistics.median(r["rps"] for r in results),
        "p50": statistics.median(r["p50"] for r in results),
        "p99": statistics.median(r["p99"] for r in results),
        "errors": sum(r["errors"] for r in results),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proxy-port", type=int, default=8080)
    parser.add_argument("--app-port", type=int, default=8081)
    parser.add_argument("--static-port", type=int, default=8082)
    parser.add_argument("--https-port", type=int, default=8443)
    parser.add_argument("--duration", type=int, default=15, help="seconds per measurement")
    parser.add_argument("--cached-connections", type=int, default=16)
    parser.add_argument("--uncached-connections", type=int, default=4)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/practice_benchmark"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/2")
    parser.add_argument("--baseline", help="a git revision to measure beside this code")
    parser.add_argument("--rounds", type=int, default=1, help="measurements of each, alternated")
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: apt-get install wrk")

    stacks = [
        Stack(
            "current",
            stack.PROJECT_DIR,
            proxy_port=options.proxy_port,
            app_port=options.app_port,
            https_port=options.https_port,
            database_url=options.database_url,
            redis_url=options.redis_url,
        )
    ]
    tree = None
    ceiling = None
    static_dir = Path(tempfile.mkdtemp(prefix="practice-benchmark-static-"))
    try:
        if options.baseline:
            tree = baseline_tree(options.baseline)
            stacks.insert(
                0,
                Stack(
                    "baseline",
                    tree,
                    proxy_port=options.proxy_port + 100,
                    app_port=options.app_port + 100,
                    https_port=options.https_port + 100,
                    database_url=options.database_url + "_baseline",
                    redis_url=redis_url_next_database(options.redis_url),
                ),
            )
        for each in stacks:
            each.warm()

        state = static_dir / "static"
        stack.state_dir_prepare(state)
        (state / "html").mkdir()
        (state / "html" / "article.html").write_bytes(
            fetch(stacks[-1].proxy + PAGES["article"])[2]
        )
        (state / "nginx.conf").write_text(
            STATIC_CEILING_CONFIG.format(
                state=state,
                port=options.static_port,
                user_line="user root;" if os.geteuid() == 0 else "",
            )
        )
        ceiling = stack.nginx_start(state / "nginx.conf", static_dir / "static-nginx.log")
        ceiling_url = f"http://127.0.0.1:{options.static_port}/article.html"
        stack.wait_until_ready(ceiling_url, [ceiling])

        measurements = []  # (code, page, served by, connections, url)
        for each in stacks:
            for name, path in PAGES.items():
                measurements.append(
                    (
                        each.label,
                        name,
                        "proxy (cached)",
                        options.cached_connections,
                        each.proxy + path,
                    )
                )
        measurements.append(
            (
                "-",
                "article",
                "nginx static file (ceiling)",
                options.cached_connections,
                ceiling_url,
            )
        )
        for each in stacks:
            for name, path in PAGES.items():
                measurements.append(
                    (
                        each.label,
                        name,
                        "gunicorn (no front cache)",
                        options.uncached_connections,
                        each.app + path,
                    )
                )
        print(f"load average before: {os.getloadavg()[0]:.2f}", flush=True)
        results: dict[tuple, list[dict]] = {}
        # Each round measures everything once, the two stacks' runs of one page side by
        # side, so a change in the machine's load affects both alike.
        for round_number in range(options.rounds):
            for code, name, route, connections, url in measurements:
                result = wrk(url, connections=connections, duration=options.duration)
                results.setdefault((code, name, route, connections), []).append(result)
                print(round_number + 1, code, name, route, result, flush=True)
        # Publishing last: it empties the caches the load measurements ran on.
        publish_seconds: dict[str, list[float]] = {each.label: [] for each in stacks}
        for _ in range(PUBLISH_REPEATS):
            for each in stacks:
                publish_seconds[each.label].append(each.publish_visible_seconds())
        print(publish_seconds, flush=True)
    finally:
        if ceiling:
            ceiling.stop()
        for each in stacks:
            each.stop()
        if tree is not None:
            baseline_tree_remove(tree)

    rows = [(*key, median_result(runs)) for key, runs in results.items()]
    print()
    print(f"Medians of {options.rounds} round(s), {options.duration} s each.")
    print()
    print("| code | page | served by | connections | req/s | p50 (ms) | p99 (ms) | errors |")
    print("|---|---|---|---:|---:|---:|---:|---:|")
    for code, name, route, connections, r in rows:
        print(
            f"| {code} | {name} | {route} | {connections} | {r['rps']:,.0f} | {r['p50']:.2f} "
            f"| {r['p99']:.2f} | {r['errors']} |"
        )
    by_key = {(code, name, route): r for code, name, route, _, r in rows}
    static = by_key[("-", "article", "nginx static file (ceiling)")]
    print()
    for each in stacks:
        cached = by_key[(each.label, "article", "proxy (cached)")]
        uncached = by_key[(each.label, "article", "gunicorn (no front cache)")]
        share = cached["rps"] / static["rps"]
        print(
            f"{each.label}: cached article / static ceiling at {options.cached_connections} "
            f"connections: {share:.2f} (target >= {TARGET_CACHED_SHARE_OF_CEILING:.2f}: "
            f"{'met' if share >= TARGET_CACHED_SHARE_OF_CEILING else 'NOT met'}); "
            f"article straight to gunicorn, p50 at {options.uncached_connections} "
            f"connections: {uncached['p50']:.1f} ms (target < {TARGET_UNCACHED_P50_MS:.0f} ms: "
            f"{'met' if uncached['p50'] < TARGET_UNCACHED_P50_MS else 'NOT met'}), "
            f"errors: {uncached['errors']}; publish visible through the proxy after "
            f"{statistics.median(publish_seconds[each.label]):.2f} s (median of "
            f"{PUBLISH_REPEATS}, slowest {max(publish_seconds[each.label]):.2f} s; target < "
            f"{TARGET_PUBLISH_VISIBLE_SECONDS:.0f} s)"
        )
    print(f"logs: {', '.join(str(each.work_dir) for each in stacks)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
