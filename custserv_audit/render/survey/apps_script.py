"""Google Apps Script that creates the Google Form: a grid per section, the scale's labels.

Google Forms has one language a form: the script is written in the first language
given (`form --lang`). Its CSV export (`Section [Statement]` headers, label cells) is
scored as it is.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ...i18n import gettext_for
from ...model import Questionnaire


def _js(value: object) -> str:
    """A JavaScript literal (JSON is one)."""
    return json.dumps(value, ensure_ascii=False)


def render(questionnaires: Sequence[Questionnaire]) -> str:
    """The script's text: paste it into script.google.com and run createForm."""
    q = questionnaires[0]
    _ = gettext_for(q.language)
    labels = [point.label for point in q.scale.points]
    lines = [
        "// " + _("Creates the Google Form of this questionnaire. Open script.google.com,"),
        "// " + _("paste this file into a new project and run createForm."),
        "function createForm() {",
        f"  var form = FormApp.create({_js(q.title)});",
        f"  form.setDescription({_js(q.instructions)});",
        f"  form.addTextItem().setTitle({_js(_('Your name'))});",
        f"  var labels = {_js(labels)};",
    ]
    for section in q.sections:
        statements = [item.text for item in section.items]
        lines += [
            "  form.addGridItem()",
            f"    .setTitle({_js(section.title)})",
            f"    .setHelpText({_js(section.theme)})",
            f"    .setRows({_js(statements)})",
            "    .setColumns(labels)",
            "    .setRequired(true);",
        ]
    lines += [
        "  Logger.log(form.getPublishedUrl());",
        "  Logger.log(form.getEditUrl());",
        "}",
    ]
    return "\n".join(lines) + "\n"
