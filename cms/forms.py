"""Admin form of the SOP page: checks that cut across the actor and step rows."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminPageForm


def _live_rows(formset):
    return [form for form in formset.forms if form.is_valid() and not formset._should_delete_form(form)]


class SopPageForm(WagtailAdminPageForm):
    """Every step's actor must be one of the page's actors; a 'no' branch must point at another step."""

    def clean(self):
        cleaned = super().clean()
        actors = {
            form.cleaned_data.get("name", "").strip()
            for form in _live_rows(self.formsets["actors"])
            if form.cleaned_data.get("name")
        }
        steps = _live_rows(self.formsets["steps"])
        for number, form in enumerate(steps, start=1):
            actor = (form.cleaned_data.get("actor") or "").strip()
            if actor and actor not in actors:
                form.add_error("actor", _("'%(actor)s' bukan salah satu pelaksana SOP ini.") % {"actor": actor})
            target = form.cleaned_data.get("no_goto_step")
            if target and (target > len(steps) or target == number):
                form.add_error(
                    "no_goto_step", _("Langkah tujuan harus langkah lain antara 1 dan %(n)d.") % {"n": len(steps)}
                )
        return cleaned
