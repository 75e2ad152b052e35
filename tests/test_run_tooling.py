"""The README's two commands: `make run` sets up quietly, prints a short summary and serves the site at the
address it was given, with the designed error pages; `make test` fetches axe-core where npm exists and names
any missing tool with the command that adds it.

`make run` itself runs here, in a copy of the project (its database, media and editor password file stay in
the copy), on a free port, with the project's virtualenv.
"""

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.netutil import PROJECT_ROOT, free_port

# Variables of the developer's shell that would change what `make run` does.
RUN_VARIABLES = {"DATABASE_URL", "REDIS_URL", "DEBUG", "SITE_URL", "ALLOWED_HOSTS", "EMAIL_HOST", "EMAIL_FILE_PATH",
                 "MEDIA_ROOT", "HOST", "PORT"}
NOT_COPIED = shutil.ignore_patterns(".git", ".venv", "node_modules", "media", "staticfiles", "test-artifacts",
                                    "db.sqlite3*", ".local-admin-password", ".run.log", "__pycache__", ".pytest_cache",
                                    "*.egg-info", ".work", "screenshots")


def clean_environment(**extra):
    return {**{k: v for k, v in os.environ.items() if k not in RUN_VARIABLES}, **extra}


def make(*arguments, **env):
    return subprocess.run(["make", "--no-print-directory", *arguments], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, env=clean_environment(**env), timeout=60)


def fetch(url):
    """(status, body) of a GET, error statuses included."""
    try:
        with urllib.request.urlopen(url, timeout=15) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


class LocalRun:
    """`make run PORT=…` in a copy of the project, its output collected line by line."""

    def __init__(self, folder, port):
        self.folder, self.port, self.lines = folder, port, []
        (folder / ".venv").symlink_to(PROJECT_ROOT / ".venv")
        # -o: the virtualenv is the project's own; never reinstall it from the copy.
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "-o", ".venv/.installed", "run", f"PORT={port}"], cwd=folder,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=clean_environment(),
            start_new_session=True,
        )
        threading.Thread(target=self._collect, daemon=True).start()

    def _collect(self):
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def wait_until_serving(self, timeout=240):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail("make run stopped:\n" + "\n".join(self.lines))
            try:
                urllib.request.urlopen(self.url + "/healthz", timeout=2)
                return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                time.sleep(0.5)
        pytest.fail("make run did not serve in time:\n" + "\n".join(self.lines))

    def stop(self):
        # The whole process group that this test started: make, the worker and runserver's reloader.
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)


@pytest.fixture(scope="module")
def local_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("make-run") / "project"
    shutil.copytree(PROJECT_ROOT, folder, ignore=NOT_COPIED, symlinks=True)
    run = LocalRun(folder, free_port())
    try:
        run.wait_until_serving()
        yield run
    finally:
        run.stop()


def test_make_run_prints_a_short_summary_instead_of_the_setup_output(local_run):
    before_serving = local_run.lines[: next(i for i, line in enumerate(local_run.lines) if "Stop with Ctrl+C" in line)]
    summary = "\n".join(before_serving)
    password = (local_run.folder / ".local-admin-password").read_text().strip()
    assert f"The site:     {local_run.url}/" in summary
    assert f"Site editor:  {local_run.url}/admin/  user: admin  password: {password}" in summary
    assert "Mail:         printed in this terminal by the task worker" in summary
    assert len(before_serving) <= 8, summary
    assert "Applying" not in summary and "objects created" not in summary
    # The setup's output is kept in the log the summary points to.
    log = (local_run.folder / ".run.log").read_text()
    assert "Applying concerts.0001" in log and "Demo content loaded" in log


def test_make_run_keeps_the_worker_running_beside_the_server(local_run):
    assert any("Starting worker" in line for line in local_run.lines), "\n".join(local_run.lines)


def test_local_addresses_follow_the_port(local_run):
    """Canonical and share links, calendar links, JSON-LD and the feed all use PORT, not 8000."""
    home_status, home = fetch(local_run.url + "/en/")
    assert home_status == 200
    assert f'<link rel="canonical" href="{local_run.url}/en/">' in home
    concerts_status, concerts = fetch(local_run.url + "/en/concerts/")
    assert concerts_status == 200
    concert_path = re.search(r'href="(/en/concerts/(?!past/|calendar|feed)[a-z0-9-]+/)"', concerts).group(1)
    _, concert = fetch(local_run.url + concert_path)
    assert f'"url": "{local_run.url}{concert_path}"' in concert or f'"url":"{local_run.url}{concert_path}"' in concert
    assert f"{local_run.url}{concert_path}" in concert  # canonical and share links
    _, calendar = fetch(local_run.url + "/en/concerts/calendar.ics")
    assert f"URL:{local_run.url}/en/concerts/" in calendar.replace("\r\n ", "")
    _, feed = fetch(local_run.url + "/en/concerts/feed/")
    assert f'href="{local_run.url}/en/concerts/' in feed
    everything = home + concert + calendar + feed
    assert ":8000" not in everything


def test_a_bad_link_gets_the_designed_404_not_the_debug_page(local_run):
    status, body = fetch(local_run.url + "/en/no-such-page/")
    assert status == 404
    assert "Page not found" in body and 'rel="stylesheet"' in body
    assert "URLconf" not in body and "DEBUG = True" not in body
    # Static files are still served (runserver --insecure), straight from static/.
    status, css = fetch(local_run.url + "/static/css/site.css")
    assert status == 200 and css == (PROJECT_ROOT / "static/css/site.css").read_text()


def test_make_run_takes_port_host_and_site_url():
    dry_run = make("-n", "run", "PORT=8401").stdout
    assert "SITE_URL='http://127.0.0.1:8401'" in dry_run
    assert "runserver --insecure 127.0.0.1:8401" in dry_run
    assert "DEBUG='0'" in dry_run
    assert "db_worker" in dry_run  # beside the server

    on_all_interfaces = make("-n", "run", "HOST=0.0.0.0", "PORT=8402").stdout
    assert "SITE_URL='http://0.0.0.0:8402'" in on_all_interfaces and "ALLOWED_HOSTS='127.0.0.1,localhost,0.0.0.0'" in on_all_interfaces

    behind_a_name = make("-n", "run", "PORT=8401", SITE_URL="http://violin.test:8401").stdout
    assert "SITE_URL='http://violin.test:8401'" in behind_a_name


def test_a_server_error_under_make_run_prints_its_traceback_in_the_terminal(tmp_path):
    """DEBUG is off under `make run`, so visitors get the 500 page; the developer reads the traceback in the
    terminal (Django's `django.request` logger, through the site's console handler)."""
    script = (
        "import django\n"
        "django.setup()\n"
        "from unittest import mock\n"
        "from django.test import Client\n"
        "from fansite import views\n"
        "with mock.patch.object(views.HomeView, 'get', side_effect=RuntimeError('boom in a view')):\n"
        "    response = Client(raise_request_exception=False).get('/en/')\n"
        "print('status', response.status_code)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60,
        env=clean_environment(DEBUG="0", DJANGO_SETTINGS_MODULE="fansite.settings", PAGE_CACHE_SECONDS="0",
                              HTTP_CACHING="0", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"),
    )
    assert "status 500" in result.stdout, result.stderr
    assert "Traceback" in result.stderr and "RuntimeError: boom in a view" in result.stderr


def test_a_failed_setup_step_shows_its_last_lines_and_the_log(tmp_path):
    log = tmp_path / "setup.log"
    result = subprocess.run(
        [PROJECT_ROOT / "scripts/quietly", log, "Loading the demo content", "sh", "-c", "echo a detail; exit 3"],
        capture_output=True, text=True, timeout=30,
    )
    assert result.returncode == 3 and result.stdout == ""
    assert "Loading the demo content failed (exit status 3)" in result.stderr
    assert "a detail" in result.stderr and str(log) in result.stderr
    assert "a detail" in log.read_text()

    quiet = subprocess.run([PROJECT_ROOT / "scripts/quietly", log, "Migrating", "echo", "all fine"],
                           capture_output=True, text=True, timeout=30)
    assert (quiet.returncode, quiet.stdout, quiet.stderr) == (0, "", "")


def test_make_test_fetches_axe_core_where_npm_exists():
    missing = "test-artifacts/no-axe-here/axe.min.js"
    with_npm = make("-n", "test", f"AXE_CORE={missing}", "NPM=/usr/bin/npm").stdout
    assert "npm install --no-save --no-audit --no-fund --prefix . axe-core@4" in with_npm
    assert with_npm.index("npm install") < with_npm.index("-m pytest")
    without_npm = make("-n", "test", f"AXE_CORE={missing}", "NPM=").stdout
    assert "npm install" not in without_npm and "-m pytest" in without_npm


@pytest.mark.parametrize(("environment", "named"), [
    ({"CHROMIUM": "/nonexistent/chromium"}, "Chromium: add it with `apt-get install -y chromium`"),
    ({"AXE_CORE_JS": "/nonexistent/axe.min.js"}, "axe-core: add it with `"),
], ids=["chromium", "axe-core"])
def test_the_test_summary_names_a_missing_tool_and_how_to_add_it(environment, named):
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_browser_accessibility.py::test_the_axe_harness_reports_a_real_violation"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180,
        env={**clean_environment(**environment), "REQUIRE_BROWSER": "0"},
    )
    assert "1 skipped" in result.stdout, result.stdout
    assert "missing tools: the tests that need them did not run" in result.stdout
    assert named in result.stdout


def test_no_summary_when_every_tool_is_there():
    if not (Path("/usr/bin/chromium").exists() and (PROJECT_ROOT / "node_modules/axe-core/axe.min.js").exists()):
        pytest.skip("needs Chromium and axe-core installed")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/test_browser_accessibility.py::test_the_axe_harness_reports_a_real_violation"],
        cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=180, env=clean_environment(),
    )
    assert "1 passed" in result.stdout and "missing tools" not in result.stdout
