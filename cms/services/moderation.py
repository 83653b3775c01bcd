"""Moderation services: submit a page to its workflow, approve or reject the task it waits on."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from wagtail.models import Page, TaskState, WorkflowState

from cms.models.workflow import APPROVE_INCOMPLETE


def page_submit_for_moderation(*, page: Page, user) -> WorkflowState:
    """Start the page's workflow on its latest revision, as the editor's 'Submit for moderation' does."""
    workflow = page.get_workflow()
    if workflow is None:
        raise ValueError(f"No workflow applies to page {page.pk}")
    if page.workflow_in_progress:
        return page.current_workflow_state
    if page.latest_revision is None:
        page.save_revision(user=user)
    return workflow.start(page, user)


def page_moderate(*, page: Page, user, approve: bool, comment: str = "", confirm_incomplete: bool = False) -> TaskState:
    """Approve or reject the task the page waits on; the last approval publishes the page.

    A page the completeness check finds lacking is approved only with ``confirm_incomplete``, as the
    moderator's explicit confirmation in the admin.
    """
    state = page.current_workflow_state
    if state is None or state.current_task_state is None:
        raise ValueError(f"Page {page.pk} is not in moderation")
    task_state = state.current_task_state
    task = task_state.task.specific
    actions = {name for name, *_ in task.get_actions(page.get_latest_revision_as_object(), user)}
    action = "approve" if approve else "reject"
    if approve and action not in actions and confirm_incomplete and APPROVE_INCOMPLETE in actions:
        action = APPROVE_INCOMPLETE
    if action not in actions:
        raise PermissionDenied(f"{user} may not {action} page {page.pk}")
    task.on_action(task_state, user, action, comment=comment)
    task_state.refresh_from_db()
    return task_state
