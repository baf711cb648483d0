"""What the QR code on every page of a machine-readable form says.

The payload holds exactly the facts the box positions follow from (questionnaire
id and fingerprint, language, paper, page n of N) plus the respondent id of a
personalised form (and the printed name, when it differs from the id and the code
stays small) and a short hash of the page's box layout, so a reader with a
different layout never reads boxes in the wrong place. ASCII only: the id, the
respondent and the name are percent-encoded.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from urllib.parse import quote, unquote

MAGIC = "CS1"
FINGERPRINT_CHARS = 8
#: The longest payload that gets the respondent's name as well as the id: 78 characters
#: fit a version-4 code (33 modules) at error correction L, the size a typical id needs
#: anyway, so the name never makes the code denser.
NAME_BUDGET = 78


class PayloadError(ValueError):
    """A QR text that is not one of our payloads."""


@dataclass(frozen=True)
class Payload:
    """The facts one page's QR code carries."""

    questionnaire: str
    fingerprint: str
    language: str
    paper: str
    page: int
    pages: int
    layout: str
    respondent: str | None = None
    name: str | None = None  # the printed name, when it is not the id

    @property
    def filler(self) -> bool:
        """A blank back page added for double-sided printing (nothing to read)."""
        return self.page > self.pages


def encode(payload: Payload) -> str:
    """The QR text of `payload`."""
    fields = [
        MAGIC,
        quote(payload.questionnaire, safe=""),
        payload.fingerprint[:FINGERPRINT_CHARS],
        payload.language,
        payload.paper,
        f"{payload.page}/{payload.pages}",
        payload.layout,
    ]
    if payload.respondent is not None:
        fields.append(quote(payload.respondent, safe=""))
        if payload.name is not None and payload.name != payload.respondent:
            fields.append(quote(payload.name, safe=""))
    return " ".join(fields)


def with_name(payload: Payload, name: str) -> Payload:
    """`payload` carrying the respondent's name too, when it fits NAME_BUDGET."""
    named = replace(payload, name=name)
    return named if len(encode(named)) <= NAME_BUDGET else payload


def decode(text: str) -> Payload:
    """The payload in a QR text; PayloadError when it is not ours or malformed."""
    fields = text.split(" ")
    if len(fields) not in (7, 8, 9) or fields[0] != MAGIC:
        raise PayloadError(text)
    _magic, qid, fingerprint, language, paper, where, layout, *rest = fields
    page_text, _sep, pages_text = where.partition("/")
    if not (page_text.isdigit() and pages_text.isdigit()):
        raise PayloadError(text)
    page, pages = int(page_text), int(pages_text)
    if not 1 <= page <= pages + 1:
        raise PayloadError(text)
    return Payload(
        questionnaire=unquote(qid),
        fingerprint=fingerprint,
        language=language,
        paper=paper,
        page=page,
        pages=pages,
        layout=layout,
        respondent=unquote(rest[0]) if rest else None,
        name=unquote(rest[1]) if len(rest) > 1 else None,
    )


def matches_fingerprint(payload: Payload, fingerprint: str) -> bool:
    """True when the payload was made from a questionnaire with this fingerprint."""
    return bool(payload.fingerprint) and fingerprint.startswith(payload.fingerprint)
