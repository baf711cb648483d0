"""The blank form as Markdown: plain in a text editor, tidy when a code host renders it.

Every text from a questionnaire or an answer file is escaped the same way, so that
a custom questionnaire's `<tag>`, `|` or `*` shows as written instead of becoming
markup (or breaking a table row): `md` inside a line (table cells, headings),
`md_line` where the text starts a line and could otherwise open a block.
"""

from __future__ import annotations

import re

from ...model import Questionnaire
from . import Paper
from .views import FormSection, FormView, form_view

# Characters that CommonMark/GFM could read as markup anywhere in a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
# "&" only matters where it could start an entity such as &amp; or &#60;.
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Characters that start a block (heading, list, quote, rule) at the beginning of a line.
_LINE_START = re.compile(r"^(\s*)([#+\-=>!]|\d+[.)])")


def md(text: str) -> str:
    """Plain text escaped for Markdown inside a line (line breaks become spaces)."""
    flat = " ".join(text.split())
    return _ENTITY.sub(r"\\&", _INLINE.sub(r"\\\1", flat))


def md_line(text: str) -> str:
    """Plain text escaped for Markdown at the start of a line: also what would begin a
    heading, list, quote or rule there ('1. ', '- ', '# ')."""
    return _LINE_START.sub(lambda m: m.group(1) + _escape_start(m.group(2)), md(text))


def _escape_start(token: str) -> str:
    if token[0].isdigit():
        return token[:-1] + "\\" + token[-1]
    return "\\" + token


def render_form(questionnaire: Questionnaire, _paper: Paper = Paper.a4) -> str:
    """The blank form of `questionnaire` as Markdown (`paper` does not apply)."""
    v = form_view(questionnaire)
    lines = [f"# {md(v.title)}", ""]
    if v.instructions:
        lines += [md_line(v.instructions), ""]
    lines += [
        f"**{md(v.company)}:** ______________________________",
        "",
        f"**{md(v.respondent)}:** ______________________________",
        "",
        f"**{md(v.date)}:** ______________",
        "",
    ]
    for section in v.sections:
        lines += _section(v, section)
    lines += _scoring(v)
    return "\n".join(lines).rstrip("\n") + "\n"


def _section(v: FormView, section: FormSection) -> list[str]:
    values = [str(p.value) for p in v.scale]
    # The lowest and highest points carry their labels: "1 Never … 5 Always".
    heads = [*values]
    heads[0] += f" {md(v.ends[0])}"
    heads[-1] += f" {md(v.ends[1])}"
    head = "| # | " + md(v.statement_head) + " | " + " | ".join(heads) + " |"
    rule = "|---|---|" + "|".join(":-:" for _v in values) + "|"
    rows = [
        f"| {s.label} | {md(s.text)} | " + " | ".join("[ ]" for _v in values) + " |"
        for s in section.statements
    ]
    score = v.score_sentence.format(sum="`______`", count=len(section.statements), score="`______`")
    return [
        f"## {section.number}. {md(section.title)}",
        "",
        f"*{md(section.theme)}*",
        "",
        " · ".join(f"{p.value} = {md(p.label)}" for p in v.scale),
        "",
        head,
        rule,
        *rows,
        "",
        score,
        "",
    ]


def _scoring(v: FormView) -> list[str]:
    lines = [
        f"## {md(v.total_heading)}",
        "",
        md_line(v.copy_note),
        "",
        f"| {md(v.section_head)} | {md(v.section_score)} |",
        "|---|---|",
    ]
    lines += [f"| {s.number}. {md(s.title)} | |" for s in v.sections]
    lines += [f"| **{md(v.total_label)}** | |", ""]
    lines += [
        f"## {md(v.meaning_heading)}",
        "",
        "| " + " | ".join(md(h) for h in v.meaning_heads) + " |",
        "|---|---|---|",
    ]
    lines += [f"| {md(b.range)} | **{md(b.label)}** | {md(b.meaning)} |" for b in v.bands]
    lines += ["", md_line(v.weakest_note), ""]
    return lines
