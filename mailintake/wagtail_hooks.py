"""Mail accounts in the admin (Settings > Akun surel): server, folder, credentials, rules, and how each check went."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet

from mailintake.forms import MailAccountForm
from mailintake.models import MailAccount


def _state(account: MailAccount) -> str:
    if account.last_error:
        return _("GAGAL (%(n)s×): %(error)s") % {"n": account.failures, "error": account.last_error}
    return _("baik") if account.last_success_at else _("belum diperiksa")


class MailAccountViewSet(ModelViewSet):
    model = MailAccount
    icon = "mail"
    menu_label = _("Akun surel")
    add_to_settings_menu = True
    menu_order = 650
    inspect_view_enabled = True
    list_display = [
        "name",
        "host",
        "folder",
        Column("state", label=_("Keadaan"), accessor=_state),
        DateColumn("last_checked_at", label=_("Terakhir diperiksa")),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("host"), FieldPanel("port"), FieldPanel("security")]),
                    FieldRowPanel([FieldPanel("username"), FieldPanel("new_password")]),
                    FieldRowPanel([FieldPanel("folder"), FieldPanel("after"), FieldPanel("move_to")]),
                    FieldPanel("is_active"),
                ],
                heading=_("Server"),
            ),
            InlinePanel("rules", heading=_("Aturan"), label=_("aturan")),
        ],
        base_form_class=MailAccountForm,
    )


@hooks.register("register_admin_viewset")
def register_mail_accounts():
    return MailAccountViewSet("mail_accounts")
