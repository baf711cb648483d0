"""The paper round trip as a user runs it: `form --respondents`, `scan` of photographed
forms in a shuffled order, `score` of what it wrote, `scan --review` and `enter` through
a real pseudo-terminal. Pages are generated here; nothing is timed."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest
from conftest import ASSETS, EXAMPLE_RATINGS, Invoke

cv2 = pytest.importorskip("cv2")
np = pytest.importorskip("numpy")

from custserv_audit.paper.layout import form_layout  # noqa: E402
from custserv_audit.paper.scan import pdf_pages  # noqa: E402
from custserv_audit.paper.synthetic import Damage, Mark, degrade, draw_mark  # noqa: E402
from custserv_audit.render.documents import Paper  # noqa: E402
from custserv_audit.schema.definition import load_questionnaire  # noqa: E402

WAIT = 60
DPI = 150
ROSTER = "name,team\nAnna Kovács,north\nBen Smith,south\nČesta Ďurová,north\n"


def environment(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(TERM="xterm", LANG="en_US.UTF-8", PYTHONIOENCODING="utf-8")
    env["CUSTSERV_AUDIT_DB"] = str(tmp_path / "history.sqlite3")
    env.pop("LC_ALL", None)
    env.pop("LC_MESSAGES", None)
    return env


def spawn(tmp_path: Path, *args: str) -> pexpect.spawn:
    return pexpect.spawn(
        sys.executable,
        ["-m", "custserv_audit", *args],
        cwd=str(tmp_path),
        env=environment(tmp_path),
        dimensions=(40, 160),
        encoding="utf-8",
        timeout=WAIT,
    )


def photograph(
    pdf: bytes, folder: Path, two_marks: tuple[int, str] | None = None
) -> dict[int, dict[str, list[int | None]]]:
    """Fill every page with pen marks, photograph the pages in a shuffled order as JPEGs.

    Returns the values marked per form (None where `two_marks` put two marks).
    """
    q = load_questionnaire(None, "en")
    lay = form_layout(q, Paper.a4)
    rng = np.random.default_rng(3)
    pages = pdf_pages(pdf, DPI)
    truth: dict[int, dict[str, list[int | None]]] = {}
    for shot, index in enumerate(rng.permutation(len(pages)), start=1):
        image = pages[index].copy()
        form, number = divmod(int(index), 2)
        for row in lay.page(number + 1).rows:
            value: int | None = int(rng.integers(1, 6))
            if two_marks == (form, row.label):
                draw_mark(image, row.boxes[0].rect, DPI, Mark("tick"), rng)
                draw_mark(image, row.boxes[3].rect, DPI, Mark("cross"), rng)
                value = None
            else:
                draw_mark(image, row.boxes[int(value) - 1].rect, DPI, Mark("cross"), rng)  # type: ignore[arg-type]
            section = truth.setdefault(form, {}).setdefault(row.section, [])
            section.append(value)
        damage = Damage(angle=180.0 * (shot % 2) + 2.0, perspective=0.006, scale=0.96, jpeg=80)
        cv2.imwrite(str(folder / f"photo-{shot}.jpg"), degrade(image, damage, rng))
    return truth


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[int, Any]]:
    """Three personalised forms printed from a roster, filled and photographed."""
    folder = tmp_path_factory.mktemp("paper")
    (folder / "roster.csv").write_text(ROSTER, encoding="utf-8")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "custserv_audit",
            "form",
            "--respondents",
            "roster.csv",
            "-o",
            "forms.pdf",
        ],
        cwd=folder,
        check=True,
    )
    truth = photograph((folder / "forms.pdf").read_bytes(), folder, two_marks=(1, "2.3"))
    return folder, truth


def test_roster_forms_name_every_page(round_trip: tuple[Path, Any]) -> None:
    folder, _truth = round_trip
    text = subprocess.run(
        ["pdftotext", str(folder / "forms.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    names = ["Anna Kovács", "Ben Smith", "Česta Ďurová"]
    assert len([p for p in text if p.strip()]) == 6
    for n, page in enumerate(text[:6]):
        assert names[n // 2] in page and f"Page {n % 2 + 1} of 2" in page


def test_scan_writes_one_answer_file_per_respondent_and_flags_the_doubt(
    round_trip: tuple[Path, Any], cli: Invoke, tmp_path: Path
) -> None:
    folder, truth = round_trip
    photos = sorted(folder.glob("photo-*.jpg"))
    result = cli("scan", *photos, "--output-dir", tmp_path / "answers")
    assert result.exit_code == 1  # Ben's statement 2.3 is left for review
    assert (
        "Ben Smith: " in result.output
        and "statement 2.3: two marks, left unanswered" in result.output
    )
    files = sorted(p.name for p in (tmp_path / "answers").iterdir())
    assert files == [
        "Anna_Kovács.yaml",
        "Ben_Smith.yaml",
        "marks-to-check.html",
        "Česta_Ďurová.yaml",
    ]
    sheet = (tmp_path / "answers" / "marks-to-check.html").read_text(encoding="utf-8")
    assert sheet.count("data:image/png;base64,") == 1 and "Ben Smith" in sheet

    scored = cli(
        "score",
        tmp_path / "answers" / "Anna_Kovács.yaml",
        tmp_path / "answers" / "Česta_Ďurová.yaml",
        "--format",
        "json",
    )
    assert scored.exit_code == 0, scored.output
    results = json.loads(scored.output)
    for result, form in zip(results, (0, 2), strict=True):
        assert {s["id"]: s["answers"] for s in result["sections"]} == truth[form]
        assert result["metadata"]["scanned_from"].count("photo-") == 2
    ben = cli("score", tmp_path / "answers" / "Ben_Smith.yaml")
    assert ben.exit_code == 1 and "products.3: the rating is empty" in ben.output

    again = cli("scan", *photos, "--output-dir", tmp_path / "answers")
    assert again.exit_code == 1 and "already exists" in again.output


def test_scan_with_the_roster_keeps_its_columns(
    round_trip: tuple[Path, Any], cli: Invoke, tmp_path: Path
) -> None:
    folder, _truth = round_trip
    photos = sorted(folder.glob("photo-*.jpg"))
    out = tmp_path / "answers"
    result = cli("scan", *photos, "-d", out, "--respondents", folder / "roster.csv")
    assert result.exit_code == 1  # Ben's doubtful statement
    text = (out / "Česta_Ďurová.yaml").read_text(encoding="utf-8")
    assert 'respondent: "Česta Ďurová"' in text and '"team": "north"' in text
    grouped = cli(
        "score",
        out / "Anna_Kovács.yaml",
        out / "Česta_Ďurová.yaml",
        "--summary-only",
        "--group-by",
        "team",
        "--format",
        "json",
    )
    assert grouped.exit_code == 0 and '"north"' in grouped.output


def test_scan_review_asks_only_for_the_doubtful_statement(
    round_trip: tuple[Path, Any], tmp_path: Path
) -> None:
    folder, truth = round_trip
    photos = [str(p) for p in sorted(folder.glob("photo-*.jpg"))]
    child = spawn(tmp_path, "scan", *photos, "--output-dir", "out", "--review")
    child.expect("2.3 We know which features")
    child.expect("two marks")
    child.expect("Enter to leave it unanswered: ")
    child.sendline("7")
    child.expect("not on the scale")
    child.sendline("4")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = (tmp_path / "out" / "Ben_Smith.yaml").read_text(encoding="utf-8")
    expected = [4 if v is None else v for v in truth[1]["products"]]
    assert f"products: [{', '.join(map(str, expected))}]" in text


def test_scan_errors_name_the_file_and_page(
    round_trip: tuple[Path, Any], cli: Invoke, tmp_path: Path
) -> None:
    folder, _truth = round_trip
    blank = tmp_path / "blank.png"
    cv2.imwrite(str(blank), np.full((1400, 1000), 250, dtype=np.uint8))
    (tmp_path / "notes.jpg").write_bytes(b"not an image")
    photos = sorted(folder.glob("photo-*.jpg"))
    result = cli(
        "scan", blank, tmp_path / "notes.jpg", photos[0], photos[0], "--output-dir", tmp_path / "o"
    )
    assert result.exit_code == 1
    assert f"{blank}: no QR code found on the page" in result.output
    assert "notes.jpg: neither a PDF nor an image" in result.output
    assert "was scanned twice" in result.output
    mini = cli("scan", photos[1], "-d", tmp_path / "m", "--questionnaire", ASSETS / "mini.yaml")
    assert mini.exit_code == 1
    assert "belongs to another questionnaire (customer-orientation)" in mini.output


def test_blank_form_scan_keeps_the_name_crop(cli: Invoke, tmp_path: Path) -> None:
    pdf = tmp_path / "blank.pdf"
    assert cli("form", "-o", pdf).exit_code == 0
    q = load_questionnaire(None, "en")
    lay = form_layout(q, Paper.a4)
    pages = pdf_pages(pdf.read_bytes(), DPI)
    flat = [v for values in EXAMPLE_RATINGS.values() for v in values]
    k = 0
    rng = np.random.default_rng(1)
    for number, page in enumerate(pages, start=1):
        for row in lay.page(number).rows:
            draw_mark(page, row.boxes[flat[k] - 1].rect, DPI, Mark("tick"), rng)
            k += 1
        cv2.imwrite(str(tmp_path / f"kari-{number}.png"), page)
    out = tmp_path / "answers"
    result = cli(
        "scan", tmp_path / "kari-1.png", tmp_path / "kari-2.png", "-d", out, "--respondent", "Kari"
    )
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["Kari.name.png", "Kari.yaml"]
    scored = cli("score", out / "Kari.yaml", "--format", "json")
    assert '"total": 27.0' in scored.output


def test_enter_types_forms_resumes_and_verifies(tmp_path: Path) -> None:
    child = spawn(tmp_path, "enter", "pile.csv")
    child.expect("0 there so far")
    child.expect("Respondent")
    child.sendline("Anna")
    lines = ["5443", "4453", "334", "443", "544", "44435", "344"]
    child.expect(r"1\. Company culture \(4 statements\): ")
    child.sendline("544")  # one short: refused, typed again
    child.expect("3 ratings typed; this section has 4 statements")
    for line in lines:
        child.sendline(line)
    child.expect(r"Saved Anna \(1 form in pile.csv\)")
    child.expect("Respondent")
    child.sendline("")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    child = spawn(tmp_path, "enter", "pile.csv")
    child.expect("1 there so far")
    child.expect("Respondent")
    child.sendline("Ben")
    for line in ["1111", "2222", "-", "2221", "333", "444", "555", "11111", "222"]:
        child.sendline(line)
    child.expect(r"Saved Ben \(2 forms")
    child.sendline("")
    child.expect(pexpect.EOF)

    child = spawn(tmp_path, "enter", "pile.csv", "--verify")
    child.expect("Second entry 1 of 2: Anna")
    for line in ["5443", "4353", "334", "443", "544", "44435", "344"]:
        child.sendline(line)
    child.expect("first entry 4, second entry 3")
    child.expect(r"Which is right\? \(1–5\): ")
    child.sendline("3")
    child.expect("Checked Anna")
    child.expect("Second entry 2 of 2: Ben")
    for line in ["1111", "2221", "333", "444", "555", "11111", "222"]:
        child.sendline(line)
    child.expect("Checked Ben")
    child.expect(pexpect.EOF)

    rows = list(csv.DictReader((tmp_path / "pile.csv").open(encoding="utf-8")))
    assert [r["respondent"] for r in rows] == ["Anna", "Ben"]
    assert rows[0]["products.2"] == "3" and rows[1]["products.4"] == "1"
    assert [r["entry"] for r in rows] == ["double", "double"]
    scored = subprocess.run(
        [sys.executable, "-m", "custserv_audit", "score", "pile.csv", "--format", "csv"],
        cwd=tmp_path,
        env=environment(tmp_path),
        capture_output=True,
        text=True,
    )
    assert scored.returncode == 0, scored.stderr


def test_enter_into_a_folder(tmp_path: Path) -> None:
    child = spawn(tmp_path, "enter", "forms")
    child.expect("Respondent")
    child.sendline("Čierna Ľ.")
    for line in ["5443", "4453", "334", "443", "544", "44435", "344"]:
        child.sendline(line)
    child.expect("Saved")
    child.sendline("")
    child.expect(pexpect.EOF)
    files = sorted(p.name for p in (tmp_path / "forms").iterdir())
    assert files == ["0001-Čierna_Ľ.yaml"]
    text = (tmp_path / "forms" / files[0]).read_text(encoding="utf-8")
    assert 'respondent: "Čierna Ľ."' in text and "staff: [4, 4, 4, 3, 5]" in text


def test_enter_needs_a_terminal(cli: Invoke, tmp_path: Path) -> None:
    result = cli("enter", tmp_path / "x.csv")
    assert result.exit_code == 2 and "needs a terminal" in result.output
