"""Let editors and moderators import SOP documents, and make the catalogue's moderation step the approval
that checks completeness (CompletenessReviewTask) instead of Wagtail's plain group approval."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WORKFLOW = "Persetujuan Moderator"


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(content_type__app_label="cms", codename="import_sop")
    for group in Group.objects.filter(name__in=["Editor", "Moderator"]):
        group.permissions.add(permission)
    _review_task(apps, Group)


def _review_task(apps, Group):
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    Task = apps.get_model("wagtailcore", "Task")
    ReviewTask = apps.get_model("cms", "CompletenessReviewTask")
    ContentType = apps.get_model("contenttypes", "ContentType")
    workflow = Workflow.objects.filter(name=WORKFLOW).first()
    moderator = Group.objects.filter(name="Moderator").first()
    if workflow is None or moderator is None:
        return
    task_type, _ = ContentType.objects.get_or_create(app_label="cms", model="completenessreviewtask")
    name = f"{WORKFLOW}: kelengkapan"
    task = ReviewTask.objects.filter(name=name).first()
    if task is None:
        task = ReviewTask.objects.create(name=name, active=True, content_type=task_type)
    task.groups.set([moderator])
    old = list(WorkflowTask.objects.filter(workflow=workflow).exclude(task_id=task.pk))
    WorkflowTask.objects.filter(pk__in=[link.pk for link in old]).delete()
    Task.objects.filter(pk__in=[link.task_id for link in old]).update(active=False)
    WorkflowTask.objects.get_or_create(workflow=workflow, task_id=task.pk, defaults={"sort_order": 0})


class Migration(migrations.Migration):
    dependencies = [("cms", "0005_import_jobs_notes_and_review_task")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
