"""The built-in questionnaire's parsed YAML, kept as Python keeps compiled modules.

Reading the built-in definition means importing PyYAML and walking the whole file, on
every run, for a value that only changes when the file (or the parser) does. The value is
kept beside the package's compiled modules (`__pycache__`), with the exact bytes of the
file it was parsed from and the size and time of each parser module: when any of them
differ, or the copy cannot be read, the file is parsed again and the copy rewritten
(where the package folder is writable). The definition is still checked on every run.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
from pathlib import Path
from typing import Any

from .. import parsing
from . import canonical, document

_FORMAT = 1  # of the kept copy: (format, parser stamp, file bytes, value)
_PARSERS = (parsing.__file__, document.__file__, canonical.__file__)


def kept_path(name: str) -> Path | None:
    """Where the parsed value of the built-in definition `name` is kept."""
    tag = sys.implementation.cache_tag
    if tag is None:
        return None
    return Path(__file__).resolve().parent / "__pycache__" / f"{name}.{tag}.marshal"


def _stamp() -> list[tuple[int, int]]:
    stamps = []
    for file in _PARSERS:
        info = os.stat(file)
        stamps.append((info.st_size, info.st_mtime_ns))
    return stamps


def kept_value(path: Path | None, data: bytes) -> tuple[bool, object]:
    """(True, the value parsed from `data`) if it is kept at `path` and current."""
    if path is None:
        return False, None
    try:
        stamp = _stamp()
        with open(path, "rb") as handle:
            kept = marshal.loads(handle.read())
    except (OSError, ValueError, EOFError, TypeError):
        return False, None
    if type(kept) is not tuple or len(kept) != 4:
        return False, None
    form, kept_stamp, kept_data, value = kept
    if form != _FORMAT or kept_stamp != stamp or kept_data != data:
        return False, None
    return True, value


def keep_value(path: Path | None, data: bytes, value: Any) -> None:
    """Keep `value`, parsed from `data`, at `path`; nothing happens when it cannot be kept
    (a package folder that is not writable). Not bytecode: kept whatever
    PYTHONDONTWRITEBYTECODE says, as an installer compiles modules whatever it says."""
    if path is None:
        return
    tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    made = False
    try:
        blob = marshal.dumps((_FORMAT, _stamp(), data, value))
        path.parent.mkdir(exist_ok=True)
        with open(tmp, "xb") as handle:
            made = True
            handle.write(blob)
        os.replace(tmp, path)
        made = False
    except (OSError, ValueError):
        pass  # a value marshal cannot hold, or a folder Python may not write to either
    finally:
        if made:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
