"""Where bytes are written: atomic files (a reader never sees a half-written file) and stdout."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .errors import OutputError, UsageError
from .i18n import _, gettext_for
from .terminal import display_name, inert


def err(message: str) -> None:
    """One line on standard error; control characters from inputs are shown, never sent.

    When the reader of the messages goes away (`2>&1 >out | head`), later messages are
    dropped and the command goes on: its results still reach their output whole."""
    try:
        sys.stderr.write(inert(message) + "\n")
        sys.stderr.flush()
    except BrokenPipeError:
        with contextlib.suppress(OSError, ValueError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stderr.fileno())
            os.close(devnull)


def write_text(text: str) -> None:
    """Text on standard output, flushed (a pipe's reader sees it at once)."""
    sys.stdout.write(text)
    sys.stdout.flush()


def check_writable(path: Path, force: bool) -> None:
    """Refuse to replace an existing file without --force, and anything but a regular file
    (a device, a FIFO, a folder) even with it."""
    name = display_name(path)
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise OutputError(not_written(name, exc)) from None
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(_("{path}: is a folder").format(path=name))
    if not force:
        raise OutputError(_("{path}: already exists (use --force to replace it)").format(path=name))
    if not (stat.S_ISREG(info.st_mode) or stat.S_ISLNK(info.st_mode)):
        raise OutputError(
            _("{path}: not a regular file; --force replaces only regular files").format(path=name)
        )


@contextlib.contextmanager
def atomic_writer(path: Path, force: bool = False, binary: bool = False) -> Iterator[IO[Any]]:
    """Write to a temporary file beside `path`, then move it into place.

    Without `force` the move never replaces a file that appeared meanwhile (a hard link
    is made, which fails when the name exists); with it, only a regular file is replaced.
    The temporary file is removed on any error, Ctrl-C, SIGTERM or SIGHUP.
    """
    check_writable(path, force)
    name = display_name(path)
    folder = path.parent if str(path.parent) else Path()
    # The name is known before the file exists, so a signal at any moment after it is made
    # still finds it to remove. Created with the permissions a new file gets (the umask).
    tmp = str(folder / f".{path.name}.{os.urandom(8).hex()}.tmp")
    fd = -1
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o666)
        handle: IO[Any] = (
            os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        )
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _move_into_place(tmp, path, force)
    except OSError as exc:
        if fd != -1:  # not made at all otherwise (and the name may be another's)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise OutputError(not_written(name, exc, folder)) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _move_into_place(tmp: str, path: Path, force: bool) -> None:
    """Rename `tmp` to `path`: never over a file that appeared meanwhile unless forced."""
    if force:
        check_writable(path, force)  # still a regular file (or absent) at the last moment
        os.replace(tmp, path)
        return
    try:
        os.link(tmp, path)
    except FileExistsError:
        raise OutputError(
            _("{path}: a file appeared there while the output was written; it was kept").format(
                path=display_name(path)
            )
        ) from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # A file system without hard links: check as late as possible, then rename.
        check_writable(path, force)
        os.replace(tmp, path)
        return
    os.unlink(tmp)


def not_written(name: str, exc: OSError, folder: Path | None = None) -> str:
    """`NAME: cannot be written: the disk is full`, in the active language.

    The system's own words (`[Errno 28] No space left on device`) are English whatever the
    language; the common reasons are said in ours, the rest keep the system's words.
    """
    return _("{path}: cannot be written: {reason}").format(
        path=name, reason=write_failure(exc, folder)
    )


def write_failure(exc: OSError, folder: Path | None = None) -> str:
    """What the system said when writing failed, in the active language."""
    code = exc.errno
    if code == errno.ENOENT and folder is not None and not folder.is_dir():
        return _("the folder {folder} does not exist").format(folder=display_name(folder))
    reasons = {
        errno.ENOSPC: _("the disk is full"),
        errno.EDQUOT: _("the disk quota is used up"),
        errno.EFBIG: _("the file is too large for the disk"),
        errno.EROFS: _("the disk is read-only"),
        errno.EACCES: _("no permission to write there"),
        errno.EPERM: _("no permission to write there"),
        errno.EISDIR: _("it is a folder"),
        errno.ENOENT: _("a folder on the way does not exist"),
        errno.ENOTDIR: _("a part of the path is not a folder"),
        errno.ENAMETOOLONG: _("the name is too long"),
        errno.EIO: _("the device reported an input/output error"),
    }
    if code in reasons:
        return reasons[code]
    return exc.strerror or _("the system refused it")


def write_atomic(path: Path, data: str | bytes, force: bool = False) -> None:
    """Write a whole file atomically."""
    with atomic_writer(path, force=force, binary=isinstance(data, bytes)) as handle:
        handle.write(data)


def emit_document(data: bytes | str, output: Path | None, force: bool) -> None:
    """Write a rendered document to --output (atomically) or to standard output."""
    if output is not None:
        write_atomic(output, data, force)
        return
    if isinstance(data, bytes):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(data)
        sys.stdout.flush()


def check_document_target(binary: bool, output: Path | None, force: bool, lang: str) -> None:
    """Fail before rendering: an existing --output without --force, or a PDF to a terminal."""
    _ = gettext_for(lang)
    if output is not None:
        check_writable(output, force)
    elif binary and sys.stdout.isatty():
        raise UsageError(
            _("a PDF cannot be shown in a terminal; give --output FILE (or redirect: > FILE.pdf)")
        )
