from django.conf import settings
from django.http import Http404
from django.db.models import Q
from django.views.generic import DetailView, ListView, TemplateView

from fansite.publishing import PreviewInListMixin, PublishedOrPreviewMixin
from fansite.seo import share_image

from .models import ArtistProfile, Award, MediaEmbed, Milestone, Photo, PressQuote, Recording
from .structured_data import discography, person


class ProfileMixin:
    """Pages about the artist need the profile; without one the site has nothing to show yet."""

    def read_profile(self):
        """The profile as this page needs it (or None); a page may take it from elsewhere (the home page:
        the page frame, which already holds what it shows)."""
        return ArtistProfile.objects.current()

    def get_profile(self):
        profile = self.read_profile()
        if profile is None:
            raise Http404("The artist profile has not been written yet.")
        return profile

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profile = context["profile"]
        # Link previews of pages about the artist show her portrait (else base.html uses the site's default).
        context.setdefault("share_image", share_image((profile.portrait, profile.portrait_alt)))
        context.setdefault("og_type", "profile")
        return context


class AboutView(PreviewInListMixin, ProfileMixin, TemplateView):
    template_name = "profiles/about.html"
    query_parameters = ()  # what the page cache keys on (fansite/page_cache.py)

    def get_context_data(self, **kwargs):
        profile = self.get_profile()
        awards = list(Award.objects.select_related("recording"))
        return super().get_context_data(
            profile=profile,
            milestones=Milestone.objects.all(),
            awards=awards,
            press_quotes=self.published_with_preview(PressQuote.objects.all()),
            structured_data=person(profile, awards, same_as=self.request.site_frame.same_as),
            **kwargs,
        )


class GalleryView(PreviewInListMixin, ListView):
    """All photos with caption, credit and copyright; renditions come from each row, so two queries a page."""

    template_name = "profiles/photos.html"
    query_parameters = ("page",)  # what the page cache keys on (fansite/page_cache.py)
    context_object_name = "photos"
    paginate_by = settings.PHOTOS_PER_PAGE

    def get_queryset(self):
        return self.published_with_preview(Photo.objects.all())


class PhotoView(PublishedOrPreviewMixin, DetailView):
    """One photo enlarged, with its caption, credit and rights, and the previous and next published photos
    in the gallery's order: a page per photo, so enlarging needs no script. Three queries."""

    template_name = "profiles/photo.html"
    query_parameters = ()  # ?preview=1 counts for staff only, who are never served from the page cache
    context_object_name = "photo"
    model = Photo

    def get_context_data(self, **kwargs):
        photo = self.object
        published = Photo.objects.published()
        before = Q(order__lt=photo.order) | Q(order=photo.order, pk__lt=photo.pk)
        after = Q(order__gt=photo.order) | Q(order=photo.order, pk__gt=photo.pk)
        return super().get_context_data(
            previous_photo=published.filter(before).order_by("-order", "-pk").first(),
            next_photo=published.filter(after).order_by("order", "pk").first(),
            share_image=share_image((photo.image, photo.alt_text)),
            **kwargs,
        )


class PressKitView(PreviewInListMixin, ProfileMixin, TemplateView):
    template_name = "profiles/press.html"
    query_parameters = ()  # what the page cache keys on (fansite/page_cache.py)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            profile=self.get_profile(),
            photos=self.published_with_preview(Photo.objects.filter(in_press_kit=True)),
            press_quotes=self.published_with_preview(PressQuote.objects.featured_first()),
            **kwargs,
        )


class DiscographyView(PreviewInListMixin, ProfileMixin, TemplateView):
    template_name = "profiles/recordings.html"
    query_parameters = ()  # what the page cache keys on (fansite/page_cache.py)

    def get_context_data(self, **kwargs):
        profile = self.get_profile()
        recordings = list(self.published_with_preview(Recording.objects.for_discography()))
        return super().get_context_data(
            profile=profile,
            recordings=recordings,
            other_media=MediaEmbed.objects.filter(recording__isnull=True),
            structured_data=discography(recordings, profile.name) if recordings else "",
            **kwargs,
        )
