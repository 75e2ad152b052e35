"""/healthz: JSON, 200 when the database and the cache answer, 503 when either does not; never cached."""

import pytest

from tests.netutil import free_port

pytestmark = pytest.mark.django_db


def test_healthy(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "checks": {"database": "ok", "cache": "ok"}}
    assert "no-store" in response["Cache-Control"] and "no-cache" in response["Cache-Control"]


def test_head_is_allowed_and_post_is_not(client):
    assert client.head("/healthz").status_code == 200
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_database_down_is_503(client):
    from tests.test_database_down import database_unreachable

    with database_unreachable():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "error", "cache": "ok"}
    assert client.get("/healthz").status_code == 200  # and back


def test_cache_down_is_503(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": f"redis://127.0.0.1:{free_port()}/0"}}
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": "ok", "cache": "error"}
