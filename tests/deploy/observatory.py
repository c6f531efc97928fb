"""The Mozilla HTTP Observatory's scoring rules, applied to one page as the Observatory sees it.

Written from its published scoring table: every page starts at 100, each test
takes points off, and the bonuses count only when the score before them is 90 or
more. Only the tests that can apply to this site are here; a rule the site does
not meet still scores, so a regression shows as a lower number.
"""

import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlsplit

SIX_MONTHS = 15_552_000
PRIVATE_REFERRER_POLICIES = {
    "no-referrer",
    "same-origin",
    "strict-origin",
    "strict-origin-when-cross-origin",
}
UNSAFE_REFERRER_POLICIES = {"unsafe-url", "no-referrer-when-downgrade"}
SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=[\"']([^\"']+)[\"'][^>]*>", re.IGNORECASE)


@dataclass
class Score:
    points: int = 100
    bonus: int = 0
    results: list[str] = field(default_factory=list)

    def add(self, points: int, result: str) -> None:
        self.results.append(f"{result} ({points:+d})")
        if points > 0:
            self.bonus += points
        else:
            self.points += points

    @property
    def total(self) -> int:
        return self.points + (self.bonus if self.points >= 90 else 0)


def content_security_policy(value: str) -> dict[str, list[str]]:
    directives = {}
    for part in value.split(";"):
        words = part.split()
        if words:
            directives.setdefault(words[0].lower(), words[1:])
    return directives


def _csp(score: Score, header: str) -> dict[str, list[str]]:
    if not header:
        score.add(-25, "csp-not-implemented")
        return {}
    policy = content_security_policy(header)
    default = policy.get("default-src")
    scripts = policy.get("script-src", default)
    objects = policy.get("object-src", default)
    styles = policy.get("style-src", default)
    if scripts is None or objects is None:
        # Neither directive nor default-src: scripts or plugins from anywhere.
        score.add(-20, "csp-implemented-with-unsafe-inline")
    elif "'unsafe-inline'" in scripts and not any(
        source.startswith(("'nonce-", "'sha")) or source == "'strict-dynamic'"
        for source in scripts
    ):
        score.add(-20, "csp-implemented-with-unsafe-inline")
    elif any(source in ("*", "http:", "https:", "data:") for source in scripts + objects):
        score.add(-20, "csp-implemented-with-insecure-scheme")
    elif "'unsafe-eval'" in scripts:
        score.add(-10, "csp-implemented-with-unsafe-eval")
    elif styles is not None and "'unsafe-inline'" in styles:
        score.add(0, "csp-implemented-with-unsafe-inline-in-style-src-only")
    elif default == ["'none'"]:
        score.add(10, "csp-implemented-with-no-unsafe-default-src-none")
    else:
        score.add(0, "csp-implemented-with-no-unsafe")
    return policy


def _cookies(score: Score, set_cookies: list[str], hsts: bool, session_names: set[str]) -> None:
    jar = SimpleCookie()
    for value in set_cookies:
        jar.load(value)
    if not jar:
        score.add(0, "cookies-not-found")
        return
    worst, result = 5, "cookies-secure-with-httponly-sessions-and-samesite"
    for name, morsel in jar.items():
        session = name in session_names
        if session and not morsel["httponly"]:
            candidate = (-30, "cookies-session-without-httponly-flag")
        elif not morsel["secure"]:
            if session:
                candidate = (-10, "cookies-session-without-secure-flag-but-protected-by-hsts")
                candidate = candidate if hsts else (-40, "cookies-session-without-secure-flag")
            else:
                candidate = (-5, "cookies-without-secure-flag-but-protected-by-hsts")
                candidate = candidate if hsts else (-20, "cookies-without-secure-flag")
        elif morsel["samesite"].lower() not in ("lax", "strict", "none"):
            candidate = (0, "cookies-secure-with-httponly-sessions")
        else:
            continue
        worst, result = min((worst, result), candidate)
    score.add(worst, result)


def _hsts(score: Score, header: str) -> bool:
    match = re.search(r"max-age=(\d+)", header, re.IGNORECASE)
    if not match:
        score.add(-20, "hsts-not-implemented")
        return False
    max_age = int(match.group(1))
    if max_age < SIX_MONTHS:
        score.add(-10, "hsts-implemented-max-age-less-than-six-months")
    elif "preload" in header.lower() and "includesubdomains" in header.lower():
        score.add(5, "hsts-preloaded")
    else:
        score.add(0, "hsts-implemented-max-age-at-least-six-months")
    return True


def _redirection(score: Score, status: int, location: str, host: str) -> None:
    target = urlsplit(location)
    if status not in (301, 302, 307, 308):
        score.add(-20, "redirection-missing")
    elif target.scheme != "https":
        score.add(-20, "redirection-not-to-https")
    elif target.hostname != host:
        score.add(-5, "redirection-off-host-from-http")
    else:
        score.add(0, "redirection-to-https")


def _referrer_policy(score: Score, header: str) -> None:
    policies = {value.strip().lower() for value in header.split(",") if value.strip()}
    if not policies:
        score.add(0, "referrer-policy-not-implemented")
    elif policies & UNSAFE_REFERRER_POLICIES:
        score.add(-5, "referrer-policy-unsafe")
    elif policies <= PRIVATE_REFERRER_POLICIES:
        score.add(5, "referrer-policy-private")
    else:
        score.add(-5, "referrer-policy-header-invalid")


def _frame_options(score: Score, header: str, policy: dict[str, list[str]]) -> None:
    if "frame-ancestors" in policy:
        score.add(5, "x-frame-options-implemented-via-csp")
    elif header.upper() in ("DENY", "SAMEORIGIN"):
        score.add(0, "x-frame-options-sameorigin-or-deny")
    else:
        score.add(-20, "x-frame-options-not-implemented")


def _subresource_integrity(score: Score, html: str, content_type: str, origin: str) -> None:
    if "html" not in content_type:
        score.add(0, "sri-not-implemented-response-not-html")
        return
    scripts = SCRIPT_SRC.findall(html)
    external = [src for src in scripts if urlsplit(src).netloc and not src.startswith(origin)]
    if not scripts:
        score.add(0, "sri-not-implemented-but-no-scripts-loaded")
    elif not external:
        score.add(0, "sri-not-implemented-but-all-scripts-loaded-from-secure-origin")
    elif any(src.startswith("http:") for src in external):
        score.add(-50, "sri-not-implemented-and-external-scripts-not-loaded-securely")
    else:
        score.add(-5, "sri-not-implemented-but-external-scripts-loaded-securely")


def observatory_score(
    response, *, redirect_status: int, redirect_location: str, origin: str, session_names: set[str]
) -> Score:
    """response: the page over HTTPS (a tests.deploy.conftest.Response); redirect_*:
    what a plain-HTTP request for it got; origin: https://host:port."""
    score = Score()
    policy = _csp(score, response.header("Content-Security-Policy"))
    hsts = _hsts(score, response.header("Strict-Transport-Security"))
    _cookies(score, response.headers.get_all("Set-Cookie") or [], hsts, session_names)
    _redirection(score, redirect_status, redirect_location, urlsplit(origin).hostname)
    _referrer_policy(score, response.header("Referrer-Policy"))
    if response.header("X-Content-Type-Options").lower() == "nosniff":
        score.add(0, "x-content-type-options-nosniff")
    else:
        score.add(-5, "x-content-type-options-not-implemented")
    _frame_options(score, response.header("X-Frame-Options"), policy)
    resource_policy = response.header("Cross-Origin-Resource-Policy").lower()
    if resource_policy and resource_policy not in ("same-origin", "same-site", "cross-origin"):
        score.add(-5, "cross-origin-resource-policy-header-invalid")
    opener_policy = response.header("Cross-Origin-Opener-Policy").lower()
    if opener_policy and opener_policy not in (
        "same-origin",
        "same-origin-allow-popups",
        "unsafe-none",
        "noopener-allow-popups",
    ):
        score.add(-5, "cross-origin-opener-policy-header-invalid")
    _subresource_integrity(score, response.text, response.header("Content-Type"), origin)
    return score
