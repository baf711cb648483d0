"""The blank form as PDF: filled in with a pen, scored by hand or read back by `scan`.

The form is the machine-readable one of `custserv_audit.paper`: corner markers
and a QR code on every page, the boxes where `paper.layout` puts them.
"""

from __future__ import annotations

from ...model import Questionnaire
from . import Paper


def render_form(questionnaire: Questionnaire, paper: Paper = Paper.a4) -> bytes:
    """The printable blank form of `questionnaire` as PDF bytes."""
    from ...paper.pdf import render

    return render(questionnaire, paper)
