"""Backup and restore of a whole instance: the database, every stored file and a manifest of their SHA-256.

manifest.py says what an archive holds; database.py dumps and restores the database (SQLite online backup or
pg_dump); files.py walks the file storage (local or S3); locations.py reads and writes archives on a local disk or
in an S3 bucket; services.py puts them together (backup_create, backup_restore). Each module imports only those
listed before it.
"""
