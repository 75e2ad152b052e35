"""The documented nginx configuration (docs/nginx/fansite.conf), run for real in front of the site: anonymous
traffic comes from nginx's cache, an edit shows within the shared max-age, editors and the admin go through.

Needs nginx (Debian package `nginx`; .ci/run installs it). Without it the test skips, unless
REQUIRE_BROWSER=1 (CI), where a missing tool is a failure.
"""

import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from tests.browser_fixtures import NGINX_TOOL, require_tool
from tests.factories import make_concert, make_profile
from tests.netutil import free_port, wait_for_port

pytestmark = pytest.mark.django_db(transaction=True)

CONFIG = Path(django_settings.BASE_DIR) / "docs" / "nginx" / "fansite.conf"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture
def nginx(live_server, tmp_path):
    """nginx with the documented server block, pointed at the live server; yields its base URL."""
    require_tool(Path(NGINX).exists(), "nginx is not installed (Debian package `nginx`)", NGINX_TOOL)
    port = free_port()
    upstream = live_server.url.removeprefix("http://")
    site = CONFIG.read_text()
    for documented, here in [
        ("server 127.0.0.1:8000;", f"server {upstream};"),
        ("listen 80;", f"listen 127.0.0.1:{port};"),
        ("/var/cache/nginx/fansite", str(tmp_path / "cache")),
    ]:
        assert documented in site, f"{CONFIG} no longer says {documented!r}"
        site = site.replace(documented, here)
    (tmp_path / "fansite.conf").write_text(site)
    user = "user root;" if os.geteuid() == 0 else ""  # workers must write the cache under tmp_path
    temp_paths = "".join(
        f"{kind}_temp_path {tmp_path / kind};" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (tmp_path / "nginx.conf").write_text(
        f"""{user}
        daemon off; worker_processes 1; pid {tmp_path / "nginx.pid"}; error_log {tmp_path / "error.log"} warn;
        events {{ worker_connections 64; }}
        http {{ access_log off; {temp_paths} include {tmp_path / "fansite.conf"}; }}
        """
    )
    process = subprocess.Popen([NGINX, "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")])
    try:
        wait_for_port(port, timeout=10)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        print((tmp_path / "error.log").read_text() if (tmp_path / "error.log").exists() else "")


def fetch(url, **headers):
    request = urllib.request.Request(url, headers={"Host": "localhost", **headers})
    try:
        with urllib.request.urlopen(request, timeout=15) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def test_anonymous_pages_come_from_the_proxy_and_edits_show_within_the_shared_max_age(nginx, settings):
    settings.HTTP_SHARED_MAX_AGE = 1
    settings.HTTP_STALE_WHILE_REVALIDATE = 1
    make_profile()
    concert = make_concert(title="Spring recital")

    status, headers, body = fetch(nginx + "/concerts/")
    assert status == 200 and "Spring recital" in body
    assert headers["X-Cache-Status"] == "MISS"
    assert fetch(nginx + "/concerts/")[1]["X-Cache-Status"] == "HIT"

    # Past s-maxage (nginx counts whole seconds, so up to 2 s), nothing edited: nginx asks again with
    # If-None-Match and Django answers 304 (REVALIDATED), or serves the copy while it asks (STALE/UPDATING).
    time.sleep(2.1)
    statuses = [fetch(nginx + "/concerts/")[1]["X-Cache-Status"] for _ in range(3)]
    assert "REVALIDATED" in statuses or ("STALE" in statuses or "UPDATING" in statuses), statuses

    concert.title = "Autumn recital"
    concert.save()
    edited = time.monotonic()
    while "Autumn recital" not in fetch(nginx + "/concerts/")[2]:
        # s-maxage + stale-while-revalidate, each counted by nginx in whole seconds, + one background update
        assert time.monotonic() - edited < 2 + 2 + 1, "the edit did not show within s-maxage + stale window"
        time.sleep(0.2)


def test_editors_and_the_admin_are_never_served_from_the_proxy(nginx, django_user_model, client):
    make_profile()
    make_concert(title="Spring recital")
    fetch(nginx + "/concerts/")
    assert fetch(nginx + "/concerts/")[1]["X-Cache-Status"] == "HIT"
    assert fetch(nginx + "/concerts/", Cookie="sessionid=abc")[1]["X-Cache-Status"] == "BYPASS"

    login = "/" + django_settings.ADMIN_URL + "login/"
    for _ in range(2):
        status, headers, _body = fetch(nginx + login)
        assert status == 200 and headers["X-Cache-Status"] != "HIT"
