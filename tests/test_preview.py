"""Staff see unpublished items on the public template with ?preview=1; everyone else gets 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from fansite.publishing import preview_url
from tests.factories import make_concert, make_page, make_programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, django_user_model):
    user = django_user_model.objects.create_user("staff", "s@example.com", "a-long-enough-password", is_staff=True)
    client.force_login(user)
    return client


@pytest.fixture
def member(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("member", "m@example.com", "a-long-enough-password"))
    return client


@pytest.fixture(params=["draft", "scheduled", "expired"])
def hidden_concert(request):
    now = timezone.now()
    fields = {
        "draft": {"is_published": False},
        "scheduled": {"publish_from": now + timedelta(days=3)},
        "expired": {"publish_from": now - timedelta(days=3), "publish_until": now - timedelta(days=1)},
    }[request.param]
    concert = make_concert(title="Unannounced recital", **fields)
    make_programme(concert, ("Eugène Ysaÿe", "Sonata No. 3"))
    return concert


def test_staff_preview_shows_unpublished_concert_on_the_public_template(staff, hidden_concert):
    response = staff.get(preview_url(hidden_concert))

    html = response.content.decode()
    assert response.status_code == 200
    assert "concerts/concert_detail.html" in [template.name for template in response.templates]
    assert "Unannounced recital" in html and "Sonata No. 3" in html
    assert 'class="preview-banner"' in html and "visitors cannot see this page" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html


def test_preview_is_never_cached(staff, hidden_concert):
    response = staff.get(preview_url(hidden_concert))
    directives = {d.strip() for d in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= directives


def test_scheduled_preview_says_when_it_goes_live(staff):
    concert = make_concert(publish_from=timezone.now() + timedelta(days=3))
    assert "Scheduled for" in staff.get(preview_url(concert)).content.decode()


def test_anonymous_visitor_gets_404_for_preview(client, hidden_concert):
    assert client.get(preview_url(hidden_concert)).status_code == 404
    assert client.get(hidden_concert.get_absolute_url()).status_code == 404


def test_logged_in_non_staff_gets_404_for_preview(member, hidden_concert):
    assert member.get(preview_url(hidden_concert)).status_code == 404


def test_staff_without_preview_parameter_sees_the_public_site(staff, hidden_concert):
    assert staff.get(hidden_concert.get_absolute_url()).status_code == 404


def test_published_concert_with_preview_parameter_is_normal_for_visitors(client):
    concert = make_concert()
    response = client.get(preview_url(concert))
    assert response.status_code == 200
    assert "preview-banner" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


def test_page_preview(staff, client):
    page = make_page(title="Management", slug="management", is_published=False, body="Agency details.")
    assert staff.get(preview_url(page)).status_code == 200
    assert "Agency details." in staff.get(preview_url(page)).content.decode()
    staff.logout()
    assert client.get(preview_url(page)).status_code == 404


def test_admin_change_page_and_list_link_to_preview(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("editor", "e@example.com", "a-long-enough-password"))
    concert = make_concert(is_published=False)

    change = client.get(reverse("admin:concerts_concert_change", args=[concert.pk])).content.decode()
    listing = client.get(reverse("admin:concerts_concert_changelist")).content.decode()

    link = f'href="{concert.get_absolute_url()}?preview=1"'
    assert link in change and link in listing
    assert client.get(f"{concert.get_absolute_url()}?preview=1").status_code == 200


# --- Items shown on list pages: recordings, photos, press quotes -------------------------------------

@pytest.fixture(params=["recording", "photo", "quote"])
def hidden_list_item(request, content):
    from tests.factories import make_photo, make_quote, make_recording

    scheduled = {"publish_from": timezone.now() + timedelta(days=3)}
    if request.param == "recording":
        return make_recording(title="Unreleased album", slug="unreleased-album", is_published=True, **scheduled), "Unreleased album"
    if request.param == "photo":
        return make_photo(caption="Backstage in Tokyo", is_published=True, **scheduled), "Backstage in Tokyo"
    return make_quote(quote="A tone like dark honey.", **scheduled), "A tone like dark honey."


def test_preview_address_puts_the_query_before_the_fragment():
    from tests.factories import make_recording

    url = preview_url(make_recording(slug="album"))
    path, _, fragment = url.partition("#")
    assert "?preview=" in path and fragment == "album"


def test_staff_preview_a_scheduled_list_item_on_its_public_page(staff, hidden_list_item):
    item, text = hidden_list_item
    response = staff.get(preview_url(item).partition("#")[0])

    html = response.content.decode()
    assert response.status_code == 200
    assert text in html
    assert 'class="preview-banner"' in html and "Scheduled for" in html and "visitors cannot see this item" in html
    assert {"private", "no-store"} <= {d.strip() for d in response["Cache-Control"].split(",")}


def test_visitors_do_not_see_a_previewed_list_item(client, hidden_list_item):
    item, text = hidden_list_item
    response = client.get(preview_url(item).partition("#")[0])
    assert response.status_code == 200
    assert text not in response.content.decode() and "preview-banner" not in response.content.decode()


def test_admin_offers_preview_for_recordings_photos_and_quotes(editor, hidden_list_item):
    item, _text = hidden_list_item
    change = reverse(f"admin:profiles_{item._meta.model_name}_change", args=[item.pk])
    assert f'href="{preview_url(item)}"'.replace("&", "&amp;") in editor.get(change).content.decode()
