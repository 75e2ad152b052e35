from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import ContactMessage
from .services import contact_message_resend


@admin.register(ContactMessage)
class ContactMessageAdmin(admin.ModelAdmin):
    list_display = ["created_at", "topic", "name", "email", "subject", "status", "attempts", "recipient"]
    list_filter = ["status", "topic"]
    search_fields = ["name", "email", "subject", "message"]
    date_hierarchy = "created_at"
    readonly_fields = [f.name for f in ContactMessage._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False  # what a visitor wrote stays as written; the list and detail are read-only

    @admin.action(description=_("Send the selected messages again"), permissions=["view"])
    def send_again(self, request, queryset):
        count = contact_message_resend(messages=queryset)
        self.message_user(request, ngettext("%d message queued again.", "%d messages queued again.", count) % count,
                          messages.SUCCESS)
