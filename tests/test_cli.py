"""The nkf command line, driven as a user drives it: main(argv) and a real subprocess."""

from __future__ import annotations

import argparse
import gc
import io
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from nkf import examples
from nkf.cli import _COMMANDS, _plain_validate, main
from nkf.cli._arguments import build_parser
from nkf.cli.reporters import escape_data, escape_property
from nkf.model.amendment import AddGoal, Amendment, AmountChange
from nkf.model.goals import Goal
from nkf.model.lines import Column, PlanKind, ValueKind
from nkf.model.targets import Target
from nkf.xml import dump, dumps, load

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "leichlingen-2021"
PLAN = str(EXAMPLE / "plan.xml")
MOTION = str(EXAMPLE / "amendment.xml")
LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+)(?::(?P<col>\d+))?: "
    r"(?P<sev>error|warning|info) (?P<code>NKF-[EWI]\d{3}) (?P<msg>.+)$"
)


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def bad_sum_plan(tmp_path: Path) -> Path:
    """The example plan with line 10 of product 050101 off by 500 €."""
    text = (EXAMPLE / "plan.xml").read_text(encoding="utf-8")
    bad = text.replace('<l n="10">23610 24200 24300', '<l n="10">23610 24200 24800', 1)
    assert bad != text
    path = tmp_path / "plan-falsch.xml"
    path.write_text(bad, encoding="utf-8")
    return path


@pytest.fixture
def stale_motion(tmp_path: Path) -> Path:
    """A motion whose stated old value differs from the plan and whose target is missing."""
    col = Column(year=2021, kind=ValueKind.ANSATZ)
    motion = Amendment(
        id="cdu-2021-7",
        title="Sachaufwand Beratung erhöhen",
        changes=(
            AmountChange(
                target=Target(unit="050101", plan=PlanKind.TEILERGEBNISPLAN, line=13),
                column=col,
                old=Decimal(13000),
                delta=Decimal(2000),
            ),
            AddGoal(unit="059999", goal=Goal(text="Ziel für ein fehlendes Produkt")),
        ),
    )
    path = tmp_path / "antrag-cdu.xml"
    dump(motion, path)
    return path


# --------------------------------------------------------------------------- validate


def test_validate_clean_files_and_directories_exit_0() -> None:
    assert run("validate", PLAN, MOTION)[0] == 0
    code, out, err = run("validate", str(EXAMPLE))
    assert code == 0
    assert out == ""
    assert f"{len(list(EXAMPLE.rglob('*.xml')))} Datei(en) geprüft" in err


def test_validate_glob_pattern() -> None:
    code, _out, err = run("validate", str(EXAMPLE / "*.xml"))
    assert code == 0
    assert f"{len(list(EXAMPLE.glob('*.xml')))} Datei(en)" in err


def test_validate_reports_finding_with_file_and_line(bad_sum_plan: Path) -> None:
    code, out, _err = run("validate", str(bad_sum_plan))
    assert code == 1
    lines = out.strip().splitlines()
    assert lines
    m = LINE.match(lines[0])
    assert m is not None, lines[0]
    assert m["file"] == str(bad_sum_plan)
    assert m["code"] == "NKF-E201"
    row = bad_sum_plan.read_text(encoding="utf-8").splitlines()[int(m["line"]) - 1]
    assert '<l n="10">' in row


def test_validate_with_plan_finds_stale_value_and_missing_target(stale_motion: Path) -> None:
    code, out, _ = run("validate", "--plan", PLAN, str(stale_motion))
    assert code == 1
    found = {LINE.match(ln)["code"] for ln in out.splitlines() if LINE.match(ln)}  # type: ignore[index]
    assert "NKF-E530" in found  # stated old value differs
    assert "NKF-E520" in found  # product 059999 missing
    # without the plan the motion itself is well formed
    assert run("validate", str(stale_motion))[0] == 0


def test_strict_turns_warnings_into_findings(tmp_path: Path) -> None:
    motion = Amendment(
        id="gruene-2021-3",
        title="Zuschuss Quartierstreff",
        changes=(
            AmountChange(
                target=Target(text="Zuschuss an den Quartierstreff, S. 312 des Entwurfs"),
                column=Column(year=2021, kind=ValueKind.ANSATZ),
                delta=Decimal(5000),
            ),
        ),
    )
    path = tmp_path / "antrag.xml"
    dump(motion, path)
    code, out, _ = run("validate", str(path))
    assert code == 0
    assert "warning NKF-W504" in out
    assert run("validate", "--strict", str(path))[0] == 1


def test_json_format_is_one_document(bad_sum_plan: Path) -> None:
    code, out, _ = run("validate", "--format", "json", str(bad_sum_plan), MOTION)
    assert code == 1
    doc = json.loads(out)
    assert doc["tool"]["name"] == "nkf"
    assert doc["summary"]["errors"] >= 1
    assert {d["code"] for d in doc["diagnostics"]} >= {"NKF-E201"}
    assert all(d["file"] == str(bad_sum_plan) for d in doc["diagnostics"])
    assert len(doc["files"]) == 2


def test_sarif_has_the_2_1_0_structure(bad_sum_plan: Path) -> None:
    _, out, _ = run("validate", "--format", "sarif", str(bad_sum_plan))
    doc = json.loads(out)
    assert doc["version"] == "2.1.0"
    assert doc["$schema"].endswith("sarif-2.1.0.json")
    (run_,) = doc["runs"]
    rules = run_["tool"]["driver"]["rules"]
    assert run_["tool"]["driver"]["name"] == "nkf"
    for result in run_["results"]:
        assert result["ruleId"] == rules[result["ruleIndex"]]["id"]
        assert result["level"] in {"error", "warning", "note"}
        loc = result["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"].endswith("plan-falsch.xml")
        assert loc["region"]["startLine"] >= 1


GITHUB = re.compile(r"^::(error|warning|notice) (?P<props>[^:]*)::(?P<msg>.*)$")


def test_github_lines_parse_and_are_escaped(bad_sum_plan: Path) -> None:
    _, out, _ = run("validate", "--format", "github", str(bad_sum_plan))
    for line in out.strip().splitlines():
        m = GITHUB.match(line)
        assert m is not None, line
        props = dict(p.split("=", 1) for p in m["props"].split(","))
        assert set(props) >= {"file", "line", "title"}
        assert props["title"].startswith("NKF-")


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("100 % Deckung", "100 %25 Deckung", "100 %25 Deckung"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("Zeile 1\nZeile 2\r", "Zeile 1%0AZeile 2%0D", "Zeile 1%0AZeile 2%0D"),
    ],
)
def test_github_escaping_matches_the_actions_toolkit(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


# --------------------------------------------------------------------------- bad input


def test_missing_file_is_exit_2(tmp_path: Path) -> None:
    code, out, err = run("validate", str(tmp_path / "gibt-es-nicht.xml"))
    assert code == 2
    assert out == ""
    assert "gibt es nicht" in err
    assert "Traceback" not in err


def test_directory_without_xml_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "notiz.txt").write_text("kein XML", encoding="utf-8")
    code, _, err = run("validate", str(tmp_path))
    assert code == 2
    assert "keine XML-Dateien" in err


def test_unreadable_file_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests may run as root, who reads every file: deny the read where nkf opens the file.
    import nkf.xml._parser as parser

    path = tmp_path / "gesperrt.xml"
    path.write_bytes(dumps(examples.founding_motion()))

    def denied(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(parser, "open", denied, raising=False)
    code, out, err = run("validate", str(path))
    assert code == 2
    assert "NKF-E002" in out
    assert "Die Datei kann nicht gelesen werden (keine Berechtigung zum Lesen)." in out
    assert "Traceback" not in out + err


def test_unreadable_file_as_root_via_directory_named_xml(tmp_path: Path) -> None:
    # A path that cannot be read as a file, whoever runs the tests: a directory named *.xml
    # inside a directory that is checked by glob.
    weird = tmp_path / "verzeichnis.xml"
    weird.mkdir()
    (weird / "antrag.xml").write_bytes(dumps(examples.founding_motion()))
    assert run("validate", str(tmp_path / "*.xml"))[0] == 2


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"\x00\x01\x02\xff\xfe binary garbage \x89PNG", "NKF-E001"),
        (b"", "NKF-E001"),
        (b"   \n  ", "NKF-E001"),
        (b"<budgetPlan xmlns='urn:other'/>", "NKF-E005"),
    ],
    ids=["binary", "empty", "whitespace", "wrong-namespace"],
)
def test_bad_files_are_findings_with_a_clear_code(
    tmp_path: Path, content: bytes, code: str
) -> None:
    path = tmp_path / "kaputt.xml"
    path.write_bytes(content)
    exit_code, out, err = run("validate", str(path))
    assert exit_code == 1
    assert f"error {code}" in out
    assert "Traceback" not in out + err


def test_wrong_kind_of_document_for_plan_is_exit_2() -> None:
    code, _, err = run("validate", "--plan", MOTION, MOTION)
    assert code == 2
    assert "NKF-E006" in err
    assert "erwartet wird ein Haushaltsplan" in err


def test_usage_errors_are_exit_2() -> None:
    assert run()[0] == 2
    with pytest.raises(SystemExit) as exc:
        run("validate", "--format", "xml", PLAN)
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        run("frobnicate")
    assert exc.value.code == 2


# --------------------------------------------------------------------------- apply


def test_apply_writes_the_amended_plan_atomically(tmp_path: Path) -> None:
    out_path = tmp_path / "plan-neu.xml"
    before = Path(PLAN).read_bytes()
    code, out, err = run("apply", PLAN, MOTION, "-o", str(out_path))
    assert code == 0, err
    assert out == ""
    assert Path(PLAN).read_bytes() == before  # input untouched
    new = load(out_path)
    assert len(new.product("050101").goals) == 3  # type: ignore[union-attr]
    assert [p.name for p in tmp_path.iterdir()] == ["plan-neu.xml"]  # no temp file left


def test_apply_writes_nothing_when_a_motion_does_not_apply(
    tmp_path: Path, stale_motion: Path
) -> None:
    out_path = tmp_path / "plan-neu.xml"
    code, _, err = run("apply", PLAN, MOTION, str(stale_motion), "-o", str(out_path))
    assert code == 1
    assert not out_path.exists()
    assert "nichts geschrieben" in err
    assert "NKF-E6" in err


def test_apply_refuses_to_overwrite_an_input(tmp_path: Path) -> None:
    copy = tmp_path / "plan.xml"
    copy.write_bytes(Path(PLAN).read_bytes())
    code, _, err = run("apply", str(copy), MOTION, "-o", str(copy))
    assert code == 2
    assert "Eingabedateien" in err


def test_apply_with_an_unreadable_amendment_is_exit_2(tmp_path: Path) -> None:
    garbage = tmp_path / "antrag.xml"
    garbage.write_bytes(b"\xff\xfe")
    code, _, err = run("apply", PLAN, str(garbage), "-o", str(tmp_path / "neu.xml"))
    assert code == 2
    assert "kann nicht gelesen werden" in err


# --------------------------------------------------------------------------- diff, changes, demo


def test_diff_in_every_format(tmp_path: Path) -> None:
    new_path = tmp_path / "neu.xml"
    assert run("apply", PLAN, MOTION, "-o", str(new_path))[0] == 0
    code, out, _ = run("diff", PLAN, str(new_path), "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert [c["$type"] for c in doc["changes"]] == ["addGoal"]
    code, out, _ = run("diff", PLAN, str(new_path), "--format", "xml")
    changes = load(out.encode("utf-8"))
    assert isinstance(changes, Amendment)
    assert isinstance(changes.changes[0], AddGoal)
    code, out, _ = run("diff", PLAN, str(new_path))
    assert "Fertigstellung 30.06.2021" in out


def test_changes_in_every_format() -> None:
    code, out, _ = run("changes", PLAN, MOTION)
    assert code == 0
    assert "Produktbereich 05" in out
    assert "Fertigstellung 30.06.2021" in out
    code, out, _ = run("changes", PLAN, MOTION, "--format", "csv")
    header = out.splitlines()[0].split(";")
    assert header[:3] == ["lfd. Nr.", "Produktbereich", "Antragsteller"]
    code, out, _ = run("changes", PLAN, MOTION, "--format", "html")
    assert out.lstrip().lower().startswith("<!doctype html>")
    assert "Cremers Weiden" in out


def test_demo_runs_the_founding_motion_end_to_end() -> None:
    code, out, _ = run("demo")
    assert code == 0
    assert "Plan geprüft: ohne Befund" in out
    assert "Fertigstellung 30.06.2021" in out
    assert "Veränderungsliste" in out


def test_help_has_an_example_for_each_command() -> None:
    for command in ("validate", "apply", "diff", "changes", "demo"):
        with pytest.raises(SystemExit) as exc:
            run(command, "--help")
        assert exc.value.code == 0


def _sub_parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    (action,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_the_named_command_gets_its_own_sub_parser_only() -> None:
    everything = _sub_parsers(build_parser())
    assert tuple(everything) == _COMMANDS
    for command in _COMMANDS:
        alone = _sub_parsers(build_parser(command))
        assert list(alone) == [command]
        assert alone[command].format_help() == everything[command].format_help()


WORDS = st.lists(
    st.sampled_from(
        [
            "a.xml",
            "antraege/",
            "x=y.xml",
            "",
            "--strict",
            "--show-info",
            "--plan",
            "--plan=plan.xml",
            "--plan=",
            "--format",
            "--format=github",
            "--format=xml",
            "json",
            "sarif",
            "--form",
            "--strict=1",
            "-",
            "--",
            "-h",
            "-5",
            "validate",
            "apply",
        ]
    ),
    max_size=7,
)


@given(words=WORDS)
@example(words=["a.xml"])
@example(words=["--plan", "plan.xml", "--strict", "--format", "github", "antraege/"])
@example(words=["a.xml", "--plan", "plan.xml", "b.xml"])
def test_plain_validate_reads_what_the_parser_reads(words: list[str]) -> None:
    argv = ["validate", *words]
    quick = _plain_validate(argv)
    try:
        parsed = build_parser().parse_args(argv, namespace=SimpleNamespace())
    except SystemExit:
        assert quick is None
        return
    assert quick is None or quick == parsed


def test_plain_validate_takes_the_usual_command_lines() -> None:
    for argv in (
        ["validate", MOTION],
        ["validate", PLAN, MOTION, "--strict"],
        ["validate", "--plan", PLAN, "--strict", "--format", "github", str(EXAMPLE)],
        ["validate", "--format=sarif", "--show-info", "--plan=plan.xml", "antraege/"],
    ):
        assert _plain_validate(argv) == build_parser().parse_args(argv, SimpleNamespace())
    for argv in (["validate"], ["validate", "-h"], ["validate", "--str", MOTION], ["apply"]):
        assert _plain_validate(argv) is None


def test_run_is_main_with_the_collector_settled_for_one_command(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from nkf.cli import run

    monkeypatch.setattr(sys, "argv", ["nkf", "validate", MOTION, "--format", "json"])
    try:
        with pytest.raises(SystemExit) as exc:
            run()
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    assert exc.value.code == 0
    assert json.loads(capsys.readouterr().out)["summary"]["errors"] == 0


def test_python_m_nkf_and_version() -> None:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "nkf", "--version"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    assert done.returncode == 0
    assert re.fullmatch(r"nkf \d+\.\d+\.\d+\S*\n", done.stdout)
    done = subprocess.run(
        [sys.executable, "-m", "nkf", "validate", MOTION, "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0
    assert json.loads(done.stdout)["summary"]["errors"] == 0


# --------------------------------------------------------------------------- export, import


def test_export_oparl_needs_a_base_url_and_validates_its_shape(tmp_path: Path) -> None:
    assert run("export", "--to", "oparl", MOTION)[0] == 2
    code, out, _ = run("export", "--to", "oparl", "--base-url", "https://ris.example/oparl", MOTION)
    assert code == 0
    bundle = json.loads(out)
    assert bundle["paper"]["type"] == "https://schema.oparl.org/1.1/Paper"
    assert bundle["paper"]["id"].startswith("https://ris.example/oparl/")
    out_path = tmp_path / "paper.json"
    code, out, _ = run(
        "export",
        "--to",
        "oparl",
        "--base-url",
        "https://ris.example/oparl",
        MOTION,
        "-o",
        str(out_path),
    )
    assert code == 0
    assert out == ""
    assert json.loads(out_path.read_text(encoding="utf-8")) == bundle


def test_export_akn_round_trips_the_changes(tmp_path: Path) -> None:
    from nkf.interop.akn import from_akn

    out_path = tmp_path / "antrag.akn.xml"
    code, _, _ = run("export", "--to", "akn", "--plan", PLAN, MOTION, "-o", str(out_path))
    assert code == 0
    data = out_path.read_bytes()
    assert b"/akn/de-leichlingen/amendment/2021-02-24/" in data
    assert from_akn(data) == load(MOTION)


def test_import_offenerhaushalt_writes_a_plan(tmp_path: Path) -> None:
    csv_path = ROOT / "tests" / "data" / "offenerhaushalt" / "ahaus-2018-entwurf.csv"
    out_path = tmp_path / "ahaus.xml"
    code, out, err = run(
        "import",
        "--from",
        "offenerhaushalt",
        str(csv_path),
        "-o",
        str(out_path),
        "--municipality",
        "Ahaus",
    )
    assert code == 0, out + err
    plan = load(out_path)
    assert plan.municipality.name == "Ahaus"
    assert plan.group("0101") is not None
    assert run("validate", str(out_path))[0] == 0


def test_import_reports_unmappable_rows_with_their_line(tmp_path: Path) -> None:
    csv_path = tmp_path / "haushalt.csv"
    csv_path.write_text(
        "Produktbereich,Produktbereichsname,Produktgruppe,Produktgruppenbezeichnung,"
        "Richtung,HHArt,Jahr,Betrag\n"
        "Produktbereich 05,Soziale Leistungen,Produktgruppe 05.01,Hilfen,Ord. Erträge,"
        'Ansatz,2018,"1000,00"\n'
        "Produktbereich 05,Soziale Leistungen,Produktgruppe 05.01,Hilfen,Ord. Erträge,"
        "Ansatz,2018,zwölf\n",
        encoding="utf-8",
    )
    code, out, _ = run(
        "import", "--from", "offenerhaushalt", str(csv_path), "-o", str(tmp_path / "p.xml")
    )
    assert code == 1
    assert f"{csv_path}:3:" in out
    assert "NKF-E715" in out


def test_import_with_a_bad_mapping_file_is_exit_2(tmp_path: Path) -> None:
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"no_such_column_field": "x"}', encoding="utf-8")
    csv_path = ROOT / "tests" / "data" / "offenerhaushalt" / "koeln-2012.csv"
    code, _, err = run(
        "import",
        "--from",
        "offenerhaushalt",
        str(csv_path),
        "-o",
        str(tmp_path / "p.xml"),
        "--mapping",
        str(mapping),
    )
    assert code == 2
    assert "Spaltenzuordnung" in err
