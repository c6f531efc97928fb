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
    """The app's current code, waiting for the next 30-second step if the current one
    was already used: a code is accepted only once, as in real use."""
    code = app_code(key)
    while code == used_code:
        time.sleep(30 - time.time() % 30 + 0.2)
        code = app_code(key)
    return code
