"""A letter's timeline on one page (archive.selectors.timeline), with its scan and invitation event.

The screen: anyone who may use the disposition screens, monitor them or read the letters (403 otherwise); the
letter under the access rule (404 when refused); within it the chain only for who may see it (the disposition
screens' rule), reply letters under their own rule, case files for who may see case files. Each showing of a
restricted letter is written to the audit log.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from archive.models import IncomingLetter
from archive.selectors.timeline import letter_timeline
from archive.views import access
from archive.views.dispositions import can_monitor, can_see_letter, can_use_inbox
from archive.views.filing import can_view as can_view_case_files
from archive.views.pages import GuardedAdminPage


class TimelineView(GuardedAdminPage):
    template_name = "archive/letters/timeline.html"
    header_icon = "history"
    parent_crumb = ("archive_dispositions:inbox", gettext_lazy("Kotak masuk disposisi"))

    def allowed(self) -> bool:
        user = self.request.user
        if not (can_use_inbox(user) or can_monitor(user) or access.can_view(user)):
            return False
        related = ("registered_by", "register_entry", "classification")
        self.letter = get_object_or_404(IncomingLetter.objects.select_related(*related), pk=self.kwargs["letter_pk"])
        access.require_letter(user, self.letter)
        return True

    def get_page_title(self):
        return _("Riwayat surat %(letter)s") % {"letter": self.letter}

    def render_to_response(self, context, **response_kwargs):
        access.log_letter_access(self.request, self.letter, what="riwayat surat")
        return super().render_to_response(context, **response_kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        show_chain = can_see_letter(user, self.letter)
        context.update(
            letter=self.letter,
            entries=letter_timeline(
                letter=self.letter, user=user, show_chain=show_chain, show_filing=can_view_case_files(user)
            ),
            chain_hidden=not show_chain,
        )
        return context
