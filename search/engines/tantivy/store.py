"""Where the Tantivy index lives on disk, who may write it, and readers that follow every commit.

Layout of the index folder (settings.SEARCH_INDEX_DIR, under the data folder)::

    CURRENT           {"generation": "g-...", "schema": 1}: the index searches read; replaced atomically
    g-<time>-<rand>/  one Tantivy index per full build
    writer.lock       held (flock) while a process writes: one writer at a time
    rebuild.lock      held for the whole of a rebuild
    rebuild.journal   changes written while a rebuild runs, replayed into the new index before it is swapped in

Writing: ``writing()`` takes writer.lock, opens a Tantivy writer on the current generation and, when the block
ends without error, commits and waits for its merges. A commit is atomic (Tantivy publishes a new meta.json by
rename): a process killed mid-commit leaves the last commit intact, and the outbox, whose rows are deleted only
after the commit, replays what was lost.

Rebuilding: a new generation is loaded beside the current one, which keeps answering; changes written meanwhile go
to the current generation and to the journal; at the end, under writer.lock, the journal is replayed into the new
generation and CURRENT is replaced by rename, so every reader sees either the old index or the whole new one.

Reading: each process keeps its open index per folder (``Reader``). Before each search it looks at CURRENT and at
the generation's meta.json (two stat calls) and reopens or reloads when either changed, so a commit or a swap made
by another process is seen by the next search.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import tantivy

from search.engines.tantivy.schema import SCHEMA_VERSION, create_index, open_index
from search.types import SearchError

LOCK_TIMEOUT = 60.0  # seconds a writer waits for another one (a rebuild's last phase, a long merge)
WRITER_HEAP = 32_000_000  # bytes, for the outbox's small batches
OPEN_ATTEMPTS = 3  # a generation swapped out between reading CURRENT and opening it: read CURRENT again


@dataclass(frozen=True)
class Pointer:
    generation: str
    schema: int


def _stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


@contextlib.contextmanager
def file_lock(path: Path, *, shared: bool = False, timeout: float | None = LOCK_TIMEOUT) -> Iterator[None]:
    """flock ``path``; ``timeout`` None: fail at once when it is held. Released by the kernel if the process dies."""
    handle = open(path, "a+")  # noqa: SIM115 - closed below, after unlocking
    try:
        deadline = time.monotonic() + (timeout or 0.0)
        mode = (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB
        while True:
            try:
                fcntl.flock(handle, mode)
                break
            except BlockingIOError:
                if timeout is None or time.monotonic() >= deadline:
                    raise LockBusy(path) from None
                time.sleep(0.02)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        handle.close()


class LockBusy(SearchError):
    def __init__(self, path: Path):
        super().__init__(f"the search index is busy ({path.name} is held by another process)")
        self.path = path


class Reader:
    """A process's open index of one folder, reopened or reloaded when CURRENT or meta.json change."""

    def __init__(self, store: Store):
        self.store = store
        self.lock = threading.Lock()
        self.pointer_stamp: tuple | None = None
        self.pointer: Pointer | None = None
        self.index: tantivy.Index | None = None
        self.meta_stamp: tuple | None = None

    def searcher(self) -> tantivy.Searcher:
        return self.current().searcher()

    def current(self) -> tantivy.Index:
        """The current generation's index, reloaded to its last commit."""
        with self.lock:
            for attempt in range(OPEN_ATTEMPTS):
                try:
                    self._follow()
                    break
                except (OSError, ValueError):  # swapped out (and deleted) while being opened: look again
                    self.pointer_stamp = None
                    if attempt == OPEN_ATTEMPTS - 1:
                        raise
            assert self.index is not None
            return self.index

    def _follow(self) -> None:
        stamp = _stamp(self.store.current_file)
        if stamp is None:
            self.store.ensure()
            stamp = _stamp(self.store.current_file)
        if stamp != self.pointer_stamp or self.index is None:
            pointer = self.store.pointer()
            if pointer.schema != SCHEMA_VERSION:
                raise SearchError(
                    f"the search index was built by another version (schema {pointer.schema}, this one reads "
                    f"{SCHEMA_VERSION}): run manage.py search_reindex"
                )
            if self.pointer is None or pointer.generation != self.pointer.generation or self.index is None:
                self.index = open_index(self.store.root / pointer.generation)
                self.meta_stamp = None
            self.pointer, self.pointer_stamp = pointer, stamp
        meta = _stamp(self.store.root / self.pointer.generation / "meta.json")
        if meta != self.meta_stamp:
            self.index.reload()
            self.meta_stamp = meta


_readers: dict[Path, Reader] = {}
_readers_lock = threading.Lock()
MAX_READERS = 8  # tests open an index per test: keep only the last few


class Store:
    def __init__(self, root: Path | str):
        self.root = Path(root)
        self.current_file = self.root / "CURRENT"
        self.writer_lock = self.root / "writer.lock"
        self.rebuild_lock = self.root / "rebuild.lock"
        self.journal_file = self.root / "rebuild.journal"

    # --- generations ----------------------------------------------------------------------------------------------

    def pointer(self) -> Pointer:
        data = json.loads(self.current_file.read_text())
        return Pointer(generation=data["generation"], schema=int(data.get("schema", 0)))

    def ensure(self) -> None:
        """Create the folder and an empty first generation unless CURRENT exists."""
        if self.current_file.exists():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        with file_lock(self.writer_lock):
            if not self.current_file.exists():
                name, _index = self.new_generation()
                self.publish(name)

    def new_generation(self) -> tuple[str, tantivy.Index]:
        name = f"g-{time.strftime('%Y%m%dT%H%M%S')}-{secrets.token_hex(4)}"
        return name, create_index(self.root / name)

    def publish(self, generation: str) -> None:
        """Point CURRENT at ``generation``: written beside it and renamed over it (atomic), then made durable."""
        temporary = self.root / f".CURRENT.{secrets.token_hex(4)}"
        with open(temporary, "w") as handle:
            json.dump({"generation": generation, "schema": SCHEMA_VERSION}, handle)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.current_file)
        directory = os.open(self.root, os.O_RDONLY)
        try:
            os.fsync(directory)
        finally:
            os.close(directory)

    def remove_stale(self) -> None:
        """Delete generations other than the current one (those swapped out, and builds that died). Only while the
        rebuild lock is held: no build is under way then. Readers of a removed generation keep their open files."""
        keep = self.pointer().generation
        for path in self.root.glob("g-*"):
            if path.is_dir() and path.name != keep:
                shutil.rmtree(path, ignore_errors=True)

    # --- reading --------------------------------------------------------------------------------------------------

    def reader(self) -> Reader:
        with _readers_lock:
            reader = _readers.get(self.root)
            if reader is None:
                if len(_readers) >= MAX_READERS:
                    _readers.pop(next(iter(_readers)))
                reader = _readers[self.root] = Reader(self)
            return reader

    def searcher(self) -> tantivy.Searcher:
        return self.reader().searcher()

    # --- writing --------------------------------------------------------------------------------------------------

    @contextlib.contextmanager
    def writing(self) -> Iterator[tuple[tantivy.IndexWriter, tantivy.Index]]:
        """The current generation's writer, alone; committed (and its merges finished) when the block succeeds."""
        self.ensure()
        with file_lock(self.writer_lock):
            index = self.reader().current()  # the index this process reads, at its last commit
            writer = index.writer(heap_size=WRITER_HEAP, num_threads=1)
            try:
                yield writer, index
            except BaseException:
                writer.rollback()
                raise
            commit(writer)
            writer.wait_merging_threads()  # merges done before another writer may start
        self.reader().searcher()  # this process sees its own commit at once

    def rebuilding(self) -> bool:
        """Whether a rebuild holds its lock now (asked under the writer lock)."""
        try:
            with file_lock(self.rebuild_lock, shared=True, timeout=None):
                return False
        except LockBusy:
            return True


def commit(writer: tantivy.IndexWriter) -> int:
    """Publish what ``writer`` added and deleted (one atomic step; a crash before it loses the batch, not the index)."""
    return writer.commit()


class Journal:
    """The changes written while a rebuild runs (JSON lines), replayed into the new generation before the swap."""

    def __init__(self, path: Path):
        self.path = path

    def reset(self) -> None:
        self.path.write_text("")

    def append(self, entries: list[dict]) -> None:
        with open(self.path, "a", encoding="utf-8") as handle:
            for entry in entries:
                handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
            handle.flush()
            os.fsync(handle.fileno())

    def entries(self) -> Iterator[dict]:
        if not self.path.exists():
            return
        with open(self.path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
