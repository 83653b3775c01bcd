"""The database's own guard of the audit log: triggers that refuse to change, delete or empty its rows.

The one change allowed is the sealer's: setting a row's place in the chain (seq, prev_hash, hash) once, when it is
still unsealed, with every other column left as it was. The table's owner can drop these triggers; that is why
the application should not connect as the owner (README: "A database role for the application"), and why the
chain (archive.audit_chain) detects what the triggers did not stop.

Used by the migrations that create or rebuild the table, and by the tests, which empty the database between
transactional tests as its owner would (``lifted``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

CONTENT_COLUMNS = (
    "id",
    "uid",
    "mac",
    "at",
    "actor_id",
    "actor",
    "source",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "letter_id",
    "changes",
    "reason",
    "path",
    "sealed_for",
    "sealed_values",
)

_SQLITE_SAME = " AND ".join(f"NEW.{column} IS OLD.{column}" for column in CONTENT_COLUMNS)
SQLITE_INSTALL = [
    f"""CREATE TRIGGER IF NOT EXISTS archive_auditevent_no_update BEFORE UPDATE ON archive_auditevent
        WHEN NOT (OLD.seq IS NULL AND NEW.seq IS NOT NULL AND OLD.hash = '' AND {_SQLITE_SAME})
        BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END""",
    """CREATE TRIGGER IF NOT EXISTS archive_auditevent_no_delete BEFORE DELETE ON archive_auditevent
        BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END""",
]
SQLITE_UNINSTALL = [
    "DROP TRIGGER IF EXISTS archive_auditevent_no_update",
    "DROP TRIGGER IF EXISTS archive_auditevent_no_delete",
]

_PG_NEW = ", ".join(f"NEW.{column}" for column in CONTENT_COLUMNS)
_PG_OLD = ", ".join(f"OLD.{column}" for column in CONTENT_COLUMNS)
POSTGRES_INSTALL = [
    f"""CREATE OR REPLACE FUNCTION archive_auditevent_refuse() RETURNS trigger AS $$
        BEGIN
            IF TG_OP = 'UPDATE' AND OLD.seq IS NULL AND NEW.seq IS NOT NULL AND OLD.hash = ''
               AND ROW({_PG_NEW}) IS NOT DISTINCT FROM ROW({_PG_OLD}) THEN
                RETURN NEW;
            END IF;
            RAISE EXCEPTION 'audit events cannot be changed or deleted';
        END; $$ LANGUAGE plpgsql""",
    """CREATE OR REPLACE FUNCTION archive_auditevent_refuse_truncate() RETURNS trigger AS $$
        BEGIN RAISE EXCEPTION 'the audit log cannot be emptied'; END; $$ LANGUAGE plpgsql""",
    "DROP TRIGGER IF EXISTS archive_auditevent_immutable ON archive_auditevent",
    """CREATE TRIGGER archive_auditevent_immutable BEFORE UPDATE OR DELETE ON archive_auditevent
        FOR EACH ROW EXECUTE FUNCTION archive_auditevent_refuse()""",
    "DROP TRIGGER IF EXISTS archive_auditevent_no_truncate ON archive_auditevent",
    """CREATE TRIGGER archive_auditevent_no_truncate BEFORE TRUNCATE ON archive_auditevent
        FOR EACH STATEMENT EXECUTE FUNCTION archive_auditevent_refuse_truncate()""",
]
POSTGRES_UNINSTALL = [
    "DROP TRIGGER IF EXISTS archive_auditevent_immutable ON archive_auditevent",
    "DROP TRIGGER IF EXISTS archive_auditevent_no_truncate ON archive_auditevent",
]


def _statements(vendor: str, *, install: bool) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_INSTALL if install else SQLITE_UNINSTALL
    if vendor == "postgresql":
        return POSTGRES_INSTALL if install else POSTGRES_UNINSTALL
    return []


def install(connection) -> None:  # noqa: ANN001
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=True):
            cursor.execute(statement)


def uninstall(connection) -> None:  # noqa: ANN001
    with connection.cursor() as cursor:
        for statement in _statements(connection.vendor, install=False):
            cursor.execute(statement)


@contextlib.contextmanager
def lifted(connection) -> Iterator[None]:  # noqa: ANN001
    """Remove the guard for the block, as the table's owner can (tests emptying their database; tamper tests)."""
    uninstall(connection)
    try:
        yield
    finally:
        install(connection)
