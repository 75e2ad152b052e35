"""System checks of the deployment, shown by `manage.py check --deploy` (and run by scripts/start-production).

A page cache in a process-local cache cannot serve several app processes: the content version an edit bumps
(fansite/page_cache.py) changes only in the process that handled the edit, so the others keep serving
the old pages until they expire (up to PAGE_CACHE_SECONDS). Rather than sharing the embedded default's cache
through files (slower for the single-process local run, and still per machine), a production start with
more than one gunicorn worker and no shared cache is refused.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

PROCESS_LOCAL_CACHES = {"django.core.cache.backends.locmem.LocMemCache"}


@register(Tags.caches, deploy=True)
def shared_cache_for_several_processes(app_configs=None, **kwargs):
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PROCESS_LOCAL_CACHES and settings.APP_PROCESSES > 1 and settings.PAGE_CACHE_SECONDS > 0:
        return [Error(
            f"{settings.APP_PROCESSES} app processes (WEB_CONCURRENCY) with a process-local cache: after an "
            "edit, each process would keep serving its own cached pages.",
            hint="Set REDIS_URL to a Redis shared by every process, or WEB_CONCURRENCY=1, or PAGE_CACHE_SECONDS=0.",
            id="fansite.E001",
        )]
    return []
