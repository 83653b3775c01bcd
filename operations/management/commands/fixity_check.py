"""`manage.py fixity_check [--all]`: check the next slice of originals (run by run_periodic), or a whole pass."""

from django.core.management.base import BaseCommand

from operations.fixity import fixity_check_slice


class Command(BaseCommand):
    help = (
        "Recompute the SHA-256 of the next slice of stored originals and record any that is missing or changed "
        "(e-mailed to the admins, shown on the system status page). --all checks every original in one go."
    )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="Finish the current pass now.")
        parser.add_argument("--files", type=int, default=None, help="At most this many files in the slice.")

    def handle(self, *args, all: bool = False, files: int | None = None, **options):
        checked, problems = 0, []
        while True:
            result = fixity_check_slice(max_files=files)
            checked += result.checked
            problems += result.new_problems
            if not all or result.pass_finished:
                break
        for problem in problems:
            self.stdout.write(f"{problem.kind}: {problem.path} (capture {problem.capture_id})")
        if options["verbosity"]:
            self.stdout.write(f"{checked} originals checked, {len(problems)} new problems")
