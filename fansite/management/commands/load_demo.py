"""Fill an empty site with demo content: the artist's (profiles/demo.py), then her concerts (concerts/demo.py)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import translation
from django.db import transaction

from concerts.demo import load_concert_demo, load_concert_demo_russian
from fansite.models import SiteSettings
from profiles.demo import load_profile_demo, load_profile_demo_russian

# The contact form's routing in the demo: example.org addresses (RFC 2606), which never reach anybody.
DEMO_CONTACT_ADDRESSES = {
    "contact_email": "office@example.org",
    "contact_booking_email": "management@example.org",
    "contact_press_email": "press@example.org",
    "contact_fans_email": "fanmail@example.org",
}


def load_site_demo():
    """Demo contact addresses in site settings, only where the editor has set none."""
    site_settings = SiteSettings.load()
    missing = {field: value for field, value in DEMO_CONTACT_ADDRESSES.items() if not getattr(site_settings, field)}
    if not missing:
        return []
    for field, value in missing.items():
        setattr(site_settings, field, value)
    site_settings.save()
    return [f"site settings: {field}" for field in missing]


class Command(BaseCommand):
    help = "Load demo content from the artist's story into an empty site (safe to run again)."

    @transaction.atomic
    def handle(self, *args, **options):
        # Written in English (the default language's columns), then the Russian translations where missing.
        with translation.override(settings.LANGUAGE_CODE):
            created = load_profile_demo() + load_concert_demo() + load_site_demo()
            translated = load_profile_demo_russian() + load_concert_demo_russian()
        if translated:
            self.stdout.write(self.style.SUCCESS(f"Russian demo content: {len(translated)} objects translated."))
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content loaded: {len(created)} objects created."))
        else:
            self.stdout.write("Demo content already present; nothing to do.")
