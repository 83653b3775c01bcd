"""The system status page in the admin, for superusers only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from archive.views.access import forbidden
from operations.status import system_status


def can_see_status(user) -> bool:
    return user.is_active and user.is_superuser


class StatusView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "operations/status.html"
    page_title = _("Status sistem")
    header_icon = "pick"

    def dispatch(self, request, *args, **kwargs):
        if not can_see_status(request.user):
            return forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "status": system_status()}
