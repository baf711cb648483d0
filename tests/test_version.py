"""One version source: the package's __version__ is what --version and the metadata say."""

from __future__ import annotations

from importlib import metadata

from typer.testing import CliRunner

import custserv_audit
from custserv_audit.cli import app


def test_version_option_prints_the_package_version_and_exits_0() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"custserv-audit {custserv_audit.__version__}\n"


def test_the_installed_metadata_has_the_same_version() -> None:
    assert metadata.version("custserv-audit") == custserv_audit.__version__
