"""Tests of cms.flowchart: the swimlane SVG's structure, routing, escaping, accessibility and determinism."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from django.template import Context, Template

from cms.flowchart import (
    Flow,
    FlowStep,
    flow_from_page,
    lane_names,
    no_actor,
    render_swimlane_svg,
    steps_id,
    text_alternative,
)
from cms.flowdraw import text_width, wrap
from tests.factories.cms import add_sop

NS = "{http://www.w3.org/2000/svg}"
ACTORS = ("Operator", "Kasubag Umum", "Kepala Dinas")


def make_flow(steps=None, actors=ACTORS, title="Pengagendaan Surat Masuk") -> Flow:
    if steps is None:
        steps = (
            FlowStep(1, "Menerima dan mencatat surat masuk", "Operator", duration="5 menit"),
            FlowStep(2, "Memeriksa kelengkapan surat", "Kasubag Umum", True, 1, duration="10 menit"),
            FlowStep(3, "Memberi disposisi", "Kepala Dinas", duration="15 menit"),
            FlowStep(4, "Mengarsipkan surat", "Operator", duration="2 menit"),
        )
    return Flow(title=title, actors=tuple(actors), steps=tuple(steps))


def parse(flow: Flow, ident: str = "fc") -> ET.Element:
    return ET.fromstring(render_swimlane_svg(flow, ident=ident))


def groups(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{NS}g") if css_class in g.get("class", "").split()]


def arrows(root: ET.Element, kind: str | None = None) -> list[ET.Element]:
    found = [p for p in root.iter(f"{NS}path") if "flow-arrow" in p.get("class", "").split()]
    return [p for p in found if kind is None or f"flow-arrow--{kind}" in p.get("class", "")]


def bounds(element: ET.Element) -> tuple[float, float, float, float]:
    """Return (left, top, right, bottom) of a group's symbol (rect or polygon)."""
    symbol = next(e for e in element.iter() if "flow-symbol" in e.get("class", ""))
    if symbol.tag == f"{NS}rect":
        x, y, w, h = (float(symbol.get(a)) for a in ("x", "y", "width", "height"))
        return x, y, x + w, y + h
    pts = [tuple(map(float, p.split(","))) for p in symbol.get("points").split()]
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    return min(xs), min(ys), max(xs), max(ys)


def points(path: ET.Element) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in re.findall(r"[ML](-?[\d.]+),(-?[\d.]+)", path.get("d"))]


def lane_bounds(root: ET.Element) -> list[tuple[float, float]]:
    result = []
    for lane in groups(root, "flow-lane"):
        rect = lane.find(f"{NS}rect")
        x = float(rect.get("x"))
        result.append((x, x + float(rect.get("width"))))
    return result


def crosses(segment, box, margin=0.5) -> bool:
    """True when an axis-parallel segment passes through the inside of a box."""
    (x0, y0), (x1, y1) = segment
    left, top, right, bottom = box[0] + margin, box[1] + margin, box[2] - margin, box[3] - margin
    return max(x0, x1) > left and min(x0, x1) < right and max(y0, y1) > top and min(y0, y1) < bottom


def test_lanes_are_the_actors_in_order_with_their_names_as_headers():
    root = parse(make_flow())
    lanes = groups(root, "flow-lane")
    assert [g.get("data-actor") for g in lanes] == list(ACTORS)
    headers = [" ".join("".join(g.itertext()).split()) for g in lanes]
    assert headers == list(ACTORS)
    spans = lane_bounds(root)
    assert all(a[1] <= b[0] + 0.01 for a, b in zip(spans, spans[1:], strict=False))


def test_one_symbol_per_step_of_the_right_kind_in_its_actors_lane():
    flow = make_flow()
    root = parse(flow)
    steps = groups(root, "flow-step")
    assert [g.get("data-step") for g in steps] == ["1", "2", "3", "4"]
    kinds = [g.get("class").split()[-1] for g in steps]
    assert kinds == ["flow-step--process", "flow-step--decision", "flow-step--process", "flow-step--process"]
    assert steps[1].find(f"{NS}polygon") is not None and steps[0].find(f"{NS}polygon") is None
    spans = lane_bounds(root)
    expected_lane = [0, 1, 2, 0]
    for group, lane in zip(steps, expected_lane, strict=True):
        left, _top, right, _bottom = bounds(group)
        assert spans[lane][0] < left and right < spans[lane][1]
    tops = [bounds(g)[1] for g in steps]
    assert tops == sorted(tops)


def test_start_and_end_terminators_frame_the_steps():
    root = parse(make_flow())
    (start,) = groups(root, "flow-terminator--start")
    (end,) = groups(root, "flow-terminator--end")
    assert "".join(start.itertext()) == "Mulai" and "".join(end.itertext()) == "Selesai"
    steps = groups(root, "flow-step")
    assert bounds(start)[3] < bounds(steps[0])[1]
    assert bounds(end)[1] > bounds(steps[-1])[3]
    capsule = start.find(f"{NS}rect")
    assert float(capsule.get("rx")) == float(capsule.get("height")) / 2


def test_arrows_chain_start_steps_end_and_add_one_per_decision():
    root = parse(make_flow())
    chain = [(p.get("data-from"), p.get("data-to")) for p in arrows(root) if "--no" not in p.get("class")]
    assert chain == [("0", "1"), ("1", "2"), ("2", "3"), ("3", "4"), ("4", "-1")]
    assert len(arrows(root)) == 6
    assert [p.get("data-from") for p in arrows(root, "yes")] == ["2"]
    for path in arrows(root):
        assert path.get("marker-end", "").startswith("url(#fc-arrow-")
        pts = points(path)
        assert all(a[0] == b[0] or a[1] == b[1] for a, b in zip(pts, pts[1:], strict=False)), "orthogonal"
    marker_ids = {m.get("id") for m in root.iter(f"{NS}marker")}
    assert {"fc-arrow-flow", "fc-arrow-yes", "fc-arrow-no"} <= marker_ids


def test_decision_has_a_labelled_tidak_path_back_to_the_named_step_that_avoids_the_boxes():
    root = parse(make_flow())
    (no,) = arrows(root, "no")
    assert (no.get("data-from"), no.get("data-to")) == ("2", "1")
    steps = {g.get("data-step"): bounds(g) for g in groups(root, "flow-step")}
    left, top, right, bottom = steps["1"]
    end = points(no)[-1]
    assert end[0] in (pytest.approx(left, abs=0.11), pytest.approx(right, abs=0.11))
    assert top < end[1] < bottom
    segments = list(zip(points(no), points(no)[1:], strict=False))
    for number, box in steps.items():
        inner = segments[1:-1] if number in ("1", "2") else segments
        assert not any(crosses(s, box) for s in inner), f"the Tidak path crosses step {number}"
    labels = {"".join(g.itertext()): g.get("class") for g in groups(root, "flow-label")}
    assert labels == {"Ya": "flow-label flow-label--yes", "Tidak": "flow-label flow-label--no"}


def test_nested_tidak_paths_do_not_cross_each_other_or_boxes():
    steps = (
        FlowStep(1, "Menyiapkan berkas", "Operator"),
        FlowStep(2, "Mengetik konsep", "Operator"),
        FlowStep(3, "Memeriksa konsep", "Kasubag Umum", True, 2),
        FlowStep(4, "Menyetujui", "Kepala Dinas", True, 2),
        FlowStep(5, "Mengirim", "Operator"),
    )
    root = parse(make_flow(steps))
    no_paths = arrows(root, "no")
    assert [(p.get("data-from"), p.get("data-to")) for p in no_paths] == [("3", "2"), ("4", "2")]
    inner, outer = points(no_paths[0]), points(no_paths[1])
    assert outer[1][0] != inner[1][0], "each Tidak path has its own track"
    assert outer[-1][1] < inner[-1][1], "the longer path enters its target higher"
    boxes = [bounds(g) for g in groups(root, "flow-step")]
    for path in no_paths:
        for segment in list(zip(points(path), points(path)[1:], strict=False))[1:-1]:
            assert not any(crosses(segment, box) for box in boxes)


def test_steps_without_an_actor_go_to_an_unassigned_lane_and_unknown_names_get_their_own():
    steps = (
        FlowStep(1, "Menerima surat", "operator "),
        FlowStep(2, "Mencatat di buku agenda", ""),
        FlowStep(3, "Meneruskan", "Satpam"),
    )
    flow = make_flow(steps)
    assert lane_names(flow) == [*ACTORS, "Satpam", no_actor()]
    root = parse(flow)
    lanes = groups(root, "flow-lane")
    assert lanes[-1].get("data-actor") == no_actor()
    assert "flow-lane--unassigned" in lanes[-1].get("class")
    assert lanes[-1].find(f"{NS}rect").get("stroke-dasharray")
    step2 = groups(root, "flow-step")[1]
    low, high = lane_bounds(root)[-1]
    assert low < bounds(step2)[0] and bounds(step2)[2] < high
    all_assigned = groups(parse(make_flow()), "flow-lane")
    assert not any("flow-lane--unassigned" in lane.get("class") for lane in all_assigned)


def test_svg_is_well_formed_and_escapes_every_text():
    title = 'Uji <script>alert("x")</script> & "kutip"'
    steps = (
        FlowStep(1, "Periksa <b>tebal</b> & cek \x0b 'ok'", "Operator & <Staf>"),
        FlowStep(2, "Selesai > mulai", "Kasubag Umum", True, 1),
    )
    svg = render_swimlane_svg(make_flow(steps, actors=("Operator & <Staf>", "Kasubag Umum"), title=title))
    assert "<script>" not in svg and "<b>" not in svg and "\x0b" not in svg
    root = ET.fromstring(svg)
    assert "<script>" in root.find(f"{NS}title").text
    assert groups(root, "flow-lane")[0].get("data-actor") == "Operator & <Staf>"
    assert "Periksa <b>tebal</b> & cek" in groups(root, "flow-step")[0].find(f"{NS}title").text


def test_svg_is_accessible_and_scales_down_on_phones():
    root = parse(make_flow(), ident="sop-7")
    assert root.get("role") == "img"
    assert root.find(f"{NS}title").get("id") == root.get("aria-labelledby") == "sop-7-title"
    described = root.get("aria-describedby").split()
    assert described == ["sop-7-desc", steps_id("sop-7")]
    assert "4 langkah" in root.find(f"{NS}desc").text and "Kasubag Umum" in root.find(f"{NS}desc").text
    assert root.get("width") == "100%"
    _x, _y, vb_w, _h = map(float, root.get("viewBox").split())
    min_w = float(re.search(r"min-width:([\d.]+)px", root.get("style")).group(1))
    assert 0.7 * vb_w <= min_w < vb_w
    sizes = [float(e.get("font-size")) for e in root.iter() if e.get("font-size")]
    assert sizes and min(sizes) >= 12


def test_text_alternative_reads_each_step_with_actor_time_and_branches():
    steps = (
        FlowStep(1, "Menerima  surat\nmasuk", "Operator", duration="5 menit"),
        FlowStep(2, "Memeriksa kelengkapan", "Kasubag Umum", True, 1, duration="10 menit"),
        FlowStep(3, "Mencatat", ""),
        FlowStep(4, "Menyetujui", "Kepala Dinas", True, 3),
    )
    assert text_alternative(make_flow(steps)) == [
        "1. Operator: Menerima surat masuk (5 menit)",
        "2. Kasubag Umum: Memeriksa kelengkapan (10 menit) → Ya: langkah 3; Tidak: kembali ke langkah 1",
        "3. (pelaksana belum dicantumkan): Mencatat",
        "4. Kepala Dinas: Menyetujui → Ya: selesai; Tidak: kembali ke langkah 3",
    ]


def test_decisions_naming_no_valid_step_draw_no_tidak_path():
    steps = (
        FlowStep(1, "Menerima", "Operator"),
        FlowStep(2, "Ke diri sendiri", "Operator", True, 2),
        FlowStep(3, "Ke langkah yang tidak ada", "Operator", True, 9),
        FlowStep(4, "Tanpa tujuan", "Operator", True, None),
    )
    root = parse(make_flow(steps))
    assert arrows(root, "no") == [] and arrows(root, "yes") == []
    assert len(arrows(root)) == 5
    assert all("Tidak" not in line for line in text_alternative(make_flow(steps)))


def test_long_activity_is_wrapped_shortened_and_kept_whole_in_the_tooltip():
    activity = "Petugas admin esurat menanyakan pokok surat dan menentukan nomor kode klasifikasi " * 3
    root = parse(make_flow((FlowStep(1, activity, "Operator"),)))
    group = groups(root, "flow-step")[0]
    lines = [t.text for t in group.iter(f"{NS}tspan")]
    assert 2 <= len(lines) <= 4 and lines[-1].endswith("…")
    left, _top, right, _bottom = bounds(group)
    assert all(text_width(line, 14) <= right - left for line in lines)
    assert group.find(f"{NS}title").text == "1. " + " ".join(activity.split())


def test_wrap_breaks_words_paragraphs_and_overlong_words():
    assert wrap("satu dua tiga", 1000, 12) == ["satu dua tiga"]
    assert wrap("satu\n\ndua", 1000, 12) == ["satu", "dua"]
    lines = wrap("Pemberitahuan" * 4, 60, 12)
    assert len(lines) > 1 and "".join(lines) == "Pemberitahuan" * 4
    assert all(text_width(line, 12) <= 60 for line in lines)
    assert wrap("a b c d e f g h", 20, 12, max_lines=2)[-1].endswith("…")


def test_same_flow_gives_the_same_svg():
    assert render_swimlane_svg(make_flow()) == render_swimlane_svg(make_flow())
    assert render_swimlane_svg(make_flow()) != render_swimlane_svg(make_flow(title="Lain"))
    assert render_swimlane_svg(Flow(title="Kosong")) == ""


@pytest.mark.django_db
def test_flow_from_page_and_the_template_tag(site_tree):
    _home, _catalogue, unit = site_tree
    page = add_sop(unit)
    flow = flow_from_page(page)
    assert flow.actors == ("Operator", "Kasubag Umum", "Kepala Dinas")
    assert [(s.number, s.actor, s.is_decision, s.no_goto_step) for s in flow.steps] == [
        (1, "Operator", False, None),
        (2, "Kasubag Umum", True, 1),
        (3, "Kepala Dinas", False, None),
    ]
    assert flow.steps[0].duration == "5 menit"
    html = Template("{% load sop_tags %}{% sop_flowchart page %}").render(Context({"page": page}))
    ident = f"sop-flowchart-{page.pk}"
    assert html.count("<figure") == 1 and "<svg" in html and "<figcaption" in html
    assert f'aria-describedby="{ident}-desc {ident}-steps"' in html
    details = re.search(rf'<details[^>]*id="{ident}-steps".*?</details>', html, re.S)
    assert details and details.group(0).count("<li>") == 3
    assert "Tidak: kembali ke langkah 1" in details.group(0)
