"""Processes started for OCR end with the process that started them.

A task worker killed outright (SIGKILL, the OOM killer) cannot stop its children, and an orphaned tesseract or
pdftoppm would go on using a core for a page nobody waits for. On Linux a process can ask the kernel to be killed
when its parent dies (prctl PR_SET_PDEATHSIG); every helper process the OCR starts asks it:

- the page workers of the process pool (``end_with`` the task worker, in their initializer): by the kernel when the
  task worker is their parent (fork), else by a thread watching it (a page worker started by multiprocessing's fork
  server is the server's child; the server only exits once the task worker and every page worker are gone);
- tesseract (started by pytesseract) and pdftoppm/pdfinfo (started by pdf2image): ``install`` gives both libraries
  a ``Popen`` that asks it in the child before the program starts (the request survives exec).

Elsewhere than Linux these are no-ops.
"""

from __future__ import annotations

import ctypes
import functools
import os
import select
import signal
import subprocess
import sys
import threading

PR_SET_PDEATHSIG = 1
_LINUX = sys.platform.startswith("linux")
_libc = ctypes.CDLL(None, use_errno=True) if _LINUX else None
_installed = False


def end_with_parent(parent_pid: int | None = None) -> None:
    """Have the kernel SIGKILL this process when its parent dies; exit at once if the parent is gone already
    (``parent_pid`` no longer the parent: it died between the fork and this request)."""
    if _libc is None:
        return
    _libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if parent_pid is not None and os.getppid() != parent_pid:
        os._exit(1)


def end_with(pid: int) -> None:
    """End this process when process ``pid`` ends (at once if it is gone already)."""
    if os.getppid() == pid:
        end_with_parent(pid)
        return
    if not hasattr(os, "pidfd_open"):  # not Linux (or older than 5.3): nothing to watch with
        return
    try:
        watched = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)
    threading.Thread(target=_end_when_readable, args=(watched,), name="end-with-parent", daemon=True).start()


def _end_when_readable(pidfd: int) -> None:
    select.select([pidfd], [], [])  # a process's pidfd becomes readable when the process ends
    os.kill(os.getpid(), signal.SIGKILL)  # the programs this process started end with it (their own request)


def _ending_with_parent(kwargs: dict) -> dict:
    if _LINUX and kwargs.get("preexec_fn") is None:
        kwargs["preexec_fn"] = functools.partial(end_with_parent, os.getpid())
    return kwargs


class Popen(subprocess.Popen):
    """``subprocess.Popen`` whose child ends with this process."""

    def __init__(self, args, *more, **kwargs) -> None:
        super().__init__(args, *more, **_ending_with_parent(kwargs))


def install() -> None:
    """Make the programs pytesseract and pdf2image start end with the process that starts them (once)."""
    global _installed
    if _installed or not _LINUX:
        return
    import pdf2image.pdf2image
    import pytesseract.pytesseract

    pdf2image.pdf2image.Popen = Popen
    library_args = pytesseract.pytesseract.subprocess_args

    @functools.wraps(library_args)
    def subprocess_args(*args, **kwargs) -> dict:
        return _ending_with_parent(library_args(*args, **kwargs))

    pytesseract.pytesseract.subprocess_args = subprocess_args
    _installed = True
