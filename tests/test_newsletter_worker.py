"""The real worker (`manage.py db_worker`, a separate process) sends a newsletter to 2,000 subscribers through
a real SMTP server; it is killed (SIGKILL) in the middle and started again: every subscriber gets the
newsletter at most once, and everyone but at most the one message in flight at the kill gets it exactly once
(that one is marked "interrupted" in the admin, never sent twice). Runs on SQLite and, in the PostgreSQL run,
on PostgreSQL."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from fansite.newsletter.models import Delivery, DeliveryStatus, Newsletter, NewsletterStatus, Subscriber, SubscriberStatus
from fansite.newsletter.services import newsletter_start

ROOT = Path(__file__).resolve().parent.parent
SUBSCRIBERS = 2000


def database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start(command, smtp_port):
    env = {**os.environ, "DATABASE_URL": database_url(), "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_port),
           "NEWSLETTER_BATCH_SIZE": "50", "DJANGO_SETTINGS_MODULE": "fansite.settings"}
    env.pop("EMAIL_FILE_PATH", None)
    return subprocess.Popen([sys.executable, "manage.py", *command], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def wait_until(condition, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_newsletter_resumes_without_duplicates(smtp_server, capsys):
    now = timezone.now()
    Subscriber.objects.bulk_create([
        Subscriber(email=f"fan{n:04d}@example.net", status=SubscriberStatus.CONFIRMED, confirmed_at=now, consent_at=now)
        for n in range(SUBSCRIBERS)
    ], batch_size=500)
    newsletter = newsletter_start(newsletter=Newsletter.objects.create(subject="Season news", body="Hello.", include_concerts=False))

    started = time.monotonic()
    worker = start(["db_worker", "--interval", "0.1", "--no-startup-delay"], smtp_server.port)
    try:
        assert wait_until(lambda: len(smtp_server.messages) >= SUBSCRIBERS // 4, timeout=120), worker.stderr.read1()
        worker.send_signal(signal.SIGKILL)
        worker.wait(10)
    finally:
        if worker.poll() is None:
            worker.kill()
    at_kill = len(smtp_server.messages)
    assert at_kill < SUBSCRIBERS  # killed in the middle

    subprocess.run([sys.executable, "manage.py", "resume_sending"], cwd=ROOT, check=True, capture_output=True,
                   env={**os.environ, "DATABASE_URL": database_url()})
    worker = start(["db_worker", "--interval", "0.1", "--no-startup-delay"], smtp_server.port)
    try:
        finished = wait_until(
            lambda: Newsletter.objects.filter(pk=newsletter.pk, status=NewsletterStatus.SENT).exists(), timeout=300
        )
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(30)
    elapsed = time.monotonic() - started
    assert finished

    received = Counter(to for tos, _ in smtp_server.messages for to in tos)
    statuses = Counter(Delivery.objects.values_list("status", flat=True))
    sent = set(Delivery.objects.filter(status=DeliveryStatus.SENT).values_list("subscriber__email", flat=True))
    assert max(received.values()) == 1  # nobody twice
    assert statuses[DeliveryStatus.UNCERTAIN] <= 1  # at most the one message in flight at the kill
    assert statuses[DeliveryStatus.SENT] + statuses[DeliveryStatus.UNCERTAIN] == SUBSCRIBERS
    assert sent <= set(received) and len(received) >= SUBSCRIBERS - 1
    with capsys.disabled():
        print(f"\n[newsletter] {SUBSCRIBERS} subscribers on {connection.vendor}: {len(received)} received once, "
              f"{statuses[DeliveryStatus.UNCERTAIN]} interrupted at the kill (after {at_kill}), {elapsed:.1f} s with the restart")
