"""Template tags linking incoming and outgoing letters: the replies to a letter and its "Balas" button."""

from django import template

from archive.models import IncomingLetter, OutgoingLetter
from archive.selectors.access import outgoing_visible_to

register = template.Library()


@register.inclusion_tag("archive/outgoing/_replies.html", takes_context=True)
def letter_replies(context, letter: IncomingLetter):
    """The outgoing letters answering ``letter`` that the user may open, and "Balas" for those who draft."""
    user = context["request"].user
    replies = outgoing_visible_to(user, OutgoingLetter.objects.filter(reply_to=letter)).order_by("created_at")
    return {
        "letter": letter,
        "replies": list(replies),
        "can_reply": user.has_perm("archive.add_outgoingletter") and letter.status == IncomingLetter.Status.REGISTERED,
    }
