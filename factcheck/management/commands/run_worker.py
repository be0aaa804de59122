from django_tasks_db.management.commands.db_worker import Command as DatabaseWorkerCommand

from factcheck.services.workers import Heartbeat, beat, requeue_orphaned_tasks


class Command(DatabaseWorkerCommand):
    help = (
        "Run a task worker: django-tasks' database worker, plus a heartbeat so that a task whose worker "
        "died is put back in the queue and finished by another. Run as many as you like, on one machine "
        "or several sharing the database. Options as for db_worker."
    )

    def handle(self, *args, worker_id: str, **options):
        beat(worker_id)
        for task_id in requeue_orphaned_tasks():
            self.stdout.write(f"requeued task {task_id}: its worker stopped answering")
        heartbeat = Heartbeat(worker_id, log=self.stdout.write)
        heartbeat.start()
        try:
            super().handle(*args, worker_id=worker_id, **options)
        finally:
            heartbeat.stop()
