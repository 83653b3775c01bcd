"""Who holds which post on a given day, with acting holders (Plt) resolved, and the unit tree."""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet

from archive.models import Position, PositionHolder, Unit


def _on(day: datetime.date) -> Q:
    return Q(start__lte=day) & (Q(end__isnull=True) | Q(end__gte=day))


def position_holders_on(*, position: Position, day: datetime.date) -> list[PositionHolder]:
    """Return who holds ``position`` on ``day``, the acting holder (Plt) first.

    During a Plt's period the Plt exercises the post (signs, receives dispositions) while the definitive holder
    keeps it, so both are returned and the one who acts comes first. Empty when the post is vacant that day.
    """
    holders = PositionHolder.objects.filter(_on(day), position=position).select_related("user", "position")
    return sorted(holders, key=lambda holder: (not holder.acting, holder.start, holder.pk))


def position_holder_acting_for(*, position: Position, day: datetime.date) -> PositionHolder | None:
    """Return the one person who exercises ``position`` on ``day``: the Plt if there is one, else the holder."""
    holders = position_holders_on(position=position, day=day)
    return holders[0] if holders else None


def user_positions(*, user, day: datetime.date) -> list[PositionHolder]:
    """Return the posts ``user`` holds on ``day``, definitive and acting (Plt), highest post first."""
    holds = PositionHolder.objects.filter(_on(day), user=user).select_related("position", "position__unit")
    return sorted(holds, key=lambda hold: (hold.position.rank, hold.acting, hold.position.title))


def unit_descendants(*, unit: Unit, include_self: bool = True) -> QuerySet[Unit]:
    """Return the unit's sub-units at every depth (one query per level of the tree)."""
    found: set[int] = {unit.pk} if include_self else set()
    level = [unit.pk]
    while level:
        level = [pk for pk in Unit.objects.filter(parent_id__in=level).values_list("pk", flat=True) if pk not in found]
        found.update(level)
    return Unit.objects.filter(pk__in=found)


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    """Return the chain of parent units from the unit's parent up to the top."""
    chain: list[Unit] = []
    node = unit.parent
    while node is not None and node not in chain:
        chain.append(node)
        node = node.parent
    return chain


def position_superiors(*, position: Position) -> list[Position]:
    """Return the chain of superior posts (atasan) up to the head of the office."""
    chain: list[Position] = []
    node = position.parent
    while node is not None and node not in chain:
        chain.append(node)
        node = node.parent
    return chain


def head_of_office() -> Position | None:
    """Return the post at the top of the hierarchy (no superior, lowest rank): where incoming letters go first."""
    return Position.objects.filter(parent__isnull=True).order_by("rank", "pk").first()
