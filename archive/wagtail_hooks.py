"""The archive in the Wagtail admin: the "Surat" menu, the clerk's screens and the classification code chooser."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem

from archive import admin_urls
from archive.selectors.access import may_read_archive
from archive.views import access
from archive.views.codes import code_chooser_viewset


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [path("surat/", include(admin_urls, namespace="archive"))]


@hooks.register("register_admin_viewset")
def register_code_chooser():
    return code_chooser_viewset


@hooks.register("register_admin_viewset")
def register_crosswalk():
    from archive.views.crosswalk import crosswalk_viewset

    return crosswalk_viewset


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
        PermissionMenuItem(
            _("Buku agenda"),
            reverse_lazy("archive_agenda:browse"),
            name="archive-register",
            icon_name="list-ul",
            order=400,
            permission_test=may_read_archive,
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
    from archive.views.dispositions import can_monitor, can_monitor_as_leader, can_use_inbox

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
            permission_test=lambda user: can_monitor(user) or can_monitor_as_leader(user),
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
        PermissionMenuItem(
            _("Sertifikat TTE"),
            reverse_lazy("archive_outgoing:certificates"),
            name="archive-outgoing-certificates",
            icon_name="key",
            order=200,
            permission_test=can_use_certificates_menu,
        ),
    ]
    return SubmenuMenuItem(_("Surat keluar"), Menu(items=items), name="archive-outgoing", icon_name="mail", order=252)


def can_use_certificates_menu(user) -> bool:
    """People who may sign (they hold a post) or enrol signers."""
    from archive.views.outgoing import can_use
    from archive.views.signing import can_use_certificates

    return can_use(user) or can_use_certificates(user)


# Filing, retention and disposal (berkas, JRA, penyusutan): their admin URLs and a "Berkas" menu with the case files,
# the retention report and the disposal proposals. Imports are local so this block stays independent of the ones
# above.
@hooks.register("register_admin_urls")
def register_filing_urls():
    from archive import filing_urls

    return [path("berkas/", include(filing_urls, namespace="archive_filing"))]


@hooks.register("register_admin_menu_item")
def register_filing_menu():
    from archive.views import disposal, filing

    items = [
        PermissionMenuItem(
            _("Daftar berkas"),
            reverse_lazy("archive_filing:casefiles"),
            name="archive-filing-casefiles",
            icon_name="folder-open-inverse",
            order=100,
            permission_test=filing.can_view,
        ),
        PermissionMenuItem(
            _("Laporan retensi"),
            reverse_lazy("archive_filing:retention"),
            name="archive-filing-retention",
            icon_name="date",
            order=200,
            permission_test=filing.can_view,
        ),
        PermissionMenuItem(
            _("Usul musnah"),
            reverse_lazy("archive_filing:proposals"),
            name="archive-filing-proposals",
            icon_name="bin",
            order=300,
            permission_test=disposal.can_view,
        ),
    ]
    return SubmenuMenuItem(
        _("Berkas"), Menu(items=items), name="archive-filing", icon_name="folder-open-inverse", order=253
    )


# The buku agenda (register browse and downloads): its admin URLs; its menu item is in the "Surat" menu above.
@hooks.register("register_admin_urls")
def register_register_urls():
    from archive import register_urls

    return [path("buku-agenda/", include(register_urls, namespace="archive_agenda"))]


# The audit log (read only) and its menu item, shown only to users with archive.view_auditevent.
@hooks.register("register_admin_urls")
def register_audit_urls():
    from archive import audit_urls

    return [path("log-audit/", include(audit_urls, namespace="archive_audit"))]


@hooks.register("register_admin_menu_item")
def register_audit_menu():
    from archive.views.audit import can_view

    return PermissionMenuItem(
        _("Log audit"),
        reverse_lazy("archive_audit:index"),
        name="archive-audit",
        icon_name="history",
        order=254,
        permission_test=can_view,
    )


from archive import daily_hooks  # noqa: E402, F401  (the "menunggu saya" home, menu counts, notifications, phone CSS)


@hooks.register("construct_homepage_panels")
def add_audit_check_panel(request, panels):
    """Admins see the last verification of the audit log on the dashboard (and a warning when it failed)."""
    from archive.views.audit import AuditCheckPanel, can_view

    if can_view(request.user):
        panels.append(AuditCheckPanel())
