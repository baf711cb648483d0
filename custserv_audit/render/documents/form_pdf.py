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

<<<<<<< HEAD
    return render(questionnaire, paper)
=======
    register_fonts()
    q = questionnaire
    _ = gettext_for(q.language)
    width = PAPER_POINTS[paper][0] - 2 * MARGIN
    story: list[Flowable] = [
        para(q.title, style(15, bold=True, space_after=4)),
    ]
    if q.instructions:
        story.append(para(q.instructions, style(8.5, colour=INK, leading=11, space_after=6)))
    story.append(_who_table(q, width))
    story.append(Spacer(1, 8))
    for number_, section in enumerate(q.sections, start=1):
        story.append(KeepTogether(_section(q, number_, section, width)))
    total, meaning = _scoring(q, width)
    story += [KeepTogether(total), KeepTogether(meaning)]
    return build(
        story,
        paper,
        q.title,
        lambda page: _("Page {page}").format(page=page),
        q.language,
    )


def _who_table(q: Questionnaire, width: float) -> Table:
    """Company, respondent and date, each with a line to write on."""
    _ = gettext_for(q.language)
    labels = [_("Company"), _("Respondent"), _("Date")]
    label_w = [stringWidth(label, FONT_BOLD, 9) + 14 for label in labels]
    # The lines share what the labels leave: company and respondent long, the date short.
    free = max(width - sum(label_w), 120)
    lines = [free * 0.42, free * 0.38, free * 0.2]
    label = style(9, bold=True)
    cells = [[para(labels[0], label), "", para(labels[1], label), "", para(labels[2], label), ""]]
    widths = [label_w[0], lines[0], label_w[1], lines[1], label_w[2], lines[2]]
    table = Table(cells, colWidths=widths, rowHeights=[22])
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBELOW", (1, 0), (1, 0), 0.8, INK),
                ("LINEBELOW", (3, 0), (3, 0), 0.8, INK),
                ("LINEBELOW", (5, 0), (5, 0), 0.8, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return table


def _legend(q: Questionnaire) -> str:
    # Non-breaking spaces keep "3 = Sometimes" together and the gaps visible.
    return "\u00a0\u00a0·\u00a0\u00a0".join(
        f"{p.value}\u00a0=\u00a0{' '.join(p.label.split())}" for p in q.scale.points
    )


def _section(q: Questionnaire, n: int, section: Section, width: float) -> list[Flowable]:
    """One section: heading, theme, scale legend, statements with tick boxes, the score box."""
    _ = gettext_for(q.language)
    values = [p.value for p in q.scale.points]
    boxes = TickBoxes(values)
    box_w = min(boxes.wrap(width * 0.45, 1000)[0] + 8, width * 0.45)
    num_w = 26.0
    statement = style(BODY, leading=BODY * 1.22)
    rows = [
        [para(f"{n}.{i}", style(BODY, colour=MUTED)), para(item.text, statement), TickBoxes(values)]
        for i, item in enumerate(section.items, start=1)
    ]
    table = Table(rows, colWidths=[num_w, width - num_w - box_w, box_w], repeatRows=0)
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (2, 0), (2, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.4, RULE),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, INK),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, INK),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    count = len(section.items)
    score_row = Table(
        [
            [
                para(_("Sum"), style(8.5, align=TA_RIGHT)),
                WriteIn(),
                para(f"÷ {count} =", style(10, bold=True, align=TA_CENTER)),
                WriteIn(),
                para(_("Section score"), style(8.5, bold=True)),
            ]
        ],
        colWidths=[width - 50 - 50 - 48 - 110, 50, 48, 50, 110],
    )
    score_row.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    return [
        para(f"{n}. {section.title}", style(11, bold=True, space_before=4, space_after=1)),
        para(section.theme, style(8.5, colour=MUTED, space_after=1)),
        para(_legend(q), style(7.5, colour=MUTED, space_after=3)),
        table,
        score_row,
        Spacer(1, 7),
    ]


def _sums_table(q: Questionnaire, width: float) -> Table:
    """A box under every section's name, then the box for the total; long lists wrap."""
    _ = gettext_for(q.language)
    total_w = 92.0
    # A column is at least as wide as the longest word of a title (Finnish compounds are long).
    longest = max(stringWidth(w, FONT, 7) for s in q.sections for w in f"0. {s.title}".split())
    per_row = max(1, min(len(q.sections), int((width - total_w) // max(52, longest + 8))))
    cell_w = (width - total_w) / per_row
    name = style(7, leading=8.5)
    cells: list[list[object]] = []
    for start in range(0, len(q.sections), per_row):
        chunk = list(enumerate(q.sections, start=1))[start : start + per_row]
        pad = [""] * (per_row - len(chunk))
        names: list[object] = [para(f"{n}. {s.title}", name) for n, s in chunk]
        boxes: list[object] = [WriteIn(44, 18) for _n in chunk]
        cells += [[*names, *pad, ""], [*boxes, *pad, ""]]
    total_label = _("Total ({low} to {high})").format(low=q.min_total, high=q.max_total)
    cells[-2][-1] = para(total_label, style(8.5, bold=True))
    cells[-1][-1] = WriteIn(56, 22)
    table = Table(cells, colWidths=[cell_w] * per_row + [total_w], hAlign="LEFT")
    table.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                ("LINEBEFORE", (-1, 0), (-1, -1), 1, INK),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("LEFTPADDING", (-1, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    return table


def _scoring(q: Questionnaire, width: float) -> tuple[list[Flowable], list[Flowable]]:
    """The total: every section score copied into one column and added up; what the total means."""
    _ = gettext_for(q.language)
    heading = style(11, bold=True, space_before=4, space_after=3)
    sums = _sums_table(q, width)
    head = style(8.5, bold=True)
    band_rows = [[para(_("Total"), head), para(_("Band"), head), para(_("What it means"), head)]]
    for band in ordered_bands(q):
        band_rows.append(
            [
                para(band_range(band, _, q.language), style(9, bold=True)),
                para(band.label, style(9, bold=True)),
                para(band.meaning, style(8.5, leading=10.5)),
            ]
        )
    bands = Table(band_rows, colWidths=[width * 0.17, width * 0.25, width * 0.58], hAlign="LEFT")
    bands.setStyle(
        table_style(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    weakest = _("Start improving in the sections where your score is lowest.")
    copy = _("Copy each section score into its box and add them up.")
    total = [
        para(_("Your total"), heading),
        para(copy, style(8.5, space_after=3)),
        sums,
        Spacer(1, 8),
    ]
    meaning = [
        para(_("What your total means"), heading),
        bands,
        Spacer(1, 5),
        para(weakest, style(8.5, colour=INK)),
    ]
    return total, meaning
>>>>>>> main
