"""Reading the files a scan command is given: PDFs page by page, photos and scans as images."""

from __future__ import annotations

import base64
import html
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..i18n import _
from ..model import Questionnaire
from ..sources import read_bytes
from .assemble import Doubt, Origin, ScannedPage
from .deps import require
from .layout import FormLayout
from .qrpayload import Payload
from .scan import PageError, problem_text, read_page

MAX_FILE = 512 * 1024 * 1024  # a long multi-page scan fits; a runaway file does not
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")


@dataclass(frozen=True)
class PageFailure:
    """A page that could not be read, with where it came from."""

    origin: Origin
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"


def scan_files(paths: Sequence[str]) -> list[str]:
    """The files to read: files as given, and the PDFs and images inside folders (sorted)."""
    out: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(
                str(p)
                for p in path.rglob("*")
                if p.is_file()
                and not p.name.startswith(".")
                and p.suffix.lower() in (".pdf", *IMAGE_SUFFIXES)
            )
        else:
            out.append(raw)
    return out


def read_pages(
    files: Sequence[str], layout_for: Callable[[Payload], FormLayout]
) -> Iterator[ScannedPage | PageFailure]:
    """Every page of every file, read; a page that cannot be read is a PageFailure."""
    from .scan import load_image, pdf_pages

    for file in files:
        try:
            data = read_bytes(Path(file), file, MAX_FILE)
        except InputError as exc:
            yield PageFailure(Origin(file), exc.message)
            continue
        if data[:5] == b"%PDF-":
            try:
                images = pdf_pages(data)
            except require("pypdfium2").PdfiumError:
                yield PageFailure(Origin(file), _("not a PDF that can be read"))
                continue
            numbered = [(Origin(file, n), image) for n, image in enumerate(images, start=1)]
        else:
            image = load_image(data)
            if image is None:
                yield PageFailure(Origin(file), _("neither a PDF nor an image"))
                continue
            numbered = [(Origin(file), image)]
        for origin, image in numbered:
            try:
                yield ScannedPage(origin, read_page(image, layout_for))
            except PageError as exc:
                yield PageFailure(origin, str(exc))


def png(image: object) -> bytes:
    """An image array as PNG bytes."""
    cv2 = require("cv2")
    ok, data = cv2.imencode(".png", image)
    return bytes(data.tobytes()) if ok else b""


def contact_sheet(q: Questionnaire, doubts: Sequence[tuple[str, Doubt]]) -> str:
    """A self-contained HTML page with the crop of every doubtful mark, to check by eye."""
    items = {f"{s.id}.{i}": item for s in q.sections for i, item in enumerate(s.items)}
    rows = []
    for respondent, doubt in doubts:
        row = doubt.row
        crop = ""
        if row.crop is not None:
            data = base64.b64encode(png(row.crop)).decode("ascii")
            crop = f'<img src="data:image/png;base64,{data}" alt="">'
        text = items[f"{row.section}.{row.item}"].text
        rows.append(
            "<tr>"
            f"<td>{html.escape(respondent)}</td>"
            f"<td>{html.escape(str(doubt.origin))}</td>"
            f"<td><b>{html.escape(row.label)}</b> {html.escape(text)}</td>"
            f"<td>{html.escape(problem_text(row.problem) if row.problem else '')}</td>"
            f"<td>{crop}</td>"
            "</tr>"
        )
    head = [_("Respondent"), _("Page"), _("Statement"), _("Seen"), _("Boxes")]
    return (
        '<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        "<title>{title}</title><style>"
        "body{{font-family:sans-serif;margin:1.5em}}table{{border-collapse:collapse}}"
        "td,th{{border:1px solid #999;padding:.3em .5em;text-align:left;vertical-align:middle}}"
        "img{{height:3em}}</style></head><body><h1>{title}</h1>"
        "<table><tr>{head}</tr>\n{rows}\n</table></body></html>\n"
    ).format(
        lang=html.escape(q.language),
        title=html.escape(_("Marks to check")),
        head="".join(f"<th>{html.escape(h)}</th>" for h in head),
        rows="\n".join(rows),
    )
