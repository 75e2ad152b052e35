"""Building e-mails: a plain-text part and an HTML part from `<name>.txt` and `<name>.html` templates.

Everything goes through Django's e-mail API (EmailMultiAlternatives and the configured EMAIL_BACKEND), so the
embedded default prints to the console, production speaks SMTP, and tests read Django's outbox or a real
SMTP server.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, mailers
from django.template.loader import render_to_string
from django.utils import translation


class HeaderInjection(ValueError):
    """A subject, name or address with a line break: it would add mail headers. Refused, never cleaned."""


def refuse_line_breaks(value):
    if any(char in value for char in "\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"):
        raise HeaderInjection(value[:80])
    return value


def build_message(*, to, subject, template, context, language=None, unsubscribe_url=None, reply_to=None,
                  headers=None, from_email=None):
    """An EmailMultiAlternatives to one recipient, rendered in `language` (the recipient's, when known).

    With `unsubscribe_url` (an absolute HTTPS or HTTP link that unsubscribes on POST), the message carries
    RFC 8058 one-click headers (`List-Unsubscribe` and `List-Unsubscribe-Post`), and the templates get the
    same link as `unsubscribe_url` to print.
    """
    refuse_line_breaks(subject)
    for address in [to, *(reply_to or [])]:
        refuse_line_breaks(address)
    context = {**context, "unsubscribe_url": unsubscribe_url, "subject": subject}
    with translation.override(language or settings.LANGUAGE_CODE):
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(f"{template}.html", context)
    all_headers = dict(headers or {})
    if unsubscribe_url:
        all_headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        all_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=from_email or settings.DEFAULT_FROM_EMAIL, to=[to],
        reply_to=reply_to, headers=all_headers,
    )
    message.attach_alternative(html, "text/html")
    return message


def open_connection():
    """One connection (one SMTP session) for a batch of messages; the caller closes it."""
    connection = mailers.default
    connection.open()
    return connection
