"""News posts: publishable like everything else; list, detail, Atom feed, sitemap, search, the home page, and
a newsletter that names a post."""

from datetime import timedelta
from xml.etree import ElementTree

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_news_post, make_profile

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


def test_list_and_detail_show_published_posts_only(client):
    post = make_news_post(title="New recording announced", body="## Details\n\nOut in **May**.<script>alert(1)</script>")
    draft = make_news_post(title="Draft news", is_published=False)
    later = make_news_post(title="Scheduled news", publish_from=timezone.now() + timedelta(days=1))
    listing = client.get(reverse("news:list")).content.decode()
    assert "New recording announced" in listing and "Draft news" not in listing and "Scheduled news" not in listing
    detail = client.get(post.get_absolute_url())
    html = detail.content.decode()
    assert detail.status_code == 200 and "<strong>May</strong>" in html and "<script>alert" not in html
    assert html.count("<h1") == 1
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(later.get_absolute_url()).status_code == 404


def test_editors_preview_a_draft(editor):
    draft = make_news_post(title="Draft news", is_published=False)
    assert editor.get(draft.get_absolute_url() + "?preview=1").status_code == 200


def test_atom_feed_lists_published_posts(client):
    make_profile()
    make_news_post(title="Tour announced", summary="Ten cities.")
    make_news_post(title="Hidden", is_published=False)
    response = client.get(reverse("news:feed"))
    feed = ElementTree.fromstring(response.content)
    assert response["Content-Type"].startswith("application/atom+xml")
    assert [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")] == ["Tour announced"]


def test_sitemap_search_and_home(client):
    make_profile()
    post = make_news_post(title="Grammy nomination", summary="Best Classical Instrumental Album.")
    assert "http://127.0.0.1:8000/sitemap-news.xml" in client.get("/sitemap.xml").content.decode()
    assert f"http://127.0.0.1:8000{post.get_absolute_url()}" in client.get("/sitemap-news.xml").content.decode()
    assert "Grammy nomination" in client.get("/en/search/?q=grammy").content.decode()
    home = client.get("/en/").content.decode()
    assert "Grammy nomination" in home and 'href="/en/news/"' in home


def test_news_list_costs_a_constant_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(30):
        make_news_post()
    with django_assert_max_num_queries(6):
        assert client.get(reverse("news:list")).status_code == 200


def test_a_newsletter_can_carry_a_news_post(smtp_server, run_tasks):
    from fansite.newsletter.models import Newsletter, Subscriber, SubscriberStatus
    from fansite.newsletter.services import newsletter_start

    Subscriber.objects.create(email="fan@example.net", status=SubscriberStatus.CONFIRMED)
    post = make_news_post(title="Tour announced", summary="Ten cities.")
    newsletter_start(newsletter=Newsletter.objects.create(subject="News", body="Hello.", news_post=post))
    run_tasks()
    [(_, message)] = smtp_server.messages
    assert f"http://127.0.0.1:8000{post.get_absolute_url()}" in message.get_body(("html",)).get_content()
    assert "Ten cities." in message.get_body(("plain",)).get_content()


def test_an_editor_makes_a_newsletter_of_a_post(editor):
    from fansite.newsletter.models import Newsletter

    post = make_news_post(title="Tour announced", summary="Ten cities.")
    response = editor.post(reverse("admin:news_newspost_changelist"),
                           {"action": "newsletter_from_news_post", "_selected_action": [post.pk]})
    newsletter = Newsletter.objects.get()
    assert (newsletter.subject, newsletter.news_post, newsletter.is_draft) == ("Tour announced", post, True)
    assert response["Location"] == reverse("admin:newsletter_newsletter_change", args=[newsletter.pk])
