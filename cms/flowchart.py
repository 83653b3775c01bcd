"""SOP steps to a swimlane flowchart in SVG (pure layout; only flow_from_page touches the page)."""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.sax.saxutils import escape

NO_ACTOR = "(tidak ditentukan)"


@dataclass(frozen=True)
class FlowStep:
    number: int
    activity: str
    actor: str = ""
    is_decision: bool = False
    no_goto_step: int | None = None
    duration: str = ""
    output: str = ""


@dataclass(frozen=True)
class Flow:
    title: str
    actors: list[str] = field(default_factory=list)
    steps: list[FlowStep] = field(default_factory=list)


def flow_from_page(page) -> Flow:
    """Build the flow from an SopPage's ordered actors and steps (the only place that reads the page)."""
    steps = [
        FlowStep(
            number=index,
            activity=step.activity.strip(),
            actor=step.actor.strip(),
            is_decision=step.is_decision,
            no_goto_step=step.no_goto_step,
            duration=step.duration_display,
            output=step.output.strip(),
        )
        for index, step in enumerate(page.ordered_steps, start=1)
    ]
    return Flow(title=page.title, actors=[a.name.strip() for a in page.ordered_actors], steps=steps)


def steps_id(ident: str) -> str:
    return f"{ident}-steps"


def text_alternative(flow: Flow) -> list[str]:
    return [f"{s.actor or NO_ACTOR}: {s.activity}" for s in flow.steps]


def render_swimlane_svg(flow: Flow, *, ident: str = "sop-flowchart") -> str:
    title = escape(flow.title)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 100 100" width="100%" '
        f'aria-labelledby="{ident}-title" aria-describedby="{steps_id(ident)}">'
        f'<title id="{ident}-title">{title}</title></svg>'
    )
