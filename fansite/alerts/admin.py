from django.contrib import admin

from .models import AlertSubscription


@admin.register(AlertSubscription)
class AlertSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "places_label", "language", "confirmed_at", "last_digest_at"]
    list_filter = ["status", "everywhere"]
    search_fields = ["email"]
    readonly_fields = ["email", "status", "language", "everywhere", "cities", "countries", "created_at", "consent_at",
                       "consent_text", "consent_source", "confirmed_at", "unsubscribed_at", "last_digest_at"]

    def has_add_permission(self, request):
        return False
