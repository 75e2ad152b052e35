"""Mail settings come from Django's own variable names; the embedded default prints mail; the demo routes the
contact form to example.org addresses."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

from fansite.mailing.messages import HeaderInjection, build_message

ROOT = Path(__file__).resolve().parent.parent
READ = "import django, json; django.setup(); from django.conf import settings; print(json.dumps(settings.MAILERS))"


def mailers_with(**variables):
    env = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")} | variables
    output = subprocess.run([sys.executable, "-c", READ], cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "fansite.settings"},
                            capture_output=True, text=True, check=True).stdout
    return json.loads(output)["default"]


def test_embedded_default_prints_mail_to_the_console():
    assert mailers_with()["BACKEND"] == "django.core.mail.backends.console.EmailBackend"


def test_a_mail_folder_when_asked(tmp_path):
    mailer = mailers_with(EMAIL_FILE_PATH=str(tmp_path))
    assert mailer == {"BACKEND": "django.core.mail.backends.filebased.EmailBackend", "OPTIONS": {"file_path": str(tmp_path)}}


def test_smtp_from_djangos_variable_names():
    mailer = mailers_with(EMAIL_HOST="smtp.example.org", EMAIL_HOST_USER="fans", EMAIL_HOST_PASSWORD="secret",
                          EMAIL_USE_TLS="1")
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] | {"timeout": 0} == {"host": "smtp.example.org", "port": 587, "username": "fans",
                                                 "password": "secret", "use_tls": True, "use_ssl": False, "timeout": 0}


def test_messages_have_text_and_html_parts_and_one_click_unsubscribe_headers(db):
    message = build_message(to="fan@example.net", subject="Hello", template="contact/email/message",
                            context={"message": None}, unsubscribe_url="https://fans.example.org/u/abc/")
    assert message.alternatives[0].mimetype == "text/html"
    assert message.extra_headers["List-Unsubscribe"] == "<https://fans.example.org/u/abc/>"
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


@pytest.mark.parametrize("field", ["subject", "to"])
def test_line_breaks_in_headers_are_refused(field):
    values = {"to": "fan@example.net", "subject": "Hello", field: "x@example.net\r\nBcc: victim@example.com"}
    with pytest.raises(HeaderInjection):
        build_message(template="contact/email/message", context={}, **values)


def test_demo_sets_example_org_contact_addresses_once(db):
    from fansite.models import SiteSettings

    call_command("load_demo", stdout=io.StringIO())
    settings = SiteSettings.load()
    addresses = [settings.contact_email, settings.contact_booking_email, settings.contact_press_email, settings.contact_fans_email]
    assert all(address.endswith("@example.org") for address in addresses)
    settings.contact_press_email = "press@agency.example.com"
    settings.save()
    call_command("load_demo", stdout=io.StringIO())
    assert SiteSettings.load().contact_press_email == "press@agency.example.com"
