"""Which release of the code is running, for cached fragments that must not outlive it.

Fragments (`{% fragmentcache %}`) are kept in Redis, shared by every app server: a
fragment one server renders, another serves. Their keys hold the release, so
servers running the same code share them and a deploy never reads fragments of
older templates or code.

The release is settings.RELEASE_ID (the RELEASE_ID variable), which the image build
sets from the git commit (Dockerfile, compose.yaml). Without it, a fingerprint of
what the HTML is made from: the same on every server with the same files, new with
any change to them. Hashing them takes some milliseconds, once per process.
"""

import functools
import hashlib
from pathlib import Path

from django.conf import settings

# The code and templates, the static files (their hashed names are in the HTML) and
# the locked dependencies (Wagtail's own markup), relative to BASE_DIR.
SOURCES = (
    "practice_site",
    "blog",
    "initial_content",
    "templates",
    "static",
    "requirements/base.lock",
)


def release_id() -> str:
    return settings.RELEASE_ID or code_fingerprint()


@functools.cache
def code_fingerprint() -> str:
    base = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    for source in SOURCES:
        root = base / source
        paths = [root] if root.is_file() else sorted(root.rglob("*"))
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(base)).encode() + b"\0")
                digest.update(path.read_bytes())
    return "code-" + digest.hexdigest()[:12]
