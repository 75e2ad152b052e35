"""Draft / scheduled / published: decided by the clock inside the query, for every Publishable model."""

import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from concerts.models import Concert
from fansite.models import Page
from fansite.news.models import NewsPost
from fansite.publishing import PublicationState, next_publication_change, publishable_models
from profiles.models import Photo, PressQuote, Recording
from tests.factories import make_concert, make_news_post, make_page, make_photo, make_profile, make_quote, make_recording

pytestmark = pytest.mark.django_db

FACTORIES = {Concert: make_concert, Recording: make_recording, Photo: make_photo, PressQuote: make_quote, Page: make_page,
             NewsPost: make_news_post}
SECOND = timedelta(seconds=1)


def test_the_publishable_models_are_the_editorial_content():
    assert set(publishable_models()) == set(FACTORIES)


@pytest.mark.parametrize("model", FACTORIES, ids=lambda m: m.__name__)
def test_scheduled_item_is_invisible_one_second_before_and_visible_from_its_time(model):
    due = timezone.now() + timedelta(days=3)
    item = FACTORIES[model](publish_from=due)

    assert item not in model.objects.published(now=due - SECOND)
    assert item in model.objects.published(now=due)
    assert item in model.objects.published(now=due + SECOND)
    assert item.publication_state(now=due - SECOND) == PublicationState.SCHEDULED


@pytest.mark.parametrize("model", FACTORIES, ids=lambda m: m.__name__)
def test_item_disappears_at_publish_until(model):
    start = timezone.now() - timedelta(days=1)
    end = timezone.now() + timedelta(days=1)
    item = FACTORIES[model](publish_from=start, publish_until=end)

    assert item in model.objects.published(now=end - SECOND)
    assert item not in model.objects.published(now=end)
    assert item.publication_state(now=end) == PublicationState.EXPIRED


@pytest.mark.parametrize("model", FACTORIES, ids=lambda m: m.__name__)
def test_draft_is_never_visible_whatever_its_dates(model):
    item = FACTORIES[model](is_published=False, publish_from=timezone.now() - timedelta(days=10))
    assert item not in model.objects.published()
    assert item not in model.objects.published(now=timezone.now() + timedelta(days=1000))
    assert item.publication_state() == PublicationState.DRAFT


def test_scheduled_concert_appears_on_the_public_site_when_due_without_anything_running(client):
    concert = make_concert(title="Scheduled recital", publish_from=timezone.now() + timedelta(seconds=1.5))

    assert "Scheduled recital" not in client.get("/en/concerts/").content.decode()
    assert client.get(concert.get_absolute_url()).status_code == 404

    time.sleep(1.6)

    assert "Scheduled recital" in client.get("/en/concerts/").content.decode()
    assert client.get(concert.get_absolute_url()).status_code == 200


def test_concert_published_a_second_ago_is_visible(client):
    concert = make_concert(title="Just out", publish_from=timezone.now() - SECOND)
    assert client.get(concert.get_absolute_url()).status_code == 200
    assert "Just out" in client.get("/en/concerts/").content.decode()


def test_expired_concert_leaves_lists_and_page(client):
    concert = make_concert(title="Withdrawn", publish_until=timezone.now() - SECOND,
                           publish_from=timezone.now() - timedelta(days=2))
    assert client.get(concert.get_absolute_url()).status_code == 404
    assert "Withdrawn" not in client.get("/en/concerts/").content.decode()


def test_scheduled_press_quote_is_not_on_home_or_about_until_due(client):
    make_profile()
    make_quote(quote="A quote for tomorrow.", publish_from=timezone.now() + timedelta(days=1))
    for url in ("/", "/en/about/"):
        assert "A quote for tomorrow." not in client.get(url).content.decode()


def test_empty_publish_from_means_now():
    before = timezone.now()
    quote = PressQuote(quote="Q", source="S", is_published=True, publish_from=None)
    quote.full_clean()
    quote.save()
    assert before <= quote.publish_from <= timezone.now()
    assert quote in PressQuote.objects.published()


def test_publish_until_before_publish_from_is_refused():
    now = timezone.now()
    quote = PressQuote(quote="Q", source="S", is_published=True, publish_from=now, publish_until=now - SECOND)
    with pytest.raises(ValidationError) as error:
        quote.full_clean()
    assert "publish_until" in error.value.message_dict


def test_concert_queryset_keeps_published_with_its_own_methods():
    now = timezone.now()
    visible = make_concert(starts_at=now + timedelta(days=1))
    make_concert(starts_at=now + timedelta(days=2), publish_from=now + timedelta(hours=1))
    assert list(Concert.objects.published().upcoming().for_listing()) == [visible]


# --- next_publication_change: how long a cache may keep a page ------------------------------------

def test_next_publication_change_is_the_nearest_future_boundary_across_models():
    now = timezone.now()
    make_concert(publish_from=now + timedelta(hours=5))
    make_recording(publish_from=now - timedelta(days=1), publish_until=now + timedelta(hours=2))
    make_photo(publish_from=now + timedelta(hours=3))
    make_page(is_published=False, publish_from=now + timedelta(minutes=1))  # drafts do not count
    make_quote(publish_from=now - timedelta(days=1))  # already public: no future change

    assert next_publication_change(now=now) == now + timedelta(hours=2)
    assert next_publication_change(now=now + timedelta(hours=2)) == now + timedelta(hours=3)
    assert next_publication_change(now=now + timedelta(hours=6)) is None


@pytest.mark.parametrize("count", [1, 40])
def test_next_publication_change_costs_one_query_per_model(django_assert_num_queries, count):
    now = timezone.now()
    for i in range(count):
        make_concert(publish_from=now + timedelta(hours=i + 1))
    with django_assert_num_queries(len(FACTORIES)):
        assert next_publication_change(now=now) == now + timedelta(hours=1)


# --- Admin ------------------------------------------------------------------------------------

def test_admin_lists_show_draft_scheduled_and_published_in_words(editor):
    make_concert(title="Live one")
    make_concert(title="Draft one", is_published=False)
    make_concert(title="Later one", publish_from=timezone.now() + timedelta(days=2))

    html = editor.get(reverse("admin:concerts_concert_changelist")).content.decode()

    assert "Published" in html and "Draft" in html and "Scheduled for" in html


@pytest.mark.parametrize("state,expected", [("scheduled", {"Later one"}), ("draft", {"Draft one"}), ("published", {"Live one"})])
def test_admin_publication_filter(editor, state, expected):
    make_concert(title="Live one")
    make_concert(title="Draft one", is_published=False)
    make_concert(title="Later one", publish_from=timezone.now() + timedelta(days=2))

    response = editor.get(reverse("admin:concerts_concert_changelist"), {"publication": state})

    assert {c.title for c in response.context["cl"].result_list} == expected


@pytest.mark.parametrize("model", [Recording, Photo, PressQuote, Page], ids=lambda m: m.__name__)
def test_admin_changelists_show_publication_state(editor, model):
    FACTORIES[model](publish_from=timezone.now() + timedelta(days=1))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert "Scheduled for" in editor.get(url).content.decode()


def test_award_does_not_name_an_unpublished_recording(client):
    from tests.factories import make_award

    make_profile()
    make_award(recording=make_recording(title="Unannounced album", is_published=False))
    make_award(name="Other award", recording=make_recording(title="Announced album"))
    html = client.get("/en/about/").content.decode()
    assert "Unannounced album" not in html and "Announced album" in html


@pytest.mark.parametrize("state", list(PublicationState))
def test_admin_list_filters_by_publication_state(editor, state):
    now = timezone.now()
    concerts = {
        PublicationState.DRAFT: make_concert(title="A draft", is_published=False),
        PublicationState.SCHEDULED: make_concert(title="A scheduled one", publish_from=now + timedelta(days=1)),
        PublicationState.PUBLISHED: make_concert(title="A published one"),
        PublicationState.EXPIRED: make_concert(title="An expired one", publish_until=now - timedelta(days=1)),
    }
    assert {s: c.publication_state() for s, c in concerts.items()} == {s: s for s in concerts}
    response = editor.get(reverse("admin:concerts_concert_changelist"), {"publication": state.value})
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [concerts[state]]
