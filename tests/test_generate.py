"""The benchmark data generator (benchmarks/generate.py) makes valid plans and motions.

Small sizes only: the benchmark itself (``make bench``) runs the large ones, and no test
asserts a timing.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import nkf
from nkf.model import BudgetPlan, BudgetUnit, PlanKind, PlanLine
from nkf.model.amendment import Amendment, AmountChange, Coverage
from nkf.xml import dumps, load, validate_file

if TYPE_CHECKING:
    from types import ModuleType

GENERATE = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
PRODUCTS = 20
MOTIONS = 26


def _module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("nkf_bench_generate", GENERATE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


gen = _module()


@pytest.fixture(scope="module")
def plan() -> BudgetPlan:
    result: BudgetPlan = gen.generate_plan(PRODUCTS, seed=7)
    return result


@pytest.fixture(scope="module")
def motions(plan: BudgetPlan) -> list[Amendment]:
    result: list[Amendment] = gen.generate_amendments(plan, MOTIONS, seed=7)
    return result


def _errors(diagnostics: list[nkf.Diagnostic]) -> list[str]:
    return [str(d) for d in diagnostics if d.is_error]


def test_plan_has_the_shape_of_the_issue(plan: BudgetPlan) -> None:
    assert len(plan.areas) == 17
    products = list(plan.products())
    assert len(products) == PRODUCTS
    for product in products:
        tep = [ln for ln in product.lines if ln.plan is PlanKind.TEILERGEBNISPLAN]
        tfp = [ln for ln in product.lines if ln.plan is PlanKind.TEILFINANZPLAN]
        assert [ln.number for ln in tep] == list(range(1, 30))
        assert [ln.number for ln in tfp] == list(range(1, 15))
        assert {len(ln.values) for ln in tep} == {6}
        assert {len(ln.values) for ln in tfp} == {7}
        assert len(product.goals) == 3
        assert all(len(goal.key_figures) == 4 for goal in product.goals)
    assert plan.investments
    assert len(plan.posts) == PRODUCTS
    assert plan.statute(plan.year) is not None


def test_plan_validates_without_error(plan: BudgetPlan) -> None:
    assert _errors(nkf.validate(plan)) == []


def test_sums_are_what_recompute_makes_them(plan: BudgetPlan) -> None:
    from nkf.changes.recompute import recompute

    assert recompute(plan) == plan


def test_plan_file_round_trips_and_validates(plan: BudgetPlan) -> None:
    data = dumps(plan)
    assert load(data) == plan
    doc, diagnostics = validate_file(data)
    assert doc == plan
    assert _errors(diagnostics) == []


def test_generation_is_deterministic() -> None:
    assert dumps(gen.generate_plan(5, seed=3)) == dumps(gen.generate_plan(5, seed=3))
    assert dumps(gen.generate_plan(5, seed=3)) != dumps(gen.generate_plan(5, seed=4))


def test_motions_mix_the_change_kinds(motions: list[Amendment]) -> None:
    kinds = {change.kind for motion in motions for change in motion.changes}
    expected = {"amount", "coverage", "add-goal", "key-figure-value", "investment-amount"}
    expected |= {"tax-rate", "create-post", "block", "percent", "request", "move"}
    assert expected <= kinds
    assert any(c.condition is not None for m in motions for c in m.changes)
    amounts = [c for m in motions for c in m.changes if isinstance(c, AmountChange)]
    assert any(c.old is not None for c in amounts)
    assert any(isinstance(c, Coverage) for m in motions for c in m.changes)


def test_motions_validate_against_the_plan(plan: BudgetPlan, motions: list[Amendment]) -> None:
    for motion in motions:
        assert _errors(nkf.validate(motion, plan)) == [], motion.id
        assert load(dumps(motion)) == motion


def test_motions_apply_one_after_another(plan: BudgetPlan, motions: list[Amendment]) -> None:
    result = nkf.apply(plan, *motions)
    assert result != plan
    assert _errors(nkf.validate(result)) == []


def test_competing_motions_are_conflicts(plan: BudgetPlan, motions: list[Amendment]) -> None:
    found = nkf.conflicts(*motions, plan=plan)
    assert any(c.kind.name == "DIFFERENT_VALUES" for c in found)


def test_perturbed_plan_differs_by_one_percent(plan: BudgetPlan) -> None:
    new = gen.perturb_plan(plan, 0.01, seed=1)
    assert _errors(nkf.validate(new)) == []
    changes = nkf.diff(plan, new).changes
    cells = sum(len(ln.values) for u in (plan, *plan.units()) for ln in u.lines)
    assert 0 < len(changes) <= cells * 0.01 + 1
    assert nkf.apply(plan, nkf.diff(plan, new)) == new


def test_command_line_writes_plan_and_motions(tmp_path: Path) -> None:
    out = tmp_path / "plan.xml"
    assert gen.main(["--products", "3", "--seed", "2", "-o", str(out)]) == 0
    assert isinstance(load(out), BudgetPlan)
    folder = tmp_path / "motions"
    assert gen.main(["--products", "3", "--amendments", "4", "-o", str(folder)]) == 0
    files = sorted(p.name for p in folder.glob("antrag-*.xml"))
    assert files == ["antrag-0001.xml", "antrag-0002.xml", "antrag-0003.xml", "antrag-0004.xml"]
    assert isinstance(load(folder / "plan.xml"), BudgetPlan)
    for name in files:
        assert isinstance(load(folder / name), Amendment)


def test_apply_by_difference_equals_recomputing_everything(
    plan: BudgetPlan, motions: list[Amendment]
) -> None:
    from nkf.changes.apply import _run, _Work
    from nkf.changes.recompute import recompute, recompute_after

    state, applied = plan, 0
    for motion in motions:
        work = _Work(state)
        found, _ = _run(work, motion, ())
        if _errors(found):
            continue
        quick = recompute_after(work.plan, state)
        assert quick == recompute(work.plan), motion.id
        state, applied = quick, applied + 1
    assert applied > MOTIONS // 2


def _sum_line(unit: BudgetUnit) -> PlanLine:
    return next(ln for ln in unit.lines if ln.plan is PlanKind.TEILERGEBNISPLAN and ln.number == 10)


def test_apply_changes_what_follows_from_the_motion_only(plan: BudgetPlan) -> None:
    """A wrong sum in a product the motion does not name stays for validate to report."""
    from decimal import Decimal

    import attrs

    from nkf.changes._index import put_line, replace_unit, unit_index
    from nkf.model import Column, ValueKind
    from nkf.model.amendment import Target

    first, other = list(plan.products())[:2]
    wrong = _sum_line(other)
    wrong = attrs.evolve(wrong, values=tuple(v + 500 if v is not None else v for v in wrong.values))
    broken = replace_unit(
        plan,
        unit_index(plan)[other.code],
        attrs.evolve(other, lines=put_line(other.lines, wrong)),
    )
    column = Column(year=plan.year, kind=ValueKind.ANSATZ)
    change = AmountChange(
        target=Target(unit=first.code, plan=PlanKind.TEILERGEBNISPLAN, line=1),
        column=column,
        delta=Decimal(1000),
    )
    after = nkf.apply(broken, Amendment(id="a", title="Mehr Erträge", changes=(change,)))

    products = {p.code: p for p in after.products()}
    assert _sum_line(products[other.code]) == wrong
    assert _sum_line(products[first.code]).amount(column) == _sum_line(first).amount(column) + 1000
    assert _gesamt(after).amount(column) == _gesamt(plan).amount(column) + 1000

    def findings(plan: BudgetPlan) -> list[tuple[str, str]]:
        return [(d.code, str(d.location)) for d in nkf.validate(plan) if d.is_error]

    assert ("NKF-E201", f"unit[{other.code}]/line[teilergebnisplan:10]") in findings(after)
    assert findings(after) == findings(broken)


def _gesamt(plan: BudgetPlan) -> PlanLine:
    """Line 10 of the Gesamtergebnisplan, Ordentliche Erträge."""
    return next(ln for ln in plan.lines if ln.plan is PlanKind.ERGEBNISPLAN and ln.number == 10)


def test_equal_lines_and_figure_values_of_a_file_are_one_object(plan: BudgetPlan) -> None:
    """Loading shares equal immutable values (rows of zeros, repeated key-figure values)."""
    loaded = load(dumps(plan))
    assert loaded == plan
    lines = [ln for p in loaded.products() for ln in p.lines]
    assert len({id(ln) for ln in lines}) < len(lines)
    assert len(set(lines)) == len({id(ln) for ln in lines})  # shared only if equal
    figures = [k for p in loaded.products() for g in p.goals for k in g.key_figures]
    values = [v for k in figures for v in k.values]
    assert len({id(v) for v in values}) < len(values)
    assert len(set(values)) == len({id(v) for v in values})
    again = load(dumps(plan))  # nothing is shared between two files
    first = next(loaded.products()).lines[0]
    assert next(again.products()).lines[0] is not first


def test_conflict_messages_name_places_in_words(plan: BudgetPlan, motions: list[Amendment]) -> None:
    """A clerk reads "Produkt 080101, Teilergebnisplan Zeile 13, Ansatz 2026", not a path."""
    found = nkf.conflicts(*motions, plan=plan)
    assert found
    for conflict in found:
        assert "[" not in conflict.message, conflict.message
        assert "[" in conflict.target  # the target stays the logical path, for programs


def test_a_line_printed_twice_is_recomputed_like_everything_else(plan: BudgetPlan) -> None:
    """Recompute counts a line printed twice twice; the difference must too (or step aside)."""
    from decimal import Decimal

    import attrs

    from nkf.changes._index import replace_unit, unit_index
    from nkf.changes.apply import _run, _Work
    from nkf.changes.recompute import recompute, recompute_after
    from nkf.model import Column, ValueKind
    from nkf.model.amendment import Target

    product = next(plan.products())
    twice = next(ln for ln in product.lines if ln.plan is PlanKind.TEILERGEBNISPLAN)
    doubled = attrs.evolve(product, lines=(twice, *product.lines))
    before = recompute(replace_unit(plan, unit_index(plan)[product.code], doubled))
    change = AmountChange(
        target=Target(unit=product.code, plan=PlanKind.TEILERGEBNISPLAN, line=twice.number),
        column=Column(year=plan.year, kind=ValueKind.ANSATZ),
        delta=Decimal(700),
    )
    work = _Work(before)
    found, _ = _run(work, Amendment(id="a", title="a", changes=(change,)), ())
    assert _errors(found) == []
    assert recompute_after(work.plan, before) == recompute(work.plan)
