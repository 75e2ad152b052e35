from django.shortcuts import redirect
from django.utils.translation import get_language
from django.views.generic import TemplateView

from ..mailing.guard import GuardedFormView
from .forms import ContactForm
from .services import contact_message_submit, recipient_for


class ContactView(GuardedFormView):
    template_name = "contact/contact.html"
    form_class = ContactForm
    rate_scope = "contact"

    def form_accepted(self, form):
        data = form.cleaned_data
        contact_message_submit(
            topic=data["topic"], name=data["name"], email=data["email"], subject=data["subject"],
            message=data["message"], language=get_language() or "",
            recipient=recipient_for(data["topic"], self.request.site_frame.settings),
        )
        return redirect("contact:sent")


class ContactSentView(TemplateView):
    query_parameters = ()  # what the page cache keys on (fansite/page_cache.py)
    template_name = "contact/sent.html"
