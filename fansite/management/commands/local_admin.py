"""Create (once) the local editor login and print the summary that `make run` shows before it serves."""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand

PASSWORD_FILE = settings.BASE_DIR / ".local-admin-password"


def mail_destination():
    """Where the site's mail goes under the current settings, in a few words for the developer."""
    mailer = settings.MAILERS["default"]
    backend, options = mailer["BACKEND"], mailer.get("OPTIONS", {})
    if backend.endswith("smtp.EmailBackend"):
        return f"sent through the SMTP server {options.get('host')}:{options.get('port')}"
    if backend.endswith("filebased.EmailBackend"):
        return f"written as files into {options.get('file_path')}"
    if backend.endswith("console.EmailBackend"):
        return "printed in this terminal by the task worker"
    return f"handed to {backend}"


class Command(BaseCommand):
    help = ("Create a local superuser 'admin' with a random password (kept in .local-admin-password) and print "
            "the local site's address, that login and where mail goes.")

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
        site = settings.SITE_URL
        self.stdout.write("\n".join([
            "",
            self.style.SUCCESS(f"  The site:     {site}/"),
            f"  Site editor:  {site}/{settings.ADMIN_URL}  user: {username}  password: {password}",
            f"  Mail:         {mail_destination()}",
            "  Stop with Ctrl+C.",
            "",
        ]))
