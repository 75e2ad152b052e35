"""Create (once) and print the local editor login used by `make run`."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = settings.BASE_DIR / ".local-admin-password"


class Command(BaseCommand):
    help = "Create a local superuser 'admin' with a random password (kept in .local-admin-password) and print it."

    def add_arguments(self, parser):
        parser.add_argument("--username", default="admin")

    def handle(self, *args, username, **options):
        User = get_user_model()
        user = User.objects.filter(username=username).first()
        if user is None or not PASSWORD_FILE.exists():
            password = secrets.token_urlsafe(12)
            if user is None:
                User.objects.create_superuser(username, f"{username}@localhost", password)
            else:
                user.set_password(password)
                user.save(update_fields=["password"])
            PASSWORD_FILE.write_text(password + "\n")
            PASSWORD_FILE.chmod(0o600)
            user = User.objects.get(username=username)
        password = PASSWORD_FILE.read_text().strip()
        if not user.check_password(password):
            password = "(changed since; not shown)"
        self.stdout.write(self.style.SUCCESS(
            f"Site editor: http://127.0.0.1:8000/{settings.ADMIN_URL}  user: {username}  password: {password}"
        ))
