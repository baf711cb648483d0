"""The program in English, Finnish and Slovak.

- the built-in questionnaire has every text in every language and one structure;
- every program string in the source is translated in fi and sk (gettext
  catalogues), with the same placeholders, and the compiled .mo files match;
- the language comes from --lang, else LC_ALL / LC_MESSAGES / LANG, else English;
- the language changes texts only: numbers, ids and field names stay the same;
- a whole interactive audit in Slovak through a real pseudo-terminal.
"""

from __future__ import annotations

import csv
import functools
import gettext
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ASSETS, EXAMPLE_RATINGS, Invoke
from typer.testing import CliRunner

from custserv_audit import i18n
from custserv_audit.cli import app
from custserv_audit.i18n import LANGUAGES, detect_language
from custserv_audit.model import Questionnaire
from custserv_audit.schema.definition import builtin_path, load_questionnaire

# The source tree, not the installed package: the .po files are not installed, and
# the catalogue must match the source as it is in the checkout.
PACKAGE = Path(__file__).resolve().parents[1] / "custserv_audit"
LOCALE = PACKAGE / "locale"
# The catalogues the running program reads (installed, or the same files in a checkout).
INSTALLED_LOCALE = Path(i18n.__file__).parent / "locale"
TRANSLATED = ("fi", "sk")
PLACEHOLDER = re.compile(r"\{[^{}]*\}")


# --- the questionnaire: every text in every language, one structure ----------------------


def _text_nodes(raw: dict[str, Any]) -> list[tuple[str, object]]:
    """Every place the schema puts a text, with its value as written in the YAML."""
    nodes: list[tuple[str, object]] = [
        ("title", raw["title"]),
        ("instructions", raw["instructions"]),
    ]
    nodes += [(f"scale.labels.{k}", v) for k, v in raw["scale"]["labels"].items()]
    for i, section in enumerate(raw["sections"]):
        nodes += [
            (f"sections[{i}].title", section["title"]),
            (f"sections[{i}].theme", section["theme"]),
        ]
        nodes += [(f"sections[{i}].items[{n}]", t) for n, t in enumerate(section["items"])]
        for n, tip in enumerate(section.get("advice", [])):
            # Built-in advice is a mapping of its text and its source note.
            nodes += [(f"sections[{i}].advice[{n}].{key}", tip[key]) for key in ("text", "source")]
        nodes += [
            (f"sections[{i}].targets[{n}].text", t["text"])
            for n, t in enumerate(section.get("targets", []))
        ]
    for i, band in enumerate(raw["bands"]):
        nodes += [(f"bands[{i}].label", band["label"]), (f"bands[{i}].meaning", band["meaning"])]
    return nodes


def _language_mappings(value: object) -> int:
    """How many mappings anywhere in the file have a language code as a key."""
    if isinstance(value, dict):
        own = 1 if any(k in LANGUAGES for k in value) else 0
        return own + sum(_language_mappings(v) for v in value.values())
    if isinstance(value, list):
        return sum(_language_mappings(v) for v in value)
    return 0


def test_every_text_of_the_builtin_questionnaire_is_in_en_fi_and_sk_and_nothing_else() -> None:
    raw = yaml.safe_load(builtin_path().read_text(encoding="utf-8"))
    assert raw["languages"] == ["en", "fi", "sk"]
    nodes = _text_nodes(raw)
    # 1 title + 1 instructions + 5 scale labels + 7x(title, theme) + 25 items + advice
    # + measurable targets + 3x2 bands
    advice = sum(len(s.get("advice", [])) for s in raw["sections"])
    targets = sum(len(s.get("targets", [])) for s in raw["sections"])
    assert targets == 4  # answer time, returns, satisfied complainants, complainants who rebuy
    assert len(nodes) == 2 + 5 + 14 + 25 + 2 * advice + targets + 6
    for where, value in nodes:
        assert isinstance(value, dict), where
        assert set(value) == {"en", "fi", "sk"}, where
        for lang, text in value.items():
            assert isinstance(text, str) and text.strip(), f"{where}.{lang}"
    # No text outside the schema's places (a stray translated node would be unread).
    assert _language_mappings(raw) == len(nodes)


def test_each_language_of_the_builtin_questionnaire_has_one_structure() -> None:
    versions = {lang: load_questionnaire(None, lang) for lang in LANGUAGES}

    def structure(q: Questionnaire) -> object:
        return (
            q.id,
            q.fingerprint,
            q.scale.low,
            q.scale.high,
            [p.value for p in q.scale.points],
            [(s.id, [i.id for i in s.items], len(s.advice)) for s in q.sections],
            [(b.id, b.lower, b.upper) for b in q.bands],
        )

    english = structure(versions["en"])
    assert versions["en"].item_count == 25
    for lang in TRANSLATED:
        q = versions[lang]
        assert q.language == lang
        assert structure(q) == english
        # ...and the texts really are another language's.
        assert q.title != versions["en"].title
        assert [s.title for s in q.sections] != [s.title for s in versions["en"].sections]
    assert versions["sk"].title == "Sebahodnotenie orientácie na zákazníka"
    assert versions["fi"].title == "Asiakaslähtöisyyden itsearviointi"


# --- the program strings: gettext catalogues ---------------------------------------------


def _source_msgids() -> dict[str, list[str]]:
    """msgid -> where it is used, extracted from the package source as pybabel extract does.

    A plural message (ngettext) is keyed by its singular, as the catalogue keys it; its
    plural is in `_source_plurals()`.
    """
    return {key: places for key, (_plural, places) in _source_messages().items()}


def _source_plurals() -> dict[str, str]:
    """singular -> plural of every ngettext message in the source."""
    return {key: plural for key, (plural, _places) in _source_messages().items() if plural}


@functools.cache  # the source does not change during a run; extracting it takes seconds
def _source_messages() -> dict[str, tuple[str | None, list[str]]]:
    from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

    keywords = {**DEFAULT_KEYWORDS, "_h": None}
    found: dict[str, tuple[str | None, list[str]]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(PACKAGE), keywords=keywords
    ):
        plural = None
        if isinstance(message, tuple):
            assert len(message) == 2, f"{filename}:{lineno}: odd gettext call"
            message, plural = message
        assert isinstance(message, str), f"{filename}:{lineno}: odd gettext call"
        found.setdefault(message, (plural, []))[1].append(f"{filename}:{lineno}")
    return found


def _key(msgid: str | tuple[str, ...]) -> str:
    """A catalogue message's key: its msgid, or the singular of a plural one."""
    return msgid if isinstance(msgid, str) else msgid[0]


def _catalogue(lang: str) -> Any:
    from babel.messages.pofile import read_po

    with (LOCALE / lang / "LC_MESSAGES" / "custserv_audit.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def test_the_source_has_program_strings_to_translate() -> None:
    msgids = _source_msgids()
    # A guard against an extractor that silently finds nothing.
    assert len(msgids) > 200
    assert "Error: {message}" in msgids
    assert "Review your answers." in msgids


def test_every_translation_call_can_be_extracted() -> None:
    """`gettext_for(lang)("...")` or `_(f"...")` would be translated at run time if the
    catalogue had it, but the extractor never sees it, so it would silently stay English."""
    import ast

    problems = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
            func = node.func
            if isinstance(func, ast.Call) and getattr(func.func, "id", "") == "gettext_for":
                problems.append(f"{where}: gettext_for(...)(...); use _ = gettext_for(lang)")
            name = getattr(func, "id", getattr(func, "attr", ""))
            if name in ("_", "_h") and node.args and isinstance(node.args[0], ast.JoinedStr):
                problems.append(f"{where}: an f-string given to {name}()")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FormattedValue) and isinstance(node.value, ast.Call):
                name = getattr(node.value.func, "id", getattr(node.value.func, "attr", ""))
                if name in ("_", "_h"):
                    where = f"{path.relative_to(PACKAGE)}:{node.lineno}"
                    problems.append(f"{where}: {name}() inside an f-string")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_program_string_is_translated(lang: str) -> None:
    catalogue = _catalogue(lang)
    plurals = _source_plurals()
    problems = []
    for msgid, places in sorted(_source_msgids().items()):
        message = catalogue.get(msgid)
        where = f"{msgid!r} ({places[0]})"
        if message is None:
            problems.append(f"missing: {where}")
        elif msgid in plurals:
            # Every plural form translated, each with only the message's placeholders.
            forms = message.string if isinstance(message.string, tuple) else ()
            known = set(PLACEHOLDER.findall(msgid + plurals[msgid]))
            if len(forms) != catalogue.num_plurals or not all(forms):
                problems.append(f"plural forms missing: {where}")
            elif message.fuzzy:
                problems.append(f"fuzzy: {where}")
            elif any(not set(PLACEHOLDER.findall(form)) <= known for form in forms):
                problems.append(f"placeholders differ: {where} -> {forms!r}")
        elif not message.string:
            problems.append(f"untranslated: {where}")
        elif message.fuzzy:
            problems.append(f"fuzzy: {where}")
        elif sorted(PLACEHOLDER.findall(msgid)) != sorted(PLACEHOLDER.findall(message.string)):
            problems.append(f"placeholders differ: {where} -> {message.string!r}")
    assert not problems, (
        f"{len(problems)} problems in {lang}; run scripts/update_translations.sh and translate:\n"
        + "\n".join(problems)
    )


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_catalogue_holds_no_string_the_source_lost(lang: str) -> None:
    stale = {_key(m.id) for m in _catalogue(lang) if m.id} - set(_source_msgids())
    assert not stale, f"run scripts/update_translations.sh: {sorted(stale)}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_compiled_catalogue_matches_the_po_file(lang: str) -> None:
    expected: dict[object, object] = {}
    for m in _catalogue(lang):
        if not m.id or not m.string or m.fuzzy:
            continue
        if isinstance(m.id, tuple):  # plural forms are compiled as (singular, index)
            expected.update({(m.id[0], n): form for n, form in enumerate(m.string)})
        else:
            expected[m.id] = m.string
    for folder in (LOCALE, INSTALLED_LOCALE):
        with (folder / lang / "LC_MESSAGES" / "custserv_audit.mo").open("rb") as handle:
            compiled = gettext.GNUTranslations(handle)
        catalog = {k: v for k, v in compiled._catalog.items() if k != ""}  # type: ignore[attr-defined]
        assert catalog == expected, f"{folder}: run scripts/update_translations.sh to recompile"


def test_the_translations_keep_their_diacritics() -> None:
    fi = i18n.gettext_for("fi")
    sk = i18n.gettext_for("sk")
    assert fi("Interrupted.") == "Keskeytetty."
    assert fi("Back to the previous statement") == "Takaisin edelliseen väitteeseen"
    assert sk("Back to the previous statement") == "Späť na predchádzajúce tvrdenie"
    assert sk("What your total means") == "Čo znamená vaše celkové skóre"
    assert i18n.gettext_for("en")("Interrupted.") == "Interrupted."


# --- choosing the language ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "fi_FI.UTF-8"}, "fi"),
        ({"LANG": "sk_SK.UTF-8"}, "sk"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"LANG": "C"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
        ({"LC_MESSAGES": "sk_SK.UTF-8", "LANG": "fi_FI.UTF-8"}, "sk"),
        ({"LC_ALL": "fi_FI.UTF-8", "LC_MESSAGES": "sk_SK.UTF-8", "LANG": "en_GB.UTF-8"}, "fi"),
        # LC_ALL set to another locale overrides a Finnish LANG, as it does for every program.
        ({"LC_ALL": "C", "LANG": "fi_FI.UTF-8"}, "en"),
        # An empty variable counts as unset.
        ({"LC_ALL": "", "LC_MESSAGES": "", "LANG": "sk_SK.UTF-8"}, "sk"),
        ({"LANG": "sk_SK"}, "sk"),
        ({"LANG": "fi"}, "fi"),
        # LANGUAGE, a list of preferences, comes first, as in GNU gettext...
        ({"LANGUAGE": "fi", "LANG": "en_US.UTF-8"}, "fi"),
        ({"LANGUAGE": "de:sk_SK:fi", "LANG": "en_US.UTF-8"}, "sk"),
        ({"LANGUAGE": "de:fr", "LANG": "fi_FI.UTF-8"}, "fi"),
        # ...except under the C locale, where GNU gettext ignores it.
        ({"LANGUAGE": "fi", "LC_ALL": "C", "LANG": "sk_SK.UTF-8"}, "en"),
        ({"LANGUAGE": "fi"}, "en"),
    ],
)
def test_the_language_comes_from_the_locale(environ: dict[str, str], expected: str) -> None:
    assert detect_language(environ) == expected


def _band(q: Questionnaire, band_id: str) -> str:
    return next(b.label for b in q.bands if b.id == band_id)


def _score_json(args: list[str], env: dict[str, str] | None = None) -> tuple[int, Any, str]:
    result = CliRunner().invoke(app, ["score", "--format", "json", *args], env=env)
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_without_lang_a_finnish_locale_gives_finnish_and_lang_overrides_it(
    example_file: Path,
) -> None:
    fi = load_questionnaire(None, "fi")
    sk = load_questionnaire(None, "sk")
    _, from_locale, _ = _score_json([str(example_file)], env={"LANG": "fi_FI.UTF-8"})
    assert from_locale[0]["band"]["label"] == _band(fi, "adequate")
    _, overridden, _ = _score_json([str(example_file), "--lang", "sk"], env={"LANG": "fi_FI.UTF-8"})
    assert overridden[0]["band"]["label"] == _band(sk, "adequate")
    _, lc_all, _ = _score_json(
        [str(example_file)], env={"LC_ALL": "sk_SK.UTF-8", "LANG": "fi_FI.UTF-8"}
    )
    assert lc_all[0]["band"]["label"] == _band(sk, "adequate")


def test_help_follows_the_locale() -> None:
    def helptext(lang: str) -> str:
        env = {
            k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")
        }
        env.update(LANG=lang, COLUMNS="200", PYTHONIOENCODING="utf-8")
        done = subprocess.run(
            [sys.executable, "-m", "custserv_audit", "run", "--help"],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=True,
        )
        return " ".join(done.stdout.split())

    assert "Take the audit interactively; answers are saved as you go." in helptext("en_US.UTF-8")
    finnish = helptext("fi_FI.UTF-8")
    assert "Tee arviointi vuorovaikutteisesti" in finnish
    assert "Valitsimet" in finnish  # Typer's own panel title, through the same catalogue
    slovak = helptext("sk_SK.UTF-8")
    assert "Spustí interaktívne sebahodnotenie; odpovede sa priebežne ukladajú." in slovak
    assert "Voľby" in slovak
    for english in ("Take the audit", "Options", "Where to save"):
        assert english not in slovak


# --- the language changes texts only -----------------------------------------------------


def _without_texts(objects: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The JSON objects with the translated texts (section titles, band label) taken out."""
    out = []
    for obj in objects:
        obj = json.loads(json.dumps(obj))
        for section in obj.get("sections", []):
            section.pop("title")
        if "band" in obj:
            obj["band"].pop("label")
        out.append(obj)
    return out


def test_score_gives_the_same_numbers_and_ids_in_every_language(example_file: Path) -> None:
    results = {}
    for lang in LANGUAGES:
        code, objects, _ = _score_json([str(example_file), "--lang", lang])
        assert code == 0
        results[lang] = objects
    english = results["en"][0]
    assert english["total"] == 27.0
    assert english["band"] == {"id": "adequate", "label": "Adequate, but needs work"}
    assert english["weakest"] == ["feedback"]
    for lang in TRANSLATED:
        assert _without_texts(results[lang]) == _without_texts(results["en"])
        assert list(results[lang][0]) == list(english)  # the same field names, in order
        q = load_questionnaire(None, lang)
        obj = results[lang][0]
        assert [s["title"] for s in obj["sections"]] == [s.title for s in q.sections]
        assert obj["band"]["label"] == _band(q, "adequate")
    assert results["sk"][0]["band"]["label"] == "Primeraný, ale treba ho zlepšiť"
    assert results["fi"][0]["sections"][0]["title"] == "Yrityskulttuuri"


def test_csv_and_ndjson_keep_their_field_names_in_every_language(example_file: Path) -> None:
    runner = CliRunner()
    headers = set()
    labels = {}
    for lang in LANGUAGES:
        out = runner.invoke(app, ["score", "-f", "csv", "--lang", lang, str(example_file)]).stdout
        rows = list(csv.DictReader(io.StringIO(out)))
        headers.add(tuple(rows[0]))
        labels[lang] = rows[0]["band_label"]
        assert (rows[0]["total"], rows[0]["band"], rows[0]["weakest"]) == (
            "27.0",
            "adequate",
            "feedback",
        )
        line = runner.invoke(
            app, ["score", "-f", "ndjson", "--lang", lang, str(example_file)]
        ).stdout
        assert json.loads(line)["band"]["id"] == "adequate"
    assert len(headers) == 1
    assert labels == {
        "en": "Adequate, but needs work",
        "fi": "Riittävä, mutta kehitettävää on",
        "sk": "Primeraný, ale treba ho zlepšiť",
    }


def test_rejected_inputs_are_explained_in_the_language_with_the_same_location(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.csv"
    ids = [f"{s}.{n}" for s, values in EXAMPLE_RATINGS.items() for n in range(1, len(values) + 1)]
    cells = [str(r) for values in EXAMPLE_RATINGS.values() for r in values]
    cells[5] = "9"  # products.2
    bad.write_text(
        "respondent," + ",".join(ids) + "\n" + "Acme," + ",".join(cells) + "\n", encoding="utf-8"
    )
    outputs = {lang: _score_json([str(bad), "--lang", lang]) for lang in LANGUAGES}
    locations = {json.dumps(out[1][0]["error"]["location"]) for out in outputs.values()}
    assert len(locations) == 1
    assert json.loads(locations.pop())["item"] == "products.2"
    assert {out[0] for out in outputs.values()} == {1}
    assert outputs["en"][1][0]["error"]["message"] == "rating 9 is outside the scale 1–5"
    assert outputs["fi"][1][0]["error"]["message"] == "arvio 9 on asteikon 1–5 ulkopuolella"
    assert outputs["sk"][1][0]["error"]["message"] == "hodnotenie 9 je mimo stupnice od 1 do 5"
    assert outputs["sk"][2].strip() == (
        f"{bad}: riadok 2, stĺpec products.2: hodnotenie 9 je mimo stupnice od 1 do 5"
    )
    assert (
        outputs["fi"][2].strip()
        == f"{bad}: rivi 2, sarake products.2: arvio 9 on asteikon 1–5 ulkopuolella"
    )


def test_core_messages_return_to_english_after_a_command() -> None:
    from custserv_audit.errors import InputError, Location

    CliRunner().invoke(app, ["score", "--lang", "sk", "missing.yaml"])
    assert i18n.active_language() == "en"
    assert str(InputError("x.csv", "m", Location(row=3, column="c"))) == "x.csv: row 3, column c: m"


def test_the_table_output_is_in_the_language(example_file: Path, cli: Invoke) -> None:
    out = cli("score", "--lang", "sk", str(example_file)).stdout
    assert "Spolu: 27,00 / 35" in out
    assert "Primeraný, ale treba ho zlepšiť" in out
    assert "Najslabšie oblasti a čo s nimi robiť" in out
    for english in ("Total", "Band", "Weakest", "Section", "Score"):
        assert english not in out


# --- unknown languages -------------------------------------------------------------------


def test_an_unknown_lang_is_a_usage_error_naming_the_languages(example_file: Path) -> None:
    result = CliRunner().invoke(app, ["score", "--lang", "xx", str(example_file)])
    assert result.exit_code == 2
    message = " ".join(result.stderr.split())
    assert "'xx'" in message
    for lang in ("'en'", "'fi'", "'sk'"):
        assert lang in message


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("fi", "mini.yaml: kyselyssä ei ole tekstejä kielellä 'fi' (sen kielet: en)"),
        ("sk", "mini.yaml: dotazník nemá texty v jazyku 'sk' (jeho jazyky: en)"),
    ],
)
def test_a_custom_questionnaire_without_the_language_is_a_clear_error(
    tmp_path: Path, lang: str, message: str
) -> None:
    answers = tmp_path / "a.yaml"
    answers.write_text(
        "questionnaire: mini\nanswers:\n  speed: [1, 2]\n  care: [3, 3, 2]\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        app, ["score", "-q", str(ASSETS / "mini.yaml"), "--lang", lang, str(answers)]
    )
    assert result.exit_code == 2
    assert result.stderr.strip().endswith(message)
    ok = CliRunner().invoke(
        app, ["score", "-q", str(ASSETS / "mini.yaml"), "--lang", "en", "-f", "json", str(answers)]
    )
    assert ok.exit_code == 0


# --- a whole audit in Slovak through a pseudo-terminal -----------------------------------


def test_a_whole_audit_in_slovak_in_a_terminal(tmp_path: Path) -> None:
    pexpect = pytest.importorskip("pexpect")
    from custserv_audit.schema.answers import load_answers
    from custserv_audit.scoring import score

    sk = load_questionnaire(None, "sk")
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(
        TERM="xterm",
        # The pseudo-terminal answers no cursor-position query (a real terminal does).
        PROMPT_TOOLKIT_NO_CPR="1",
        LANG="en_US.UTF-8",  # --lang wins over the locale
        PYTHONIOENCODING="utf-8",
        CUSTSERV_AUDIT_DB=str(tmp_path / "db.sqlite3"),
    )
    save = tmp_path / "a.yaml"
    screen = io.StringIO()
    child = pexpect.spawn(
        sys.executable,
        ["-m", "custserv_audit", "run", "--lang", "sk", "--respondent", "X", "--save", str(save)],
        cwd=str(tmp_path),
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=30,
    )
    child.logfile_read = screen
    ratings = [r for values in EXAMPLE_RATINGS.values() for r in values]
    first = sk.sections[0]
    for n, rating in enumerate(ratings, start=1):
        child.expect_exact(f"[{n}/25]")
        child.send(f"{rating}\r")
    child.expect_exact("Skontrolujte svoje odpovede.")
    child.send("a\r")
    child.expect_exact("Spolu: ")
    child.expect_exact("27,00 / 35")
    child.expect_exact("Primeraný, ale treba ho zlepšiť")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0

    text = screen.getvalue()
    assert first.items[0].text[:30] in text
    assert "Najslabšie oblasti a čo s nimi robiť" in text
    assert "Odpovede sú uložené v" in text
    assert sk.section("feedback").title in text
    for english in ENGLISH_RUN_WORDS:
        assert english not in text, english

    # The answer file holds ids and numbers only: it scores the same in English.
    data = save.read_bytes()
    assert data.decode("utf-8").isascii()
    en = load_questionnaire(None, "en")
    in_english = score(en, load_answers(data, str(save), en))
    in_slovak = score(sk, load_answers(data, str(save), sk))
    assert in_english.total == in_slovak.total == 27
    assert in_english.band.id == in_slovak.band.id == "adequate"
    assert [s.id for s in in_english.weakest] == ["feedback"]


ENGLISH_RUN_WORDS = (
    "Total",
    "Section",
    "Review",
    "Band",
    "Weakest",
    "statement",
    "Answers saved",
    "arrow keys",
    "Accept",
    "saved as you go",
    "Recorded",
    "history",
    "Your answers",
    "Company or",
    "Back",
)


def test_a_finnish_owner_with_a_finnish_locale_meets_no_english(tmp_path: Path) -> None:
    """`custserv-audit run` with LANG=fi_FI.UTF-8 and no --lang, the name asked too."""
    pexpect = pytest.importorskip("pexpect")

    fi = load_questionnaire(None, "fi")
    env = {k: v for k, v in os.environ.items() if k not in ("LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    env.update(
        TERM="xterm",
        # The pseudo-terminal answers no cursor-position query (a real terminal does).
        PROMPT_TOOLKIT_NO_CPR="1",
        LANG="fi_FI.UTF-8",
        PYTHONIOENCODING="utf-8",
        CUSTSERV_AUDIT_DB=str(tmp_path / "db.sqlite3"),
    )
    screen = io.StringIO()
    child = pexpect.spawn(
        sys.executable,
        ["-m", "custserv_audit", "run"],
        cwd=str(tmp_path),
        env=env,
        dimensions=(40, 120),
        encoding="utf-8",
        timeout=30,
    )
    child.logfile_read = screen
    child.expect_exact("Yrityksen tai vastaajan nimi:")
    child.send("Kärkkäinen Oy\r")
    for n, rating in enumerate([r for values in EXAMPLE_RATINGS.values() for r in values], start=1):
        child.expect_exact(f"[{n}/25]")
        child.send(f"{rating}\r")
    child.expect_exact("Tarkista vastauksesi.")
    child.send("a\r")
    child.expect_exact("Yhteensä: ")
    child.expect_exact("27,00 / 35")
    child.expect_exact("Riittävä, mutta kehitettävää on")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    text = screen.getvalue()
    assert "Heikoimmat osiot ja mitä niille voi tehdä" in text
    assert "Takaisin edelliseen väitteeseen" in text
    assert fi.section("feedback").title in text
    for english in ENGLISH_RUN_WORDS:
        assert english not in text, english
    saved = list(tmp_path.glob("audit-*.yaml"))
    assert len(saved) == 1
    assert 'respondent: "Kärkkäinen Oy"' in saved[0].read_text(encoding="utf-8")


# --- the printable form in Slovak and Finnish --------------------------------------------

# Program words of the form and its scoring aid; none may reach a Finnish or Slovak page
# ("Respondent" is also the Slovak word, so it is not here).
FORM_WORDS_EN = (
    "Company",
    "Date",
    "Sum",
    "Section score",
    "Total",
    "Band",
    "What it means",
    "Your total",
    "weakest",
    "Page",
    "or more",
    "under",
)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "sk",
            (
                "Firma",
                "Dátum",
                "Súčet",
                "Skóre oblasti",
                "Spolu (7 až 35)",
                "Čo to znamená",
                "Vaše celkové skóre",
                "28 a viac",
                "menej ako 21",
                "Strana 2",
            ),
        ),
        (
            "fi",
            (
                "Yritys",
                "Vastaaja",
                "Päivämäärä",
                "Summa",
                "Osion pisteet",
                "Yhteensä (7–35)",
                "Mitä se tarkoittaa",
                "Kokonaispisteesi",
                "28 tai enemmän",
                "alle 21",
                "Sivu 2",
            ),
        ),
    ],
)
def test_the_pdf_form_is_wholly_in_the_language(
    tmp_path: Path, cli: Invoke, lang: str, expected: tuple[str, ...]
) -> None:
    from documents_support import pdf_text

    pdf = tmp_path / "formular.pdf"
    assert cli("form", "--lang", lang, "--format", "pdf", "--output", pdf).exit_code == 0
    text = pdf_text(pdf)
    q = load_questionnaire(None, lang)
    for word in expected:
        assert word in text, word
    for section in q.sections:
        for item in section.items:
            assert item.text in text  # every statement, every diacritic intact
    for word in FORM_WORDS_EN:
        assert not re.search(rf"\b{word}\b", text), word


def test_worker_processes_that_are_not_forked_report_in_the_command_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where fork is unavailable (Windows), --jobs workers start afresh, in English."""
    import multiprocessing

    from custserv_audit.batch.parallel import render_parallel
    from custserv_audit.batch.parallel import rendered as outcomes_of
    from custserv_audit.render.data.json_format import outcome_to_json
    from custserv_audit.sources import expand

    spawn = multiprocessing.get_context("spawn")
    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(multiprocessing, "get_context", lambda _method=None: spawn)
    bad = tmp_path / "bad.yaml"
    bad.write_text("questionnaire: customer-orientation\nanswers: 3\n", encoding="utf-8")
    sk = load_questionnaire(None, "sk")
    with i18n.language_scope("sk"):
        rendered = [
            item
            for block in render_parallel(list(expand([str(bad)])), sk, 2, outcome_to_json)
            for item in outcomes_of(block)
        ]
    assert len(rendered) == 1
    obj = json.loads(rendered[0][0])
    assert obj["error"]["message"] == (
        "answers musí byť mapovanie identifikátorov oblastí na zoznamy hodnotení"
    )
    assert obj["error"]["location"]["line"] == 2
