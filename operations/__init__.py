"""Operations: backup and restore, fixity checks of the stored originals, and the system status page for admins.

Dependency direction: operations reads archive's models (the originals and their hashes) and search's status; no
other app imports operations.
"""
