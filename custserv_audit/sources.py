"""Where input bytes come from: capped reads, file kinds, paths, folders and globs."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .i18n import _
from .parsing import (
    MAX_BYTES,
)

if TYPE_CHECKING:
    from .intake.reader import TableOptions


def unreadable(exc: OSError) -> str:
    """Why a file cannot be read, in the system's words when it gives them."""
    return exc.strerror or _("cannot be read")


def read_bytes(path: Path, source: str | None = None, limit: int | None = MAX_BYTES) -> bytes:
    """A file's bytes, or an InputError naming it; never more than `limit` (None: no cap).

    The cap is checked before reading, so a huge file or a device (/dev/zero) never fills memory.
    """
    name = source or str(path)
    try:
        with path.open("rb") as handle:
            if limit is None:
                return handle.read()
            size = os.fstat(handle.fileno()).st_size
            data = handle.read(limit + 1) if size <= limit else b""
    except OSError as exc:
        raise InputError(name, unreadable(exc)) from None
    if size > limit:
        message = _("file is too large ({size} bytes; the limit is {limit})")
        raise InputError(name, message.format(size=size, limit=limit))
    if len(data) > limit:  # no size known beforehand: a device, a pipe, a growing file
        raise InputError(name, _("file is too large (more than {limit} bytes)").format(limit=limit))
    return data


def kind_of(path: str) -> str:
    """'json', 'csv', 'ndjson', 'xlsx', 'table' (TSV) or 'yaml' from a file name."""
    lower = path.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith((".ndjson", ".jsonl")):
        return "ndjson"
    if lower.endswith((".xlsx", ".xlsm")):
        return "xlsx"
    if lower.endswith(".tsv"):
        return "table"
    return "yaml"


ANSWER_SUFFIXES = (".yaml", ".yml", ".json", ".csv", ".tsv", ".ndjson", ".xlsx")
STDIN = "-"


@dataclass(frozen=True)
class Source:
    """One input: a file, or standard input (`path` None)."""

    name: str
    path: Path | None
    kind: str
    table: TableOptions | None = None  # --delimiter, --encoding, --sheet, --map for tables


def expand(
    paths: Iterable[str], input_format: str | None = None, table: TableOptions | None = None
) -> Iterator[Source | InputError]:
    """Files, folders (every answer file below, sorted), globs and `-`, in the order given."""
    for raw in paths:
        if raw == STDIN:
            yield Source("<stdin>", None, input_format or "", table)
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(_answer_files(raw))
            if not found:
                yield InputError(
                    raw,
                    _("the folder holds no answer files ({suffixes})").format(
                        suffixes=", ".join(ANSWER_SUFFIXES)
                    ),
                )
            for name in found:
                yield Source(name, Path(name), input_format or kind_of(name), table)
        elif path.exists():
            yield Source(raw, path, input_format or kind_of(path.name), table)
        elif glob.has_magic(raw):
            # glob.glob, not Path.glob: patterns may be absolute or start with '..'.
            matches = sorted(glob.glob(raw, recursive=True))
            files = [m for m in matches if Path(m).is_file()]
            if not files:
                yield InputError(raw, _("no file matches the pattern"))
            for m in files:
                yield Source(m, Path(m), input_format or kind_of(m), table)
        else:
            yield InputError(raw, _("no such file or folder"))


def _expanded(
    paths: Iterable[str | Source | InputError], input_format: str | None
) -> Iterator[Source | InputError]:
    for path in paths:
        if isinstance(path, str):
            yield from expand([path], input_format)
        else:
            yield path


def _answer_files(folder: str) -> Iterator[str]:
    """Every answer file below a folder (hidden files and folders skipped)."""
    import os

    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and name.lower().endswith(ANSWER_SUFFIXES):
                yield os.path.join(top, name)  # strings, not Path: cheaper for 10,000s


def sniff(data: bytes) -> str:
    """Guess the format of standard input: JSON, CSV (a header with item ids) or YAML."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        return "json"
    first_line = data.split(b"\n", 1)[0]
    if b"," in first_line and b"respondent" in first_line and b":" not in first_line:
        return "csv"
    return "yaml"
