"""Codes an authenticator app would show, computed from a device's secret."""

import time
from base64 import b32decode

from django_otp.oath import TOTP


def key_from_setup_key(setup_key: str) -> bytes:
    """The secret behind the key enrollment shows for typing in by hand."""
    return b32decode(setup_key.replace(" ", ""))


def app_code(key: bytes, *, at: float | None = None) -> str:
    """The 6-digit code an app shows at time `at` (now by default)."""
    generator = TOTP(key, step=30, digits=6)
    generator.time = time.time() if at is None else at
    return f"{generator.token():06d}"


def fresh_app_code(key: bytes, used_code: str) -> str:
    """A code the app shows that was not used yet: its current one or, if that was used,
    the next one, as a phone whose clock runs a few seconds fast shows it. A code is
    accepted only once, and django-otp accepts one 30-second step either side of its
    own clock (the device's tolerance), so no test waits for the next step."""
    code = app_code(key)
    if code == used_code:
        code = app_code(key, at=time.time() + 30)
    return code
