"""manage.py backup PATH: database rows and uploaded files in one .tar.gz (see fansite/backup.py)."""

from django.core.management.base import BaseCommand

from fansite.backup import create_backup


class Command(BaseCommand):
    help = "Write a backup (database fixtures + every media file) to PATH, a .tar.gz file or an existing folder."

    def add_arguments(self, parser):
        parser.add_argument("path", help="Archive to write, or a folder to put a dated archive in.")
        parser.add_argument("--database", default="default")

    def handle(self, *args, path, database, **options):
        written, manifest = create_backup(path, using=database)
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Wrote {written}: {rows} rows, {len(manifest['files'])} media files.")
