"""Norms: `norms build`, the strict norm file, and percentiles checked against SciPy."""

from __future__ import annotations

import csv
import itertools
import json
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from conftest import Invoke
from scipy import stats as sps

from custserv_audit.errors import InputError
from custserv_audit.norms.build import distribution
from custserv_audit.norms.file import dump_norm, parse_norm
from custserv_audit.schema.definition import load_questionnaire

Q = load_questionnaire(None, "en")
ITEMS = [i.id for s in Q.sections for i in s.items]
SIZES = [len(s.items) for s in Q.sections]
BOUNDS = np.cumsum([0, *SIZES])
NormCase = tuple[Path, Path, np.ndarray, np.ndarray]


def write_export(path: Path, seed: int, n: int, teams: tuple[str, ...] = ("a", "b")) -> np.ndarray:
    """Random ratings with a respondent level (so the sections correlate), n rows."""
    rng = np.random.default_rng(seed)
    level = rng.normal(size=(n, 1))
    data = np.clip(np.rint(3.3 + 0.7 * level + rng.normal(size=(n, len(ITEMS)))), 1, 5).astype(int)
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["respondent", "date", "team", *ITEMS])
        for i, row in enumerate(data.tolist()):
            writer.writerow(
                [f"Person {seed}-{i}", f"2026-0{1 + i % 9}-1{i % 10}", teams[i % len(teams)], *row]
            )
    return data


def section_scores(data: np.ndarray) -> np.ndarray:
    """Each respondent's section means (columns) as floats."""
    return np.column_stack([data[:, a:b].mean(axis=1) for a, b in itertools.pairwise(BOUNDS)])


def exact_totals(data: np.ndarray) -> list[Fraction]:
    return [
        sum(
            (Fraction(int(row[a:b].sum()), int(b - a)) for a, b in itertools.pairwise(BOUNDS)),
            Fraction(0),
        )
        for row in data
    ]


@pytest.fixture(scope="module")
def norm_case(
    tmp_path_factory: pytest.TempPathFactory,
) -> NormCase:
    folder = tmp_path_factory.mktemp("norms")
    bench = write_export(folder / "bench.csv", 1, 150)
    batch = write_export(folder / "batch.csv", 2, 40)
    return folder, folder / "norms.json", bench, batch


def test_build_holds_distributions_only(cli: Invoke, norm_case: NormCase) -> None:
    folder, norm_path, bench, _batch = norm_case
    result = cli("norms", "build", folder / "bench.csv", "--output", norm_path, "--force")
    assert result.exit_code == 0, result.output
    text = norm_path.read_text(encoding="utf-8")
    assert "Person" not in text and "team" not in text  # no names, no metadata
    data = json.loads(text)
    assert data["count"] == 150
    assert data["dates"] == {"first": "2026-01-10", "last": "2026-09-19", "undated": 0}
    assert data["questionnaire"] == Q.id and data["fingerprint"] == Q.fingerprint
    # Each section's counts are the numerators' frequencies of the independent sums.
    for (a, b), section in zip(itertools.pairwise(BOUNDS), data["sections"], strict=True):
        sums, counts = np.unique(bench[:, a:b].sum(axis=1), return_counts=True)
        assert section["denominator"] == b - a
        assert section["counts"] == [[int(s), int(c)] for s, c in zip(sums, counts, strict=False)]
    scaled = sorted(int(t * 60) for t in exact_totals(bench))
    values, counts = np.unique(scaled, return_counts=True)
    assert data["total"] == {
        "denominator": 60,
        "counts": [[int(v), int(c)] for v, c in zip(values, counts, strict=False)],
    }
    # Read back, it is the same norm.
    assert dump_norm(parse_norm(text.encode(), "n.json", Q)) == text


def test_percentiles_match_scipy(cli: Invoke, norm_case: NormCase) -> None:
    folder, norm_path, bench, batch = norm_case
    cli("norms", "build", folder / "bench.csv", "--output", norm_path, "--force")
    result = cli("score", folder / "batch.csv", "--norms", norm_path, "--format", "json")
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    norm_sections = section_scores(bench)
    norm_totals = [float(t) for t in exact_totals(bench)]
    batch_sections = section_scores(batch)
    batch_totals = [float(t) for t in exact_totals(batch)]
    for i, obj in enumerate(got):
        for j, s in enumerate(Q.sections):
            expected = sps.percentileofscore(norm_sections[:, j], batch_sections[i, j], kind="mean")
            assert obj["percentiles"]["sections"][s.id] == pytest.approx(expected, abs=0.05)
        expected = sps.percentileofscore(norm_totals, batch_totals[i], kind="mean")
        assert obj["percentiles"]["total"] == pytest.approx(expected, abs=0.05)


def test_group_percentiles_in_every_summary_format(cli: Invoke, norm_case: NormCase) -> None:
    folder, norm_path, bench, batch = norm_case
    cli("norms", "build", folder / "bench.csv", "--output", norm_path, "--force")
    args = (
        "score",
        folder / "batch.csv",
        "--norms",
        norm_path,
        "--group-by",
        "team",
        "--summary-only",
    )
    summary = json.loads(cli(*args, "--format", "json").stdout)["summary"]
    assert summary["norm"]["count"] == 150 and summary["norm"]["trusted"] is True
    norm_totals = [float(t) for t in exact_totals(bench)]
    totals = np.array([float(t) for t in exact_totals(batch)])
    means = {"a": totals[0::2].mean(), "b": totals[1::2].mean(), None: totals.mean()}
    for group in [summary, *summary["groups"]]:
        expected = sps.percentileofscore(norm_totals, means[group.get("group")], kind="mean")
        assert group["percentiles"]["total"] == pytest.approx(expected, abs=0.05)
    culture = section_scores(bench)[:, 0]
    rows = list(csv.DictReader(cli(*args, "--format", "csv").stdout.splitlines()))
    row = next(
        r for r in rows if r["scope"] == "all" and r["kind"] == "section" and r["id"] == "culture"
    )
    mean = section_scores(batch)[:, 0].mean()
    assert float(row["percentile"]) == pytest.approx(
        sps.percentileofscore(culture, mean, kind="mean"), abs=0.05
    )
    table = cli(*args).stdout
    assert "Percentile" in table and "150 respondents of the norm" in table


def test_ndjson_and_csv_results_carry_percentiles(cli: Invoke, norm_case: NormCase) -> None:
    folder, norm_path, _bench, _batch = norm_case
    cli("norms", "build", folder / "bench.csv", "--output", norm_path, "--force")
    lines = cli(
        "score", folder / "batch.csv", "--norms", norm_path, "--format", "ndjson"
    ).stdout.splitlines()
    rows = list(
        csv.DictReader(
            cli(
                "score", folder / "batch.csv", "--norms", norm_path, "--format", "csv"
            ).stdout.splitlines()
        )
    )
    assert len(lines) == len(rows) == 40
    for line, row in zip(lines, rows, strict=True):
        obj = json.loads(line)
        assert float(row["percentile.total"]) == obj["percentiles"]["total"]
        assert float(row["percentile.staff"]) == obj["percentiles"]["sections"]["staff"]


def test_mid_rank_definition_on_a_small_case() -> None:
    # Norm scores 1, 2, 2, 3 (denominator 1): below 2 is one, at 2 are two -> (1 + 1) / 4.
    dist = distribution(1, __import__("collections").Counter({1: 1, 2: 2, 3: 1}))
    assert dist.percentile(Fraction(2)) == 50
    assert dist.percentile(Fraction(0)) == 0 and dist.percentile(Fraction(4)) == 100
    assert dist.percentile(Fraction(5, 2)) == 75  # between values: three below, none tied
    assert dist.percentile(Fraction(1)) == Fraction(25, 2)


def test_small_norm_is_flagged(cli: Invoke, tmp_path: Path) -> None:
    write_export(tmp_path / "few.csv", 3, 20)
    built = cli("norms", "build", tmp_path / "few.csv", "--output", tmp_path / "n.json")
    assert built.exit_code == 0 and "only 20 respondents" in built.stderr
    scored = cli("score", tmp_path / "few.csv", "--norms", tmp_path / "n.json", "--format", "json")
    assert "only 20 respondents" in scored.stderr


def _broken(tmp_path: Path, change: object) -> Path:
    write_export(tmp_path / "few.csv", 4, 12)
    data = {}
    from custserv_audit.norms.service import build_from_inputs

    norm, _ = build_from_inputs([str(tmp_path / "few.csv")], Q, lambda _m: None)
    text = dump_norm(norm)
    data = json.loads(text)
    change(data)  # type: ignore[operator]
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update(format="x"), "not a norm file"),
        (lambda d: d.update(version=2), "version 2 is not supported"),
        (lambda d: d.update(extra=1), "unknown field 'extra'"),
        (lambda d: d.pop("dates"), "the field 'dates' is missing"),
        (lambda d: d["sections"][2]["counts"].reverse(), "ascending order"),
        (lambda d: d["sections"][0]["counts"][0].__setitem__(1, 0), "a count of 1 or more"),
        (lambda d: d["total"]["counts"].pop(), "add up to"),
        (lambda d: d.update(fingerprint="0123456789abcdef"), "structure 0123456789abcdef"),
        (lambda d: d.update(questionnaire="other"), "questionnaire 'other'"),
        (lambda d: d["dates"].update(first="2027-01-01"), "first date is after the last"),
        (lambda d: d["sections"][0]["counts"][0].__setitem__(0, 1), "outside 4–20"),
    ],
)
def test_strict_norm_file(cli: Invoke, tmp_path: Path, change: object, message: str) -> None:
    path = _broken(tmp_path, change)
    result = cli("score", tmp_path / "few.csv", "--norms", path)
    assert result.exit_code == 1
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"{path}:") and message in line, result.stderr


def test_norm_error_names_the_line(tmp_path: Path) -> None:
    path = _broken(tmp_path, lambda d: d["sections"][1]["counts"][1].__setitem__(1, -3))
    text = path.read_text(encoding="utf-8")
    with pytest.raises(InputError) as caught:
        parse_norm(text.encode(), "n.json", Q)
    lines = text.splitlines()
    assert caught.value.location.line is not None
    assert "-3" in lines[caught.value.location.line - 1] or "-3" in "".join(
        lines[caught.value.location.line - 1 : caught.value.location.line + 3]
    )


def test_norms_from_history(cli: Invoke, tmp_path: Path) -> None:
    data = write_export(tmp_path / "wave.csv", 5, 30)
    assert cli("score", tmp_path / "wave.csv", "--record", "--format", "json").exit_code == 0
    built = cli("norms", "build", "--from-history", "--output", tmp_path / "h.json")
    assert built.exit_code == 0, built.output
    assert json.loads((tmp_path / "h.json").read_text())["count"] == 30
    got = json.loads(
        cli("score", tmp_path / "wave.csv", "--norms", "history", "--format", "json").stdout
    )
    totals = [float(t) for t in exact_totals(data)]
    assert got[0]["percentiles"]["total"] == pytest.approx(
        sps.percentileofscore(totals, totals[0], kind="mean"), abs=0.05
    )


def test_build_usage(cli: Invoke, tmp_path: Path) -> None:
    assert cli("norms", "build", "--output", tmp_path / "x.json").exit_code == 2
    empty = tmp_path / "empty.csv"
    empty.write_text("respondent," + ",".join(ITEMS) + "\n", encoding="utf-8")
    assert cli("norms", "build", empty, "--output", tmp_path / "x.json").exit_code == 2
    assert not (tmp_path / "x.json").exists()


def test_run_shows_the_percentiles(tmp_path: Path) -> None:
    """`run --norms`: the result screen gives each section's and the total's percentile."""
    import io

    from rich.console import Console

    from custserv_audit.interactive.plain import PlainIO
    from custserv_audit.interactive.session import run_session
    from custserv_audit.norms.service import build_from_inputs

    bench = write_export(tmp_path / "bench.csv", 6, 120)
    norm, _ = build_from_inputs([str(tmp_path / "bench.csv")], Q, lambda _m: None)
    flat = [5, 4, 4, 3, 4, 4, 5, 3, 3, 3, 4, 4, 4, 3, 5, 4, 4, 4, 4, 4, 3, 5, 3, 4, 4]
    out = io.StringIO()
    typed = "\n".join(["Acme Oy", *map(str, flat), "a"]) + "\n"
    code = run_session(
        Q,
        respondent=None,
        save=tmp_path / "a.yaml",
        resume=None,
        date="2026-11-25",
        console=Console(file=out, width=120, color_system=None),
        plain=PlainIO(io.StringIO(typed), out),
        norm=norm,
    )
    assert code == 0
    totals = [float(t) for t in exact_totals(bench)]
    expected = sps.percentileofscore(totals, 27.0, kind="mean")
    assert f"(percentile {expected:.1f} among 120 respondents of the norm)" in out.getvalue()
