"""The team report as PDF: the blocks of `team_view` drawn with reportlab, charts as vectors."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table
from reportlab.platypus.flowables import PageBreakIfNotEmpty

from ...i18n import gettext_for
from . import PAPER_POINTS, Paper
from .pdf_common import (
    FONT,
    FONT_BOLD,
    INK,
    MARGIN,
    MUTED,
    RULE,
    SHADE,
    build,
    para,
    register_fonts,
    style,
)
from .pdf_common import table_style as grid_style
from .team_view import (
    THIS_WAVE,
    BandShares,
    Block,
    Bullets,
    Facts,
    Gauge,
    Grid,
    Heading,
    Para,
    Radar,
    Series,
    TeamReport,
    radar_fraction,
    radar_point,
    team_blocks,
)
from .team_view import PageBreak as Break

HEX = colors.HexColor


class GaugeChart(Flowable):
    """The strip of totals with the bands tinted, the mean marked and its interval as a bar."""

    def __init__(self, gauge: Gauge, width: float) -> None:
        super().__init__()
        self.gauge = gauge
        self.width = width
        self.height = 50

    def wrap(self, _w: float, _h: float) -> tuple[float, float]:
        return self.width, self.height

    def x(self, value: Fraction | float) -> float:
        return self.gauge.axis.at(Fraction(value), 4, self.width - 4)

    def draw(self) -> None:
        c, g = self.canv, self.gauge
        y, h = 14.0, 18.0
        c.setFont(FONT, 7.5)
        for zone in g.zones:
            start, end = self.x(zone.start), self.x(zone.end)
            c.setFillColor(HEX(zone.tint))
            c.rect(start, y, end - start, h, stroke=0, fill=1)
            c.setFillColor(HEX(zone.colour))
            label = zone.label
            while label and stringWidth(label, FONT, 7.5) > end - start - 6:
                label = label[:-2] + "…" if len(label) > 2 else ""
            c.drawCentredString((start + end) / 2, y + h + 4, label)
        c.setStrokeColor(RULE)
        c.setLineWidth(0.5)
        c.rect(self.x(g.axis.lo), y, self.x(g.axis.hi) - self.x(g.axis.lo), h, stroke=1, fill=0)
        c.setFillColor(MUTED)
        for tick in g.ticks:
            at = self.x(tick.value)
            c.setStrokeColor(RULE)
            c.line(at, y - 3, at, y + h)
            if tick.last:
                c.drawRightString(at, y - 10, tick.text)
            elif tick.value == g.axis.lo:
                c.drawString(at, y - 10, tick.text)
            else:
                c.drawCentredString(at, y - 10, tick.text)
        if g.ci is not None:
            low, high = self.x(g.ci[0]), self.x(g.ci[1])
            mid = y + h / 2
            c.setStrokeColor(HEX(THIS_WAVE))
            c.setLineWidth(2.5)
            c.line(low, mid, high, mid)
            c.setLineWidth(1.5)
            c.line(low, mid - 5, low, mid + 5)
            c.line(high, mid - 5, high, mid + 5)
        if g.mean is not None:
            c.setFillColor(INK)
            c.setStrokeColor(colors.white)
            c.setLineWidth(0.8)
            c.circle(self.x(g.mean), y + h / 2, 3.6, stroke=1, fill=1)


class SharesBar(Flowable):
    """The band shares as one stacked bar, with a key of counts and percents."""

    def __init__(self, shares: BandShares, width: float) -> None:
        super().__init__()
        self.shares = shares
        self.width = width
        self.height = 40

    def wrap(self, _w: float, _h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        total = sum(s.count for s in self.shares.shares) or 1
        x, y, h = 0.0, 22.0, 14.0
        for s in self.shares.shares:
            w = self.width * s.count / total
            c.setFillColor(HEX(s.colour))
            c.rect(x, y, w, h, stroke=0, fill=1)
            if w > 28:
                c.setFillColor(colors.white)
                c.setFont(FONT_BOLD, 8)
                c.drawCentredString(x + w / 2, y + 4, f"{s.percent} %")
            x += w
        x = 0.0
        c.setFont(FONT, 8)
        for s in self.shares.shares:
            c.setFillColor(HEX(s.colour))
            c.rect(x, 4, 8, 8, stroke=0, fill=1)
            c.setFillColor(INK)
            label = f"{s.label}: {s.count} ({s.percent} %)"
            c.drawString(x + 11, 5, label)
            x += stringWidth(label, FONT, 8) + 24


class RadarChart(Flowable):
    """A spider chart: a spoke per section, rings at whole points and band thresholds."""

    def __init__(self, radar: Radar, width: float) -> None:
        super().__init__()
        self.radar = radar
        self.width = width
        self.height = 188 if radar.compact else 290
        self.radius = 70.0 if radar.compact else 108.0
        self.cx = width * (0.34 if radar.compact else 0.3)
        self.cy = self.height / 2

    def wrap(self, _w: float, _h: float) -> tuple[float, float]:
        return self.width, self.height

    def at(self, i: int, value: float) -> tuple[float, float]:
        r = self.radar
        dx, dy = radar_point(i, len(r.axes), radar_fraction(value, r.low, r.high), self.radius)
        return self.cx + dx, self.cy + dy

    def polygon(self, values: list[float]) -> Any:
        path = self.canv.beginPath()
        for i, v in enumerate(values):
            x, y = self.at(i, v)
            if i:
                path.lineTo(x, y)
            else:
                path.moveTo(x, y)
        path.close()
        return path

    def draw(self) -> None:
        self._grid()
        self._labels()
        for s in self.radar.series:
            self._series(s)
        self._key()

    def _grid(self) -> None:
        c, r = self.canv, self.radar
        n = len(r.axes)
        c.setLineWidth(0.5)
        c.setStrokeColor(HEX("#d0d0d0"))
        for ring in range(r.low + 1, r.high + 1):
            c.drawPath(self.polygon([ring] * n), stroke=1, fill=0)
        for value, colour in r.rings:
            c.setStrokeColor(HEX(colour))
            c.setDash(3, 2)
            c.setLineWidth(0.9)
            c.drawPath(self.polygon([value] * n), stroke=1, fill=0)
            c.setDash()
        c.setLineWidth(0.5)
        c.setStrokeColor(HEX("#bdbdbd"))
        for i in range(n):
            c.line(self.cx, self.cy, *self.at(i, r.high))
        c.setFillColor(MUTED)
        c.setFont(FONT, 6.5)
        for ring in range(r.low, r.high + 1):
            x, y = self.at(0, ring)
            c.drawString(x + 3, y - 7 if ring > r.low else y + 2, str(ring))

    def _labels(self) -> None:
        c, r = self.canv, self.radar
        n = len(r.axes)
        c.setFont(FONT, 8)
        c.setFillColor(INK)
        for i, axis in enumerate(r.axes):
            dx, dy = radar_point(i, n, 1.1, self.radius)
            lines: list[str] = []
            for word in axis.split():
                if lines and stringWidth(lines[-1] + " " + word, FONT, 8) < 88:
                    lines[-1] += " " + word
                else:
                    lines.append(word)
            shift = 6 if dy > 5 else (-4 - 9 * (len(lines) - 1) if dy < -5 else -3)
            top = self.cy + dy + shift + (len(lines) - 1) * 9
            for k, line in enumerate(lines):
                ly = top - k * 9
                if abs(dx) < 5:
                    c.drawCentredString(self.cx + dx, ly, line)
                elif dx > 0:
                    c.drawString(self.cx + dx, ly, line)
                else:
                    c.drawRightString(self.cx + dx, ly, line)

    def _series(self, s: Series) -> None:
        if any(v is None for v in s.values):
            return
        c = self.canv
        values = [float(v) for v in s.values if v is not None]
        c.setStrokeColor(HEX(s.colour))
        c.setLineWidth(1.3 if s.dashed else 2)
        if s.dashed:
            c.setDash(4, 2)
        if s.filled:
            c.setFillColor(HEX(s.colour))
            c.setFillAlpha(0.16)
        c.drawPath(self.polygon(values), stroke=1, fill=1 if s.filled else 0)
        c.setFillAlpha(1)
        c.setDash()
        c.setFillColor(HEX(s.colour))
        for i, v in enumerate(values):
            c.circle(*self.at(i, v), 2 if not s.dashed else 1.4, stroke=0, fill=1)

    def _key(self) -> None:
        c = self.canv
        kx, ky = self.width * 0.68, self.height - 24
        c.setFont(FONT, 8)
        for s in reversed(self.radar.series):
            c.setStrokeColor(HEX(s.colour))
            c.setLineWidth(2 if not s.dashed else 1.3)
            if s.dashed:
                c.setDash(4, 2)
            c.line(kx, ky + 3, kx + 18, ky + 3)
            c.setDash()
            c.setFillColor(INK)
            room = self.width * 0.32 - 26
            lines = [s.name]
            while stringWidth(lines[-1], FONT, 8) > room and " " in lines[-1] and len(lines) < 2:
                words = lines[-1].split(" ")
                cut = len(words) - 1
                while cut > 1 and stringWidth(" ".join(words[:cut]), FONT, 8) > room:
                    cut -= 1
                lines[-1:] = [" ".join(words[:cut]), " ".join(words[cut:])]
            for k, line in enumerate(lines):
                while stringWidth(line, FONT, 8) > room:
                    line = line[:-2] + "…"
                c.drawString(kx + 24, ky - 10 * k, line)
            ky -= 10 * (len(lines) - 1)
            ky -= 14


def _grid(grid: Grid, width: float) -> list[Flowable]:
    body = style(8, leading=9.8)
    bold = style(8, bold=True, leading=9.8)
    right = style(8, leading=9.8, align=TA_RIGHT)
    right_bold = style(8, bold=True, leading=9.8, align=TA_RIGHT)

    def cell(c: object) -> Flowable:
        from .team_view import Cell

        assert isinstance(c, Cell)
        st = (right_bold if c.bold else right) if c.number else (bold if c.bold else body)
        return para(c.text, st)

    head_left = style(7.5, bold=True, leading=9)
    head_right = style(7.5, bold=True, leading=9, align=TA_RIGHT)
    header = [para(c.text, head_right if c.number else head_left) for c in grid.header]
    data = [header] + [[cell(c) for c in row] for row in grid.rows]
    table = Table(data, colWidths=[w * width for w in grid.widths], repeatRows=1, hAlign="LEFT")
    commands: list[tuple[object, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    for r, row in enumerate(grid.rows, start=1):
        for k, c in enumerate(row):
            if c.fill:
                commands.append(("BACKGROUND", (k, r), (k, r), HEX(c.fill)))
    table.setStyle(grid_style(commands))
    out: list[Flowable] = [table]
    if grid.note:
        out += [Spacer(1, 2), para(grid.note, style(7.5, colour=MUTED, leading=9.5))]
    out.append(Spacer(1, 6))
    return out


def _facts(facts: Facts, width: float) -> Table:
    label = style(8, colour=MUTED)
    value = style(14, bold=True, leading=17)
    cells = [[[para(k, label), para(v, value)] for k, v in facts.pairs]]
    table = Table(cells, colWidths=[width / len(facts.pairs)] * len(facts.pairs), hAlign="LEFT")
    table.setStyle(
        grid_style(
            [
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, INK),
                ("LINEBELOW", (0, 0), (-1, 0), 0.4, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _para(block: Para) -> Flowable:
    st = {
        "muted": style(10, colour=MUTED, space_after=6),
        "small": style(7.5, colour=MUTED, leading=9.5, space_after=4),
    }.get(block.tone, style(9.5, leading=12.5, space_after=5))
    return para(block.text, st)


def _bullets(block: Bullets) -> list[Flowable]:
    out: list[Flowable] = []
    for text, source in block.items:
        out.append(para("•  " + text, style(8.5, leading=10.5, space_after=1)))
        if source:
            out.append(para("    " + source, style(7.5, colour=MUTED, space_after=2)))
    out.append(Spacer(1, 4))
    return out


def _flowables(blocks: list[Block], width: float) -> list[Flowable]:  # noqa: C901 - a dispatch
    out: list[Flowable] = []
    sizes = {1: 18.0, 2: 13.0, 3: 10.5}
    for block in blocks:
        if isinstance(block, Heading):
            size = sizes.get(block.level, 10.5)
            out.append(CondPageBreak(90 if block.level > 1 else 0))
            out.append(para(block.text, style(size, bold=True, space_before=6, space_after=4)))
        elif isinstance(block, Para):
            out.append(_para(block))
        elif isinstance(block, Facts):
            out += [_facts(block, width), Spacer(1, 8)]
        elif isinstance(block, Gauge):
            out += [GaugeChart(block, width), Spacer(1, 4)]
        elif isinstance(block, BandShares):
            out += [SharesBar(block, width), Spacer(1, 6)]
        elif isinstance(block, Radar):
            out += [KeepTogether([RadarChart(block, width)]), Spacer(1, 2)]
        elif isinstance(block, Grid):
            out += _grid(block, width)
        elif isinstance(block, Bullets):
            out += _bullets(block)
        elif isinstance(block, Break):
            while out and isinstance(out[-1], Spacer):
                out.pop()  # a spacer carried onto the next page would make an empty one
            out.append(PageBreakIfNotEmpty())
    return out


def render_team_report(report: TeamReport, paper: Paper = Paper.a4) -> bytes:
    """The team report as PDF bytes."""
    register_fonts()
    q = report.summary.questionnaire
    _ = gettext_for(q.language)
    width = PAPER_POINTS[paper][0] - 2 * MARGIN
    story = _flowables(team_blocks(report), width)
    return build(
        story,
        paper,
        q.title + " — " + _("Team report"),
        lambda page: _("Page {page}").format(page=page),
        q.language,
    )


__all__ = ["FONT", "render_team_report"]
