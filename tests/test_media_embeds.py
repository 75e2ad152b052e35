"""Video and audio: click-to-load, so no request reaches YouTube or Vimeo until the visitor asks."""

import html5lib
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from profiles.media import parse_media_url
from profiles.models import MediaEmbed
from tests.factories import make_media, make_profile, make_recording

URL = reverse("profiles:recordings")


@pytest.mark.parametrize("url,provider,link,embed_src", [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10", "YouTube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"),
    ("https://youtu.be/dQw4w9WgXcQ", "YouTube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"),
    ("https://www.youtube.com/shorts/dQw4w9WgXcQ", "YouTube", "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
     "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"),
    ("https://vimeo.com/76979871", "Vimeo", "https://vimeo.com/76979871",
     "https://player.vimeo.com/video/76979871?autoplay=1&dnt=1"),
    ("https://media.example.com/recital/track-1.MP3", "audio", "https://media.example.com/recital/track-1.MP3", ""),
])
def test_supported_links(url, provider, link, embed_src):
    embed = parse_media_url(url)
    assert (embed.provider, embed.link, embed.embed_src) == (provider, link, embed_src)


@pytest.mark.parametrize("url", [
    "https://example.com/video", "https://www.youtube.com/watch?v=short", "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
    "javascript:alert(1)//youtu.be/dQw4w9WgXcQ", "http://media.example.com/a.mp3", "https://vimeo.com/channels/staffpicks",
    "https://[::1", "",
])
def test_unsupported_links_are_refused(url):
    assert parse_media_url(url) is None


@pytest.mark.django_db
def test_model_validation_explains_what_links_work():
    with pytest.raises(ValidationError) as caught:
        MediaEmbed(title="Clip", url="https://example.com/video").full_clean()
    assert "YouTube or Vimeo" in str(caught.value.message_dict["url"])


@pytest.mark.django_db
def test_page_holds_only_links_until_clicked(client):
    make_profile()
    recording = make_recording()
    make_media(title="Live at the Conservatory", url="https://youtu.be/dQw4w9WgXcQ", recording=recording)
    make_media(title="Interview", url="https://vimeo.com/76979871")
    make_media(title="Radio excerpt", url="https://media.example.com/excerpt.mp3")

    html = client.get(URL).content.decode()
    document = html5lib.parse(html, namespaceHTMLElements=False)

    assert not list(document.iter("iframe"))
    # Nothing on the page loads from a third party by itself: only links, data attributes and preload="none" audio.
    for element in document.iter():
        for attribute in ("src", "poster", "srcset"):
            value = element.get(attribute) or ""
            assert "youtube" not in value and "vimeo" not in value and "ytimg" not in value, element.tag
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in html
    assert 'data-embed-src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&amp;rel=0"' in html
    audio = next(document.iter("audio"))
    assert audio.get("preload") == "none" and audio.get("controls") is not None
    assert "Videos and audio" in html and "Interview" in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_click_to_load_in_a_real_browser(live_server, page):
    make_profile()
    make_media(title="Live at the Conservatory", url="https://youtu.be/dQw4w9WgXcQ", recording=make_recording())
    outside = []

    def block_outside(route):  # nothing leaves this machine; we only record what the page asked for
        outside.append(route.request.url)
        route.abort()

    page.route(lambda url: not url.startswith(live_server.url), block_outside)
    page.goto(live_server.url + URL, wait_until="networkidle")
    assert outside == []
    button = page.get_by_role("button", name="Play “Live at the Conservatory” here (loads YouTube)")
    button.click()
    iframe = page.locator("iframe.media-embed__iframe")
    assert iframe.get_attribute("src") == "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1&rel=0"
    assert iframe.get_attribute("title") == "Live at the Conservatory"
    page.wait_for_timeout(300)
    assert outside and all(u.startswith("https://www.youtube-nocookie.com/") for u in outside)
