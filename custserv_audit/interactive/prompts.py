"""The interview on screen: prompts that drive the state machine in `navigation`.

Each rating prompt is a small prompt_toolkit application: no point is chosen
until the user types a digit or moves with the arrow keys, Enter does nothing
(and says what to type) until then, and a key that means nothing says so.
Every answer is handed to a `save` callback before the next prompt, so an
interruption loses nothing. The `**io` keyword arguments (prompt_toolkit
`input=` and `output=`) go to every prompt, which is how the tests drive the
interview without a terminal.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from prompt_toolkit import print_formatted_text
from prompt_toolkit.application import Application
from prompt_toolkit.data_structures import Point
from prompt_toolkit.formatted_text import FormattedText, StyleAndTextTuples
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.layout import HSplit, Layout, Window
from prompt_toolkit.layout.controls import FormattedTextControl
from prompt_toolkit.styles import Style
from prompt_toolkit.utils import get_cwidth

from ..i18n import gettext_for
from ..model import Item, Questionnaire, Section
from . import navigation
from .navigation import Stage

BACK = "__back__"
ACCEPT = "__accept__"

STYLE = Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("instruction", "fg:ansibrightblack"),
        ("separator", "fg:ansicyan"),
        ("answer", "fg:ansicyan bold"),
        ("progress", "fg:ansibrightblack"),
        ("feedback", "fg:ansiyellow bold"),
        ("more", "fg:ansicyan"),
        ("echo", ""),
    ]
)


def flat_items(questionnaire: Questionnaire) -> list[tuple[Section, Item]]:
    """Every statement with its section, in questionnaire order."""
    return [(s, item) for s in questionnaire.sections for item in s.items]


def uses_digits(questionnaire: Questionnaire) -> bool:
    """True when every scale point is one digit, so typing it selects the point."""
    return questionnaire.scale.low >= 0 and questionnaire.scale.high <= 9


def progress(questionnaire: Questionnaire, index: int) -> str:
    """The progress marker of statement `index` (0-based), e.g. `[3/25]`."""
    return f"[{index + 1}/{questionnaire.item_count}]"


def rating_texts(
    questionnaire: Questionnaire, index: int, allow_back: bool
) -> tuple[str, str, str]:
    """The header line, the statement and the key instruction of one rating prompt."""
    _ = gettext_for(questionnaire.language)
    section, item = flat_items(questionnaire)[index]
    header = _("{progress} {section} — {theme}").format(
        progress=progress(questionnaire, index), section=section.title, theme=section.theme
    )
    low, high = questionnaire.scale.low, questionnaire.scale.high
    if uses_digits(questionnaire):
        if allow_back:
            how = _(
                "Type {low}–{high} or use the arrow keys, then press Enter. "
                "Type b and Enter to go back."
            )
        else:
            how = _("Type {low}–{high} or use the arrow keys, then press Enter.")
    elif allow_back:
        how = _(
            "Use the arrow keys, then press Enter. "
            "The last choice goes back to the previous statement."
        )
    else:
        how = _("Use the arrow keys, then press Enter.")
    return header, item.text, how.format(low=low, high=high)


def stop_hint(questionnaire: Questionnaire) -> str:
    """The reassurance shown with the first question: how to stop and continue."""
    _ = gettext_for(questionnaire.language)
    return _(
        "You can stop at any time with Ctrl-C: every answer is saved at once, "
        "and --resume continues where you left off."
    )


@dataclass(frozen=True)
class Option:
    """One choice of a picker: what it returns, its lines on screen, its key."""

    value: int | str
    lines: tuple[str, ...]
    key: str | None = None


@dataclass(frozen=True)
class Heading:
    """A line between the options (a section title, a blank line)."""

    text: str


Row = Option | Heading


def pick(
    above: StyleAndTextTuples,
    rows: Sequence[Row],
    selected: int | None,
    nothing_chosen: str,
    unknown_key: str,
    more_below: str = "",
    **io: Any,
) -> int | str:
    """Let the user choose one option; returns its value.

    `selected` is the index (among the options) the pointer starts on, or None
    for no choice yet: then Enter only shows `nothing_chosen`. A key that is
    no option's key shows `unknown_key` (with `{key}` filled in). The list
    scrolls when it is taller than the terminal, with `more_below` saying
    when rows are out of sight below.
    """
    view = _PickView(rows, selected, above, _size(io)[0], more_below)
    app: Application[int | str] = Application(
        layout=view.layout(above),
        key_bindings=view.bindings(nothing_chosen, unknown_key),
        style=STYLE,
        erase_when_done=True,
        input=io.get("input"),
        output=io.get("output"),
    )
    return app.run()


class _PickView:
    """The screen of one `pick`: the list with its pointer, scroll and feedback line."""

    def __init__(
        self,
        rows: Sequence[Row],
        selected: int | None,
        above: StyleAndTextTuples,
        screen_rows: int,
        more_below: str,
    ) -> None:
        self.rows = rows
        self.options = [r for r in rows if isinstance(r, Option)]
        self.picker = navigation.Picker(tuple(o.key for o in self.options), selected)
        self.more_below = more_below
        self.total = sum(1 if isinstance(r, Heading) else len(r.lines) for r in rows)
        above_height = sum(text.count("\n") for _, text, *_ in above) + 1
        self.height = max(min(self.total, screen_rows - above_height - 3), 3)
        self.top = 0

    def lines(self) -> tuple[StyleAndTextTuples, int, int]:
        """The list's text, and the first and last line of the chosen option."""
        tokens: StyleAndTextTuples = []
        first = last = line = 0
        n = -1
        for row in self.rows:
            if isinstance(row, Heading):
                tokens += [("class:separator", row.text), ("", "\n")]
                line += 1
                continue
            n += 1
            chosen = self.picker.selected == n
            if chosen:
                first, last = line, line + len(row.lines) - 1
            style = "class:highlighted" if chosen else ""
            for i, text in enumerate(row.lines):
                mark = "» " if chosen and i == 0 else "  "
                tokens += [("class:pointer", mark), (style, text), ("", "\n")]
                line += 1
        return tokens[:-1], first, last

    def scroll(self) -> Point:
        """Where the (hidden) cursor is: the top line shown, moved only as far as it takes
        to keep the chosen option in sight, so prompt_toolkit keeps this scroll as it is."""
        _, first, last = self.lines()
        if self.picker.selected is not None:
            self.top = navigation.keep_in_sight(self.top, first, last, self.height)
        return Point(0, self.top)

    def below(self) -> StyleAndTextTuples:
        """The lines under the list: more below, and the feedback."""
        tokens: StyleAndTextTuples = []
        if self.more_below and self.total - self.scroll().y - self.height > 0:
            tokens.append(("class:more", self.more_below))
        if self.picker.feedback:
            if tokens:
                tokens.append(("", "\n"))
            tokens.append(("class:feedback", self.picker.feedback))
        return tokens

    def layout(self, above: StyleAndTextTuples) -> Layout:
        """The text above, the list, the lines below."""
        self.list_window = Window(
            FormattedTextControl(
                lambda: self.lines()[0],
                focusable=True,
                show_cursor=False,
                get_cursor_position=self.scroll,
            ),
            height=self.height,
            wrap_lines=False,
            always_hide_cursor=True,
            get_vertical_scroll=lambda _window: self.top,
        )
        return Layout(
            HSplit(
                [
                    Window(FormattedTextControl(above), dont_extend_height=True, wrap_lines=True),
                    self.list_window,
                    Window(
                        FormattedTextControl(self.below), dont_extend_height=True, wrap_lines=True
                    ),
                ]
            ),
            focused_element=self.list_window,
        )

    def bindings(self, nothing_chosen: str, unknown_key: str) -> KeyBindings:
        """Arrows move, Enter confirms a choice, Ctrl-C stops, other keys choose or complain."""
        keys = KeyBindings()

        @keys.add(Keys.Down)
        def _down(_event: KeyPressEvent) -> None:
            self.picker = self.picker.move(1)

        @keys.add(Keys.Up)
        def _up(_event: KeyPressEvent) -> None:
            self.picker = self.picker.move(-1)

        @keys.add(Keys.ControlM)
        def _enter(event: KeyPressEvent) -> None:
            self.picker, chosen = self.picker.enter(nothing_chosen)
            if chosen is not None:
                event.app.exit(result=self.options[chosen].value)

        @keys.add(Keys.ControlC)
        def _interrupt(event: KeyPressEvent) -> None:
            event.app.exit(exception=KeyboardInterrupt)

        @keys.add(Keys.Any)
        def _key(event: KeyPressEvent) -> None:
            self.picker = self.picker.key(event.data, unknown_key)

        return keys


def ask_rating(
    questionnaire: Questionnaire,
    index: int,
    default: int | None,
    allow_back: bool,
    first: bool = False,
    **io: Any,
) -> int | str:
    """Ask one statement; returns the rating, or BACK.

    Nothing is chosen beforehand unless the statement has an answer already
    (going back, changing in the review). The prompt is erased once answered
    and replaced by the statement (wrapped, never cut) and its rating, so the
    screen keeps a log of the answers instead of 25 full prompts.
    """
    _ = gettext_for(questionnaire.language)
    digits = uses_digits(questionnaire)
    rows: list[Row] = [
        Option(
            p.value,
            (f"{p.value}) {p.label}" if digits else f"{p.value}  {p.label}",),
            str(p.value) if digits else None,
        )
        for p in questionnaire.scale.points
    ]
    if allow_back:
        rows.append(Heading(" "))
        rows.append(Option(BACK, ("b) " + _("Back to the previous statement"),), "b"))
    header, statement, how = rating_texts(questionnaire, index, allow_back)
    width = _size(io)[1] - 1
    above: StyleAndTextTuples = [
        ("", "\n"),
        ("class:qmark", _wrap(header, width, indent="") + "\n"),
        ("class:question", "? " + _wrap(statement, width - 2, indent="  ") + "\n"),
        ("class:instruction", "  " + _wrap(how, width - 2, indent="  ")),
    ]
    if first:
        above.append(
            ("class:instruction", "\n  " + _wrap(stop_hint(questionnaire), width - 2, indent="  "))
        )
    values = [r.value for r in rows if isinstance(r, Option)]
    low, high = questionnaire.scale.low, questionnaire.scale.high
    if digits:
        nothing = _("Type a number from {low} to {high}, then press Enter.")
        unknown = _("{key!r} is not a choice: type a number from {low} to {high}.")
    else:
        nothing = _("Choose a point with the arrow keys, then press Enter.")
        unknown = _("{key!r} is not a choice: use the arrow keys.")
    result = pick(
        above,
        rows,
        values.index(default) if default in values else None,
        nothing.format(low=low, high=high),
        unknown.replace("{low}", str(low)).replace("{high}", str(high)),
        **io,
    )
    if result != BACK:
        assert isinstance(result, int)
        echo_answer(questionnaire, index, result, **io)
    return result


def echo_answer(questionnaire: Questionnaire, index: int, rating: int, **io: Any) -> None:
    """The lines that record an answer on screen: progress, the whole statement (wrapped
    under itself, never cut), the rating."""
    _, item = flat_items(questionnaire)[index]
    mark = progress(questionnaire, index) + " "
    answer = f"{rating} {questionnaire.scale.label(rating)}"
    width = _size(io)[1] - 1
    indent = " " * get_cwidth(mark)
    lines = textwrap.wrap(
        item.text, max(width - len(indent), 20), break_on_hyphens=False, break_long_words=False
    )
    arrow = "  → "
    if get_cwidth(indent + lines[-1] + arrow + answer) > width:
        lines.append("")  # the rating goes on a line of its own
        arrow = "→ "
    _print(
        [
            ("class:progress", mark),
            ("class:echo", ("\n" + indent).join(lines)),
            ("", arrow),
            ("class:answer", answer),
        ],
        **io,
    )


def review_rows(
    questionnaire: Questionnaire, ratings: Sequence[int], width: int
) -> list[tuple[str, list[str]]]:
    """The review list: (section title or "", the row's lines) with aligned columns.

    Each row is `n. rating label  statement`; a statement longer than `width`
    wraps onto lines indented under its first line, so every word stays readable.
    """
    labels = [questionnaire.scale.label(r) for r in ratings]
    label_width = max(get_cwidth(label) for label in labels)
    digits = len(str(questionnaire.scale.high))
    number_width = len(str(questionnaire.item_count))
    rows: list[tuple[str, list[str]]] = []
    current: Section | None = None
    for i, (section, item) in enumerate(flat_items(questionnaire)):
        title = ""
        if section is not current:
            title, current = section.title, section
        label = labels[i] + " " * (label_width - get_cwidth(labels[i]))
        prefix = f"{i + 1:>{number_width}}. {ratings[i]:>{digits}} {label}  "
        indent = " " * get_cwidth(prefix)
        if width - len(indent) < 24:
            # Too narrow for a column: the statement goes under the rating.
            indent = " " * (number_width + 2)
            lines = [prefix.rstrip()]
            lines += textwrap.wrap(
                item.text, width, initial_indent=indent, subsequent_indent=indent
            )
        else:
            lines = textwrap.wrap(item.text, width, initial_indent=prefix, subsequent_indent=indent)
        rows.append((title, lines))
    return rows


def review(questionnaire: Questionnaire, ratings: Sequence[int], **io: Any) -> int | None:
    """Show every answer; returns the index of one to change, or None to accept.

    Nothing is chosen at first, so keys typed ahead cannot accept unseen
    answers: `a` (or the arrow keys) chooses, Enter confirms.
    """
    _ = gettext_for(questionnaire.language)
    accept = _("a) Accept these answers and show the result")
    width = _size(io)[1] - 3
    rows: list[Row] = [Option(ACCEPT, (accept,), "a")]
    for i, (title, lines) in enumerate(review_rows(questionnaire, ratings, width)):
        if title:
            rows.append(Heading(f"── {title}"))
        rows.append(Option(i, tuple(lines)))
    rows.append(Heading(" "))
    rows.append(Option(ACCEPT, (accept,), None))
    how = _(
        "Type a and press Enter to accept them, or move to a statement with the arrow keys "
        "and press Enter to change it."
    )
    above: StyleAndTextTuples = [
        ("", "\n"),
        ("class:qmark", "? "),
        ("class:question", _("Review your answers.") + "\n"),
        ("class:instruction", "  " + _wrap(how, width, indent="  ")),
    ]
    answer = pick(
        above,
        rows,
        None,
        _("Type a and press Enter to accept, or choose a statement with the arrow keys."),
        _("{key!r} is not a choice: type a to accept, or use the arrow keys."),
        more_below=_("↓ More below; scroll with the arrow keys."),
        **io,
    )
    if answer == ACCEPT:
        print_review(questionnaire, ratings, **io)
        return None
    return int(answer)


def print_review(questionnaire: Questionnaire, ratings: Sequence[int], **io: Any) -> None:
    """One clean copy of the accepted answers, left in the scrollback."""
    _ = gettext_for(questionnaire.language)
    tokens: StyleAndTextTuples = [("class:question", "\n" + _("Your answers") + "\n")]
    for title, lines in review_rows(questionnaire, ratings, _size(io)[1] - 1):
        if title:
            tokens.append(("class:separator", f"── {title}\n"))
        tokens.append(("", "\n".join(lines) + "\n"))
    _print(tokens, **io)


def ask_text(message: str, **io: Any) -> str:
    """A free-text question (the respondent's name)."""
    from prompt_toolkit import PromptSession

    session: PromptSession[str] = PromptSession(
        input=io.get("input"), output=io.get("output"), style=STYLE
    )
    answer = session.prompt([("class:qmark", "? "), ("class:question", message + " ")])
    return answer.strip()


def interview(
    questionnaire: Questionnaire,
    given: Sequence[int | None],
    save: Callable[[Sequence[int | None]], None],
    **io: Any,
) -> list[int]:
    """Ask every unanswered statement, then the review; returns all ratings.

    `given` holds one entry per statement, None where it is not answered yet (a
    new interview is all None; a resumed one has the saved answers). `save` is
    called with the answers after each answer. KeyboardInterrupt propagates.
    """
    state = navigation.start(questionnaire.item_count, given)
    first = True
    while state.stage is not Stage.DONE:
        if state.stage is Stage.REVIEW:
            chosen = review(questionnaire, state.complete(), **io)
            state = navigation.accept(state) if chosen is None else navigation.change(state, chosen)
            continue
        answer = ask_rating(
            questionnaire, state.index, state.current, state.can_go_back, first=first, **io
        )
        first = False
        if answer == BACK:
            state = navigation.back(state)
            continue
        assert isinstance(answer, int)
        state = navigation.answer(state, answer)
        save(list(state.ratings))
    return state.complete()


def _size(io: dict[str, Any]) -> tuple[int, int]:
    """(rows, columns) of the screen the prompts draw on."""
    output = io.get("output")
    if output is not None:
        size = output.get_size()
        return int(size.rows), int(size.columns)
    size = shutil.get_terminal_size((100, 24))
    return size.lines, size.columns


def _wrap(text: str, width: int, indent: str = " ") -> str:
    """`text` broken into lines of `width` columns, every line after the first indented."""
    lines = textwrap.wrap(
        text, max(width - len(indent), 20), subsequent_indent=indent, break_on_hyphens=False
    )
    return "\n".join(lines)


def _print(tokens: StyleAndTextTuples, **io: Any) -> None:
    print_formatted_text(FormattedText(tokens), style=STYLE, output=io.get("output"))
