"""Where bytes are written: atomic files (a reader never sees a half-written file) and stdout."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from .errors import OutputError, UsageError
from .i18n import _, gettext_for


def err(message: str) -> None:
    """One line on standard error."""
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


def write_text(text: str) -> None:
    """Text on standard output, flushed (a pipe's reader sees it at once)."""
    sys.stdout.write(text)
    sys.stdout.flush()


def check_writable(path: Path, force: bool) -> None:
    """Refuse to replace an existing file without --force."""
    if path.exists() and not force:
        raise OutputError(_("{path}: already exists (use --force to replace it)").format(path=path))
    if path.is_dir():
        raise OutputError(_("{path}: is a folder").format(path=path))


@contextlib.contextmanager
def atomic_writer(path: Path, force: bool = False, binary: bool = False) -> Iterator[IO[Any]]:
    """Write to a temporary file beside `path`, then rename it into place."""
    check_writable(path, force)
    folder = path.parent if str(path.parent) else Path()
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OutputError(f"{path}: {exc.strerror or _cannot_write()}") from None
    try:
        # mkstemp makes the file private; give it the permissions a new file normally gets.
        umask = os.umask(0)
        os.umask(umask)
        os.fchmod(fd, 0o666 & ~umask)
        handle: IO[Any] = (
            os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="")
        )
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise OutputError(f"{path}: {exc.strerror or _cannot_write()}") from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _cannot_write() -> str:
    return _("cannot be written")


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
