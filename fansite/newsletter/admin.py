"""Editors: subscribers, newsletters (preview, test, send, progress) and each person's deliveries. Export and
erasure of one person's data, across every app, are added by fansite/privacy.py."""

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..news.admin import NewsPostAdmin
from ..translated_admin import TranslatedAdmin
from .models import Delivery, Newsletter, NewsletterStatus, Subscriber
from .services import build_preview, newsletter_send_test, newsletter_start
from .tasks import delivery_counts


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "language", "consent_at", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", "language"]
    search_fields = ["email"]
    readonly_fields = ["email", "status", "language", "created_at", "consent_at", "consent_text", "consent_source",
                       "confirmed_at", "unsubscribed_at"]

    def has_add_permission(self, request):
        return False  # people subscribe themselves (double opt-in); nobody is added for them


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Whether each newsletter went out to each person: read-only."""

    list_display = ["newsletter", "subscriber", "status", "attempted_at", "sent_at"]
    list_filter = ["status", "newsletter"]
    search_fields = ["subscriber__email"]
    list_select_related = ["newsletter", "subscriber"]
    readonly_fields = ["newsletter", "subscriber", "status", "attempted_at", "sent_at", "error"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Newsletter)
class NewsletterAdmin(TranslatedAdmin):
    list_display = ["subject", "status", "created_at", "progress"]
    readonly_fields = ["status", "send_started_at", "sent_at", "progress", "preview_link"]
    autocomplete_fields = ["news_post"]
    fields = ["subject", "body", "news_post", "include_concerts", "preview_link", "status", "progress", "send_started_at", "sent_at"]
    actions = ["send_test_to_me", "send_to_subscribers"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not obj.is_draft:  # what went out stays as it was, in every language
            return [*self.readonly_fields, *self.replace_orig_field(["subject", "body"]), "news_post", "include_concerts"]
        return self.readonly_fields

    @admin.display(description=_("Progress"))
    def progress(self, obj):
        if obj is None or obj.pk is None or obj.is_draft:
            return _("Not sent yet")
        counts = delivery_counts(obj)
        total = sum(counts.values())
        return _("%(sent)d of %(total)d sent, %(waiting)d waiting, %(failed)d refused, %(uncertain)d interrupted, %(skipped)d skipped") % {
            "sent": counts["sent"], "total": total, "waiting": counts["pending"] + counts["sending"],
            "failed": counts["failed"], "uncertain": counts["uncertain"], "skipped": counts["skipped"],
        }

    @admin.display(description=_("Preview"))
    def preview_link(self, obj):
        if obj is None or obj.pk is None:
            return _("Save first to preview.")
        return format_html('<a href="{}">{}</a>', obj.get_preview_url(), _("See it as it will arrive"))

    def get_urls(self):
        return [
            path("<int:pk>/preview/", self.admin_site.admin_view(self.preview_view), name="newsletter_newsletter_preview"),
            *super().get_urls(),
        ]

    def preview_view(self, request, pk):
        newsletter = get_object_or_404(Newsletter, pk=pk)
        if not self.has_view_permission(request, newsletter):
            raise PermissionDenied
        message = build_preview(newsletter)
        response = HttpResponse(message.alternatives[0].content)
        # The e-mail's HTML carries inline styles, as mail needs; only this admin page allows them.
        response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' https:"
        return response

    @admin.action(description=_("Send a test to my own address"), permissions=["view"])
    def send_test_to_me(self, request, queryset):
        if not request.user.email:
            self.message_user(request, _("Your account has no e-mail address."), messages.ERROR)
            return
        for newsletter in queryset:
            newsletter_send_test(newsletter=newsletter, to=request.user.email)
        self.message_user(request, _("Test sent to %(email)s.") % {"email": request.user.email}, messages.SUCCESS)

    @admin.action(description=_("Send to all confirmed subscribers"), permissions=["change"])
    def send_to_subscribers(self, request, queryset):
        started = 0
        for newsletter in queryset.filter(status=NewsletterStatus.DRAFT):
            newsletter_start(newsletter=newsletter)
            started += 1
        self.message_user(request, _("%(count)d newsletter(s) are being sent in the background; progress shows in the list.")
                          % {"count": started}, messages.SUCCESS)


@admin.action(description=_("Make a newsletter of the selected post"), permissions=["view"])
def newsletter_from_news_post(modeladmin, request, queryset):
    """A draft newsletter that carries the post, opened for the editor to check, preview, test and send."""
    newsletter = None
    for post in queryset:
        newsletter = Newsletter(news_post=post)
        for code, _name in settings.LANGUAGES:  # the post's title and summary in every language it has
            suffix = code.replace("-", "_")
            title, summary = getattr(post, f"title_{suffix}") or "", getattr(post, f"summary_{suffix}") or ""
            setattr(newsletter, f"subject_{suffix}", title[:150])
            setattr(newsletter, f"body_{suffix}", summary or title)
        newsletter.save()
    if newsletter is not None:
        return redirect("admin:newsletter_newsletter_change", newsletter.pk)


# News sits below the newsletter (the newsletter mails posts), so news cannot name this action itself; the
# newsletter adds it to the news admin, as it is the newsletter's feature.
NewsPostAdmin.actions = [*NewsPostAdmin.actions, newsletter_from_news_post]
