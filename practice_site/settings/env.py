"""The one module that reads the process environment.

Every setting that can vary between machines comes through these helpers, so a
reader can find each variable the site understands by searching this package,
and `.env.example` documents them all.
"""

import os


def get_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def get_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def get_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def get_list(name: str, default: list[str] | None = None) -> list[str]:
    """A comma-separated variable as a list, ignoring blanks and spaces."""
    value = os.environ.get(name, "")
    items = [item.strip() for item in value.split(",") if item.strip()]
    return items or list(default or [])
