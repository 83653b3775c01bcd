"""The admin search page ("Cari"): its URL and a top-level menu item for the archive's readers."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search import admin_urls
from search.views import may_search


class SearchMenuItem(MenuItem):
    """Shown only to users the search page lets in (the same check, so menu and page agree)."""

    def is_shown(self, request):
        return may_search(request.user)


@hooks.register("register_admin_urls")
def register_search_urls():
    return [path("cari/", include(admin_urls, namespace="search"))]


@hooks.register("register_admin_menu_item")
def register_search_menu():
    return SearchMenuItem(_("Cari"), reverse_lazy("search:index"), name="naskah-search", icon_name="search", order=240)
