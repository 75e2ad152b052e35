"""Atom feed of upcoming concerts, parsed as XML, and its <link rel="alternate"> on every page."""

from datetime import timedelta

import feedparser
import html5lib
import pytest
from django.conf import settings
from django.utils import timezone

from concerts.models import Concert
from tests.factories import make_concert, make_profile, make_venue, reschedule
from tests.parsing import ATOM, atom_entries

pytestmark = pytest.mark.django_db


def get_feed(client):
    response = client.get("/concerts/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return atom_entries(response.content)


def test_feed_lists_upcoming_published_concerts_soonest_first(client):
    make_profile()  # the feed is named after the artist
    now = timezone.now()
    venue = make_venue(name="Carnegie Hall", city="New York", country="US", timezone="America/New_York")
    later = make_concert(venue=venue, title="Later", starts_at=now + timedelta(days=20))
    sooner = make_concert(venue=venue, title="Sooner", starts_at=now + timedelta(days=2))
    make_concert(title="Past", starts_at=now - timedelta(days=2))
    make_concert(title="Draft", is_published=False)

    root, entries = get_feed(client)

    assert root.find(f"{ATOM}title").text == "Sébastien Kalmurzaeva — upcoming concerts"
    titles = [entry.find(f"{ATOM}title").text for entry in entries]
    assert len(titles) == 2 and titles[0].startswith("Sooner, ") and titles[1].startswith("Later, ")
    assert titles[0].endswith(", New York")
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href") == f"{settings.SITE_URL}{sooner.get_absolute_url()}"
    assert first.find(f"{ATOM}id").text == f"tag:127.0.0.1,2026:concert-{sooner.pk}"
    summary = first.find(f"{ATOM}summary").text
    assert "New York time" in summary and "Carnegie Hall, New York, United States" in summary
    assert first.find(f"{ATOM}updated").text
    assert entries[1].find(f"{ATOM}link").get("href") == f"{settings.SITE_URL}{later.get_absolute_url()}"


def test_feed_states_status_in_words(client):
    make_concert(title="Off", status=Concert.Status.CANCELLED)
    old, new = make_concert(title="Moved"), make_concert(title="New date", starts_at=timezone.now() + timedelta(days=90))
    reschedule(old, new)
    _, entries = get_feed(client)
    by_title = {e.find(f"{ATOM}title").text.split(",")[0]: e for e in entries}
    assert by_title["Off"].find(f"{ATOM}title").text.endswith("(Cancelled)")
    assert "Status: Cancelled" in by_title["Off"].find(f"{ATOM}summary").text
    assert "New date:" in by_title["Moved"].find(f"{ATOM}summary").text


def test_markup_in_content_is_escaped_text(client):
    make_concert(title="<b>Bold</b> & more")
    response = client.get("/concerts/feed/")
    _, entries = atom_entries(response.content)  # still well-formed XML
    assert entries[0].find(f"{ATOM}title").text.startswith("<b>Bold</b> & more")


@pytest.mark.parametrize("url", ["/en/", "/en/about/", "/en/concerts/", "/en/concerts/past/", "CONCERT", "/no/such/page/"])
def test_every_page_links_the_feed_and_calendar_in_head(client, url):
    make_profile()
    concert = make_concert(slug="evening")
    html = client.get(concert.get_absolute_url() if url == "CONCERT" else url).content.decode()
    head = html.split("</head>")[0]
    assert '<link rel="alternate" type="application/atom+xml" title="Upcoming concerts (Atom feed)" href="/en/concerts/feed/">' in head
    assert 'type="text/calendar"' in head and 'href="/en/concerts/calendar.ics"' in head


@pytest.mark.parametrize("count", [3, 300])
def test_feed_query_count_is_constant(client, django_assert_max_num_queries, count):
    venue = make_venue()
    now = timezone.now()
    Concert.objects.bulk_create(
        Concert(title=f"C{i}", slug=f"c-{i}", venue=venue, is_published=True, starts_at=now + timedelta(days=i + 1))
        for i in range(count)
    )
    # A moved concert and its new date: an entry reads the new date's start and venue, in the same query.
    reschedule(Concert.objects.get(slug="c-0"), Concert.objects.get(slug="c-1"))
    with django_assert_max_num_queries(1):  # the concerts with their venues and new dates (`for_entries`)
        _, entries = get_feed(client)
    assert len(entries) == min(count, 100)
    assert any("New date:" in entry.find(f"{ATOM}summary").text for entry in entries)


def test_summary_is_html_in_which_an_editors_markup_stays_text(client):
    # <summary type="html"> is read as markup by feed readers: what the editor typed must be escaped in it.
    attack = '"><img src=x onerror=alert(1)>'
    make_concert(title=f"Recital {attack}", description=f"Bring friends {attack}\nSecond line")
    _, entries = get_feed(client)
    summary = entries[0].find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    fragment = html5lib.parseFragment(summary.text, namespaceHTMLElements=False)
    assert fragment.find(".//img") is None
    assert attack in "".join(fragment.itertext())
    assert len(fragment.findall("br")) >= 4  # one line per fact, the description's own lines kept


def test_feed_has_an_author_and_reads_cleanly_in_a_feed_reader(client):
    make_profile()
    make_concert(title="Spring recital")
    response = client.get("/concerts/feed/")
    root, entries = atom_entries(response.content)
    assert root.find(f"{ATOM}author/{ATOM}name").text == "Sébastien Kalmurzaeva"  # RFC 4287 4.1.1
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.author == "Sébastien Kalmurzaeva"
    entry = parsed.entries[0]
    assert entry.title.startswith("Spring recital") and entry.id and entry.updated and entry.link


def test_feed_addresses_follow_site_url_not_the_host(client, settings):
    settings.ALLOWED_HOSTS = ["internal-proxy.local"]
    make_concert()
    content = client.get("/en/concerts/feed/", HTTP_HOST="internal-proxy.local").content
    root, entries = atom_entries(content)
    assert b"internal-proxy" not in content
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{settings.SITE_URL}/en/concerts/feed/"
    assert entries[0].find(f"{ATOM}link").get("href").startswith(settings.SITE_URL + "/en/concerts/")
