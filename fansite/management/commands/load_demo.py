"""Fill an empty site with demo content: the artist's (profiles/demo.py), then her concerts (concerts/demo.py)."""

from django.core.management.base import BaseCommand
from django.db import transaction

from concerts.demo import load_concert_demo
from profiles.demo import load_profile_demo


class Command(BaseCommand):
    help = "Load demo content from the artist's story into an empty site (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        created = load_profile_demo() + load_concert_demo()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {len(created)} objects created."))
        else:
            self.stdout.write("Demo content already present; nothing to do.")
