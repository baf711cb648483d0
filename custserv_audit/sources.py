"""Where input bytes come from: capped reads, file kinds, paths, folders and globs."""

from __future__ import annotations

import errno
import fnmatch
import glob
import itertools
import os
import re
import stat
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple

from .errors import InputError
from .i18n import _
from .parsing import (
    MAX_BYTES,
)
from .terminal import display_name


def open_input(path: Path) -> BinaryIO:
    """Open a file for reading without ever blocking on a name that only looks like a file.

    A FIFO without a writer would block `open()` forever; it is opened without waiting
    (then reads see its end at once), and reads block again as for any file.
    """
    fd = _open_fd(path)
    try:
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _open_fd(path: Path) -> int:
    """A blocking descriptor for reading, opened without waiting for a FIFO's writer."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    try:
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    return fd


if TYPE_CHECKING:
    from .intake.reader import TableOptions


def unreadable(exc: OSError) -> str:
    """Why a file cannot be read: the usual reasons in the program's words (so every command
    says the same, in the user's language), others in the system's."""
    if exc.errno == errno.ENOENT:
        return _("no such file or folder")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return _("permission denied")
    if exc.errno == errno.EISDIR:
        return _("is a folder, not a file")
    return exc.strerror or _("cannot be read")


def read_bytes(path: Path, source: str | None = None, limit: int | None = MAX_BYTES) -> bytes:
    """A file's bytes, or an InputError naming it; never more than `limit` (None: no cap).

    The cap is checked before reading, so a huge file or a device (/dev/zero) never fills memory.
    A regular file is read with one `os.read` of its size (a buffered read of `limit` bytes
    would allocate the whole cap for every small file).
    """
    name = source or display_name(path)
    try:
        fd = _open_fd(path)
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
    """'json', 'csv', 'ndjson', 'xlsx' (any workbook), 'table' (TSV) or 'yaml' from a name."""
    lower = path.lower()
    if lower.endswith(".json"):
        return "json"
    if lower.endswith(".csv"):
        return "csv"
    if lower.endswith((".ndjson", ".jsonl")):
        return "ndjson"
    if lower.endswith((".xlsx", ".xlsm", ".xls", ".ods")):
        return "xlsx"
    if lower.endswith(".tsv"):
        return "table"
    return "yaml"


ANSWER_SUFFIXES = (
    ".yaml",
    ".yml",
    ".json",
    ".csv",
    ".tsv",
    ".ndjson",
    ".xlsx",
    ".xls",
    ".ods",
)
STDIN = "-"


class Source(NamedTuple):
    """One input: a file, or standard input (`file` None).

    A named tuple, not a dataclass: a folder may list 100,000s of them, and a tuple is
    built several times faster while being just as immutable.
    """

    name: str
    file: str | os.PathLike[str] | None  # kept as given: a folder of 10,000s lists strings
    kind: str
    table: TableOptions | None = None  # --delimiter, --encoding, --sheet, --map for tables

    @property
    def path(self) -> Path | None:
        """The file as a Path; None for standard input."""
        return None if self.file is None else Path(self.file)


Note = Callable[[str], object]


def expand(
    paths: Iterable[str],
    input_format: str | None = None,
    table: TableOptions | None = None,
    note: Note | None = None,
) -> Iterator[Source | InputError]:
    """Files, folders (every answer file below, sorted), globs and `-`, in the order given.

    An input reached more than once (by folder, name and glob) is read once; special files
    (FIFOs, devices) found in a folder or by a glob are skipped. Both are told to `note`.
    """
    paths = list(paths)
    inputs = _Inputs(input_format, table, note)
    inputs.alone = len(paths) == 1
    for raw in paths:
        yield from inputs.expand(raw)


class _Inputs:
    """Expands command-line paths, remembering every file already given."""

    def __init__(
        self, input_format: str | None, table: TableOptions | None, note: Note | None
    ) -> None:
        self.input_format = input_format
        self.table = table
        self.note = note
        self.seen: set[tuple[int, int]] = set()
        self.alone = False  # the only path given: no other input can be reached twice

    def expand(self, raw: str) -> Iterator[Source | InputError]:
        if raw == STDIN:
            yield Source("<stdin>", None, self.input_format or "", self.table)
            return
        try:
            info: os.stat_result | None = os.stat(raw)
        except OSError as exc:
            if exc.errno != errno.ENOENT and not glob.has_magic(raw):
                yield InputError(display_name(raw), unreadable(exc))
                return
            info = None
        if info is not None and stat.S_ISDIR(info.st_mode):
            yield from self.folder(raw)
        elif info is not None:
            yield from self.once(raw, False)
        elif glob.has_magic(raw):
            files = [m for m in glob_once(raw) if not os.path.isdir(m)]
            if not files:
                yield InputError(display_name(raw), _("no file matches the pattern"))
            for m in files:
                yield from self.once(m, True)
        else:
            yield InputError(display_name(raw), _("no such file or folder"))

    def folder(self, raw: str) -> Iterator[Source | InputError]:
        listed = _plain_tree(raw) if self.alone and not self.seen else None
        if listed is not None:
            yield from self.plain_folder(raw, listed)
            return
        problems: list[OSError] = []
        found = sorted(_answer_files(raw, problems.append))
        if not found and not problems:
            yield _no_answer_files(raw)
        # A folder that cannot be listed is told, in its place among the files: what it
        # holds is never left out without a word.
        unlisted = {os.fspath(exc.filename): exc for exc in problems}
        if unlisted:
            found = sorted([*found, *unlisted])
        # As `once(name, True)` for each name, inlined: a folder may hold 100,000s of files.
        seen, note, table, given = self.seen, self.note, self.table, self.input_format
        for name in found:
            if unlisted and name in unlisted:
                yield InputError(display_name(name), unreadable(unlisted[name]))
                continue
            try:
                info = os.stat(name)
            except OSError as exc:
                yield InputError(display_name(name), unreadable(exc))
                continue
            if not stat.S_ISREG(info.st_mode):
                _tell(
                    note, _("{name}: skipped: not a regular file").format(name=display_name(name))
                )
                continue
            key = (info.st_dev, info.st_ino)
            if key in seen:
                message = _("{name}: given more than once; read once")
                _tell(note, message.format(name=display_name(name)))
                continue
            seen.add(key)
            yield Source(display_name(name), name, given or kind_of(name), table)

    def plain_folder(
        self, raw: str, listed: list[tuple[str, tuple[int, int]]]
    ) -> Iterator[Source | InputError]:
        """`folder` for a tree of plain files and folders (`_plain_tree`): what `os.stat`
        would tell of each file, its listing told already."""
        if not listed:
            yield _no_answer_files(raw)
        listed.sort()
        seen, note, table, given = self.seen, self.note, self.table, self.input_format
        # Names are shown as they are when none holds a character to escape (looked for
        # once in all of them).
        joined = "/".join([name for name, _key in listed])
        plain = display_name(joined) is joined
        for name, key in listed:
            if key in seen:
                message = _("{name}: given more than once; read once")
                _tell(note, message.format(name=display_name(name)))
                continue
            seen.add(key)
            yield Source(name if plain else display_name(name), name, given or kind_of(name), table)

    def once(self, name: str, found: bool) -> Iterator[Source | InputError]:
        """A Source for a file, unless it was given already or is special (when `found`)."""
        try:
            info = os.stat(name)
        except OSError as exc:
            yield InputError(display_name(name), unreadable(exc))
            return
        if found and not stat.S_ISREG(info.st_mode):
            message = _("{name}: skipped: not a regular file")
            _tell(self.note, message.format(name=display_name(name)))
            return
        key = (info.st_dev, info.st_ino)
        if key in self.seen and stat.S_ISREG(info.st_mode):
            message = _("{name}: given more than once; read once")
            _tell(self.note, message.format(name=display_name(name)))
            return
        self.seen.add(key)
        kind = self.input_format or kind_of(name)
        yield Source(display_name(name), name, kind, self.table)


def _tell(note: Note | None, message: str) -> None:
    if note is not None:
        note(message)


def _expanded(
    paths: Iterable[str | Source | InputError], input_format: str | None
) -> Iterator[Source | InputError]:
    # Runs of command-line paths are expanded together, so a file reached twice is read once.
    for is_text, group in itertools.groupby(paths, key=lambda path: isinstance(path, str)):
        if is_text:
            yield from expand([p for p in group if isinstance(p, str)], input_format)
        else:
            yield from (p for p in group if not isinstance(p, str))


def _no_answer_files(folder: str) -> InputError:
    message = _("the folder holds no answer files ({suffixes})")
    return InputError(display_name(folder), message.format(suffixes=", ".join(ANSWER_SUFFIXES)))


def _plain_tree(folder: str) -> list[tuple[str, tuple[int, int]]] | None:
    """Every answer file below a folder with its (device, inode), as `_answer_files` and
    `os.stat` give them, from the listing alone, without a `stat` per file; None when
    the listing cannot tell for certain, and each file must be looked at.

    The listing tells a file's type and inode, and a folder's device is its files'
    device, unless something is mounted below the folder (a file can be). So the tree
    must hold only folders that can be searched and plain files: no link, no special
    file among the answer files, nothing mounted. Where a listing does not know a type,
    `DirEntry` asks the system itself.
    """
    if not _nothing_mounted_below(folder):
        return None
    found: list[tuple[str, tuple[int, int]]] = []
    stack = [folder]
    try:
        while stack:
            top = stack.pop()
            info = os.stat(top)
            if not stat.S_ISDIR(info.st_mode) or not os.access(top, os.X_OK):
                return None
            device = info.st_dev
            with os.scandir(top) as entries:
                for entry in entries:
                    name = entry.name
                    if name.startswith("."):
                        continue
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(entry.path)
                    elif name.lower().endswith(ANSWER_SUFFIXES):
                        if not entry.is_file(follow_symlinks=False):
                            return None  # a link or a special file
                        found.append((entry.path, (device, entry.inode())))
    except OSError:
        return None
    return found


def _nothing_mounted_below(folder: str) -> bool:
    """Whether no file system is mounted anywhere below `folder` (False when unknown)."""
    try:
        with open("/proc/self/mountinfo", "rb") as handle:
            table = handle.read()
        real = os.fsencode(os.path.realpath(folder)).rstrip(b"/") + b"/"
    except OSError:
        return False
    for line in table.splitlines():
        fields = line.split(b" ")
        if len(fields) < 5:
            return False
        point = re.sub(rb"\\([0-7]{3})", lambda m: bytes([int(m[1], 8)]), fields[4])
        if point.startswith(real):
            return False
    return True


def _answer_files(folder: str, unlisted: Callable[[OSError], object]) -> Iterator[str]:
    """Every answer file below a folder (hidden files and folders skipped; links to folders
    are not followed, so a link loop is walked once); a folder that cannot be listed goes
    to `unlisted`."""
    for top, dirs, files in os.walk(folder, onerror=unlisted):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if not name.startswith(".") and name.lower().endswith(ANSWER_SUFFIXES):
                yield os.path.join(top, name)  # strings, not Path: cheaper for 10,000s


def glob_once(pattern: str) -> list[str]:
    """Paths matching a glob pattern, sorted; `**` matches any depth of folders.

    As glob.glob(recursive=True), but every real folder is visited once, so links that
    loop (`d/a -> .`, `d/b -> .`) end instead of multiplying the names until they are too long.
    """
    if "**" not in pattern:
        return sorted(glob.glob(pattern))
    parts = pattern.split(os.sep)
    fixed = 0
    while fixed < len(parts) and not glob.has_magic(parts[fixed]):
        fixed += 1
    base = os.sep.join(parts[:fixed]) if fixed else ""
    wanted = parts[fixed:]
    hidden = any(part.startswith(".") for part in wanted)
    found: list[str] = []
    seen: set[tuple[int, int]] = set()
    for top, dirs, files in os.walk(base or os.curdir, followlinks=True):
        try:
            info = os.stat(top)
        except OSError:
            dirs[:] = []
            continue
        if (info.st_dev, info.st_ino) in seen:
            dirs[:] = []
            continue
        seen.add((info.st_dev, info.st_ino))
        if not hidden:
            dirs[:] = [d for d in dirs if not d.startswith(".")]
        dirs.sort()
        relative = os.path.relpath(top, base or os.curdir)
        prefix = [] if relative == os.curdir else relative.split(os.sep)
        for name in [*dirs, *files]:
            if _matches([*prefix, name], wanted):
                found.append(os.path.join(top, name) if base else os.path.join(*prefix, name))
    return sorted(found)


def _matches(names: list[str], parts: list[str]) -> bool:
    """Whether path components match pattern components (`**`: any number of folders)."""
    if not parts:
        return not names
    if parts[0] == "**":
        if _matches(names, parts[1:]):
            return True
        return bool(names) and not names[0].startswith(".") and _matches(names[1:], parts)
    if not names:
        return False
    name, part = names[0], parts[0]
    if name.startswith(".") and not part.startswith("."):
        return False
    return fnmatch.fnmatchcase(name, part) and _matches(names[1:], parts[1:])


def sniff(data: bytes) -> str:
    """Guess the format of standard input: JSON, CSV (a header with item ids) or YAML."""
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    if head in (b"{", b"["):
        return "json"
    first_line = data.split(b"\n", 1)[0]
    if b"," in first_line and b"respondent" in first_line and b":" not in first_line:
        return "csv"
    return "yaml"
