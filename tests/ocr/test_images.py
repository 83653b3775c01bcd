"""Page images: safe loading, colour dropout, orientation, skew, blank pages and preparation."""

from __future__ import annotations

import io
import random

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFile, ImageOps

from ocr import images
from ocr.errors import ExtractionFailed, RefusedFile
from tests.ocr import samples


@pytest.fixture(scope="module")
def page() -> Image.Image:
    return samples.letter_image()


def test_exif_orientation_is_applied(page):
    exif = Image.Exif()
    exif[0x0112] = 6  # stored sideways: turn 90 degrees clockwise to display
    data = samples.encode(page, "JPEG", exif=exif)
    frame = images.load_frame(data, 0, max_pixels=10_000_000)
    assert frame.size == (page.height, page.width)


def test_multi_page_tiff_frames_load_one_by_one():
    pages = [samples.letter_image((f"Halaman {n}",) * n, width=600 + n) for n in (1, 2, 3)]
    data = samples.tiff_pages(pages)
    assert images.frame_count(data, max_pixels=10_000_000) == 3
    assert [images.load_frame(data, i, max_pixels=10_000_000).width for i in range(3)] == [601, 602, 603]
    assert images.resolution(images.load_frame(data, 0, max_pixels=10_000_000), default=1) == 150


def test_declared_size_over_the_limit_is_refused_before_decoding():
    with pytest.raises(RefusedFile, match=r"terlalu besar.*60,000,000"):
        images.frame_count(samples.png_bomb(), max_pixels=60_000_000)


@pytest.mark.parametrize("side", [40, 100])  # 1,600 pixels: Pillow warns; 10,000: Pillow raises
def test_pillow_bomb_warning_and_error_become_refusals(side):
    data = samples.encode(Image.new("L", (side, side), 255), "PNG")
    before = Image.MAX_IMAGE_PIXELS
    with pytest.raises(RefusedFile, match="Gambar terlalu besar"), images.pixel_guard(1000):
        Image.open(io.BytesIO(data))
    assert Image.MAX_IMAGE_PIXELS == before


@pytest.mark.parametrize("lenient_elsewhere", [False, True])
def test_truncated_image_fails(page, monkeypatch, lenient_elsewhere):
    # WeasyPrint sets LOAD_TRUNCATED_IMAGES for the whole process when imported; OCR must stay strict.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", lenient_elsewhere)
    data = samples.encode(page, "PNG")
    with pytest.raises(ExtractionFailed, match="rusak"):
        images.load_frame(data[: len(data) // 2], 0, max_pixels=10_000_000)
    assert ImageFile.LOAD_TRUNCATED_IMAGES is lenient_elsewhere


def test_colour_dropout_fades_stamps_but_keeps_black_print():
    image = Image.new("RGB", (300, 100), (242, 240, 238))
    draw = ImageDraw.Draw(image)
    draw.rectangle((10, 10, 90, 90), fill=(20, 20, 20))  # print
    draw.rectangle((110, 10, 190, 90), fill=(40, 50, 160))  # blue signature ink
    draw.rectangle((210, 10, 290, 90), fill=(150, 110, 180))  # pale violet stamp
    faded = np.asarray(images.to_gray(image, drop_colour=True))
    kept = np.asarray(images.to_gray(image, drop_colour=False))
    assert faded[50, 50] < 40
    assert faded[50, 150] > 230 and faded[50, 250] > 230
    assert kept[50, 150] < 100


def test_sixteen_bit_grey_is_scaled_not_clipped():
    pixels = np.array([[0, 32896, 65535]], dtype=np.uint16)
    assert list(np.asarray(images.flatten(Image.fromarray(pixels)))[0]) == [0, 128, 255]


def test_transparent_png_is_flattened_on_white():
    image = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    assert images.to_gray(image).getpixel((5, 5)) == 255


def test_upside_down_page_is_detected(page):
    assert images.detect_orientation(page.rotate(180), dpi=150) == 180
    assert images.detect_orientation(page, dpi=150) == 0


def test_orientation_of_a_blank_page_is_zero_without_error():
    assert images.detect_orientation(Image.new("L", (800, 1000), 255)) == 0


@pytest.mark.parametrize("angle", [2.0, -3.0, 0.6])
def test_skew_is_measured_and_undone(page, angle):
    tilted = page.rotate(angle, resample=Image.Resampling.BICUBIC, fillcolor=255)
    measured = images.estimate_skew(tilted)
    assert measured == pytest.approx(angle, abs=0.15)
    assert images.estimate_skew(images.deskew(tilted, measured)) == pytest.approx(0.0, abs=0.15)


def blank_back_page() -> Image.Image:
    """A scanned empty back page: cream paper, faint mirrored show-through, specks and two punch holes."""
    show_through = ImageOps.mirror(samples.letter_image()).point(lambda v: 215 if v < 128 else 240)
    image = Image.new("L", (1240, 1754), 240)
    image.paste(show_through, (0, 200))
    draw = ImageDraw.Draw(image)
    rng = random.Random(7)
    for _ in range(400):
        x, y = rng.randrange(1240), rng.randrange(1754)
        draw.rectangle((x, y, x + 2, y + 2), fill=40)
    for y in (600, 1150):
        draw.ellipse((40, y, 75, y + 35), fill=60)
    return image


def test_blank_back_page_is_blank():
    prepared = images.prepare(blank_back_page(), dpi=150, steps=images.Steps())
    assert prepared.blank


def test_a_single_printed_line_is_not_blank():
    assert not images.is_blank(samples.letter_image(("Halaman ini sengaja dikosongkan",)))


def test_prepare_turns_the_page_upright(page):
    prepared = images.prepare(page.rotate(180), dpi=150, steps=images.Steps())
    assert (prepared.rotation, prepared.blank) == (180, False)
    assert prepared.image.mode == "L"
    assert prepared.image.info["dpi"] == (150, 150)


def test_otsu_gives_black_and_white_only(page):
    noisy = Image.fromarray(np.clip(np.asarray(page, dtype=np.int16) // 2 + 100, 0, 255).astype(np.uint8))
    assert set(np.unique(np.asarray(images.otsu(noisy)))) == {0, 255}


@pytest.mark.parametrize(("info", "expected"), [({}, 300), ({"dpi": (200, 200)}, 200), ({"dpi": (1, 1)}, 300)])
def test_resolution_falls_back_to_the_default(info, expected):
    image = Image.new("L", (10, 10))
    image.info.update(info)
    assert images.resolution(image, default=300) == expected
