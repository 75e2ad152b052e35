"""
Settings for the fan site: one module, every deployment difference read from the environment.

The embedded default (no variables set) is SQLite + local media + local-memory cache, with DEBUG off.
`make run` turns DEBUG on for the local server; production sets DATABASE_URL, REDIS_URL, AWS_* and
SECRET_KEY (see README.md and .env.example).
"""

import os
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.conf.locale import LANG_INFO
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# The development key is public; production sets SECRET_KEY (check --deploy flags the default).
SECRET_KEY = env("SECRET_KEY", "django-insecure-dev-only-key-for-the-local-run-and-tests")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Production is "served over HTTPS": it switches on the redirect to HTTPS, HSTS and Secure cookies.
# It follows SITE_URL's scheme unless set explicitly; the local run and the tests use plain HTTP.
HTTPS = env_bool("HTTPS", SITE_URL.startswith("https://"))

# How many reverse proxies (load balancer, nginx) stand in front of gunicorn. With one or more, the
# scheme comes from X-Forwarded-Proto and the client IP from X-Forwarded-For, counted from the right so
# a client cannot forge its own address. 0 (the default) trusts no forwarded header at all.
TRUSTED_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
# The addresses (or networks) those proxies connect from: forwarded headers on a request from anywhere else
# are the client's own and are removed (fansite/proxy.py). gunicorn listens on loopback by default.
TRUSTED_PROXY_ADDRESSES = env_list("TRUSTED_PROXY_ADDRESSES", "127.0.0.1,::1")

INSTALLED_APPS = [
    # Before the admin, as django-modeltranslation asks: it patches models before admin autodiscovery.
    "modeltranslation",
    "fansite.apps.EditorAdminConfig",  # django.contrib.admin with the site's own header (fansite/admin_site.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.postgres",  # the stored search vector of concerts (concerts/search.py); harmless on SQLite
    "simple_history",
    "adminsortable2",
    "django_countries",  # country names in every language of the site (its translations)
    "import_export",
    "axes",
    "django_tasks_db",
    "fansite",
    "profiles",
    "concerts",
    "fansite.mailing",
    "fansite.contact",
    "fansite.news",
    "fansite.newsletter",
    "fansite.alerts",
]

# Order matters. The security and CSP headers are added outside the page cache, so cached pages get
# them fresh on every response; the page cache sits outside the session, so it sees every cookie the
# inner layers set (and then refuses to store the response); the database guard sits inside
# everything that must still decorate its 503.
MIDDLEWARE = [
    # Before anything reads the scheme, host or client address: forwarded headers only from our proxies.
    "fansite.proxy.ForwardedHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # request.site_frame: who the site is about, its menu (fansite/page_frame.py), read only when used.
    "fansite.middleware.SiteFrameMiddleware",
    # ETag / Cache-Control for browsers and shared caches, and 304 before the page cache is asked.
    "fansite.http_caching.HttpCachingMiddleware",
    "fansite.page_cache.PublicPageCacheMiddleware",
    # Inside the page cache, so a page is compressed once and stored compressed (the page cache keys
    # on whether the client accepts gzip). Django adds random bytes against BREACH-style attacks.
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language: the URL's prefix (/en/, /ru/), else the visitor's choice (cookie), else Accept-Language;
    # unprefixed addresses are redirected to the prefixed page in that language.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Records which editor made each change kept by django-simple-history.
    "simple_history.middleware.HistoryRequestMiddleware",
    "fansite.middleware.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fansite.urls"
WSGI_APPLICATION = "fansite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "fansite.context_processors.site",
            ],
        },
    },
    {
        # The concert listing's row and the repertoire's work, rendered up to 20 and 100 times a page:
        # fansite/jinja2.py says why. After Django's engine, which get_template() asks first: only a name
        # found in templates/jinja2/ alone comes from here.
        "NAME": "jinja2",
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates" / "jinja2"],
        "APP_DIRS": False,
        "OPTIONS": {"environment": "fansite.jinja2.environment"},
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(env("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database that does not answer must give a quick 503, not a request hanging until the proxy
    # gives up, with every gunicorn thread soon stuck behind it. Every wait is bounded:
    STATEMENT_TIMEOUT = int(env("DATABASE_STATEMENT_TIMEOUT", "5"))  # seconds; 0: none
    DATABASES["default"]["ENGINE"] = "fansite.postgresql"  # Django's, with a client-side limit (its docstring)
    DATABASES["default"]["QUERY_DEADLINE"] = STATEMENT_TIMEOUT + 1 if STATEMENT_TIMEOUT else 0
    DATABASES["default"]["HEALTH_CHECK_DEADLINE"] = 1  # `SELECT 1` on a healthy link takes milliseconds
    options = DATABASES["default"].setdefault("OPTIONS", {})
    # libpq: connecting (seconds); a dead path noticed by TCP keepalives after 10 s idle + 3 probes 2 s
    # apart, or by unacknowledged data after tcp_user_timeout (ms); the server cancels a long statement.
    options.setdefault("connect_timeout", int(env("DATABASE_CONNECT_TIMEOUT", "3")))
    options.setdefault("keepalives", 1)
    options.setdefault("keepalives_idle", 10)
    options.setdefault("keepalives_interval", 2)
    options.setdefault("keepalives_count", 3)
    options.setdefault("tcp_user_timeout", (STATEMENT_TIMEOUT + 1) * 1000 if STATEMENT_TIMEOUT else 10_000)
    if STATEMENT_TIMEOUT:
        options["options"] = f"{options.get('options', '')} -c statement_timeout={STATEMENT_TIMEOUT * 1000}".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["ENGINE"] = "fansite.sqlite"  # Django's, keeping the planner's statistics (its docstring)
    # Connections are kept (CONN_MAX_AGE) on SQLite too: opening one costs more than a listing's query. Each
    # new connection registers Django's SQL functions and, at its first query, reads and parses the schema
    # (268 tables, indexes and triggers): 1.5 ms of each request at 10,000 concerts, against 0.2 ms for the
    # archive page's one query on a kept connection. An idle connection holds no lock (WAL journal).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", "transaction_mode": "IMMEDIATE"}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
CACHE_TIMEOUT = float(env("CACHE_TIMEOUT", "0.25"))  # seconds, connecting to or waiting for Redis


def redis_cache(url):
    """The shared cache on the Redis at `url`. A Redis that stops answering must cost a page a fraction
    of a second, not redis-py's unbounded wait: every call is bounded here and non-fatal
    (fansite/caching.py)."""
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": url,
        "KEY_PREFIX": env("CACHE_KEY_PREFIX", "fansite"),
        "OPTIONS": {"socket_connect_timeout": CACHE_TIMEOUT, "socket_timeout": CACHE_TIMEOUT},
    }


if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
    # Rendered fragments (fansite/fragment_cache.py): the same Redis, under a prefix of their own.
    CACHES["fragments"] = {**redis_cache(REDIS_URL), "KEY_PREFIX": f"{CACHES['default']['KEY_PREFIX']}-fragments"}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fansite"}}
# Process-local in the embedded default, apart from the pages (their entries never need retiring).
CACHES.setdefault("fragments", {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                "LOCATION": "fansite-fragments", "OPTIONS": {"MAX_ENTRIES": 5000}})
# The header and footer every page shares (base.html's `{% frame_part %}`, keyed by what they show:
# fansite/page_frame.py, `frame_parts_key`): always in the process, a few entries per language.
CACHES["frame"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "fansite-frame",
                   "OPTIONS": {"MAX_ENTRIES": 500}}

# --- Auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ADMIN_URL = env("ADMIN_URL", "admin/").strip("/") + "/"
# The only login is the editor's: after it (and when `next` points off-site, which Django refuses) go there.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# django-axes locks a login out after 5 failures for the same username from the same IP, for an hour.
# Its backend goes first so a locked-out attempt never reaches the password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
# The visitor's address behind TRUSTED_PROXY_COUNT proxies (see fansite/proxy.py).
AXES_CLIENT_IP_CALLABLE = "fansite.proxy.client_ip"

# --- Internationalisation -------------------------------------------------------------------
# Every public page exists once per language under its prefix (/en/…, /ru/…). A third language needs
# only its code here (LANGUAGES=en,ru,de), `manage.py makemigrations` for its translation columns
# (django-modeltranslation) and `make messages` for its catalogues.
LANGUAGE_CODE = "en"  # the fallback language: content without a translation is shown in it
LANGUAGES = [(code, LANG_INFO[code]["name_local"]) for code in env_list("LANGUAGES", "en,ru")]
# One catalogue per app (its Python strings) and the project's own (templates/). Listed app first so that
# `makemessages`, run once from the top (`make messages`), files each string under the folder it is in.
LOCALE_PATHS = [BASE_DIR / app / "locale" for app in ("fansite", "profiles", "concerts")] + [BASE_DIR / "locale"]
# The visitor's choice of language (the switcher) is kept a year; it is a preference, not a session.
LANGUAGE_COOKIE_AGE = 365 * 24 * 60 * 60
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_SECURE = HTTPS
LANGUAGE_COOKIE_HTTPONLY = True
TIME_ZONE = "UTC"  # stored times are UTC; each concert is shown in its venue's zone
USE_I18N = True
USE_TZ = True

# django-modeltranslation: every visitor-facing text field has one column per language; an empty
# translation falls back to the default language (English), which templates mark with lang="en".
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_FALLBACK_LANGUAGES = (LANGUAGE_CODE,)

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = env("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))

# S3-compatible object storage for uploads (AWS S3, MinIO, Ceph, R2...) when a bucket is named; several
# app servers then share the same files. Without it, uploads stay on local disk in MEDIA_ROOT.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
S3_MEDIA = bool(AWS_STORAGE_BUCKET_NAME)
if S3_MEDIA:
    AWS_S3_ENDPOINT_URL = env("AWS_S3_ENDPOINT_URL") or None  # unset: AWS itself
    AWS_S3_REGION_NAME = env("AWS_S3_REGION_NAME") or None
    AWS_ACCESS_KEY_ID = env("AWS_ACCESS_KEY_ID") or None  # unset: boto3's usual credential chain
    AWS_SECRET_ACCESS_KEY = env("AWS_SECRET_ACCESS_KEY") or None
    AWS_S3_CUSTOM_DOMAIN = env("AWS_S3_CUSTOM_DOMAIN") or None  # e.g. a CDN in front of the bucket
    AWS_LOCATION = env("AWS_LOCATION", "media")  # key prefix inside the bucket
    # Private bucket, signed URLs by default; AWS_QUERYSTRING_AUTH=0 for a public-read bucket or CDN.
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", not AWS_S3_CUSTOM_DOMAIN)
    AWS_DEFAULT_ACL = None
    AWS_S3_FILE_OVERWRITE = False
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": "public, max-age=86400"}

SERVE_LOCAL_MEDIA = env_bool("SERVE_LOCAL_MEDIA", not S3_MEDIA)

# Hashed, compressed static files need `collectstatic` first, so they are switched on by deployments
# (STATIC_MANIFEST=1); the local run and the tests serve straight from static/ through the finders.
STATIC_MANIFEST = env_bool("STATIC_MANIFEST", False)
STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage" if S3_MEDIA else "django.core.files.storage.FileSystemStorage"
    },
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if STATIC_MANIFEST
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not STATIC_MANIFEST
if WHITENOISE_USE_FINDERS:
    # Served from static/ through the finders: only deployments run collectstatic into STATIC_ROOT, so
    # whitenoise's note that the folder is missing says nothing here.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
WHITENOISE_MAX_AGE = 3600

# Uploads larger than this go to a temporary file rather than memory; the image validators
# enforce the real limits (see fansite/images/hardening.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Spreadsheet import and export in the admin (django-import-export; fansite/spreadsheets/). A 1,000-row
# concert file is about 200 KB; larger uploads are refused with a message before they are read.
SPREADSHEET_IMPORT_MAX_BYTES = int(env("SPREADSHEET_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
SPREADSHEET_FORMATS = [  # the order of the admin's format menu
    "import_export.formats.base_formats.CSV",
    "import_export.formats.base_formats.XLSX",
    "fansite.spreadsheets.formats.ODS",
]
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"  # and "change": SpreadsheetAdmin.has_import_permission
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# --- Security -------------------------------------------------------------------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # the admin reads the token from the form, never from the cookie
CSRF_COOKIE_SAMESITE = "Lax"

SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
# HSTS: one year. Subdomains and the preload flag are on by default (check --deploy asks for both);
# the flag alone does not put the domain on browsers' preload lists, a submission by its owner does.
SECURE_HSTS_SECONDS = int(env("HSTS_SECONDS", "31536000")) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("HSTS_PRELOAD", True)
if TRUSTED_PROXY_COUNT:
    # Only safe because the proxy overwrites this header; without a proxy a client could set it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = env_bool("USE_X_FORWARDED_HOST", False)

# Content Security Policy (Django's own middleware). Pages load only this site's CSS, JS and images;
# no inline script or style, no eval. JSON-LD data blocks are not scripts to the browser and need no
# allowance. A template that really needs an inline script marks it with {{ csp_nonce }}: the nonce
# is only put into the header on responses that used it.
# Uploads in object storage come from another origin: MEDIA_ORIGIN (space-separated) names it, or it is
# derived from the S3 settings.
def _media_origins():
    if env("MEDIA_ORIGIN"):
        return env("MEDIA_ORIGIN").split()
    if not S3_MEDIA:
        return []
    if AWS_S3_CUSTOM_DOMAIN:
        return [f"https://{AWS_S3_CUSTOM_DOMAIN}"]
    if AWS_S3_ENDPOINT_URL:
        endpoint = urlsplit(AWS_S3_ENDPOINT_URL)
        # Path-style (endpoint/bucket/key) or virtual-hosted (bucket.endpoint/key) addressing.
        return [f"{endpoint.scheme}://{endpoint.netloc}", f"{endpoint.scheme}://*.{endpoint.netloc}"]
    return ["https://*.amazonaws.com"]


MEDIA_ORIGINS = _media_origins()
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, *MEDIA_ORIGINS],
    # Audio links may point at any HTTPS host (profiles/media.py accepts an .mp3 anywhere); <audio
    # preload="none"> fetches nothing until the visitor presses play.
    "media-src": [CSP.SELF, *MEDIA_ORIGINS, "https:"],
    # Click-to-load video players (profiles/media.py): nothing is framed until the visitor asks.
    "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    **({"upgrade-insecure-requests": True} if HTTPS else {}),
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

# How many gunicorn worker processes serve the site (fansite/gunicorn.conf.py reads the same variable with
# the same default): a process-local cache cannot serve several (fansite/checks.py).
APP_PROCESSES = int(env("WEB_CONCURRENCY", "0")) or min((os.cpu_count() or 1) * 2 + 1, 8)

# --- Mail (fansite/mailing/) ----------------------------------------------------------------
# Read from Django's classic variable names, configured as Django 6.1's MAILERS (the EMAIL_* settings are
# deprecated). With EMAIL_HOST set mail goes out over SMTP; otherwise it is written to EMAIL_FILE_PATH when
# set, else printed to the console (what `make run` shows, from the worker).
if env("EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": {
        "host": env("EMAIL_HOST"),
        "port": int(env("EMAIL_PORT", "465" if env_bool("EMAIL_USE_SSL") else "587" if env_bool("EMAIL_USE_TLS") else "25")),
        "username": env("EMAIL_HOST_USER"),
        "password": env("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        "use_ssl": env_bool("EMAIL_USE_SSL", False),
        "timeout": int(env("EMAIL_TIMEOUT", "20")),
    }}}
elif env("EMAIL_FILE_PATH"):
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                           "OPTIONS": {"file_path": env("EMAIL_FILE_PATH")}}}
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Fan site <no-reply@example.org>")
SERVER_EMAIL = env("SERVER_EMAIL", DEFAULT_FROM_EMAIL)

# --- Background tasks (django.tasks) ----------------------------------------------------------
# django-tasks-db: the queue is a table in the site's own database (SQLite embedded, PostgreSQL in
# production, where several `manage.py db_worker` processes claim tasks with SELECT ... FOR UPDATE SKIP
# LOCKED). Nothing new to run but the worker; tasks and their failures are visible in the admin.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK_RETRY_LIMIT = int(env("TASK_RETRY_LIMIT", "6"))  # tries of one e-mail before it is marked failed
TASK_RETRY_BASE_SECONDS = int(env("TASK_RETRY_BASE_SECONDS", "60"))  # 1, 2, 4, 8... minutes between tries
NEWSLETTER_BATCH_SIZE = int(env("NEWSLETTER_BATCH_SIZE", "100"))  # messages per task (one SMTP connection)

# --- Forms of visitors (fansite/mailing/guard.py) ---------------------------------------------
FORM_MIN_FILL_SECONDS = int(env("FORM_MIN_FILL_SECONDS", "3"))  # faster than this is a robot
FORM_MAX_AGE_SECONDS = 24 * 3600  # a form page older than a day is refused with "reload the page"
FORM_RATE_PER_IP = env("FORM_RATE_PER_IP", "10/3600")  # submissions per IP per period (seconds)
FORM_RATE_PER_ADDRESS = env("FORM_RATE_PER_ADDRESS", "3/3600")  # per e-mail address
CONFIRMATION_MAX_AGE_DAYS = 7  # double opt-in links expire after this
ALERT_SCAN_MINUTES = int(env("ALERT_SCAN_MINUTES", "60"))  # how often concert alerts look for news

# --- Page cache -----------------------------------------------------------------------------
# Public pages are cached whole for anonymous visitors (see fansite/page_cache.py) and dropped at once when
# any content is saved; this is the longest a page may be kept when nothing changes.
PAGE_CACHE_SECONDS = int(env("PAGE_CACHE_SECONDS", "600"))
# HTTP caching of public pages (fansite/http_caching.py): validators always, and how long a browser
# (HTTP_MAX_AGE) and a shared cache such as nginx or a CDN (HTTP_SHARED_MAX_AGE, then
# HTTP_STALE_WHILE_REVALIDATE while it asks again) may reuse a page without asking, in seconds.
HTTP_CACHING = env("HTTP_CACHING", "1") == "1"
HTTP_MAX_AGE = int(env("HTTP_MAX_AGE", "0"))
HTTP_SHARED_MAX_AGE = int(env("HTTP_SHARED_MAX_AGE", "10"))
HTTP_STALE_WHILE_REVALIDATE = int(env("HTTP_STALE_WHILE_REVALIDATE", "30"))
# How long a rendered listing row is kept (fansite/fragment_cache.py), in seconds; 0 renders every row.
# Its key is a hash of what it shows, so a save re-renders only the rows it changed.
FRAGMENT_CACHE_SECONDS = int(env("FRAGMENT_CACHE_SECONDS", "3600"))

# --- The site -------------------------------------------------------------------------------
CONCERTS_PER_PAGE = 20
# The subscribable calendar (calendar.ics) holds the next CALENDAR_MAX_UPCOMING concerts and the latest
# CALENDAR_MAX_PAST of the last CALENDAR_PAST_DAYS days; the whole history is the download
# calendar-archive.ics. A touring soloist plays 60-120 concerts a year: these bounds hold years of them and
# keep the feed a few hundred kilobytes, built in well under 0.2 s, however big the archive or the season.
CALENDAR_PAST_DAYS = int(env("CALENDAR_PAST_DAYS", "365"))
CALENDAR_MAX_UPCOMING = int(env("CALENDAR_MAX_UPCOMING", "500"))
CALENDAR_MAX_PAST = int(env("CALENDAR_MAX_PAST", "200"))
SEARCH_MAX_QUERY_LENGTH = 200  # characters; longer queries are cut, never refused
SEARCH_RESULTS_PER_KIND = 20

# --- Images (fansite/images/hardening.py, fansite/images/renditions.py) -------------------------------------
# Uploads are refused above these limits before any pixel is decoded; both can be lowered or raised
# per deployment. IMAGE_MAX_PIXELS also becomes Pillow's decompression-bomb threshold.
IMAGE_MAX_BYTES = int(env("IMAGE_MAX_BYTES", str(10 * 1024 * 1024)))
IMAGE_MAX_PIXELS = int(env("IMAGE_MAX_PIXELS", str(40_000_000)))
# Widths (px) of the responsive renditions made once per image, in WebP and JPEG; never upscaled.
IMAGE_RENDITION_WIDTHS = [int(w) for w in env_list("IMAGE_RENDITION_WIDTHS", "480,960,1600")]
PHOTOS_PER_PAGE = 48
