"""Admin panels of the catalogue pages: the completeness check shown above the editor's form."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import Panel

from cms.completeness import page_completeness


class CompletenessPanel(Panel):
    """List what the page still lacks (fields, steps without actor or time, unchecked import notes)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("heading", _("Kelengkapan"))
        super().__init__(**kwargs)

    @property
    def clean_name(self):
        return super().clean_name or "completeness"

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/admin/completeness_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["check"] = page_completeness(self.instance)
            context["source_document"] = getattr(self.instance, "source_document", "")
            return context
