"""Two audits of one respondent a quarter apart, shared by the history tests."""

from __future__ import annotations

# Q1 and Q2 of one respondent, a quarter apart; section scores worked by hand:
# Q1 culture 14/4 = 3.5, products 14/4 = 3.5, feedback 7/3, knowledge 9/3 = 3,
#    accessibility 10/3, staff 17/5 = 3.4, improvement 8/3; total 326/15 = 21.73, adequate.
# Q2 culture 17/4, products 7/2, feedback 11/3, knowledge 11/3, accessibility 10/3,
#    staff 20/5 = 4, improvement 7/3; total 99/4 = 24.75, adequate.
Q1 = {
    "culture": [4, 4, 3, 3],
    "products": [3, 4, 4, 3],
    "feedback": [2, 3, 2],
    "knowledge": [3, 3, 3],
    "accessibility": [4, 3, 3],
    "staff": [4, 3, 3, 3, 4],
    "improvement": [3, 2, 3],
}
Q2 = {
    "culture": [5, 4, 4, 4],
    "products": [3, 4, 4, 3],
    "feedback": [4, 4, 3],
    "knowledge": [4, 4, 3],
    "accessibility": [4, 3, 3],
    "staff": [4, 4, 4, 3, 5],
    "improvement": [3, 2, 2],
}


def answers_yaml(ratings: dict[str, list[int]], respondent: str | None, date: str | None) -> str:
    """An answer file of the built-in questionnaire."""
    lines = ["questionnaire: customer-orientation"]
    if respondent is not None:
        lines.append(f'respondent: "{respondent}"')
    if date is not None:
        lines.append(f"date: {date}")
    lines.append("answers:")
    lines += [f"  {sid}: [{', '.join(map(str, v))}]" for sid, v in ratings.items()]
    return "\n".join(lines) + "\n"
