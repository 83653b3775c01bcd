"""The moderation task of the catalogue: group approval that shows the completeness check and asks for an
explicit confirmation before a page that is not complete is approved (and so published)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.forms import TaskStateCommentForm
from wagtail.models import AbstractGroupApprovalTask

APPROVE_INCOMPLETE = "approve_incomplete"


class IncompleteApprovalForm(TaskStateCommentForm):
    confirm_incomplete = forms.BooleanField(
        required=True,
        label=_("Saya sudah memeriksa daftar kelengkapan dan tetap menyetujui halaman yang belum lengkap ini."),
    )


class CompletenessReviewTask(AbstractGroupApprovalTask):
    """Approval by a group; a page the completeness check finds lacking needs the reviewer's confirmation."""

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if not actions or is_complete(obj):
            return actions
        kept = [action for action in actions if action[0] != "approve"]
        return kept + [(APPROVE_INCOMPLETE, _("Setujui meski belum lengkap"), True)]

    def get_form_for_action(self, action):
        if action == APPROVE_INCOMPLETE:
            return IncompleteApprovalForm
        return super().get_form_for_action(action)

    def on_action(self, task_state, user, action_name, **kwargs):
        kwargs.pop("confirm_incomplete", None)
        if action_name == APPROVE_INCOMPLETE:
            action_name = "approve"
        return super().on_action(task_state, user, action_name, **kwargs)

    @classmethod
    def get_description(cls):
        return _("Anggota grup yang dipilih menyetujui halaman; halaman yang belum lengkap perlu konfirmasi.")

    class Meta:
        verbose_name = _("persetujuan dengan pemeriksaan kelengkapan")
        verbose_name_plural = _("persetujuan dengan pemeriksaan kelengkapan")


def is_complete(obj) -> bool:
    """Return whether a page passes the completeness check (pages outside the catalogue always do)."""
    from cms.completeness import page_completeness
    from cms.models import ServiceStandardPage, SopPage

    page = obj.specific if hasattr(obj, "specific") and type(obj).__name__ == "Page" else obj
    if not isinstance(page, SopPage | ServiceStandardPage):
        return True
    return page_completeness(page).complete
