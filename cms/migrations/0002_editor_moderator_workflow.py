"""Create the Editor and Moderator groups and the moderation workflow of the catalogue.

Wagtail's own initial data creates 'Editors' and 'Moderators' and a 'Moderators approval' workflow on the
root page; those are renamed rather than duplicated, so there is one pair of groups and one workflow.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "Editor"
MODERATOR = "Moderator"
WORKFLOW = "Persetujuan Moderator"
PAGE_PERMISSIONS = {EDITOR: ["add", "change"], MODERATOR: ["add", "change", "publish", "lock", "unlock"]}
MODEL_PERMISSIONS = {
    EDITOR: [
        ("wagtailadmin", "admin", ["access_admin"]),
        ("cms", "sopcategory", ["add_sopcategory", "change_sopcategory", "view_sopcategory"]),
        ("wagtailimages", "image", ["add_image", "change_image", "choose_image"]),
        ("wagtaildocs", "document", ["add_document", "change_document", "choose_document"]),
    ],
    MODERATOR: [
        ("wagtailadmin", "admin", ["access_admin"]),
        ("cms", "sopcategory", ["add_sopcategory", "change_sopcategory", "delete_sopcategory", "view_sopcategory"]),
        ("wagtailimages", "image", ["add_image", "change_image", "delete_image", "choose_image"]),
        ("wagtaildocs", "document", ["add_document", "change_document", "delete_document", "choose_document"]),
    ],
}


def _group(Group, name, legacy):
    group = Group.objects.filter(name=name).first()
    if group:
        return group
    group = Group.objects.filter(name=legacy).first()
    if group:
        group.name = name
        group.save()
        return group
    return Group.objects.create(name=name)


def _grant_page_permissions(apps, group, codenames):
    Page = apps.get_model("wagtailcore", "Page")
    Permission = apps.get_model("auth", "Permission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    root = Page.objects.filter(depth=1).first()
    if root is None:
        return
    for codename in codenames:
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=f"{codename}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)


def _grant_model_permissions(apps, group, grants):
    Permission = apps.get_model("auth", "Permission")
    for app_label, _model, codenames in grants:
        for codename in codenames:
            permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename).first()
            if permission:
                group.permissions.add(permission)


def _ensure_workflow(apps, moderator):
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    ContentType = apps.get_model("contenttypes", "ContentType")

    root = Page.objects.filter(depth=1).first()
    workflow = Workflow.objects.filter(name__in=[WORKFLOW, "Moderators approval"]).first()
    if workflow is None:
        workflow = Workflow.objects.create(name=WORKFLOW, active=True)
    workflow.name = WORKFLOW
    workflow.active = True
    workflow.save()

    task_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="groupapprovaltask")
    task = GroupApprovalTask.objects.filter(name__in=[WORKFLOW, "Moderators approval"]).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=WORKFLOW, active=True, content_type=task_type)
    task.name = WORKFLOW
    task.save()
    task.groups.set([moderator])
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if root is not None:
        WorkflowPage.objects.update_or_create(page=root, defaults={"workflow": workflow})


def forwards(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    editor = _group(Group, EDITOR, "Editors")
    moderator = _group(Group, MODERATOR, "Moderators")
    for group in (editor, moderator):
        _grant_page_permissions(apps, group, PAGE_PERMISSIONS[group.name])
        _grant_model_permissions(apps, group, MODEL_PERMISSIONS[group.name])
    _ensure_workflow(apps, moderator)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
