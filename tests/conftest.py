import pytest

# Browser tests: Chromium, live-server pages and axe-core (tests/browser_fixtures.py).
pytest_plugins = ["tests.browser_fixtures"]


def pytest_terminal_summary(terminalreporter):
    """Names each tool that was missing (so its tests skipped, or failed under REQUIRE_BROWSER=1) with the
    one command that adds it: a fresh machine learns what to install from `make test` itself."""
    from tests.browser_fixtures import MISSING_TOOLS

    if not MISSING_TOOLS:
        return
    terminalreporter.section("missing tools: the tests that need them did not run")
    for tool in sorted(MISSING_TOOLS, key=lambda tool: tool.name):
        terminalreporter.write_line(f"{tool.name}: add it with `{tool.install}`")


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Every test writes uploads to its own folder, never into the developer's media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def editor(client, django_user_model):
    """The test client logged in as a superuser (the site editor)."""
    user = django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-enough-password")
    client.force_login(user)
    return client


@pytest.fixture
def content(db):
    """Something on every public page: the artist's profile and a published concert with a programme."""
    from tests.factories import make_concert, make_profile, make_programme

    make_profile()
    concert = make_concert(title="Spring recital")
    make_programme(concert, ("Bach", "Chaconne"))
    return concert


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
    portrait; fansite/page_frame.py) is one cache entry, and the page cache knows its next scheduled change
    (worked out once per content version, fansite/page_cache.py); both are filled before counting. Their cold
    costs are asserted on their own in tests/test_site_settings.py and tests/test_cache.py."""
    from contextlib import contextmanager

    from fansite.page_cache import page_cache_timeout
    from fansite.page_frame import site_frame

    @contextmanager
    def assert_max(num, *args, **kwargs):
        site_frame()
        page_cache_timeout()
        with django_assert_max_num_queries(num, *args, **kwargs) as captured:
            yield captured

    return assert_max


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """The SQLite test database lives in a file, not in memory: like production, a closed connection
    really closes, so tests can take the database away and bring it back (tests/test_database_down.py)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "fansite.sqlite":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language. LocaleMiddleware activates a request's language for the
    thread and leaves it so; without this a test that created content after another test's /ru/ request
    would write it into the Russian columns (django-modeltranslation writes to the active language's)."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
@pytest.fixture
def smtp_server(settings):
    """A real SMTP server (aiosmtpd on 127.0.0.1, a free port) that Django's SMTP backend sends to."""
    from tests.smtp_server import SMTPTestServer

    server = SMTPTestServer().start()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                                    "OPTIONS": {"host": "127.0.0.1", "port": server.port, "timeout": 10}}}
    yield server
    server.stop()


@pytest.fixture
def run_tasks(monkeypatch):
    """Runs the queued background tasks that are due, as `manage.py db_worker --batch` does, in this process
    (keeping the test's database connection open, which the worker would otherwise recycle)."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.management.commands.db_worker import Worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        Worker(queue_names=["default"], interval=0, batch=True, backend_name="default", startup_delay=False,
               max_tasks=None, worker_id="test-worker", excluded_queue_names=[]).run()

    return run


@pytest.fixture
def form_time(settings):
    """Visitors' forms accept a submission at once (their minimum fill time is tested on its own)."""
    settings.FORM_MIN_FILL_SECONDS = 0
