"""The follow-up of an action plan as PDF flowables, for the end of a report.

Lays out the format-neutral `followup_view.FollowUpView`: targets against the
scores reached, the measures, and the actions by status.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer, Table

from .followup_view import FollowUpView
from .pdf_common import HEADED_GRID, MUTED, cell_style, fitted_widths, para, style

MET = colors.HexColor("#2e7d32")
MISSED = colors.HexColor("#c62828")


def _state(label: str, met: bool | None) -> Any:
    colour = MUTED if met is None else (MET if met else MISSED)
    return para(label, style(8.5, bold=met is not None, colour=colour))


def _table(heads: tuple[str, ...], rows: list[list[Any]], widths: list[float]) -> Table:
    head = style(7.5, bold=True)
    table = Table([[para(h, head) for h in heads], *rows], colWidths=widths, repeatRows=1)
    table.hAlign = "LEFT"
    table.setStyle(cell_style("TOP", *HEADED_GRID, top=2.5, bottom=3.5))
    return table


def followup_flowables(v: FollowUpView, width: float) -> list[Flowable]:
    """The section 'Follow-up of the action plan', starting on a new page when little is left."""
    cell = style(8.5)
    targets = _table(
        v.target_heads,
        [
            [
                *(para(x, cell) for x in (t.section, t.planned_from, t.target, t.reached)),
                _state(t.state, t.met),
            ]
            for t in v.targets
        ],
        fitted_widths(
            width,
            [0.44, 0.15, 0.12, 0.12, 0.17],
            [[h, *(t.state for t in v.targets)] for h in v.target_heads],
            flex=0,
        ),
    )
    story: list[Flowable] = [
        CondPageBreak(width * 0.45),
        KeepTogether(
            [
                para(v.heading, style(12, bold=True, space_after=3)),
                para(v.intro, style(9, colour=MUTED, space_after=4)),
                targets,
            ]
        ),
    ]
    if v.measures:
        rows = [
            [
                *(para(x, cell) for x in (m.measure, m.baseline, m.target, m.measured)),
                _state(m.state, m.met),
            ]
            for m in v.measures
        ]
        widths = fitted_widths(
            width,
            [0.44, 0.13, 0.13, 0.13, 0.17],
            [[h, *(m.state for m in v.measures)] for h in v.measure_heads],
            flex=0,
        )
        story += [Spacer(1, 5), _table(v.measure_heads, rows, widths)]
    story += [Spacer(1, 4)]
    story += [para(line, style(9, space_after=1)) for line in v.summary]
    if v.actions:
        action_rows = []
        for a in v.actions:
            colour = MISSED if a.overdue else (MET if a.done else MUTED)
            action_rows.append(
                [
                    para(a.status, style(8, bold=a.overdue or a.done, colour=colour)),
                    para(a.due, style(8)),
                    para(a.owner, style(8)),
                    para(a.section, style(8)),
                    para(a.action, style(8)),
                ]
            )
        heads = v.action_heads
        widths = fitted_widths(
            width,
            [0.15, 0.13, 0.12, 0.18, 0.42],
            [[heads[0], *(a.status for a in v.actions)], [heads[1]], [heads[2]], [heads[3]], []],
        )
        story += [
            Spacer(1, 6),
            para(v.action_heading, style(10.5, bold=True, space_after=2)),
            para(v.action_counts, style(8.5, colour=MUTED, space_after=3)),
            _table(v.action_heads, action_rows, widths),
        ]
    return story
