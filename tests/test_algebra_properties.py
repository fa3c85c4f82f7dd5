"""Laws of the amendment algebra (style.md rules 19–21), checked with hypothesis.

* ``apply(old, diff(old, new)) == new`` for consistent plans of the same budget years and
  framework: another version of a plan (units kept, dropped, moved, reordered and added,
  statutes and metadata changed) and two plans drawn independently;
* ``apply(apply(p, a), invert(a, p)) == p`` for every amendment ``a`` that applies;
* ``recompute`` is idempotent and leaves consistent plans as they are;
* a ``RuleBasedStateMachine`` applies random applicable amendments and undoes them,
  with the invariant that the plan validates without errors.

Plans come from :func:`nkf.strategies.budget_plans`; amendments that apply are drawn from
the plan's state by :func:`applicable_changes` (pick existing lines, goals, posts ... and
build a change that fits them). Plan generation is the slow part, so example counts are
small; the ``nightly`` profile of ``tests/conftest.py`` is the place to run more.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, TypeVar

import attrs
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

import nkf.strategies as nst
from nkf.changes.apply import _run, _Work, apply, try_apply
from nkf.changes.diff import diff
from nkf.changes.invert import invert
from nkf.changes.recompute import recompute, recompute_after
from nkf.codes import NRW_AREAS
from nkf.examples import leichlingen_plan
from nkf.frameworks import get
from nkf.model import (
    BindingDegree,
    BudgetArea,
    BudgetPlan,
    BudgetStatute,
    Column,
    FigureKind,
    PlanKind,
    PlanLine,
    PlanStatus,
    Post,
    Product,
    ProductGroup,
    TaxKind,
    ValueKind,
    standard_columns,
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
    BlockAmount,
    BlockPost,
    Change,
    Condition,
    CopyGoals,
    Coverage,
    CoverageSource,
    CreatePost,
    DeletePost,
    EditGoal,
    GlobalReduction,
    InvestmentFlow,
    MoveAmount,
    PercentChange,
    PlanField,
    ReleaseBlock,
    RemoveArea,
    RemoveGoal,
    RemoveGroup,
    RemoveInvestment,
    RemoveKeyFigure,
    RemoveLine,
    RemoveProduct,
    RemoveStatute,
    RenameKeyFigure,
    Request,
    RequestKind,
    SetBalanceYear,
    SetInvestmentAmount,
    SetKeyFigureValue,
    SetKwVermerk,
    SetPlanningYears,
    SetStatuteValue,
    SetTaxRate,
    StatuteField,
    SwapPost,
    UnitField,
    UpdatePlan,
    UpdateUnit,
)
from nkf.model.targets import ColumnValue, Target
from nkf.rules import validate

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from nkf.model import BudgetUnit

# Plans print long; hypothesis warns when it writes a drawn plan's repr for its notes.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

FRAMEWORK = get("nrw_2019")
_U = TypeVar("_U")
FAST = settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def plans() -> st.SearchStrategy[BudgetPlan]:
    """Small consistent plans (every sum adds up, recompute leaves them as they are)."""
    return nst.budget_plans(max_areas=2, max_groups=1, max_products=2)


def _computed(kind: PlanKind, number: int) -> bool:
    schema = FRAMEWORK.schema(kind)
    definition = schema.line(number) if schema is not None else None
    return definition is not None and definition.is_computed


def _entries(unit: BudgetUnit) -> list[PlanLine]:
    return [ln for ln in unit.lines if not _computed(ln.plan, ln.number)]


def _target(unit: str | None, line: PlanLine) -> Target:
    return Target(unit=unit, plan=line.plan, line=line.number)


MONEY = st.integers(min_value=-(10**8), max_value=10**8).map(Decimal)
POSITIVE = st.integers(min_value=0, max_value=10**8).map(Decimal)


# ----------------------------------------------------------------------------- changes


def _amount(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    lines = [(u.code, ln) for u in plan.units() for ln in _entries(u)]
    if not lines:
        return None
    code, line = draw(st.sampled_from(lines))
    column = draw(st.sampled_from(line.columns))
    value = line.value(column)
    current = value if value is not None else Decimal(0)
    new = draw(MONEY)
    old = draw(st.sampled_from([None, current]))
    mode = draw(st.sampled_from(["new", "delta", "both"]))
    delta = new - current
    return AmountChange(
        target=_target(code, line),
        column=column,
        old=old,
        new=None if mode == "delta" else new,
        delta=None if mode == "new" else delta,
    )


def _missing_entry(draw: st.DrawFn, plan: BudgetPlan) -> tuple[BudgetUnit, PlanKind, int] | None:
    """A unit with lines of a Teilplan kind and an entry line of that kind it lacks."""
    options = []
    for unit in plan.units():
        for kind in dict.fromkeys(ln.plan for ln in unit.lines):
            schema = FRAMEWORK.schema(kind)
            assert schema is not None
            have = {ln.number for ln in unit.lines if ln.plan is kind}
            options += [
                (unit, kind, d.number)
                for d in schema.lines
                if not d.is_computed and d.number not in have
            ]
    return draw(st.sampled_from(options)) if options else None


def _new_line(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    found = _missing_entry(draw, plan)
    if found is None:
        return None
    unit, kind, number = found
    layout = next(ln.columns for ln in unit.lines if ln.plan is kind)
    target = Target(unit=unit.code, plan=kind, line=number)
    if draw(st.booleans()):
        return AmountChange(target=target, column=draw(st.sampled_from(layout)), new=draw(MONEY))
    columns = draw(st.lists(st.sampled_from(layout), unique=True, min_size=1))
    return AddLine(
        target=target,
        values=tuple(ColumnValue(column=c, amount=draw(MONEY)) for c in columns),
    )


def _remove_line(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    lines = [(u.code, ln) for u in plan.units() for ln in _entries(u)]
    if not lines:
        return None
    code, line = draw(st.sampled_from(lines))
    cells = [
        ColumnValue(column=c, amount=v)
        for c, v in zip(line.columns, line.values, strict=True)
        if v is not None
    ]
    stated = draw(st.lists(st.sampled_from(cells), unique=True)) if cells else []
    return RemoveLine(target=_target(code, line), old_values=tuple(stated))


def _percent(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    lines = [(u.code, ln) for u in plan.units() for ln in _entries(u)]
    if not lines:
        return None
    chosen = draw(st.lists(st.sampled_from(lines), min_size=1, max_size=3))
    layout = chosen[0][1].columns
    return PercentChange(
        targets=tuple(_target(code, ln) for code, ln in chosen),
        columns=tuple(draw(st.lists(st.sampled_from(layout), unique=True, min_size=1))),
        percent=draw(st.decimals(min_value=-20, max_value=20, places=2)),
        base_column=draw(st.one_of(st.none(), st.sampled_from(layout))),
        cap=draw(st.one_of(st.none(), POSITIVE)),
        floor=draw(st.one_of(st.none(), st.integers(0, 1000).map(Decimal))),
        rounding=draw(st.sampled_from([Decimal("0.01"), Decimal(1), Decimal(100)])),
    )


def _move(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    lines = [(u.code, ln) for u in plan.units() for ln in _entries(u)]
    if not lines:
        return None
    code, line = draw(st.sampled_from(lines))
    source = draw(st.sampled_from(line.columns))
    available = line.amount(source)
    amount = None
    if available > 0 and draw(st.booleans()):
        amount = Decimal(draw(st.integers(0, int(available))))
    return MoveAmount(
        target=_target(code, line),
        from_column=source,
        to_column=draw(st.sampled_from(line.columns)),
        amount=amount,
    )


def _reduction(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    expenses = plan.line(PlanKind.ERGEBNISPLAN, 17)
    if expenses is None:
        return None
    column = draw(st.sampled_from(expenses.columns))
    if draw(st.booleans()):
        return GlobalReduction(column=column, amount=draw(POSITIVE))
    return GlobalReduction(
        column=column,
        percent=draw(st.decimals(min_value=0, max_value=2, places=2)),
        cap_percent=draw(st.one_of(st.none(), st.just(Decimal(1)))),
    )


def _add_product(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    groups = [g for a in plan.areas for g in a.groups]
    if not groups:
        return None
    group = draw(st.sampled_from(groups))
    taken = {p.code for p in group.products}
    free = [f"{group.code}{i:02d}" for i in range(1, 100) if f"{group.code}{i:02d}" not in taken]
    product = draw(nst.products(group.code, budget_years=plan.years))
    position = draw(st.one_of(st.none(), st.integers(1, len(group.products) + 1)))
    return AddProduct(
        group=group.code,
        product=attrs.evolve(product, code=draw(st.sampled_from(free))),
        position=position,
    )


def _areas(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    """Add a Produktbereich or a Produktgruppe at a position, or remove one."""
    kind = draw(st.sampled_from(["add-area", "add-group", "remove-area", "remove-group"]))
    if kind == "add-area":
        free = [c for c in sorted(NRW_AREAS) if plan.unit(c) is None]
        if not free:
            return None
        area = draw(
            nst.budget_areas(
                draw(st.sampled_from(free)), budget_years=plan.years, max_groups=1, max_products=1
            )
        )
        position = draw(st.one_of(st.none(), st.integers(1, len(plan.areas) + 1)))
        return AddArea(area=area, position=position)
    if kind == "add-group":
        if not plan.areas:
            return None
        area = draw(st.sampled_from(plan.areas))
        free = [
            f"{area.code}{i:02d}" for i in range(1, 100) if plan.unit(f"{area.code}{i:02d}") is None
        ]
        group = draw(nst.product_groups(area.code, budget_years=plan.years, max_products=1))
        code = draw(st.sampled_from(free))
        group = attrs.evolve(
            group,
            code=code,
            products=tuple(attrs.evolve(p, code=code + p.code[4:]) for p in group.products),
        )
        position = draw(st.one_of(st.none(), st.integers(1, len(area.groups) + 1)))
        return AddGroup(area=area.code, group=group, position=position)
    units: Sequence[BudgetUnit] = (
        plan.areas if kind == "remove-area" else [g for a in plan.areas for g in a.groups]
    )
    if not units:
        return None
    unit = draw(st.sampled_from(units))
    old_name = draw(st.sampled_from([None, unit.name]))
    if kind == "remove-area":
        return RemoveArea(code=unit.code, old_name=old_name)
    return RemoveGroup(code=unit.code, old_name=old_name)


def _plan_fields(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    """Set the plan's metadata or its Planungsjahre."""
    if draw(st.booleans()):
        last = plan.years[-1]
        years = tuple(range(last + 1, last + 1 + draw(st.integers(1, 4))))
        return SetPlanningYears(new=years, old=draw(st.sampled_from([(), plan.planning_years])))
    field = draw(st.sampled_from(PlanField))
    values = {
        PlanField.TITLE: st.one_of(st.none(), nst.texts(max_words=4)),
        PlanField.NOTE: st.one_of(st.none(), nst.paragraphs()),
        PlanField.STATUS: st.sampled_from([s.value for s in PlanStatus]),
        PlanField.MUNICIPALITY: nst.texts(max_words=2),
        PlanField.AGS: st.one_of(st.none(), st.from_regex(r"05[0-9]{6}", fullmatch=True)),
    }
    return UpdatePlan(field=field, new=draw(values[field]))


def _remove_product(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    products = list(plan.products())
    if not products:
        return None
    product = draw(st.sampled_from(products))
    return RemoveProduct(code=product.code, old_name=draw(st.sampled_from([None, product.name])))


def _update_unit(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    if not plan.areas:
        return None  # every area went
    unit = draw(st.sampled_from(list(plan.units())))
    field = draw(st.sampled_from(UnitField))
    if field is UnitField.BINDING:
        new: str | None = draw(
            st.one_of(st.none(), st.sampled_from([b.value for b in BindingDegree]))
        )
    elif field is UnitField.NAME:
        new = draw(nst.texts(max_words=3))
    else:
        new = draw(st.one_of(st.none(), nst.texts(max_words=3)))
    return UpdateUnit(unit=unit.code, field=field, new=new)


def _figure_years(plan: BudgetPlan) -> st.SearchStrategy[int]:
    return st.integers(min_value=plan.years[0] - 2, max_value=plan.years[-1] + 3)


def _goals(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    if not plan.areas:
        return None  # every area went
    unit = draw(st.sampled_from(list(plan.units())))
    n = len(unit.goals)
    kinds = ["add", "copy"] + (["remove", "edit"] if n else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "add":
        goal = draw(nst.goals(years=_figure_years(plan), min_key_figures=1))
        position = draw(st.one_of(st.none(), st.integers(1, n + 1)))
        return AddGoal(unit=unit.code, goal=goal, position=position)
    if kind == "copy":
        source = draw(st.sampled_from(list(plan.units())))
        return CopyGoals(unit=unit.code, source=source.code)
    position = draw(st.integers(1, n))
    old = draw(st.sampled_from([None, unit.goals[position - 1].text]))
    if kind == "remove":
        return RemoveGoal(unit=unit.code, position=position, old_text=old)
    return EditGoal(unit=unit.code, position=position, new_text=draw(nst.texts()), old_text=old)


def _figures(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    if not plan.areas:
        return None  # every area went
    unit = draw(st.sampled_from(list(plan.units())))
    goal = draw(st.one_of(st.none(), st.integers(1, len(unit.goals)))) if unit.goals else None
    figures = unit.key_figures if goal is None else unit.goals[goal - 1].key_figures
    n = len(figures)
    kinds = ["add"] + (["remove", "rename", "value"] if n else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "add":
        figure = draw(nst.key_figures(years=_figure_years(plan)))
        position = draw(st.one_of(st.none(), st.integers(1, n + 1)))
        return AddKeyFigure(unit=unit.code, key_figure=figure, goal=goal, position=position)
    position = draw(st.integers(1, n))
    figure = figures[position - 1]
    old = draw(st.sampled_from([None, figure.name]))
    if kind == "remove":
        return RemoveKeyFigure(unit=unit.code, position=position, goal=goal, old_name=old)
    if kind == "rename":
        return RenameKeyFigure(
            unit=unit.code,
            position=position,
            goal=goal,
            new_name=draw(nst.texts(max_words=3)),
            old_name=old,
        )
    year = draw(_figure_years(plan))
    figure_kind = draw(st.sampled_from(FigureKind))
    current = figure.value_for(year, figure_kind)
    new = draw(st.one_of(st.none(), nst.scalars(figure.type)))
    return SetKeyFigureValue(
        unit=unit.code,
        position=position,
        goal=goal,
        year=year,
        figure_kind=figure_kind,
        new=new,
        old=draw(st.sampled_from([None, current])),
    )


def _statute(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    kind = draw(st.sampled_from(["add", "remove", "year", "value"]))
    if kind == "add":
        taken = {s.year for s in plan.statutes}
        year = draw(
            st.integers(plan.years[0] - 2, plan.years[-1] + 3).filter(lambda y: y not in taken)
        )
        statute = draw(nst.budget_statutes(year, consistent=True))
        position = draw(st.one_of(st.none(), st.integers(1, len(plan.statutes) + 1)))
        return AddStatute(statute=statute, position=position)
    if not plan.statutes:
        return None
    statute = draw(st.sampled_from(plan.statutes))
    if kind == "remove":
        return RemoveStatute(year=statute.year)
    if kind == "year":
        return SetBalanceYear(
            year=statute.year,
            new=draw(st.one_of(st.none(), st.integers(plan.years[0], plan.years[0] + 8))),
            old=draw(st.sampled_from([None, statute.balance_restored_year])),
        )
    if draw(st.booleans()):
        tax = draw(st.sampled_from(TaxKind))
        return SetTaxRate(
            year=statute.year,
            tax=tax,
            new=draw(st.one_of(st.none(), st.integers(100, 900).map(Decimal))),
            old=draw(st.sampled_from([None, statute.tax_rates.rate(tax)])),
        )
    field = draw(
        st.sampled_from(
            [
                f
                for f in StatuteField
                if f not in (StatuteField.TOTAL_INCOME, StatuteField.TOTAL_EXPENSES)
            ]
        )
    )
    return SetStatuteValue(year=statute.year, field=field, new=draw(st.one_of(st.none(), POSITIVE)))


def _investments(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    codes = [p.code for p in plan.products()]
    kinds = ["add"] + (["remove", "amount"] if plan.investments else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "add":
        inv = draw(nst.investments(products=codes, budget_years=plan.years))
        assume(all(i.id != inv.id for i in plan.investments))
        return AddInvestment(investment=inv)
    inv = draw(st.sampled_from(plan.investments))
    if kind == "remove":
        return RemoveInvestment(id=inv.id, old_name=draw(st.sampled_from([None, inv.name])))
    year = draw(st.integers(plan.years[0], plan.years[-1] + 3))
    return SetInvestmentAmount(
        id=inv.id,
        flow=draw(st.sampled_from(InvestmentFlow)),
        year=year,
        new=draw(st.one_of(st.none(), POSITIVE)),
    )


def _posts(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    codes = [p.code for p in plan.products()]
    new_posts = nst.posts(products=codes, budget_years=plan.years)
    kinds = ["create"] + (["delete", "block", "swap", "kw"] if plan.posts else [])
    kind = draw(st.sampled_from(kinds))
    if kind == "create":
        post = draw(new_posts)
        assume(all(p.id != post.id for p in plan.posts))
        return CreatePost(post=post)
    post = draw(st.sampled_from(plan.posts))
    if kind == "delete":
        return DeletePost(post_id=post.id)
    if kind == "block":
        return BlockPost(post_id=post.id)
    if kind == "swap":
        other = draw(new_posts)
        assume(other.id == post.id or all(p.id != other.id for p in plan.posts))
        return SwapPost(post_id=post.id, new_post=other)
    year = draw(st.one_of(st.none(), st.integers(plan.years[0], plan.years[0] + 10)))
    return SetKwVermerk(
        post_id=post.id, year=year, old_year=draw(st.sampled_from([None, post.kw_year]))
    )


def _blocks(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    ansatz = {Column(year=y, kind=ValueKind.ANSATZ) for y in plan.years}
    cells = [
        (p.code, ln, c, v)
        for p in plan.products()
        for ln in _entries(p)
        for c, v in zip(ln.columns, ln.values, strict=True)
        if c in ansatz and v is not None and v > 0
    ]
    open_blocks = [b for b in plan.blocks if b.amount is None or b.released < b.amount]
    kinds = (["block"] if cells else []) + (["release"] if open_blocks else [])
    if not kinds:
        return None
    if draw(st.sampled_from(kinds)) == "block":
        code, line, column, value = draw(st.sampled_from(cells))
        taken = {b.id for b in plan.blocks}
        ident = draw(st.sampled_from([f"SV-{i}" for i in range(1, 60) if f"SV-{i}" not in taken]))
        return BlockAmount(
            block_id=ident,
            target=_target(code, line),
            column=column,
            amount=draw(st.one_of(st.none(), st.integers(1, int(value)).map(Decimal))),
            release_condition="Vorlage eines Konzepts",
            releasing_body="Hauptausschuss",
        )
    block = draw(st.sampled_from(open_blocks))
    amount = None
    if block.amount is not None and draw(st.booleans()):
        rest = block.amount - block.released
        amount = draw(st.decimals(min_value=0, max_value=rest, places=2))
    return ReleaseBlock(block_id=block.id, amount=amount)


_MAKERS: tuple[Callable[[st.DrawFn, BudgetPlan], Change | None], ...] = (
    _amount,
    _new_line,
    _remove_line,
    _percent,
    _move,
    _reduction,
    _add_product,
    _remove_product,
    _areas,
    _update_unit,
    _goals,
    _figures,
    _statute,
    _plan_fields,
    _investments,
    _posts,
    _blocks,
)


@st.composite
def applicable_changes(draw: st.DrawFn, plan: BudgetPlan) -> Change:
    """A change that fits ``plan``: it names what exists, with the values it has."""
    maker = draw(st.sampled_from(_MAKERS))
    change = maker(draw, plan)
    assume(change is not None)
    assert change is not None
    return change


@st.composite
def applicable_amendments(draw: st.DrawFn, plan: BudgetPlan, max_changes: int = 3) -> Amendment:
    """An amendment of changes that apply one after another, sometimes with a Coverage,
    a Prüfauftrag and a conditional change that is skipped."""
    changes: list[Change] = []
    state = plan
    for i in range(draw(st.integers(1, max_changes))):
        change = attrs.evolve(draw(applicable_changes(state)), ref=f"c{i}")
        new, found = try_apply(state, Amendment(id="x", title="x", changes=(change,)))
        if any(d.is_error for d in found):
            continue
        changes.append(change)
        state = new
    if changes and draw(st.booleans()):
        changes.append(
            Coverage(source=CoverageSource.EQUALISATION_RESERVE, covers=(changes[0].ref or "",))
        )
    if draw(st.booleans()):
        changes.append(Request(request=RequestKind.REVIEW, text="Die Verwaltung prüft ..."))
    if draw(st.booleans()):
        skipped = draw(applicable_changes(state))
        changes.append(attrs.evolve(skipped, condition=Condition(text="Zuschuss des Landes")))
    return Amendment(id="antrag", title="Änderungsantrag", changes=tuple(changes))


# ----------------------------------------------------------------------------- properties


@FAST
@given(plans())
def test_recompute_leaves_consistent_plans_alone(plan: BudgetPlan) -> None:
    assert recompute(plan) == plan


@FAST
@given(nst.budget_plans(consistent=False, max_areas=2, max_groups=1, max_products=2))
def test_recompute_is_idempotent(plan: BudgetPlan) -> None:
    once = recompute(plan)
    assert recompute(once) == once


@st.composite
def cases(draw: st.DrawFn) -> tuple[BudgetPlan, Amendment]:
    """A consistent plan and an amendment that applies to it."""
    plan = draw(plans())
    return plan, draw(applicable_amendments(plan))


# Failures hypothesis found while the algebra was built, pinned as examples.


def _gesamt_plan() -> BudgetPlan:
    """The Leichlingen example with a Gesamtergebnis- and an (empty) Gesamtfinanzplan."""
    plan = leichlingen_plan()
    columns = standard_columns(plan.years)
    finance = standard_columns(plan.years, finance=True)
    lines = []
    for kind, layout in ((PlanKind.ERGEBNISPLAN, columns), (PlanKind.FINANZPLAN, finance)):
        schema = FRAMEWORK.schema(kind)
        assert schema is not None
        lines += [
            PlanLine(plan=kind, number=d.number, columns=layout, values=(Decimal(0),) * len(layout))
            for d in schema.lines
        ]
    return recompute(attrs.evolve(plan, lines=tuple(lines)))


def _partial_new_line() -> tuple[BudgetPlan, Amendment]:
    """A new line with one value: the Gesamtplan line it is summed into keeps its zeros."""
    target = Target(unit="050101", plan=PlanKind.TEILERGEBNISPLAN, line=1)
    cell = ColumnValue(column=Column(year=2019, kind=ValueKind.ERGEBNIS), amount=Decimal(900))
    return _gesamt_plan(), Amendment(
        id="a", title="a", changes=(AddLine(target=target, values=(cell,)),)
    )


def _empty_cell_then_percent() -> tuple[BudgetPlan, Amendment]:
    """An empty cell gets a value, then a percentage: the sum cell comes back empty."""
    plan, first = _partial_new_line()
    plan = apply(plan, first)
    target = Target(unit="050101", plan=PlanKind.TEILERGEBNISPLAN, line=1)
    ansatz = Column(year=2021, kind=ValueKind.ANSATZ)
    return plan, Amendment(
        id="b",
        title="b",
        changes=(
            AmountChange(target=target, column=ansatz, old=Decimal(0), new=Decimal(-1264)),
            PercentChange(targets=(target,), columns=(ansatz,), percent=Decimal(10)),
        ),
    )


def _block_on_a_removed_product() -> tuple[BudgetPlan, Amendment]:
    """A Sperrvermerk on a product that the same motion removes."""
    plan = _gesamt_plan()
    block = BlockAmount(
        block_id="SV-1",
        target=Target(unit="050101", plan=PlanKind.TEILERGEBNISPLAN, line=15),
        column=Column(year=2021, kind=ValueKind.ANSATZ),
        amount=Decimal(5000),
        release_condition="Konzept",
        releasing_body="Rat",
    )
    changes = (block, RemoveProduct(code="050101"), ReleaseBlock(block_id="SV-1"))
    return plan, Amendment(id="c", title="c", changes=changes)


def _first_teilfinanzplan() -> tuple[BudgetPlan, Amendment]:
    """The first Teilfinanzplan lines make the Gesamtfinanzplan a sum of Teilpläne."""
    plan = _gesamt_plan()
    finance = standard_columns(plan.years, finance=True)
    line = PlanLine(
        plan=PlanKind.TEILFINANZPLAN,
        number=8,
        columns=finance,
        values=(
            Decimal(0),
            Decimal(0),
            Decimal(80000),
            Decimal(0),
            Decimal(0),
            Decimal(0),
            Decimal(0),
        ),
    )
    product = Product(code="050102", name="Quartierstreff", lines=(line,))
    return plan, Amendment(id="d", title="d", changes=(AddProduct(group="0501", product=product),))


def _posts_out_of_order() -> tuple[BudgetPlan, Amendment]:
    """Posts in no id order: a deleted one comes back in its place, a new one at the end."""
    posts = tuple(Post(id=f"S-0501-0{i}", title=f"Stelle {i}", fte=Decimal(1)) for i in (3, 1, 2))
    plan = attrs.evolve(_gesamt_plan(), posts=posts)
    changes = (
        DeletePost(post_id="S-0501-01"),
        CreatePost(post=Post(id="S-0501-00", title="Neu", fte=Decimal("0.5"))),
    )
    return plan, Amendment(id="e", title="e", changes=changes)


PINNED = (
    (_partial_new_line, "zero cells of a Gesamtplan line came back empty"),
    (_empty_cell_then_percent, "an empty sum cell came back as zero"),
    (_block_on_a_removed_product, "a block was restored before its product"),
    (_first_teilfinanzplan, "Gesamtfinanzplan figures were left summed"),
    (_posts_out_of_order, "posts came back in id order, not in their place"),
)


def _pinned(test: Callable[..., None]) -> Callable[..., None]:
    for make, found in PINNED:
        test = example(make()).via(f"hypothesis: {found}")(test)
    return test


@FAST
@_pinned
@given(cases())
def test_recompute_after_a_change_is_recompute(case: tuple[BudgetPlan, Amendment]) -> None:
    """Recomputing by the difference of a change gives what recomputing everything gives."""
    plan, amendment = case
    work = _Work(plan)
    _run(work, amendment, ())
    assert recompute_after(work.plan, plan) == recompute(work.plan)


@FAST
@_pinned
@given(cases())
def test_invert_undoes_apply(case: tuple[BudgetPlan, Amendment]) -> None:
    plan, amendment = case
    after = apply(plan, amendment)
    assert apply(after, invert(amendment, plan)) == plan


@FAST
@_pinned
@given(cases())
def test_diff_of_applied_amendment(case: tuple[BudgetPlan, Amendment]) -> None:
    old, amendment = case
    new = apply(old, amendment)
    assert apply(old, diff(old, new)) == new


# ----------------------------------------------------------------------------- two versions


def _recoded(unit: BudgetUnit, code: str) -> BudgetUnit:
    """``unit`` under ``code``, its groups and products numbered below it."""
    if isinstance(unit, BudgetArea):
        groups = tuple(_recoded(g, code + g.code[2:]) for g in unit.groups)
        return attrs.evolve(unit, code=code, groups=groups)
    if isinstance(unit, ProductGroup):
        products = tuple(attrs.evolve(p, code=code + p.code[4:]) for p in unit.products)
        return attrs.evolve(unit, code=code, products=products)
    return attrs.evolve(unit, code=code)


def _some(draw: st.DrawFn, items: Sequence[_U], *, drop: int = 4) -> list[_U]:
    """Most of ``items`` (each dropped with chance 1/``drop``), sometimes in another order."""
    kept = [x for x in items if draw(st.integers(0, drop - 1)) > 0]
    return list(draw(st.permutations(kept))) if draw(st.booleans()) else kept


_MONEY = st.integers(0, 10**6).map(Decimal)
_STATUTE_FIELDS = (
    "total_income",
    "total_expenses",
    "operating_receipts",
    "financing_payments",
    "investment_credits",
    "equalisation_reserve_use",
    "equalisation_reserve_opening",
    "general_reserve_opening",
)


def _statute_version(draw: st.DrawFn, statute: BudgetStatute) -> BudgetStatute:
    """The statute with some amounts, Hebesätze and the year of the Ausgleich changed."""
    changes: dict[str, object] = {
        name: draw(st.one_of(st.none(), _MONEY))
        for name in _STATUTE_FIELDS
        if draw(st.integers(0, 3)) == 0
    }
    if draw(st.booleans()):
        changes["balance_restored_year"] = draw(st.one_of(st.none(), st.integers(2020, 2030)))
    rates = statute.tax_rates
    for tax in TaxKind:
        if draw(st.integers(0, 3)) == 0:
            rate = draw(st.one_of(st.none(), st.integers(100, 900).map(Decimal)))
            rates = attrs.evolve(rates, **{tax.field_name: rate})
    return attrs.evolve(statute, tax_rates=rates, **changes)


def _units(draw: st.DrawFn, old: BudgetPlan, other: BudgetPlan) -> tuple[BudgetArea, ...]:
    """The areas of ``old``: units dropped, reordered, renamed, moved, new ones from ``other``."""
    taken: set[str] = set()

    def fresh(parent: str) -> str:
        code = draw(
            st.sampled_from(
                [f"{parent}{i:02d}" for i in range(1, 100) if f"{parent}{i:02d}" not in taken]
            )
        )
        taken.add(code)
        return code

    others = [g for a in other.areas for g in a.groups]
    areas: list[BudgetArea] = []
    for area in _some(draw, old.areas, drop=5):
        taken.add(area.code)
        groups: list[ProductGroup] = []
        for group in _some(draw, area.groups, drop=5):
            taken.add(group.code)
            products: list[Product] = []
            for p in _some(draw, group.products):
                taken.add(p.code)
                products.append(attrs.evolve(p, name=draw(st.sampled_from([p.name, "Neu"]))))
            for p in other.products():
                if draw(st.integers(0, 3)) == 0:
                    products.insert(
                        draw(st.integers(0, len(products))), attrs.evolve(p, code=fresh(group.code))
                    )
            groups.append(attrs.evolve(group, products=tuple(products)))
        for g in others:
            if draw(st.integers(0, 3)) == 0:
                recoded = _recoded(g, fresh(area.code))
                assert isinstance(recoded, ProductGroup)
                taken.update(p.code for p in recoded.products)
                groups.insert(draw(st.integers(0, len(groups))), recoded)
        areas.append(attrs.evolve(area, groups=tuple(groups)))
    places = [(a, g) for a, area in enumerate(areas) for g in range(len(area.groups))]
    if len(places) >= 2 and draw(st.booleans()):  # a product moves to another group
        (a1, g1), (a2, g2) = draw(
            st.lists(st.sampled_from(places), min_size=2, max_size=2, unique=True)
        )
        source = areas[a1].groups[g1]
        if source.products:
            moved = source.products[0]
            areas[a1] = _with_group(
                areas[a1], g1, attrs.evolve(source, products=source.products[1:])
            )
            target = areas[a2].groups[g2]
            areas[a2] = _with_group(
                areas[a2], g2, attrs.evolve(target, products=(*target.products, moved))
            )
    for area in other.areas:
        codes = [area.code, *(u.code for g in area.groups for u in (g, *g.products))]
        if draw(st.booleans()) and not taken & set(codes):
            taken.update(codes)
            areas.insert(draw(st.integers(0, len(areas))), area)
    if draw(st.integers(0, 5)) == 0:  # totals without their details
        areas = [
            attrs.evolve(
                a,
                groups=tuple(
                    attrs.evolve(
                        g,
                        products=tuple(
                            attrs.evolve(
                                p, lines=tuple(ln for ln in p.lines if draw(st.booleans()))
                            )
                            for p in g.products
                        ),
                    )
                    for g in a.groups
                ),
            )
            for a in areas
        ]
    return tuple(areas)


def _with_group(area: BudgetArea, index: int, group: ProductGroup) -> BudgetArea:
    return attrs.evolve(area, groups=(*area.groups[:index], group, *area.groups[index + 1 :]))


@st.composite
def versions(draw: st.DrawFn, old: BudgetPlan) -> BudgetPlan:
    """Another consistent version of ``old``: the same budget years and framework, and
    units, statutes, Gesamtplan, metadata, measures, posts and blocks changed freely."""
    other = draw(
        nst.budget_plans(max_areas=2, max_groups=2, max_products=2, budget_years=old.years)
    )
    statutes = [
        _statute_version(draw, s) if draw(st.booleans()) else s for s in _some(draw, old.statutes)
    ]
    for year in draw(st.lists(st.integers(2000, 2045), max_size=2, unique=True)):
        if all(s.year != year for s in statutes):
            statutes.insert(
                draw(st.integers(0, len(statutes))),
                _statute_version(draw, BudgetStatute(year=year)),
            )
    finance = tuple(ln for ln in other.lines if ln.plan is PlanKind.FINANZPLAN)
    plan = attrs.evolve(
        old,
        municipality=draw(st.sampled_from([old.municipality, other.municipality])),
        title=draw(st.sampled_from([old.title, other.title])),
        note=draw(st.sampled_from([old.note, other.note])),
        status=draw(st.sampled_from([old.status, other.status])),
        planning_years=draw(
            st.sampled_from(
                [
                    old.planning_years,
                    old.planning_years[:2],
                    tuple(y + 1 for y in old.planning_years),
                ]
            )
        ),
        areas=_units(draw, old, other),
        lines=draw(st.sampled_from([old.lines, other.lines, (), finance])),
        statutes=tuple(statutes),
        investments=draw(st.sampled_from([old.investments, other.investments])),
        posts=draw(st.sampled_from([old.posts, other.posts])),
        blocks=draw(st.sampled_from([old.blocks, other.blocks])),
    )
    return recompute(plan)


@st.composite
def two_versions(draw: st.DrawFn) -> tuple[BudgetPlan, BudgetPlan]:
    """Two consistent plans of the same budget years and framework, one often derived from
    the other (to share units), sometimes drawn independently."""
    old = draw(plans())
    if draw(st.integers(0, 4)) == 0:
        years = old.years
        return old, draw(
            nst.budget_plans(max_areas=2, max_groups=1, max_products=2, budget_years=years)
        )
    if draw(st.booleans()):
        old = draw(versions(old))
    return old, draw(versions(old))


# Failures hypothesis found while diff learnt areas, groups and statutes, pinned as examples.


def _leichlingen_with_gesamtplan(*, finance: bool) -> BudgetPlan:
    plan = leichlingen_plan()
    layouts = [(PlanKind.ERGEBNISPLAN, standard_columns(plan.years))]
    if finance:
        layouts.append((PlanKind.FINANZPLAN, standard_columns(plan.years, finance=True)))
    lines = []
    for kind, layout in layouts:
        schema = FRAMEWORK.schema(kind)
        assert schema is not None
        lines += [
            PlanLine(plan=kind, number=d.number, columns=layout, values=(Decimal(0),) * len(layout))
            for d in schema.lines
        ]
    return attrs.evolve(plan, lines=tuple(lines))


def _first_gesamtfinanzplan() -> tuple[BudgetPlan, BudgetPlan]:
    """A statute total that does not follow from the plan before, and does after."""
    statute = BudgetStatute(year=2021, operating_receipts=Decimal(206921))
    old = recompute(attrs.evolve(_leichlingen_with_gesamtplan(finance=False), statutes=(statute,)))
    new = recompute(attrs.evolve(_leichlingen_with_gesamtplan(finance=True), statutes=(statute,)))
    return old, new


def _moved_product_with_totals_only() -> tuple[BudgetPlan, BudgetPlan]:
    """A product moves to a new group and keeps only its sum lines (totals without details)."""
    old = _leichlingen_with_gesamtplan(finance=False)
    product = next(old.products())
    totals = tuple(ln for ln in product.lines if _computed(ln.plan, ln.number))
    group = ProductGroup(
        code="0502", name="Pflege", products=(attrs.evolve(product, lines=totals),)
    )
    area = attrs.evolve(
        old.areas[0], groups=(attrs.evolve(old.areas[0].groups[0], products=()), group)
    )
    return recompute(old), recompute(attrs.evolve(old, areas=(area,)))


def _sums_of_sums_without_details() -> tuple[BudgetPlan, BudgetPlan]:
    """Only the last sums stay: the lines under them (sums themselves) go after them."""
    old = recompute(leichlingen_plan())
    product = next(old.products())
    kept = tuple(ln for ln in product.lines if ln.number in (22, 26, 29))
    area = old.areas[0]
    group = attrs.evolve(area.groups[0], products=(attrs.evolve(product, lines=kept),))
    return old, recompute(attrs.evolve(old, areas=(attrs.evolve(area, groups=(group,)),)))


VERSIONS = (
    (_first_gesamtfinanzplan, "a statute total recomputed for good was not undone"),
    (_moved_product_with_totals_only, "the sums of a moved product fell to zero"),
    (_sums_of_sums_without_details, "a sum stated anew fell to zero when its sums went"),
)


def _pinned_versions(test: Callable[..., None]) -> Callable[..., None]:
    for make, found in VERSIONS:
        test = example(make()).via(f"hypothesis: {found}")(test)
    return test


@FAST
@_pinned_versions
@given(two_versions())
def test_diff_of_two_plans(pair: tuple[BudgetPlan, BudgetPlan]) -> None:
    old, new = pair
    assert recompute(new) == new
    found = diff(old, new)
    assert apply(old, found) == new
    assert apply(new, invert(found, old)) == old


@FAST
@given(plans())
def test_diff_of_a_plan_with_itself_is_empty(plan: BudgetPlan) -> None:
    assert diff(plan, plan).changes == ()


# ----------------------------------------------------------------------------- state machine


class AmendmentMachine(RuleBasedStateMachine):
    """Apply random applicable amendments and undo them; the plan always validates."""

    def __init__(self) -> None:
        super().__init__()
        self.plan: BudgetPlan | None = None
        self.history: list[tuple[BudgetPlan, Amendment]] = []

    @initialize(plan=plans())
    def start(self, plan: BudgetPlan) -> None:
        self.plan = plan

    @rule(data=st.data())
    def apply_amendment(self, data: st.DataObject) -> None:
        assert self.plan is not None
        amendment = data.draw(applicable_amendments(self.plan, max_changes=2))
        new = apply(self.plan, amendment)
        self.history.append((self.plan, amendment))
        self.plan = new

    @precondition(lambda self: bool(self.history))
    @rule()
    def undo(self) -> None:
        before, amendment = self.history.pop()
        assert self.plan is not None
        self.plan = apply(self.plan, invert(amendment, before))
        assert self.plan == before

    @invariant()
    def validates(self) -> None:
        if self.plan is not None:
            errors = [d for d in validate(self.plan) if d.is_error]
            assert errors == [], errors

    @invariant()
    def sums_are_recomputed(self) -> None:
        if self.plan is not None:
            assert recompute(self.plan) == self.plan


TestAmendmentMachine = AmendmentMachine.TestCase
TestAmendmentMachine.settings = settings(
    max_examples=6,
    stateful_step_count=8,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
