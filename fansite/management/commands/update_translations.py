"""`manage.py update_translations` (`make messages`): extract every marked string, then compile.

Extraction is Django's `makemessages` (it needs GNU gettext's xgettext, the translator's tool), run once
from the project's top folder for every language but the default: each string lands in the catalogue of
the folder it is in (settings.LOCALE_PATHS: fansite/, profiles/, concerts/ and locale/ for templates/).
Compiling is pure Python (fansite/catalogues.py), so `--compile-only` needs no gettext at all.
"""

import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from fansite.catalogues import compile_catalogues, untranslated

# Never scanned: installed packages, tools and generated files.
IGNORED = [".venv", "node_modules", "staticfiles", "media", "test-artifacts", "bench", "tests", "*.egg-info"]


class Command(BaseCommand):
    help = "Extract marked strings into every language's .po files (makemessages), then compile the .mo files."

    def add_arguments(self, parser):
        parser.add_argument("--compile-only", action="store_true", help="Only compile (no GNU gettext needed).")

    def handle(self, *args, compile_only=False, **options):
        if not compile_only:
            for folder in settings.LOCALE_PATHS:
                folder.mkdir(exist_ok=True)
            languages = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
            previous = os.getcwd()
            os.chdir(settings.BASE_DIR)
            try:
                call_command(
                    "makemessages", locale=languages, ignore_patterns=IGNORED, no_obsolete=True,
                    add_location="file", verbosity=options["verbosity"],
                )
            finally:
                os.chdir(previous)
        for path in compile_catalogues():
            self.stdout.write(f"compiled {path.relative_to(settings.BASE_DIR)}")
        for code, _name in settings.LANGUAGES:
            if code != settings.LANGUAGE_CODE and (missing := untranslated(code)):
                self.stdout.write(self.style.WARNING(f"{len(missing)} strings still to translate into {code}"))
