"""Background tasks of the catalogue: thin interfaces that load by id and call a service."""

from django_tasks import task


@task()
def import_sop_task(job_id: int) -> str:
    from cms.services.import_jobs import import_job_run

    return import_job_run(job_id=job_id).status
