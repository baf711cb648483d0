"""Which column holds which statement, the respondent, the date and the metadata.

Columns are found by what their header says: our item ids, the codes our survey
definitions give (`culture_1`, `culture[SQ001]`), or a statement's text in any language
of the questionnaire, after normalising case, spacing, quotes, punctuation and leading
numbering, also inside the grid forms platforms write (`Section [Statement]`,
`Section - Statement`, `Statement - Section`). A header may span two or three rows
(SurveyMonkey, Qualtrics). Nothing is chosen silently: a column that fits two statements,
a statement no column fits, or a column named twice is an error, all reported at once.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..errors import InputError, Location
from ..i18n import _
from ..model import Questionnaire
from ..parsing import show
from .normalise import normalise, strip_numbering
from .table import column_letter

# Usual names of the non-statement columns in en/fi/sk exports, normalised, in order of
# preference: the first name found is the one used.
RESPONDENT_NAMES = (
    "respondent",
    "respondent name",
    "name",
    "what is your name",
    "mikä on nimesi",
    "ako sa voláte",
    "your name",
    "full name",
    "nimi",
    "vastaaja",
    "vastaajan nimi",
    "nimesi",
    "meno",
    "respondent meno",
    "meno a priezvisko",
    "vaše meno",
    "celé meno",
)
NAME_PAIRS = (
    ("first name", "last name"),
    ("recipientfirstname", "recipientlastname"),
    ("etunimi", "sukunimi"),
    ("meno", "priezvisko"),
)
EMAIL_NAMES = (
    "email",
    "e mail",
    "email address",
    "e mail address",
    "recipientemail",
    "sähköposti",
    "sähköpostiosoite",
    "e mailová adresa",
    "emailová adresa",
)
ID_NAMES = (
    "respondent id",
    "response id",
    "responseid",
    "id",
    "uuid",
    "tunnus",
    "vastauksen tunnus",
    "id odpovede",
)
DATE_NAMES = (
    "date",
    "päivämäärä",
    "päiväys",
    "dátum",
    "submitdate",
    "date submitted",
    "completion time",
    "valmistumisaika",
    "čas dokončenia",
    "timestamp",
    "aikaleima",
    "časová pečiatka",
    "submitted at",
    "submit date utc",
    "recordeddate",
    "recorded date",
    "enddate",
    "end date",
    "submission time",
    "end",
    "start time",
    "aloitusaika",
    "čas začatia",
    "startdate",
    "start date",
    "started at",
    "start",
)
# A response whose cell here is empty was never submitted (LimeSurvey).
SUBMITTED_NAMES = ("submitdate", "date submitted")
QUESTIONNAIRE_NAMES = ("questionnaire",)
# Texts SurveyMonkey writes in its second header row over a question's single answer.
_RESPONSE_WORDS = frozenset({"response", "open ended response", "vastaus", "odpoveď"})
_IMPORT_ID = re.compile(r'\s*\{\s*"ImportId"')
# Codes of our survey definitions and ids: culture.1, culture_1, culture[SQ001], culture_SQ001
_CODE = re.compile(r"([A-Za-z][A-Za-z0-9_-]*?)(?:\.|_|\[)(?:SQ)?0*([0-9]{1,3})\]?\Z", re.IGNORECASE)
_GRID_BRACKETS = re.compile(r"(.*?)\s*\[(.+)\]\s*\Z", re.DOTALL)
_GRID_DASH = re.compile(r"\s+[-–—]\s+")
MAX_HEADER_ROWS = 3


@dataclass(frozen=True)
class Plan:
    """Where everything is in a table; column indexes count from 0."""

    header_rows: int
    items: tuple[tuple[str, int], ...]  # item id -> column, in questionnaire order
    how: Mapping[str, str]  # item id -> how its column was found
    respondent: tuple[int, ...] = ()
    date: int | None = None
    submitted: int | None = None
    questionnaire: int | None = None
    metadata: tuple[tuple[str, int], ...] = ()
    names: tuple[str, ...] = ()  # each column's header as the user sees it
    width: int = 0
    leftover: tuple[int, ...] = field(default=())  # columns kept only as metadata
    key: int | None = None  # the respondent's stable key (a mapping file's `key:`)

    def column_name(self, index: int, item: str | None = None) -> str:
        """A column as errors name it: its letter, and the item or header."""
        label = item or (self.names[index] if index < len(self.names) else "")
        label = label if len(label) <= 40 else label[:39] + "…"
        return f"{column_letter(index)} ({label})" if label else column_letter(index)


def _statement_index(questionnaires: Sequence[Questionnaire]) -> dict[str, set[str]]:
    """Normalised statement text (every language) -> the item ids it names."""
    index: dict[str, set[str]] = {}
    for questionnaire in questionnaires:
        for section in questionnaire.sections:
            for item in section.items:
                for text in {item.text, strip_numbering(item.text)}:
                    index.setdefault(normalise(text), set()).add(item.id)
    return index


def _code_item(header: str, questionnaire: Questionnaire) -> str | None:
    """The item an id or one of our codes names (`culture.1`, `g/culture_1`, `culture[SQ001]`)."""
    text = header.strip().rsplit("/", 1)[-1]
    found = _CODE.match(text)
    if not found:
        return None
    code = re.sub(r"[^a-z0-9]", "", found.group(1).lower())
    number = int(found.group(2))
    for section in questionnaire.sections:
        if re.sub(r"[^a-z0-9]", "", section.id) == code and 1 <= number <= len(section.items):
            return section.items[number - 1].id
    return None


def _pieces(text: str) -> list[str]:
    """The header and the parts of the grid forms platforms write around a statement."""
    pieces = [text]
    grid = _GRID_BRACKETS.match(text)
    if grid:
        pieces += [grid.group(2), grid.group(1)]
    parts = _GRID_DASH.split(text)
    if len(parts) > 1:
        # every split point: "Section - Statement" and "Statement - Section" alike
        for cut in range(1, len(parts)):
            pieces += [" - ".join(parts[:cut]), " - ".join(parts[cut:])]
    return pieces


def _text_items(texts: Sequence[str], index: Mapping[str, set[str]]) -> tuple[set[str], str]:
    """The items a column's header texts name, and the text that named them."""
    for text in texts:  # a whole header that is a statement wins over its parts
        whole = index.get(normalise(strip_numbering(text)))
        if whole:
            return set(whole), text
    found: set[str] = set()
    named = ""
    for text in texts:
        for piece in _pieces(text)[1:]:
            hit = index.get(normalise(strip_numbering(piece)))
            if hit:
                found |= hit
                named = named or piece
    return found, named


def _column_texts(rows: Sequence[Sequence[str]], count: int, width: int) -> list[list[str]]:
    """Each column's non-empty header texts over the first `count` rows."""
    texts: list[list[str]] = [[] for _ in range(width)]
    for row in rows[:count]:
        for i in range(width):
            cell = row[i].strip() if i < len(row) else ""
            if cell and not _IMPORT_ID.match(cell):
                texts[i].append(cell)
    return texts


def _display(texts: list[str]) -> str:
    """The header text a user recognises: SurveyMonkey's statement row over its title row."""
    useful = [t for t in texts if normalise(t) not in _RESPONSE_WORDS]
    return (useful or texts or [""])[-1] if len(texts) > 1 else (texts or [""])[0]


@dataclass
class _Found:
    items: dict[str, int]
    how: dict[str, str]
    problems: list[str]


def _match_items(texts: list[list[str]], questionnaires: Sequence[Questionnaire]) -> _Found:
    """Item -> column by id, code or statement text; ambiguities and doubles as problems."""
    index = _statement_index(questionnaires)
    first = questionnaires[0]
    items: dict[str, int] = {}
    how: dict[str, str] = {}
    problems: list[str] = []
    claimed: dict[str, list[int]] = {}
    for col, column in enumerate(texts):
        codes = {c for c in (_code_item(t, first) for t in column) if c}
        if codes:
            for item in codes:
                claimed.setdefault(item, []).append(col)
                how.setdefault(item, _("item code"))
            continue
        hits, _text = _text_items(column, index)
        if len(hits) > 1:
            problems.append(
                _(
                    "column {column} fits several statements ({items}); name it in a mapping file"
                ).format(column=column_letter(col), items=", ".join(sorted(hits)))
            )
            continue
        for item in hits:
            claimed.setdefault(item, []).append(col)
            how.setdefault(item, _("statement text"))
    for item, cols in claimed.items():
        if len(cols) > 1:
            problems.append(
                _(
                    "{item} is in more than one column ({columns}); name one in a mapping file"
                ).format(item=item, columns=", ".join(column_letter(c) for c in cols))
            )
        else:
            items[item] = cols[0]
    return _Found(items, how, problems)


def _named(texts: list[list[str]], wanted: Sequence[str], skip: set[int]) -> list[int]:
    """Columns whose header is one of `wanted` (normalised), best name first."""
    found: list[tuple[int, int]] = []
    for col, column in enumerate(texts):
        if col in skip:
            continue
        ranks = [wanted.index(n) for n in (normalise(t) for t in column) if n in wanted]
        if ranks:
            found.append((min(ranks), col))
    return [col for _rank, col in sorted(found)]


def _one(
    texts: list[list[str]], wanted: Sequence[str], skip: set[int], what: str, problems: list[str]
) -> int | None:
    """The best-named column for `what`; two columns under the same best name are a problem."""
    found = _named(texts, wanted, skip)
    if not found:
        return None
    best = min(wanted.index(normalise(t)) for t in texts[found[0]] if normalise(t) in wanted)
    tied = [c for c in found if any(normalise(t) == wanted[best] for t in texts[c])]
    if len(tied) > 1:
        problems.append(
            _("the {what} could be in column {columns}; name one in a mapping file").format(
                what=what, columns=" / ".join(column_letter(c) for c in tied)
            )
        )
        return None
    return found[0]


def _respondent(texts: list[list[str]], skip: set[int], problems: list[str]) -> tuple[int, ...]:
    what = _("respondent")
    single = _one(texts, RESPONDENT_NAMES, skip, what, problems)
    if single is not None:
        return (single,)
    for first, last in NAME_PAIRS:
        a, b = _named(texts, (first,), skip), _named(texts, (last,), skip)
        if len(a) == 1 and len(b) == 1:
            return (a[0], b[0])
    for names in (EMAIL_NAMES, ID_NAMES):
        found = _one(texts, names, skip, what, problems)
        if found is not None:
            return (found,)
    return ()


def _suggest(item_texts: Sequence[str], leftovers: dict[int, str]) -> str:
    """A leftover column whose header is close to the statement, for "did you mean"."""
    choices = {normalise(strip_numbering(text)): col for col, text in leftovers.items()}
    for text in item_texts:
        import difflib  # only when a problem is reported

        close = difflib.get_close_matches(normalise(text), list(choices), n=1, cutoff=0.8)
        if close:
            col = choices[close[0]]
            return _(" (did you mean column {column} {header}?)").format(
                column=column_letter(col), header=show(leftovers[col], 50)
            )
    return ""


def plan_columns(
    rows: Sequence[Sequence[str]], questionnaires: Sequence[Questionnaire], source: str
) -> Plan:
    """Find every column in the first rows of a table (header rows and maybe data rows).

    `rows` are the first MAX_HEADER_ROWS rows; columns empty in all of them are no columns.
    Tries one, two and three header rows; the fewest that name every statement win.
    Raises one InputError listing every problem when no count names them all.
    """
    plan, problems = draft_columns(rows, questionnaires)
    if problems:
        raise InputError(source, " | ".join(problems), Location(row=1))
    return plan


def draft_columns(
    rows: Sequence[Sequence[str]], questionnaires: Sequence[Questionnaire]
) -> tuple[Plan, list[str]]:
    """The columns found so far and every problem (none: the plan is complete)."""
    width = max((len(r) for r in rows[:MAX_HEADER_ROWS]), default=0)
    # Excel's trailing empty columns are no columns.
    while width and all(len(r) < width or not r[width - 1].strip() for r in rows):
        width -= 1
    all_items = [i.id for s in questionnaires[0].sections for i in s.items]
    best: tuple[int, _Found, list[list[str]]] | None = None
    for count in range(1, min(MAX_HEADER_ROWS, max(len(rows), 1)) + 1):
        texts = _column_texts(rows, count, width)
        found = _match_items(texts, questionnaires)
        if best is None or len(found.items) > len(best[1].items):
            best = (count, found, texts)
        if len(found.items) == len(all_items) and not found.problems:
            break
    assert best is not None
    count, found, texts = best
    # A Qualtrics header ends with a row of {"ImportId": ...} cells.
    if len(rows) > count and any(_IMPORT_ID.match(c) for c in rows[count]):
        count += 1
    # The table ends at the last column with a header; a data cell beyond it is an error.
    while width and not any(texts[width - 1]):
        width -= 1
    return _resolve(count, found, texts[:width], questionnaires, width, all_items)


def _resolve(
    count: int,
    found: _Found,
    texts: list[list[str]],
    questionnaires: Sequence[Questionnaire],
    width: int,
    all_items: list[str],
) -> tuple[Plan, list[str]]:
    problems = list(found.problems)
    names = [_display(t) for t in texts]
    used = set(found.items.values())
    qcol = _one(texts, QUESTIONNAIRE_NAMES, used, "questionnaire", problems)
    respondent = _respondent(texts, used | ({qcol} if qcol is not None else set()), problems)
    taken = used | set(respondent) | ({qcol} if qcol is not None else set())
    submitted = _one(texts, SUBMITTED_NAMES, taken, "submitdate", problems)
    date = _one(texts, DATE_NAMES, taken, _("date"), problems)
    taken |= {c for c in (date, submitted) if c is not None}
    leftovers = {c: names[c] for c in range(width) if c not in taken and names[c]}
    missing = [item for item in all_items if item not in found.items]
    if len(missing) == len(all_items):
        problems.append(
            _(
                "no column header names a statement of the questionnaire (headers such as "
                "{example} are a platform's codes)"
            ).format(example=show(next(iter(leftovers.values()), ""), 40))
        )
    elif missing:
        texts_of = {
            i.id: [q.section(s.id).items[n].text for q in questionnaires]
            for s in questionnaires[0].sections
            for n, i in enumerate(s.items)
        }
        lines = [
            f"{item} {show(texts_of[item][0], 40)}{_suggest(texts_of[item], leftovers)}"
            for item in missing
        ]
        problems.append(
            _("no column holds {count} of the {total} statements: {items}").format(
                count=len(missing), total=len(all_items), items="; ".join(lines)
            )
        )
    if missing:
        problems.append(_("write a mapping with `custserv-audit map` and name their columns in it"))
    order = [item for item in all_items if item in found.items]
    base = Plan(
        header_rows=count,
        items=(),
        how=dict(found.how),
        respondent=respondent,
        date=date,
        submitted=submitted,
        questionnaire=qcol,
        names=tuple(names),
        width=width,
    )
    return build_plan(base, found.items, order), problems


def build_plan(plan: Plan, items: Mapping[str, int], order: Sequence[str]) -> Plan:
    """`plan` with its item columns; every other named column is kept as metadata."""
    roles = (plan.date, plan.questionnaire)
    taken = set(items.values()) | set(plan.respondent) | {c for c in roles if c is not None}
    metadata: list[tuple[str, int]] = []
    seen: set[str] = set()
    names = plan.names
    for col in range(plan.width):
        if col in taken or not names[col]:
            continue
        key = names[col] if names[col] not in seen else f"{names[col]} ({column_letter(col)})"
        seen.add(key)
        metadata.append((key, col))
    return dataclasses.replace(
        plan,
        items=tuple((item, items[item]) for item in order),
        metadata=tuple(metadata),
        leftover=tuple(col for _key, col in metadata),
    )
