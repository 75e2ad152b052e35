"""Concert alerts: a fan follows the artist everywhere or in chosen cities or countries (double opt-in) and
gets at most one e-mail a day: the concerts newly public there, and the changes (cancelled, postponed, moved)
of concerts they were told about, each with its local time and zone and its "Add to calendar" link.

It depends on concerts, so it sits above them (with the newsletter), never below."""
