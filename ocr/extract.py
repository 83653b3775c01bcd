"""Turn a letter (PDF, TIFF, PNG, JPEG, WebP or HEIC; bytes or a path) into per-page text: the OCR pipeline."""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from ocr import children, conf, filetypes, images, pdf
from ocr.errors import ExtractionFailed, RefusedFile
from ocr.pages import PageJob, ocr_page
from ocr.types import ExtractedDocument, Limits, PageText

Source = Path | bytes | bytearray | memoryview | str
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Options:
    """Resolved settings for one run; plain values so that worker processes need no Django."""

    languages: str
    max_bytes: int
    max_pages: int
    max_pixels: int
    dpi: int
    workers: int
    engine: str
    min_text_layer_chars: int
    steps: images.Steps

    @classmethod
    def resolve(cls, *, languages: str | None = None, limits: Limits | None = None) -> Options:
        """Return options from the settings, overridden by the caller's languages and limits."""
        limits = limits or Limits()
        return cls(
            languages=languages or conf.get("OCR_LANGUAGES"),
            max_bytes=limits.max_bytes or conf.get("OCR_MAX_BYTES"),
            max_pages=limits.max_pages or conf.get("OCR_MAX_PAGES"),
            max_pixels=limits.max_pixels or conf.get("OCR_MAX_PIXELS"),
            dpi=conf.get("OCR_DPI"),
            workers=conf.workers(),
            engine=conf.get("OCR_ENGINE"),
            min_text_layer_chars=conf.get("OCR_MIN_TEXT_LAYER_CHARS"),
            steps=images.Steps(
                drop_colour=bool(conf.get("OCR_DROP_COLOUR")),
                deskew_min_angle=float(conf.get("OCR_DESKEW_MIN_ANGLE")),
                autocontrast=bool(conf.get("OCR_AUTOCONTRAST")),
                threshold=bool(conf.get("OCR_THRESHOLD")),
            ),
        )


def extract_document(
    source: Source,
    *,
    languages: str | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
    workdir: Path | str | None = None,
) -> ExtractedDocument:
    """Return the text of every page of ``source``; raise RefusedFile or ExtractionFailed otherwise.

    Detect the type from the content -> check the limits -> per page: the PDF text layer when it can be trusted,
    or rasterise -> find the sheet, upright, clean (blank?) -> recognise. Pages that need OCR are spread over
    processes, each given the file's path and a page number. The input is only ever read. With ``workdir``, the
    upright page images OCR read stay there (``PageText.image_path``) for the searchable PDF; without it,
    everything lives in a private temporary folder removed on return.
    """
    options = Options.resolve(languages=languages, limits=limits)
    data, name = read_source(source, max_bytes=options.max_bytes)
    filetype = filetypes.detect(data)
    with _workspace(workdir) as (folder, keep):
        path = _local_path(source, data, folder)
        if filetype.kind == "pdf":
            done, jobs = plan_pdf(data, path, options)
        else:
            done, jobs = plan_image(data, path, filetype.kind, options)
        jobs = [replace(job, out_dir=str(folder) if keep else "") for job in jobs]
        pages = run_pages(done, jobs, options, progress)
    notes = [note for note in (filetypes.name_mismatch(name, filetype),) if note]
    notes += [f"Halaman {page.number}: {page.note}" for page in pages if page.note]
    return ExtractedDocument(
        mime_type=filetype.mime_type,
        description=filetype.description,
        page_count=len(pages),
        pages=pages,
        declared_name=name,
        notes=tuple(notes),
    )


@contextmanager
def _workspace(workdir: Path | str | None) -> Iterator[tuple[Path, bool]]:
    """Yield the folder for the run's files and whether they are kept (a caller's folder) or removed."""
    if workdir is not None:
        Path(workdir).mkdir(parents=True, exist_ok=True)
        yield Path(workdir), True
        return
    with tempfile.TemporaryDirectory(prefix="naskah-ocr-") as folder:
        yield Path(folder), False


def _local_path(source: Source, data: bytes, folder: Path) -> str:
    """Return a local path holding the content: the caller's file, else the bytes written once into ``folder``."""
    if isinstance(source, str | os.PathLike) and Path(source).is_file():
        return str(Path(source).resolve())
    path = folder / "asli"
    path.write_bytes(data)
    return str(path)


def read_source(source: Source, *, max_bytes: int) -> tuple[bytes, str | None]:
    """Return the content and the declared name (paths only), refusing files over ``max_bytes``."""
    if isinstance(source, bytes | bytearray | memoryview):
        data, name = bytes(source), None
    elif isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise RefusedFile(_too_big(size, max_bytes))
            data, name = path.read_bytes(), path.name
        except OSError as exc:
            raise ExtractionFailed(f"Berkas tidak dapat dibaca: {exc.strerror or exc}") from exc
    else:
        raise TypeError(f"source must be a path or bytes, not {type(source).__name__}")
    if len(data) > max_bytes:
        raise RefusedFile(_too_big(len(data), max_bytes))
    return data, name


def _too_big(size: int, max_bytes: int) -> str:
    return f"Berkas terlalu besar: {size / 1_048_576:.1f} MB (batas {max_bytes / 1_048_576:.0f} MB)."


def plan_pdf(data: bytes, path: str, options: Options) -> tuple[list[PageText], list[PageJob]]:
    """Take trustworthy text layers directly; queue the other pages for rasterising and OCR.

    A layer is taken as it is on a born-digital page whose words look like words. A layer over a scanned image is
    somebody's OCR: the page is read again and the layer kept only if it says what the page shows. A layer of
    garbled words (a poor OCR layer, a broken font encoding) is replaced by OCR.
    """
    info = pdf.inspect(data, max_pages=options.max_pages)
    layers = pdf.text_layers(data)
    covers = pdf.image_cover(data)
    done: list[PageText] = []
    jobs: list[PageJob] = []
    for number in range(1, info.page_count + 1):
        text = layers[number - 1] if number <= len(layers) else ""
        cover = covers[number - 1] if number <= len(covers) else 0.0
        has_layer = pdf.usable(text, min_chars=options.min_text_layer_chars)
        if has_layer and cover < SCANNED_COVER and pdf.plausible_share(text) >= PLAUSIBLE_LAYER:
            done.append(PageText(number=number, text=text, confidence=None, method="text_layer"))
            continue
        dpi = pdf.raster_dpi(info.page_sizes[number - 1], dpi=options.dpi, max_pixels=options.max_pixels)
        trusted = has_layer and cover >= SCANNED_COVER and pdf.plausible_share(text) >= PLAUSIBLE_LAYER
        jobs.append(PageJob(path=path, kind="pdf", number=number, dpi=dpi, layer=text if trusted else ""))
    return done, jobs


SCANNED_COVER = 0.5  # a page whose images cover this share of it is a scan (its text layer is somebody's OCR)
PLAUSIBLE_LAYER = 0.6  # a text layer with fewer plausible words than this share is garbled


def plan_image(data: bytes, path: str, kind: str, options: Options) -> tuple[list[PageText], list[PageJob]]:
    """Queue every frame of an image file for OCR, refusing too many frames."""
    count = images.frame_count(data, max_pixels=options.max_pixels)
    if count > options.max_pages:
        raise RefusedFile(f"Gambar terlalu banyak halaman: {count} (batas {options.max_pages}).")
    return [], [PageJob(path=path, kind=kind, number=n) for n in range(1, count + 1)]


def run_pages(
    done: list[PageText], jobs: list[PageJob], options: Options, progress: Progress | None
) -> tuple[PageText, ...]:
    """Recognise the queued pages (in parallel when there are several) and return all pages in order.

    ``progress(pages_done, page_count)`` is called after each page, text-layer pages first.
    """
    total = len(done) + len(jobs)
    results: list[PageText] = []

    def finished(page: PageText) -> None:
        results.append(page)
        if progress is not None:
            progress(len(results), total)

    for page in done:
        finished(page)
    workers = min(options.workers, len(jobs))
    if multiprocessing.current_process().daemon:  # a daemonic process may not start children
        workers = 1
    if workers <= 1:
        for job in jobs:
            finished(ocr_page(job, options))
    else:
        _run_parallel(jobs, options, workers, finished)
    return tuple(sorted(results, key=lambda page: page.number))


def _run_parallel(jobs: list[PageJob], options: Options, workers: int, finished: Callable[[PageText], None]) -> None:
    """Run ``ocr_page`` for each job in a process pool; on the first failure cancel the rest."""
    context = multiprocessing.get_context(_start_method())
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(os.getpid(),)
    )
    try:
        futures = [pool.submit(ocr_page, job, options) for job in jobs]
        for future in as_completed(futures):
            finished(future.result())
    except BrokenProcessPool as exc:
        raise ExtractionFailed("Proses OCR berhenti tiba-tiba (kehabisan memori?).") from exc
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _start_method() -> str:
    """Return "fork" (fast, no re-import of ``__main__``) unless other threads run (then unsafe)."""
    return "fork" if threading.active_count() == 1 else "forkserver"


def _init_worker(starter: int) -> None:
    """Keep each worker's tesseract to one thread (the pool already uses every core); end the worker, and the
    programs it starts, with the process that started the pool (ocr.children)."""
    os.environ["OMP_THREAD_LIMIT"] = "1"
    children.end_with(starter)
    children.install()
