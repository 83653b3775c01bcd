"""Plain, frozen results of reading and parsing SOP documents; no Django models."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

PROCESS = "process"
DECISION = "decision"
SOP = "sop"
SERVICE_STANDARD = "service_standard"


@dataclass(frozen=True)
class Duration:
    """A step's time as written: a value, an optional upper bound and a unit (minute/hour/day/week)."""

    value: Decimal
    unit: str
    maximum: Decimal | None = None


@dataclass(frozen=True)
class ParsedStep:
    """One row of the SOP table (or one numbered sentence of a narrative procedure)."""

    activity: str
    actor: str | None = None
    kind: str = PROCESS
    requirements: str = ""
    duration_value: Decimal | None = None
    duration_max: Decimal | None = None
    duration_unit: str = "minute"
    duration_text: str = ""
    output: str = ""
    remarks: str = ""
    no_goto_step: int | None = None


@dataclass(frozen=True)
class ParsedSop:
    """Everything recognised about one SOP, and the names of the fields that could not be filled.

    ``unparsed`` holds SopPage field names ("legal_basis", "cost", ...) and step-level names
    ("step_actors", "step_durations", "step_outputs"); ``notes`` holds plain-words remarks for the
    person reviewing the draft (a written total that disagrees with the steps, a title not in the
    decree's list, ...).
    """

    title: str
    group: str | None = None
    office: str = ""
    number: str = ""
    established_by: str = ""
    date_made: date | None = None
    date_revised: date | None = None
    date_effective: date | None = None
    approved_by_name: str = ""
    approved_by_position: str = ""
    approved_by_nip: str = ""
    legal_basis: tuple[str, ...] = ()
    qualifications: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    equipment: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    records: tuple[str, ...] = ()
    requirements: tuple[str, ...] = ()
    completion_time: str = ""
    cost: str = ""
    is_free: bool = False
    products: tuple[str, ...] = ()
    complaint_channels: tuple[str, ...] = ()
    description: str = ""
    actors: tuple[str, ...] = ()
    steps: tuple[ParsedStep, ...] = ()
    unparsed: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    layout: str = ""
    kind: str = SOP
    # Components only a service standard has (Permenpan RB 15/2014).
    procedure: tuple[str, ...] = ()
    facilities: tuple[str, ...] = ()
    executor_competence: tuple[str, ...] = ()
    internal_supervision: str = ""
    executor_count: str = ""
    service_guarantee: str = ""
    security_guarantee: str = ""
    performance_evaluation: str = ""


@dataclass(frozen=True)
class DocumentContext:
    """What a document says once for all its SOPs: the office, the enacting decree and its list of titles."""

    office: str = ""
    number: str = ""
    decree: str = ""
    date_effective: date | None = None
    approved_by_name: str = ""
    approved_by_position: str = ""
    approved_by_nip: str = ""
    legal_basis: tuple[str, ...] = ()
    listed_titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedDocument:
    """The SOPs found in one source text, in document order."""

    sops: tuple[ParsedSop, ...]
    context: DocumentContext = field(default_factory=DocumentContext)
    layout: str = ""
    notes: tuple[str, ...] = ()
    # Why a document gives no draft at all ('the SOPs are in an appendix this file does not contain').
    no_sop_reason: str = ""
