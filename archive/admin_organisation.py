"""The "Organisasi" admin menu: units, positions, their holders (Plt included) and the registers, as model viewsets.

Imported by ``archive.wagtail_hooks``; the hook below registers the group, and each viewset checks the model
permissions of its model (the Admin group has them all).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from archive.models import Employee, Letterhead, Position, PositionHolder, Register, Unit


class UnitViewSet(ModelViewSet):
    model = Unit
    name = "archive_unit"
    url_prefix = "organisasi/unit"
    icon = "site"
    menu_label = _("Unit kerja")
    form_fields = ["name", "code", "kind", "parent", "is_active"]
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]
    ordering = ["name"]


class PositionViewSet(ModelViewSet):
    model = Position
    name = "archive_position"
    url_prefix = "organisasi/jabatan"
    icon = "user"
    menu_label = _("Jabatan")
    form_fields = ["title", "kind", "unit", "rank", "parent", "email", "signature_title"]
    list_display = ["title", "kind", "unit", "parent", "rank"]
    list_filter = ["kind", "unit"]
    search_fields = ["title", "unit__name"]
    ordering = ["rank", "title"]


class PositionHolderViewSet(ModelViewSet):
    model = PositionHolder
    name = "archive_position_holder"
    url_prefix = "organisasi/pemangku"
    icon = "group"
    menu_label = _("Pemangku jabatan")
    form_fields = ["position", "user", "start", "end", "acting"]
    list_display = ["user", "position", "start", "end", "acting"]
    list_filter = ["acting", "position"]
    search_fields = ["position__title", "user__username", "user__first_name", "user__last_name"]
    ordering = ["position__rank", "-start"]


class RegisterViewSet(ModelViewSet):
    model = Register
    name = "archive_register"
    url_prefix = "organisasi/buku-agenda"
    icon = "list-ol"
    menu_label = _("Buku agenda")
    form_fields = ["name", "code", "kind", "unit", "is_default"]
    list_display = ["name", "code", "kind", "unit", "is_default"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    ordering = ["kind", "name"]


class LetterheadViewSet(ModelViewSet):
    """The kop of each unit that writes on its own kop (the others print the kop of the unit above them)."""

    model = Letterhead
    name = "archive_letterhead"
    url_prefix = "organisasi/kop-surat"
    icon = "doc-full"
    menu_label = _("Kop surat")
    form_fields = [
        "unit",
        "government",
        "office_name",
        "address",
        "postal_code",
        "phone",
        "fax",
        "email",
        "website",
        "city",
        "logo",
    ]
    list_display = ["office_name", "unit", "city"]
    search_fields = ["office_name", "unit__name"]
    ordering = ["office_name"]


class EmployeeViewSet(ModelViewSet):
    """Names with academic titles, ranks and NIPs as signature blocks print them."""

    model = Employee
    name = "archive_employee"
    url_prefix = "organisasi/pegawai"
    icon = "user"
    menu_label = _("Pegawai")
    form_fields = ["user", "full_name", "nip", "rank"]
    list_display = ["full_name", "nip", "rank", "user"]
    search_fields = ["full_name", "nip", "user__username"]
    ordering = ["full_name"]


class OrganisationViewSetGroup(ModelViewSetGroup):
    menu_label = _("Organisasi")
    menu_icon = "group"
    menu_name = "archive-organisation"
    menu_order = 260
    items = (
        UnitViewSet,
        PositionViewSet,
        PositionHolderViewSet,
        RegisterViewSet,
        LetterheadViewSet,
        EmployeeViewSet,
    )


@hooks.register("register_admin_viewset")
def register_organisation_viewsets():
    return OrganisationViewSetGroup()
