"""Dump and restore the database: SQLite through its online backup API, PostgreSQL with pg_dump and pg_restore.

The dump is one consistent snapshot: SQLite's backup copies pages under a read transaction; pg_dump reads in one
repeatable-read transaction. Neither stops the application.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections

SQLITE, POSTGRES = "sqlite", "postgresql"
MEMBERS = {SQLITE: "database.sqlite3", POSTGRES: "database.pgdump"}


class DatabaseError(Exception):
    pass


def engine_of(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in (SQLITE, POSTGRES):
        raise DatabaseError(f"backups cover SQLite and PostgreSQL, not {vendor}")
    return vendor


def dump(target: Path, alias: str = "default") -> str:
    """Write a snapshot of the database to ``target``; return the engine name."""
    engine = engine_of(alias)
    if engine == SQLITE:
        connection = connections[alias]
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        _run_pg("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}"], alias)
    return engine


def is_empty(alias: str = "default") -> bool:
    """Return whether the database holds no Naskah data yet (no migration applied)."""
    connection = connections[alias]
    if "django_migrations" not in connection.introspection.table_names():
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM django_migrations")
        return cursor.fetchone()[0] == 0


def restore(source: Path, engine: str, alias: str = "default") -> None:
    """Replace the database with the snapshot in ``source`` (taken from the same engine)."""
    current = engine_of(alias)
    if current != engine:
        raise DatabaseError(f"this backup holds a {engine} database; this instance runs on {current}")
    connections.close_all()
    if engine == SQLITE:
        name = Path(connections[alias].settings_dict["NAME"])
        name.parent.mkdir(parents=True, exist_ok=True)
        partial = name.with_name(name.name + ".restoring")
        shutil.copyfile(source, partial)
        for suffix in ("-wal", "-shm"):
            Path(f"{name}{suffix}").unlink(missing_ok=True)
        os.replace(partial, name)
    else:
        _run_pg(
            "pg_restore", ["--clean", "--if-exists", "--no-owner", "--no-privileges", str(source)], alias, to_db=True
        )


def _run_pg(program: str, arguments: list[str], alias: str, to_db: bool = False) -> None:
    settings = connections[alias].settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    options = [
        f"--host={settings.get('HOST') or 'localhost'}",
        f"--port={settings.get('PORT') or 5432}",
        f"--username={settings.get('USER') or 'postgres'}",
    ]
    target = [f"--dbname={settings['NAME']}"]
    result = subprocess.run(
        [program, *options, *(target if to_db else []), *arguments, *([] if to_db else [settings["NAME"]])],
        env=env,
        capture_output=True,
        text=True,
        timeout=6 * 3600,
    )
    if result.returncode != 0:
        raise DatabaseError(f"{program} failed: {result.stderr.strip()[-2000:]}")
