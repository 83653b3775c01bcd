"""Template tags for SOP pages: the swimlane flowchart with its text alternative."""

from __future__ import annotations

from django import template
from django.utils.safestring import mark_safe

from cms import flowchart

register = template.Library()


@register.inclusion_tag("cms/includes/flowchart.html")
def sop_flowchart(page) -> dict:
    """Render the swimlane flowchart of an SOP page as inline SVG, with its steps as an ordered list."""
    flow = flowchart.flow_from_page(page)
    ident = f"sop-flowchart-{page.pk or 'new'}"
    return {
        "flow": flow,
        "has_steps": bool(flow.steps),
        "svg": mark_safe(flowchart.render_swimlane_svg(flow, ident=ident)),  # noqa: S308 - built with escaping
        "steps_text": flowchart.text_alternative(flow),
        "steps_id": flowchart.steps_id(ident),
        "ident": ident,
    }
