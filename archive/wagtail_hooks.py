"""The archive in the Wagtail admin: the "Surat" menu, the clerk's screens and the classification code chooser."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from archive import admin_urls
from archive.views import access
from archive.views.codes import code_chooser_viewset


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("surat/", include(admin_urls, namespace="archive"))]


@hooks.register("register_admin_viewset")
def register_code_chooser():
    return code_chooser_viewset


class PermissionMenuItem(MenuItem):
    """A menu item shown only to users who pass ``permission_test``."""

    def __init__(self, *args, permission_test, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission_test = permission_test

    def is_shown(self, request):
        return self.permission_test(request.user)


@hooks.register("register_admin_menu_item")
def register_letters_menu():
    items = [
        PermissionMenuItem(
            _("Unggah surat"),
            reverse_lazy("archive:upload"),
            name="archive-upload",
            icon_name="upload",
            order=100,
            permission_test=access.can_upload,
        ),
        PermissionMenuItem(
            _("Antrean berkas"),
            reverse_lazy("archive:captures"),
            name="archive-captures",
            icon_name="tasks",
            order=200,
            permission_test=access.can_view,
        ),
        PermissionMenuItem(
            _("Surat masuk"),
            reverse_lazy("archive:letters"),
            name="archive-letters",
            icon_name="mail",
            order=300,
            permission_test=access.can_view,
        ),
    ]
    return SubmenuMenuItem(_("Surat"), Menu(items=items), name="archive", icon_name="mail", order=250)


# Dispositions: their admin URLs, a "Disposisi" menu (inbox, monitoring) beside "Surat", and the holidays and
# instruction list in Settings. Imports are local so this block stays independent of the ones above.
@hooks.register("register_admin_urls")
def register_disposition_urls():
    from archive import disposition_urls

    return [path("disposisi/", include(disposition_urls, namespace="archive_dispositions"))]


@hooks.register("register_admin_viewset")
def register_disposition_settings():
    from archive.views.dispositions import HolidayViewSet, InstructionViewSet

    return [HolidayViewSet(), InstructionViewSet()]


@hooks.register("register_admin_menu_item")
def register_dispositions_menu():
    from archive.views.dispositions import can_monitor, can_use_inbox

    items = [
        PermissionMenuItem(
            _("Kotak masuk disposisi"),
            reverse_lazy("archive_dispositions:inbox"),
            name="archive-disposition-inbox",
            icon_name="mail",
            order=100,
            permission_test=can_use_inbox,
        ),
        PermissionMenuItem(
            _("Pemantauan disposisi"),
            reverse_lazy("archive_dispositions:monitor"),
            name="archive-disposition-monitor",
            icon_name="time",
            order=200,
            permission_test=can_monitor,
        ),
    ]
    return SubmenuMenuItem(
        _("Disposisi"), Menu(items=items), name="archive-dispositions", icon_name="resubmit", order=251
    )


from archive import admin_organisation  # noqa: E402, F401  (registers the Organisasi menu: units, positions, registers)


# Outgoing letters (surat keluar): their admin URLs and a "Surat keluar" menu with its list. Imports are local so
# this block stays independent of the ones above.
@hooks.register("register_admin_urls")
def register_outgoing_urls():
    from archive import outgoing_urls

    return [path("surat-keluar/", include(outgoing_urls, namespace="archive_outgoing"))]


@hooks.register("register_admin_menu_item")
def register_outgoing_menu():
    from archive.views.outgoing import can_use

    items = [
        PermissionMenuItem(
            _("Surat keluar"),
            reverse_lazy("archive_outgoing:list"),
            name="archive-outgoing-list",
            icon_name="mail",
            order=100,
            permission_test=can_use,
        ),
    ]
    return SubmenuMenuItem(_("Surat keluar"), Menu(items=items), name="archive-outgoing", icon_name="mail", order=252)


# Filing and retention (berkas, JRA): the retention report and berita acara downloads. Imports are local so this
# block stays independent of the ones above.
@hooks.register("register_admin_urls")
def register_filing_urls():
    from archive import filing_urls

    return [path("berkas/", include(filing_urls, namespace="archive_filing"))]


@hooks.register("register_admin_menu_item")
def register_filing_menu():
    from archive.views.filing import can_view

    return PermissionMenuItem(
        _("Laporan retensi"),
        reverse_lazy("archive_filing:retention"),
        name="archive-filing-retention",
        icon_name="folder-open-inverse",
        order=253,
        permission_test=can_view,
    )
