"""The contact form: a visitor writes to management, press or the fan-mail address (routed by topic to the
addresses in site settings). The message is stored first, then e-mailed by the task worker, retried with
backoff while mail is down; nothing is lost and every message stays visible in the admin."""
