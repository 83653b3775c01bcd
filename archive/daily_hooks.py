"""The officials' daily work in the Wagtail admin: the "menunggu saya" home, counts in the menu, the notification
pages, the bell icon and the stylesheet that makes the officials' screens work on a phone.

Imported by archive.wagtail_hooks; every hook here only wires (the counts come from archive.selectors.waiting).
"""

from __future__ import annotations

import copy

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.ui.components import Component

from archive.selectors.waiting import waiting_for

# Which sections of "menunggu saya" each menu item counts (by the item's name).
MENU_COUNTS = {
    "archive-disposition-inbox": ("to_dispose", "overdue", "due_soon", "unread"),
    "archive-outgoing-list": ("to_sign", "to_verify", "returned"),
    "archive-captures": ("captures",),
    "naskah-waiting": ("*",),
}


def request_waiting(request) -> list:
    """What waits for the request's user, computed once per request (the menu and the home both use it)."""
    if not hasattr(request, "_naskah_waiting"):
        request._naskah_waiting = waiting_for(user=request.user)
    return request._naskah_waiting


def _count(request, name: str) -> int:
    keys = MENU_COUNTS.get(name)
    if not keys:
        return 0
    return sum(section.count for section in request_waiting(request) if "*" in keys or section.key in keys)


def _labelled(item: MenuItem, count: int) -> MenuItem:
    item = copy.copy(item)
    if count:
        item.label = f"{item.label} ({count})"
    return item


def _with_counts(request, item: MenuItem) -> MenuItem:
    """A copy of ``item`` for this request whose label carries its count (submenus: the sum of their items)."""
    if isinstance(item, SubmenuMenuItem):
        children = [_with_counts(request, child) for child in item.menu.menu_items_for_request(request)]
        total = sum(getattr(child, "_naskah_count", 0) for child in children)
        copied = _labelled(item, total)
        copied.menu = Menu(items=children)
        copied._naskah_count = total
        return copied
    count = _count(request, item.name)
    copied = _labelled(item, count)
    copied._naskah_count = count
    return copied


@hooks.register("construct_main_menu")
def add_counts_to_menu(request, menu_items):
    menu_items[:] = [_with_counts(request, item) for item in menu_items]


@hooks.register("register_admin_menu_item")
def register_waiting_menu_item():
    return MenuItem(_("Menunggu saya"), reverse("wagtailadmin_home"), name="naskah-waiting", icon_name="tasks", order=1)


@hooks.register("register_admin_menu_item")
def register_notifications_menu_item():
    return MenuItem(
        _("Pemberitahuan"),
        reverse("archive_notifications:list"),
        name="naskah-notifications",
        icon_name="bell",
        order=2,
    )


class WaitingPanel(Component):
    """The home's first panel: what waits for the person today, each item a link to where it is done."""

    name = "naskah_waiting"
    template_name = "archive/home/waiting_panel.html"
    order = 1

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context=None):
        sections = request_waiting(self.request)
        return {"sections": sections, "total": sum(section.count for section in sections), "request": self.request}


@hooks.register("construct_homepage_panels")
def add_waiting_panel(request, panels):
    panels.insert(0, WaitingPanel(request))


@hooks.register("register_admin_urls")
def register_notification_urls():
    from archive import notification_urls

    return [path("pemberitahuan/", include(notification_urls, namespace="archive_notifications"))]


@hooks.register("register_admin_urls")
def register_event_urls():
    from archive import event_urls

    return [path("acara/", include(event_urls, namespace="archive_events"))]


@hooks.register("register_admin_urls")
def register_daily_urls():
    from archive import daily_urls

    return [path("surat-harian/", include(daily_urls, namespace="archive_daily"))]


@hooks.register("register_icons")
def register_bell_icon(icons):
    return [*icons, "archive/icons/bell.svg"]


@hooks.register("insert_global_admin_css")
def phone_stylesheet_and_manifest():
    return format_html(
        '<link rel="stylesheet" href="{}"><link rel="manifest" href="{}">'
        '<meta name="theme-color" content="#1d5c63"><link rel="apple-touch-icon" href="{}">',
        static("archive/daily.css"),
        "/manifest.webmanifest",
        static("archive/icons/naskah-192.png"),
    )


@hooks.register("insert_global_admin_js")
def phone_script():
    return format_html('<script src="{}" defer></script>', static("archive/daily.js"))
