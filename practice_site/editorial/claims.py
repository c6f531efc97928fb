"""A guardrail for health claims in pages and posts (docs/domain.md: advertising ethics).

It finds wording that promises results, claims the wrong regulatory status or
reads like a testimonial, and the admin shows each finding as a warning after
saving. It never blocks publishing: clinicians and counsel make the call.
"""

import re
from dataclasses import dataclass

from django.db import models
from django.utils.html import strip_tags

from wagtail.fields import RichTextField, StreamField


@dataclass(frozen=True)
class ClaimRule:
    pattern: re.Pattern
    advice: str


RULES = [
    ClaimRule(
        re.compile(r"\bcur(e|es|ed|ing)\b", re.IGNORECASE),
        "“cure” promises a result; say what a treatment may help with instead.",
    ),
    ClaimRule(
        re.compile(r"\bguarantee(s|d)?\b", re.IGNORECASE),
        "“guarantee” promises a result no treatment can.",
    ),
    ClaimRule(
        re.compile(r"\b100\s?%|\bone hundred percent\b", re.IGNORECASE),
        "“100%” claims certainty; give figures only with the trial they come from.",
    ),
    ClaimRule(
        re.compile(
            r"\bTMS\b[^.!?]*\bFDA[- ]approved\b|\bFDA[- ]approved\b[^.!?]*\bTMS\b",
            re.IGNORECASE,
        ),
        "TMS devices are “FDA-cleared”, not “FDA-approved”.",
    ),
    ClaimRule(
        re.compile(
            r"\btestimonials?\b|\b(five|5)[- ]star\b|\bour (clients|patients) say\b"
            r"|\bsuccess rates?\b",
            re.IGNORECASE,
        ),
        "Testimonials, ratings and success rates are not used in therapy advertising.",
    ),
    ClaimRule(
        re.compile(r"\bmiracle\b|\bpermanent(ly)? (relief|recovery)\b", re.IGNORECASE),
        "This promises more than evidence supports.",
    ),
]


def risky_claims(text: str) -> list[str]:
    """Advice for each rule the text breaks, quoting the words that broke it."""
    findings = []
    for rule in RULES:
        match = rule.pattern.search(text)
        if match:
            findings.append(f"“{match.group(0)}”: {rule.advice}")
    return findings


def page_text(page) -> str:
    """The words of every text field of a page, rich text and StreamFields included."""
    parts = []
    for field in page._meta.get_fields():
        if isinstance(field, StreamField):
            value = getattr(page, field.name)
            parts.extend(str(item) for item in field.stream_block.get_searchable_content(value))
        elif isinstance(field, (RichTextField, models.TextField, models.CharField)):
            value = getattr(page, field.name, "")
            if isinstance(value, str) and field.name not in ("slug", "url_path", "path"):
                parts.append(strip_tags(value))
    return " ".join(parts)
