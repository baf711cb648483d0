"""The optional libraries of scanning, imported only when a scan is asked for."""

from __future__ import annotations

from types import ModuleType

from ..errors import AuditError
from ..i18n import _


def require(module: str) -> ModuleType:
    """Import one of the `scan` extra's modules, or fail with one line naming the extra."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError:
        raise AuditError(
            _(
                "Reading scans needs the optional 'scan' libraries: "
                "pip install 'custserv-audit[scan]'"
            )
        ) from None
