"""
gunicorn settings for production, every value overridable from the environment:

    gunicorn -c fansite/gunicorn.conf.py fansite.wsgi

Binds to 127.0.0.1:8000 by default: only a reverse proxy on the same machine (which terminates TLS; set
TRUSTED_PROXY_COUNT) reaches it. A proxy on another machine: GUNICORN_BIND=0.0.0.0:8000 and its address in
TRUSTED_PROXY_ADDRESSES, and a firewall that lets only the proxy in.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Threads keep memory low while a request waits on PostgreSQL or S3; workers use the cores.
# The same default as settings.APP_PROCESSES (more than one needs a shared cache: `check --deploy` says so).
workers = int(os.environ.get("WEB_CONCURRENCY", "0")) or min(multiprocessing.cpu_count() * 2 + 1, 8)
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
worker_class = "gthread"
# A request that takes longer than this is stuck: the worker is restarted. The database connection
# times out first (DATABASE_CONNECT_TIMEOUT), so an unreachable database answers a 503, not this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then so a slow leak never grows without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = 200
# Only trust X-Forwarded-* from these addresses (the proxy); Django reads them per TRUSTED_PROXY_COUNT.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", os.environ.get("TRUSTED_PROXY_ADDRESSES", "127.0.0.1,::1"))
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
