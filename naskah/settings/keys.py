"""Secrets the settings need: given by the environment, or generated once into a file that only the owner reads."""

from __future__ import annotations

import os
import secrets
from pathlib import Path


def secret_from_env_or_file(*, env: str, path: Path, nbytes: int = 50) -> str:
    """Return the environment variable ``env`` when set and not empty, else the secret kept in ``path``.

    The file is created on first use with a random URL-safe secret (mode 0600, its folder 0700). Processes
    starting at once (web workers, task workers) all read the same secret: the file is written under a temporary
    name and linked into place, so a reader never sees a half-written file and only the first writer wins.
    """
    given = os.environ.get(env, "").strip()
    if given:
        return given
    if path.exists():
        return _read(path)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as handle:
        handle.write(secrets.token_urlsafe(nbytes) + "\n")
    try:
        os.link(temporary, path)  # fails if another process linked its secret first: theirs is the one
    except FileExistsError:
        pass
    finally:
        temporary.unlink()
    return _read(path)


def _read(path: Path) -> str:
    value = path.read_text(encoding="ascii").strip()
    if not value:
        raise RuntimeError(f"The secret file {path} is empty; delete it to generate a new one.")
    return value
