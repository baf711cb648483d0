"""The follow-up of an action plan as an HTML section, for the end of a report.

Lays out the format-neutral `followup_view.FollowUpView`; every text is escaped.
"""

from __future__ import annotations

from html import escape

from .followup_view import FollowUpView

#: Styles of the section (added to the report's own style sheet).
FOLLOWUP_CSS = """
.followup table { border-collapse: collapse; margin: 0.4em 0 0.8em; }
.followup th, .followup td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: left;
  vertical-align: top; font-size: 0.9em; }
.followup .met { color: #2e7d32; font-weight: bold; }
.followup .missed { color: #c62828; font-weight: bold; }
.followup .pending { color: #666; }
.followup .nowrap { white-space: nowrap; }
.followup th { hyphens: manual; overflow-wrap: normal; word-break: keep-all; }
"""


def _state(label: str, met: bool | None) -> str:
    cls = "pending" if met is None else ("met" if met else "missed")
    return f'<td class="{cls}">{escape(label)}</td>'


def _head(heads: tuple[str, ...]) -> str:
    return "<tr>" + "".join(f"<th>{escape(h)}</th>" for h in heads) + "</tr>"


def followup_html(v: FollowUpView) -> str:
    """The section 'Follow-up of the action plan' as HTML."""
    rows = "".join(
        "<tr>"
        + "".join(f"<td>{escape(x)}</td>" for x in (t.section, t.planned_from, t.target, t.reached))
        + _state(t.state, t.met)
        + "</tr>"
        for t in v.targets
    )
    parts = [
        '<section class="followup">',
        f"<h2>{escape(v.heading)}</h2>",
        f"<p>{escape(v.intro)}</p>",
        f"<table>{_head(v.target_heads)}{rows}</table>",
    ]
    if v.measures:
        rows = "".join(
            "<tr>"
            + "".join(
                f"<td>{escape(x)}</td>" for x in (m.measure, m.baseline, m.target, m.measured)
            )
            + _state(m.state, m.met)
            + "</tr>"
            for m in v.measures
        )
        parts.append(f"<table>{_head(v.measure_heads)}{rows}</table>")
    parts += [f"<p>{escape(line)}</p>" for line in v.summary]
    if v.actions:
        rows = "".join(
            "<tr>"
            + _state(a.status, False if a.overdue else (True if a.done else None))
            + f'<td class="nowrap">{escape(a.due)}</td>'
            + "".join(f"<td>{escape(x)}</td>" for x in (a.owner, a.section, a.action))
            + "</tr>"
            for a in v.actions
        )
        parts += [
            f"<h3>{escape(v.action_heading)}</h3>",
            f"<p>{escape(v.action_counts)}</p>",
            f"<table>{_head(v.action_heads)}{rows}</table>",
        ]
    parts.append("</section>")
    return "\n".join(parts) + "\n"
