"""Survey-platform exports built from known ratings, to each platform's documented layout.

Every builder takes the same respondents and returns (file name, bytes) as the platform
would let a consultant download them; the tests read them back and compare the scores
with those of the ratings they were made from.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from custserv_audit.model import Questionnaire


@dataclass(frozen=True)
class Respondent:
    """One made-up respondent: a name, when they answered, and a rating per item."""

    name: str
    when: dt.datetime
    ratings: dict[str, int]


def respondents(questionnaire: Questionnaire, count: int = 4, seed: int = 11) -> list[Respondent]:
    """Respondents with varied ratings (every scale point appears), names with accents."""
    rng = random.Random(seed)
    names = ["Päivi Mäkelä", "Ľubomír Šťastný", "Anna Smith", "Jürgen Öberg", "Zoë Ní Bhriain"]
    items = [i.id for s in questionnaire.sections for i in s.items]
    out = []
    for n in range(count):
        ratings = {item: rng.randint(1, 5) for item in items}
        ratings[items[n % len(items)]] = 1 + n % 5
        when = dt.datetime(2026, 11, 3 + 5 * n, 9 + n, 15, 30)
        out.append(Respondent(names[n % len(names)], when, ratings))
    return out


def _items(q: Questionnaire) -> list[tuple[str, str, str]]:
    """(item id, section title, statement) in questionnaire order."""
    return [(i.id, s.title, i.text) for s in q.sections for i in s.items]


def _csv(rows: Sequence[Sequence[object]], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def _label(q: Questionnaire, value: int) -> str:
    return q.scale.label(value)


def google_linear(q: Questionnaire, people: list[Respondent]) -> tuple[str, bytes]:
    """Google Forms, one linear-scale question per statement: titles as headers, digits."""
    header = ["Timestamp", "Email address", "Your name"] + [t for _i, _s, t in _items(q)]
    rows: list[list[Any]] = [header]
    for p in people:
        stamp = p.when.strftime("%Y/%m/%d %I:%M:%S %p") + " GMT+2"
        rows.append(
            [stamp, f"r{len(rows)}@example.com", p.name] + [p.ratings[i] for i, _s, _t in _items(q)]
        )
    return "google-linear.csv", _csv(rows).encode()


def google_grid(q: Questionnaire, people: list[Respondent]) -> tuple[str, bytes]:
    """Google Forms, a multiple-choice grid per section: `Section [Statement]`, labels."""
    header = ["Timestamp", "Name"] + [f"{s} [{t}]" for _i, s, t in _items(q)]
    rows: list[list[Any]] = [header]
    for p in people:
        stamp = p.when.strftime("%Y/%m/%d %I:%M:%S %p") + " GMT+2"
        rows.append([stamp, p.name] + [_label(q, p.ratings[i]) for i, _s, _t in _items(q)])
    return "google-grid.csv", _csv(rows).encode()


def microsoft_forms(q: Questionnaire, people: list[Respondent], path: Path) -> Path:
    """Microsoft Forms' .xlsx: ID, Start time, Completion time, Email, Name, Likert labels."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sheet1"
    sheet.append(
        ["ID", "Start time", "Completion time", "Email", "Name"] + [t for _i, _s, t in _items(q)]
    )
    for n, p in enumerate(people, start=1):
        sheet.append(
            [n, p.when - dt.timedelta(minutes=7), p.when, "anonymous", p.name]
            + [_label(q, p.ratings[i]) for i, _s, _t in _items(q)]
        )
    # Excel's trailing noise: an empty formatted row and column are part of many workbooks.
    sheet.cell(row=len(people) + 3, column=40).value = None
    out = path / "microsoft-forms.xlsx"
    book.save(out)
    return out


def limesurvey(
    q: Questionnaire,
    people: list[Respondent],
    codes: str = "Q{s}[SQ{n:03d}]",
    incomplete: bool = True,
) -> tuple[str, bytes]:
    """LimeSurvey's CSV export with question codes, `;`-separated; one response not submitted.

    `codes` names an array question per section: `Q1[SQ001]` (the default export) or
    `Q1_SQ001` (with the underscore option).
    """
    header = ["id", "submitdate", "lastpage", "startlanguage", "seed", "startdate", "datestamp"]
    sections = [s.id for s in q.sections]
    for i, _s, _t in _items(q):
        sid, _dot, number = i.partition(".")
        header.append(codes.format(s=sections.index(sid) + 1, n=int(number), sid=sid))
    rows: list[list[Any]] = [header]
    for n, p in enumerate(people, start=1):
        stamp = p.when.strftime("%Y-%m-%d %H:%M:%S")
        rows.append(
            [n, stamp, 8, "en", 12345 + n, stamp, stamp] + [p.ratings[i] for i, _s, _t in _items(q)]
        )
    if incomplete:
        rows.append(
            [len(people) + 1, "", 2, "en", 99, "2026-11-30 08:00:00", "2026-11-30 08:01:00"]
            + [3, 4]
            + [""] * (len(header) - 9)
        )
    return "limesurvey.csv", _csv(rows, ";").encode()


def surveymonkey(q: Questionnaire, people: list[Respondent]) -> tuple[str, bytes]:
    """SurveyMonkey's two header rows: a matrix per section, its statements in row 2."""
    meta = [
        "Respondent ID",
        "Collector ID",
        "Start Date",
        "End Date",
        "IP Address",
        "Email Address",
        "First Name",
        "Last Name",
        "Custom Data 1",
    ]
    first: list[str] = list(meta)
    second: list[str] = [""] * len(meta)
    for s in q.sections:
        for n, item in enumerate(s.items):
            first.append(s.theme if n == 0 else "")
            second.append(item.text)
    rows: list[list[Any]] = [first, second]
    for n, p in enumerate(people, start=1):
        first_name, last_name = p.name.split(" ", 1)
        end = p.when.strftime("%m/%d/%Y %I:%M:%S %p")
        start = (p.when - dt.timedelta(minutes=5)).strftime("%m/%d/%Y %I:%M:%S %p")
        rows.append(
            [11400000000 + n, 400000000, start, end, "192.0.2.1", "", first_name, last_name, ""]
            + [_label(q, p.ratings[i]) for i, _s, _t in _items(q)]
        )
    return "surveymonkey.csv", _csv(rows).encode("utf-8-sig")


def typeform(q: Questionnaire, people: list[Respondent]) -> tuple[str, bytes]:
    """Typeform's CSV: `#`, an opinion-scale question per statement, then its dates."""
    header = (
        ["#", "What is your name?"]
        + [t for _i, _s, t in _items(q)]
        + ["Start Date (UTC)", "Submit Date (UTC)", "Network ID"]
    )
    rows: list[list[Any]] = [header]
    for n, p in enumerate(people):
        rows.append(
            [f"x{n}abc", p.name]
            + [p.ratings[i] for i, _s, _t in _items(q)]
            + [
                (p.when - dt.timedelta(minutes=3)).strftime("%Y-%m-%d %H:%M:%S"),
                p.when.strftime("%Y-%m-%d %H:%M:%S"),
                "a1b2c3",
            ]
        )
    return "typeform.csv", _csv(rows).encode()


def qualtrics(q: Questionnaire, people: list[Respondent]) -> tuple[str, bytes]:
    """Qualtrics' three header rows: codes, `Question - Statement` texts, ImportId JSON."""
    meta = [
        ("StartDate", "Start Date", '{"ImportId":"startDate","timeZone":"Europe/Helsinki"}'),
        ("EndDate", "End Date", '{"ImportId":"endDate","timeZone":"Europe/Helsinki"}'),
        ("Status", "Response Type", '{"ImportId":"status"}'),
        ("Progress", "Progress", '{"ImportId":"progress"}'),
        ("Finished", "Finished", '{"ImportId":"finished"}'),
        (
            "RecordedDate",
            "Recorded Date",
            '{"ImportId":"recordedDate","timeZone":"Europe/Helsinki"}',
        ),
        ("ResponseId", "Response ID", '{"ImportId":"_recordId"}'),
        ("RecipientLastName", "Recipient Last Name", '{"ImportId":"recipientLastName"}'),
        ("RecipientFirstName", "Recipient First Name", '{"ImportId":"recipientFirstName"}'),
        ("UserLanguage", "User Language", '{"ImportId":"userLanguage"}'),
    ]
    codes = [m[0] for m in meta]
    texts = [m[1] for m in meta]
    ids = [m[2] for m in meta]
    for number, s in enumerate(q.sections, start=1):
        for n, item in enumerate(s.items, start=1):
            codes.append(f"Q{number}_{n}")
            texts.append(f"{s.theme} - {item.text}")
            ids.append(json.dumps({"ImportId": f"QID{number}_{n}"}))
    rows: list[list[Any]] = [codes, texts, ids]
    for n, p in enumerate(people):
        first_name, last_name = p.name.split(" ", 1)
        stamp = p.when.strftime("%Y-%m-%d %H:%M:%S")
        rows.append(
            [stamp, stamp, 0, 100, 1, stamp, f"R_{n}abc", last_name, first_name, "EN"]
            + [p.ratings[i] for i, _s, _t in _items(q)]
        )
    return "qualtrics.csv", _csv(rows).encode("utf-8-sig")


def kobotoolbox(q: Questionnaire, people: list[Respondent]) -> tuple[str, bytes]:
    """KoboToolbox's CSV (`;`, XML names with group paths) of our XLSForm's survey."""
    header = ["start", "end", "respondent"] + [
        f"{i.partition('.')[0]}/{i.replace('.', '_')}" for i, _s, _t in _items(q)
    ]
    header += [
        "_id",
        "_uuid",
        "_submission_time",
        "_validation_status",
        "_notes",
        "_status",
        "_submitted_by",
        "__version__",
        "_tags",
        "_index",
    ]
    rows: list[list[Any]] = [header]
    for n, p in enumerate(people, start=1):
        start = (p.when - dt.timedelta(minutes=6)).isoformat() + ".000+02:00"
        rows.append(
            [start, p.when.isoformat() + ".000+02:00", p.name]
            + [p.ratings[i] for i, _s, _t in _items(q)]
            + [
                300 + n,
                f"uuid-{n}",
                p.when.isoformat(),
                "",
                "",
                "submitted_via_web",
                "",
                "vX",
                "",
                n,
            ]
        )
    return "kobotoolbox.csv", _csv(rows, ";").encode()


def excel_locale(
    q: Questionnaire, people: list[Respondent], encoding: str, bom: bool = False
) -> tuple[str, bytes]:
    """Excel's "CSV (semicolon delimited)" of a sheet headed by the statements in `q`'s language."""
    names = {"fi": ["Nimi", "Päivämäärä"], "sk": ["Meno", "Dátum"]}
    header = names.get(q.language, ["Name", "Date"])
    header += [t for _i, _s, t in _items(q)]
    rows: list[list[Any]] = [header]
    for p in people:
        rows.append(
            [p.name, p.when.strftime("%d.%m.%Y")] + [p.ratings[i] for i, _s, _t in _items(q)]
        )
    rows.append([""] * len(header))  # Excel keeps an empty row that once held a formula
    text = _csv(rows, ";")
    data = text.encode(encoding)
    return f"excel-{q.language}-{encoding}.csv", (b"\xef\xbb\xbf" + data if bom else data)


def plain_workbook(q: Questionnaire, people: list[Respondent], path: Path) -> Path:
    """A workbook typed by hand: item ids as headers, numbers, real date cells."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Answers"
    sheet.append(["respondent", "date", "team"] + [i for i, _s, _t in _items(q)])
    for p in people:
        sheet.append([p.name, p.when.date(), "north"] + [p.ratings[i] for i, _s, _t in _items(q)])
    out = path / "answers.xlsx"
    book.save(out)
    return out


TextBuilder = Callable[[Questionnaire, list[Respondent]], tuple[str, bytes]]


def _answer_rows(q: Questionnaire, people: list[Respondent]) -> list[list[Any]]:
    """Item-id headers; a date-time cell, then numbers and labels by turns."""
    rows: list[list[Any]] = [["respondent", "date", "team", *[i for i, _s, _t in _items(q)]]]
    for p in people:
        cells = [
            _label(q, p.ratings[i]) if k % 3 == 0 else float(p.ratings[i])
            for k, (i, _s, _t) in enumerate(_items(q))
        ]
        rows.append([p.name, p.when, "north", *cells])
    return rows


def ods_workbook(q: Questionnaire, people: list[Respondent], path: Path) -> Path:
    """An OpenDocument spreadsheet (odfpy, as LibreOffice Calc saves it): a notes sheet first,
    the answers on sheet 'Answers' with typed date and number cells."""
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    notes = Table(name="Notes")
    row = TableRow()
    cell = TableCell(valuetype="string")
    cell.addElement(P(text="Workshop, 20 November"))
    row.addElement(cell)
    notes.addElement(row)
    doc.spreadsheet.addElement(notes)
    answers = Table(name="Answers")
    for values in _answer_rows(q, people):
        row = TableRow()
        for value in values:
            if isinstance(value, dt.datetime):
                cell = TableCell(valuetype="date", datevalue=value.isoformat())
                text = value.strftime("%d.%m.%Y %H:%M")
            elif isinstance(value, float):
                cell = TableCell(valuetype="float", value=value)
                text = f"{value:g}"
            else:
                cell = TableCell(valuetype="string")
                text = value
            cell.addElement(P(text=text))
            row.addElement(cell)
        answers.addElement(row)
    doc.spreadsheet.addElement(answers)
    out = path / "answers.ods"
    doc.save(str(out))
    return out


def xls_workbook(q: Questionnaire, people: list[Respondent], path: Path) -> Path:
    """An Excel 97-2003 workbook (xlwt): the answers on the first sheet, date cells formatted."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Sheet1")
    date_style = xlwt.easyxf(num_format_str="DD.MM.YYYY HH:MM")
    for r, values in enumerate(_answer_rows(q, people)):
        for c, value in enumerate(values):
            if isinstance(value, dt.datetime):
                sheet.write(r, c, value, date_style)
            else:
                sheet.write(r, c, value)
    out = path / "answers.xls"
    book.save(str(out))
    return out
