"""The figures and verdicts of benchmarks/lighthouse.py, from made-up Lighthouse reports."""

from benchmarks.lighthouse import (
    DOCS_HEADING,
    docs_replace_section,
    markdown_table,
    misses,
    page_summary,
)

SITE = "https://127.0.0.1:8743"


def report(performance=1.0, *, byte_weight=100_000, urls=(), runtime_error=None):
    categories = {
        "performance": {"score": performance},
        "accessibility": {"score": 1.0},
        "best-practices": {"score": 1.0},
        "seo": {"score": 1.0},
    }
    return {
        "categories": categories,
        "audits": {
            "total-byte-weight": {"numericValue": byte_weight},
            "network-requests": {"details": {"items": [{"url": url} for url in urls]}},
        },
        **({"runtimeError": {"code": runtime_error}} if runtime_error else {}),
    }


def test_summary_takes_the_median_of_each_figure():
    summary = page_summary(
        [
            report(0.91, byte_weight=300_000),
            report(0.99, byte_weight=100_000),
            report(0.97, byte_weight=120_000),
        ],
        SITE,
    )

    assert summary["scores"]["performance"] == 97
    assert summary["scores"]["seo"] == 100
    assert summary["bytes"] == 120_000


def test_only_requests_to_another_host_or_port_are_third_party():
    summary = page_summary(
        [
            report(urls=[f"{SITE}/", f"{SITE}/static/site.css", "data:image/png;base64,AA"]),
            report(urls=["https://fonts.example.com/a.woff2", "https://127.0.0.1:8380/x.css"]),
        ],
        SITE,
    )

    assert summary["third_party"] == [
        "https://127.0.0.1:8380/x.css",
        "https://fonts.example.com/a.woff2",
    ]


def test_verdicts_name_each_missed_target_and_budget():
    met = page_summary([report(0.98, byte_weight=150 * 1024)], SITE)
    heavy_and_slow = page_summary([report(0.97, byte_weight=150 * 1024 + 1)], SITE)

    assert misses("article", met, 0) == []
    assert misses("article", heavy_and_slow, 2) == [
        "performance 97 < 98",
        "150.0 KiB > 150 KiB budget",
        "2 HTML error(s)",
    ]
    # No byte budget for the contact page.
    assert misses("contact", page_summary([report(byte_weight=10**7)], SITE), 0) == []


def test_a_page_that_does_not_load_is_a_miss():
    failed = page_summary([report(None, runtime_error="ERRORED_DOCUMENT_REQUEST")], SITE)

    missed = misses("home", failed, None, status=500)

    assert missed[:3] == ["HTTP 500", "Lighthouse ERRORED_DOCUMENT_REQUEST", "performance - < 98"]
    assert "- HTML error(s)" in missed
    row = {"name": "home", "path": "/", "summary": failed, "vnu_errors": None, "missed": missed}
    assert "| home (`/`) | - | 100 | 100 | 100 |" in markdown_table([row])


def test_the_docs_section_is_replaced_and_the_rest_kept():
    text = (
        f"# Performance\n\n## Before\n\nkept\n\n{DOCS_HEADING}\n\nold table\n\n## After\n\nkept\n"
    )

    replaced = docs_replace_section(text, f"{DOCS_HEADING}\n\nnew table\n")

    assert replaced == (
        f"# Performance\n\n## Before\n\nkept\n\n{DOCS_HEADING}\n\nnew table\n\n## After\n\nkept\n"
    )
    assert docs_replace_section(replaced, f"{DOCS_HEADING}\n\nnew table\n") == replaced


def test_the_docs_section_is_added_at_the_end_when_missing():
    added = docs_replace_section("# Performance\n\ntext\n", f"{DOCS_HEADING}\n\ntable\n")

    assert added == f"# Performance\n\ntext\n\n{DOCS_HEADING}\n\ntable\n"
    assert docs_replace_section(added, f"{DOCS_HEADING}\n\ntable 2\n") == (
        f"# Performance\n\ntext\n\n{DOCS_HEADING}\n\ntable 2\n"
    )
