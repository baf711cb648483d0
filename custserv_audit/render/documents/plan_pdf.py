"""The action plan as a printable PDF for the wall: per area, its target, actions and measures.

Lays out the format-neutral `plan_common.PlanView`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from ...plan.model import Plan
from . import PAPER_POINTS, Paper
from .pdf_common import (
    HEADED_GRID,
    MARGIN,
    MUTED,
    build,
    cell_style,
    fitted_widths,
    para,
    register_fonts,
    style,
)
from .plan_common import ActionRow, PlanSection, PlanView, plan_view

OVERDUE = colors.HexColor("#c62828")
DONE = colors.HexColor("#2e7d32")


def _action(v: PlanView, action: ActionRow) -> list[Any]:
    """One action's cells: text (with notes), owner, due date, status in its colour."""
    dropped = action.kind == "dropped"
    cell = style(8, colour=MUTED, leading=9.6) if dropped else style(8, leading=9.6)
    status = action.status
    colour: Any = None
    if action.overdue:
        status = v.overdue + f" ({status})"
        colour = OVERDUE
    elif action.done:
        colour = DONE
    cells: list[Any] = [para(action.text, cell)]
    if action.notes_line:
        cells = [[para(action.text, cell), para(action.notes_line, style(7.5, colour=MUTED))]]
    return [
        *cells,
        para(action.owner, cell),
        para(action.due, cell),
        para(status, style(8, bold=colour is not None, colour=colour or MUTED)),
    ]


def _actions(v: PlanView, actions: tuple[ActionRow, ...], width: float) -> Table:
    """The actions table; its header row is repeated when it runs onto the next page."""
    head = style(7.5, bold=True)
    rows: list[list[Any]] = [[para(h, head) for h in v.action_heads]]
    rows += [_action(v, action) for action in actions]
    widths = fitted_widths(width, [0.58, 0.15, 0.12, 0.15], [[h] for h in v.action_heads], flex=0)
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(cell_style("TOP", *HEADED_GRID, top=2, bottom=2.5))
    return table


def _start_height(
    v: PlanView, section: PlanSection, opening: list[Paragraph], width: float
) -> float:
    """The height of a section's heading with its first action: what must fit on a page."""
    height = sum(p.wrap(width, 10_000)[1] + p.getSpaceAfter() for p in opening)
    if section.actions:
        height += _actions(v, section.actions[:1], width).wrap(width, 10_000)[1]
    return height


def _measures(v: PlanView, section: PlanSection, width: float) -> Table:
    head = style(7.5, bold=True)
    cell = style(8, leading=9.6)
    rows: list[list[Any]] = [[para(h, head) for h in v.measure_heads]]
    rows += [
        [para(value, cell) for value in (m.text, m.unit, m.baseline, m.target, m.measured, m.state)]
        for m in section.measures
    ]
    widths = fitted_widths(
        width, [0.46, 0.12, 0.1, 0.1, 0.11, 0.11], [[h] for h in v.measure_heads], flex=0
    )
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(cell_style("TOP", *HEADED_GRID, top=2, bottom=2.5))
    return table


def render_plan(plan: Plan, paper: Paper = Paper.a4, today: dt.date | None = None) -> bytes:
    """The plan as PDF bytes; actions past due on `today` are marked in red."""
    register_fonts()
    v = plan_view(plan, today or dt.date.today())
    width = PAPER_POINTS[paper][0] - 2 * MARGIN
    story: list[Flowable] = [para(v.title, style(15, bold=True, space_after=3))]
    story += [para(line, style(9, colour=MUTED)) for line in v.lines]
    story.append(Spacer(1, 3 * mm))
    for section in v.sections:
        # A section may run onto the next page between two actions, but its heading
        # stays with its first action (and the table header is repeated there), so
        # three planned sections fit on two sheets.
        opening = [
            para(section.heading, style(11, bold=True, space_after=1)),
            para(section.target, style(8, colour=MUTED, space_after=2)),
        ]
        story.append(CondPageBreak(_start_height(v, section, opening, width)))
        story += opening
        if section.actions:
            story.append(_actions(v, section.actions, width))
        if section.measures:
            story.append(KeepTogether([Spacer(1, 1.5 * mm), _measures(v, section, width)]))
        story.append(Spacer(1, 4 * mm))
    return build(story, paper, v.title, lambda page: v.page_label.format(page=page), v.language)
