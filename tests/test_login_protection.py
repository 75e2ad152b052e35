"""Admin login: django-axes lockout per IP and username, the right client IP behind a proxy, no open redirect."""

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-enough-password"
LOGIN_URL = reverse("admin:login")


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Each login hashes a password; the production hasher is slow on purpose. What is tested here is the
    # lockout around the check, not the hash.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


def login(client, password, username="editor", ip="203.0.113.5", **headers):
    return client.post(
        LOGIN_URL, {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=ip, **headers,
    )


def fail(client, times, **kwargs):
    return [login(client, "wrong-password-here", **kwargs).status_code for _ in range(times)]


def logged_in(client):
    return "_auth_user_id" in client.session


def test_four_failures_do_not_lock_the_editor_out(client, editor):
    assert fail(client, 4) == [200] * 4  # the form again, with its error
    assert login(client, PASSWORD).status_code == 302 and logged_in(client)


def test_fifth_failure_locks_out_even_the_right_password(client, editor):
    assert fail(client, 5)[-1] == 429
    response = login(client, PASSWORD)
    assert response.status_code == 429 and not logged_in(client)
    assert "locked" in response.content.decode().lower()


def test_lockout_is_per_ip_and_username(client, editor, django_user_model):
    django_user_model.objects.create_superuser("other", "other@example.com", PASSWORD)
    fail(client, 5)
    # The same user from another address, and another user from the same address, still get in.
    assert login(client, PASSWORD, ip="203.0.113.99").status_code == 302
    client.logout()
    assert login(client, PASSWORD, username="other").status_code == 302


def _age_attempts(minutes):
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=minutes))


def test_lockout_ends_after_one_hour(client, editor):
    fail(client, 5)
    _age_attempts(59)
    # Still locked; and trying during the lockout starts the hour again.
    assert login(client, PASSWORD).status_code == 429
    assert AccessAttempt.objects.get().attempt_time > timezone.now() - timedelta(minutes=1)
    _age_attempts(61)
    assert login(client, PASSWORD).status_code == 302 and logged_in(client)


def test_without_trusted_proxies_a_forged_forwarded_for_is_ignored(client, editor):
    # Each attempt claims another address; the socket address is what counts.
    for n in range(5):
        login(client, "wrong-password-here", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert login(client, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.200").status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_one_proxy_the_client_address_comes_from_forwarded_for(client, editor):
    proxy = "127.0.0.1"
    fail(client, 5, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"
    # Another visitor behind the same proxy is not locked out with the first one...
    assert login(client, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.8").status_code == 302
    client.logout()
    # ...and the locked-out one cannot escape by prepending a made-up address: the proxy appends the
    # real one, and that is the one counted.
    forged = login(client, PASSWORD, ip=proxy, HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7")
    assert forged.status_code == 429


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client(client, editor):
    fail(client, 5, ip="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1, 198.51.100.7, 127.0.0.2")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"


def test_trusted_proxy_count_comes_from_the_environment():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.TRUSTED_PROXY_COUNT, s.AXES_CLIENT_IP_CALLABLE, s.SECURE_PROXY_SSL_HEADER[0])"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent, check=True, capture_output=True,
        text=True, env={**os.environ, "DJANGO_SETTINGS_MODULE": "fansite.settings", "TRUSTED_PROXY_COUNT": "2"},
    ).stdout.split()
    assert output == ["2", "fansite.proxy.client_ip", "HTTP_X_FORWARDED_PROTO"]


@pytest.mark.parametrize("target", ["https://evil.example.com/", "//evil.example.com/admin/", "https:///evil.example.com"])
def test_login_refuses_to_redirect_off_site(client, editor, target):
    response = client.post(f"{LOGIN_URL}?next={target}", {"username": "editor", "password": PASSWORD, "next": target})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:index")


def test_login_follows_an_on_site_next(client, editor):
    target = reverse("admin:concerts_concert_changelist")
    response = client.post(LOGIN_URL, {"username": "editor", "password": PASSWORD, "next": target})
    assert response["Location"] == target


def test_passwords_need_twelve_characters(editor):
    with pytest.raises(ValidationError):
        validate_password("Vn7#kq2!Lp", user=editor)
    validate_password("Vn7#kq2!Lp9&", user=editor)


def test_admin_url_is_configurable():
    code = "import django; django.setup(); from django.urls import reverse; print(reverse('admin:index'))"
    output = subprocess.run(
        [sys.executable, "-c", code], cwd=Path(__file__).resolve().parent.parent, check=True, capture_output=True,
        text=True, env={**os.environ, "DJANGO_SETTINGS_MODULE": "fansite.settings", "ADMIN_URL": "editing-room"},
    ).stdout.strip()
    assert output == "/editing-room/"


# --- Forwarded headers count only from the proxy's own address -----------------------------------------


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_a_client_reaching_the_app_directly_cannot_rotate_forwarded_for(client, editor):
    # Straight to gunicorn, not through the proxy: the header is the client's invention.
    for n in range(5):
        login(client, "wrong-password-here", ip="203.0.113.5", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}")
    assert login(client, PASSWORD, ip="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.200").status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}


@override_settings(TRUSTED_PROXY_COUNT=1, TRUSTED_PROXY_ADDRESSES=["10.0.0.0/8"])
def test_proxy_addresses_come_from_the_setting(client, editor):
    fail(client, 5, ip="10.1.2.3", HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert AccessAttempt.objects.get().ip_address == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize("forwarded", ["not-an-address", "198.51.100.7:5555", "1.2.3.4.5", "' OR 1=1", "\u0661.1.1.1"])
def test_a_malformed_forwarded_address_never_gives_500(client, editor, forwarded):
    assert login(client, "wrong-password-here", ip="127.0.0.1", HTTP_X_FORWARDED_FOR=forwarded).status_code == 200
    assert AccessAttempt.objects.get().ip_address == "127.0.0.1"


def test_forwarded_scheme_counts_only_from_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_SSL_REDIRECT = True
    through_proxy = client.get("/healthz", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_PROTO="https")
    direct = client.get("/healthz", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_PROTO="https")
    assert through_proxy.status_code == 200
    assert direct.status_code == 301 and direct["Location"].startswith("https://")


def test_gunicorn_listens_on_loopback_unless_told_otherwise(monkeypatch):
    for name in ("GUNICORN_BIND", "PORT"):
        monkeypatch.delenv(name, raising=False)
    config = {}
    exec((Path(__file__).resolve().parent.parent / "fansite/gunicorn.conf.py").read_text(), config)
    assert config["bind"] == "127.0.0.1:8000"
    monkeypatch.setenv("GUNICORN_BIND", "0.0.0.0:9000")
    exec((Path(__file__).resolve().parent.parent / "fansite/gunicorn.conf.py").read_text(), config)
    assert config["bind"] == "0.0.0.0:9000"
