"""The plan's due dates as an iCalendar file (RFC 5545) for calendar programs.

One all-day event per action with a due date, and one for the next audit.
Texts are escaped (backslash, semicolon, comma, line breaks) and lines longer
than 75 octets are folded without splitting a UTF-8 character; lines end in CRLF.
Event ids are derived from the plan and the action's place in it, so importing
an updated plan again updates the events instead of doubling them.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from ...plan.model import Action, Plan, SectionPlan, Status
from ..documents.plan_common import status_label, translator

_MAX_OCTETS = 75


def escape(text: str) -> str:
    r"""A TEXT value: `\`, `;`, `,` escaped, line breaks as `\n`."""
    out = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return out.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded into pieces of at most 75 octets, joined by CRLF and a space."""
    pieces: list[str] = []
    current = ""
    size = 0
    limit = _MAX_OCTETS
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
            limit = _MAX_OCTETS - 1  # a continuation line starts with the space
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def _uid(plan: Plan, *parts: object) -> str:
    who = " ".join(plan.respondent.split()).casefold()
    key = "\x1f".join(str(p) for p in (plan.questionnaire, who, plan.audit_date, *parts))
    return hashlib.sha256(key.encode()).hexdigest()[:32] + "@custserv-audit"


def _event(
    uid: str, stamp: str, day: dt.date, summary: str, description: str, cancelled: bool = False
) -> list[str]:
    lines = [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
        f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
        f"SUMMARY:{escape(summary)}",
        f"DESCRIPTION:{escape(description)}",
        "TRANSP:TRANSPARENT",
    ]
    if cancelled:
        lines.append("STATUS:CANCELLED")
    lines.append("END:VEVENT")
    return lines


def _action_description(plan: Plan, section: SectionPlan, action: Action) -> str:
    _ = translator(plan)
    parts = [
        action.text,
        _("Section: {title}").format(title=section.title or section.section),
        _("Owner: {owner}").format(owner=action.owner or "—"),
        _("Status: {status}").format(status=status_label(action.status, plan.language)),
    ]
    if action.notes.strip():
        parts.append(_("Notes: {notes}").format(notes=action.notes.strip()))
    return "\n".join(parts)


def render_ics(plan: Plan, now: dt.datetime | None = None) -> str:
    """The calendar: every dated action, and the next audit."""
    _ = translator(plan)
    moment = (now or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    stamp = moment.strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//custserv-audit//action plan//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:"
        + escape(_("Action plan: {respondent}").format(respondent=plan.respondent or "—")),
    ]
    for s_index, section in enumerate(plan.sections):
        for a_index, action in enumerate(section.actions):
            if action.due is None:
                continue
            first = action.text.split("\n")[0]
            summary = (first[:77] + "…") if len(first) > 78 else first
            if action.owner:
                summary = f"{action.owner}: {summary}"
            lines += _event(
                _uid(plan, section.section, s_index, a_index),
                stamp,
                action.due,
                summary,
                _action_description(plan, section, action),
                cancelled=action.status is Status.dropped,
            )
    if plan.next_audit is not None:
        lines += _event(
            _uid(plan, "next-audit"),
            stamp,
            plan.next_audit,
            _("Next customer-service audit: {respondent}").format(respondent=plan.respondent),
            _("Run the audit again and follow the plan up: custserv-audit run"),
        )
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
