"""The base of the archive's admin pages: an access rule checked for every method, and a parent crumb."""

from __future__ import annotations

from django.urls import reverse
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from archive.views import access


class GuardedAdminPage(WagtailAdminTemplateMixin, TemplateView):
    """An admin page whose ``allowed`` decides access for GET and POST; ``parent_crumb`` is (url name, label)."""

    header_icon = "mail"
    parent_crumb: tuple[str, str] | None = None

    def allowed(self) -> bool:
        return False

    def dispatch(self, request, *args, **kwargs):
        if not self.allowed():
            return access.forbidden(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        items = list(self.breadcrumbs_items)
        if self.parent_crumb:
            items.append({"url": reverse(self.parent_crumb[0]), "label": self.parent_crumb[1]})
        return [*items, {"url": "", "label": self.get_page_title()}]
