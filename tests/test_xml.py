"""NKF-XML reading and writing: round trips, determinism, diagnostics, atomic writes.

Every serializer has a round-trip and a fixed-point property (style.md rule 19):
``load(dumps(x)) == x`` and ``dumps(load(dumps(x))) == dumps(x)``, and what ``dumps``
writes validates against the shipped XSD.
"""

from __future__ import annotations

import datetime
import os
import stat
import typing
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import attrs
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from lxml import etree

import nkf.strategies as nst
import nkf.xml
from nkf.errors import LoadError
from nkf.examples import founding_motion, leichlingen_plan
from nkf.model import (
    BudgetPlan,
    BudgetStatute,
    Column,
    Municipality,
    PlanKind,
    PlanLine,
    ValueKind,
    standard_columns,
)
from nkf.model.amendment import (
    Amendment,
    AmendmentStatus,
    AmountChange,
    Change,
    InvestmentFlow,
    PercentChange,
    SetInvestmentAmount,
    SetKeyFigureValue,
    SetKwVermerk,
    SetStatuteValue,
    StatuteField,
    UnitField,
    UpdateUnit,
)
from nkf.model.goals import FigureKind
from nkf.model.targets import Target
from nkf.paths import goal_path, line_path, unit_path
from nkf.xml import dump, dumps, load, read, source_map, validate_file
from nkf.xml.schema import SCHEMA_FILE, generate, schema

if TYPE_CHECKING:
    from nkf.diagnostics import Diagnostic

ROOT = Path(__file__).parent.parent
PLAN_XML = ROOT / "examples" / "leichlingen-2021" / "plan.xml"
DECLARATION = b"<?xml version='1.0' encoding='UTF-8'?>\n"

# Property tests draw whole plans; deadline=None because a plan with many products can take
# longer than the default 200 ms on a slow CI machine.
PROPERTY = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _round_trips(obj: BudgetPlan | Amendment) -> None:
    """Round trip, fixed point and XSD validity of ``obj``."""
    data = dumps(obj)
    back = load(data)
    assert back == obj
    assert dumps(back) == data
    xsd = schema()
    assert xsd.validate(etree.fromstring(data)), [str(e) for e in xsd.error_log]


def _motion(*changes: Change, **fields: typing.Any) -> Amendment:
    return Amendment(id="a-1", title="Antrag", changes=changes, **fields)


# --------------------------------------------------------------------------- properties


@PROPERTY
@given(nst.budget_plans(consistent=False))
@example(BudgetPlan(municipality=Municipality(name="X"), years=())).via(
    "required list attribute, empty"
)
def test_raw_plans_round_trip(plan: BudgetPlan) -> None:
    _round_trips(plan)


@PROPERTY
@given(nst.budget_plans())
def test_consistent_plans_round_trip(plan: BudgetPlan) -> None:
    _round_trips(plan)


@PROPERTY
@given(nst.amendments())
@example(_motion(PercentChange(targets=(), columns=(), percent=Decimal(0)))).via(
    "PercentChange without targets and columns (required tuples, empty)"
)
@example(
    _motion(
        SetKwVermerk(post_id="S-1", year=None),
        UpdateUnit(unit="050101", field=UnitField.NAME, new=None),
        SetKeyFigureValue(
            unit="050101", position=1, year=2021, figure_kind=FigureKind.ZIEL, new=None
        ),
        SetStatuteValue(year=2021, field=StatuteField.INVESTMENT_CREDITS, new=None),
        SetInvestmentAmount(id="I-1", flow=InvestmentFlow.PAYMENT, year=2021, new=None),
    )
).via("required fields that may be None")
def test_amendments_round_trip(amendment: Amendment) -> None:
    _round_trips(amendment)


CHANGE_KINDS = typing.get_args(Change)


@pytest.mark.parametrize("kind", CHANGE_KINDS, ids=[k.__name__ for k in CHANGE_KINDS])
def test_every_change_kind_round_trips(kind: type[Change]) -> None:
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(nst.changes(kind), min_size=1, max_size=3).map(tuple))
    def round_trip(changes: tuple[Change, ...]) -> None:
        refs = [c.ref for c in changes if c.ref is not None]
        if len(refs) != len(set(refs)):
            changes = tuple(attrs.evolve(c, ref=None) for c in changes)
        _round_trips(_motion(*changes))

    round_trip()


def test_change_kinds_are_all_covered() -> None:
    # Every change class of the model is in the Change union, so none escapes the
    # round-trip properties above (K1–K11 need at least the 31 kinds of the first release).
    import nkf.model.amendment as am

    defined = {
        cls
        for cls in vars(am).values()
        if isinstance(cls, type) and issubclass(cls, am.ChangeBase) and cls is not am.ChangeBase
    }
    assert len(CHANGE_KINDS) == len(set(CHANGE_KINDS))
    assert set(CHANGE_KINDS) == defined
    assert len(defined) >= 31


# --------------------------------------------------------------------------- schema


def test_shipped_xsd_is_the_generated_one() -> None:
    shipped = resources.files("nkf.xml").joinpath(SCHEMA_FILE).read_bytes()
    assert shipped == generate(), (
        "src/nkf/xml/nkf-1.xsd is stale: python -m nkf.xml.schema > src/nkf/xml/nkf-1.xsd"
    )


def test_examples_validate_against_the_xsd() -> None:
    for obj in (leichlingen_plan(), founding_motion()):
        assert schema().validate(etree.fromstring(dumps(obj)))


# --------------------------------------------------------------------------- determinism


def test_dumps_is_deterministic() -> None:
    plan = leichlingen_plan()
    assert dumps(plan) == dumps(plan)
    assert dumps(plan) == dumps(leichlingen_plan())
    motion = founding_motion()
    assert dumps(motion) == dumps(attrs.evolve(motion))


def test_utf8_declaration_and_final_newline() -> None:
    data = dumps(founding_motion())
    assert data.startswith(DECLARATION)
    assert data.endswith(b">\n")
    text = data.decode("utf-8")
    assert "Bürgermeister" in text  # written as UTF-8, not as character references
    assert "&#" not in text


def test_two_space_indentation() -> None:
    lines = dumps(leichlingen_plan()).decode().splitlines()
    assert lines[1].startswith("<budgetPlan ")
    assert lines[2] == '  <municipality name="Leichlingen"/>'
    depth = 0
    for line in lines[1:]:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if stripped.startswith("</"):
            depth -= 1
        assert indent == 2 * depth, line
        if not stripped.startswith("</") and not stripped.endswith("/>") and "</" not in line:
            depth += 1
    assert "\t" not in "\n".join(lines)


def _one_line_plan(*values: Decimal | None) -> BudgetPlan:
    columns = standard_columns((2021,))[: len(values)]
    line = PlanLine(plan=PlanKind.ERGEBNISPLAN, number=1, columns=columns, values=values)
    return BudgetPlan(municipality=Municipality(name="X"), years=(2021,), lines=(line,))


def test_canonical_decimals_in_lines() -> None:
    plan = _one_line_plan(Decimal("1200.50"), Decimal("-0"), Decimal("1E+3"), Decimal("-0.00"))
    data = dumps(plan)
    assert b'<l n="1">1200.5 0 1000 0</l>' in data
    assert b"E+" not in data
    assert load(data) == plan


def test_canonical_decimals_in_attributes() -> None:
    change = AmountChange(
        target=Target(unit="050101", plan=PlanKind.TEILERGEBNISPLAN, line=13),
        column=Column(year=2021, kind=ValueKind.ANSATZ),
        old=Decimal("-0.00"),
        delta=Decimal("1E+3"),
        new=Decimal("1200.50"),
    )
    data = dumps(_motion(change))
    assert b'old="0" delta="1000" new="1200.5"' in data
    back = load(data, expect=Amendment)
    assert back.changes == (change,)


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1200.50"), "1200.5"),
        (Decimal("-0"), "0"),
        (Decimal("-0.00"), "0"),
        (Decimal("1E+3"), "1000"),
        (Decimal("1.000E+6"), "1000000"),
        (Decimal("0.0100"), "0.01"),
        (Decimal(-35499229), "-35499229"),
        (Decimal("1E-7"), "0.0000001"),
    ],
)
def test_format_decimal(value: Decimal, text: str) -> None:
    from nkf.xml._mapping import format_decimal

    assert format_decimal(value) == text
    assert Decimal(text) == value


def test_empty_cell_round_trips_as_none() -> None:
    plan = _one_line_plan(None, Decimal(5), None)
    data = dumps(plan)
    assert b'<l n="1">-- 5 --</l>' in data
    back = load(data, expect=BudgetPlan)
    assert back.lines[0].values == (None, Decimal(5), None)


def test_defaults_are_left_out_but_status_and_framework_are_written() -> None:
    data = dumps(_motion())
    assert b'status="eingereicht"' in data
    assert b"<changes" not in data
    assert b"date=" not in data
    plan_data = dumps(BudgetPlan(municipality=Municipality(name="X"), years=(2021,)))
    assert b'status="entwurf" framework="nrw_2019"' in plan_data


# --------------------------------------------------------------------------- load


def test_load_tells_plan_from_amendment_by_root() -> None:
    assert type(load(dumps(leichlingen_plan()))) is BudgetPlan
    assert type(load(dumps(founding_motion()))) is Amendment
    assert load(dumps(leichlingen_plan()), expect=BudgetPlan) == leichlingen_plan()
    assert load(dumps(founding_motion()), expect=Amendment) == founding_motion()


def test_load_of_a_plan_as_amendment(tmp_path: Path) -> None:
    path = tmp_path / "haushalt.xml"
    dump(leichlingen_plan(), path)
    with pytest.raises(LoadError) as info:
        load(path, expect=Amendment)
    (diag,) = info.value.diagnostics
    assert diag.code == "NKF-E006"
    assert diag.message == (
        "Die Datei enthält einen Haushaltsplan, erwartet wird ein Änderungsantrag."
    )
    assert diag.location is not None
    assert diag.location.file == str(path)
    assert diag.location.line == 2  # the root element
    assert str(path) in str(info.value)
    assert isinstance(info.value, ValueError)


def test_load_accepts_str_paths_and_pathlike(tmp_path: Path) -> None:
    path = tmp_path / "antrag.xml"
    dump(founding_motion(), path)
    assert load(str(path)) == load(path) == founding_motion()


def _schema_errors(data: bytes) -> list[Diagnostic]:
    doc, _root, diags = read(data)
    assert doc is None
    return diags


def _line_of(data: bytes, needle: bytes) -> int:
    return data[: data.index(needle)].count(b"\n") + 1


def test_all_schema_violations_at_once() -> None:
    plan = attrs.evolve(
        leichlingen_plan(),
        statutes=(BudgetStatute(year=2021, total_income=Decimal(1_000_000)),),
    )
    data = (
        dumps(plan)
        .replace(b'<municipality name="Leichlingen"/>', b'<municipality name="L" farbe="rot"/>')
        .replace(b'binding="teils"', b'binding="manchmal"')
        .replace(b'totalIncome="1000000"', b'totalIncome="eine Million"')
    )
    lines = {
        _line_of(data, b"farbe="),
        _line_of(data, b'binding="manchmal"'),
        _line_of(data, b"eine Million"),
    }
    assert len(lines) == 3
    diags = _schema_errors(data)
    assert [d.code for d in diags] == ["NKF-E010"] * 3, [str(d) for d in diags]
    assert {d.location.line for d in diags if d.location} == lines
    messages = " | ".join(d.message for d in diags)
    assert "farbe" in messages
    assert "manchmal" in messages
    assert "eine Million" in messages
    with pytest.raises(LoadError) as info:
        load(data)
    assert len(info.value.diagnostics) == 3


def test_non_numeric_cell_is_a_schema_violation_on_its_line() -> None:
    data = PLAN_XML.read_bytes().replace(b'<l n="13">9860 ', b'<l n="13">neun ')
    diags = _schema_errors(data)
    assert diags
    assert {d.code for d in diags} == {"NKF-E010"}
    assert {d.location.line for d in diags if d.location} == {_line_of(data, b'<l n="13">')}
    assert any("neun" in d.message for d in diags)


@pytest.mark.parametrize(
    ("file", "needle", "value", "message"),
    [
        (
            "plan.xml",
            b'<figureValue year="2020" kind="ansatz" value="1200"/>',
            b'<figureValue year="2020" kind="ansatz" value="2020-06-30Z"/>',
            "figureValue/value: „2020-06-30Z“ ist kein gültiges Datum (erwartet JJJJ-MM-TT)",
        ),
        (
            "amendment.xml",
            b'date="2021-02-24"',
            b'date="2021-02-24Z"',
            "amendment/date: „2021-02-24Z“ ist kein gültiges Datum (erwartet JJJJ-MM-TT)",
        ),
        (
            "amendment.xml",
            b'date="2021-02-24"',
            b'date="2021-02-24+01:00"',
            "amendment/date: „2021-02-24+01:00“ ist kein gültiges Datum (erwartet JJJJ-MM-TT)",
        ),
    ],
)
def test_a_value_the_schema_admits_but_nkf_cannot_read(
    file: str, needle: bytes, value: bytes, message: str
) -> None:
    # xs:date admits a time zone; a Beschlussdatum or a milestone has none. Reading refuses
    # it in words a clerk understands, on the element's line (a figure value seen for the
    # first time is read on its own, not shared).
    data = (ROOT / "examples" / "leichlingen-2021" / file).read_bytes()
    assert needle in data
    data = data.replace(needle, value, 1)
    (diag,) = _schema_errors(data)
    assert diag.code == "NKF-E011"
    assert diag.message == f"Ungültiger Wert: {message}"
    assert diag.location is not None
    assert diag.location.line == _line_of(data, value)


def test_line_with_wrong_number_of_values() -> None:
    data = PLAN_XML.read_bytes().replace(b'<l n="13">9860 ', b'<l n="13">')
    (diag,) = _schema_errors(data)
    assert diag.code == "NKF-E011"
    assert diag.location is not None
    assert diag.location.line == _line_of(data, b'<l n="13">')
    assert "Zeile 13" in diag.message
    assert "5 Werte für 6 Spalten" in diag.message


def test_diagnostics_of_a_file_carry_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    data = PLAN_XML.read_bytes().replace(b'binding="teils"', b'binding="manchmal"')
    path.write_bytes(data)
    doc, diags = validate_file(path)
    assert doc is None
    (diag,) = diags
    assert diag.code == "NKF-E010"
    assert diag.location is not None
    assert diag.location.file == str(path)
    assert diag.location.line == _line_of(data, b"manchmal")
    assert str(diag).startswith(f"{path}:{diag.location.line}: error NKF-E010 ")


# --------------------------------------------------------------------------- dump


def test_dump_leaves_no_temporary_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    dump(leichlingen_plan(), path)
    assert list(tmp_path.iterdir()) == [path]
    assert path.read_bytes() == dumps(leichlingen_plan())


def test_dump_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "antrag.xml"
    path.write_bytes(b"alt")
    dump(founding_motion(), path)
    assert path.read_bytes() == dumps(founding_motion())
    assert list(tmp_path.iterdir()) == [path]


def test_dump_to_a_str_path(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    dump(leichlingen_plan(), str(path))
    assert load(path) == leichlingen_plan()


def test_failed_serialization_leaves_the_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "antrag.xml"
    dump(founding_motion(), path)
    before = path.read_bytes()
    writes: list[object] = []
    real_write_atomic = nkf.xml.write_atomic

    def write_atomic(target: Path, data: bytes) -> None:
        writes.append(target)
        real_write_atomic(target, data)

    monkeypatch.setattr(nkf.xml, "write_atomic", write_atomic)
    broken = attrs.evolve(founding_motion(), reason="Begründung mit \x00 darin")
    with pytest.raises(ValueError, match="XML compatible"):
        dump(broken, path)
    assert writes == []  # serialized before any temporary file is created
    assert path.read_bytes() == before
    assert list(tmp_path.iterdir()) == [path]


def test_failed_write_leaves_the_file_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "plan.xml"
    path.write_bytes(b"alt")

    def fail(_fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(nkf.xml.os, "fsync", fail)
    with pytest.raises(OSError, match="No space left"):
        dump(leichlingen_plan(), path)
    assert path.read_bytes() == b"alt"
    assert list(tmp_path.iterdir()) == [path]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_dump_gives_a_new_file_the_usual_permissions(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    dump(leichlingen_plan(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~_umask()


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_dump_keeps_the_permissions_of_the_replaced_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    path.write_bytes(b"alt")
    path.chmod(0o640)
    dump(leichlingen_plan(), path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_bytes() == dumps(leichlingen_plan())


def test_dump_into_a_missing_directory_fails_cleanly(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        dump(leichlingen_plan(), tmp_path / "fehlt" / "plan.xml")
    assert list(tmp_path.iterdir()) == []


# --------------------------------------------------------------------------- validate_file


def test_validate_file_reports_a_wrong_sum_line_with_file_and_line(tmp_path: Path) -> None:
    text = PLAN_XML.read_text(encoding="utf-8")
    row = '<l n="10">23610 24200 '
    assert text.count(row) == 1
    path = tmp_path / "plan.xml"
    path.write_text(text.replace(row, '<l n="10">23710 24200 '), encoding="utf-8")
    row_line = text[: text.index(row)].count("\n") + 1

    doc, diags = validate_file(path)
    assert isinstance(doc, BudgetPlan)
    sums = [d for d in diags if d.code == "NKF-E201"]
    assert sums, [str(d) for d in diags]
    at_row = [d for d in sums if d.location and d.location.line == row_line]
    assert at_row, [str(d) for d in sums]
    diag = at_row[0]
    assert diag.location is not None
    assert diag.location.file == str(path)
    assert "Zeile 10" in diag.message
    assert "050101" in diag.message
    assert str(diag).startswith(f"{path}:{row_line}: error NKF-E201 ")


def test_validate_file_of_bytes_has_no_file_name() -> None:
    data = PLAN_XML.read_bytes().replace(b'<l n="10">23610 ', b'<l n="10">23710 ')
    _doc, diags = validate_file(data)
    assert diags
    assert all(d.location is not None and d.location.file is None for d in diags)
    assert all(d.location is not None and d.location.line for d in diags)


def test_validate_file_returns_reading_problems() -> None:
    doc, diags = validate_file(dumps(leichlingen_plan()), expect=Amendment)
    assert doc is None
    assert [d.code for d in diags] == ["NKF-E006"]


def test_validate_file_of_an_amendment_against_its_plan() -> None:
    motion = attrs.evolve(founding_motion(), status=AmendmentStatus.ADOPTED)
    doc, diags = validate_file(dumps(motion), plan=leichlingen_plan())
    assert doc == motion
    assert diags == []


def test_source_map_points_at_the_elements() -> None:
    data = PLAN_XML.read_bytes()
    _doc, root, diags = read(data)
    assert root is not None
    assert diags == []
    lines = source_map(root)
    assert lines[""] == 2
    assert lines[unit_path("05")] == _line_of(data, b'<budgetArea code="05"')
    assert lines[unit_path("0501")] == _line_of(data, b'<productGroup code="0501"')
    assert lines[unit_path("050101")] == _line_of(data, b'<product code="050101"')
    row = line_path(PlanKind.TEILERGEBNISPLAN, 10, unit="050101")
    assert lines[row] == _line_of(data, b'<l n="10">')
    assert lines[goal_path("050101", 2)] == _line_of(data, b"<text>Antr") - 1
    assert lines[goal_path("050101", 2, key_figure=1)] == _line_of(data, b'<keyFigure name="Durch')


def test_read_never_raises_on_a_date_out_of_range() -> None:
    data = dumps(founding_motion()).replace(b'date="2021-02-24"', b'date="2021-02-30"')
    doc, _root, diags = read(data)
    assert doc is None
    assert diags
    assert {d.code for d in diags} <= {"NKF-E010", "NKF-E011"}


def test_read_of_a_path_like(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    dump(leichlingen_plan(), path)
    doc, _root, diags = read(os.fspath(path))
    assert doc == leichlingen_plan()
    assert diags == []


def test_dates_round_trip() -> None:
    motion = attrs.evolve(founding_motion(), date=datetime.date(2000, 1, 1))
    assert load(dumps(motion)) == motion
