"""/healthz and /readyz: what a load balancer sees, including when a backing service fails."""

from unittest import mock

import pytest

from django.db import OperationalError

from practice_site.settings.caches import redis_cache

pytestmark = pytest.mark.django_db


def test_liveness_answers_ok_and_is_never_cached(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_readiness_reports_database_and_cache(client):
    response = client.get("/readyz")

    assert response.status_code == 200
    assert response.content.decode().splitlines() == ["database: ok", "cache: ok"]
    assert "no-store" in response["Cache-Control"]


def test_probes_answer_on_an_internal_address_over_plain_http(client, settings):
    # Probes use the container's address; the host check and the HTTPS
    # redirect must not turn them away.
    settings.SECURE_SSL_REDIRECT = True

    for url in ("/healthz", "/readyz"):
        response = client.get(url, HTTP_HOST="10.0.3.7:8000")
        assert response.status_code == 200, url


def test_readiness_fails_when_the_database_does_not_answer(client):
    with mock.patch(
        "practice_site.edge.health.connection.cursor", side_effect=OperationalError("refused")
    ):
        response = client.get("/readyz")

    assert response.status_code == 503
    assert "database: unavailable" in response.content.decode()
    assert "refused" not in response.content.decode()


def test_readiness_fails_when_redis_does_not_answer(client, settings):
    # Production's cache, which turns Redis errors into misses; nothing listens
    # on the discard port.
    unreachable = redis_cache("redis://127.0.0.1:9/0")
    unreachable["OPTIONS"].update({"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1})
    settings.CACHES = {"default": unreachable}

    response = client.get("/readyz")

    assert response.status_code == 503
    assert response.content.decode().splitlines() == ["database: ok", "cache: unavailable"]


def test_liveness_does_not_depend_on_the_database(client):
    with mock.patch(
        "practice_site.edge.health.connection.cursor", side_effect=OperationalError("refused")
    ):
        assert client.get("/healthz").status_code == 200
