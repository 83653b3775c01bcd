"""Check one mail account, or every account that is due, top to bottom.

For each message not taken yet: read it; skip it if its Message-ID was taken before (only flag it); choose what to
take by the rules; capture each PDF or image attachment (and/or a PDF of the message) with the sender, subject and
Message-ID as context; remember the Message-ID with its captures; then flag or move the message on the server.
Nothing here holds a database transaction while talking to the server. A failing account records its error and is
tried again later (waiting longer after each failure, at most an hour); the other accounts go on.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from archive.models import Capture
from archive.services.capture import capture_create
from mailintake import imap
from mailintake.body_pdf import message_pdf
from mailintake.messages import MailItem, read_message
from mailintake.models import MailAccount, MailRule, ProcessedMessage
from mailintake.rules import choose_take

logger = logging.getLogger(__name__)
MAX_BACKOFF_MINUTES = 60


@dataclass
class CheckReport:
    account: str
    messages: int = 0
    captures: list[int] = field(default_factory=list)
    skipped: int = 0  # already taken (same Message-ID) or no rule matched
    error: str = ""


def mail_accounts_check(*, now: datetime.datetime | None = None) -> list[CheckReport]:
    """Check every active account that is due; one failing does not stop the others."""
    now = now or timezone.now()
    due = MailAccount.objects.filter(is_active=True).filter(Q(next_check_at__isnull=True) | Q(next_check_at__lte=now))
    return [mail_account_check(account=account) for account in due]


def mail_account_check(*, account: MailAccount) -> CheckReport:
    report = CheckReport(account=account.name)
    rules = list(account.rules.all())
    try:
        with imap.mailbox(
            host=account.host,
            port=account.port,
            security=account.security,
            username=account.username,
            password=account.password,
            folder=account.folder,
        ) as client:
            for uid in imap.untaken_uids(client):
                _take_message(client, uid, account, rules, report)
    except (imap.MailboxError, ValueError) as error:
        report.error = str(error)
    _record_outcome(account, report)
    return report


def _take_message(client, uid: bytes, account: MailAccount, rules: list[MailRule], report: CheckReport) -> None:
    item = read_message(imap.fetch(client, uid))
    report.messages += 1
    if not ProcessedMessage.objects.filter(message_id=item.message_id).exists():
        take = choose_take(rules, item)
        if take is None:
            report.skipped += 1
            return  # no rule wants it: left unflagged in the mailbox for people to read
        report.captures += _capture(item, take, account)
    else:
        report.skipped += 1
    imap.mark_taken(client, uid, move_to=account.move_to if account.after == MailAccount.After.MOVE else "")


def _capture(item: MailItem, take: str, account: MailAccount) -> list[int]:
    """Capture what the rule takes of the message and remember its Message-ID; return the new capture ids."""
    contents = [(attachment.name, attachment.data) for attachment in item.attachments]
    with_body = take == MailRule.Take.ATTACHMENTS_AND_BODY or (
        take == MailRule.Take.ATTACHMENTS_OR_BODY and not item.attachments
    )
    if with_body:
        contents.append((f"surel-{(item.subject or 'tanpa-perihal')[:60]}.pdf", message_pdf(item)))
    captures: list[Capture] = []
    for name, data in contents:
        outcome = capture_create(content=data, name=name, source=Capture.Source.EMAIL, context=item.context)
        captures.append(outcome.capture)
    note = ""
    if item.other_files:
        note = "Lampiran lain tidak diambil: " + ", ".join(item.other_files)
    try:
        with transaction.atomic():
            record = ProcessedMessage.objects.create(
                message_id=item.message_id, account=account, sender=item.sender, subject=item.subject, note=note
            )
            record.captures.set(captures)
    except IntegrityError:
        logger.info("Message %s was taken in meanwhile by another check", item.message_id)
    return [capture.pk for capture in captures]


def _record_outcome(account: MailAccount, report: CheckReport) -> None:
    now = timezone.now()
    account.last_checked_at = now
    if report.error:
        account.failures += 1
        account.last_error = report.error[:2000]
        wait = min(2 ** (account.failures - 1), MAX_BACKOFF_MINUTES)
        account.next_check_at = now + datetime.timedelta(minutes=wait)
        logger.warning("Mail account %s failed (%s times): %s", account.name, account.failures, report.error)
    else:
        account.failures, account.last_error, account.last_success_at, account.next_check_at = 0, "", now, None
    account.save(update_fields=["last_checked_at", "last_success_at", "failures", "last_error", "next_check_at"])
