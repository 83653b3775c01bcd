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
