"""Every visitor's form (contact, newsletter, concert alerts) refuses robots, stale or forged pages, posts made
by other sites and floods with a clear answer, never a 500, and stores nothing then."""

import time

import pytest
from django.core import signing

from fansite.alerts.models import AlertSubscription
from fansite.contact.models import ContactMessage
from fansite.mailing.guard import STAMP_SALT
from fansite.newsletter.models import Subscriber
from tests.factories import make_venue

pytestmark = pytest.mark.django_db

FORMS = {
    "/en/contact/": {"topic": "fans", "name": "Anna", "subject": "Bravo", "message": "Thank you for the concert!"},
    "/en/newsletter/": {"consent": "on"},
    "/en/alerts/": {"where": "everywhere", "consent": "on"},
}


def stored():
    return ContactMessage.objects.count() + Subscriber.objects.count() + AlertSubscription.objects.count()


def post(client, url, seconds_ago=30, **overrides):
    data = {"email": "fan@example.net", "website": "", "stamp": signing.dumps(time.time() - seconds_ago, salt=STAMP_SALT),
            **FORMS[url], **overrides}
    return client.post(url, data, headers=overrides.pop("headers", {}))


@pytest.fixture(autouse=True)
def venue(db):
    return make_venue(city="Moscow", country="RU")


@pytest.mark.parametrize("url", FORMS)
def test_a_good_submission_is_accepted(client, url):
    assert post(client, url).status_code == 302 and stored() == 1


@pytest.mark.parametrize("url", FORMS)
@pytest.mark.parametrize("overrides, answer", [
    ({"website": "http://spam.example"}, "leave the last field empty"),
    ({"seconds_ago": 0}, "very quick"),
    ({"stamp": "forged"}, "could not be checked"),
    ({"email": "a@example.net\r\nBcc: b@example.net"}, "valid email address"),
    ({"email": "x" * 250 + "@example.net"}, "at most 254 characters"),
])
def test_bad_submissions_get_a_clear_error(client, url, overrides, answer):
    response = post(client, url, **overrides)
    assert response.status_code == 200 and answer in response.content.decode().replace("&#x27;", "'")
    assert stored() == 0


@pytest.mark.parametrize("url", FORMS)
def test_posts_from_other_sites_and_floods_are_refused(client, url, settings):
    assert client.post(url, {}, headers={"Sec-Fetch-Site": "cross-site"}).status_code == 403
    settings.FORM_RATE_PER_ADDRESS = "1/3600"
    assert post(client, url).status_code == 302
    assert post(client, url).status_code == 429
    assert stored() == 1
