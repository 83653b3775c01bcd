"""Background tasks of the archive: thin interfaces that load by id and call the pipeline or a service."""

from django_tasks import task


@task()
def process_capture_task(capture_id: int) -> str:
    from archive.pipeline import process_capture

    return process_capture(capture_id).status


@task()
def train_classifier_task() -> int:
    from archive.services.classifier import classifier_train

    trained = classifier_train()
    return trained.example_count if trained else 0


@task()
def send_notification_emails_task(notification_ids: list[int]) -> int:
    from archive.services.notifications import notification_emails_send

    return notification_emails_send(ids=notification_ids)


@task()
def send_dispatch_email_task(dispatch_id: int) -> str:
    from archive.services.delivery import dispatch_email_send

    return dispatch_email_send(dispatch_id=dispatch_id).state
