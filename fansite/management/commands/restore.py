"""manage.py restore ARCHIVE: migrate, then load a backup into the empty database and storage."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from fansite.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = "Restore a backup made by `manage.py backup` into an empty database (migrated first) and the media storage."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--database", default="default")

    def handle(self, *args, archive, database, **options):
        call_command("migrate", database=database, interactive=False, verbosity=0)
        try:
            manifest = restore_backup(archive, using=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["rows"].values())
        self.stdout.write(f"Restored {rows} rows and {len(manifest['files'])} media files; counts and file contents checked.")
