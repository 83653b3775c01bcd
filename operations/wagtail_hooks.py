"""Operations in the Wagtail admin: the system status page under Settings, for superusers."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from operations.views import StatusView, can_see_status


@hooks.register("register_admin_urls")
def register_status_url():
    return [path("status-sistem/", StatusView.as_view(), name="operations_status")]


class StatusMenuItem(MenuItem):
    def is_shown(self, request):
        return can_see_status(request.user)


@hooks.register("register_settings_menu_item")
def register_status_menu_item():
    return StatusMenuItem(_("Status sistem"), reverse("operations_status"), icon_name="pick", order=900)
