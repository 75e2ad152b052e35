"""`manage.py check --deploy` passes with production settings, and flags a deployment that forgot them."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "fans.example.org",
    "SITE_URL": "https://fans.example.org",
    "TRUSTED_PROXY_COUNT": "1",
    "STATIC_MANIFEST": "1",
    "DATABASE_URL": "postgres://fansite:secret@127.0.0.1:5432/fansite",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "AWS_STORAGE_BUCKET_NAME": "fansite-media",
    "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    "EMAIL_HOST": "smtp.example.org",  # production mails through SMTP (check --deploy refuses the console)
}


def manage(*args, **env):
    base = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "SECRET_KEY"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
        env={**base, **env}, timeout=120,
    )


def settings_value(expression, **env):
    result = manage("shell", "--no-imports", "-c", f"import json; from django.conf import settings; print(json.dumps({expression}))", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_passes_with_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_check_deploy_fails_without_a_secret_key_or_https():
    env = {**PRODUCTION_ENV, "SITE_URL": "http://fans.example.org"}
    del env["SECRET_KEY"]
    result = manage("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    for warning in ("security.W009", "security.W004", "security.W008", "security.W012", "security.W016"):
        assert warning in result.stderr, warning


def test_production_settings_from_the_environment():
    expressions = [
        "settings.DEBUG", "settings.SECURE_SSL_REDIRECT", "settings.SECURE_HSTS_SECONDS",
        "settings.SESSION_COOKIE_SECURE", "settings.CSRF_COOKIE_SECURE",
        "settings.DATABASES['default']['ENGINE']", "settings.DATABASES['default']['CONN_HEALTH_CHECKS']",
        "settings.DATABASES['default']['CONN_MAX_AGE'] > 0",
        "settings.DATABASES['default']['OPTIONS']['connect_timeout']",
        "settings.CACHES['default']['BACKEND']", "settings.STORAGES['default']['BACKEND']",
        "settings.STORAGES['staticfiles']['BACKEND']", "settings.SERVE_LOCAL_MEDIA",
        "' '.join(settings.SECURE_CSP['img-src'])",
    ]
    output = settings_value("[" + ", ".join(expressions) + "]", **PRODUCTION_ENV)
    assert output == [
        False, True, 31536000, True, True,
        "fansite.postgresql", True, True, 3,
        "django.core.cache.backends.redis.RedisCache", "storages.backends.s3.S3Storage",
        "whitenoise.storage.CompressedManifestStaticFilesStorage", False,
        "'self' https://s3.example.org https://*.s3.example.org",
    ]


def test_embedded_default_is_sqlite_local_files_and_no_debug():
    output = settings_value(
        "[settings.DEBUG, settings.DATABASES['default']['ENGINE'], settings.STORAGES['default']['BACKEND'], "
        "settings.SECURE_SSL_REDIRECT, settings.SERVE_LOCAL_MEDIA, settings.CACHES['default']['BACKEND']]"
    )
    assert output == [False, "fansite.sqlite", "django.core.files.storage.FileSystemStorage", False, True,
                      "django.core.cache.backends.locmem.LocMemCache"]


def test_production_start_script_serves_hashed_compressed_static_files(tmp_path):
    """scripts/start-production as documented: migrate, collectstatic, gunicorn; whitenoise then serves
    hashed names with a long cache life, and the gzip variant to browsers that accept it."""
    import re
    import urllib.request

    from tests.netutil import free_port, http_get, wait_for_port

    port = free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "REDIS_URL"}},
        "PYTHON": sys.executable, "SECRET_KEY": secrets.token_urlsafe(50), "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'site.sqlite3'}", "MEDIA_ROOT": str(tmp_path / "media"),
        "STATIC_ROOT": str(tmp_path / "static"), "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "1",
        # Production mails over SMTP (check --deploy, which the script runs, refuses the console mailer);
        # nothing is sent during this test.
        "EMAIL_HOST": "127.0.0.1",
    }
    process = subprocess.Popen([str(PROJECT_ROOT / "scripts/start-production")], cwd=tmp_path, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, timeout=90)
        base = f"http://127.0.0.1:{port}"
        status, _, body = http_get(base + "/healthz")
        assert status == 200, body
        status, headers, body = http_get(base + "/en/concerts/")
        assert status == 200 and headers["Content-Security-Policy"]
        stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body).group(1).decode()
        request = urllib.request.Request(base + stylesheet, headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(request, timeout=10) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert "immutable" in response.headers["Cache-Control"]
        assert (tmp_path / "static" / "staticfiles.json").exists()
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_check_deploy_refuses_several_workers_without_a_shared_cache():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "REDIS_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", WEB_CONCURRENCY="3", **env)
    assert result.returncode != 0 and "fansite.E001" in result.stderr
    assert "3 app processes" in result.stderr
    for allowed in ({"WEB_CONCURRENCY": "1"}, {"WEB_CONCURRENCY": "3", "REDIS_URL": "redis://127.0.0.1:6379/0"},
                    {"WEB_CONCURRENCY": "3", "PAGE_CACHE_SECONDS": "0"}):
        result = manage("check", "--deploy", "--fail-level", "WARNING", **{**env, **allowed})
        assert result.returncode == 0, (allowed, result.stderr)
