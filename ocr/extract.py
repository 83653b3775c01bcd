"""Turn a letter (PDF, TIFF, PNG or JPEG; bytes or a path) into per-page text: the OCR pipeline."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ocr import conf, filetypes, images, pdf
from ocr.engines import get_engine
from ocr.errors import ExtractionFailed, OcrError, RefusedFile
from ocr.types import ExtractedDocument, Limits, PageText, RecognisedPage

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


@dataclass(frozen=True, slots=True)
class PageJob:
    """One page that needs OCR: where its image comes from."""

    data: bytes
    kind: str
    number: int
    dpi: int = 0


def extract_document(
    source: Source,
    *,
    languages: str | None = None,
    progress: Progress | None = None,
    limits: Limits | None = None,
) -> ExtractedDocument:
    """Return the text of every page of ``source``; raise RefusedFile or ExtractionFailed otherwise.

    Detect the type from the content -> check the limits -> per page: the PDF text layer, or rasterise
    -> prepare (upright, colour dropout, blank?) -> recognise. Pages that need OCR are spread over
    processes. The input is only ever read; temporary files live in private temporary folders.
    """
    options = Options.resolve(languages=languages, limits=limits)
    data, name = read_source(source, max_bytes=options.max_bytes)
    filetype = filetypes.detect(data)
    if filetype.kind == "pdf":
        done, jobs = plan_pdf(data, options)
    else:
        done, jobs = plan_image(data, filetype.kind, options)
    pages = run_pages(done, jobs, options, progress)
    note = filetypes.name_mismatch(name, filetype)
    return ExtractedDocument(
        mime_type=filetype.mime_type,
        description=filetype.description,
        page_count=len(pages),
        pages=pages,
        declared_name=name,
        notes=(note,) if note else (),
    )


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


def plan_pdf(data: bytes, options: Options) -> tuple[list[PageText], list[PageJob]]:
    """Take usable text layers directly; queue the other pages for rasterising and OCR."""
    info = pdf.inspect(data, max_pages=options.max_pages)
    layers = pdf.text_layers(data)
    done: list[PageText] = []
    jobs: list[PageJob] = []
    for number in range(1, info.page_count + 1):
        text = layers[number - 1] if number <= len(layers) else ""
        if pdf.usable(text, min_chars=options.min_text_layer_chars):
            done.append(PageText(number=number, text=text, confidence=None, method="text_layer"))
        else:
            size = info.page_sizes[number - 1]
            dpi = pdf.raster_dpi(size, dpi=options.dpi, max_pixels=options.max_pixels)
            jobs.append(PageJob(data=data, kind="pdf", number=number, dpi=dpi))
    return done, jobs


def plan_image(data: bytes, kind: str, options: Options) -> tuple[list[PageText], list[PageJob]]:
    """Queue every frame of an image file for OCR, refusing too many frames."""
    count = images.frame_count(data, max_pixels=options.max_pixels)
    if count > options.max_pages:
        raise RefusedFile(f"Gambar terlalu banyak halaman: {count} (batas {options.max_pages}).")
    return [], [PageJob(data=data, kind=kind, number=n) for n in range(1, count + 1)]


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
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker)
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


def _init_worker() -> None:
    """Keep each worker's tesseract to one thread: the pool already uses every core."""
    os.environ["OMP_THREAD_LIMIT"] = "1"


def ocr_page(job: PageJob, options: Options) -> PageText:
    """Load one page image, make it upright and clean, and recognise its text."""
    try:
        image = load_page(job, options)
        dpi = job.dpi or images.resolution(image, default=options.dpi)
        page = images.prepare(image, dpi=dpi, steps=options.steps, rotation=0)
        if page.blank:
            return PageText(number=job.number, text="", confidence=None, method="ocr", blank=True)
        recognised = get_engine(options.engine).recognise(page.image, options.languages)
        if _looks_misoriented(recognised):
            page, recognised = _reorient(image, page, recognised, dpi=dpi, options=options)
    except OcrError:
        raise
    except (MemoryError, OSError, ValueError) as exc:
        raise ExtractionFailed(f"Halaman {job.number} gagal diproses: {exc}") from exc
    blank = not _has_words(recognised.text)
    return PageText(
        number=job.number,
        text="" if blank else recognised.text,
        confidence=recognised.confidence,
        method="ocr",
        rotation=page.rotation,
        skew=page.skew,
        blank=blank,
        words=() if blank else recognised.words,
    )


# Upright pages of the dev corpus read at 80-95; upside-down or sideways ones read below 50.
MISORIENTED_CONFIDENCE = 65.0


def _looks_misoriented(recognised: RecognisedPage) -> bool:
    """Return whether the first reading is poor enough to ask OSD about the page's orientation.

    OSD costs about a second a page; asking only when the upright reading fails keeps the pipeline's
    throughput close to plain Tesseract's while still turning upside-down and sideways scans.
    """
    return recognised.confidence is None or recognised.confidence < MISORIENTED_CONFIDENCE


def _reorient(
    image: Image.Image, page: images.PreparedPage, recognised: RecognisedPage, *, dpi: int, options: Options
) -> tuple[images.PreparedPage, RecognisedPage]:
    """Turn the page as OSD says and read it again; keep the first reading when OSD sees it upright."""
    rotation = images.detect_orientation(page.image, dpi=dpi)
    if rotation == 0:
        return page, recognised
    turned = images.prepare(image, dpi=dpi, steps=options.steps, rotation=rotation)
    return turned, get_engine(options.engine).recognise(turned.image, options.languages)


def _has_words(text: str) -> bool:
    """Return whether OCR found at least one word of three letters or digits (else: specks, a blank page)."""
    return any(sum(ch.isalnum() for ch in token) >= 3 for token in text.split())


def load_page(job: PageJob, options: Options) -> Image.Image:
    """Return the page's image: rendered from the PDF, or the image file's frame."""
    if job.kind == "pdf":
        return pdf.rasterise(job.data, job.number, dpi=job.dpi)
    return images.load_frame(job.data, job.number - 1, max_pixels=options.max_pixels)
