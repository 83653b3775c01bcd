"""Models of the records archive.

Dependency direction: classification <- letters <- capture <- classifier, and organisation <- registers (which
points at letters by name); later modules may import earlier ones.
"""

from .capture import Capture
from .classification import ClassificationCode
from .classifier import ClassifierModel
from .letters import IncomingLetter
from .organisation import Position, PositionHolder, Unit
from .registers import Register, RegisterEntry, Sequence

__all__ = [
    "Capture",
    "ClassificationCode",
    "ClassifierModel",
    "IncomingLetter",
    "Position",
    "PositionHolder",
    "Register",
    "RegisterEntry",
    "Sequence",
    "Unit",
]

# Dispositions depend on letters and organisation.
from .dispositions import (  # noqa: E402
    Disposition,
    DispositionRecipient,
    FollowUpReport,
    Holiday,
    Instruction,
    Reminder,
    ReportAttachment,
)

__all__ += [
    "Disposition",
    "DispositionRecipient",
    "FollowUpReport",
    "Holiday",
    "Instruction",
    "Reminder",
    "ReportAttachment",
]

# Outgoing letters depend on letters (choices), classification and organisation.
from .outgoing import Dispatch, OutgoingLetter, ReviewStep  # noqa: E402

__all__ += ["Dispatch", "OutgoingLetter", "ReviewStep"]

# What letters print about the office and its people: the kop of a unit, an employee's rank and NIP.
from .letterhead import Employee, Letterhead  # noqa: E402

__all__ += ["Employee", "Letterhead"]

# Electronic signatures depend on outgoing letters.
from .signing import LetterSignature, SignatureImmutable, SigningAuthority, SigningCertificate  # noqa: E402

__all__ += ["LetterSignature", "SignatureImmutable", "SigningAuthority", "SigningCertificate"]

# Filing (berkas, retention, disposal) depends on letters, classification and organisation.
from .filing import (  # noqa: E402
    CaseFile,
    CaseFileItem,
    DeletionRefused,
    DisposalProposal,
    DisposalProposalItem,
    DisposalRecord,
    disposal_path,
)

__all__ += [
    "CaseFile",
    "CaseFileItem",
    "DeletionRefused",
    "DisposalProposal",
    "DisposalProposalItem",
    "DisposalRecord",
    "disposal_path",
]

# The crosswalk between the schemes depends on classification only.
from .crosswalk import CrosswalkEntry, CrosswalkTarget  # noqa: E402

__all__ += ["CrosswalkEntry", "CrosswalkTarget"]

# The audit log points at nothing by key, so it depends on no other module.
from .audit import AuditCheck, AuditEvent, AuditLogImmutable  # noqa: E402

__all__ += ["AuditCheck", "AuditEvent", "AuditLogImmutable"]

# Notifications point at letters (incoming and outgoing) and users.
from .notifications import Notification, NotificationSettings  # noqa: E402

__all__ += ["Notification", "NotificationSettings"]

# Invitation events hang off incoming letters; calendar feeds off users.
from .events import CalendarFeed, LetterEvent  # noqa: E402

__all__ += ["CalendarFeed", "LetterEvent"]
