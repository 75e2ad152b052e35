"""The editor's admin site: Django's, with a header that names the site as the page frame does, a home page
organised the way editors think of the site, and a line on what needs attention.

Installed as the default admin site by `fansite.apps.EditorAdminConfig` (in INSTALLED_APPS in place of
"django.contrib.admin"), so every `admin.register` in every app uses it.
"""

from datetime import timedelta

from django.contrib import admin
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from concerts import demo as concert_demo
from concerts.models import Concert
from profiles import demo as profile_demo
from profiles.models import ArtistProfile, Photo, PressQuote, Recording

from .models import Page
from .page_frame import site_frame

# The admin home's sections, in the order editors look for things: (title, [(app_label, model_name), …]).
EDITOR_SECTIONS = [
    (_("Concerts"), [("concerts", "concert"), ("concerts", "venue")]),
    (_("Artist"), [("profiles", "artistprofile"), ("profiles", "milestone"), ("profiles", "award"),
                   ("profiles", "pressquote")]),
    (_("Recordings"), [("profiles", "recording"), ("profiles", "mediaembed")]),
    (_("Photos"), [("profiles", "photo")]),
    (_("Pages and site settings"), [("fansite", "page"), ("fansite", "sitesettings")]),
]
# User accounts and the login-protection tables: for superusers only, and apart from the content.
ADMINISTRATION_APPS = {"auth", "axes"}
UPCOMING_DAYS = 60


class EditorSite(admin.AdminSite):
    site_title = _("Site editor")
    index_title = _("Content")
    index_template = "admin/editor_index.html"
    # The home page and the breadcrumbs lead everywhere; without the side menu a list has the whole width,
    # so status, publication and preview fit at 1280 px.
    enable_nav_sidebar = False

    def each_context(self, request):
        context = super().each_context(request)
        context["site_header"] = _("%(site)s — site editor") % {"site": site_frame().title}
        return context

    def get_app_list(self, request, app_label=None):
        """On the home page, the editor's sections first, then (superusers only) users and login
        protection; an app's own page (`app_label`) stays as Django builds it."""
        if app_label is not None:
            return super().get_app_list(request, app_label)
        apps = self._build_app_dict(request)
        models = {(label, entry["object_name"].lower()): (app, entry)
                  for label, app in apps.items() for entry in app["models"]}
        sections, shown = [], set()
        for title, keys in EDITOR_SECTIONS:
            entries = [models[key] for key in keys if key in models]
            if entries:
                shown.update(key for key in keys if key in models)
                app = entries[0][0]
                sections.append({**app, "name": title, "app_label": app["app_label"],
                                 "models": [self._editor_entry(entry) for _app, entry in entries]})
        for label, app in sorted(apps.items(), key=lambda item: item[1]["name"].lower()):
            rest = [entry for entry in app["models"] if (label, entry["object_name"].lower()) not in shown]
            if not rest or (label in ADMINISTRATION_APPS and not request.user.is_superuser):
                continue
            sections.append({**app, "models": rest})
        return sections

    def _editor_entry(self, entry):
        """The biography is one click away: the profile's entry opens the profile itself."""
        if entry["object_name"] == "ArtistProfile":
            profile = ArtistProfile.objects.current()
            if profile is not None:
                return {**entry, "name": _("Biography and portrait"),
                        "admin_url": reverse("admin:profiles_artistprofile_change", args=[profile.pk])}
        return entry

    def index(self, request, extra_context=None):
        return super().index(request, {"attention": needs_attention(), "demo_items": demo_items_left(),
                                       **(extra_context or {})})


def demo_items_left():
    """How many of the things `manage.py load_demo` made are still on the site (the concerts, the portrait,
    the recording, the illustrated photos), found by the natural keys the demo uses. The public pages never
    say what is demo content; the admin home does, while any is left. Four queries."""
    return (
        Concert.objects.filter(slug__in=[concert[0] for concert in concert_demo.CONCERTS]).count()
        + ArtistProfile.objects.filter(portrait_alt_en=profile_demo.PORTRAIT_ALT).count()
        + Recording.objects.filter(slug=profile_demo.DEMO_RECORDING["slug"]).count()
        + Photo.objects.filter(alt_text_en__in=[photo[0] for photo in profile_demo.PHOTOS]).count()
    )


def needs_attention(now=None):
    """What the editor should look at: coming concerts without a programme, drafts, and what is scheduled
    to appear in the next seven days. A fixed number of queries."""
    now = now or timezone.now()
    without_programme = list(
        Concert.objects.filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=UPCOMING_DAYS))
        .exclude(status__in=[Concert.Status.CANCELLED, Concert.Status.POSTPONED, Concert.Status.RESCHEDULED])
        .annotate(works=Count("programme")).filter(works=0).select_related("venue")[:10]
    )
    week = now + timedelta(days=7)
    drafts, scheduled = [], []
    for model in (Concert, Recording, Photo, PressQuote, Page):
        meta = model._meta
        url = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        draft_count = model.objects.drafts().count()
        if draft_count:
            drafts.append({"name": meta.verbose_name_plural, "count": draft_count, "url": f"{url}?publication=draft"})
        soon = model.objects.scheduled(now).filter(publish_from__lt=week).count()
        if soon:
            scheduled.append({"name": meta.verbose_name_plural, "count": soon, "url": f"{url}?publication=scheduled"})
    return {"without_programme": without_programme, "drafts": drafts, "scheduled": scheduled,
            "any": bool(without_programme or drafts or scheduled), "days": UPCOMING_DAYS}
