"""The public hypothesis strategies (nkf.strategies) draw what they promise.

The checks of plan formulas and the Gesamtplan aggregation are written here against the
framework catalogs, independent of nkf.rules.
"""

from __future__ import annotations

import datetime
import types
import typing
from collections import defaultdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import nkf.strategies as nst
from nkf import frameworks
from nkf.model.amendment import (
    AddProduct,
    Amendment,
    Change,
    Condition,
    ConsultationStep,
    Relation,
    SetKeyFigureValue,
    Signatory,
    Submitter,
    UnitField,
    UpdateUnit,
    Vote,
)
from nkf.model.finance import BudgetBlock, BudgetStatute, Investment, Post, TaxRates
from nkf.model.goals import Goal, KeyFigure, KeyFigureType
from nkf.model.lines import Column, PlanKind, PlanLine, ValueKind, standard_columns
from nkf.model.plan import BudgetPlan
from nkf.model.targets import Target
from nkf.model.units import BindingDegree, BudgetArea, Product, ProductGroup

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from hypothesis.strategies import SearchStrategy

EP = PlanKind.ERGEBNISPLAN
TEP = PlanKind.TEILERGEBNISPLAN
FP = PlanKind.FINANZPLAN
TFP = PlanKind.TEILFINANZPLAN

CHANGE_CLASSES: tuple[type, ...] = typing.get_args(Change)

# Plans are the heavy strategy (tens of milliseconds each): their tests run few examples,
# and tests that collect what examples show are derandomized (collecting()).


# ----------------------------------------------------------------------------- helpers


def _lines_by_key(lines: Iterable[PlanLine]) -> dict[tuple[PlanKind, int], PlanLine]:
    return {line.key: line for line in lines}


def assert_formulas_hold(lines: tuple[PlanLine, ...], framework: str) -> None:
    """Every line with a formula equals its formula; missing lines and empty cells are 0."""
    catalog = frameworks.get(framework)
    by_key = _lines_by_key(lines)
    assert len(by_key) == len(lines), "a line occurs twice"
    for line in lines:
        schema = catalog.schema(line.plan)
        assert schema is not None
        definition = schema.line(line.number)
        assert definition is not None, f"line {line.number} is not in the {line.plan.label}"
        assert None not in line.values
        if not definition.formula:
            continue
        for column in line.columns:
            expected = Decimal(0)
            for term in definition.formula:
                operand = by_key.get((line.plan, term.line))
                value = operand.amount(column) if operand is not None else Decimal(0)
                expected += term.sign * value
            assert line.amount(column) == expected, (line.plan, line.number, column)


def all_lines(plan: BudgetPlan) -> Iterable[tuple[str | None, tuple[PlanLine, ...]]]:
    yield None, plan.lines
    for unit in plan.units():
        yield unit.code, unit.lines


def optional_and_tuple_fields(cls: type) -> tuple[list[str], list[str]]:
    """The names of the fields of ``cls`` typed ``X | None`` and ``tuple[...]``."""
    hints = typing.get_type_hints(cls)
    optional, tuples = [], []
    for field in attrs.fields(cls):
        hint = hints[field.name]
        if typing.get_origin(hint) in (typing.Union, types.UnionType) and type(
            None
        ) in typing.get_args(hint):
            optional.append(field.name)
        elif typing.get_origin(hint) is tuple:
            tuples.append(field.name)
    return optional, tuples


def survey(
    strategy: SearchStrategy[Any],
    *classes: type,
    examples: int = 40,
    exempt: frozenset[str] = frozenset(),
    check: Callable[[Any], None] | None = None,
) -> None:
    """Over the examples of ``strategy``, each optional field of each of ``classes`` is
    sometimes None and sometimes set, and each tuple field sometimes empty and sometimes not.

    Nested values count too: every instance of the classes found inside an example.
    ``exempt`` names fields (``"Class.field"``) that are never empty by design; ``check``
    is called with every example.
    """
    fields = {cls: optional_and_tuple_fields(cls) for cls in classes}
    seen: defaultdict[tuple[type, str], set[bool]] = defaultdict(set)

    @collecting(examples)
    @given(strategy)
    def collect(example: object) -> None:
        if check is not None:
            check(example)
        for value in walk(example):
            if type(value) in fields:
                optional, tuples = fields[type(value)]
                for name in optional:
                    seen[type(value), name].add(getattr(value, name) is None)
                for name in tuples:
                    seen[type(value), name].add(len(getattr(value, name)) == 0)

    collect()
    for cls, (optional, tuples) in fields.items():
        for name in (*optional, *tuples):
            if f"{cls.__name__}.{name}" in exempt:
                continue
            assert seen[cls, name] == {True, False}, f"{cls.__name__}.{name}: {seen[cls, name]}"


def walk(value: object) -> Iterable[object]:
    """``value`` and every attrs value and tuple item inside it."""
    yield value
    cls = type(value)
    if attrs.has(cls):
        for field in attrs.fields(cls):
            yield from walk(getattr(value, field.name))
    elif isinstance(value, tuple):
        for item in value:
            yield from walk(item)


def collecting(examples: int) -> settings:
    """Settings for tests that collect what a fixed number of examples shows.

    Derandomized, so that such a test is deterministic: it passes or fails every time.
    """
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )


XML_CHARS = ((0x20, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF))


def is_xml_char(ch: str) -> bool:
    return any(lo <= ord(ch) <= hi for lo, hi in XML_CHARS) or ch == "\n"


# ----------------------------------------------------------------------------- scalars


@given(nst.amounts())
def test_amounts_have_two_places_and_no_negative_zero(value: Decimal) -> None:
    assert value.is_finite()
    assert value.as_tuple().exponent == -2
    assert abs(value) <= nst.MAX_AMOUNT
    assert not (value.is_zero() and value.is_signed())


@given(nst.amounts(Decimal("-0.005"), Decimal("0.015")))
def test_amounts_respect_bounds_between_cents(value: Decimal) -> None:
    assert value in (Decimal("0.00"), Decimal("0.01"))


@given(nst.whole_euros(), nst.years(), nst.dates())
def test_whole_euros_years_and_dates(euros: Decimal, year: int, day: datetime.date) -> None:
    assert euros == euros.to_integral_value()
    assert nst.MIN_YEAR <= year <= nst.MAX_YEAR
    assert type(day) is datetime.date
    assert nst.MIN_YEAR <= day.year <= nst.MAX_YEAR


@given(nst.texts())
def test_texts_are_printable_xml_safe_and_trimmed(text: str) -> None:
    assert text
    assert text == text.strip()
    assert text.isprintable()
    assert all(is_xml_char(ch) for ch in text)
    assert "\r" not in text


@given(nst.paragraphs())
def test_paragraphs_are_lines_of_texts(text: str) -> None:
    assert "\r" not in text
    for line in text.split("\n"):
        assert line
        assert line == line.strip()
        assert line.isprintable()


@given(nst.product_codes(), nst.group_codes(), nst.area_codes())
def test_codes_are_hierarchical(product: str, group: str, area: str) -> None:
    assert len(area) == 2
    assert 1 <= int(area) <= 17
    assert len(group) == 4
    assert group.isdigit()
    assert 1 <= int(group[:2]) <= 17
    assert len(product) == 6
    assert product.isdigit()
    assert 1 <= int(product[:2]) <= 17
    assert group[2:] != "00"
    assert product[4:] != "00"


@given(st.data())
def test_codes_under_a_parent(data: st.DataObject) -> None:
    area = data.draw(nst.area_codes())
    group = data.draw(nst.group_codes(area))
    product = data.draw(nst.product_codes(group))
    assert group.startswith(area)
    assert product.startswith(group)


@given(nst.budget_years(), st.booleans(), st.data())
def test_column_layouts_are_standard(
    years: tuple[int, ...], finance: bool, data: st.DataObject
) -> None:
    layout = data.draw(nst.column_layouts(years, finance=finance))
    assert layout == standard_columns(years, finance=finance)
    assert all(nst.MIN_YEAR <= c.year <= nst.MAX_YEAR for c in layout)


# ----------------------------------------------------------------------------- lines


@pytest.mark.parametrize("kind", list(PlanKind), ids=lambda k: k.value)
@pytest.mark.parametrize("framework", ["nrw_2019", "nrw_2004"])
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_plan_lines_follow_the_formulas(
    kind: PlanKind, framework: str, data: st.DataObject
) -> None:
    lines = data.draw(nst.plan_lines(kind, framework=framework))
    assert_formulas_hold(lines, framework)
    assert all(line.plan is kind for line in lines)
    schema = frameworks.get(framework).schema(kind)
    assert schema is not None
    computed = {d.number for d in schema.lines if d.formula}
    numbers = {line.number for line in lines}
    assert computed <= numbers
    if not kind.is_part:
        assert numbers == set(schema.numbers)
    assert [line.number for line in lines] == sorted(numbers)


COLS = (Column(year=2021, kind=ValueKind.ANSATZ), Column(year=2022, kind=ValueKind.PLANUNG))


@given(nst.plan_lines(TEP, COLS))
def test_plan_lines_use_the_given_columns(lines: tuple[PlanLine, ...]) -> None:
    assert all(line.columns == COLS for line in lines)


def test_raw_plan_lines_are_well_formed_and_sometimes_empty() -> None:
    seen: set[str] = set()

    @collecting(50)
    @given(nst.raw_plan_lines())
    def check(lines: tuple[PlanLine, ...]) -> None:
        assert len(_lines_by_key(lines)) == len(lines)
        for line in lines:
            assert len(line.values) == len(line.columns)
            assert len(set(line.columns)) == len(line.columns)
            assert line.number >= 1
            seen.update("empty" if v is None else "value" for v in line.values)
        seen.update(line.plan.value for line in lines)

    check()
    assert seen == {"empty", "value", *(k.value for k in PlanKind)}


# ----------------------------------------------------------------------------- goals, key figures


def assert_values_match_type(kf: KeyFigure) -> None:
    values = [*kf.values, *([] if kf.baseline is None else [kf.baseline])]
    for figure_value in values:
        value = figure_value.value
        assert kf.type.accepts(value)
        if kf.type is KeyFigureType.DATE:
            assert type(value) is datetime.date
            assert value.year == figure_value.year
        elif kf.type is KeyFigureType.YES_NO:
            assert type(value) is bool
        else:
            assert type(value) is Decimal
            assert value.is_finite()
            assert not (value.is_zero() and value.is_signed())
            if kf.type is KeyFigureType.COUNT:
                assert value >= 0
                assert value == value.to_integral_value()
            elif kf.type is KeyFigureType.PERCENT:
                assert 0 <= value <= 200


def test_key_figure_values_match_the_type() -> None:
    types_with_values: set[KeyFigureType] = set()

    @collecting(150)
    @given(nst.key_figures())
    def check(kf: KeyFigure) -> None:
        assert_values_match_type(kf)
        assert len({(v.year, v.kind) for v in kf.values}) == len(kf.values)
        if kf.values:
            types_with_values.add(kf.type)

    check()
    assert types_with_values == set(KeyFigureType)


@pytest.mark.parametrize("figure_type", list(KeyFigureType), ids=lambda t: t.value)
@settings(max_examples=10)
@given(data=st.data())
def test_key_figures_of_a_type(figure_type: KeyFigureType, data: st.DataObject) -> None:
    kf = data.draw(nst.key_figures(figure_type))
    assert kf.type is figure_type
    assert_values_match_type(kf)


@given(nst.goals(years=nst.years(2020, 2025), min_key_figures=1))
def test_goals_have_key_figures_in_the_given_years(goal: Goal) -> None:
    assert goal.key_figures
    for kf in goal.key_figures:
        assert all(2020 <= v.year <= 2025 for v in kf.values)


@settings(max_examples=10)
@given(nst.products("0501", budget_years=(2021,)))
def test_products_lie_under_their_group_and_add_up(product: Product) -> None:
    assert product.code[:4] == "0501"
    assert len(product.code) == 6
    assert_formulas_hold(product.lines, "nrw_2019")
    assert {line.plan for line in product.lines} <= {TEP, TFP}
    assert all(
        line.columns[2] == Column(year=2021, kind=ValueKind.ANSATZ) for line in product.lines
    )


@settings(max_examples=5, deadline=None)
@given(nst.budget_areas("05", max_groups=2, max_products=2))
def test_areas_hold_their_groups(area: BudgetArea) -> None:
    assert area.code == "05"
    assert area.groups
    for group in area.groups:
        assert group.code[:2] == "05"
        assert all(p.code[:4] == group.code for p in group.products)


# ----------------------------------------------------------------------------- plans


def check_sums(plan: BudgetPlan) -> None:
    """Sum lines equal their formulas; the Gesamtplan is the sum of the Teilpläne."""
    catalog = frameworks.get(plan.framework)
    for _, lines in all_lines(plan):
        assert_formulas_hold(lines, plan.framework)
    gesamt = _lines_by_key(plan.lines)
    kinds = {kind for kind, _ in gesamt}
    has_finance = any(line.plan is TFP for p in plan.products() for line in p.lines)
    assert kinds == ({EP, FP} if has_finance else {EP})
    totals: defaultdict[tuple[PlanKind, int], list[PlanLine]] = defaultdict(list)
    for unit in plan.units():
        for line in unit.lines:
            totals[line.key].append(line)
    for part_kind, part_line, whole_kind, whole_line in catalog.aggregation:
        if whole_kind not in kinds:
            continue
        whole = gesamt[whole_kind, whole_line]
        for column in whole.columns:
            parts = (line.amount(column) for line in totals[part_kind, part_line])
            assert whole.amount(column) == sum(parts, Decimal(0)), (whole.key, column)


def check_nrw_2019_result(plan: BudgetPlan) -> None:
    """Lines 27/28 of the Teilergebnisplan (internal services) are not summed, and the GMA
    of the Ergebnisplan is zero."""
    gesamt = _lines_by_key(plan.lines)
    annual = gesamt[EP, 26]
    for column in annual.columns:
        total = sum(
            (ln.amount(column) for p in plan.products() for ln in p.lines if ln.key == (TEP, 26)),
            Decimal(0),
        )
        assert annual.amount(column) == total
    assert all(v == 0 for v in gesamt[EP, 27].values)
    assert gesamt[EP, 28].values == annual.values


def check_structure(plan: BudgetPlan) -> None:
    """Codes unique and hierarchical, names per framework, columns standard."""
    catalog = frameworks.get(plan.framework)
    codes = [u.code for u in plan.units()]
    assert len(codes) == len(set(codes))
    assert plan.areas
    assert [a.code for a in plan.areas] == sorted(a.code for a in plan.areas)
    for area in plan.areas:
        definition = catalog.area(area.code)
        assert definition is not None
        assert area.name in (definition.name, *definition.aliases)
        assert area.groups
        for group in area.groups:
            assert len(group.code) == 4
            assert group.code[:2] == area.code
            assert group.products
            for product in group.products:
                assert len(product.code) == 6
                assert product.code[:4] == group.code
    for unit in plan.units():
        assert all(line.plan.is_part for line in unit.lines)
        keys = [" ".join(g.text.split()).casefold() for g in unit.goals]
        assert len(keys) == len(set(keys))
        for goal in unit.goals:
            assert goal.key_figures
        for kf in (*unit.key_figures, *(k for g in unit.goals for k in g.key_figures)):
            assert_values_match_type(kf)
            for v in (*kf.values, *([] if kf.baseline is None else [kf.baseline])):
                assert plan.years[0] - 2 <= v.year <= plan.years[-1] + 3
    for _, lines in all_lines(plan):
        for line in lines:
            assert line.columns == standard_columns(plan.years, finance=not line.plan.is_result)
    assert plan.planning_years == tuple(plan.years[-1] + i for i in (1, 2, 3))


def check_references(plan: BudgetPlan) -> None:
    """Investments, posts, statutes and blocks are consistent and point at what exists."""
    products = {p.code for p in plan.products()}
    assert len({i.id for i in plan.investments}) == len(plan.investments)
    for measure in plan.investments:
        assert measure.product is None or measure.product in products
        paid = sum((p.amount for p in measure.payments), Decimal(0))
        assert all(p.amount >= 0 for p in (*measure.payments, *measure.receipts))
        if measure.total_cost is not None:
            assert measure.total_cost >= paid + (measure.provided_before or 0)
        for ve in measure.commitments:
            assert ve.year in plan.years
            assert ve.amount == sum((c.amount for c in ve.charges), Decimal(0))
            assert all(c.year > ve.year for c in ve.charges)
    assert len({p.id for p in plan.posts}) == len(plan.posts)
    for post in plan.posts:
        assert post.product is None or post.product in products
        assert Decimal("0.01") <= post.fte <= 2
        assert post.fte.as_tuple().exponent == -2
        assert post.kw_year is None or post.kw_year >= plan.year
    assert [s.year for s in plan.statutes] == list(plan.years)
    for statute in plan.statutes:
        rates = statute.tax_rates
        assert rates.grundsteuer_a is not None
        assert rates.gewerbesteuer is not None
        assert rates.gewerbesteuer >= 200
        assert (rates.grundsteuer_b is None) == (rates.grundsteuer_b_wohnen is not None)
        if statute.year < 2025:
            assert rates.grundsteuer_b_wohnen is None
        assert statute.total_income is None
        assert statute.total_expenses is None
        # The Ausgleichsrücklage covers exactly the deficit (Jahresergebnis after the GMA).
        result = plan.line(EP, 28)
        assert result is not None
        deficit = -result.amount(Column(year=statute.year, kind=ValueKind.ANSATZ))
        assert statute.equalisation_reserve_use == (deficit if deficit > 0 else None)
    measures = {i.id for i in plan.investments}
    assert len({b.id for b in plan.blocks}) == len(plan.blocks)
    for block in plan.blocks:
        if block.target.investment is not None:
            assert block.target.investment in measures
            continue
        assert block.target.unit is not None
        assert block.target.plan is not None
        assert block.target.line is not None
        assert block.column is not None
        unit = plan.unit(block.target.unit)
        assert unit is not None
        line = unit.line(block.target.plan, block.target.line)
        assert line is not None
        schema = frameworks.get(plan.framework).schema(line.plan)
        assert schema is not None
        definition = schema.line(line.number)
        assert definition is not None
        assert not definition.formula  # an entry line, not a sum
        assert block.column.kind is ValueKind.ANSATZ
        assert block.column.year in plan.years
        budget = line.amount(block.column)
        assert block.amount is None or 0 < block.amount <= budget
        assert 0 <= block.released <= (block.amount or budget)


def test_consistent_plans() -> None:
    """Generated plans add up, are coherent, and show every feature now and then."""
    features: set[str] = set()

    @collecting(15)
    @given(nst.budget_plans())
    def check(plan: BudgetPlan) -> None:
        check_sums(plan)
        check_nrw_2019_result(plan)
        check_structure(plan)
        check_references(plan)
        copy = attrs.evolve(plan)
        assert copy == plan
        assert hash(copy) == hash(plan)
        features.add(f"years-{len(plan.years)}")
        features.update(f"plan-{line.plan.value}" for line in plan.lines)
        features.update(
            f"block-{'measure' if b.target.investment else 'line'}" for b in plan.blocks
        )
        features.update("investment-product" for i in plan.investments if i.product is not None)
        features.update("post-product" for p in plan.posts if p.product is not None)
        features.update("commitment" for i in plan.investments if i.commitments)
        features.update("deficit" for s in plan.statutes if s.equalisation_reserve_use)

    check()
    assert features == {
        "years-1",
        "years-2",
        "plan-ergebnisplan",
        "plan-finanzplan",
        "block-line",
        "block-measure",
        "investment-product",
        "post-product",
        "commitment",
        "deficit",
    }


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nst.budget_plans(framework="nrw_2004", max_areas=2))
def test_consistent_plans_of_another_framework_add_up(plan: BudgetPlan) -> None:
    check_sums(plan)


def test_raw_plans() -> None:
    """Raw plans are hashable, hold empty cells, and vary every optional and tuple field."""
    found: set[str] = set()

    def check(plan: BudgetPlan) -> None:
        copy = attrs.evolve(plan)
        assert copy == plan
        assert hash(copy) == hash(plan)
        for code, lines in all_lines(plan):
            for line in lines:
                assert line.plan.is_part == (code is not None)
                if None in line.values:
                    found.add("empty cell")

    survey(
        nst.budget_plans(consistent=False),
        BudgetPlan,
        BudgetArea,
        ProductGroup,
        Product,
        examples=20,
        exempt=frozenset({"BudgetPlan.years", "BudgetPlan.planning_years"}),
        check=check,
    )
    assert found == {"empty cell"}


@pytest.mark.parametrize(
    ("strategy", "cls"),
    [
        (nst.investments(), Investment),
        (nst.posts(), Post),
        (nst.budget_statutes(), BudgetStatute),
        (nst.tax_rates(), TaxRates),
        (nst.budget_blocks(), BudgetBlock),
        (nst.targets(), Target),
        (nst.key_figures(), KeyFigure),
    ],
    ids=lambda v: getattr(v, "__name__", ""),
)
def test_raw_values_are_sometimes_empty(strategy: SearchStrategy[Any], cls: type) -> None:
    survey(strategy, cls, examples=40)


# ----------------------------------------------------------------------------- amendments


def test_every_change_class_has_a_strategy() -> None:
    assert len(CHANGE_CLASSES) == 40


@settings(max_examples=25)
@given(nst.changes())
def test_changes_are_changes(change: Change) -> None:
    assert isinstance(change, CHANGE_CLASSES)


@pytest.mark.parametrize("cls", CHANGE_CLASSES, ids=lambda c: c.__name__)
def test_every_change_class_is_generated(cls: type[Change]) -> None:
    """``changes(cls)`` draws ``cls`` (``changes()`` is the union of the same strategies),
    with every optional field sometimes None and every tuple sometimes empty."""

    def check(change: Change) -> None:
        assert type(change) is cls
        assert attrs.evolve(change) == change
        assert hash(attrs.evolve(change)) == hash(change)

    survey(nst.changes(cls), cls, examples=25, check=check)


def test_changes_rejects_other_classes() -> None:
    with pytest.raises(TypeError, match="not change classes"):
        nst.changes(typing.cast("Any", KeyFigure))


def test_amendment_fields_are_sometimes_empty() -> None:
    """Every optional field of the metadata is sometimes None, every tuple sometimes empty."""
    survey(
        nst.amendments(),
        Amendment,
        Submitter,
        Signatory,
        ConsultationStep,
        Vote,
        Relation,
        examples=150,
    )


@pytest.mark.parametrize(
    ("strategy", "cls"), [(nst.targets(), Target), (nst.conditions(), Condition)]
)
def test_targets_and_conditions_are_sometimes_empty(
    strategy: SearchStrategy[Any], cls: type
) -> None:
    """Surveyed on their own: inside motions, 40 change kinds share the examples, and how
    many targets a fixed number of motions holds depends on what else the run loaded
    (hypothesis draws constants from the loaded modules)."""
    survey(strategy, cls, examples=60)


@settings(max_examples=25)
@given(nst.amendments())
def test_amendments_are_hashable_and_equal_to_copies(amendment: Amendment) -> None:
    copy = attrs.evolve(amendment)
    assert copy == amendment
    assert hash(copy) == hash(amendment)
    refs = [c.ref for c in amendment.changes if c.ref is not None]
    assert len(refs) == len(set(refs))
    for change in amendment.changes:
        assert attrs.evolve(change) == change
        assert hash(change) == hash(attrs.evolve(change))


@settings(max_examples=20)
@given(nst.add_products())
def test_added_products_lie_under_their_group(change: AddProduct) -> None:
    assert change.product.code[:4] == change.group


@settings(max_examples=25)
@given(nst.update_units())
def test_bindings_are_binding_degrees(change: UpdateUnit) -> None:
    if change.field is UnitField.BINDING:
        allowed = {b.value for b in BindingDegree}
        assert {v for v in (change.new, change.old) if v is not None} <= allowed


@settings(max_examples=25)
@given(nst.set_key_figure_values())
def test_key_figure_value_changes_keep_one_type(change: SetKeyFigureValue) -> None:
    present = [v for v in (change.new, change.old) if v is not None]
    assert len({type(v) for v in present}) <= 1
