"""Every public page renders the artist's facts; unknown and unpublished things are 404."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from concerts.models import Performer

from tests.factories import (
    make_award,
    make_collaborator,
    make_concert,
    make_milestone,
    make_news_post,
    make_profile,
    make_programme,
    make_quote,
    make_recording,
    make_venue,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile():
    return make_profile()


def test_home_shows_name_bio_next_three_concerts_and_a_quote(client, profile):
    venue = make_venue(name="Great Hall", city="Moscow")
    soon = [make_concert(venue=venue, title=f"Soon {i}", starts_at=timezone.now() + timedelta(days=i + 1)) for i in range(4)]
    make_quote(quote="She could move mountains with every note.")

    response = client.get("/en/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Sébastien Kalmurzaeva" in html and "Born in Moscow to a family of musicians." in html
    assert [c.pk for c in response.context["upcoming_concerts"]] == [c.pk for c in soon[:3]]
    assert all(f">{c.title}</a>" in html for c in soon[:3]) and "Soon 3" not in html
    assert "move mountains" in html
    for name in ("profiles:about", "concerts:upcoming", "concerts:past"):
        assert f'href="{reverse(name)}"' in html


def test_home_keeps_its_recording_quote_and_news_until_a_save_or_a_scheduled_change(client, profile, settings,
                                                                                    monkeypatch, django_assert_num_queries):
    """The home page's latest recording, press quote and news are kept per content version
    (fansite/views.py, `home_extras`): a save shows at once, a post scheduled for later appears on time
    with no save, and a page in between reads none of them."""
    settings.PAGE_CACHE_SECONDS = 0  # each request renders its page
    now = timezone.now()
    make_recording(title="First album", year=2019)
    make_news_post(title="Scheduled news", publish_from=now + timedelta(hours=1))
    first = client.get("/en/").content.decode()
    assert "First album" in first and "Scheduled news" not in first
    with django_assert_num_queries(1):  # the next concerts' keys alone
        assert client.get("/en/").status_code == 200
    make_recording(title="Second album", year=2024)  # a save: a new content version
    assert "Second album" in client.get("/en/").content.decode()
    later = now + timedelta(hours=1, seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "Scheduled news" in client.get("/en/").content.decode()


def test_home_without_concerts_says_so(client, profile):
    response = client.get("/en/")
    assert "No concerts with tickets on sale at the moment." in response.content.decode()


def test_home_before_any_profile_is_404_not_500(client):
    assert client.get("/en/").status_code == 404


def test_about_lists_bio_milestones_awards_and_quotes(client, profile):
    make_milestone(title="Moscow Conservatory", period="Studies")
    make_milestone(title="Carnegie Hall", year=2019)
    make_award(year=2021)
    make_quote(quote="She could move mountains with every note.", source="The critics")

    html = client.get("/en/about/").content.decode()

    assert "<p>First paragraph.</p>" in html and "<p>Second paragraph.</p>" in html
    assert "Moscow Conservatory" in html and "Studies" in html and "2019" in html
    assert "Grammy Award" in html and "Best Classical Instrumental Album" in html
    assert "Nominated" in html and "2021" in html
    assert "move mountains" in html and "The critics" in html


def test_concert_list_row_has_date_venue_city_country_status_and_ticket_link(client):
    venue = make_venue(name="Great Hall of the Moscow Conservatory", city="Moscow", country="RU")
    make_concert(venue=venue, title="Recital", ticket_url="https://tickets.example.com/recital")
    make_concert(venue=venue, title="Full house", status="sold_out")

    html = client.get("/en/concerts/").content.decode()

    assert "Recital" in html and "Great Hall of the Moscow Conservatory, Moscow, Russia" in html
    assert "On sale" in html and "Sold out" in html
    assert 'href="https://tickets.example.com/recital"' in html


def test_concert_page_has_programme_collaborators_description_and_address(client):
    venue = make_venue(name="Carnegie Hall", address="881 Seventh Avenue", city="New York",
                       country="US", timezone="America/New_York")
    concert = make_concert(venue=venue, title="An Evening at Carnegie Hall", description="A night to remember.")
    make_programme(concert, ("Pyotr Ilyich Tchaikovsky", "Violin Concerto in D major"), ("J. S. Bach", "Partita No. 2"))
    make_collaborator(concert, "New York Orchestra", "orchestra")
    make_collaborator(concert, "A. Conductor", "conductor")

    response = client.get(concert.get_absolute_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Pyotr Ilyich Tchaikovsky") < html.index("J. S. Bach")
    assert "Violin Concerto in D major" in html
    orchestra, conductor = (Performer.objects.get(name_en=name) for name in ("New York Orchestra", "A. Conductor"))
    assert f'<a href="{orchestra.get_absolute_url()}">New York Orchestra</a>, orchestra' in html
    assert f'<a href="{conductor.get_absolute_url()}">A. Conductor</a>, conductor' in html
    assert "A night to remember." in html and "881 Seventh Avenue" in html and "New York time" in html


def test_unknown_slug_is_404_with_site_page(client):
    response = client.get("/en/concerts/no-such-concert/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_unpublished_concert_is_404_and_absent_from_lists(client):
    concert = make_concert(title="Secret draft", is_published=False)
    assert client.get(concert.get_absolute_url()).status_code == 404
    assert "Secret draft" not in client.get("/en/concerts/").content.decode()


def test_404_page_uses_site_layout(client):
    make_profile()  # the frame names the site after the artist
    html = client.get("/no/such/page/").content.decode()
    assert 'class="skip-link"' in html and "Sébastien Kalmurzaeva" in html


def test_500_page_renders_in_site_look_without_request_context(rf):
    from fansite.errors import server_error

    response = server_error(rf.get("/en/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html and 'class="skip-link"' in html
