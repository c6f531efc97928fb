"""Search queries that suggest someone may be at risk, so search can show the crisis line first.

Site administrators edit the terms in Practice settings (one per line);
CRISIS_SEARCH_TERMS_DEFAULT is where they start. Matching is on whole words and
phrases after normalizing both sides the same way: case, accents, punctuation and
spacing are ignored, and apostrophes dropped ("don't" and "dont" are the same
word), so "suicide" matches "Suicide?" and "kill myself" matches "KILL  myself!!",
but "kill" does not match "skills".

The terms are a list per site today. A list per language can come later by
choosing the list in `crisis_terms()`; the matching does not change.
"""

import re
import unicodedata

CRISIS_SEARCH_TERMS_DEFAULT = "\n".join(
    [
        "suicide",
        "suicidal",
        "kill myself",
        "killing myself",
        "end my life",
        "ending my life",
        "take my own life",
        "want to die",
        "wish I was dead",
        "better off dead",
        "self-harm",
        "hurt myself",
        "hurting myself",
        "cut myself",
        "overdose",
        "no reason to live",
        "don't want to live",
        "crisis",
    ]
)

_APOSTROPHES = re.compile(r"['\u2019\u02bc]")
_WORD = re.compile(r"\w+")


def normalize(text: str) -> str:
    """Lowercase words without accents, separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_WORD.findall(_APOSTROPHES.sub("", plain)))


def crisis_terms(practice) -> list[str]:
    """The normalized terms for the site whose Practice settings are given."""
    lines = (practice.crisis_search_terms or "").splitlines()
    return [term for term in (normalize(line) for line in lines) if term]


def suggests_risk(query: str, terms: list[str]) -> bool:
    """True when a whole word or phrase of the (normalized) terms is in the query."""
    padded = f" {normalize(query)} "
    return any(f" {term} " in padded for term in terms)
