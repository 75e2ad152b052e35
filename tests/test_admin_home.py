"""The admin home: the editor's sections first, users and login protection apart for superusers, a line on
what needs attention, the biography one click away, the site's icon."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_concert, make_profile, make_programme, make_quote

pytestmark = pytest.mark.django_db


def test_sections_come_in_the_editors_order_and_administration_comes_last(editor):
    html = editor.get(reverse("admin:index")).content.decode()
    titles = ["Concerts", "Artist", "Recordings", "Photos", "Pages and site settings", "Authentication and Authorization", "Axes"]
    positions = [html.index(f">{title}</a>") for title in titles]
    assert positions == sorted(positions)
    assert "Access attempts" in html  # django-axes, for superusers


def test_staff_who_are_not_superusers_do_not_see_users_or_login_protection(client, django_user_model):
    user = django_user_model.objects.create_user("ed", "ed@example.com", "a-long-enough-password", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label__in=["concerts", "auth", "axes"]))
    client.force_login(user)
    html = client.get(reverse("admin:index")).content.decode()
    assert ">Concerts</a>" in html
    assert "Users" not in html and "Access attempts" not in html


def test_biography_is_one_click_from_home(editor):
    profile = make_profile()
    html = editor.get(reverse("admin:index")).content.decode()
    assert f'href="{reverse("admin:profiles_artistprofile_change", args=[profile.pk])}"' in html
    assert "Biography and portrait" in html


def test_dashboard_names_what_needs_attention(editor):
    bare = make_concert(title="No works yet", starts_at=timezone.now() + timedelta(days=10))
    with_works = make_concert(title="All set", starts_at=timezone.now() + timedelta(days=12))
    make_programme(with_works, ("Bach", "Chaconne"))
    make_concert(title="A draft", is_published=False)
    make_quote(publish_from=timezone.now() + timedelta(days=2))

    html = editor.get(reverse("admin:index")).content.decode()
    attention = html.split('id="attention-title"', 1)[1].split("</section>", 1)[0]
    assert "No works yet" in attention and "All set" not in attention
    assert reverse("admin:concerts_concert_change", args=[bare.pk]) in attention
    assert "1 draft among concerts" in attention
    assert "1 of the press quotes appears this week" in attention


def test_admin_pages_name_the_site_icon(editor):
    html = editor.get(reverse("admin:index")).content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html
