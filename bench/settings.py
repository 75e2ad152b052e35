"""Settings for the benchmark only: the production settings plus one trivial page to compare against.

Everything else (DEBUG, SECRET_KEY, DATABASE_URL, REDIS_URL, STATIC_MANIFEST, ALLOWED_HOSTS) comes from
the environment exactly as in a deployment; bench/run.py sets production-like values.
"""

from fansite.settings import *  # noqa: F403
from fansite.settings import BASE_DIR, TEMPLATES, env

ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]

# Collected static files of the run live in the benchmark's own work folder.
STATIC_ROOT = BASE_DIR / "bench" / ".work" / "staticfiles"
MEDIA_ROOT = BASE_DIR / "bench" / ".work" / "media"

# The load comes over plain HTTP on loopback; TLS is a proxy's job in production, so no redirect here.
SECURE_SSL_REDIRECT = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": env("LOG_LEVEL", "ERROR")}}
