"""The editor's pages for what fans send and receive render, and a newsletter being sent cannot be edited."""

import pytest
from django.contrib import admin
from django.urls import reverse

from fansite.newsletter.models import Newsletter, NewsletterStatus

pytestmark = pytest.mark.django_db
APPS = {"contact", "news", "newsletter", "alerts", "django_tasks_database"}


@pytest.mark.parametrize("model", [m for m in admin.site._registry if m._meta.app_label in APPS], ids=str)
def test_changelist_and_add_pages_render(editor, model):
    meta = model._meta
    assert editor.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")).status_code == 200
    add = editor.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add"))
    assert add.status_code in {200, 403}  # 403: rows only visitors create (messages, subscriptions)


def test_a_sent_newsletter_is_read_only(editor):
    newsletter = Newsletter.objects.create(subject="Sent", body="Text", status=NewsletterStatus.SENT)
    html = editor.get(reverse("admin:newsletter_newsletter_change", args=[newsletter.pk])).content.decode()
    assert 'name="subject"' not in html and "Not sent yet" not in html
