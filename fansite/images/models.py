"""The abstract model of a row that carries one hardened picture and its renditions."""

from django.utils.translation import gettext_lazy as _
from django.core.validators import MaxValueValidator
from django.db import models


class RenditionedImage(models.Model):
    """A model with one hardened image, its focal point and the record of its renditions.

    Subclasses name their image and alt-text fields in `image_field_name` and `image_alt_field_name`.
    The renditions are made after every save and the files deleted with the row, by the receivers in
    fansite/images/signals.py (connected for every subclass, whichever app it lives in).
    """

    image_field_name = "image"
    image_alt_field_name = "alt_text"

    focal_x = models.PositiveSmallIntegerField(
        _("focal point across (%)"), default=50, validators=[MaxValueValidator(100)],
        help_text=_("Where the subject is, from the left edge (0) to the right edge (100). Square and wide crops keep it in view."),
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point down (%)"), default=50, validators=[MaxValueValidator(100)],
        help_text=_("From the top edge (0) to the bottom edge (100)."),
    )
    renditions = models.JSONField(default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def image_file(self):
        return getattr(self, self.image_field_name)

    @property
    def image_alt(self):
        return getattr(self, self.image_alt_field_name)
