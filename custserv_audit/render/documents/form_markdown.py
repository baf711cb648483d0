"""The blank form as Markdown: plain in a text editor, tidy when a code host renders it.

Texts are escaped so that a custom questionnaire's `<tag>`, `|` or `*` shows as
written instead of becoming markup (or breaking a table row).
"""

from __future__ import annotations

import re

from ...i18n import gettext_for
from ...model import Questionnaire, Section
from . import Paper, band_range, ordered_bands

# Characters that CommonMark/GFM could read as markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# "&" only matters where it could start an entity such as &amp; or &#60;.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Characters that start a block (heading, list, quote, rule) at the beginning of a line.
_LINE_START = re.compile(r"^(\s*)([#+\-=>!]|\d+[.)])")


def md(text: str) -> str:
    """One line of plain text escaped for Markdown (line breaks become spaces)."""
    flat = " ".join(text.split())
    escaped = _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", flat))
    return _LINE_START.sub(lambda m: m.group(1) + _escape_start(m.group(2)), escaped)


def _escape_start(token: str) -> str:
    if token[0].isdigit():
        return token[:-1] + "\\" + token[-1]
    return "\\" + token


def render_form(questionnaire: Questionnaire, _paper: Paper = Paper.a4) -> str:
    """The blank form of `questionnaire` as Markdown (`paper` does not apply)."""
    q = questionnaire
    _ = gettext_for(q.language)
    lines = [f"# {md(q.title)}", ""]
    if q.instructions:
        lines += [md(q.instructions), ""]
    lines += [
        f"**{md(_('Company'))}:** ______________________________",
        "",
        f"**{md(_('Respondent'))}:** ______________________________",
        "",
        f"**{md(_('Date'))}:** ______________",
        "",
    ]
    for n, section in enumerate(q.sections, start=1):
        lines += _section(q, n, section)
    lines += _scoring(q)
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(q: Questionnaire, n: int, section: Section) -> list[str]:
    _ = gettext_for(q.language)
    values = [str(p.value) for p in q.scale.points]
    head = "| # | " + md(_("Statement")) + " | " + " | ".join(values) + " |"
    rule = "|---|---|" + "|".join(":-:" for _v in values) + "|"
    rows = [
        f"| {n}.{i} | {md(item.text)} | " + " | ".join("[ ]" for _v in values) + " |"
        for i, item in enumerate(section.items, start=1)
    ]
    score = _("Sum {sum} ÷ {count} = {score} section score").format(
        sum="`______`", count=len(section.items), score="`______`"
    )
    return [
        f"## {n}. {md(section.title)}",
        "",
        f"*{md(section.theme)}*",
        "",
        " · ".join(f"{p.value} = {md(p.label)}" for p in q.scale.points),
        "",
        head,
        rule,
        *rows,
        "",
        score,
        "",
    ]


def _scoring(q: Questionnaire) -> list[str]:
    _ = gettext_for(q.language)
    lines = [
        f"## {md(_('Your total'))}",
        "",
        md(_("Copy each section score into its box and add them up.")),
        "",
        f"| {md(_('Section'))} | {md(_('Section score'))} |",
        "|---|---|",
    ]
    lines += [f"| {n}. {md(s.title)} | |" for n, s in enumerate(q.sections, start=1)]
    total = _("Total ({low} to {high})").format(low=q.min_total, high=q.max_total)
    lines += [f"| **{md(total)}** | |", ""]
    lines += [
        f"## {md(_('What your total means'))}",
        "",
        f"| {md(_('Total'))} | {md(_('Band'))} | {md(_('What it means'))} |",
        "|---|---|---|",
    ]
    lines += [
        f"| {md(band_range(b, _, q.language))} | **{md(b.label)}** | {md(b.meaning)} |"
        for b in ordered_bands(q)
    ]
    lines += [
        "",
        md(_("Start improving in the sections where your score is lowest.")),
        "",
    ]
    return lines
