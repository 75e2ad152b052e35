import pytest

# Browser tests: Chromium, live-server pages and axe-core (tests/browser_fixtures.py).
pytest_plugins = ["tests.browser_fixtures"]


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Every test writes uploads to its own folder, never into the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
