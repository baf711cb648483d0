"""Pages read from scans → one set of answers per respondent, and what is left to check.

Personalised pages are grouped by the respondent id in their QR code, in any
order. Pages of unpersonalised forms are taken in the order given: a form
starts with the first page and ends when each of its pages has been seen; a
page number seen again starts the next form. A respondent with a page missing
or a page twice is an error (nothing is guessed); a statement left unanswered
by the reader is kept as `null` in the answer file and listed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..i18n import _
from ..model import Questionnaire
from ..schema.answerfile import quote
from .scan import PageReading, RowReading


@dataclass(frozen=True)
class Origin:
    """Where a page came from: a file and, in a PDF, the page number."""

    file: str
    page: int | None = None

    def __str__(self) -> str:
        if self.page is None:
            return self.file
        return _("{file}, page {page}").format(file=self.file, page=self.page)


@dataclass(frozen=True)
class ScannedPage:
    """One page as read, with where it came from."""

    origin: Origin
    reading: PageReading


@dataclass(frozen=True)
class Doubt:
    """A statement left unanswered: on which page, and why."""

    origin: Origin
    page: int
    row: RowReading


@dataclass(frozen=True)
class Form:
    """One respondent's form, put together from its pages."""

    respondent: str
    respondent_id: str | None
    pages: tuple[ScannedPage, ...]
    ratings: dict[str, list[int | None]]
    doubts: tuple[Doubt, ...]
    name_crop: object = None

    @property
    def origins(self) -> str:
        """The source pages, for the answer file's metadata."""
        return "; ".join(str(p.origin) for p in self.pages)


@dataclass(frozen=True)
class FormProblem:
    """A respondent whose pages do not make one whole form."""

    respondent: str
    message: str


@dataclass
class _Group:
    respondent_id: str | None
    name: str
    pages: dict[int, ScannedPage] = field(default_factory=dict)
    duplicates: list[ScannedPage] = field(default_factory=list)


def stem(file: str) -> str:
    """A respondent name from a file name: 'scans/anna-k.jpg' → 'anna-k'."""
    base = re.split(r"[\\/]", file)[-1]
    return base.rsplit(".", 1)[0] if "." in base else base


def _groups(pages: Sequence[ScannedPage], respondent: str | None) -> list[_Group]:
    groups: dict[str, _Group] = {}
    blank: list[_Group] = []
    for page in pages:
        payload = page.reading.payload
        if payload.filler:
            continue
        if payload.respondent is not None:
            name = payload.name or payload.respondent
            group = groups.setdefault(payload.respondent, _Group(payload.respondent, name))
        else:
            if respondent is not None and blank:
                group = blank[0]
            elif not blank or payload.page in blank[-1].pages:
                name = respondent if respondent is not None else stem(page.origin.file)
                blank.append(_Group(None, name))
                group = blank[-1]
            else:
                group = blank[-1]
        if payload.page in group.pages:
            group.duplicates.append(page)
        else:
            group.pages[payload.page] = page
    named = {}
    for g in blank:  # two blank forms from files with the same name stay apart
        key, n = g.name, 2
        while key in named or key in groups:
            key, n = f"{g.name}-{n}", n + 1
        g.name = key
        named[key] = g
    return [*groups.values(), *named.values()]


def assemble(
    q: Questionnaire, pages: Sequence[ScannedPage], respondent: str | None = None
) -> tuple[list[Form], list[FormProblem]]:
    """The respondents' forms, and the respondents whose pages do not add up."""
    forms: list[Form] = []
    problems: list[FormProblem] = []
    for group in _groups(pages, respondent):
        count = next(iter(group.pages.values())).reading.payload.pages
        if group.duplicates:
            dup = group.duplicates[0]
            first = group.pages[dup.reading.payload.page]
            problems.append(
                FormProblem(
                    group.name,
                    _("page {page} was scanned twice ({first} and {second})").format(
                        page=dup.reading.payload.page, first=first.origin, second=dup.origin
                    ),
                )
            )
            continue
        missing = [n for n in range(1, count + 1) if n not in group.pages]
        if missing:
            problems.append(
                FormProblem(
                    group.name,
                    _("page {pages} of {count} is missing").format(
                        pages=", ".join(map(str, missing)), count=count
                    ),
                )
            )
            continue
        ratings: dict[str, list[int | None]] = {s.id: [None] * len(s.items) for s in q.sections}
        doubts = []
        ordered = tuple(group.pages[n] for n in sorted(group.pages))
        for page in ordered:
            for row in page.reading.rows:
                ratings[row.section][row.item] = row.value
                if row.problem is not None:
                    doubts.append(Doubt(page.origin, page.reading.payload.page, row))
        crop = ordered[0].reading.name_crop
        forms.append(Form(group.name, group.respondent_id, ordered, ratings, tuple(doubts), crop))
    return forms, problems


def answer_text(
    q: Questionnaire,
    form: Form,
    ratings: dict[str, list[int | None]],
    metadata: Mapping[str, str] | None = None,
) -> str:
    """The answer file (YAML, docs/reference.md) of a form; `null` marks what is still unanswered.

    `metadata` (a roster's columns, such as team) goes into the file's metadata.
    """
    lines = [f"questionnaire: {quote(q.id)}", f"respondent: {quote(form.respondent)}"]
    lines += ["metadata:", f"  scanned_from: {quote(form.origins)}"]
    if form.respondent_id is not None and form.respondent_id != form.respondent:
        lines.append(f"  respondent_id: {quote(form.respondent_id)}")
    for key, value in (metadata or {}).items():
        if key not in ("scanned_from", "respondent_id"):
            lines.append(f"  {quote(key)}: {quote(value)}")
    lines.append("answers:")
    for section in q.sections:
        values = ", ".join("null" if v is None else str(v) for v in ratings[section.id])
        lines.append(f"  {section.id}: [{values}]")
    return "\n".join(lines) + "\n"
