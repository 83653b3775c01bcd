"""The catalogue in the Wagtail admin: the 'Impor SOP' screen and the completeness check before publishing."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from cms import admin_urls
from cms.admin_views import may_import

CONFIRM_FIELD = "confirm_incomplete"


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("impor-sop/", include(admin_urls, namespace="cms_imports"))]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import(request.user)


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        gettext_lazy("Impor SOP"), reverse_lazy("cms_imports:index"), name="sop-import", icon_name="upload", order=220
    )


@hooks.register("before_publish_page")
def confirm_incomplete_publishing(request, page):
    """Publishing a page that fails the completeness check needs the 'publish anyway' box ticked."""
    from cms.completeness import page_completeness
    from cms.models import ServiceStandardPage, SopPage

    page = page.specific
    if not isinstance(page, SopPage | ServiceStandardPage) or request.POST.get(CONFIRM_FIELD):
        return None
    check = page_completeness(page)
    if check.complete:
        return None
    messages.error(
        request,
        _(
            "Halaman belum lengkap (lihat panel Kelengkapan) dan belum diterbitkan; perubahan disimpan sebagai draf. "
            "Centang 'Terbitkan meski belum lengkap' bila memang ingin menerbitkannya."
        ),
    )
    return redirect("wagtailadmin_pages:edit", page.pk)
