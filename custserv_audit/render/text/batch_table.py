"""The `score` table of many respondents, streamed: each row is printed as it is scored.

The column widths come from the terminal width and the questionnaire (the longest score,
band label and header), never from the rows, so the first row can be printed before the
second is read and memory does not grow with the batch. Numbers are never cut; a source
or respondent longer than its column wraps inside it. When even the narrowest table does
not fit, each respondent gets a block of lines instead (the stacked layout).

Every text taken from an input (file names, respondent names, error messages) is made
inert before it is measured, so a control character can neither reach the terminal nor
upset the alignment.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cache

from rich.cells import cell_len, chop_cells
from rich.console import Console
from rich.text import Text

from ...errors import InputError
from ...i18n import gettext_for
from ...model import Questionnaire, Result
from ...terminal import inert
from ..numbers import score_text

GAP = "  "  # between text columns (and before the total)
NUMBER_GAP = " "  # between the section scores
MIN_TEXT = 18  # the narrowest source or respondent column of a table
MAX_TEXT = 32  # the widest: beyond this a long name wraps rather than spreading the table


# Where a line may break: at spaces, and after a slash (a file's folders).
_TOKENS = re.compile(r"\s+|[^\s/]*/|[^\s/]+")


@dataclass(frozen=True)
class Layout:
    """Where every column goes; `stacked` when no table fits."""

    width: int
    stacked: bool
    source: int = 0
    respondent: int = 0
    number: int = 0  # each section score
    total: int = 0
    band: int = 0
    weakest: int = 0
    percentile: int = 0  # the width of the total's percentile in a norm (0: no norm)
    by_id: bool = False  # full names: section ids and band labels (else numbers, band ids
    # and a legend of both)


def _widest(texts: list[str]) -> int:
    return max((cell_len(t) for t in texts), default=0)


def choose_layout(q: Questionnaire, width: int, percentile: bool = False) -> Layout:
    """The widest table that fits `width` columns, else the stacked layout; `percentile`
    adds the column of the total's percentile in a norm."""
    _ = gettext_for(q.language)
    lang = q.language
    n = len(q.sections)
    scores = [score_text(Fraction(v), lang) for v in (q.scale.low, q.scale.high)]
    number = max(_widest(scores), len(str(n)))
    totals = [score_text(Fraction(v) * n, lang) for v in (q.scale.low, q.scale.high)]
    total = max(_widest(totals), cell_len(_("Total")))
    band_natural = max(_widest([b.label for b in q.bands]), cell_len(_("Band")))
    ids = ", ".join(s.id for s in q.sections)
    for by_id in (True, False):
        numbers = sum(
            len(NUMBER_GAP) + max(number, cell_len(s.id) if by_id else 0) for s in q.sections
        )
        weakest = max(cell_len(_("Weakest")), min(cell_len(ids), 24) if by_id else 7)
        band = band_natural if by_id else max(_widest([b.id for b in q.bands]), cell_len(_("Band")))
        pct = max(cell_len(_("Percentile")), 5) if percentile else 0
        fixed = numbers + len(GAP) * 4 + total + band + weakest + (len(GAP) + pct if pct else 0)
        rest = width - fixed
        if rest >= (2 * MAX_TEXT if by_id else 2 * MIN_TEXT):
            source = min(rest - rest // 2, MAX_TEXT)
            respondent = min(rest // 2, MAX_TEXT)
            return Layout(
                width, False, source, respondent, number, total, band, weakest, pct, by_id
            )
    return Layout(width, True)


def wrap(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` cells: at spaces where it can, else anywhere."""
    if cell_len(text) <= width:
        return [text]
    lines: list[str] = []
    line = ""
    for token in _TOKENS.findall(text):
        if cell_len(line + token) <= width:
            line += token
            continue
        if line.strip():
            lines.append(line.rstrip())
        line = "" if token.isspace() else token
        if cell_len(line) > width:
            *full, line = chop_cells(line, width)
            lines.extend(full)
    lines.append(line.rstrip())
    return lines


def wrap_items(items: list[str], width: int, sep: str = " · ") -> list[str]:
    """`items` joined by `sep` in lines of at most `width` cells, broken only between items."""
    lines: list[str] = []
    line = ""
    for item in items:
        candidate = f"{line}{sep}{item}" if line else item
        if cell_len(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        *full, line = wrap(item, width)
        lines.extend(full)
    return [*lines, line]


def _pad(text: str, width: int, right: bool = False) -> str:
    space = " " * max(width - cell_len(text), 0)
    return space + text if right else text + space


def _style_codes(style: str, color: bool) -> tuple[str, str]:
    """The escape sequences that start and end `style` on this terminal ("" without one).

    NO_COLOR (colour off, bold kept) and TERM=dumb (no styles) are honoured as Rich does.
    """
    if not color or not style:
        return "", ""
    return _codes(style, os.environ.get("NO_COLOR", "") != "", os.environ.get("TERM", ""))


@cache
def _codes(style: str, no_color: bool, term: str) -> tuple[str, str]:
    """`term` keys the cache only: Rich reads TERM itself."""
    del term
    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, no_color=no_color, width=100)
    console.print(Text("x", style=style), end="")
    before, _x, after = buffer.getvalue().partition("x")
    return before, after


class RowWriter:
    """Turns outcomes into lines of text, one outcome at a time, in a fixed layout."""

    def __init__(
        self,
        q: Questionnaire,
        layout: Layout,
        color: bool = False,
        percentile: Callable[[Result], str] | None = None,
    ) -> None:
        self.q = q
        self.percentile = percentile
        self.layout = layout
        self.color = color
        self._ = gettext_for(q.language)
        self.index = {s.id: str(n) for n, s in enumerate(q.sections, 1)}
        self.widths = [
            max(layout.number, cell_len(s.id)) if layout.by_id else layout.number
            for s in q.sections
        ]
        self.scores_width = sum(self.widths) + len(NUMBER_GAP) * (len(self.widths) - 1)
        # What depends only on a value is made once: a batch repeats the same few values.
        self._texts: dict[tuple[int, int], str] = {}
        self._bands: dict[str, list[str]] = {}
        self._weakest: dict[tuple[str, ...], list[str]] = {}
        self._titles = {s.id: inert(s.title) for s in q.sections}

    def _paint(self, text: str, style: str) -> str:
        before, after = _style_codes(style, self.color)
        return f"{before}{text}{after}" if before else text

    def _band_style(self, band_id: str) -> str:
        from .table import band_style

        return band_style(self.q, band_id)

    def header(self) -> str:
        """The lines above the first row."""
        _ = self._
        lay = self.layout
        if lay.stacked:
            return ""
        names = [s.id if lay.by_id else self.index[s.id] for s in self.q.sections]
        cells = [
            _pad(_("Source"), lay.source),
            _pad(_("Respondent"), lay.respondent),
            NUMBER_GAP.join(
                _pad(name, max(lay.number, cell_len(name) if lay.by_id else 0), right=True)
                for name in names
            ),
            _pad(_("Total"), lay.total, right=True),
            *([_pad(_("Percentile"), lay.percentile, right=True)] if lay.percentile else []),
            _pad(_("Band"), lay.band),
            _("Weakest"),
        ]
        line = (GAP.join(cells[:2]) + NUMBER_GAP + GAP.join(cells[2:])).rstrip()
        lines = []
        if not lay.by_id:
            sections = [f"{self.index[s.id]} {inert(s.title)}" for s in self.q.sections]
            lines += wrap_items([_("Sections:"), *sections], lay.width, "  ")
            bands = [f"{inert(b.id)} = {inert(b.label)}" for b in self.q.bands]
            lines += wrap_items([_("Bands:"), *bands], lay.width, "  ")
        lines += [self._paint(line, "bold"), "─" * cell_len(line)]
        return "".join(f"{ln}\n" for ln in lines)

    def row(self, outcome: Result | InputError) -> str:
        """The lines of one outcome."""
        if self.layout.stacked:
            return self._block(outcome)
        lay = self.layout
        source, respondent = self._names(outcome)
        left = [[_pad(ln, lay.source) for ln in wrap(source, lay.source)]]
        if isinstance(outcome, InputError):
            rest = lay.width - lay.source - len(GAP)
            message = self._("not scored: {reason}").format(reason=self._reason(outcome))
            left.append([self._paint(ln, "red") for ln in wrap(message, max(rest, MIN_TEXT))])
            return self._lines(left, [lay.source, 0])
        left.append([_pad(ln, lay.respondent) for ln in wrap(respondent, lay.respondent)])
        weak = {s.id for s in outcome.weakest}
        scores = NUMBER_GAP.join(
            self._paint(self._text(s.score).rjust(width), "bold")
            if s.section.id in weak
            else self._text(s.score).rjust(width)
            for s, width in zip(outcome.sections, self.widths, strict=True)
        )
        total = self._paint(self._text(outcome.total).rjust(lay.total), "bold")
        columns = [*left, [scores], [total]]
        widths = [lay.source, lay.respondent, -1, lay.total]
        if self.percentile is not None and lay.percentile:
            columns.append([self.percentile(outcome).rjust(lay.percentile)])
            widths.append(lay.percentile)
        columns += [self._band(outcome), self._weak(outcome)]
        return self._lines(columns, [*widths, lay.band, 0])

    def _text(self, value: Fraction) -> str:
        key = (value.numerator, value.denominator)  # cheaper to hash than the Fraction
        text = self._texts.get(key)
        if text is None:
            text = self._texts[key] = score_text(value, self.q.language)
        return text

    def _band(self, result: Result) -> list[str]:
        """The band's cell: its label (or id in a narrow table), in its colour, padded."""
        lines = self._bands.get(result.band.id)
        if lines is None:
            lay = self.layout
            style = self._band_style(result.band.id)
            text = inert(result.band.label if lay.by_id else result.band.id)
            lines = [self._paint(_pad(ln, lay.band), style) for ln in wrap(text, lay.band)]
            self._bands[result.band.id] = lines
        return lines

    def _weak(self, result: Result) -> list[str]:
        key = tuple(s.id for s in result.weakest)
        lines = self._weakest.get(key)
        if lines is None:
            names = [inert(k) if self.layout.by_id else self.index[k] for k in key]
            lines = self._weakest[key] = wrap(", ".join(names), self.layout.weakest)
        return lines

    def _lines(self, columns: list[list[str]], widths: list[int]) -> str:
        """Columns side by side, each a list of ready lines (padded to `widths`, painted);
        a shorter column is filled with blanks. -1 marks the scores, 0 the last column."""
        out = []
        for i in range(max(len(c) for c in columns)):
            parts = []
            for n, (column, width) in enumerate(zip(columns, widths, strict=True)):
                if n:
                    parts.append(NUMBER_GAP if width == -1 else GAP)
                if i < len(column):
                    parts.append(column[i])
                else:
                    parts.append(" " * (self.scores_width if width == -1 else width))
            out.append("".join(parts).rstrip() + "\n")
        return "".join(out)

    def _reason(self, error: InputError) -> str:
        """Why an input was rejected, with the column when a row's column is at fault."""
        column = error.location.column
        if error.location.row is not None and column is not None:
            return self._("column {column}: {message}").format(
                column=inert(column), message=inert(error.message)
            )
        return inert(error.message)

    def _names(self, outcome: Result | InputError) -> tuple[str, str]:
        _ = self._
        if isinstance(outcome, InputError):
            loc = outcome.location
            where = inert(outcome.source)
            if loc.row is not None:
                where = _("{source} (row {row})").format(source=where, row=loc.row)
            elif loc.line is not None:
                where = f"{where}:{loc.line}"
            return where, ""
        a = outcome.answers
        source = inert(a.source)
        if a.row:
            source = _("{source} (row {row})").format(source=source, row=a.row)
        return source, inert(a.respondent or "")

    def _block(self, outcome: Result | InputError) -> str:
        """The stacked layout: a block of lines per respondent, a blank line after it."""
        _ = self._
        width = self.layout.width
        source, respondent = self._names(outcome)
        head = f"{source} · {respondent}" if respondent else source
        lines = [self._paint(ln, "bold") for ln in wrap(head, width)]
        if isinstance(outcome, InputError):
            message = _("not scored: {reason}").format(reason=self._reason(outcome))
            lines += [self._paint(ln, "red") for ln in wrap(message, width - 2)]
            return "".join(f"  {ln}\n" if n else f"{ln}\n" for n, ln in enumerate(lines)) + "\n"
        lang = self.q.language
        weak = {s.id for s in outcome.weakest}
        titles = self._titles
        pieces = [
            f"{titles[s.section.id]} {self._text(s.score)}" + (" ◀" if s.section.id in weak else "")
            for s in outcome.sections
        ]
        body = wrap_items(pieces, width - 2)
        total = _("Total: {total}").format(total=score_text(outcome.total, lang))
        band = inert(outcome.band.label)
        last = [total, band]
        if self.percentile is not None:
            last.append(_("Percentile") + " " + self.percentile(outcome))
        lines += [f"  {ln}" for ln in body]
        # Wrapped before it is painted: escape sequences take no room on the screen.
        for ln in wrap_items(last, width - 2):
            ln = ln.replace(total, self._paint(total, "bold"), 1)
            ln = ln.replace(band, self._paint(band, self._band_style(outcome.band.id)), 1)
            lines.append(f"  {ln}")
        return "".join(f"{ln}\n" for ln in lines) + "\n"
