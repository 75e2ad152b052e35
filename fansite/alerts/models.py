import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modeltranslation.utils import build_localized_fieldname

from concerts.models import Concert, Venue


class AlertStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Following")
    UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")


class AlertSubscription(models.Model):
    """One address and the places it follows (`everywhere`, or any of `cities` and `countries`, as the
    venues spell them). Consent is recorded as for the newsletter."""

    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=10, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.PENDING)
    everywhere = models.BooleanField(_("everywhere"), default=False)
    cities = models.JSONField(_("cities"), default=list, blank=True)
    countries = models.JSONField(_("countries"), default=list, blank=True)
    created_at = models.DateTimeField(_("first request"), auto_now_add=True)
    consent_at = models.DateTimeField(_("consent given"), null=True, blank=True)
    consent_text = models.TextField(_("consent text"), blank=True)
    consent_source = models.CharField(_("consent given on"), max_length=100, blank=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed"), null=True, blank=True)
    last_digest_at = models.DateTimeField(_("last alert sent"), null=True, blank=True)

    class Meta:
        ordering = ["email"]
        verbose_name = _("concert alert subscription")
        verbose_name_plural = _("concert alert subscriptions")

    def __str__(self):
        return self.email

    @property
    def is_confirmed(self):
        return self.status == AlertStatus.CONFIRMED

    def places_q(self, prefix="venue__"):
        """The concerts this subscription follows, as a Q on Concert. Cities are kept as the venues spell them
        in the default language (`Moscow` whichever page the fan used), and matched on that language's column
        whatever language is active (django-modeltranslation would otherwise pick the active one's);
        countries as ISO codes, as venues keep them."""
        if self.everywhere:
            return models.Q()
        city = default_language_column("city")
        return models.Q(**{f"{prefix}{city}__in": self.cities}) | models.Q(**{f"{prefix}country__in": self.countries})

    @property
    def places_label(self):
        """The places in the active language (the venues' translated names; as stored where there is none)."""
        if self.everywhere:
            return _("everywhere")
        cities, countries = (dict(choices) for choices in place_choices())
        return ", ".join([*(cities.get(city, city) for city in self.cities),
                          *(countries.get(country, country) for country in self.countries)])


def default_language_column(field):
    return build_localized_fieldname(field, settings.LANGUAGE_CODE)


def place_choices():
    """([(city, its name in the active language)], [(country code, its name in the active language)]) over
    every venue, each place once, cities keyed by their name in the default language, sorted by the name shown."""
    city_column = default_language_column("city")
    cities, countries = {}, {}
    for venue in Venue.objects.only("country", *(build_localized_fieldname("city", code)
                                                  for code, _name in settings.LANGUAGES)):
        cities[getattr(venue, city_column)] = venue.city
        countries[venue.country.code] = venue.country_name
    by_name = lambda choice: choice[1]  # noqa: E731
    return sorted(cities.items(), key=by_name), sorted(countries.items(), key=by_name)


class AlertKind(models.TextChoices):
    KNOWN = "known", _("Already public when the subscription was confirmed")
    ANNOUNCED = "announced", _("New concert")
    CHANGED = "changed", _("Changed")


class AlertEvent(models.Model):
    """What a subscriber is to be told (or was already shown) about one concert. `signature` is the concert's
    state (status, start, venue) when the event was made: a change is a different signature."""

    subscription = models.ForeignKey(AlertSubscription, on_delete=models.CASCADE, related_name="events")
    concert = models.ForeignKey(Concert, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=AlertKind.choices)
    signature = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [models.UniqueConstraint(fields=["subscription", "concert", "signature"], name="one_alert_per_state")]


def concert_signature(concert):
    return f"{concert.status}|{concert.starts_at.isoformat()}|{concert.venue_id}"
