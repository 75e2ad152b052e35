import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Every test writes uploads to its own folder, never into the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def fresh_cache():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def django_assert_max_num_queries(django_assert_max_num_queries):
    """Query bounds are for the steady state: the page frame shared by every page (site settings, menu,
    portrait; fansite/chrome.py) is one cache entry, filled before counting. Its cold cost is asserted on
    its own in tests/test_site_settings.py."""
    from contextlib import contextmanager

    from fansite.chrome import site_chrome

    @contextmanager
    def assert_max(num, *args, **kwargs):
        site_chrome()
        with django_assert_max_num_queries(num, *args, **kwargs) as captured:
            yield captured

    return assert_max
