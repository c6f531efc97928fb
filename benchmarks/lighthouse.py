"""Lighthouse scores, page weight and HTML validation of the production stack.

Starts `make prod-local` as benchmarks/http_load.py does, on a database of its own made
afresh each run with the initial content (its Redis database emptied too), warms the
proxy's page cache (a page measured is a cache hit, as for any visitor after the first;
the contact page is never cached), then, for each page:
- runs Lighthouse (npm, pinned in benchmarks/package.json) with Debian's Chromium,
  headless, over the site's HTTPS listener (its self-signed certificate accepted with
  --ignore-certificate-errors), mobile form factor with Lighthouse's default simulated
  throttling on a 390 x 844 px screen, RUNS times, and takes the median of each
  category's score and of the bytes transferred (the total-byte-weight audit);
- counts requests that left the site (network-requests audit: any http(s) URL whose
  host and port differ from the site's), in any run;
- validates the page's HTML (fetched over HTTPS) with the Nu Html Checker (vnu-jar).

Prints a Markdown table and exits 1 when a target or budget is missed (scores, bytes,
a third-party request, a validation error), so it can gate. --write-docs puts the
section into docs/performance.md (replacing it), also when something is missed.
Lighthouse's JSON reports stay in benchmarks/results/lighthouse/ (git-ignored).

    .venv/bin/python benchmarks/lighthouse.py              # or: make lighthouse
    .venv/bin/python benchmarks/lighthouse.py --write-docs
    .venv/bin/python benchmarks/lighthouse.py --revision HEAD  # without uncommitted edits
    .venv/bin/python benchmarks/lighthouse.py --site https://127.0.0.1:8443  # a running stack
"""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import ssl
import statistics
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import redis

from benchmarks.http_load import Stack, baseline_tree, baseline_tree_remove, wait_for
from deploy import stack

BENCHMARKS_DIR = Path(__file__).resolve().parent
NODE_MODULES = BENCHMARKS_DIR / "node_modules"
LIGHTHOUSE = NODE_MODULES / ".bin" / "lighthouse"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
RESULTS_DIR = BENCHMARKS_DIR / "results" / "lighthouse"
DOCS = stack.PROJECT_DIR / "docs" / "performance.md"
DOCS_HEADING = "## Lighthouse and HTML validation"
CHROMIUM = "/usr/bin/chromium"

PAGES = {
    "home": "/",
    "blog index": "/blog/",
    "article": "/blog/treatment-resistant-depression/",
    "contact": "/contact/",
    "treatment": "/treatments/esketamine/",
    "clinician": "/team/demo-psychiatrist/",
}
CATEGORIES = {
    "performance": "performance",
    "accessibility": "accessibility",
    "best-practices": "best practices",
    "seo": "SEO",
}
# Lowest acceptable score per category (0-100).
SCORE_TARGETS = {"performance": 98, "accessibility": 100, "best-practices": 100, "seo": 100}
# Most bytes transferred (Lighthouse's total-byte-weight) per page that has a budget.
BYTE_BUDGETS = {"home": 200 * 1024, "article": 150 * 1024}
SCREEN = {"width": 390, "height": 844}
CHROME_FLAGS = "--headless=new --no-sandbox --ignore-certificate-errors"


# Pure functions: the figures from Lighthouse's reports, the verdicts, the Markdown.


def median(values):
    """The median of the values that are not None (None if there are none)."""
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


def report_scores(report: dict) -> dict[str, int | None]:
    """Each category's score, 0-100 (None when Lighthouse could not score it)."""
    scores = {}
    for category in CATEGORIES:
        score = report.get("categories", {}).get(category, {}).get("score")
        scores[category] = None if score is None else round(score * 100)
    return scores


def report_bytes(report: dict) -> float | None:
    return report.get("audits", {}).get("total-byte-weight", {}).get("numericValue")


def third_party_urls(report: dict, site_url: str) -> list[str]:
    """URLs of the http(s) requests whose host (and port) differ from the site's."""
    site = urlsplit(site_url).netloc
    items = (
        report.get("audits", {}).get("network-requests", {}).get("details", {}).get("items", [])
    )
    urls = []
    for item in items:
        url = urlsplit(item.get("url", ""))
        if url.scheme in ("http", "https") and url.netloc != site:
            urls.append(item["url"])
    return urls


def page_summary(reports: list[dict], site_url: str) -> dict:
    """The medians over one page's runs, and every third-party URL any run requested."""
    per_run = [report_scores(report) for report in reports]
    third_party = sorted({url for report in reports for url in third_party_urls(report, site_url)})
    return {
        "scores": {category: median(run[category] for run in per_run) for category in CATEGORIES},
        "bytes": median(report_bytes(report) for report in reports),
        "third_party": third_party,
        "runs": len(reports),
        "errors": sorted({r["runtimeError"]["code"] for r in reports if r.get("runtimeError")}),
    }


def misses(name: str, summary: dict, vnu_errors: int | None, status: int = 200) -> list[str]:
    """What this page misses of the targets and budgets, in words (empty: all met)."""
    missed = [] if status == 200 else [f"HTTP {status}"]
    missed += [f"Lighthouse {error}" for error in summary.get("errors", [])]
    for category, target in SCORE_TARGETS.items():
        score = summary["scores"][category]
        if score is None or score < target:
            missed.append(f"{CATEGORIES[category]} {_or_dash(score)} < {target}")
    budget = BYTE_BUDGETS.get(name)
    if budget is not None and (summary["bytes"] is None or summary["bytes"] > budget):
        missed.append(f"{_kib(summary['bytes'])} KiB > {budget / 1024:.0f} KiB budget")
    if summary["third_party"]:
        missed.append(f"{len(summary['third_party'])} third-party request(s)")
    if vnu_errors is None or vnu_errors > 0:
        missed.append(f"{_or_dash(vnu_errors)} HTML error(s)")
    return missed


def _or_dash(value) -> str:
    return "-" if value is None else f"{value:g}"


def _kib(value: float | None) -> str:
    return "-" if value is None else f"{value / 1024:.1f}"


def markdown_table(rows: list[dict]) -> str:
    """rows: name, path, summary, vnu_errors (None: not checked), cached, missed."""
    lines = [
        "| page | performance | accessibility | best practices | SEO "
        "| transferred (KiB) | budget (KiB) | third-party requests | HTML errors "
        "| from the proxy's cache | verdict |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for row in rows:
        summary = row["summary"]
        scores = " | ".join(_or_dash(summary["scores"][c]) for c in CATEGORIES)
        budget = BYTE_BUDGETS.get(row["name"])
        lines.append(
            f"| {row['name']} (`{row['path']}`) | {scores} | {_kib(summary['bytes'])} "
            f"| {'-' if budget is None else f'{budget / 1024:.0f}'} "
            f"| {len(summary['third_party'])} | {_or_dash(row['vnu_errors'])} "
            f"| {'yes' if row.get('cached', True) else 'no'} "
            f"| {'met' if not row['missed'] else 'missed: ' + '; '.join(row['missed'])} |"
        )
    return "\n".join(lines)


def docs_section(table: str, facts: dict) -> str:
    targets = ", ".join(f"{CATEGORIES[c]} {t}" for c, t in SCORE_TARGETS.items())
    budgets = ", ".join(f"{name} {b / 1024:.0f} KiB" for name, b in BYTE_BUDGETS.items())
    about = (
        "`benchmarks/lighthouse.py` (`make lighthouse`; `PROXY_PORT`, `APP_PORT`, "
        "`HTTPS_PORT` default to 8380, 8381 and 8743 there) starts the production stack "
        "of the working tree (`REVISION=<git ref>`: of a commit) on a fresh database of its "
        "own with the initial content, without the per-client limits as for "
        "`make benchmark`, warms the proxy's page cache (what any visitor after the first "
        "gets; the contact page is never cached), then runs Lighthouse "
        f"{facts['runs']} times per page with Debian's Chromium, headless, over the site's "
        "HTTPS listener (the self-signed certificate accepted with "
        "`--ignore-certificate-errors`): mobile form factor, Lighthouse's default simulated "
        f"throttling, a {SCREEN['width']} x {SCREEN['height']} px screen. The table gives the "
        "median of the runs for each score and for the bytes transferred (Lighthouse's "
        "`total-byte-weight`); third-party requests are the requests of any run to another "
        "host or port than the site's (`network-requests`); HTML errors are the Nu Html "
        "Checker's (`vnu-jar`) on the page's HTML fetched over HTTPS. Lighthouse and vnu-jar "
        "are pinned in `benchmarks/package.json` and its lock file; the target runs "
        "`npm ci --ignore-scripts --prefix benchmarks` when `benchmarks/node_modules` is "
        "missing (Node and Java are needed for this only). The JSON reports stay in "
        "`benchmarks/results/lighthouse/` (git-ignored). The script exits 1 when anything "
        f"is missed. Targets: {targets}; no third-party request; no HTML error. Budgets "
        f"(transferred): {budgets}. `--write-docs` replaces this section."
    )
    run = (
        f"Run {facts['date']}, revision {facts['revision']}, Lighthouse "
        f"{facts['lighthouse']}, {facts['chromium']}, vnu {facts['vnu']}, Node "
        f"{facts['node']}; load average {facts['load']} when it started, Lighthouse's "
        f"benchmark index (its CPU measure) {facts['benchmark_index']}:"
    )
    return f"{DOCS_HEADING}\n\n{_wrap(about)}\n\n{_wrap(run)}\n\n{table}\n"


def _wrap(paragraph: str) -> str:
    return textwrap.fill(paragraph, width=90, break_long_words=False, break_on_hyphens=False)


def docs_replace_section(text: str, section: str) -> str:
    """text with its DOCS_HEADING section (up to the next ## heading) replaced, or added."""
    pattern = re.compile(rf"^{re.escape(DOCS_HEADING)}\n.*?(?=^## |\Z)", re.M | re.S)
    if pattern.search(text):
        return pattern.sub(lambda _: section.rstrip("\n") + "\n\n", text, count=1).rstrip("\n") + (
            "\n" if text.endswith("\n") else ""
        )
    return text.rstrip("\n") + "\n\n" + section.rstrip("\n") + "\n"


# Running the tools.

RUNS_DEFAULT = 3
# Lighthouse's own failures to record a load (its trace, its DevTools connection), not the
# page's: such a run is made again, up to TOOL_RETRIES times. A page that fails to load
# (an error status) is reported as it is.
TOOL_ERRORS = {"NO_NAVSTART", "NO_TRACING_STARTED", "PROTOCOL_TIMEOUT", "TRACING_ALREADY_STARTED"}
TOOL_RETRIES = 2


def lighthouse_run(url: str, output: Path) -> dict:
    process = subprocess.Popen(  # noqa: S603 - our own pinned tool, fixed arguments
        [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={output}",
            "--quiet",
            f"--chrome-flags={CHROME_FLAGS}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--form-factor=mobile",
            f"--screenEmulation.width={SCREEN['width']}",
            f"--screenEmulation.height={SCREEN['height']}",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    try:
        process.wait(timeout=300)
    except BaseException:
        # Interrupted or stuck: Lighthouse closes its Chromium on SIGINT (killed outright,
        # it would leave the browser running).
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        raise
    # A page Lighthouse cannot load (an error status, say) still gets a report, its
    # runtimeError saying why and the scores null, and the CLI exits 1.
    if not output.exists():
        raise RuntimeError(f"Lighthouse wrote no report for {url}")
    return json.loads(output.read_text())


def vnu_errors(html_files: dict[str, Path]) -> tuple[dict[str, int], list[dict]]:
    """Errors per page name, and the checker's messages (of every type)."""
    result = subprocess.run(  # noqa: S603 - our own pinned tool, fixed arguments
        [
            shutil.which("java") or "java",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--stdout",
            "--exit-zero-always",
            *map(str, html_files.values()),
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    messages = json.loads(result.stdout)["messages"]
    by_file = {path.resolve().as_uri(): name for name, path in html_files.items()}
    counts = dict.fromkeys(html_files, 0)
    for message in messages:
        if message.get("type") in ("error", "non-document-error"):
            name = by_file.get(message.get("url", ""))
            if name is None:
                raise RuntimeError(f"vnu message for an unknown file: {message}")
            counts[name] += 1
    return counts, messages


def fetch(url: str, context: ssl.SSLContext | None) -> tuple[int, dict, bytes]:
    """Status, headers and body; an error status is returned, not raised."""
    try:
        with urllib.request.urlopen(url, timeout=30, context=context) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def cacheable(headers: dict) -> bool:
    """Whether the proxy may keep the response (the contact page, with its form, never)."""
    directives = {d.strip().lower() for d in headers.get("Cache-Control", "").split(",")}
    return not directives & {"no-store", "no-cache", "private"}


def cache_warm(site: str, context: ssl.SSLContext | None) -> dict[str, tuple[int, bool]]:
    """Every page into the proxy's cache (measured as a visitor after the first gets it).

    Returns each page's status and whether the proxy serves it from its cache: a page
    that answers with an error, or says it must not be cached, is measured as it comes.
    """
    pages = {}
    for name, path in PAGES.items():
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, _ = fetch(site + path, context)
            except OSError:  # the HTTPS listener may not be up yet
                status, headers = None, {}
            if headers.get("X-Cache-Status") == "HIT":
                break
            if status is not None and (status != 200 or not cacheable(headers)):
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"{site}{path} never came from the proxy's cache")
            time.sleep(0.2)
        pages[name] = (status, headers.get("X-Cache-Status") == "HIT")
    return pages


def tool_version(*args: str) -> str:
    result = subprocess.run(args, capture_output=True, text=True, check=False)  # noqa: S603
    return (result.stdout or result.stderr).strip().splitlines()[0]


def git_revision(ref: str | None) -> str:
    git = shutil.which("git") or "git"
    revision = tool_version(
        git, "-C", str(stack.PROJECT_DIR), "rev-parse", "--short", f"{ref or 'HEAD'}^{{commit}}"
    )
    if ref:
        return revision
    changed = subprocess.run(  # noqa: S603 - fixed git arguments
        [git, "-C", str(stack.PROJECT_DIR), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    return f"{revision} (with uncommitted changes)" if changed else revision


def npm_install_if_missing() -> None:
    if LIGHTHOUSE.exists() and VNU_JAR.exists():
        return
    subprocess.run(  # noqa: S603 - fixed npm arguments
        [shutil.which("npm") or "npm", "ci", "--ignore-scripts", "--prefix", str(BENCHMARKS_DIR)],
        check=True,
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--proxy-port", type=int, default=8380)
    parser.add_argument("--app-port", type=int, default=8381)
    parser.add_argument("--https-port", type=int, default=8743)
    parser.add_argument(
        "--database-url", default="postgres://postgres@127.0.0.1:5432/practice_lighthouse"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/4")
    parser.add_argument("--runs", type=int, default=RUNS_DEFAULT, help="Lighthouse runs per page")
    parser.add_argument(
        "--site",
        help="measure this running site (e.g. https://127.0.0.1:8443) instead of starting one",
    )
    parser.add_argument(
        "--revision",
        help="measure this git revision (checked out into a temporary worktree) instead of "
        "the working tree, e.g. HEAD to leave out uncommitted edits",
    )
    parser.add_argument(
        "--write-docs", action="store_true", help=f"write the section into {DOCS.name}"
    )
    options = parser.parse_args()
    for tool in ("node", "java"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is needed for this benchmark (Debian: nodejs npm / openjdk-17-jre)")
    if not Path(CHROMIUM).exists():
        sys.exit(f"{CHROMIUM} is missing: apt-get install chromium")
    npm_install_if_missing()

    run_dir = RESULTS_DIR / datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
    run_dir.mkdir(parents=True)
    load = f"{os.getloadavg()[0]:.2f}"
    site = options.site.rstrip("/") if options.site else f"https://127.0.0.1:{options.https_port}"
    context = ssl.create_default_context()
    running = None
    tree = None
    try:
        if options.revision:
            tree = baseline_tree(options.revision)
        if not options.site:
            # A fresh database and Redis database each run: the initial content only.
            stack.database_drop(options.database_url)
            redis.Redis.from_url(options.redis_url).flushdb()
            running = Stack(
                "lighthouse",
                tree or stack.PROJECT_DIR,
                proxy_port=options.proxy_port,
                app_port=options.app_port,
                https_port=options.https_port,
                database_url=options.database_url,
                redis_url=options.redis_url,
            )
            print(f"Starting the production stack (log: {running.work_dir})", flush=True)
            wait_for(f"{running.proxy}/readyz", running.process)
            certificate = stack.tls_certificate_create_if_missing(running.work_dir / "prod-local")
            context = ssl.create_default_context(cafile=certificate.certificate)
        elif urlsplit(site).scheme == "https":
            context = ssl._create_unverified_context()  # noqa: S323 - a local self-signed site
        warmed = cache_warm(site, context)
        statuses = {name: status for name, (status, _) in warmed.items()}

        html_files = {}
        for name, path in PAGES.items():
            if statuses[name] == 200:
                html_files[name] = run_dir / f"{name.replace(' ', '-')}.html"
                html_files[name].write_bytes(fetch(site + path, context)[2])
        vnu_counts, vnu_messages = vnu_errors(html_files) if html_files else ({}, [])
        (run_dir / "vnu.json").write_text(json.dumps(vnu_messages, indent=2))

        reports: dict[str, list[dict]] = {name: [] for name in PAGES}
        for run in range(1, options.runs + 1):
            for name, path in PAGES.items():
                output = run_dir / f"{name.replace(' ', '-')}-{run}.report.json"
                report = lighthouse_run(site + path, output)
                for _ in range(TOOL_RETRIES):
                    if report.get("runtimeError", {}).get("code") not in TOOL_ERRORS:
                        break
                    print(run, name, "again after", report["runtimeError"]["code"], flush=True)
                    report = lighthouse_run(site + path, output)
                reports[name].append(report)
                print(run, name, report_scores(report), report_bytes(report), flush=True)
    finally:
        if running:
            running.stop()
        if tree is not None:
            baseline_tree_remove(tree)

    rows = []
    for name, path in PAGES.items():
        summary = page_summary(reports[name], site)
        rows.append(
            {
                "name": name,
                "path": path,
                "summary": summary,
                "vnu_errors": vnu_counts.get(name),
                "cached": warmed[name][1],
                "missed": misses(name, summary, vnu_counts.get(name), statuses[name]),
            }
        )
    facts = {
        "date": datetime.date.today().isoformat(),
        "revision": git_revision(options.revision),
        "lighthouse": reports["home"][0]["lighthouseVersion"],
        "chromium": tool_version(CHROMIUM, "--version").removesuffix(".").split(" built")[0],
        "vnu": tool_version("java", "-jar", str(VNU_JAR), "--version"),
        "node": tool_version("node", "--version"),
        "load": load,
        "runs": options.runs,
        "benchmark_index": _or_dash(
            median(
                report.get("environment", {}).get("benchmarkIndex")
                for runs in reports.values()
                for report in runs
            )
        ),
    }
    table = markdown_table(rows)
    print()
    print(table)
    print()
    for row in rows:
        for url in row["summary"]["third_party"]:
            print(f"{row['name']}: third-party request {url}")
    for row in rows:
        if row["name"] not in html_files:
            continue
        for message in vnu_messages:
            if (
                message.get("type") == "error"
                and message.get("url") == html_files[row["name"]].resolve().as_uri()
            ):
                print(
                    f"{row['name']}: HTML error line {message.get('lastLine')}: "
                    f"{message.get('message')}"
                )
    print(f"Reports: {run_dir}")
    if options.write_docs:
        DOCS.write_text(docs_replace_section(DOCS.read_text(), docs_section(table, facts)))
        print(f"Wrote the section into {DOCS}")
    missed = [row for row in rows if row["missed"]]
    print(f"{len(missed)} of {len(rows)} pages miss a target or budget" if missed else "All met")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
