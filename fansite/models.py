from django.utils.translation import gettext_lazy as _, pgettext_lazy
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.urls import Resolver404, resolve
from django.utils import translation

from .images.hardening import HardenedImageField
from .images.uploads import generated_name
from .page_markup import render_body_in_every_language
from .publishing import Publishable
from .slug_urls import slug_url
from .text_search import SearchDocument  # noqa: F401 (a model of this app, defined beside the search it serves)

# Paths the site (or a feature being built next to this one) already uses: a page may never take them.
RESERVED_SLUGS = frozenset({
    "about", "concerts", "venues", "photos", "press", "recordings", "search", "admin", "static", "media",
    "sitemap.xml", "robots.txt", "healthz", "preview", "language", "contact", "newsletter", "news", "alerts",
    "repertoire", "performers",
})


def share_image_path(instance, filename):
    return generated_name("share", filename)


def validate_page_slug(slug):
    if slug.lower() in RESERVED_SLUGS or slug.lower() in dict(settings.LANGUAGES):
        raise ValidationError(_("“%(slug)s” is used by the site itself; choose another address."), params={"slug": slug})
    # Anything else already routed (a future section, the admin under a custom ADMIN_URL) is refused too,
    # so a page can never shadow a real route nor be shadowed by one.
    # Both the addresses every language shares and the ones under the current language's prefix.
    for path in (f"/{slug}/", f"/{translation.get_language() or settings.LANGUAGE_CODE}/{slug}/"):
        try:
            match = resolve(path)
        except Resolver404:
            continue
        if match.url_name != "page":
            raise ValidationError(_("“%(slug)s” is used by the site itself; choose another address."), params={"slug": slug})


class Page(Publishable):
    """A small editable page such as Contact or Management, written in Markdown and shown in the menu."""

    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    slug = models.SlugField(_("slug"),
        max_length=100, unique=True, validators=[validate_page_slug],
        help_text=_("The address: /slug/. Words used by the site (about, concerts, search…) are not allowed."),
    )
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown: blank line between paragraphs, ## for a heading, [text](https://…) for a link."))
    body_html = models.TextField(_("body html"), editable=False, blank=True)
    show_in_menu = models.BooleanField(_("show in menu"), default=True)
    menu_order = models.PositiveSmallIntegerField(_("menu order"), default=0, help_text=_("Position in the menu (lowest first)."))
    menu_title = models.CharField(_("menu title"), max_length=60, blank=True, help_text=_("Shorter label for the menu; the title when empty."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)


    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["menu_order", "title", "pk"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rendered and sanitised once, on save: the template shows body_html as stored (one per language).
        render_body_in_every_language(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("page", self.slug)

    @property
    def menu_label(self):
        return self.menu_title or self.title


class SiteSettings(models.Model):
    """Site-wide values editors change in admin. One row at most; empty fields fall back to the artist's
    profile (fansite/page_frame.py decides, for every page)."""

    singleton = models.BooleanField(_("singleton"), default=True, unique=True, editable=False)
    site_title = models.CharField(_("site title"), max_length=100, blank=True, help_text=_("Empty: the artist's name."))
    tagline = models.CharField(_("tagline"), max_length=150, blank=True, help_text=_("Empty: the artist's tagline."))
    description = models.CharField(_("description"),
        max_length=300, blank=True,
        help_text=_("Default description for search engines and link previews. Empty: the artist's short biography."),
    )
    social_links = models.TextField(_("social links"),
        blank=True, help_text=_("Official profiles (streaming, video, social), one address per line. Used as sameAs.")
    )
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_booking_email = models.EmailField(
        _("booking and management address"), blank=True,
        help_text=_("Contact-form messages about booking and management go here (empty: the contact e-mail)."),
    )
    contact_press_email = models.EmailField(
        _("press address"), blank=True, help_text=_("Contact-form messages from the press (empty: the contact e-mail)."),
    )
    contact_fans_email = models.EmailField(
        _("fan mail address"), blank=True, help_text=_("Fan mail from the contact form (empty: the contact e-mail)."),
    )
    default_share_image = HardenedImageField(_("default share image"),
        upload_to=share_image_path, blank=True, help_text=_("Picture for link previews of pages without their own.")
    )
    default_share_image_alt = models.CharField(_("default share image alt"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)


    class Meta:
        verbose_name = verbose_name_plural = _("site settings")
        constraints = [models.CheckConstraint(condition=models.Q(singleton=True), name="site_settings_singleton")]

    def __str__(self):
        return str(_("Site settings"))

    @classmethod
    def load(cls):
        """The stored settings, or an unsaved object with the defaults (reading never writes)."""
        return cls.objects.first() or cls()

    @property
    def same_as(self):
        return [line.strip() for line in self.social_links.splitlines() if line.strip().startswith(("https://", "http://"))]

    def clean(self):
        validate = URLValidator(schemes=["http", "https"])
        for line in filter(None, (line.strip() for line in self.social_links.splitlines())):
            try:
                validate(line)
            except ValidationError:
                raise ValidationError({"social_links": f"“{line[:80]}” is not a web address (https://…)."})
