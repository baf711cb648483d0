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
    Share,
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


def wrap_words(text: str, room: float, size: float = 8, font: str = FONT) -> list[str]:
    """`text` in lines no wider than `room` (a word longer than that gets a line of its own)."""
    lines: list[str] = []
    for word in text.split(" "):  # a no-break space keeps "12 (40 %)" together
        if lines and stringWidth(lines[-1] + " " + word, font, size) <= room:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


class SharesBar(Flowable):
    """The band shares as one stacked bar, with a key of counts and percents (wrapped onto
    more lines when the labels are longer than the width)."""

    def __init__(self, shares: BandShares, width: float) -> None:
        super().__init__()
        self.shares = shares
        self.width = width
        self.rows = self._layout()
        self.height = 26.0 + 12.0 * len(self.rows)

    def _layout(self) -> list[list[tuple[float, int]]]:
        """The key's rows: (x, index of the share) for each entry."""
        rows: list[list[tuple[float, int]]] = [[]]
        x = 0.0
        for i in range(len(self.shares.shares)):
            w = stringWidth(self.label(i), FONT, 8) + 11
            if rows[-1] and x + w > self.width:
                rows.append([])
                x = 0.0
            rows[-1].append((x, i))
            x += w + 13
        return rows

    def label(self, i: int) -> str:
        s = self.shares.shares[i]
        return f"{s.label}: {s.count} ({s.percent} %)"

    def wrap(self, _w: float, _h: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        c = self.canv
        total = sum(s.count for s in self.shares.shares) or 1
        x, y, h = 0.0, self.height - 18.0, 14.0
        for s in self.shares.shares:
            w = self.width * s.count / total
            c.setFillColor(HEX(s.colour))
            c.rect(x, y, w, h, stroke=0, fill=1)
            if w > 28:
                c.setFillColor(colors.white)
                c.setFont(FONT_BOLD, 8)
                c.drawCentredString(x + w / 2, y + 4, f"{s.percent} %")
            x += w
        c.setFont(FONT, 8)
        for k, row in enumerate(self.rows):
            ky = self.height - 34.0 - 12.0 * k
            for kx, i in row:
                c.setFillColor(HEX(self.shares.shares[i].colour))
                c.rect(kx, ky - 1, 8, 8, stroke=0, fill=1)
                c.setFillColor(INK)
                c.drawString(kx + 11, ky, self.label(i))


#: The radius of the overall radar, and of a group page's (five sixths of it: large enough
#: to read, small enough that a group's page fits one A4 or Letter page in every language).
RADIUS, GROUP_RADIUS = 108.0, 90.0
LINE = 9.0  # the leading of the axis labels


class RadarChart(Flowable):
    """A spider chart: a spoke per section, rings at whole points and band thresholds.

    The chart is placed from its labels' measured extents: the left-most label starts at
    the text's left edge, the key (and on a group page the band shares) stands to the right
    of the right-most label, and the height is what the labels and the key need.
    """

    def __init__(self, radar: Radar, width: float) -> None:
        super().__init__()
        self.radar = radar
        self.width = width
        self.radius = GROUP_RADIUS if radar.compact else RADIUS
        self.placed = [self._place(i, axis) for i, axis in enumerate(radar.axes)]
        left = min([-self.radius, *(x0 for x0, _x1, _y0, _y1, _l, _a in self.placed)])
        right = max([self.radius, *(x1 for _x0, x1, _y0, _y1, _l, _a in self.placed)])
        top = max([self.radius, *(y1 for _x0, _x1, _y0, y1, _l, _a in self.placed)])
        bottom = min([-self.radius, *(y0 for _x0, _x1, y0, _y1, _l, _a in self.placed)])
        self.cx = 2 - left
        self.kx = max(self.cx + right + 12, width * 0.62)
        self.room = width - self.kx - 24
        self.key = self._key_entries()
        key_height = sum(h for *_rest, h in self.key) + 12
        self.height = max(top - bottom + 6, key_height)
        self.cy = (self.height - (top - bottom)) / 2 - bottom

    def _place(self, i: int, axis: str) -> tuple[float, float, float, float, list[str], str]:
        """An axis label relative to the centre: x from, x to, y bottom, y top, lines, anchor."""
        n = len(self.radar.axes)
        dx, dy = radar_point(i, n, 1.1, self.radius)
        lines = wrap_words(axis, 72)
        widest = max(stringWidth(line, FONT, 8) for line in lines)
        shift = 6 if dy > 5 else (-4 - LINE * (len(lines) - 1) if dy < -5 else -3)
        first = dy + shift + (len(lines) - 1) * LINE  # the first line's baseline
        anchor = "middle" if abs(dx) < 5 else ("start" if dx > 0 else "end")
        x0 = {"middle": dx - widest / 2, "start": dx, "end": dx - widest}[anchor]
        return x0, x0 + widest, first - (len(lines) - 1) * LINE - 2.5, first + 8, lines, anchor

    def _key_entries(self) -> list[tuple[str, object, list[str], float]]:
        """The key's entries top-down: (kind, series or share, lines, height)."""
        out: list[tuple[str, object, list[str], float]] = []
        for s in reversed(self.radar.series):
            lines = wrap_words(s.name, self.room)[:3]
            out.append(("series", s, lines, 4 + 10.0 * len(lines)))
        shares = self.radar.shares
        if shares is not None:
            title = wrap_words(self.radar.shares_title, self.room + 24, 8, FONT_BOLD)
            out.append(("title", None, title, 10 + 10.0 * len(title)))
            for share in shares.shares:
                text = f"{share.label}: {share.count}\u00a0({share.percent}\u00a0%)"
                lines = wrap_words(text, self.room + 12)
                out.append(("share", share, lines, 3 + 10.0 * len(lines)))
        return out

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
        c = self.canv
        c.setFont(FONT, 8)
        c.setFillColor(INK)
        for x0, x1, _y0, y1, lines, anchor in self.placed:
            for k, line in enumerate(lines):
                ly = self.cy + y1 - 8 - k * LINE
                if anchor == "middle":
                    c.drawCentredString(self.cx + (x0 + x1) / 2, ly, line)
                elif anchor == "start":
                    c.drawString(self.cx + x0, ly, line)
                else:
                    c.drawRightString(self.cx + x1, ly, line)

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
        kx, ky = self.kx, self.height - 10
        for kind, item, lines, height in self.key:
            if kind == "series":
                assert isinstance(item, Series)
                c.setStrokeColor(HEX(item.colour))
                c.setLineWidth(2 if not item.dashed else 1.3)
                if item.dashed:
                    c.setDash(4, 2)
                c.line(kx, ky + 3, kx + 18, ky + 3)
                c.setDash()
                self._lines(lines, kx + 24, ky, FONT)
            elif kind == "title":
                self._lines(lines, kx, ky - 10, FONT_BOLD)
            else:
                assert isinstance(item, Share)
                c.setFillColor(HEX(item.colour))
                c.rect(kx, ky - 1, 8, 8, stroke=0, fill=1)
                self._lines(lines, kx + 12, ky, FONT)
            ky -= height

    def _lines(self, lines: list[str], x: float, y: float, font: str) -> None:
        self.canv.setFont(font, 8)
        self.canv.setFillColor(INK)
        for k, line in enumerate(lines):
            self.canv.drawString(x, y - 10 * k, line)


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
    while story and isinstance(story[-1], Spacer):
        story.pop()  # a spacer that does not fit at the end would add an empty last page
    return build(
        story,
        paper,
        q.title + " — " + _("Team report"),
        lambda page: _("Page {page}").format(page=page),
        q.language,
    )


__all__ = ["FONT", "render_team_report"]
