"""Each request has an id, in its response header and in every log line it causes."""

import logging

import pytest

from practice_site.edge.middleware import RequestIdLogFilter

pytestmark = pytest.mark.django_db


def test_each_response_carries_a_new_request_id(client):
    first = client.get("/")["X-Request-ID"]
    second = client.get("/")["X-Request-ID"]

    assert len(first) == 32
    assert first != second


def test_the_proxys_request_id_is_kept(client):
    response = client.get("/", HTTP_X_REQUEST_ID="0f1e2d3c4b5a69788796a5b4c3d2e1f0")

    assert response["X-Request-ID"] == "0f1e2d3c4b5a69788796a5b4c3d2e1f0"


def test_a_request_id_that_could_forge_log_lines_is_replaced(client):
    response = client.get("/", HTTP_X_REQUEST_ID="x\nFAKE LOG LINE")

    assert "FAKE" not in response["X-Request-ID"]
    assert len(response["X-Request-ID"]) == 32


def test_log_lines_written_during_a_request_carry_its_id(client, caplog):
    caplog.handler.addFilter(RequestIdLogFilter())
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="a1b2c3d4e5f60718")

    assert response.status_code == 404
    records = [r for r in caplog.records if r.name == "django.request"]
    assert records
    assert {record.request_id for record in records} == {"a1b2c3d4e5f60718"}
