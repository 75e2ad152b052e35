"""The mail pipeline and the guards of visitors' forms, shared by contact, newsletter and alerts.

- `messages.py`: one way to build an e-mail (plain text and HTML from two templates, optional RFC 8058
  one-click unsubscribe headers) through Django's e-mail API, whatever EMAIL_BACKEND is configured.
- `tokens.py`: signed, expiring links (confirm, unsubscribe, manage) that never name a database id.
- `guard.py`: honeypot, minimum fill time, rate limits, newline refusal and the same-origin check that
  stands in for the CSRF token on cacheable public forms.
"""
