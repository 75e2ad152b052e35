"""Every admin action and custom admin view checks its permission: a matrix of staff roles against each.

Roles: staff who may only view concerts, staff who may change (but not add) them, staff who may change and
add them, and a superuser. A refused action changes nothing: no status, no copy, no SEQUENCE.
"""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from concerts.models import Concert
from tests.factories import admin_concert_form, make_concert, make_programme

pytestmark = pytest.mark.django_db

ROLES = {
    "view": ["view_concert", "view_venue"],
    "change": ["view_concert", "change_concert", "view_venue"],
    "change_add": ["view_concert", "change_concert", "add_concert", "view_venue"],
    "superuser": None,
}

# What each action or view needs, besides staff status.
NEEDS = {
    "mark_sold_out": {"change"},
    "mark_cancelled": {"change"},
    "mark_postponed": {"change"},
    "duplicate_concerts": {"add"},
    "reschedule": {"change", "add"},
    "duplicate": {"change", "add"},
    "revert": {"change"},
    "change_form": {"change"},
}


def allowed(role, what):
    if role == "superuser":
        return True
    granted = {codename.split("_")[0] for codename in ROLES[role]}
    return NEEDS[what] <= granted


@pytest.fixture(params=list(ROLES))
def staff(request, client, django_user_model):
    role = request.param
    if role == "superuser":
        user = django_user_model.objects.create_superuser("boss", "b@example.com", "a-long-enough-password")
    else:
        user = django_user_model.objects.create_user(role, f"{role}@example.com", "a-long-enough-password", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(codename__in=ROLES[role]))
    client.force_login(user)
    client.role = role
    return client


@pytest.fixture
def concert():
    concert = make_concert(title="Recital", slug="recital")
    make_programme(concert, ("Bach", "Chaconne"))
    return concert


def snapshot():
    return list(Concert.objects.order_by("pk").values_list("pk", "status", "sequence", "title"))


@pytest.mark.parametrize("action", ["mark_sold_out", "mark_cancelled", "mark_postponed", "duplicate_concerts"])
def test_changelist_actions(staff, concert, action):
    changelist = reverse("admin:concerts_concert_changelist")
    before = snapshot()

    offered = f'value="{action}"' in staff.get(changelist).content.decode()
    response = staff.post(changelist, {"action": action, "_selected_action": [concert.pk]})

    assert offered is allowed(staff.role, action)
    assert response.status_code in (200, 302)  # refused: the list again (or back to it), and nothing changed
    assert (snapshot() != before) is allowed(staff.role, action)


@pytest.mark.parametrize("view", ["reschedule", "duplicate"])
def test_new_date_views(staff, concert, view):
    url = reverse(f"admin:concerts_concert_{view}", args=[concert.pk])
    before = snapshot()

    link = url in staff.get(reverse("admin:concerts_concert_change", args=[concert.pk])).content.decode()
    assert link is allowed(staff.role, view)
    page = staff.get(url)
    response = staff.post(url, {"venue": concert.venue_id, "local_start_0": "2031-01-10", "local_start_1": "19:30"})

    if allowed(staff.role, view):
        assert page.status_code == 200 and response.status_code == 302 and snapshot() != before
    else:
        assert page.status_code == 403 and response.status_code == 403 and snapshot() == before


def test_revert_from_history(staff, concert):
    first = concert.history.earliest()
    concert.title = "Renamed"
    concert.save()
    before = snapshot()

    url = reverse("admin:concerts_concert_simple_history", args=[concert.pk, first.history_id])
    assert staff.get(url).status_code == 200  # every role may read the history
    response = staff.post(url, admin_concert_form(concert, title="Recital"))

    if allowed(staff.role, "revert"):
        assert response.status_code == 302 and Concert.objects.get().title == "Recital"
    else:
        assert response.status_code == 403 and snapshot() == before


def test_change_form(staff, concert):
    before = snapshot()
    response = staff.post(reverse("admin:concerts_concert_change", args=[concert.pk]),
                          admin_concert_form(concert, status="cancelled"))
    assert (snapshot() != before) is allowed(staff.role, "change_form")
    assert response.status_code == (302 if allowed(staff.role, "change_form") else 403)


def test_every_concert_action_declares_its_permissions():
    from django.contrib import admin

    model_admin = admin.site._registry[Concert]
    for name in model_admin.actions:
        assert getattr(model_admin, name).allowed_permissions, name


@pytest.mark.parametrize("role", ["view", "change"])
def test_revert_of_other_items_needs_the_change_permission(client, django_user_model, role):
    from tests.factories import make_page, make_quote

    for item, fields in ((make_page(title="About the tour"), {"title": "Old title"}),
                         (make_quote(quote="Old words"), {"quote": "Old words"})):
        meta = item._meta
        first = item.history.earliest()
        for name, value in fields.items():
            setattr(item, name, value + " (edited)")
        item.save()
        user = django_user_model.objects.create_user(f"{role}-{meta.model_name}", "x@example.com",
                                                     "a-long-enough-password", is_staff=True)
        user.user_permissions.set(Permission.objects.filter(
            content_type__app_label=meta.app_label, codename__in=[f"{p}_{meta.model_name}" for p in ("view", role)]))
        client.force_login(user)
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_simple_history", args=[item.pk, first.history_id])
        response = client.post(url, {})
        assert response.status_code == (403 if role == "view" else 200)  # change staff: the form, re-shown
        item.refresh_from_db()
        assert all(getattr(item, name) == value + " (edited)" for name, value in fields.items())
