"""The bell's pages: a person's notifications (open one, mark all read) and their e-mail choices.

Everyone signed in to the admin has them; each sees only their own notifications, and only those about letters
they may open today (archive.selectors.notifications). Opening a notification is a POST that marks it read and
goes on to the page where its action is done.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from archive.models import Notification, NotificationSettings
from archive.selectors.notifications import notifications_for
from archive.services import notifications as services
from archive.views.pages import GuardedAdminPage


class NotificationPage(GuardedAdminPage):
    header_icon = "bell"
    parent_crumb = ("archive_notifications:list", gettext_lazy("Pemberitahuan"))

    def allowed(self) -> bool:
        return self.request.user.is_authenticated


class NotificationListView(NotificationPage):
    template_name = "archive/notifications/list.html"
    page_title = gettext_lazy("Pemberitahuan")
    parent_crumb = None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = notifications_for(self.request.user)
        page = Paginator(rows, 30).get_page(self.request.GET.get("p"))
        context.update(page_obj=page, unread=rows.filter(read_at__isnull=True).count())
        return context


def _safe_target(request, url: str) -> str:
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return url
    return "archive_notifications:list"


@require_POST
def open_notification(request, pk: int):
    """Mark the notification read and go where its action is done (404 for another's or one no longer visible)."""
    notification = get_object_or_404(notifications_for(request.user), pk=pk)
    services.notification_mark_read(notification=notification, user=request.user)
    return redirect(_safe_target(request, notification.url))


@require_POST
def mark_all_read(request):
    count = services.notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)d pemberitahuan ditandai sudah dibaca.") % {"count": count})
    return redirect("archive_notifications:list")


class NotificationSettingsForm(forms.Form):
    delivery = forms.ChoiceField(
        choices=NotificationSettings.Delivery.choices,
        widget=forms.RadioSelect,
        label=gettext_lazy("Kirim surel"),
    )
    email_kinds = forms.MultipleChoiceField(
        choices=Notification.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=gettext_lazy("Jenis pemberitahuan yang juga dikirim lewat surel"),
        help_text=gettext_lazy("Semua jenis tetap tampil di lonceng pemberitahuan."),
    )


class NotificationSettingsView(NotificationPage):
    template_name = "archive/notifications/settings.html"
    page_title = gettext_lazy("Pengaturan pemberitahuan")

    def get_form(self, data=None) -> NotificationSettingsForm:
        chosen = services.notification_settings_for(self.request.user)
        kinds = [kind for kind in Notification.Kind.values if chosen.wants_email(kind)]
        return NotificationSettingsForm(data, initial={"delivery": chosen.delivery, "email_kinds": kinds})

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", self.get_form())
        context["email"] = self.request.user.email
        context.update(self.extra_context_data())
        return context

    def extra_context_data(self) -> dict:
        """The person's invitation calendar: its secret address, its reset and what it holds."""
        from archive.views.events import calendar_context

        return calendar_context(self.request)

    def post(self, request, *args, **kwargs):
        form = self.get_form(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        off = [kind for kind in Notification.Kind.values if kind not in form.cleaned_data["email_kinds"]]
        services.notification_settings_save(user=request.user, delivery=form.cleaned_data["delivery"], email_off=off)
        messages.success(request, _("Pengaturan pemberitahuan disimpan."))
        return redirect("archive_notifications:settings")
