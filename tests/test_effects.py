"""Tests for nkf.changes.effects: per-year effects computed by applying the motions."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import assume, given
from hypothesis import strategies as st

import nkf.strategies as nst
from nkf.changes.apply import apply
from nkf.changes.compose import compose
from nkf.changes.effects import BalanceCheck, ChangeEffect, effects, plan_columns
from nkf.changes.recompute import part_units
from nkf.examples import founding_motion, leichlingen_plan
from nkf.frameworks import Direction, get
from nkf.model import (
    BudgetPlan,
    BudgetStatute,
    Column,
    PlanKind,
    PlanLine,
    ValueKind,
)
from nkf.model.amendment import (
    Amendment,
    AmountChange,
    Condition,
    Coverage,
    CoverageSource,
    GlobalReduction,
    SetTaxRate,
)
from nkf.model.finance import TaxKind
from nkf.model.targets import ColumnValue, Target

D = Decimal
TEP = PlanKind.TEILERGEBNISPLAN
TFP = PlanKind.TEILFINANZPLAN
A2021 = Column(year=2021, kind=ValueKind.ANSATZ)
P2022 = Column(year=2022, kind=ValueKind.PLANUNG)


def amount(line: int, delta: int, column: Column = A2021, **kw: object) -> AmountChange:
    return AmountChange(
        target=Target(unit="050101", plan=TEP, line=line),
        column=column,
        delta=D(delta),
        **kw,  # type: ignore[arg-type]
    )


def motion(aid: str, *changes: object, **kw: object) -> Amendment:
    return Amendment(id=aid, title=aid, changes=changes, **kw)  # type: ignore[arg-type]


def test_k1_worsens_the_jahresergebnis_in_its_year_only() -> None:
    e = effects(leichlingen_plan(), motion("k1", amount(13, 15000)))
    assert [(y.year, y.column.kind, y.result) for y in e.years] == [
        (2021, ValueKind.ANSATZ, D(-15000)),
        (2022, ValueKind.PLANUNG, D(0)),
        (2023, ValueKind.PLANUNG, D(0)),
        (2024, ValueKind.PLANUNG, D(0)),
    ]
    assert e.cash(2021) == 0
    (change,) = e.changes
    assert change.applied
    assert change.result(2021) == D(-15000)
    (cell,) = change.cells
    assert (cell.unit, cell.plan, cell.line, cell.column) == ("050101", TEP, 13, A2021)
    assert (cell.old, cell.new, cell.delta) == (D(14000), D(29000), D(15000))
    assert e.applied_ids == ("k1",)
    assert e.of("k1", 1) is change


def test_revenue_improves_and_internal_service_lines_never_count() -> None:
    e = effects(leichlingen_plan(), motion("a", amount(2, 1000, P2022), amount(28, 5000)))
    assert e.result(2022) == D(1000)
    assert e.result(2021) == 0  # line 28: Aufwendungen aus internen Leistungsbeziehungen
    assert e.of("a", 2).cells  # the cell did change ...
    assert e.of("a", 2).result(2021) == 0  # ... without effect on the Jahresergebnis


def test_founding_motion_has_no_financial_effect() -> None:
    e = effects(leichlingen_plan(), founding_motion())
    assert all(y.result == 0 and y.cash == 0 for y in e.years)
    assert e.changes[0].cells == ()
    assert e.after is not None
    assert e.after.product("050101") is not None


def test_global_reduction_without_gesamtplan_counts_as_improvement() -> None:
    gma = GlobalReduction(column=A2021, amount=D(5000))
    assert effects(leichlingen_plan(), motion("g", gma)).result(2021) == D(5000)


def test_effects_follow_apply_on_a_plan_with_gesamtplan() -> None:
    plan = apply(leichlingen_plan(), motion("gma", GlobalReduction(column=A2021, amount=D(1))))
    assert any(ln.plan is PlanKind.ERGEBNISPLAN for ln in plan.lines)
    e = effects(plan, motion("k1", amount(13, 15000), amount(2, 500)))
    assert e.result(2021) == D(-14500)
    assert [c.result(2021) for c in e.changes] == [D(-15000), D(500)]


def test_conditional_change_applies_only_when_its_condition_is_met() -> None:
    cond = Condition(text="Zuschuss des Landes")
    m = motion("c", amount(13, 15000, condition=cond))
    skipped = effects(leichlingen_plan(), m)
    assert skipped.result(2021) == 0
    assert not skipped.changes[0].applied
    assert [d.code for d in skipped.diagnostics] == ["NKF-I620"]
    met = effects(leichlingen_plan(), m, conditions_met=("Zuschuss des Landes",))
    assert met.result(2021) == D(-15000)
    assert met.changes[0].applied


def test_a_motion_that_does_not_apply_has_no_effect_and_later_ones_still_apply() -> None:
    bad = motion("bad", amount(13, 1), SetTaxRate(year=2021, tax=TaxKind.GEWERBESTEUER, new=D(1)))
    good = motion("good", amount(13, 100))
    e = effects(leichlingen_plan(), bad, good)
    assert e.applied_ids == ("good",)
    assert e.result(2021) == D(-100)
    assert not e.of("bad", 1).applied
    assert any(d.is_error for d in e.diagnostics)


def test_stale_old_value_prevents_applying() -> None:
    e = effects(leichlingen_plan(), motion("s", amount(13, 1, old=D(1))))
    assert e.applied_ids == ()
    assert e.result(2021) == 0


def test_coverage_balance_with_stated_amount_and_with_offsets() -> None:
    reserve = Coverage(
        source=CoverageSource.EQUALISATION_RESERVE,
        covers=("k",),
        amounts=(ColumnValue(column=A2021, amount=D(15000)),),
    )
    e = effects(leichlingen_plan(), motion("a", amount(13, 15000, ref="k"), reserve))
    b2021 = next(c for c in e.coverage if c.year == 2021)
    assert (b2021.cost, b2021.cover, b2021.balance, b2021.covered) == (
        D(15000),
        D(15000),
        D(0),
        True,
    )
    assert b2021.index == 2

    offsets = Coverage(source=CoverageSource.LINES, covers=("k",), offsets=("d",))
    m = motion("b", amount(13, 15000, ref="k"), amount(16, -2300, ref="d"), offsets)
    b = next(c for c in effects(leichlingen_plan(), m).coverage if c.year == 2021)
    assert (b.cost, b.cover, b.balance, b.covered) == (D(15000), D(2300), D(-12700), False)
    assert b.basis == "Ergebnisplan"


def test_haushaltsausgleich_needs_a_gesamtergebnisplan() -> None:
    # An excerpt of one product says nothing about the balance of the whole budget.
    assert effects(leichlingen_plan(), motion("k1", amount(13, 15000))).balance == ()


def _with_gesamtplan(plan: BudgetPlan) -> BudgetPlan:
    """The example as if 050101 were the whole budget: Ergebnisplan 1..26 = its Teilplan."""
    product = plan.product("050101")
    assert product is not None
    gesamt = tuple(
        attrs.evolve(ln, plan=PlanKind.ERGEBNISPLAN) for ln in product.lines if ln.number <= 26
    )
    return attrs.evolve(plan, lines=gesamt)


def test_haushaltsausgleich_real_and_fictitious() -> None:
    plan = attrs.evolve(
        _with_gesamtplan(leichlingen_plan()),
        statutes=(BudgetStatute(year=2021, equalisation_reserve_use=D(200000)),),
    )
    before = effects(plan)
    check = before.balance[0]
    assert check.result_after == D(-194700)
    assert check.balanced
    assert check.fictitious
    after = effects(plan, motion("k1", amount(13, 15000)))
    assert after.balance[0].result_after == D(-209700)
    assert not after.balance[0].balanced
    assert not after.balanced
    assert BalanceCheck(
        year=2021, column=A2021, result_before=None, result_after=D(0), reserve_use=None
    ).balanced


def test_teilfinanzplan_payments_change_the_cash_result() -> None:
    plan = leichlingen_plan()
    product = plan.product("050101")
    assert product is not None
    cols = product.lines[0].columns
    tfp = PlanLine(plan=TFP, number=8, columns=cols, values=tuple(D(0) for _ in cols))
    area = plan.areas[0]
    group = area.groups[0]
    product = attrs.evolve(product, lines=(*product.lines, tfp))
    plan = attrs.evolve(
        plan,
        areas=(attrs.evolve(area, groups=(attrs.evolve(group, products=(product,)),)),),
    )
    invest = AmountChange(
        target=Target(unit="050101", plan=TFP, line=8), column=A2021, delta=D(50000)
    )
    e = effects(plan, motion("i", invest))
    assert e.cash(2021) == D(-50000)
    assert e.result(2021) == 0


def test_composition_and_separate_motions_have_the_same_effects() -> None:
    a, b = motion("a", amount(13, 15000)), motion("b", amount(2, 1000, P2022))
    assert effects(leichlingen_plan(), compose(a, b)) == effects(leichlingen_plan(), a, b)
    assert plan_columns(leichlingen_plan())[0] == (2021, A2021)


# ----------------------------------------------------------------------------- property


def _counted_entry_lines(plan: BudgetPlan) -> list[tuple[str, int, Column, int]]:
    """(unit, line, Ansatz column, sign) of Teilergebnisplan entry lines that count."""
    schema = get(plan.framework).schema(TEP)
    assert schema is not None
    found: list[tuple[str, int, Column, int]] = []
    for unit in part_units(plan, TEP):
        for line in unit.lines:
            d = schema.line(line.number)
            if line.plan is not TEP or d is None or d.is_computed or d.number in {27, 28}:
                continue
            sign = {Direction.IN: 1, Direction.OUT: -1}.get(d.direction)
            if sign is None:
                continue
            found.extend(
                (unit.code, line.number, c, sign)
                for c in line.columns
                if c.kind is ValueKind.ANSATZ and c.year in plan.years
            )
    return found


@given(st.data())
def test_effect_is_the_signed_delta_and_changes_add_up(data: st.DataObject) -> None:
    plan = data.draw(nst.budget_plans(max_areas=2, max_groups=1, max_products=2))
    lines = _counted_entry_lines(plan)
    assume(lines)
    picks = data.draw(st.lists(st.sampled_from(lines), min_size=1, max_size=3))
    deltas = data.draw(
        st.lists(st.integers(-10_000, 10_000), min_size=len(picks), max_size=len(picks))
    )
    changes = tuple(
        AmountChange(target=Target(unit=u, plan=TEP, line=n), column=c, delta=D(d))
        for (u, n, c, _), d in zip(picks, deltas, strict=True)
    )
    e = effects(plan, Amendment(id="p", title="p", changes=changes))
    assert e.applied_ids == ("p",), e.diagnostics
    for year in plan.years:
        expected = sum(
            (s * d for (_, _, c, s), d in zip(picks, deltas, strict=True) if c.year == year),
            D(0),
        )
        assert e.result(year) == expected
        assert sum((c.result(year) for c in e.changes), D(0)) == e.result(year)
    assert all(isinstance(c, ChangeEffect) for c in e.changes)
