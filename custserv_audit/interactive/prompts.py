"""The interactive interview: the only module that imports questionary.

Prompts are built from the questionnaire data. Every answer is handed to a
`save` callback before the next prompt, so an interruption loses nothing.
The `**io` keyword arguments (prompt_toolkit `input=` and `output=`) are passed
to every prompt, which is how the tests drive the interview without a terminal.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Sequence
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.utils import get_cwidth
from questionary import Choice, Separator

from ..i18n import gettext_for
from ..model import Item, Questionnaire, Section

BACK = "__back__"
ACCEPT = "__accept__"

STYLE = questionary.Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("instruction", "fg:ansibrightblack"),
        ("separator", "fg:ansicyan"),
        ("answer", "fg:ansicyan bold"),
        ("progress", "fg:ansibrightblack"),
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


def ask_rating(
    questionnaire: Questionnaire,
    index: int,
    default: int | None,
    allow_back: bool,
    **io: Any,
) -> int | str:
    """Ask one statement; returns the rating, or BACK.

    The prompt is erased once answered and replaced by one short line, so the
    screen keeps a readable log of the answers instead of 25 full prompts.
    """
    _ = gettext_for(questionnaire.language)
    scale = questionnaire.scale
    digits = uses_digits(questionnaire)
    choices: list[Any] = [
        Choice(
            title=p.label if digits else f"{p.value}  {p.label}",
            value=p.value,
            shortcut_key=str(p.value) if digits else True,
        )
        for p in scale.points
    ]
    if allow_back:
        choices.append(Separator(" "))
        choices.append(
            Choice(title=_("Back to the previous statement"), value=BACK, shortcut_key="b")
        )
    header, statement, how = rating_texts(questionnaire, index, allow_back)
    width = _columns(io) - 1
    question = questionary.select(
        _wrap(statement, width) + "\n",
        choices=choices,
        default=next((c for c in choices if isinstance(c, Choice) and c.value == default), None),
        use_shortcuts=digits,
        use_arrow_keys=True,
        # j/k would move the pointer too; only digits, b and the arrows should act.
        use_jk_keys=False,
        instruction=_wrap(how, width),
        qmark="\n" + _wrap(header, width, indent="") + "\n",
        style=STYLE,
        erase_when_done=True,
        **io,
    )
    result: int | str = question.unsafe_ask()
    if result != BACK:
        assert isinstance(result, int)
        echo_answer(questionnaire, index, result, **io)
    return result


def echo_answer(questionnaire: Questionnaire, index: int, rating: int, **io: Any) -> None:
    """One line that records an answer on screen: progress, statement, rating."""
    _, item = flat_items(questionnaire)[index]
    mark = progress(questionnaire, index)
    answer = f"{rating} {questionnaire.scale.label(rating)}"
    room = _columns(io) - get_cwidth(mark) - get_cwidth(answer) - 6
    _print(
        [
            ("class:progress", mark + " "),
            ("class:echo", _clip(item.text, room)),
            ("", "  → "),
            ("class:answer", answer),
        ],
        **io,
    )


def review_rows(
    questionnaire: Questionnaire, ratings: Sequence[int], width: int
) -> list[tuple[str, str]]:
    """The review list: (section title or "", row text) with aligned columns.

    Each row is `n. rating label  statement`, the statement clipped to `width`.
    """
    labels = [questionnaire.scale.label(r) for r in ratings]
    label_width = max(get_cwidth(label) for label in labels)
    digits = len(str(questionnaire.scale.high))
    number_width = len(str(questionnaire.item_count))
    rows: list[tuple[str, str]] = []
    current: Section | None = None
    for i, (section, item) in enumerate(flat_items(questionnaire)):
        title = ""
        if section is not current:
            title, current = section.title, section
        label = labels[i] + " " * (label_width - get_cwidth(labels[i]))
        prefix = f"{i + 1:>{number_width}}. {ratings[i]:>{digits}} {label}  "
        rows.append((title, prefix + _clip(item.text, width - get_cwidth(prefix))))
    return rows


def review(questionnaire: Questionnaire, ratings: Sequence[int], **io: Any) -> int | None:
    """Show every answer; returns the index of one to change, or None to accept."""
    _ = gettext_for(questionnaire.language)
    accept = _("Accept these answers and show the result")
    choices: list[Any] = [Choice(title=accept, value=ACCEPT)]
    # Room for the pointer and questionary's indent in front of every row.
    for i, (title, text) in enumerate(review_rows(questionnaire, ratings, _columns(io) - 5)):
        if title:
            choices.append(Separator(f"── {title}"))
        choices.append(Choice(title=text, value=i))
    # Accept also at the end, for whoever reads down the whole list.
    choices.append(Separator(" "))
    choices.append(Choice(title=accept, value=ACCEPT))
    answer = questionary.select(
        _("Review your answers."),
        choices=choices,
        default=ACCEPT,
        use_shortcuts=False,
        use_jk_keys=False,
        instruction="\n "
        + _wrap(
            _(
                "Press Enter to accept them, or move to a statement with the arrow keys "
                "and press Enter to change it."
            ),
            _columns(io) - 1,
        ),
        qmark="\n✔",
        style=STYLE,
        erase_when_done=True,
        **io,
    ).unsafe_ask()
    return None if answer == ACCEPT else int(answer)


def ask_text(questionnaire: Questionnaire, message: str, **io: Any) -> str:
    """A free-text question (the respondent's name)."""
    answer: str = questionary.text(message, qmark="?", style=STYLE, **io).unsafe_ask()
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
    called with the answers after each change. KeyboardInterrupt propagates.
    """
    count = questionnaire.item_count
    ratings: list[int | None] = list(given) + [None] * (count - len(given))

    def next_open(after: int) -> int:
        return next((i for i in range(after + 1, count) if ratings[i] is None), count)

    index = next_open(-1)
    # The furthest statement asked so far: after going back, answering walks
    # forward one statement at a time up to here, then on to the next open one.
    frontier = index
    while index < count:
        frontier = max(frontier, index)
        answer = ask_rating(questionnaire, index, ratings[index], allow_back=index > 0, **io)
        if answer == BACK:
            index -= 1
            continue
        assert isinstance(answer, int)
        ratings[index] = answer
        save(ratings)
        index = index + 1 if index < frontier else next_open(index)
    final = [r for r in ratings if r is not None]
    while True:
        change = review(questionnaire, final, **io)
        if change is None:
            return final
        answer = ask_rating(questionnaire, change, final[change], allow_back=False, **io)
        assert isinstance(answer, int)
        final[change] = answer
        save(final)


def _columns(io: dict[str, Any]) -> int:
    output = io.get("output")
    if output is not None:
        return int(output.get_size().columns)
    return shutil.get_terminal_size((100, 24)).columns


def _wrap(text: str, width: int, indent: str = " ") -> str:
    """`text` broken into lines of `width` columns, every line after the first indented.

    Only the last line of a prompt is wrapped by prompt_toolkit; the lines above
    it would be cut at the edge of the terminal.
    """
    import textwrap

    lines = textwrap.wrap(
        text, max(width - len(indent), 20), subsequent_indent=indent, break_on_hyphens=False
    )
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    """`text` cut to `width` terminal columns, at a word when one ends near, with an ellipsis."""
    width = max(width, 10)
    if get_cwidth(text) <= width:
        return text
    out = ""
    for ch in text:
        if get_cwidth(out + ch) > width - 1:
            break
        out += ch
    space = out.rfind(" ")
    if text[len(out)] != " " and space >= len(out) - 15:
        out = out[:space]
    return out.rstrip(" ,;:") + "…"


def _print(tokens: list[tuple[str, str]], **io: Any) -> None:
    print_formatted_text(FormattedText(tokens), style=STYLE, output=io.get("output"))
