"""Queue again the sending a stopped worker left unfinished: contact messages not yet sent and newsletters
still being sent; and keep the concert alerts' periodic scan queued. Run before the worker starts (scripts/start-production, `make run`); safe to run again."""

from django.core.management.base import BaseCommand

from fansite.alerts.services import alerts_scan_ensure_queued
from fansite.contact.services import contact_messages_requeue
from fansite.newsletter.services import newsletter_resume


class Command(BaseCommand):
    help = "Queue again unsent contact messages and unfinished newsletters (after a crash or restart)."

    def handle(self, *args, **options):
        messages = contact_messages_requeue()
        newsletters = newsletter_resume()
        scan = "queued" if alerts_scan_ensure_queued() else "already queued"
        self.stdout.write(f"Contact messages queued again: {messages}. Newsletters resumed: {newsletters}. "
                          f"Concert alerts scan: {scan}.")
