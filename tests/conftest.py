"""Shared fixtures: the questionnaires, the reference's example answers and a CLI runner that never
lets a traceback or a stray exception through."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from typer.testing import CliRunner, Result

from custserv_audit.cli import app
from custserv_audit.model import Questionnaire
from custserv_audit.schema.definition import load_questionnaire

ASSETS = Path(__file__).parent / "assets"

# Property tests check behaviour, never speed: on a busy machine a slow example is no
# failure (no deadline, no "too slow" health check).
settings.register_profile("untimed", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("untimed")

# The example answer file of docs/reference.md ("Answer files"): total 27, adequate, weakest
# feedback.
EXAMPLE_RATINGS: dict[str, list[int]] = {
    "culture": [5, 4, 4, 3],
    "products": [4, 4, 5, 3],
    "feedback": [3, 3, 4],
    "knowledge": [4, 4, 3],
    "accessibility": [5, 4, 4],
    "staff": [4, 4, 4, 3, 5],
    "improvement": [3, 4, 4],
}

EXAMPLE_YAML = """\
questionnaire: customer-orientation
respondent: Example Oy
date: 2026-11-25
answers:
  culture: [5, 4, 4, 3]
  products: [4, 4, 5, 3]
  feedback: [3, 3, 4]
  knowledge: [4, 4, 3]
  accessibility: [5, 4, 4]
  staff: [4, 4, 4, 3, 5]
  improvement: [3, 4, 4]
"""

Invoke = Callable[..., Result]


@pytest.fixture(autouse=True)
def _private_history(
    monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """`run` and `score --record` write to a history of their own, never the user's real one."""
    folder = tmp_path_factory.mktemp("history")
    monkeypatch.setenv("CUSTSERV_AUDIT_DB", str(folder / "history.sqlite3"))


@pytest.fixture(autouse=True)
def _english_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    """Messages and texts default to English whatever the machine's locale is.

    A test that wants another language sets LANG or LC_ALL itself (monkeypatch runs later).
    """
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


@pytest.fixture(scope="session")
def builtin() -> Questionnaire:
    """The built-in questionnaire in English."""
    return load_questionnaire(None, "en")


@pytest.fixture(scope="session")
def mini() -> Questionnaire:
    """tests/assets/mini.yaml: sections speed (2 items) and care (3), scale 0-3, good from 3.5."""
    return load_questionnaire(ASSETS / "mini.yaml", "en")


@pytest.fixture
def cli() -> Invoke:
    """Run the program in-process; asserts no traceback and a clean exit on every call."""
    runner = CliRunner()

    def invoke(*args: str | Path, input: str | bytes | None = None) -> Result:
        result = runner.invoke(app, [str(a) for a in args], input=input)
        assert "Traceback" not in result.output
        if result.exit_code != 0:
            # Every failure is an orderly exit (typer.Exit / usage error), never a crash.
            assert isinstance(result.exception, SystemExit), repr(result.exception)
        else:
            assert result.exception is None, repr(result.exception)
        return result

    return invoke


def answers_yaml(
    ratings: Mapping[str, Sequence[int]],
    questionnaire: str = "customer-orientation",
    respondent: str | None = None,
) -> str:
    """An answer file in the reference's YAML layout (flow lists, one section a line)."""
    lines = [f"questionnaire: {questionnaire}"]
    if respondent is not None:
        lines.append(f'respondent: "{respondent}"')
    lines.append("answers:")
    lines += [f"  {sid}: [{', '.join(map(str, values))}]" for sid, values in ratings.items()]
    return "\n".join(lines) + "\n"


@pytest.fixture
def example_file(tmp_path: Path) -> Path:
    """The example answer file of docs/reference.md, written as good.yaml."""
    path = tmp_path / "good.yaml"
    path.write_text(EXAMPLE_YAML, encoding="utf-8")
    return path
