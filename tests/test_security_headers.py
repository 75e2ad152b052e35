"""Every response carries the security headers and a strict CSP; the admin still works under that CSP."""


import pytest
from django.test import override_settings
from django.urls import reverse

from tests.factories import make_concert, make_profile

pytestmark = pytest.mark.django_db

EXPECTED_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def assert_security_headers(response):
    for header, value in EXPECTED_HEADERS.items():
        assert response.headers.get(header) == value, (header, response.headers.get(header))
    csp = response.headers["Content-Security-Policy"]
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in csp.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"].startswith("'self'")
    assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
    assert directives["base-uri"] == "'none'"
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    return directives


def test_public_pages_carry_the_headers(client, content):
    for url in ["/en/", "/en/about/", "/en/concerts/", "/en/concerts/past/", content.get_absolute_url(), "/healthz"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_security_headers(response)


def test_cached_page_gets_the_headers_on_every_response(client, content, django_assert_num_queries):
    client.get("/en/concerts/")
    with django_assert_num_queries(0):  # served from the page cache
        response = client.get("/en/concerts/")
    assert_security_headers(response)


def test_404_carries_the_headers(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response)


def test_500_carries_the_headers(client, monkeypatch):
    from fansite import views

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    make_profile()
    monkeypatch.setattr(views.HomeView, "get_context_data", broken)
    client.raise_request_exception = False
    response = client.get("/en/")
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
    assert_security_headers(response)


@pytest.mark.django_db(transaction=True)
def test_503_carries_the_headers(client):
    from tests.test_database_down import database_unreachable

    with database_unreachable():
        response = client.get("/en/concerts/")
    assert response.status_code == 503
    assert_security_headers(response)


def test_admin_login_page_carries_the_headers(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert_security_headers(response)


def test_no_inline_script_or_style_on_public_pages(client, content):
    import re

    for url in ["/en/", "/en/about/", "/en/concerts/", content.get_absolute_url()]:
        html = client.get(url).content.decode()
        for tag in re.findall(r"<script\b[^>]*>", html):
            assert "src=" in tag or 'type="application/ld+json"' in tag, (url, tag)
        assert " style=" not in html and "<style" not in html, url


@override_settings(SECURE_SSL_REDIRECT=True, SECURE_HSTS_SECONDS=31536000,
                   SECURE_HSTS_INCLUDE_SUBDOMAINS=True, SECURE_HSTS_PRELOAD=True)
def test_https_settings_redirect_and_send_hsts(client, content):
    assert client.get("/en/concerts/").status_code == 301
    response = client.get("/en/concerts/", secure=True)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert_security_headers(response)


# --- The admin in a real browser under the CSP -------------------------------------------------

@pytest.fixture
def browser_page(open_page):
    """A page in the session's Chromium (tests/browser_fixtures.py) that records CSP violations."""
    page = open_page()
    page.csp_violations = []
    page.on("console", lambda message: "Content Security Policy" in message.text
            and page.csp_violations.append(message.text))
    return page


@pytest.fixture
def editor_and_concert(monkeypatch, django_user_model):
    """Rows made before the browser starts: Playwright's sync API runs an event loop in this thread, and
    a database connection opened inside it would be invisible to the test's clean-up."""
    from django.db import connections

    # The live server's request threads must not keep connections open past the test either.
    monkeypatch.setitem(connections.settings["default"], "CONN_MAX_AGE", 0)
    django_user_model.objects.create_superuser("editor", "editor@example.com", "a-long-enough-password")
    concert = make_concert(title="Recital")
    connections.close_all()
    return concert


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_admin_works_under_the_csp_in_a_browser(editor_and_concert, live_server, browser_page):
    concert = editor_and_concert
    page = browser_page
    page.goto(live_server.url + reverse("admin:login"))
    page.fill("#id_username", "editor")
    page.fill("#id_password", "a-long-enough-password")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))

    # Inline formsets: the admin's JavaScript adds a row when asked.
    page.goto(live_server.url + reverse("admin:concerts_concert_add"))
    rows_before = page.locator("#programme-group tbody tr.form-row:not(.empty-form)").count()
    page.click("#programme-group .add-row a")
    assert page.locator("#programme-group tbody tr.form-row:not(.empty-form)").count() == rows_before + 1
    # The date shortcuts ("Today", calendar) are built by JavaScript too.
    page.click(".datetimeshortcuts a >> text=Today")
    assert page.input_value("#id_local_start_0") != ""
    # Prepopulated slug: typing a title fills the slug.
    page.locator("#id_title_en").press_sequentially("Spring Gala")
    assert page.input_value("#id_slug") == "spring-gala"

    # Change list with actions: "select all" is JavaScript.
    page.goto(live_server.url + reverse("admin:concerts_concert_changelist"))
    page.check("#action-toggle")
    assert page.is_checked(f"input.action-select[value='{concert.pk}']")

    page.goto(live_server.url + reverse("admin:concerts_concert_change", args=[concert.pk]))
    assert page.locator("h1").count() == 1

    assert page.csp_violations == []

    # Control: the policy really is enforced here, and a violation would have been seen above.
    page.evaluate("""() => { const s = document.createElement('script');
                             s.textContent = 'window.inlineRan = true'; document.body.append(s); }""")
    page.wait_for_timeout(200)
    assert page.evaluate("window.inlineRan") is None
    assert len(page.csp_violations) == 1


def csp_directive(response, name):
    for directive in response["Content-Security-Policy"].split(";"):
        words = directive.split()
        if words and words[0] == name:
            return words[1:]
    return []


def allows(sources, url):
    """Whether a CSP source list lets `url` load (the source forms this site uses: 'self', scheme, origin)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    return any(source in (f"{parts.scheme}:", origin) for source in sources)


def test_audio_from_any_host_the_site_accepts_may_play(client):
    import re

    from tests.factories import make_media

    make_profile()
    make_media(title="Radio excerpt", url="https://media.example.com/excerpt.mp3")
    response = client.get(reverse("profiles:recordings"))
    sources = re.findall(r'<audio[^>]* src="([^"]+)"', response.content.decode())
    assert sources == ["https://media.example.com/excerpt.mp3"]
    assert allows(csp_directive(response, "media-src"), sources[0])
    assert "'unsafe-inline'" not in csp_directive(response, "media-src")


@pytest.mark.parametrize("url", ["/robots.txt", "/sitemap.xml", "/sitemap-concerts.xml", "/concerts/feed/",
                                 "/concerts/calendar.ics", "CONCERT_CALENDAR", "/en/concerts/", "/en/about/", "/ru/about/",
                                 "/ru/concerts/feed/", "/healthz"])
def test_head_is_answered_and_trace_is_refused(client, url):
    make_profile()
    if url == "CONCERT_CALENDAR":
        url = reverse("concerts:concert_calendar", args=[make_concert().slug])
    assert client.head(url).status_code == 200
    assert client.trace(url).status_code == 405
    for method in ("put", "delete", "patch"):
        assert getattr(client, method)(url).status_code == 405, method
