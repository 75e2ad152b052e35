"""Every change is kept (django-simple-history) and an editor can restore an old version from admin."""

import pytest
from django import forms
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from concerts.models import Concert, Venue
from fansite.models import Page, SiteSettings
from profiles.models import ArtistProfile, PressQuote
from tests.factories import make_concert, make_page, make_profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client, django_user_model):
    user = django_user_model.objects.create_superuser("editor", "e@example.com", "a-long-enough-password")
    client.force_login(user)
    client.user = user
    return client


def _post_data(form):
    """What a browser would send back for this (unbound) admin form."""
    data = {}
    for name, bound in form._bound_items() if hasattr(form, "_bound_items") else ((n, form[n]) for n in form.fields):
        value = bound.value()
        if isinstance(bound.field.widget, forms.MultiWidget):
            if value is not None:
                value = timezone.localtime(value) if timezone.is_aware(value) else value
                data[f"{name}_0"], data[f"{name}_1"] = value.date().isoformat(), value.time().isoformat()
        elif isinstance(bound.field, forms.BooleanField):
            if value:
                data[name] = "on"
        elif value is not None and not isinstance(bound.field, forms.FileField):
            data[name] = value.pk if hasattr(value, "pk") else value
    return data


def test_every_content_model_keeps_history_and_shows_it_in_admin():
    models = [model for model in admin.site._registry if model._meta.app_label in {"profiles", "concerts", "fansite"}]
    assert len(models) >= 10
    for model in models:
        assert hasattr(model, "history"), model
        assert isinstance(admin.site._registry[model], SimpleHistoryAdmin), model


def test_each_save_is_a_revision_with_the_editor(editor):
    concert = make_concert(title="First title")
    change_url = reverse("admin:concerts_concert_change", args=[concert.pk])
    data = _post_data(editor.get(change_url).context["adminform"].form)
    data.update({"title_en": "Second title", "programme-TOTAL_FORMS": "0", "programme-INITIAL_FORMS": "0",
                 "collaborators-TOTAL_FORMS": "0", "collaborators-INITIAL_FORMS": "0", "focal_x": "50", "focal_y": "50",
                 "ticket_links-TOTAL_FORMS": "0", "ticket_links-INITIAL_FORMS": "0"})

    response = editor.post(change_url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    records = list(Concert.history.filter(id=concert.pk).order_by("history_date"))
    assert [r.title for r in records] == ["First title", "Second title"]
    assert [r.history_type for r in records] == ["+", "~"]
    assert records[-1].history_user == editor.user


def test_admin_history_page_lists_revisions(editor):
    concert = make_concert(title="Before")
    concert.title = "After"
    concert.save()
    html = editor.get(reverse("admin:concerts_concert_history", args=[concert.pk])).content.decode()
    for record in Concert.history.filter(id=concert.pk):
        assert reverse("admin:concerts_concert_simple_history", args=[concert.pk, record.history_id]) in html


def test_revert_from_admin_brings_back_the_old_values(editor):
    concert = make_concert(title="Original title", organizer_name="Moscow Philharmonic", description="Original text.")
    original = Concert.history.get(id=concert.pk)
    concert.title, concert.organizer_name, concert.description = "Edited title", "Someone else", "Edited text."
    concert.save()

    revert_url = reverse("admin:concerts_concert_simple_history", args=[concert.pk, original.history_id])
    page = editor.get(revert_url)
    assert page.status_code == 200 and "Original title" in page.content.decode()

    response = editor.post(revert_url, _post_data(page.context["adminform"].form))

    assert response.status_code == 302
    concert.refresh_from_db()
    assert (concert.title, concert.organizer_name, concert.description) == (
        "Original title", "Moscow Philharmonic", "Original text.")
    assert Concert.history.filter(id=concert.pk).count() == 3  # the restore is itself a revision


def test_restoring_a_revision_in_code_brings_back_old_values():
    page = make_page(title="Contact", body="Write to the *agency*.")
    page.title, page.body = "Contact us", "Changed."
    page.save()

    Page.history.filter(id=page.pk).earliest("history_date").instance.save()

    page.refresh_from_db()
    assert page.title == "Contact" and page.body == "Write to the *agency*."
    assert "<em>agency</em>" in page.body_html


def test_profile_and_settings_revert(editor):
    profile = make_profile(short_bio="Old short bio.")
    profile.short_bio = "New short bio."
    profile.save()
    old = ArtistProfile.history.filter(id=profile.pk).earliest("history_date")
    old.instance.save()
    profile.refresh_from_db()
    assert profile.short_bio == "Old short bio."

    settings = SiteSettings.objects.create(site_title="Old title")
    settings.site_title = "New title"
    settings.save()
    SiteSettings.history.earliest("history_date").instance.save()
    assert SiteSettings.objects.get().site_title == "Old title"


def test_deleted_item_can_be_seen_in_history():
    quote = PressQuote.objects.create(quote="Gone", source="Critic", is_published=True)
    pk = quote.pk
    quote.delete()
    assert PressQuote.history.filter(id=pk, history_type="-").exists()
    PressQuote.history.filter(id=pk, history_type="+").get().instance.save()
    assert PressQuote.objects.get(pk=pk).quote == "Gone"


def test_history_is_recorded_for_venues_too():
    venue = Venue.objects.create(name="Hall", slug="hall", city="Moscow", country="RU", timezone="Europe/Moscow")
    venue.city = "St Petersburg"
    venue.save()
    assert list(Venue.history.order_by("history_date").values_list("city", flat=True)) == ["Moscow", "St Petersburg"]
