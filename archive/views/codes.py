"""A chooser of classification codes: the searchable list of every active code, in a Wagtail modal."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets.chooser import BaseChooser

from archive.forms import CodeFilterForm
from archive.models import ClassificationCode


class CodeChooseMixin:
    filter_form_class = CodeFilterForm
    per_page = 20

    def get_object_list(self):
        return ClassificationCode.objects.filter(is_active=True)

    @property
    def columns(self):
        return [
            self.title_column,
            Column("scheme", label=_("Skema"), accessor="get_scheme_display"),
            Column("retention", label=_("Keterangan akhir"), accessor="get_final_disposition_display"),
        ]


class CodeChooseView(CodeChooseMixin, ChooseView):
    pass


class CodeChooseResultsView(CodeChooseMixin, ChooseResultsView):
    pass


class CodeChooserWidget(BaseChooser):
    """The chooser's widget; a posted value that is no code id (text, an id past the integer range) shows as empty,
    so the form answers with its "choose a valid code" message instead of failing to render."""

    def get_instance(self, value):  # noqa: ANN001, ANN201
        try:
            return super().get_instance(value)
        except (TypeError, ValueError, OverflowError):
            return None


class ClassificationCodeChooserViewSet(ChooserViewSet):
    model = ClassificationCode
    base_widget_class = CodeChooserWidget
    icon = "list-ul"
    choose_one_text = _("Pilih kode")
    choose_another_text = _("Pilih kode lain")
    page_title = _("Pilih kode klasifikasi")
    choose_view_class = CodeChooseView
    choose_results_view_class = CodeChooseResultsView
    register_widget = False  # only the letter form uses it, and it sets the widget itself


code_chooser_viewset = ClassificationCodeChooserViewSet("archive_code_chooser", url_prefix="surat/kode")
