"""The team report as one self-contained HTML file: the blocks of `team_view`, charts as SVG."""

from __future__ import annotations

from fractions import Fraction

from ...i18n import gettext_for
from . import Paper
from .html_common import esc, page
from .team_view import (
    THIS_WAVE,
    BandShares,
    Block,
    Bullets,
    Facts,
    Gauge,
    Grid,
    Heading,
    PageBreak,
    Para,
    Radar,
    TeamReport,
    radar_fraction,
    radar_point,
    team_blocks,
)

TEAM_CSS = """
.facts { display: flex; border-top: 1.2pt solid #1a1a1a; border-bottom: 0.4pt solid #8a8a8a;
         margin: 6pt 0 10pt; }
.facts div { flex: 1; padding: 3pt 2pt 5pt; }
.facts small { display: block; color: #555; font-size: 8pt; }
.facts b { font-size: 14pt; }
svg { display: block; width: 100%; height: auto; margin: 4pt 0; }
svg text { font-family: inherit; }
table.grid td, table.grid th { border-bottom: 0.4pt solid #8a8a8a; padding: 2.5pt 4pt 3.5pt;
                               vertical-align: middle; }
table.grid thead th { background: #f0f0f0; }
table.grid .num { text-align: right; white-space: nowrap; }
table.grid th.num { white-space: normal; }
.note { font-size: 7.5pt; color: #555; margin: 2pt 0 8pt; }
ul.bullets { margin: 2pt 0 8pt; padding-left: 14pt; }
ul.bullets .source { font-size: 7.5pt; color: #666; }
.break { break-before: page; page-break-before: always; margin-top: 18pt;
         border-top: 1pt dashed #c0c0c0; padding-top: 10pt; }
h2, h3 { break-after: avoid; page-break-after: avoid; }
@media print {
  .break { border-top: none; margin-top: 0; padding-top: 0; }
  /* A group's page prints on one sheet: its chart at five sixths of the overall one, as in
     the PDF (on screen it is the same size). */
  svg.group { width: 83.3%; }
}
"""


def _gauge(g: Gauge) -> str:
    w, x0, x1, y, h = 680.0, 6.0, 674.0, 22.0, 18.0

    def x(value: Fraction | float) -> float:
        return round(g.axis.at(Fraction(value), x0, x1), 2)

    out = [f'<svg viewBox="0 0 {w:g} 60" role="img" aria-label="{esc(g.caption)}" font-size="10">']
    for zone in g.zones:
        start, end = x(zone.start), x(zone.end)
        out.append(
            f'<rect x="{start}" y="{y}" width="{end - start:.2f}" height="{h}" fill="{zone.tint}"/>'
            f'<text x="{(start + end) / 2:.1f}" y="{y - 5}" text-anchor="middle" '
            f'fill="{zone.colour}">{esc(zone.label)}</text>'
        )
    out.append(
        f'<rect x="{x0}" y="{y}" width="{x1 - x0}" height="{h}" fill="none" stroke="#8a8a8a" '
        'stroke-width="0.6"/>'
    )
    for tick in g.ticks:
        at = x(tick.value)
        anchor = "end" if tick.last else ("start" if tick.value == g.axis.lo else "middle")
        out.append(
            f'<line x1="{at}" y1="{y}" x2="{at}" y2="{y + h + 3}" stroke="#8a8a8a" '
            f'stroke-width="0.6"/><text x="{at}" y="{y + h + 14}" text-anchor="{anchor}" '
            f'fill="#555">{esc(tick.text)}</text>'
        )
    if g.ci is not None:
        low, high, mid = x(g.ci[0]), x(g.ci[1]), y + h / 2
        out.append(
            f'<path d="M{low} {mid}H{high}" stroke="{THIS_WAVE}" stroke-width="3"/>'
            f'<path d="M{low} {mid - 6}v12M{high} {mid - 6}v12" stroke="{THIS_WAVE}" '
            'stroke-width="1.8"/>'
        )
    if g.mean is not None:
        out.append(
            f'<circle cx="{x(g.mean)}" cy="{y + h / 2}" r="4.5" fill="#1a1a1a" stroke="#fff"/>'
        )
    out.append("</svg>\n")
    return "".join(out)


def _shares(b: BandShares) -> str:
    total = sum(s.count for s in b.shares) or 1
    w = 680.0
    out = [f'<svg viewBox="0 0 {w:g} 20" role="img" font-size="10">']
    x = 0.0
    for s in b.shares:
        width = w * s.count / total
        out.append(f'<rect x="{x:.2f}" y="2" width="{width:.2f}" height="16" fill="{s.colour}"/>')
        if width > 34:
            out.append(
                f'<text x="{x + width / 2:.1f}" y="14" text-anchor="middle" fill="#fff" '
                f'font-weight="bold">{s.percent} %</text>'
            )
        x += width
    out.append("</svg>\n")
    key = "".join(
        '<span style="margin-right:14pt;white-space:nowrap">'
        '<span style="display:inline-block;width:8pt;height:8pt;'
        f'background:{s.colour};margin-right:3pt"></span>{esc(s.label)}: {s.count} '
        f"({s.percent} %)</span>"
        for s in b.shares
    )
    return "".join(out[:-1]) + "</svg>\n" + f'<div class="small">{key}</div>\n'


class _RadarSvg:
    """The spider chart as SVG (y grows downwards, so the geometry's y is negated)."""

    def __init__(self, r: Radar) -> None:
        self.r = r
        self.cx, self.cy, self.radius = 240.0, 190.0, 135.0

    def at(self, i: int, value: float) -> tuple[float, float]:
        r = self.r
        dx, dy = radar_point(i, len(r.axes), radar_fraction(value, r.low, r.high), self.radius)
        return round(self.cx + dx, 2), round(self.cy - dy, 2)

    def points(self, values: list[float]) -> str:
        return " ".join(f"{x},{y}" for x, y in (self.at(i, v) for i, v in enumerate(values)))

    def grid(self) -> list[str]:
        r, n = self.r, len(self.r.axes)
        out = []
        for ring in range(r.low + 1, r.high + 1):
            x, y = self.at(0, ring)
            out.append(
                f'<polygon points="{self.points([ring] * n)}" fill="none" stroke="#d0d0d0" '
                'stroke-width="0.7"/>'
                f'<text x="{x + 3}" y="{y + 10}" font-size="9" fill="#555">{ring}</text>'
            )
        for value, colour in r.rings:
            out.append(
                f'<polygon points="{self.points([value] * n)}" fill="none" stroke="{colour}" '
                'stroke-width="1.2" stroke-dasharray="4 3"/>'
            )
        for i in range(n):
            x, y = self.at(i, r.high)
            out.append(
                f'<line x1="{self.cx}" y1="{self.cy}" x2="{x}" y2="{y}" stroke="#bdbdbd" '
                'stroke-width="0.7"/>'
            )
        return out

    def labels(self) -> list[str]:
        r, n = self.r, len(self.r.axes)
        out = []
        for i, axis in enumerate(r.axes):
            dx, dy = radar_point(i, n, 1.1, self.radius)
            anchor = "middle" if abs(dx) < 5 else ("start" if dx > 0 else "end")
            lines: list[str] = []
            for word in axis.split():
                if lines and len(lines[-1]) + 1 + len(word) <= 18:
                    lines[-1] += " " + word
                else:
                    lines.append(word)
            shift = -6 - 13 * (len(lines) - 1) if dy > 5 else (14 if dy < -5 else 4)
            top = self.cy - dy + shift
            spans = "".join(
                f'<tspan x="{self.cx + dx:.1f}" y="{top + k * 13:.1f}">{esc(line)}</tspan>'
                for k, line in enumerate(lines)
            )
            out.append(f'<text text-anchor="{anchor}">{spans}</text>')
        return out

    def series(self) -> list[str]:
        out = []
        for s in self.r.series:
            if any(v is None for v in s.values):
                continue
            values = [float(v) for v in s.values if v is not None]
            dash = ' stroke-dasharray="6 3"' if s.dashed else ""
            fill = f'fill="{s.colour}" fill-opacity="0.16"' if s.filled else 'fill="none"'
            out.append(
                f'<polygon points="{self.points(values)}" {fill} stroke="{s.colour}" '
                f'stroke-width="{1.6 if s.dashed else 2.4}"{dash}/>'
            )
            for i, v in enumerate(values):
                x, y = self.at(i, v)
                out.append(
                    f'<circle cx="{x}" cy="{y}" r="{1.8 if s.dashed else 2.6}" fill="{s.colour}"/>'
                )
        ky = 40.0
        for s in reversed(self.r.series):
            dash = ' stroke-dasharray="6 3"' if s.dashed else ""
            lines: list[str] = []
            for word in s.name.split():
                if lines and len(lines[-1]) + 1 + len(word) <= 26:
                    lines[-1] += " " + word
                else:
                    lines.append(word)
            spans = "".join(
                f'<tspan x="500" y="{ky + 14 * k}">{esc(line)}</tspan>'
                for k, line in enumerate(lines[:3])
            )
            out.append(
                f'<line x1="470" y1="{ky - 4}" x2="494" y2="{ky - 4}" stroke="{s.colour}" '
                f'stroke-width="2.2"{dash}/><text>{spans}</text>'
            )
            ky += 18 + 14 * (min(len(lines), 3) - 1)
        if self.r.shares is not None:
            out += self.shares(self.r.shares, ky + 8)
        return out

    def shares(self, shares: BandShares, ky: float) -> list[str]:
        """A group's band shares under the key, as in the PDF."""
        title = _words(self.r.shares_title, 26)
        spans = "".join(
            f'<tspan x="470" y="{ky + 14 * k}">{esc(line)}</tspan>' for k, line in enumerate(title)
        )
        out = [f'<text font-weight="bold">{spans}</text>']
        ky += 6 + 14 * len(title)
        for s in shares.shares:
            lines = _words(f"{s.label}: {s.count}\u00a0({s.percent}\u00a0%)", 28)
            spans = "".join(
                f'<tspan x="486" y="{ky + 14 * k}">{esc(line)}</tspan>'
                for k, line in enumerate(lines)
            )
            out.append(
                f'<rect x="470" y="{ky - 9}" width="10" height="10" fill="{s.colour}"/>'
                f"<text>{spans}</text>"
            )
            ky += 6 + 14 * len(lines)
        return out

    def svg(self) -> str:
        parts = [*self.grid(), *self.labels(), *self.series()]
        group = ' class="group"' if self.r.compact else ""
        head = f'<svg viewBox="0 22 680 336" role="img" font-size="11"{group}>'
        return head + "".join(parts) + "</svg>\n"


def _words(text: str, chars: int) -> list[str]:
    """`text` in lines of at most `chars` characters (a no-break space holds words together)."""
    lines: list[str] = []
    for word in text.split(" "):
        if lines and len(lines[-1]) + 1 + len(word) <= chars:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _radar(r: Radar) -> str:
    """The chart at the overall chart's size on screen (a group's band shares beside it)."""
    return _RadarSvg(r).svg()


def _grid(g: Grid) -> str:
    def cell(tag: str, c: object, width: float | None = None) -> str:
        from .team_view import Cell

        assert isinstance(c, Cell)
        classes = "num" if c.number else ""
        style = f"background:{c.fill};" if c.fill else ""
        if width is not None:
            style += f"width:{width * 100:.1f}%;"
        text = f"<b>{esc(c.text)}</b>" if c.bold and tag == "td" else esc(c.text)
        attrs = (f' class="{classes}"' if classes else "") + (f' style="{style}"' if style else "")
        return f"<{tag}{attrs}>{text}</{tag}>"

    head = "".join(cell("th", c, w) for c, w in zip(g.header, g.widths, strict=True))
    rows = "".join("<tr>" + "".join(cell("td", c) for c in row) + "</tr>\n" for row in g.rows)
    note = f'<p class="note">{esc(g.note)}</p>\n' if g.note else ""
    table = f'<table class="grid keep"><thead><tr>{head}</tr></thead>\n'
    return table + f"<tbody>\n{rows}</tbody></table>\n" + note


def _html(blocks: list[Block]) -> str:  # noqa: C901 - a dispatch
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            out.append(f"<h{block.level}>{esc(block.text)}</h{block.level}>\n")
        elif isinstance(block, Para):
            tone = {"muted": ' class="muted"', "small": ' class="small muted"'}.get(block.tone, "")
            out.append(f"<p{tone}>{esc(block.text)}</p>\n")
        elif isinstance(block, Facts):
            cells = "".join(
                f"<div><small>{esc(k)}</small><b>{esc(v)}</b></div>" for k, v in block.pairs
            )
            out.append(f'<div class="facts">{cells}</div>\n')
        elif isinstance(block, Gauge):
            out.append(_gauge(block))
        elif isinstance(block, BandShares):
            out.append(_shares(block))
        elif isinstance(block, Radar):
            out.append(_radar(block))
        elif isinstance(block, Grid):
            out.append(_grid(block))
        elif isinstance(block, Bullets):
            items = "".join(
                f"<li>{esc(text)}"
                + (f'<div class="source">{esc(source)}</div>' if source else "")
                + "</li>"
                for text, source in block.items
            )
            out.append(f'<ul class="bullets">{items}</ul>\n')
        elif isinstance(block, PageBreak):
            out.append('<div class="break"></div>\n')
    return "".join(out)


def render_team_report(report: TeamReport, paper: Paper = Paper.a4) -> str:
    """The team report as an HTML document."""
    q = report.summary.questionnaire
    _ = gettext_for(q.language)
    body = _html(team_blocks(report))
    name = _("Team report")
    return page(f"{q.title} — {name}", q.language, body, TEAM_CSS, paper)
