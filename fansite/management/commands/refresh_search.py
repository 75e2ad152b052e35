"""Store the search documents (fansite/text_search.py, concerts/search.py) that are missing, or all with --all.

Documents are stored when their records are saved; run this after a migration that adds records or a kind
of document without them, after loading records with bulk tools or a restore, or with --all after a change
to what a document holds. Without --all only records with no document are read, so it is cheap to run on
every start (scripts/start-production and `make run` do).
"""

import time

from django.core.management.base import BaseCommand

from concerts.models import Concert
from concerts.search import refresh_search_documents
from fansite.text_search import refresh_missing_documents


class Command(BaseCommand):
    help = "Store every missing search document (all of them with --all)."

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="remake every document, not only missing ones")

    def handle(self, *args, **options):
        started = time.perf_counter()
        concerts = Concert.objects.all() if options["all"] else Concert.objects.filter(search_text="")
        count = concerts.count()
        refresh_search_documents(concerts)
        count += refresh_missing_documents(every=options["all"])
        self.stdout.write(f"Stored {count} search documents in {time.perf_counter() - started:.1f} s.")
