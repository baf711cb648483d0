"""The action plan as a printable PDF for the wall: per area, its target, actions and measures."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from ...plan.model import Plan, SectionPlan, Status
from ..dates import date_text
from . import PAPER_POINTS, Paper
from .pdf_common import (
    MARGIN,
    MUTED,
    RULE,
    SHADE,
    build,
    para,
    register_fonts,
    style,
    table_style,
)
from .plan_common import (
    figure,
    heading_lines,
    measure_state,
    score_text,
    status_label,
    translator,
    unit_label,
)

OVERDUE = colors.HexColor("#c62828")
DONE = colors.HexColor("#2e7d32")


def _actions(plan: Plan, section: SectionPlan, width: float, today: dt.date) -> Table:
    _ = translator(plan)
    head = style(7.5, bold=True)
    small = style(8, colour=MUTED)
    rows: list[list[Any]] = [
        [
            para(_("Action"), head),
            para(_("Owner"), head),
            para(_("Due"), head),
            para(_("Status"), head),
        ]
    ]
    commands: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
    ]
    for action in section.actions:
        dropped = action.status is Status.dropped
        cell = style(8.5, colour=MUTED) if dropped else style(8.5)
        status = status_label(action.status, plan.language)
        colour: Any = None
        if action.overdue(today):
            status = _("overdue") + f" ({status})"
            colour = OVERDUE
        elif action.status is Status.done:
            colour = DONE
        cells: list[Any] = [para(action.text, cell)]
        if action.notes.strip():
            notes = para(_("Notes: {notes}").format(notes=action.notes), small)
            cells = [[para(action.text, cell), notes]]
        rows.append(
            [
                *cells,
                para(action.owner, cell),
                para(date_text(action.due, plan.language), cell),
                para(status, style(8.5, bold=colour is not None, colour=colour or MUTED)),
            ]
        )
    widths = [width * 0.54, width * 0.16, width * 0.14, width * 0.16]
    table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(table_style(commands))
    return table


def _measures(plan: Plan, section: SectionPlan, width: float) -> Table:
    _ = translator(plan)
    head = style(7.5, bold=True)
    cell = style(8.5)
    rows: list[list[Any]] = [
        [
            para(_("Measure"), head),
            para(_("Unit"), head),
            para(_("Baseline"), head),
            para(_("Target"), head),
            para(_("Measured"), head),
            para("", head),
        ]
    ]
    for m in section.measures:
        rows.append(
            [
                para(m.text, cell),
                para(unit_label(m.unit, plan.language), cell),
                para(figure(m.baseline, plan.language), cell),
                para(figure(m.target, plan.language), cell),
                para(figure(m.measured, plan.language), cell),
                para(measure_state(m, plan.language), cell),
            ]
        )
    widths = [width * 0.46, width * 0.12, width * 0.1, width * 0.1, width * 0.11, width * 0.11]
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def render_plan(plan: Plan, paper: Paper = Paper.a4, today: dt.date | None = None) -> bytes:
    """The plan as PDF bytes; actions past due on `today` are marked in red."""
    _ = translator(plan)
    register_fonts()
    on = today or dt.date.today()
    width = PAPER_POINTS[paper][0] - 2 * MARGIN
    title, under = heading_lines(plan)
    story: list[Flowable] = [para(title, style(15, bold=True, space_after=3))]
    story += [para(line, style(9, colour=MUTED)) for line in under]
    story.append(Spacer(1, 4 * mm))
    for section in plan.sections:
        block: list[Flowable] = [
            para(section.title or section.section, style(11.5, bold=True, space_after=1)),
            para(
                _("Score at the audit: {score}; target at the next audit: {target}").format(
                    score=score_text(section.score, plan.language),
                    target=score_text(section.target_score, plan.language),
                ),
                style(8.5, colour=MUTED, space_after=3),
            ),
        ]
        if section.actions:
            block.append(_actions(plan, section, width, on))
        if section.measures:
            block += [Spacer(1, 2 * mm), _measures(plan, section, width)]
        block.append(Spacer(1, 5 * mm))
        story.append(KeepTogether(block))
    return build(
        story,
        paper,
        title,
        lambda page: _("Page {page}").format(page=page),
        plan.language,
    )
