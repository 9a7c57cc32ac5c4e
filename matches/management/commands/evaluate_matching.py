from django.core.management.base import BaseCommand
from django.db import connection, transaction

from matches.evaluation import evaluate


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Evaluate the suggestions on a data set: import FILE (buurtwerk-residents/1, "
        "../shared/matching/FORMAT.md) into a scratch database (<name>_evaluation, made and "
        "dropped "
        "again; with --in-place, in the current database in a transaction that is rolled "
        "back), suggest for every open need and print, against EXPECTED (like "
        "sample_expected.json), hit@1, hit@3, MRR and how often a forbidden resident was "
        "shown, and the needs whose good partner is not in the first three."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The data set (JSON).")
        parser.add_argument("expected", help="The expected partners (JSON).")
        parser.add_argument("--limit", type=int, default=10, help="Candidates per need.")
        parser.add_argument(
            "--in-place",
            action="store_true",
            help="Use the current database (rolled back) instead of a scratch one.",
        )

    def handle(self, *args, file, expected, limit, in_place, **options):
        if in_place:
            result = self._rolled_back(file, expected, limit)
        else:
            self.stdout.write("Making a scratch database ...")
            old_name = connection.settings_dict["NAME"]
            # Its own name: never the test database of a test run.
            connection.settings_dict.setdefault("TEST", {})["NAME"] = f"{old_name}_evaluation"
            connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
            try:
                result = evaluate(data_path=file, expected_path=expected, limit=limit)
            finally:
                connection.creation.destroy_test_db(old_name, verbosity=0)
        for seeker, rank in result.missed:
            where = f"rank {rank}" if rank else "not among the candidates"
            self.stdout.write(f"missed: {seeker} ({where})")
        self.stdout.write(result.summary())

    def _rolled_back(self, file, expected, limit):
        found = []
        try:
            with transaction.atomic():
                found.append(evaluate(data_path=file, expected_path=expected, limit=limit))
                raise _Rollback
        except _Rollback:
            pass
        return found[0]
