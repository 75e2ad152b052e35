"""Store the concerts' calendar entries now, rather than in the first calendar request that needs them.

Entries are stored when concerts are saved; run this after a deploy that changes SITE_URL or the
calendar output format, or after loading concerts with bulk tools or a restore, so no visitor waits for
them. Entries that are already current are left alone, so it is cheap to run on every start.
"""

import time

from django.core.management.base import BaseCommand

from concerts.calendars import refresh_stale_entries


class Command(BaseCommand):
    help = "Serialise and store every missing or outdated concert calendar entry (VEVENT)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = refresh_stale_entries()
        self.stdout.write(f"Stored {count} calendar entries in {time.perf_counter() - started:.1f} s.")
