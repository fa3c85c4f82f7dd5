"""Laws of the amendment algebra (style.md rules 19–21), checked with hypothesis.

* ``apply(old, diff(old, new)) == new`` for consistent plans;
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
from typing import TYPE_CHECKING

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
from nkf.changes.apply import apply, try_apply
from nkf.changes.diff import diff
from nkf.changes.invert import invert
from nkf.changes.recompute import recompute
from nkf.examples import leichlingen_plan
from nkf.frameworks import get
from nkf.model import (
    BindingDegree,
    BudgetPlan,
    Column,
    FigureKind,
    PlanKind,
    PlanLine,
    Post,
    Product,
    TaxKind,
    ValueKind,
    standard_columns,
)
from nkf.model.amendment import (
    AddGoal,
    AddInvestment,
    AddKeyFigure,
    AddLine,
    AddProduct,
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
    ReleaseBlock,
    RemoveGoal,
    RemoveInvestment,
    RemoveKeyFigure,
    RemoveLine,
    RemoveProduct,
    RenameKeyFigure,
    Request,
    RequestKind,
    SetInvestmentAmount,
    SetKeyFigureValue,
    SetKwVermerk,
    SetStatuteValue,
    SetTaxRate,
    StatuteField,
    SwapPost,
    UnitField,
    UpdateUnit,
)
from nkf.model.targets import ColumnValue, Target
from nkf.rules import validate

if TYPE_CHECKING:
    from collections.abc import Callable

    from nkf.model import BudgetUnit

# Plans print long; hypothesis warns when it writes a drawn plan's repr for its notes.
pytestmark = pytest.mark.filterwarnings("ignore:Generating overly large repr")

FRAMEWORK = get("nrw_2019")
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
    return AddProduct(
        group=group.code, product=attrs.evolve(product, code=draw(st.sampled_from(free)))
    )


def _remove_product(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
    products = list(plan.products())
    if not products:
        return None
    product = draw(st.sampled_from(products))
    return RemoveProduct(code=product.code, old_name=draw(st.sampled_from([None, product.name])))


def _update_unit(draw: st.DrawFn, plan: BudgetPlan) -> Change | None:
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
    if not plan.statutes:
        return None
    statute = draw(st.sampled_from(plan.statutes))
    taxes = [t for t in TaxKind if statute.tax_rates.rate(t) is not None]
    if taxes and draw(st.booleans()):
        tax = draw(st.sampled_from(taxes))
        return SetTaxRate(
            year=statute.year,
            tax=tax,
            new=Decimal(draw(st.integers(100, 900))),
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
    _update_unit,
    _goals,
    _figures,
    _statute,
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


def _same_skeleton(draw: st.DrawFn, old: BudgetPlan) -> BudgetPlan:
    """Another consistent plan with the areas and groups of ``old`` but drawn content."""
    years = old.years
    areas = []
    for area in old.areas:
        groups = []
        for group in area.groups:
            codes = draw(st.lists(st.integers(1, 99), unique=True, max_size=2))
            products = tuple(
                attrs.evolve(
                    draw(nst.products(group.code, budget_years=years)), code=f"{group.code}{c:02d}"
                )
                for c in sorted(codes)
            )
            groups.append(attrs.evolve(group, products=products))
        areas.append(attrs.evolve(area, groups=tuple(groups)))
    codes_ = [p.code for a in areas for g in a.groups for p in g.products]
    investments = draw(
        st.lists(
            nst.investments(products=codes_, budget_years=years),
            unique_by=lambda i: i.id,
            max_size=2,
        )
    )
    posts = draw(
        st.lists(
            nst.posts(products=codes_, budget_years=years), unique_by=lambda p: p.id, max_size=2
        )
    )
    rates = st.integers(100, 900).map(Decimal)
    statutes = tuple(
        attrs.evolve(
            s,
            tax_rates=attrs.evolve(
                s.tax_rates,
                **{t.field_name: draw(rates) for t in TaxKind if s.tax_rates.rate(t) is not None},
            ),
        )
        for s in old.statutes
    )
    # Gesamtplan lines summed from Teilplänen are zero where no Teilplan has the line.
    aggregated = {(k, n) for _, _, k, n in FRAMEWORK.aggregation}
    lines = tuple(
        attrs.evolve(ln, values=tuple(None if v is None else Decimal(0) for v in ln.values))
        if ln.key in aggregated
        else ln
        for ln in old.lines
    )
    return recompute(
        attrs.evolve(
            old,
            areas=tuple(areas),
            lines=lines,
            investments=tuple(sorted(investments, key=lambda i: i.id)),
            posts=tuple(sorted(posts, key=lambda p: p.id)),
            statutes=statutes,
            blocks=(),
        )
    )


@FAST
@given(st.data())
def test_diff_of_two_plans_with_the_same_areas_and_groups(data: st.DataObject) -> None:
    old = data.draw(plans())
    new = _same_skeleton(data.draw, old)
    assert apply(old, diff(old, new)) == new


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
