"""Which rule takes a message: plain matching, no database or network."""

from __future__ import annotations

from collections.abc import Iterable

from mailintake.messages import MailItem
from mailintake.models import MailRule

DEFAULT_TAKE = MailRule.Take.ATTACHMENTS_OR_BODY


def choose_take(rules: Iterable[MailRule], item: MailItem) -> str | None:
    """Return what to take of ``item`` (a MailRule.Take), or None when rules exist and none matches."""
    active = [rule for rule in rules if rule.is_active]
    if not active:
        return DEFAULT_TAKE
    for rule in active:
        if rule.sender_contains and rule.sender_contains.lower() not in item.sender.lower():
            continue
        if rule.subject_contains and rule.subject_contains.lower() not in item.subject.lower():
            continue
        return rule.take
    return None
