"""Liveness (/healthz) and readiness (/readyz) for load balancers and orchestrators.

/healthz answers 200 while the process can serve at all. /readyz also checks that
PostgreSQL and Redis answer, and says 503 when either does not, so a balancer
stops sending visitors to an app server that cannot serve them. Neither is ever
cached, and neither touches the session or the page tree.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger(__name__)

LIVENESS_PATH = "/healthz"
READINESS_PATH = "/readyz"


def database_is_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any failure means "not ready"
        logger.warning("Readiness: database unreachable (%s)", type(error).__name__)
        # A broken persistent connection would fail every later check too.
        connection.close_if_unusable_or_obsolete()
        return False
    return True


def cache_is_reachable() -> bool:
    key = f"readyz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "ok", timeout=10)
        reachable = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as error:  # any failure means "not ready"
        logger.warning("Readiness: cache unreachable (%s)", type(error).__name__)
        return False
    return reachable


def _plain_response(lines: list[str], status: int) -> HttpResponse:
    response = HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
    response.status_code = status
    response["X-Content-Type-Options"] = "nosniff"
    add_never_cache_headers(response)
    return response


def health_check_response(request) -> HttpResponse | None:
    """The answer to a probe URL, or None for every other request.

    Called first by EdgeMiddleware (practice_site/edge/middleware.py): probes come
    from inside the network, by IP address and over plain HTTP, and the host check
    and the HTTPS redirect further down would turn them away.
    """
    if request.path_info == LIVENESS_PATH:
        return _plain_response(["ok"], 200)
    if request.path_info == READINESS_PATH:
        checks = {"database": database_is_reachable(), "cache": cache_is_reachable()}
        lines = [f"{name}: {'ok' if ok else 'unavailable'}" for name, ok in checks.items()]
        return _plain_response(lines, 200 if all(checks.values()) else 503)
    return None
