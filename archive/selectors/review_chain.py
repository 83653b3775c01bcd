"""Who may verify and sign an outgoing letter: the review chain read from the organisation tree.

Segregation of duties (SRIKANDI's outgoing flow; Permendagri 1/2023 on who signs naskah dinas):
- The signer is a leader's post (Kepala Dinas, Sekretaris, Kabid, Kasi, Kasubag) above the drafter: a superior of
  a post the drafter holds, a leader of the sending unit or of a unit above it, or the head of office. Never a post
  the drafter holds himself (definitive or Plt) on the day, and never the drafter in person (see
  ``person_may_decide``), so no one signs his own draft.
- Verifiers (the paraf chain) are other posts than the drafter's own; the proposal is the drafter's superiors,
  from the nearest up to the signer, as SRIKANDI proposes them.
- After a return, the next round proposes the chain of the round before.

Every function reads; ``archive.services.outgoing`` enforces the same rules with ``signer_refusal`` and
``verifier_refusal`` when a draft is submitted and when a step is decided.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from archive.models import OutgoingLetter, Position, ReviewStep, Unit
from archive.selectors.organisation import head_of_office, position_superiors, unit_ancestors, user_positions

LEADER_KINDS = (
    Position.Kind.KEPALA_DINAS,
    Position.Kind.SEKRETARIS,
    Position.Kind.KABID,
    Position.Kind.KASI,
    Position.Kind.KASUBAG,
)


@dataclass(frozen=True)
class ChainProposal:
    """The chain offered on the submit form: verifiers lowest post first, the signer, and what else may be chosen."""

    verifiers: list[Position]
    signer: Position | None
    signer_choices: list[Position] = field(default_factory=list)
    verifier_choices: list[Position] = field(default_factory=list)


def drafter_post_ids(*, user, day: datetime.date) -> set[int]:
    """The posts ``user`` holds on ``day``, definitive and acting (Plt)."""
    return {hold.position_id for hold in user_positions(user=user, day=day)}


def _drafter_superiors(*, user, day: datetime.date) -> list[Position]:
    """The superiors of every post the drafter holds, nearest first, each once."""
    found: dict[int, Position] = {}
    for hold in user_positions(user=user, day=day):
        for position in position_superiors(position=hold.position):
            found.setdefault(position.pk, position)
    return list(found.values())


def signer_choices(*, user, unit: Unit, day: datetime.date) -> list[Position]:
    """Posts that may sign a letter drafted by ``user`` for ``unit`` on ``day``, the highest post last.

    The drafter's superiors, the leaders of the drafter's units (the sending unit when he holds no post) and of
    the units above them, and the head of office; only leaders' posts that rank above every post he holds.
    """
    holds = user_positions(user=user, day=day)
    own = {hold.position_id for hold in holds}
    own_units = {hold.position.unit_id: hold.position.unit for hold in holds} or {unit.pk: unit}
    units = {u.pk for start in own_units.values() for u in [start, *unit_ancestors(unit=start)]}
    candidates: dict[int, Position] = {position.pk: position for position in _drafter_superiors(user=user, day=day)}
    for position in Position.objects.filter(unit_id__in=units, kind__in=LEADER_KINDS).select_related("unit"):
        candidates.setdefault(position.pk, position)
    head = head_of_office()
    if head is not None:
        candidates.setdefault(head.pk, head)
    highest_held = min((hold.position.rank for hold in holds), default=None)
    allowed = [
        position
        for position in candidates.values()
        if position.kind in LEADER_KINDS
        and position.pk not in own
        and (highest_held is None or position.rank < highest_held or position.pk == getattr(head, "pk", None))
    ]
    return sorted(allowed, key=lambda position: (-position.rank, position.title))


def verifier_choices(*, user, day: datetime.date) -> list[Position]:
    """Posts that may verify: every post but the drafter's own, leaders first from the lowest rank up."""
    own = drafter_post_ids(user=user, day=day)
    positions = Position.objects.exclude(pk__in=own).select_related("unit")
    return sorted(positions, key=lambda position: (position.kind not in LEADER_KINDS, -position.rank, position.title))


def _default_signer(*, user, choices: list[Position]) -> Position | None:
    """The highest superior of the drafter among the choices (the head of office in a small Dinas)."""
    return choices[-1] if choices else None


def verifiers_below(*, user, signer: Position, day: datetime.date) -> list[Position]:
    """The drafter's superiors from the nearest up to, not including, ``signer``: the paraf chain."""
    own = drafter_post_ids(user=user, day=day)
    chain: list[Position] = []
    for position in _drafter_superiors(user=user, day=day):
        if position.pk == signer.pk:
            break
        if position.pk not in own and position.kind in LEADER_KINDS:
            chain.append(position)
    return chain


def previous_chain(*, letter: OutgoingLetter) -> tuple[list[Position], Position | None]:
    """The verifiers and signer of the letter's latest round (kept when a returned letter is sent again)."""
    if not letter.pk or letter.current_round == 0:
        return [], None
    steps = letter.review_steps.filter(round=letter.current_round).select_related("position__unit").order_by("order")
    verifiers = [step.position for step in steps if step.role == ReviewStep.Role.VERIFIER]
    signer = next((step.position for step in steps if step.role == ReviewStep.Role.SIGNER), None)
    return verifiers, signer


def chain_proposal(*, letter: OutgoingLetter, day: datetime.date) -> ChainProposal:
    """What the submit form proposes: the last round's chain after a return, else the drafter's superiors."""
    user = letter.drafter
    signers = signer_choices(user=user, unit=letter.unit, day=day)
    verifiers = verifier_choices(user=user, day=day)
    kept_verifiers, kept_signer = previous_chain(letter=letter)
    if kept_signer is not None:
        return ChainProposal(kept_verifiers, kept_signer, signers, verifiers)
    signer = _default_signer(user=user, choices=signers)
    proposed = verifiers_below(user=user, signer=signer, day=day) if signer else []
    return ChainProposal(proposed, signer, signers, verifiers)


def signer_refusal(*, letter: OutgoingLetter, signer: Position, day: datetime.date) -> str:
    """Why ``signer`` may not sign ``letter`` (empty when it may)."""
    if signer.pk in drafter_post_ids(user=letter.drafter, day=day):
        return _("Konseptor tidak boleh menandatangani suratnya sendiri; pilih atasan sebagai penandatangan.")
    if signer.pk not in {p.pk for p in signer_choices(user=letter.drafter, unit=letter.unit, day=day)}:
        return _(
            "%(position)s tidak dapat menandatangani surat ini: penandatangan harus pimpinan di atas konseptor "
            "atau unit pengirim, atau kepala kantor."
        ) % {"position": signer}
    return ""


def verifier_refusal(*, letter: OutgoingLetter, verifiers: list[Position], day: datetime.date) -> str:
    """Why the verifier list may not stand (empty when it may)."""
    own = drafter_post_ids(user=letter.drafter, day=day)
    mine = [str(position) for position in verifiers if position.pk in own]
    if mine:
        return _("Konseptor tidak boleh memeriksa suratnya sendiri: %(names)s.") % {"names": ", ".join(mine)}
    return ""


def person_may_decide(*, letter: OutgoingLetter, user) -> bool:
    """The drafter never decides a step of his own letter, even when he holds (or acts for) the step's post."""
    return user.pk != letter.drafter_id
