from django.db import models
from django.utils.translation import gettext_lazy as _, pgettext_lazy

from ..images.hardening import HardenedImageField
from ..images.models import RenditionedImage
from ..images.uploads import generated_name
from ..page_markup import render_body_in_every_language
from ..publishing import Publishable
from ..slug_urls import slug_url


def news_image_path(instance, filename):
    return generated_name("news", filename)


class NewsPost(Publishable, RenditionedImage):
    """A news post. Its date is the moment it goes public (`publish_from`), so a scheduled post is dated
    when visitors first see it."""

    # What its search document holds, in every language (fansite/text_search.py).
    search_document_fields = ("title", "summary", "body")

    title = models.CharField(pgettext_lazy("heading", "title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=100, unique=True, help_text=_("The address: /news/slug/."))
    summary = models.CharField(_("summary"), max_length=300, blank=True,
                               help_text=_("One or two sentences for lists, feeds and link previews."))
    body = models.TextField(_("text"), help_text=_("Markdown: blank line between paragraphs, ## for a heading, [text](https://…) for a link."))
    body_html = models.TextField(editable=False, blank=True)
    image = HardenedImageField(_("picture"), upload_to=news_image_path, blank=True)
    image_alt = models.CharField(_("picture description"), max_length=300, blank=True)
    image_alt_field_name = "image_alt"
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-publish_from", "-pk"]
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Rendered and sanitised once, on save, in every language (the edit history: fansite/news/translation.py).
        render_body_in_every_language(self)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("news:detail", self.slug)

    @property
    def date(self):
        return self.publish_from
