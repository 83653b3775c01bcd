"""Recognise decision steps ('Jika setuju ... Jika tidak, diserahkan ke staf') and where 'no' goes back to."""

from __future__ import annotations

import re
from dataclasses import replace

from cms.importers.actors import match_actor
from cms.importers.types import DECISION, ParsedStep

_NO_BRANCH = re.compile(
    r"\b(?:jika|bila|apabila)\s+(?:tidak|ada\s+revisi|belum)\b(?P<rest>.*)",
    re.IGNORECASE | re.DOTALL,
)
_TARGET = re.compile(r"\b(?:ke|kepada)\s+(?P<who>[A-Za-z/ ]{2,60})", re.IGNORECASE)
_STOP = re.compile(r"\s+(?:untuk|dan|agar|yang|apabila|jika|bila|dengan)\b.*$", re.IGNORECASE)


def no_branch(activity: str) -> str | None:
    """Return the text of the 'no' branch of a decision, or None when the activity decides nothing."""
    match = _NO_BRANCH.search(activity)
    return match.group("rest") if match else None


def return_target(branch: str) -> str | None:
    """Return who the 'no' branch hands the work back to ('diserahkan ke staf untuk ...' -> 'staf')."""
    match = _TARGET.search(branch)
    if not match:
        return None
    who = _STOP.sub("", match.group("who")).strip(" ,.")
    return who or None


def mark_decisions(steps: list[ParsedStep], actors: tuple[str, ...]) -> list[ParsedStep]:
    """Mark decision steps and point their 'no' at the returned-to actor's latest earlier step.

    When the actor is not known (or did no earlier step) the 'no' goes back to the previous step,
    which is what the SOP AP flowcharts draw for 'dikembalikan untuk diperbaiki'.
    """
    marked: list[ParsedStep] = []
    for index, step in enumerate(steps):
        branch = no_branch(step.activity)
        if branch is None or index == 0:
            marked.append(step)
            continue
        goto = _goto(steps, index, return_target(branch), actors)
        marked.append(replace(step, kind=DECISION, no_goto_step=goto))
    return marked


def _goto(steps: list[ParsedStep], index: int, who: str | None, actors: tuple[str, ...]) -> int:
    actor = match_actor(who, actors) if who else None
    if actor:
        for earlier in range(index - 1, -1, -1):
            if steps[earlier].actor == actor:
                return earlier + 1
    return index
