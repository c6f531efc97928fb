"""/readyz turns a load balancer away from an app server whose database is down."""

import pytest

from deploy import stack
from tests.deploy.conftest import POSTGRES_URL, free_port, get, poll


@pytest.fixture
def app_server_on_its_own_database(production_stack, tmp_path):
    """One more gunicorn, on an empty database of its own that the test can take away."""
    database_url = f"{POSTGRES_URL}/practice_deploy_readiness_{free_port()}"
    stack.database_create_if_missing(database_url)
    address = f"127.0.0.1:{free_port()}"
    env = {**production_stack.env, "DATABASE_URL": database_url, "WEB_CONCURRENCY": "1"}
    service = stack.gunicorn_start(env, address, tmp_path / "gunicorn.log")
    try:
        stack.wait_until_ready(f"http://{address}/healthz", [service])
        yield f"http://{address}", database_url
    finally:
        service.stop()
        stack.database_drop(database_url)


def set_connections_allowed(database_url: str, allowed: bool) -> None:
    from psycopg import sql

    name = stack.database_name(database_url)
    with stack._admin_connection(database_url) as connection:
        connection.execute(
            sql.SQL("ALTER DATABASE {} WITH ALLOW_CONNECTIONS {}").format(
                sql.Identifier(name), sql.SQL("true" if allowed else "false")
            )
        )
        if not allowed:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                [name],
            )


def test_readiness_fails_while_postgresql_is_down_and_recovers(app_server_on_its_own_database):
    app_url, database_url = app_server_on_its_own_database
    assert get(f"{app_url}/readyz").status == 200

    set_connections_allowed(database_url, False)
    try:
        down, _ = poll(lambda: get(f"{app_url}/readyz").status == 503, timeout=10)
        response = get(f"{app_url}/readyz")
        liveness = get(f"{app_url}/healthz")
    finally:
        set_connections_allowed(database_url, True)

    assert down
    assert response.text.splitlines() == ["database: unavailable", "cache: ok"]
    assert "no-store" in response.header("Cache-Control")
    assert liveness.status == 200  # the process itself is fine: no restart needed
    recovered, _ = poll(lambda: get(f"{app_url}/readyz").status == 200, timeout=10)
    assert recovered
