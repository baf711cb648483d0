"""One interactive audit from start to result: where answers live, resume, interruption."""

from __future__ import annotations

import os
import re
import shlex
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import AuditError, ExitCode, OutputError, UsageError
from ..i18n import gettext_for
from ..model import Answers, Questionnaire, Result
from ..output import err, write_atomic
from ..schema.answerfile import dump_answers, positions, split
from ..schema.answers import load_answers
from ..sources import kind_of, read_bytes

if TYPE_CHECKING:
    from ..norms.model import Norm
    from .plain import PlainIO


def default_save_path(respondent: str, date: str, folder: Path | None = None) -> Path:
    """A new file name in the current folder that does not exist yet."""
    # "Kahvila Ässä" → kahvila-assa: accents dropped, not the letters.
    plain = unicodedata.normalize("NFKD", respondent).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:40]
    stem = f"audit-{slug}-{date}" if slug else f"audit-{date}"
    base = folder or Path()
    candidate = base / f"{stem}.yaml"
    n = 2
    while candidate.exists():
        candidate = base / f"{stem}-{n}.yaml"
        n += 1
    return candidate


def save_answers(
    path: Path,
    questionnaire: Questionnaire,
    flat: Sequence[int | None],
    respondent: str | None,
    date: str | None,
) -> None:
    """Write the answers so far, atomically (replacing the previous save).

    A `.json` file gets JSON, anything else YAML, so `score` reads it back by its name.
    """
    text = dump_answers(
        questionnaire.id, split(questionnaire, flat), respondent, date, kind_of(path.name)
    )
    write_atomic(path, text, force=True)


class Autosave:
    """The answer file of a running interview, written after every answer.

    When a save fails (a full disk, a folder that became read-only) the answers stay in
    memory and the save moves to the same name in the home folder or the temporary
    folder; when none of them can be written, each later answer tries again and
    `unsaved` stays true, so the end of the interview can show the answers on screen.
    """

    def __init__(
        self,
        path: Path,
        questionnaire: Questionnaire,
        respondent: str | None,
        date: str | None,
        say: Callable[..., None],
        options: Sequence[str],
    ) -> None:
        self.path, self.questionnaire = path, questionnaire
        self.respondent, self.date = respondent, date
        self.say, self.options = say, options
        self.unsaved = False
        self.flat: list[int | None] = []

    def save(self, flat: Sequence[int | None]) -> None:
        """Save the answers so far; a failure is said once, never raised."""
        _ = gettext_for(self.questionnaire.language)
        self.flat = list(flat)
        try:
            save_answers(self.path, self.questionnaire, flat, self.respondent, self.date)
        except OutputError as exc:
            moved = self._elsewhere(flat)
            if moved is not None:
                self.path, self.unsaved = moved, False
                self.say(
                    _(
                        "{problem}; your answers are saved in {path} instead "
                        "(continue later with: {command})"
                    ).format(problem=exc, path=moved, command=resume_command(moved, self.options)),
                    "bold red",
                )
            elif not self.unsaved:
                self.unsaved = True
                self.say(
                    _(
                        "{problem}; your answers are kept here and saved again with each "
                        "answer: free some space, or stop with Ctrl-C to see them on screen"
                    ).format(problem=exc),
                    "bold red",
                )
            return
        if self.unsaved:
            self.unsaved = False
            self.say(_("Your answers are saved in {path} again.").format(path=self.path))

    def _elsewhere(self, flat: Sequence[int | None]) -> Path | None:
        """Save under the same name in the home or the temporary folder; where it worked."""
        here = _folder_of(self.path)
        for folder in _fallback_folders():
            if folder == here:
                continue
            target = _free_name(folder, self.path.name)
            try:
                save_answers(target, self.questionnaire, flat, self.respondent, self.date)
            except OutputError:
                continue
            return target
        return None

    def show(self) -> None:
        """The answer file on screen, to be copied by hand when no folder takes it."""
        _ = gettext_for(self.questionnaire.language)
        self.say(
            _(
                "Your answers could not be saved; copy the lines below into a file named "
                "{name} and continue with: {command}"
            ).format(name=self.path.name, command=resume_command(self.path, self.options))
        )
        text = dump_answers(
            self.questionnaire.id,
            split(self.questionnaire, self.flat),
            self.respondent,
            self.date,
            kind_of(self.path.name),
        )
        self.say(text.rstrip("\n"))


def _folder_of(path: Path) -> Path:
    try:
        return (path.parent if str(path.parent) else Path()).resolve()
    except OSError:
        return path.parent


def _fallback_folders() -> list[Path]:
    """The home folder and the temporary folder, where they exist."""
    import tempfile

    out: list[Path] = []
    for folder in (os.path.expanduser("~"), tempfile.gettempdir()):
        try:
            resolved = Path(folder).resolve()
            if resolved.is_dir() and resolved not in out:
                out.append(resolved)
        except OSError:
            continue
    return out


def _free_name(folder: Path, name: str) -> Path:
    """`folder/name`, or `folder/stem-2.suffix` and so on when that exists."""
    stem, suffix = Path(name).stem, Path(name).suffix
    candidate, n = folder / name, 2
    while os.path.lexists(candidate):
        candidate = folder / f"{stem}-{n}{suffix}"
        n += 1
    return candidate


def run_session(  # noqa: PLR0913 - the options of `run`, plus test hooks
    questionnaire: Questionnaire,
    respondent: str | None,
    save: Path | None,
    resume: Path | None,
    date: str,
    force: bool = False,
    console: Any = None,
    history: Path | None = None,
    resume_options: Sequence[str] = (),
    plain: PlainIO | None = None,
    norm: Norm | None = None,
    **io: Any,
) -> int:
    """Run the interview and print the result; returns the exit code.

    With `history` (a database path) the completed audit is recorded there, and
    the result shows the change since the respondent's previous audit.
    `resume_options` are the command-line options a later `--resume` needs
    (the questionnaire, the language), repeated in the hint after Ctrl-C.
    With a `norm` the result shows each score's percentile in it.

    `console` is the Rich console for messages and the result; `plain` asks
    line by line instead of with full-screen prompts; `**io` goes to every
    prompt (prompt_toolkit `input=`/`output=`, used by the tests).
    """
    from ..render.text.safe_console import SafeConsole
    from ..render.text.table import result_view
    from ..scoring import score
    from . import plain as plain_mode
    from . import prompts

    _ = gettext_for(questionnaire.language)
    console = console or SafeConsole(highlight=False)

    def say(text: str, style: str | None = None, wrap: bool = False) -> None:
        # Paths and names may contain [brackets]; never read them as Rich markup.
        # Lines are not broken unless asked, so a long path or command stays whole
        # for copying (the terminal still wraps it on screen).
        console.print(text, style=style, markup=False, highlight=False, soft_wrap=not wrap)

    if resume is not None:
        given, respondent, date, path = _resume(
            questionnaire, resume, save, respondent, date, say, resume_options
        )
    else:
        begun = _begin(questionnaire, save, force, respondent, date, say, plain, **io)
        if begun is None:
            return ExitCode.INTERRUPTED
        given, respondent, path = begun

    autosave = Autosave(path, questionnaire, respondent, date, say, resume_options)
    autosave.flat = list(given)
    try:
        if plain is not None:
            ratings = plain_mode.interview(questionnaire, given, autosave.save, plain)
        else:
            ratings = prompts.interview(questionnaire, given, autosave.save, **io)
    except (KeyboardInterrupt, EOFError):
        say("")
        return _interrupted(autosave, resumed=resume is not None)
    autosave.save(ratings)
    path = autosave.path
    answers = Answers(
        questionnaire=questionnaire.id,
        ratings=split(questionnaire, ratings),
        respondent=respondent,
        date=date,
        source=str(path),
    )
    result = score(questionnaire, answers)
    recorded, last_audit, problem = _record(history, result)
    console.print()
    console.print(result_view(result, last_audit, norm))
    if history is not None and problem is None:
        from ..plan.service import follow_up_of

        follow = follow_up_of(result, history)
        if follow is not None:
            from ..render.text.plan_table import followup_view

            console.print(followup_view(follow, questionnaire.language))
    if autosave.unsaved:
        autosave.show()
        _tell_recording(console, questionnaire, None, respondent, history, recorded, problem)
        return ExitCode.INPUT
    say(_("Answers saved in {path}").format(path=path))
    say(_("For a printable report: {command}").format(command=report_command(path, resume_options)))
    return _tell_recording(console, questionnaire, path, respondent, history, recorded, problem)


def _interrupted(autosave: Autosave, resumed: bool) -> int:
    """Say where the answers of an interrupted interview are and how to continue."""
    _ = gettext_for(autosave.questionnaire.language)
    answered = sum(r is not None for r in autosave.flat)
    if not resumed and answered == 0:
        autosave.say(_("Interrupted before the first answer; nothing was saved."))
        return ExitCode.INTERRUPTED
    if autosave.unsaved:
        autosave.save(autosave.flat)  # the disk may have room again
    if autosave.unsaved:
        autosave.show()
        return ExitCode.INTERRUPTED
    autosave.say(
        _("Interrupted. {n} of {total} answers are saved in {path}.").format(
            n=answered, total=autosave.questionnaire.item_count, path=autosave.path
        )
    )
    command = resume_command(autosave.path, autosave.options)
    autosave.say(_("Continue later with: {command}").format(command=command))
    return ExitCode.INTERRUPTED


def _resume(
    questionnaire: Questionnaire,
    resume: Path,
    save: Path | None,
    respondent: str | None,
    date: str,
    say: Callable[..., None],
    options: Sequence[str],
) -> tuple[list[int | None], str | None, str, Path]:
    """The answers, respondent, date and file of an interrupted audit to continue."""
    _ = gettext_for(questionnaire.language)
    if save is not None and save.resolve() != resume.resolve():
        raise UsageError(
            _("--resume {resume} continues in that file; leave out --save {save}").format(
                resume=resume, save=save
            )
        )
    if kind_of(resume.name) == "csv":
        raise UsageError(
            _(
                "--resume {path}: continue from the YAML or JSON answer file that run "
                "saved; a CSV file is for scoring many respondents with score"
            ).format(path=resume)
        )
    data = read_bytes(resume)
    _check_resumed_questionnaire(data, resume, questionnaire, options)
    previous = load_answers(data, str(resume), questionnaire, kind_of(resume.name), partial=True)
    given = positions(questionnaire, previous)
    say(questionnaire.title, "bold")
    say(
        _("Resuming {path}: {n} of {total} statements answered.").format(
            path=resume, n=sum(r is not None for r in given), total=questionnaire.item_count
        )
    )
    return given, respondent or previous.respondent, previous.date or date, resume


def _begin(
    questionnaire: Questionnaire,
    save: Path | None,
    force: bool,
    respondent: str | None,
    date: str,
    say: Callable[..., None],
    plain: PlainIO | None,
    **io: Any,
) -> tuple[list[int | None], str | None, Path] | None:
    """A new audit's empty answers, respondent and file (None: stopped before the first answer).

    The file is written with the first answer: stopping before it leaves nothing.
    """
    from . import plain as plain_mode
    from .prompts import ask_text

    _ = gettext_for(questionnaire.language)
    if save is not None:
        _check_save_path(save, force, _)
    say(questionnaire.title, "bold")
    if questionnaire.instructions:
        say(questionnaire.instructions, wrap=True)
    if respondent is None:
        message = _("Company or respondent name:")
        try:
            if plain is not None:
                respondent = plain_mode.ask_text(message, plain) or None
            else:
                respondent = ask_text(message, **io) or None
        except (KeyboardInterrupt, EOFError):
            say("")
            say(_("Interrupted before the first answer; nothing was saved."))
            return None
    given: list[int | None] = [None] * questionnaire.item_count
    path = save if save is not None else default_save_path(respondent or "", date)
    say(_("Your answers are saved as you go in {path}").format(path=path))
    return given, respondent, path


def _tell_recording(
    console: Any,
    questionnaire: Questionnaire,
    path: Path | None,
    respondent: str | None,
    history: Path | None,
    recorded: Any,
    problem: Exception | None,
) -> int:
    """Say what the history did with the audit; the exit code (1 when it could not record).

    `path` is the saved answer file, None when the answers could not be saved.
    """
    import shlex

    _ = gettext_for(questionnaire.language)

    def say(text: str) -> None:
        # Not broken into lines: a path stays whole for copying.
        console.print(text, markup=False, highlight=False, soft_wrap=True)

    if recorded is not None:
        if recorded.already:
            say(_("This audit is already in the history as #{id}.").format(id=recorded.id))
        else:
            say(
                _("Recorded in the history as audit #{id} ({db}).").format(
                    id=recorded.id, db=history
                )
            )
        if not respondent:
            say(
                _("No name was given, so the history keeps it under {name!r}.").format(
                    name=recorded.record.respondent
                )
            )
    if problem is None:
        return 0
    err(str(problem))
    if path is None:
        return ExitCode.INPUT
    # The answers file is complete and safe; only the history is missing this audit.
    err(
        _(
            "Your answers are safe in {path}; record them later with: "
            "custserv-audit score --record {quoted}"
        ).format(path=path, quoted=shlex.quote(str(path)))
    )
    return ExitCode.INPUT


def _record(history: Path | None, result: Result) -> tuple[Any, Result | None, Exception | None]:
    """Record a completed audit: (what was recorded, the previous audit, or the problem)."""
    if history is None:
        return None, None, None
    from ..errors import AuditError
    from ..history.db import open_history, record_audit

    try:
        with open_history(history) as db:
            recorded, previous = record_audit(db, result)
    except AuditError as exc:
        return None, None, exc
    return recorded, previous, None


def resume_command(path: Path, options: Sequence[str] = ()) -> str:
    """The shell command that continues the audit in `path`, quoted for copying."""
    words = ["custserv-audit", "run", "--resume", str(path), *options]
    return " ".join(shlex.quote(w) for w in words)


def report_command(path: Path, options: Sequence[str] = ()) -> str:
    """The shell command that makes a PDF report of the audit in `path`."""
    kept: list[str] = []
    for n, option in enumerate(options):
        if option in ("--questionnaire", "--lang") and n + 1 < len(options):
            kept += [option, options[n + 1]]
    words = ["custserv-audit", "report", str(path), *kept, "--format", "pdf"]
    words += ["--output", path.with_suffix(".pdf").name]
    return " ".join(shlex.quote(w) for w in words)


def _check_resumed_questionnaire(
    data: bytes, resume: Path, questionnaire: Questionnaire, options: Sequence[str]
) -> None:
    """Refuse, with the command that works, a file answered with another questionnaire."""
    from ..schema.definition import load_questionnaire

    given = _questionnaire_id(data, resume)
    if given is None or given == questionnaire.id:
        return
    _ = gettext_for(questionnaire.language)
    others = _strip_questionnaire(options)
    if given == load_questionnaire(None, "en").id:
        raise UsageError(
            _(
                "{path} holds answers to the built-in questionnaire, not {expected!r}; "
                "continue it without --questionnaire: {command}"
            ).format(path=resume, expected=questionnaire.id, command=resume_command(resume, others))
        )
    command = resume_command(resume, [*others, "--questionnaire", "FILE"])
    raise UsageError(
        _(
            "{path} holds answers to the questionnaire {given!r}, not {expected!r}; "
            "add --questionnaire with the file that defines {given!r}: {command}"
        ).format(path=resume, given=given, expected=questionnaire.id, command=command)
    )


def _questionnaire_id(data: bytes, resume: Path) -> str | None:
    """The questionnaire id an answer file names, or None when it cannot be read."""
    from ..parsing import parse_json, parse_yaml

    try:
        text = data.decode("utf-8-sig")
        if kind_of(resume.name) == "json":
            raw = parse_json(text, str(resume))[0]
        else:
            raw = parse_yaml(text, str(resume), lines=False)[0]
    except (UnicodeDecodeError, AuditError):
        return None  # load_answers says what is wrong with the file
    given = raw.get("questionnaire") if isinstance(raw, dict) else None
    return given if isinstance(given, str) else None


def _strip_questionnaire(options: Sequence[str]) -> list[str]:
    """`options` without a `--questionnaire VALUE` pair."""
    out: list[str] = []
    skip = False
    for option in options:
        if skip:
            skip = False
        elif option == "--questionnaire":
            skip = True
        else:
            out.append(option)
    return out


def _check_save_path(save: Path, force: bool, _: Any) -> None:
    """Refuse a --save target that cannot or should not be written, before any question."""
    if save.is_dir():
        raise UsageError(_("--save {path} is a folder; give a file name").format(path=save))
    if save.exists() and not force:
        raise UsageError(
            _(
                "{path} already exists; continue it with --resume {path}, "
                "or replace it with --force"
            ).format(path=save)
        )
    folder = save.parent if str(save.parent) else Path()
    if not folder.is_dir():
        raise OutputError(
            _("{path}: the folder {folder} does not exist").format(path=save, folder=folder)
        )
