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
    A regular file is read with one `os.read` of its size (a buffered read of `limit` bytes
    would allocate the whole cap for every small file).
    """
    name = source or str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
        try:
            size = os.fstat(fd).st_size
            if limit is not None and size > limit:
                message = _("file is too large ({size} bytes; the limit is {limit})")
                raise InputError(name, message.format(size=size, limit=limit))
            data = _read_up_to(fd, size, limit)
        finally:
            os.close(fd)
    except OSError as exc:
        raise InputError(name, unreadable(exc)) from None
    if limit is not None and len(data) > limit:  # a device, a pipe, a growing file
        raise InputError(name, _("file is too large (more than {limit} bytes)").format(limit=limit))
    return data


def _read_up_to(fd: int, size: int, limit: int | None) -> bytes:
    """Everything up to end of file, but stop once more than `limit` bytes have come.

    `size` (from fstat; 0 for pipes and devices) sizes the first read; later reads probe
    in small pieces, so a small file costs one read of its size and one empty read.
    """
    cap = limit + 1 if limit is not None else None
    first = size + 1 if size else 65536
    data = os.read(fd, first if cap is None else min(first, cap))
    if not data:
        return data
    chunks = [data]
    total = len(data)
    while cap is None or total < cap:
        want = 1 if total == size else 65536  # the end of a file of the size fstat gave
        if cap is not None:
            want = min(want, cap - total)
        chunk = os.read(fd, want)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    return data if len(chunks) == 1 else b"".join(chunks)


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
