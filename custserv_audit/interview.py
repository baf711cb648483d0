"""The interactive interview: the only module that imports questionary.

Prompts are built from the questionnaire data. Every answer is handed to a
`save` callback before the next prompt, so an interruption loses nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import questionary
from questionary import Choice, Separator

from .i18n import gettext_for
from .model import Item, Questionnaire, Section

BACK = "__back__"
ACCEPT = "__accept__"

STYLE = questionary.Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("instruction", "fg:ansibrightblack"),
    ]
)


def flat_items(questionnaire: Questionnaire) -> list[tuple[Section, Item]]:
    """Every statement with its section, in questionnaire order."""
    return [(s, item) for s in questionnaire.sections for item in s.items]


def ask_rating(
    questionnaire: Questionnaire,
    index: int,
    default: int | None,
    allow_back: bool,
    **io: Any,
) -> int | str:
    """Ask one statement; returns the rating, or BACK."""
    _ = gettext_for(questionnaire.language)
    section, item = flat_items(questionnaire)[index]
    scale = questionnaire.scale
    shortcuts = scale.low >= 0 and scale.high <= 9
    choices: list[Any] = [
        Choice(
            title=f"{p.value}  {p.label}" if not shortcuts else p.label,
            value=p.value,
            shortcut_key=str(p.value) if shortcuts else True,
        )
        for p in scale.points
    ]
    if allow_back:
        choices.append(Separator())
        choices.append(Choice(title=_("Back to the previous statement"), value=BACK, shortcut_key="b"))
    total = questionnaire.item_count
    message = (
        f"{section.title} · {_('statement {n} of {total}').format(n=index + 1, total=total)}\n"
        f"  {section.theme}\n\n  {item.text}\n"
    )
    instruction = _("(type {low}–{high} or use the arrow keys, then Enter)").format(
        low=scale.low, high=scale.high
    )
    if allow_back:
        instruction = instruction[:-1] + _("; b goes back)")
    question = questionary.select(
        message,
        choices=choices,
        default=default if default is not None else None,
        use_shortcuts=shortcuts,
        use_arrow_keys=True,
        instruction=instruction,
        qmark=f"[{index + 1}/{total}]",
        style=STYLE,
        **io,
    )
    result: int | str = question.unsafe_ask()
    return result


def review(questionnaire: Questionnaire, ratings: list[int], **io: Any) -> int | None:
    """Show every answer; returns the index of one to change, or None to accept."""
    _ = gettext_for(questionnaire.language)
    choices: list[Any] = [Choice(title=_("Accept these answers and show the result"), value=ACCEPT)]
    current = None
    for i, (section, item) in enumerate(flat_items(questionnaire)):
        if section is not current:
            choices.append(Separator(f"── {section.title}"))
            current = section
        text = item.text if len(item.text) <= 70 else item.text[:69] + "…"
        label = questionnaire.scale.label(ratings[i])
        choices.append(Choice(title=f"{ratings[i]} {label:<12} {text}", value=i))
    answer = questionary.select(
        _("Review your answers. Choose one to change it, or accept."),
        choices=choices,
        default=ACCEPT,
        use_shortcuts=False,
        instruction=_("(arrow keys, then Enter)"),
        qmark="✔",
        style=STYLE,
        **io,
    ).unsafe_ask()
    return None if answer == ACCEPT else int(answer)


def ask_text(questionnaire: Questionnaire, message: str, **io: Any) -> str:
    """A free-text question (the respondent's name)."""
    answer: str = questionary.text(message, style=STYLE, **io).unsafe_ask()
    return answer.strip()


def interview(
    questionnaire: Questionnaire,
    given: list[int],
    save: Callable[[list[int]], None],
    **io: Any,
) -> list[int]:
    """Ask every unanswered statement, then the review; returns all ratings.

    `given` holds the answers so far (a resumed interview); `save` is called
    with the answers after each change. KeyboardInterrupt propagates.
    """
    ratings = list(given)
    count = questionnaire.item_count
    index = len(ratings)
    while index < count:
        default = ratings[index] if index < len(ratings) else None
        answer = ask_rating(questionnaire, index, default, allow_back=index > 0, **io)
        if answer == BACK:
            index -= 1
            continue
        assert isinstance(answer, int)
        if index < len(ratings):
            ratings[index] = answer
        else:
            ratings.append(answer)
        save(ratings)
        index += 1
    while True:
        change = review(questionnaire, ratings, **io)
        if change is None:
            return ratings
        answer = ask_rating(questionnaire, change, ratings[change], allow_back=False, **io)
        assert isinstance(answer, int)
        ratings[change] = answer
        save(ratings)
