"""A PostgreSQL role for the application that cannot truncate, alter or rewrite the audit log.

The triggers (archive.audit_triggers) refuse changes, but the table's owner (and a superuser) can drop them, and
TRUNCATE needs its own privilege. So production runs migrations as the database's owner and serves with a role
that may only read the log, add rows to it and seal them: ``role_sql`` is the script (``manage.py audit_role_sql``
prints it), and ``role_warnings`` tells ``audit_verify`` when the application's own connection could do more.
"""

from __future__ import annotations

from django.db import connection

ROLE_SQL = """\
-- Run as the owner of the database (the role that runs `manage.py migrate`), after every migrate that adds tables
-- if ALTER DEFAULT PRIVILEGES below is not in place. The application then connects as {role}.
CREATE ROLE {role} LOGIN PASSWORD {password};
GRANT CONNECT ON DATABASE {database} TO {role};
GRANT USAGE ON SCHEMA public TO {role};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role};
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {role};
-- The audit log: read, add, and seal (set seq, prev_hash, hash once); never change, delete, empty or alter it.
REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON archive_auditevent FROM {role};
GRANT UPDATE (seq, prev_hash, hash) ON archive_auditevent TO {role};
"""


def role_sql(*, role: str, password: str, database: str) -> str:
    """The script that creates the application's role ``role`` (names and password quoted for SQL)."""
    return ROLE_SQL.format(role=_identifier(role), password=_literal(password), database=_identifier(database))


def _identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def role_warnings() -> list[str]:
    """What the application's own database connection could do to the audit log beyond reading and adding."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT r.rolsuper,
                      pg_get_userbyid(c.relowner) = current_user,
                      has_table_privilege(current_user, c.oid, 'TRUNCATE'),
                      has_table_privilege(current_user, c.oid, 'DELETE'),
                      has_column_privilege(current_user, c.oid, 'actor', 'UPDATE')
               FROM pg_class c, pg_roles r
               WHERE c.oid = 'archive_auditevent'::regclass AND r.rolname = current_user"""
        )
        superuser, owner, truncate, delete, update = cursor.fetchone()
    found = []
    if superuser or owner:
        found.append(
            "aplikasi terhubung sebagai pemilik tabel log audit atau superuser: pemicu pengaman dapat dimatikan "
            "(lihat README, 'Peran basis data untuk aplikasi')"
        )
    elif truncate or delete or update:
        found.append("peran basis data aplikasi dapat mengosongkan, menghapus atau mengubah baris log audit")
    return found
