"""A per-process circuit breaker in front of Redis, so a broken cache costs a page little.

Redis calls already give up quickly (the socket timeouts in
practice_site/settings/caches.py), but a page makes dozens of them: fragments,
rate limits, the front-cache URL record, sessions, Wagtail's own caches. Against a
Redis that accepts connections and never answers, each one would wait its full
timeout. Instead, the first call that fails (refused, timed out, reset) opens the
breaker, and for OPEN_SECONDS every Redis call in this process fails at once,
without touching the network. The next call after that tries Redis again: it
closes the breaker when it works and opens it for another OPEN_SECONDS when not.

It sits in redis-py's connection pool (django-redis's CONNECTION_POOL_CLASS and the
pool's connection_class), below every user of the cache, so django-redis's
IGNORE_EXCEPTIONS turns a skipped call into a cache miss or a dropped write, and
code that talks to Redis directly (practice_site/caching/front_cache/url_registry.py) sees the same
ConnectionError it already handles. One warning is logged when the breaker opens,
none for the calls it skips.
"""

import logging
import time

from redis.connection import Connection, ConnectionPool
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Long enough that a hung Redis costs each process one timeout every few seconds,
# short enough that a Redis that comes back is used again almost at once.
OPEN_SECONDS = 5.0
FAILURES = (RedisConnectionError, RedisTimeoutError)

_open_until = 0.0


def is_open() -> bool:
    """True while Redis calls are being skipped."""
    return time.monotonic() < _open_until


def trip(error: Exception) -> None:
    """Skip Redis for the next OPEN_SECONDS, after error."""
    global _open_until
    if not is_open():
        logger.warning(
            "Redis failed (%s); skipping the cache for %.0f s", type(error).__name__, OPEN_SECONDS
        )
    _open_until = time.monotonic() + OPEN_SECONDS


def reset() -> None:
    """Close the breaker (tests)."""
    global _open_until
    _open_until = 0.0


class CircuitBreakerConnection(Connection):
    """A Redis connection that opens the breaker when sending or reading fails."""

    def send_packed_command(self, *args, **kwargs):
        try:
            return super().send_packed_command(*args, **kwargs)
        except FAILURES as error:
            trip(error)
            raise

    def read_response(self, *args, **kwargs):
        try:
            return super().read_response(*args, **kwargs)
        except FAILURES as error:
            trip(error)
            raise


class CircuitBreakerConnectionPool(ConnectionPool):
    """Hands out no connection while the breaker is open; a failed connect opens it."""

    def get_connection(self, *args, **kwargs):
        if is_open():
            raise RedisConnectionError("Redis skipped: it failed moments ago")
        try:
            return super().get_connection(*args, **kwargs)
        except FAILURES as error:
            trip(error)
            raise
