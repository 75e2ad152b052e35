"""The newsletter: fans subscribe with double opt-in (signed, expiring confirmation links; the consent is
recorded), editors compose in the admin, preview, send a test to themselves, then send to every confirmed
subscriber in the background, in batches, resumable, at most once per person (one `Delivery` row each)."""
