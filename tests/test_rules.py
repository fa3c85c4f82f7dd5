"""Tests of nkf.rules: one test per finding, clean plans without findings, the API."""

from __future__ import annotations

import datetime
import re
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import nkf.strategies as nst
from nkf.diagnostics import Diagnostic, Severity
from nkf.errors import NkfValidationError
from nkf.frameworks import get
from nkf.model import (
    BudgetArea,
    BudgetPlan,
    BudgetStatute,
    Column,
    FigureKind,
    FigureValue,
    Goal,
    Investment,
    KeyFigure,
    KeyFigureType,
    Municipality,
    PlanKind,
    PlanLine,
    Post,
    Product,
    ProductGroup,
    TaxKind,
    TaxRates,
    ValueKind,
    YearAmount,
)
from nkf.model.amendment import (
    AddArea,
    AddGoal,
    AddGroup,
    AddInvestment,
    AddKeyFigure,
    AddLine,
    AddProduct,
    AddStatute,
    Amendment,
    AmountChange,
    Change,
    Coverage,
    CoverageSource,
    CreatePost,
    DeletePost,
    EditGoal,
    GlobalReduction,
    InvestmentFlow,
    PercentChange,
    PlanField,
    ReleaseBlock,
    RemoveArea,
    RemoveGoal,
    RemoveGroup,
    RemoveLine,
    RemoveProduct,
    RemoveStatute,
    RenameKeyFigure,
    Request,
    RequestKind,
    SetBalanceYear,
    SetInvestmentAmount,
    SetKeyFigureValue,
    SetPlanningYears,
    SetStatuteValue,
    SetTaxRate,
    StatuteField,
    Submitter,
    SubmitterKind,
    UpdatePlan,
)
from nkf.model.targets import ColumnValue, Target
from nkf.money import format_amount
from nkf.paths import line_path
from nkf.rules import (
    AMENDMENT_RULES,
    PLAN_RULES,
    RuleContext,
    check,
    is_valid,
)
from nkf.rules import validate as validate_default
from nkf.rules.structure import check_duplicates
from nkf.rules.sums import check_sum_lines

ROOT = Path(__file__).resolve().parents[1]


def validate(*args: Any, **kwargs: Any) -> list[Diagnostic]:
    """validate with the hints (infos) included: these tests look at every finding."""
    return validate_default(*args, min_severity=Severity.INFO, **kwargs)


def test_validate_leaves_out_hints_unless_asked() -> None:
    plan = BudgetPlan(
        municipality=Municipality(name="Leichlingen"),
        years=(2021,),
        areas=(BudgetArea(code="05", name="Soziales"),),
    )
    assert validate_default(plan) == []
    assert codes(validate_default(plan, min_severity=Severity.INFO)) == ["NKF-I106"]


TEP = PlanKind.TEILERGEBNISPLAN
TFP = PlanKind.TEILFINANZPLAN
EP = PlanKind.ERGEBNISPLAN
FP = PlanKind.FINANZPLAN

A20 = Column(year=2020, kind=ValueKind.ANSATZ)
A21 = Column(year=2021, kind=ValueKind.ANSATZ)
P22 = Column(year=2022, kind=ValueKind.PLANUNG)
COLS = (A20, A21, P22)


def D(value: str | int) -> Decimal:
    return Decimal(value)


def line(kind, number, *values, columns=COLS):
    return PlanLine(
        plan=kind,
        number=number,
        columns=columns,
        values=tuple(None if v is None else Decimal(v) for v in values),
    )


def eur(value: int | str) -> str:
    return format_amount(Decimal(value))


def codes(found: list[Diagnostic]) -> list[str]:
    return [d.code for d in found]


def pairs(found: list[Diagnostic]) -> set[tuple[str, str | None]]:
    return {(d.code, d.location.path if d.location else None) for d in found}


# --------------------------------------------------------------------------- fixtures

# Teilergebnisplan of product 050101 (Ansatz 2020, Ansatz 2021, Planung 2022); the sums
# add up: 10 = 01..09, 17 = 11..16, 18 = 10 − 17, 22 = 18 + 21, 26 = 22 + 25,
# 29 = 26 + 27 − 28.
TEILERGEBNISPLAN_050101 = (
    line(TEP, 2, 11000, 11500, 11800),
    line(TEP, 10, 11000, 11500, 11800),
    line(TEP, 11, 40000, 42000, 43000),
    line(TEP, 13, 5000, 6000, 6000),
    line(TEP, 15, 20000, 20000, 20500),
    line(TEP, 17, 65000, 68000, 69500),
    line(TEP, 18, -54000, -56500, -57700),
    line(TEP, 22, -54000, -56500, -57700),
    line(TEP, 26, -54000, -56500, -57700),
    line(TEP, 28, 1000, 1000, 1000),
    line(TEP, 29, -55000, -57500, -58700),
)

FERTIGSTELLUNG = KeyFigure(
    name="Fertigstellung",
    type=KeyFigureType.DATE,
    values=(FigureValue(year=2021, kind=FigureKind.ZIEL, value=datetime.date(2021, 6, 30)),),
)

QUARTIERSTREFF = Goal(
    text="Konzept für den Quartierstreff mit Schwerpunkt Cremers Weiden",
    key_figures=(FERTIGSTELLUNG,),
)

PRODUCT_NAME = (
    "Beratung von Senioren, Pflegebedürftigen und Menschen mit Behinderung, Versicherungsstelle"
)


def product_050101(**changes: object) -> Product:
    base = Product(
        code="050101",
        name=PRODUCT_NAME,
        goals=(QUARTIERSTREFF,),
        lines=TEILERGEBNISPLAN_050101,
    )
    return attrs.evolve(base, **changes)


def leichlingen(*products: Product, **changes: object) -> BudgetPlan:
    group = ProductGroup(
        code="0501", name="Hilfen für Senioren", products=products or (product_050101(),)
    )
    area = BudgetArea(code="05", name="Soziale Leistungen", groups=(group,))
    base = BudgetPlan(
        municipality=Municipality(name="Leichlingen", ags="05378020"),
        years=(2021,),
        areas=(area,),
    )
    return attrs.evolve(base, **changes)


def with_product_lines(*lines: PlanLine) -> BudgetPlan:
    return leichlingen(product_050101(lines=lines))


def replace_line(lines: tuple[PlanLine, ...], new: PlanLine) -> tuple[PlanLine, ...]:
    return tuple(new if ln.key == new.key else ln for ln in lines)


# --------------------------------------------------------------------------- clean plans


def test_product_050101_with_teilergebnisplan_and_milestone_is_clean() -> None:
    assert validate(leichlingen()) == []


def test_empty_plan_is_clean() -> None:
    plan = BudgetPlan(municipality=Municipality(name="Ostbevern"), years=(2026,))
    assert validate(plan) == []
    assert is_valid(plan)
    check(plan)


def test_registries_are_tuples() -> None:
    assert isinstance(PLAN_RULES, tuple)
    assert isinstance(AMENDMENT_RULES, tuple)
    assert RuleContext().tolerance == Decimal(1)


# --------------------------------------------------------------------------- structure


def test_malformed_code() -> None:
    plan = leichlingen(product_050101(code="05x101"))
    found = validate(plan)
    assert codes(found) == ["NKF-E101"]
    assert found[0].location is not None
    assert found[0].location.path == "unit[05x101]"
    assert "05x101" in found[0].message


def test_code_of_the_wrong_level() -> None:
    plan = leichlingen(product_050101(code="0502"))
    assert codes(validate(plan)) == ["NKF-E102"]


def test_product_not_under_its_group() -> None:
    plan = leichlingen(product_050101(code="050201"))
    found = validate(plan)
    assert codes(found) == ["NKF-E103"]
    assert "0502" in found[0].message
    assert found[0].location is not None
    assert found[0].location.path == "unit[050201]"


def test_group_not_under_its_area() -> None:
    group = ProductGroup(code="0601", name="Kita")
    area = BudgetArea(code="05", name="Soziale Leistungen", groups=(group,))
    plan = leichlingen(areas=(area,))
    assert pairs(validate(plan)) == {("NKF-E103", "unit[0601]")}


def test_unknown_produktbereich() -> None:
    area = BudgetArea(
        code="18",
        name="Bezirksorientierte Mittel",
        groups=(ProductGroup(code="1801", name="Bezirk 1"),),
    )
    plan = leichlingen(areas=(area,))
    found = validate(plan)
    assert pairs(found) == {("NKF-E104", "unit[18]")}
    assert "18" in found[0].message


def test_code_not_compact() -> None:
    plan = leichlingen(product_050101(code="05.01.01"))
    assert codes(validate(plan)) == ["NKF-W105"]


def test_area_alias_name_is_fine_and_other_names_are_reported() -> None:
    def area_named(name: str) -> BudgetPlan:
        return leichlingen(areas=(BudgetArea(code="05", name=name),))

    assert validate(area_named("Soziale Hilfen")) == []
    assert codes(validate(area_named("Soziales"))) == ["NKF-I106"]
    found = validate(area_named("Sportförderung"))
    assert codes(found) == ["NKF-W107"]
    assert "08" in found[0].message


def test_duplicate_unit_codes() -> None:
    plan = leichlingen(product_050101(), product_050101())
    found = validate(plan)
    assert pairs(found) == {("NKF-E110", "unit[050101]")}
    assert "2-mal" in found[0].message


def test_duplicate_line() -> None:
    plan = with_product_lines(*TEILERGEBNISPLAN_050101, line(TEP, 13, 5000, 6000, 6000))
    assert pairs(validate(plan)) == {("NKF-E111", "unit[050101]/line[teilergebnisplan:13]")}


def test_duplicate_column_and_non_finite_value() -> None:
    dup = PlanLine(plan=TEP, number=13, columns=(A21, A21), values=(D(1), D(1)))
    nan = PlanLine(plan=TEP, number=14, columns=(A21,), values=(Decimal("NaN"),))
    found = list(check_duplicates(with_product_lines(dup, nan), RuleContext()))
    assert codes(found) == ["NKF-E117", "NKF-E118"]
    # The sum rule skips what it cannot compute instead of raising.
    plan = with_product_lines(nan, line(TEP, 17, 1, 1, 1))
    assert "NKF-E118" in codes(validate(plan))


def test_duplicate_investment_and_post_ids() -> None:
    inv = Investment(id="IV24AIB006", name="Brandmeldeanlage")
    post = Post(id="S-1", title="Sachbearbeitung", fte=D("1"))
    plan = leichlingen(investments=(inv, inv), posts=(post, post))
    assert pairs(validate(plan)) == {
        ("NKF-E112", "investment[IV24AIB006]"),
        ("NKF-E113", "post[S-1]"),
    }


def test_two_goals_with_the_same_text() -> None:
    twin = attrs.evolve(
        QUARTIERSTREFF, text="  konzept für den Quartierstreff mit Schwerpunkt Cremers  Weiden"
    )
    plan = leichlingen(product_050101(goals=(QUARTIERSTREFF, twin)))
    assert pairs(validate(plan)) == {("NKF-W114", "unit[050101]/goal[2]")}


def test_line_not_in_the_schema() -> None:
    plan = with_product_lines(*TEILERGEBNISPLAN_050101, line(TEP, 31, 1, 1, 1))
    found = validate(plan)
    assert pairs(found) == {("NKF-E115", "unit[050101]/line[teilergebnisplan:31]")}
    assert "01–29" in found[0].message


def test_teilplan_line_on_gesamtplan_and_gesamtplan_line_on_unit() -> None:
    plan = leichlingen(
        product_050101(lines=(line(EP, 13, 1, 1, 1),)),
        lines=(line(TEP, 13, 1, 1, 1),),
    )
    assert pairs(validate(plan)) == {
        ("NKF-E116", "line[teilergebnisplan:13]"),
        ("NKF-E116", "unit[050101]/line[ergebnisplan:13]"),
    }


def test_unknown_framework_is_a_finding_not_an_exception() -> None:
    plan = leichlingen(framework="bayern_2007")
    found = validate(plan)
    assert codes(found) == ["NKF-E100"]
    assert "bayern_2007" in found[0].message
    with pytest.raises(NkfValidationError) as info:
        check(plan)
    assert list(info.value.diagnostics) == found


# --------------------------------------------------------------------------- sums


def test_wrong_sum_line_message_names_the_figures() -> None:
    wrong = line(TEP, 10, 11000, 12000, 11800)
    plan = with_product_lines(*replace_line(TEILERGEBNISPLAN_050101, wrong))
    found = validate(plan)
    # Line 10 is wrong itself, and line 18 uses the printed line 10.
    assert pairs(found) == {
        ("NKF-E201", "unit[050101]/line[teilergebnisplan:10]"),
        ("NKF-E201", "unit[050101]/line[teilergebnisplan:18]"),
    }
    ten = next(d for d in found if d.location and d.location.path.endswith(":10]"))
    assert ten.severity is Severity.ERROR
    assert ten.message == (
        "Teilergebnisplan 050101, Zeile 10 (Ordentliche Erträge), Ansatz 2021: "
        f"ausgewiesen {eur(12000)}, Summe der Zeilen 01–09 ergibt {eur(11500)} "
        f"(Differenz {eur(500)})."
    )


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        (2, {10}),
        (10, {10, 18}),
        (11, {17}),
        (13, {17}),
        (15, {17}),
        (17, {17, 18}),
        (18, {18, 22}),
        (22, {22, 26}),
        (26, {26, 29}),
        (28, {29}),
        (29, {29}),
    ],
)
def test_one_wrong_figure_gives_only_the_findings_of_the_lines_using_it(
    number: int, expected: set[int]
) -> None:
    old = next(ln for ln in TEILERGEBNISPLAN_050101 if ln.number == number)
    new = old.with_value(A21, (old.value(A21) or Decimal(0)) + 1000)
    plan = with_product_lines(*replace_line(TEILERGEBNISPLAN_050101, new))
    assert pairs(validate(plan)) == {
        ("NKF-E201", f"unit[050101]/line[teilergebnisplan:{n}]") for n in expected
    }


def test_tolerance_of_one_euro() -> None:
    def plan_with_17(value: str) -> BudgetPlan:
        cols = (A21,)
        return BudgetPlan(
            municipality=Municipality(name="X"),
            years=(2021,),
            lines=(
                line(FP, 9, 100, columns=cols),
                line(FP, 16, 50, columns=cols),
                line(FP, 17, value, columns=cols),
            ),
        )

    assert validate(plan_with_17("51")) == []
    assert validate(plan_with_17("49")) == []
    assert codes(validate(plan_with_17("51.01"))) == ["NKF-E201"]
    assert codes(validate(plan_with_17("51"), tolerance=Decimal(0))) == ["NKF-E201"]
    assert validate(plan_with_17("55"), tolerance=Decimal(10)) == []


def test_only_printed_sums_with_a_printed_operand_are_checked() -> None:
    cols = (A21,)
    # Only 09, 16, 17 printed: 17 = 09 − 16 is checked; 09 and 16 (no operand printed)
    # are not, nor is 32 = 17 + 31 (not printed).
    plan = BudgetPlan(
        municipality=Municipality(name="X"),
        years=(2021,),
        lines=(
            line(FP, 9, 100, columns=cols),
            line(FP, 16, 40, columns=cols),
            line(FP, 17, 60, columns=cols),
        ),
    )
    assert validate(plan) == []


def test_empty_cells() -> None:
    # Ansatz 2020 empty everywhere: skipped. Planung 2022: operand given, sum empty → 0.
    lines = (
        line(TEP, 2, None, 100, 100),
        line(TEP, 10, None, 100, None),
    )
    found = validate(with_product_lines(*lines))
    assert len(found) == 1
    assert "Planung 2022: ausgewiesen nichts (leer)" in found[0].message
    # A missing operand cell counts as 0 when another operand has a value.
    lines = (
        line(TEP, 2, None, 100, 100),
        line(TEP, 4, 50, None, None),
        line(TEP, 10, 50, 100, 100),
    )
    assert validate(with_product_lines(*lines)) == []


def test_gesamtplan_line_missing_and_ve_columns() -> None:
    cols = (A21, Column(year=2021, kind=ValueKind.VE))
    lines = (
        line(TFP, 8, 1000, 500, columns=cols),
        line(TFP, 13, 1000, 500, columns=cols),
        line(TFP, 14, -1000, -500, columns=cols),
    )
    assert validate(with_product_lines(*lines)) == []


def _aggregation_plan(total_02: int = 1700, total_28: int = 0) -> BudgetPlan:
    cols = (A21,)
    # Group 0501 has its own Teilplan: its products' lines are not counted again.
    product = Product(
        code="050101",
        name="Beratung",
        lines=(line(TEP, 2, 999, columns=cols), line(TEP, 28, 50, columns=cols)),
    )
    group = ProductGroup(
        code="0501",
        name="Hilfen",
        products=(product,),
        lines=(line(TEP, 2, 1000, columns=cols), line(TEP, 28, 70, columns=cols)),
    )
    social = BudgetArea(code="05", name="Soziale Leistungen", groups=(group,))
    # Area 16 has its own Teilplan and a group without lines.
    finance = BudgetArea(
        code="16",
        name="Allgemeine Finanzwirtschaft",
        lines=(line(TEP, 2, 700, columns=cols), line(TFP, 1, 300, columns=cols)),
        groups=(
            ProductGroup(code="1601", name="Finanzen", lines=(line(TEP, 2, 5555, columns=cols),)),
        ),
    )
    return BudgetPlan(
        municipality=Municipality(name="X"),
        years=(2021,),
        areas=(social, finance),
        lines=(
            line(EP, 2, total_02, columns=cols),
            line(EP, 27, total_28, columns=cols),
            line(FP, 18, 300, columns=cols),
        ),
    )


def test_gesamtplan_equals_sum_of_teilplaene() -> None:
    assert validate(_aggregation_plan()) == []


def test_gesamtplan_differs_from_sum_of_teilplaene() -> None:
    found = validate(_aggregation_plan(total_02=1800))
    assert pairs(found) == {("NKF-E202", "line[ergebnisplan:2]")}
    assert f"ergibt {eur(1700)}" in found[0].message
    assert "2 Teilergebnispläne" in found[0].message


def _cells_apart(
    printed: PlanLine, operands: list[tuple[int, PlanLine | None]], tolerance: Decimal
) -> list[str]:
    """The columns in which a sum is off, compared cell by cell with ``PlanLine.value``."""
    used = [ln for _, ln in operands if ln is not None]
    apart = []
    for column in sorted({c for ln in (printed, *used) for c in ln.columns}):
        shown = printed.value(column)
        values = [(sign, ln.value(column) if ln else None) for sign, ln in operands]
        if shown is None and all(v is None for _, v in values):
            continue
        if any(v is not None and not v.is_finite() for v in (shown, *(v for _, v in values))):
            continue
        expected = sum((sign * (v or Decimal(0)) for sign, v in values), Decimal(0))
        if abs((shown or Decimal(0)) - expected) > tolerance:
            apart.append(str(column))
    return apart


def _sums_one_by_one(plan: BudgetPlan, tolerance: Decimal) -> list[tuple[str, str]]:
    """(path, column) of each NKF-E201 and NKF-E202 as the rules describe them."""
    framework = get("nrw_2019")
    found: list[tuple[str, str]] = []
    for code, lines in [(None, plan.lines), *((u.code, u.lines) for u in plan.units())]:
        for kind in dict.fromkeys(ln.plan for ln in lines):
            schema = framework.schema(kind)
            assert schema is not None
            present = {}
            for ln in lines:
                present.setdefault((ln.plan, ln.number), ln)
            for d in schema.computed():
                printed = present.get((kind, d.number))
                operands = [(t.sign, present.get((kind, t.line))) for t in d.formula]
                if printed is not None and any(ln for _, ln in operands):
                    path = line_path(kind, d.number, unit=code)
                    found += [(path, c) for c in _cells_apart(printed, operands, tolerance)]
    for part_kind, whole_kind in ((TEP, EP), (TFP, FP)):
        units = [u for u in plan.units() if u.lines]  # the plans below nest no Teilpläne
        sources: dict[int, list[int]] = {}
        for part, number, whole, target in framework.aggregation:
            if (part, whole) == (part_kind, whole_kind):
                sources.setdefault(target, []).append(number)
        for target, numbers in sources.items():
            printed = plan.line(whole_kind, target)
            if printed is None or not any(ln.plan is part_kind for u in units for ln in u.lines):
                continue
            parts = [ln for u in units for n in numbers if (ln := u.line(part_kind, n))]
            apart = _cells_apart(printed, [(1, ln) for ln in parts], tolerance)
            found += [(line_path(whole_kind, target), c) for c in apart]
    return found


def _line_variants() -> dict[str, tuple[PlanLine, ...]]:
    """Product lines with each thing that makes the sums be checked column by column."""
    lines = TEILERGEBNISPLAN_050101
    two, ten = lines[0], lines[1]
    assert (two.number, ten.number) == (2, 10)
    reversed_ = attrs.evolve(two, columns=two.columns[::-1], values=two.values[::-1])
    narrow = attrs.evolve(two, columns=two.columns[1:], values=two.values[1:])
    wider = attrs.evolve(
        two,
        columns=(*two.columns, Column(year=2030, kind=ValueKind.VE)),
        values=(*two.values, Decimal(1)),
    )
    return {
        "as printed": lines,
        "one wrong": replace_line(lines, two.with_value(A21, Decimal(5))),
        "NaN": replace_line(lines, two.with_value(A21, Decimal("NaN"))),
        "empty": replace_line(lines, two.with_value(A21, None)),
        "zeros": replace_line(lines, attrs.evolve(two, values=(Decimal(0),) * len(two.values))),
        "other order": replace_line(lines, reversed_),
        "fewer columns": replace_line(lines, narrow),
        "more columns": replace_line(lines, wider),
        "twice": (*lines, two.with_value(A21, Decimal(7))),
        "without operands": tuple(ln for ln in lines if ln.number >= 10),
    }


@pytest.mark.parametrize("variant", sorted(_line_variants()))
@pytest.mark.parametrize("tolerance", [Decimal(1), Decimal(0), Decimal(-1)])
def test_every_sum_is_checked_as_printed_column_by_column(variant: str, tolerance: Decimal) -> None:
    lines = _line_variants()[variant]
    product = Product(code="050101", name="Beratung", lines=lines)
    shifted = Product(
        code="050102",
        name="Treffs",
        lines=tuple(ln.with_value(A21, ln.amount(A21) + 1) for ln in lines),
    )
    group = ProductGroup(code="0501", name="Hilfen", products=(product, shifted))
    totals = tuple(
        PlanLine(plan=EP, number=n, columns=COLS, values=(Decimal(n * 100),) * len(COLS))
        for n in (1, 2, 10, 17, 28)
    )
    plan = BudgetPlan(
        municipality=Municipality(name="X"),
        years=(2021,),
        areas=(BudgetArea(code="05", name="Soziale Leistungen", groups=(group,)),),
        lines=totals,
    )
    found = [d for d in validate(plan, tolerance=tolerance) if d.code in {"NKF-E201", "NKF-E202"}]
    columns = [re.search(r", ((?:Ergebnis|Ansatz|Planung|VE) \d{4}): ", d.message) for d in found]
    assert [
        (d.location.path if d.location else "", c[1] if c else "")
        for d, c in zip(found, columns, strict=True)
    ] == _sums_one_by_one(plan, tolerance)


def test_statute_totals() -> None:
    cols = (Column(year=2026, kind=ValueKind.ANSATZ),)
    plan = BudgetPlan(
        municipality=Municipality(name="X"),
        years=(2026,),
        lines=(
            line(EP, 10, 1000, columns=cols),
            line(EP, 19, 100, columns=cols),
            line(EP, 17, 900, columns=cols),
            line(EP, 18, 100, columns=cols),
            line(FP, 9, 800, columns=cols),
            line(FP, 33, 10, columns=cols),
            line(FP, 34, 20, columns=cols),
        ),
        statutes=(
            BudgetStatute(
                year=2026,
                total_income=D(1100),
                total_expenses=D(900),
                operating_receipts=D(800),
                financing_receipts=D(30),
                investment_payments=D(12345),  # no Finanzplan line 30: not checked
            ),
        ),
    )
    assert validate(plan) == []
    wrong = attrs.evolve(
        plan.statutes[0], total_income=D(1200), total_expenses=D(950), financing_receipts=D(20)
    )
    found = validate(attrs.evolve(plan, statutes=(wrong,)))
    assert codes(found) == ["NKF-E203", "NKF-E204", "NKF-E205"]
    assert all(d.location and d.location.path == "statute[2026]" for d in found)
    assert eur(1200) in found[0].message
    assert eur(1100) in found[0].message


# --------------------------------------------------------------------------- key figures


def _figure(kind: KeyFigureType, *values: FigureValue) -> Goal:
    return Goal(text="Ziel", key_figures=(KeyFigure(name="K", type=kind, values=values),))


def _value(value: object, year: int = 2021) -> FigureValue:
    return FigureValue(year=year, kind=FigureKind.ZIEL, value=value)  # type: ignore[arg-type]


def test_key_figure_value_of_the_wrong_type() -> None:
    goal = _figure(KeyFigureType.DATE, _value(Decimal("30.06")))
    found = validate(leichlingen(product_050101(goals=(goal,))))
    assert pairs(found) == {("NKF-E301", "unit[050101]/goal[1]/keyFigure[1]")}
    assert "Meilenstein (Datum)" in found[0].message
    for kind, value in [
        (KeyFigureType.NUMBER, datetime.date(2021, 1, 1)),
        (KeyFigureType.YES_NO, Decimal(1)),
        (KeyFigureType.MONEY, True),
        (KeyFigureType.NUMBER, Decimal("Infinity")),
    ]:
        goal = _figure(kind, _value(value))
        assert codes(validate(leichlingen(product_050101(goals=(goal,))))) == ["NKF-E301"]


def test_percent_outside_sane_range() -> None:
    ok = _figure(KeyFigureType.PERCENT, _value(Decimal("29.5")), _value(Decimal(1000)))
    assert validate(leichlingen(product_050101(goals=(ok,)))) == []
    goal = _figure(KeyFigureType.PERCENT, _value(Decimal(1500)), _value(Decimal(-1)))
    assert codes(validate(leichlingen(product_050101(goals=(goal,))))) == ["NKF-W302"] * 2


def test_count_must_be_whole_and_not_negative() -> None:
    ok = _figure(KeyFigureType.COUNT, _value(Decimal(6761)), _value(Decimal("3.0")))
    assert validate(leichlingen(product_050101(goals=(ok,)))) == []
    goal = _figure(KeyFigureType.COUNT, _value(Decimal("2.5")), _value(Decimal(-1)))
    assert codes(validate(leichlingen(product_050101(goals=(goal,))))) == ["NKF-E303"] * 2


def test_milestone_in_another_year() -> None:
    goal = _figure(KeyFigureType.DATE, _value(datetime.date(2022, 6, 30), year=2021))
    found = validate(leichlingen(product_050101(goals=(goal,))))
    assert codes(found) == ["NKF-W304"]
    assert "30.06.2022" in found[0].message


def test_baseline_and_unit_key_figures_are_checked() -> None:
    figure = KeyFigure(
        name="Beratungen",
        type=KeyFigureType.COUNT,
        baseline=_value(Decimal(-3), year=2019),
    )
    found = validate(leichlingen(product_050101(key_figures=(figure,))))
    assert pairs(found) == {("NKF-E303", "unit[050101]/keyFigure[1]")}


def test_goal_without_key_figure() -> None:
    goal = Goal(text="Quartiersarbeit stärken")
    found = validate(leichlingen(product_050101(goals=(QUARTIERSTREFF, goal))))
    assert pairs(found) == {("NKF-I305", "unit[050101]/goal[2]")}
    assert "Ziel ohne Kennzahl" in found[0].message
    assert is_valid(leichlingen(product_050101(goals=(goal,))))


# --------------------------------------------------------------------------- § 75 / § 76


def _result_plan(
    *results: tuple[int, int | None],
    statutes: tuple[BudgetStatute, ...] = (),
    years: tuple[int, ...] = (2026,),
    line_number: int = 28,
    framework: str = "nrw_2019",
) -> BudgetPlan:
    cols = tuple(
        Column(year=y, kind=ValueKind.ANSATZ if y in years else ValueKind.PLANUNG)
        for y, _ in results
    )
    return BudgetPlan(
        municipality=Municipality(name="X"),
        years=years,
        framework=framework,
        lines=(line(EP, line_number, *(v for _, v in results), columns=cols),),
        statutes=statutes,
    )


def test_balanced_plan_has_no_finding() -> None:
    assert validate(_result_plan((2026, 100))) == []
    assert validate(_result_plan((2026, 0))) == []
    assert validate(_result_plan((2026, None))) == []


def test_deficit_not_covered() -> None:
    found = validate(_result_plan((2026, -500000)))
    assert pairs(found) == {("NKF-W401", "line[ergebnisplan:28]")}
    assert "nicht ausgeglichen" in found[0].message
    assert eur(-500000) in found[0].message
    assert "§ 75" in found[0].message
    assert "Genehmigung" not in found[0].message


def test_deficit_partly_covered_with_general_reserve_reduction() -> None:
    statute = BudgetStatute(
        year=2026, equalisation_reserve_use=D(200000), general_reserve_reduction=D(300000)
    )
    found = validate(_result_plan((2026, -500000), statutes=(statute,)))
    assert pairs(found) == {("NKF-W401", "statute[2026]")}
    assert f"ungedeckt bleiben {eur(300000)}" in found[0].message
    assert "Genehmigung der Aufsichtsbehörde (§ 75 Abs. 4 GO NRW)" in found[0].message


def test_fictive_balance() -> None:
    statute = BudgetStatute(year=2026, equalisation_reserve_use=D(500000))
    found = validate(_result_plan((2026, -500000), statutes=(statute,)))
    assert pairs(found) == {("NKF-I402", "statute[2026]")}
    assert "fiktiver Haushaltsausgleich" in found[0].message


def test_equalisation_reserve_use_larger_than_deficit() -> None:
    statute = BudgetStatute(year=2026, equalisation_reserve_use=D(600000))
    found = validate(_result_plan((2026, -500000), statutes=(statute,)))
    assert codes(found) == ["NKF-W403", "NKF-I402"]
    found = validate(_result_plan((2026, 10), statutes=(statute,)))
    assert codes(found) == ["NKF-W403"]


def test_annual_result_before_gma_when_the_framework_has_no_gma() -> None:
    plan = _result_plan((2026, -10), line_number=26, framework="nrw_2004")
    assert pairs(validate(plan)) == {("NKF-W401", "line[ergebnisplan:26]")}


def test_hsk_quarter_in_one_year() -> None:
    statute = BudgetStatute(
        year=2026,
        general_reserve_opening=D(10_000_000),
        general_reserve_reduction=D(3_000_000),
    )
    found = validate(_result_plan((2026, -3_000_000), statutes=(statute,)))
    assert codes(found) == ["NKF-W401", "NKF-W404"]
    hsk = found[1]
    assert "§ 76 Abs. 1 Nr. 1 GO NRW" in hsk.message
    assert eur(3_000_000) in hsk.message
    assert eur(2_500_000) in hsk.message


def test_hsk_twentieth_in_two_consecutive_years() -> None:
    statute = BudgetStatute(year=2026, general_reserve_opening=D(10_000_000))
    plan = _result_plan((2026, -600_000), (2027, -600_000), (2028, 0), statutes=(statute,))
    found = validate(plan)
    assert codes(found) == ["NKF-W401", "NKF-W405"]
    hsk = found[1]
    assert "§ 76 Abs. 1 Nr. 2 GO NRW" in hsk.message
    assert "2026 und 2027" in hsk.message
    assert eur(500_000) in hsk.message  # 1/20 of 10 Mio.
    assert eur(470_000) in hsk.message  # 1/20 of 9,4 Mio.
    # Below the threshold in the second year: no HSK.
    plan = _result_plan((2026, -600_000), (2027, -400_000), statutes=(statute,))
    assert codes(validate(plan)) == ["NKF-W401"]


def test_hsk_uses_the_equalisation_reserve_first() -> None:
    statute = BudgetStatute(
        year=2026,
        general_reserve_opening=D(10_000_000),
        equalisation_reserve_opening=D(1_000_000),
        equalisation_reserve_use=D(600_000),
    )
    plan = _result_plan((2026, -600_000), (2027, -600_000), statutes=(statute,))
    # 2026 is covered by the Ausgleichsrücklage; 2027 draws the remaining 400.000 from it.
    assert codes(validate(plan)) == ["NKF-I402"]


def test_no_ergebnisplan_no_balance_finding() -> None:
    statute = BudgetStatute(year=2026, general_reserve_opening=D(1), equalisation_reserve_use=D(0))
    plan = BudgetPlan(municipality=Municipality(name="X"), years=(2026,), statutes=(statute,))
    assert validate(plan) == []


# --------------------------------------------------------------------------- API


def test_findings_are_sorted_errors_first() -> None:
    goal = Goal(text="ohne Kennzahl")
    wrong = line(TEP, 10, 11000, 12000, 11800)
    plan = with_product_lines(*replace_line(TEILERGEBNISPLAN_050101, wrong))
    plan = attrs.evolve(plan, areas=(attrs.evolve(plan.areas[0], goals=(goal,), name="Soziales"),))
    found = validate(plan)
    ranks = [d.severity.rank for d in found]
    assert ranks == sorted(ranks)
    assert codes(found) == ["NKF-E201", "NKF-E201", "NKF-I106", "NKF-I305"]


def test_check_raises_with_all_findings_and_passes_with_warnings_only() -> None:
    wrong = line(TEP, 10, 11000, 12000, 11800)
    bad = with_product_lines(*replace_line(TEILERGEBNISPLAN_050101, wrong))
    with pytest.raises(NkfValidationError) as info:
        check(bad)
    assert list(info.value.diagnostics) == validate(bad)
    assert "NKF-E201" in str(info.value)
    assert not is_valid(bad)
    warned = _result_plan((2026, -1))
    assert codes(validate(warned)) == ["NKF-W401"]
    check(warned)
    assert is_valid(warned)


def test_own_rule_tuple() -> None:
    wrong = line(TEP, 10, 11000, 12000, 11800)
    plan = with_product_lines(*replace_line(TEILERGEBNISPLAN_050101, wrong))
    plan = attrs.evolve(plan, areas=(attrs.evolve(plan.areas[0], name="Soziales"),))
    assert codes(validate(plan, rules=(check_sum_lines,))) == ["NKF-E201", "NKF-E201"]
    assert validate(plan, rules=()) == []
    assert is_valid(plan, rules=())
    check(plan, rules=())


def test_validate_refuses_other_objects() -> None:
    with pytest.raises(TypeError):
        validate("plan.xml")  # type: ignore[call-overload]


# --------------------------------------------------------------------------- amendments


def founding_motion(*changes: object, **fields: object) -> Amendment:
    base = Amendment(
        id="spd-2021-quartierstreff",
        date=datetime.date(2021, 2, 24),
        title="Neues Produktziel Quartierstreff",
        submitters=(Submitter(name="SPD-Fraktion", kind=SubmitterKind.FACTION),),
        changes=(AddGoal(unit="050101", goal=QUARTIERSTREFF),),
    )
    if changes:
        base = attrs.evolve(base, changes=changes)
    return attrs.evolve(base, **fields)


def test_founding_motion_is_clean_with_and_without_plan() -> None:
    motion = founding_motion()
    assert validate(motion) == []
    assert validate(motion, leichlingen()) == []
    check(motion, leichlingen())
    assert is_valid(motion)


def test_amendment_metadata() -> None:
    assert codes(validate(founding_motion(id=""))) == ["NKF-E501"]
    assert codes(validate(founding_motion(title="  "))) == ["NKF-E502"]
    empty = founding_motion(changes=())
    assert codes(validate(empty)) == ["NKF-E503"]
    assert validate(attrs.evolve(empty, request_text="Die Verwaltung wird beauftragt …")) == []


def test_unresolved_target_is_a_warning_naming_the_text() -> None:
    change = AmountChange(
        target=Target(text="Zuschuss an den Quartierstreff"), column=A21, delta=D(5000)
    )
    motion = founding_motion(change)
    for found in (validate(motion), validate(motion, leichlingen())):
        assert pairs(found) == {("NKF-W504", "change[1]")}
        assert "Bezug nicht aufgelöst" in found[0].message
        assert "„Zuschuss an den Quartierstreff“" in found[0].message
    assert is_valid(motion)


def _target(number: int = 13, unit: str | None = "050101", kind: PlanKind = TEP) -> Target:
    return Target(unit=unit, plan=kind, line=number)


def test_amount_change_amounts() -> None:
    missing = AmountChange(target=_target(), column=A21)
    assert pairs(validate(founding_motion(missing))) == {("NKF-E505", "change[1]")}
    inconsistent = AmountChange(
        target=_target(), column=A21, old=D(6000), delta=D(500), new=D(6600)
    )
    found = validate(founding_motion(inconsistent))
    assert codes(found) == ["NKF-E506"]
    assert eur(6500) in found[0].message
    assert eur(6600) in found[0].message
    consistent = attrs.evolve(inconsistent, new=D(6500))
    assert validate(founding_motion(consistent), leichlingen()) == []
    gma = GlobalReduction(column=A21)
    assert codes(validate(founding_motion(gma))) == ["NKF-E505"]


def test_percent_change_cap_below_floor() -> None:
    change = PercentChange(
        targets=(_target(),), columns=(A21,), percent=D(-5), cap=D(100), floor=D(200)
    )
    assert codes(validate(founding_motion(change))) == ["NKF-E507"]
    assert validate(founding_motion(attrs.evolve(change, cap=D(300)))) == []


def test_coverage_refs() -> None:
    cost = AmountChange(ref="kosten", target=_target(), column=A21, delta=D(5000))
    offset = AmountChange(ref="deckung", target=_target(15), column=A21, delta=D(-5000))
    cover = Coverage(source=CoverageSource.LINES, covers=("kosten",), offsets=("deckung",))
    assert validate(founding_motion(cost, offset, cover), leichlingen()) == []
    dangling = attrs.evolve(cover, offsets=("einsparung",))
    found = validate(founding_motion(cost, offset, dangling))
    assert pairs(found) == {("NKF-E508", "change[3]")}
    assert "einsparung" in found[0].message
    twice = attrs.evolve(offset, ref="kosten")
    assert "NKF-E509" in codes(validate(founding_motion(cost, twice, cover)))


def test_key_figures_in_amendments_are_type_checked() -> None:
    wrong = KeyFigure(
        name="Fertigstellung",
        type=KeyFigureType.DATE,
        values=(_value(Decimal("30.062021")),),
    )
    goal = Goal(text="Konzept", key_figures=(wrong,))
    found = validate(founding_motion(AddGoal(unit="050101", goal=goal)))
    assert pairs(found) == {("NKF-E301", "change[1]")}
    late = attrs.evolve(FERTIGSTELLUNG, values=(_value(datetime.date(2022, 6, 30)),))
    found = validate(founding_motion(AddKeyFigure(unit="050101", goal=1, key_figure=late)))
    assert codes(found) == ["NKF-W304"]
    new_value = SetKeyFigureValue(
        unit="050101", goal=1, position=1, year=2021, figure_kind=FigureKind.ZIEL, new=D(1)
    )
    assert validate(founding_motion(new_value)) == []  # type unknown without the plan
    assert codes(validate(founding_motion(new_value), leichlingen())) == ["NKF-E301"]


def test_targets_must_exist_in_the_plan() -> None:
    plan = leichlingen(
        investments=(
            Investment(
                id="IV1", name="Quartierstreff", payments=(YearAmount(year=2021, amount=D(1000)),)
            ),
        ),
        posts=(Post(id="S-1", title="Quartiersarbeit", fte=D("0.5")),),
        statutes=(
            BudgetStatute(
                year=2021,
                tax_rates=TaxRates(
                    grundsteuer_a=D(242), grundsteuer_b=D(554), gewerbesteuer=D(418)
                ),
            ),
        ),
    )
    cases: list[tuple[object, str]] = [
        (AmountChange(target=_target(unit="050199"), column=A21, delta=D(1)), "NKF-E520"),
        (AmountChange(target=_target(99), column=A21, delta=D(1)), "NKF-E521"),
        (AmountChange(target=_target(kind=EP), column=A21, delta=D(1)), "NKF-E521"),
        (RemoveLine(target=_target(14)), "NKF-E521"),
        (EditGoal(unit="050101", position=3, new_text="x"), "NKF-E522"),
        (RenameKeyFigure(unit="050101", goal=1, position=2, new_name="x"), "NKF-E523"),
        (
            SetInvestmentAmount(id="IV9", flow=InvestmentFlow.PAYMENT, year=2021, new=D(1)),
            "NKF-E524",
        ),
        (DeletePost(post_id="S-9"), "NKF-E525"),
        (SetTaxRate(year=2030, tax=TaxKind.GEWERBESTEUER, new=D(420), old=D(418)), "NKF-E526"),
        (AddInvestment(investment=Investment(id="IV1", name="doppelt")), "NKF-E527"),
        (AddLine(target=_target(13)), "NKF-E527"),
        (CreatePost(post=Post(id="S-1", title="doppelt", fte=D(1))), "NKF-E527"),
        (ReleaseBlock(block_id="SV-1"), "NKF-E528"),
        (AddGoal(unit="050101", goal=QUARTIERSTREFF, position=3), "NKF-E533"),
        (AddKeyFigure(unit="050101", goal=1, key_figure=FERTIGSTELLUNG, position=5), "NKF-E533"),
        (AddKeyFigure(unit="050101", goal=2, key_figure=FERTIGSTELLUNG), "NKF-E522"),
    ]
    for change, code in cases:
        found = validate(founding_motion(change), plan)
        assert pairs(found) == {(code, "change[1]")}, (change, found)
        assert found[0].message.startswith("Änderung 1: ")
    fine = [
        AmountChange(target=_target(14), column=A21, old=D(0), delta=D(100)),  # not printed = 0
        AddLine(target=_target(14), values=(ColumnValue(column=A21, amount=D(100)),)),
        AddGoal(unit="050101", goal=QUARTIERSTREFF, position=2),
        RemoveGoal(unit="050101", position=1, old_text=QUARTIERSTREFF.text),
        SetInvestmentAmount(
            id="IV1", flow=InvestmentFlow.PAYMENT, year=2021, new=D(2), old=D(1000)
        ),
        SetTaxRate(year=2021, tax=TaxKind.GEWERBESTEUER, new=D(420), old=D(418)),
        SetStatuteValue(year=2021, field=StatuteField.TOTAL_INCOME, new=D(1)),
        Request(request=RequestKind.REVIEW, text="Prüfauftrag"),
    ]
    for change in fine:
        assert validate(founding_motion(change), plan) == [], change


def test_stated_old_values_must_match_the_plan() -> None:
    plan = leichlingen(
        statutes=(BudgetStatute(year=2021, tax_rates=TaxRates(grundsteuer_b=D(554))),),
    )
    amount = AmountChange(target=_target(13), column=A21, old=D(5000), new=D(7000))
    found = validate(founding_motion(amount), plan)
    assert pairs(found) == {("NKF-E530", "change[1]")}
    assert eur(5000) in found[0].message
    assert eur(6000) in found[0].message
    edit = EditGoal(unit="050101", position=1, new_text="neu", old_text="Anderes Ziel")
    found = validate(founding_motion(edit), plan)
    assert codes(found) == ["NKF-E531"]
    assert "Anderes Ziel" in found[0].message
    assert QUARTIERSTREFF.text in found[0].message
    tax = SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, new=D(600), old=D(500))
    found = validate(founding_motion(tax), plan)
    assert codes(found) == ["NKF-E532"]
    assert "500" in found[0].message
    assert "554" in found[0].message
    remove = RemoveLine(target=_target(13), old_values=(ColumnValue(column=A21, amount=D(1)),))
    assert codes(validate(founding_motion(remove), plan)) == ["NKF-E530"]
    figure = SetKeyFigureValue(
        unit="050101",
        goal=1,
        position=1,
        year=2021,
        figure_kind=FigureKind.ZIEL,
        new=datetime.date(2021, 9, 30),
        old=datetime.date(2021, 5, 31),
    )
    found = validate(founding_motion(figure), plan)
    assert codes(found) == ["NKF-E530"]
    assert "30.06.2021" in found[0].message
    statute = SetStatuteValue(year=2021, field=StatuteField.TOTAL_INCOME, new=D(1), old=D(2))
    assert codes(validate(founding_motion(statute), plan)) == ["NKF-E532"]


def test_new_kinds_name_what_the_plan_lacks_or_has() -> None:
    plan = leichlingen(statutes=(BudgetStatute(year=2021, balance_restored_year=2023),))
    care = ProductGroup(code="0502", name="Pflege", products=(Product(code="050201", name="x"),))
    cases: list[tuple[object, str]] = [
        (RemoveArea(code="06"), "NKF-E520"),
        (RemoveGroup(code="0502"), "NKF-E520"),
        (AddGroup(area="06", group=care), "NKF-E520"),
        (AddProduct(group="0502", product=Product(code="050201", name="x")), "NKF-E520"),
        (AddArea(area=BudgetArea(code="05", name="Soziale Leistungen")), "NKF-E527"),
        (AddGroup(area="05", group=ProductGroup(code="0501", name="doppelt")), "NKF-E527"),
        (AddStatute(statute=BudgetStatute(year=2021)), "NKF-E527"),
        (RemoveStatute(year=2022), "NKF-E526"),
        (SetBalanceYear(year=2022, new=2024, old=2023), "NKF-E526"),
        (AddArea(area=BudgetArea(code="06", name="Jugend"), position=3), "NKF-E533"),
        (AddGroup(area="05", group=care, position=5), "NKF-E533"),
        (
            AddProduct(group="0501", product=Product(code="050109", name="x"), position=0),
            "NKF-E533",
        ),
        (AddStatute(statute=BudgetStatute(year=2022), position=3), "NKF-E533"),
        (RemoveArea(code="05", old_name="Schule"), "NKF-E531"),
        (RemoveGroup(code="0501", old_name="Pflege"), "NKF-E531"),
        (RemoveProduct(code="050101", old_name="Pflege"), "NKF-E531"),
        (UpdatePlan(field=PlanField.MUNICIPALITY, new="X", old="Witzhelden"), "NKF-E531"),
        (SetPlanningYears(new=(2022,), old=(2023, 2024)), "NKF-E530"),
        (SetBalanceYear(year=2021, new=2024, old=2022), "NKF-E532"),
    ]
    for change, code in cases:
        found = validate(founding_motion(change), plan)
        assert pairs(found) == {(code, "change[1]")}, (change, found)
    fine = [
        AddArea(area=BudgetArea(code="06", name="Kinder-, Jugend- und Familienhilfe"), position=1),
        AddGroup(area="05", group=care, position=2),
        AddStatute(statute=BudgetStatute(year=2022), position=1),
        RemoveArea(code="05", old_name="Soziale Leistungen"),
        RemoveGroup(code="0501", old_name="Hilfen für Senioren"),
        RemoveStatute(year=2021),
        SetBalanceYear(year=2021, new=None, old=2023),
        SetTaxRate(year=2021, tax=TaxKind.GEWERBESTEUER, new=None),
        UpdatePlan(field=PlanField.AGS, new=None, old="05378020"),
        SetPlanningYears(new=(2022, 2023), old=(2022, 2023, 2024)),
    ]
    for change in fine:
        assert validate(founding_motion(change), plan) == [], change


def test_goals_of_added_areas_and_groups_are_checked() -> None:
    wrong = KeyFigure(name="Fertigstellung", type=KeyFigureType.DATE, values=(_value(D(1)),))
    group = ProductGroup(code="0502", name="Pflege", goals=(Goal(text="x", key_figures=(wrong,)),))
    found = validate(founding_motion(AddGroup(area="05", group=group)))
    assert codes(found) == ["NKF-E301"]
    area = BudgetArea(code="06", name="Jugend", groups=(group,))
    assert codes(validate(founding_motion(AddArea(area=area)))) == ["NKF-E301"]


@pytest.mark.parametrize("cls", typing.get_args(Change), ids=lambda c: c.__name__)
def test_no_change_kind_makes_the_rules_crash(cls: type[Change]) -> None:
    plan = leichlingen(statutes=(BudgetStatute(year=2021, tax_rates=TaxRates(grundsteuer_b=D(1))),))

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(nst.changes(cls))
    def check(change: Change) -> None:
        for diagnostic in validate(founding_motion(change), plan) + validate(
            founding_motion(change)
        ):
            assert diagnostic.code.startswith("NKF-")

    check()


def test_amendment_with_plan_of_unknown_framework() -> None:
    found = validate(founding_motion(), leichlingen(framework="bayern_2007"))
    assert codes(found) == ["NKF-E100"]


# --------------------------------------------------------------------------- docs


_CODE = re.compile(r"NKF-[EWI]\d{3}")


def test_every_code_is_documented_and_every_documented_code_is_used() -> None:
    used = {
        code
        for path in (ROOT / "src" / "nkf" / "rules").rglob("*.py")
        for code in _CODE.findall(path.read_text(encoding="utf-8"))
    }
    documented = set(_CODE.findall((ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")))
    assert used
    assert used - documented == set()
    # The docs list the codes of every part of nkf (tests/test_diagnostics_doc.py checks
    # them against all of src/); here: each code of the rules is documented.


def test_code_letter_matches_severity() -> None:
    letter = {Severity.ERROR: "E", Severity.WARNING: "W", Severity.INFO: "I"}
    motion = founding_motion(
        AmountChange(target=Target(text="irgendwas"), column=A21),
        Coverage(source=CoverageSource.LINES, covers=("x",)),
    )
    for d in validate(motion) + validate(_result_plan((2026, -1))):
        assert d.code[4] == letter[d.severity]


def test_more_change_kinds_against_the_plan() -> None:
    from nkf.model.amendment import (
        AddProduct,
        BlockAmount,
        CopyGoals,
        MoveAmount,
        RemoveInvestment,
        RemoveKeyFigure,
        RemoveProduct,
        SetKwVermerk,
        SwapPost,
        UnitField,
        UpdateUnit,
    )
    from nkf.model.finance import BudgetBlock, Commitment

    block = BudgetBlock(
        id="SV-1", target=_target(13), release_condition="Konzept liegt vor", releasing_body="Rat"
    )
    plan = leichlingen(
        investments=(
            Investment(
                id="IV1",
                name="Quartierstreff",
                receipts=(YearAmount(year=2021, amount=D(300)),),
                commitments=(Commitment(year=2021, amount=D(700)),),
            ),
        ),
        posts=(Post(id="S-1", title="Quartiersarbeit", fte=D("0.5"), kw_year=2025),),
        blocks=(block,),
    )
    post = Post(id="S-2", title="Neu", fte=D(1))
    findings: list[tuple[object, str]] = [
        (UpdateUnit(unit="059999", field=UnitField.NAME, new="x"), "NKF-E520"),
        (UpdateUnit(unit="050101", field=UnitField.NAME, new="x", old="Beratung"), "NKF-E531"),
        (UpdateUnit(unit="050101", field=UnitField.BINDING, new="x", old="pflichtig"), "NKF-E531"),
        (CopyGoals(unit="050101", source="060101"), "NKF-E520"),
        (AddKeyFigure(unit="059999", key_figure=FERTIGSTELLUNG), "NKF-E520"),
        (RemoveKeyFigure(unit="050101", goal=1, position=1, old_name="Beginn"), "NKF-E531"),
        (RemoveKeyFigure(unit="050101", position=1), "NKF-E523"),
        (AddProduct(group="0599", product=Product(code="059901", name="x")), "NKF-E520"),
        (AddProduct(group="0501", product=product_050101()), "NKF-E527"),
        (RemoveProduct(code="050199"), "NKF-E520"),
        (RemoveProduct(code="050101", old_name="Beratung"), "NKF-E531"),
        (RemoveInvestment(id="IV1", old_name="Rathaus"), "NKF-E531"),
        (RemoveInvestment(id="IV2"), "NKF-E524"),
        (
            SetInvestmentAmount(
                id="IV1", flow=InvestmentFlow.RECEIPT, year=2021, new=D(1), old=D(1)
            ),
            "NKF-E530",
        ),
        (
            SetInvestmentAmount(
                id="IV1", flow=InvestmentFlow.COMMITMENT, year=2021, new=D(1), old=D(1)
            ),
            "NKF-E530",
        ),
        (SwapPost(post_id="S-1", new_post=Post(id="S-1", title="x", fte=D(1))), ""),
        (SwapPost(post_id="S-9", new_post=post), "NKF-E525"),
        (SetKwVermerk(post_id="S-1", year=2030, old_year=2024), "NKF-E530"),
        (
            BlockAmount(
                block_id="SV-1", target=_target(13), release_condition="x", releasing_body="Rat"
            ),
            "NKF-E527",
        ),
        (
            MoveAmount(
                target=Target(investment="IV7"),
                from_column=A21,
                to_column=P22,
            ),
            "NKF-E524",
        ),
        (GlobalReduction(column=A21, amount=D(1), base=_target(17, unit="0599")), "NKF-E520"),
        (
            SetKeyFigureValue(
                unit="050101",
                position=1,
                goal=1,
                year=2021,
                figure_kind=FigureKind.ZIEL,
                new=True,
            ),
            "NKF-E301",
        ),
    ]
    for change, code in findings:
        found = validate(founding_motion(change), plan)
        expected = {(code, "change[1]")} if code else set()
        assert pairs(found) == expected, (change, found)
    new_product = Product(code="050102", name="Neu", goals=(Goal(text="ohne Kennzahl"),))
    found = validate(founding_motion(AddProduct(group="0501", product=new_product)), plan)
    assert codes(found) == ["NKF-I305"]
    assert validate(founding_motion(ReleaseBlock(block_id="SV-1")), plan) == []
    assert validate(founding_motion(CopyGoals(unit="050101", source="050101")), plan) == []


def test_the_teilplaene_of_the_gesamtplan_count_each_amount_once() -> None:
    """An area with its own Teilplan counts alone; else a group with its own, else the
    group's products with theirs. Units without a Teilplan of the kind do not count."""
    from nkf.model import BudgetArea, Municipality, Product, ProductGroup, standard_columns

    cols = standard_columns((2021,))

    def tep() -> tuple[PlanLine, ...]:
        return (
            PlanLine(
                plan=PlanKind.TEILERGEBNISPLAN,
                number=2,
                columns=cols,
                values=(Decimal(1),) * len(cols),
            ),
        )

    with_products = ProductGroup(
        code="0501",
        name="G",
        products=(
            Product(code="050101", name="P1", lines=tep()),
            Product(code="050102", name="P2"),
        ),
    )
    own_lines = ProductGroup(
        code="0502",
        name="G",
        lines=tep(),
        products=(Product(code="050201", name="P", lines=tep()),),
    )
    area_with_lines = BudgetArea(
        code="06", name="A", lines=tep(), groups=(ProductGroup(code="0601", name="G", lines=tep()),)
    )
    plan = BudgetPlan(
        municipality=Municipality(name="X"),
        years=(2021,),
        areas=(BudgetArea(code="05", name="A", groups=(with_products, own_lines)), area_with_lines),
    )
    counted = [u.code for u in plan.part_units(PlanKind.TEILERGEBNISPLAN)]
    assert counted == ["050101", "0502", "06"]
    assert list(plan.part_units(PlanKind.TEILFINANZPLAN)) == []
