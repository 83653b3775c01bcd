"""Template tags of the officials' daily work: the notification bell shown on every admin page."""

from django import template

from archive.selectors.notifications import unread_notifications_count

register = template.Library()


@register.inclusion_tag("archive/notifications/bell.html", takes_context=True)
def notification_bell(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    return {"show": True, "unread": unread_notifications_count(user)}


@register.inclusion_tag("archive/events/_panel.html", takes_context=True)
def letter_event_panel(context, letter, editable=True) -> dict:
    """The invitation's event of ``letter`` (the review and dispose screens), with its form for who may correct it."""
    from archive.views.events import event_context

    request = context.get("request")
    if request is None or letter is None or not letter.pk:
        return {}
    return {
        **event_context(request, letter, editable=editable),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("archive/includes/scan_viewer.html", takes_context=True)
def letter_scan(context, letter) -> dict:
    """The letter's scan, page by page with zoom, for a user who may see its capture (nothing otherwise)."""
    from archive.views.scan import page_urls

    request = context.get("request")
    if request is None or letter is None:
        return {"pages": []}
    return {"pages": page_urls(request.user, letter), "letter": letter}
