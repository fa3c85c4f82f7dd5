"""``diff(old, new)``: the change set between two versions of a plan, by stable keys."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, cast

import attrs
import pytest
from tests.test_apply import A2021, PRODUCT, TEP, make_plan

from nkf.changes.apply import apply
from nkf.changes.diff import _Differ, _fed_keys, diff
from nkf.changes.recompute import aggregation_sources, recompute
from nkf.errors import ApplyError
from nkf.frameworks import get
from nkf.model import (
    BudgetArea,
    BudgetPlan,
    BudgetStatute,
    Column,
    FigureKind,
    FigureValue,
    Goal,
    KeyFigure,
    KeyFigureType,
    Municipality,
    PlanKind,
    PlanLine,
    PlanStatus,
    Post,
    PostStatus,
    Product,
    ProductGroup,
    TaxKind,
    standard_columns,
)
from nkf.model.amendment import (
    AddArea,
    AddGoal,
    AddGroup,
    AddKeyFigure,
    AddLine,
    AddProduct,
    AddStatute,
    AmountChange,
    BlockAmount,
    BlockPost,
    CreatePost,
    DeletePost,
    EditGoal,
    PlanField,
    ReleaseBlock,
    RemoveArea,
    RemoveGoal,
    RemoveGroup,
    RemoveKeyFigure,
    RemoveLine,
    RemoveProduct,
    RemoveStatute,
    SetBalanceYear,
    SetKeyFigureValue,
    SetKwVermerk,
    SetPlanningYears,
    SetStatuteValue,
    SetTaxRate,
    StatuteField,
    UnitField,
    UpdatePlan,
    UpdateUnit,
)
from nkf.model.finance import BudgetBlock
from nkf.model.targets import Target

if TYPE_CHECKING:
    from collections.abc import Callable

EP = PlanKind.ERGEBNISPLAN


def _product(plan: BudgetPlan, code: str) -> Product:
    found = plan.product(code)
    assert found is not None
    return found


def _replace_product(plan: BudgetPlan, product: Product) -> BudgetPlan:
    areas = tuple(
        attrs.evolve(
            a,
            groups=tuple(
                attrs.evolve(
                    g, products=tuple(product if p.code == product.code else p for p in g.products)
                )
                for g in a.groups
            ),
        )
        for a in plan.areas
    )
    return attrs.evolve(plan, areas=areas)


def _set(line: PlanLine, column: Column, value: Decimal) -> PlanLine:
    i = line.columns.index(column)
    return attrs.evolve(line, values=(*line.values[:i], value, *line.values[i + 1 :]))


def _round_trip(old: BudgetPlan, new: BudgetPlan) -> tuple[object, ...]:
    new = recompute(new)
    found = diff(old, new)
    assert apply(old, found) == new
    return found.changes


def test_no_difference_no_change() -> None:
    plan = make_plan()
    assert diff(plan, plan).changes == ()
    assert diff(plan, make_plan()).changes == ()


def test_an_amount_gives_one_amount_change_and_no_sum_lines() -> None:
    old = make_plan()
    seniors = _product(old, PRODUCT)
    lines = tuple(
        _set(ln, A2021, Decimal(62000)) if ln.key == (TEP, 15) else ln for ln in seniors.lines
    )
    changes = _round_trip(old, _replace_product(old, attrs.evolve(seniors, lines=lines)))
    assert changes == (
        AmountChange(
            target=Target(unit=PRODUCT, plan=TEP, line=15),
            column=A2021,
            old=Decimal(37000),
            new=Decimal(62000),
        ),
    )


def test_lines_are_keyed_by_plan_and_number_not_by_position() -> None:
    old = make_plan()
    seniors = _product(old, PRODUCT)
    shuffled = _replace_product(old, attrs.evolve(seniors, lines=tuple(reversed(seniors.lines))))
    assert diff(old, shuffled).changes == ()


def test_lines_added_removed_and_emptied() -> None:
    old = make_plan()
    seniors = _product(old, PRODUCT)
    line2 = seniors.line(TEP, 2)
    assert line2 is not None
    emptied = attrs.evolve(line2, values=(None, *line2.values[1:]))
    lines = tuple(
        emptied if ln.key == (TEP, 2) else ln for ln in seniors.lines if ln.key != (TEP, 6)
    )
    added = PlanLine(plan=TEP, number=7, columns=line2.columns, values=(None,) * 5 + (Decimal(10),))
    in_order = sorted((*lines, added), key=lambda ln: (list(PlanKind).index(ln.plan), ln.number))
    new = _replace_product(old, attrs.evolve(seniors, lines=tuple(in_order)))
    kinds = [type(c) for c in _round_trip(old, new)]
    # line 2 loses a cell (remove and add again), line 6 goes, line 7 comes.
    assert kinds == [RemoveLine, AddLine, AddLine, RemoveLine]


def test_products_added_removed_renamed() -> None:
    old = make_plan()
    group = old.areas[0].groups[0]
    extra = Product(
        code="050103",
        name="Pflegeberatung",
        lines=(
            PlanLine(
                plan=TEP, number=13, columns=standard_columns((2021,)), values=(Decimal(1),) * 6
            ),
        ),
    )
    renamed = attrs.evolve(group.products[0], name="Seniorenberatung")
    new_group = attrs.evolve(group, products=(renamed, extra))
    new = attrs.evolve(old, areas=(attrs.evolve(old.areas[0], groups=(new_group,)),))
    changes = _round_trip(old, new)
    assert [type(c) for c in changes] == [RemoveProduct, AddProduct, UpdateUnit]
    update = changes[2]
    assert isinstance(update, UpdateUnit)
    assert update.field is UnitField.NAME
    assert update.new == "Seniorenberatung"


def _goal(text: str, value: int = 1) -> Goal:
    figure = KeyFigure(
        name="Anzahl",
        type=KeyFigureType.COUNT,
        values=(FigureValue(year=2021, kind=FigureKind.ZIEL, value=Decimal(value)),),
    )
    return Goal(text=text, key_figures=(figure,))


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("ABC", "ABCD"),
        ("ABC", "DABC"),
        ("ABC", "AC"),
        ("ABC", "CBA"),
        ("ABC", "XYZW"),
        ("ABCDE", "AxCyE"),
        ("", "AB"),
        ("AB", ""),
    ],
)
def test_goals_by_position_in_an_order_that_applies(before: str, after: str) -> None:
    old = make_plan()
    seniors = _product(old, PRODUCT)
    old = _replace_product(old, attrs.evolve(seniors, goals=tuple(_goal(t) for t in before)))
    new = _replace_product(old, attrs.evolve(seniors, goals=tuple(_goal(t) for t in after)))
    _round_trip(old, new)


def test_goal_text_and_key_figures() -> None:
    old = make_plan()
    seniors = _product(old, PRODUCT)
    first, second = seniors.goals
    figure = first.key_figures[0]
    changed_figure = attrs.evolve(
        figure,
        values=(
            *figure.values[:2],
            FigureValue(year=2021, kind=FigureKind.ANSATZ, value=Decimal(1400)),
            FigureValue(year=2022, kind=FigureKind.PLANUNG, value=Decimal(1450)),
        ),
    )
    new_figure = KeyFigure(name="Zufriedenheit", type=KeyFigureType.PERCENT, unit="%")
    goals = (
        attrs.evolve(first, text="Beratung wohnortnah", key_figures=(changed_figure, new_figure)),
        attrs.evolve(second, key_figures=()),
    )
    new = _replace_product(old, attrs.evolve(seniors, goals=goals))
    kinds = [type(c) for c in _round_trip(old, new)]
    assert kinds == [EditGoal, SetKeyFigureValue, SetKeyFigureValue, AddKeyFigure, RemoveKeyFigure]


def test_goal_title_replaces_the_goal() -> None:
    old = make_plan()
    seniors = _product(old, PRODUCT)
    goals = (attrs.evolve(seniors.goals[0], title="Ziel 1"), seniors.goals[1])
    kinds = [
        type(c) for c in _round_trip(old, _replace_product(old, attrs.evolve(seniors, goals=goals)))
    ]
    assert kinds == [RemoveGoal, AddGoal]


def test_statute_posts_and_blocks() -> None:
    old = make_plan()
    statute = attrs.evolve(
        old.statutes[0],
        tax_rates=attrs.evolve(old.statutes[0].tax_rates, grundsteuer_b=Decimal(590)),
    )
    posts = (
        attrs.evolve(old.posts[0], status=PostStatus.BLOCKED),
        attrs.evolve(old.posts[1], kw_year=2024),
        Post(id="S-0501-07", title="Quartiersarbeit", fte=Decimal("0.5"), pay_grade="S 12"),
    )
    block = BudgetBlock(
        id="SV-1",
        target=Target(unit=PRODUCT, plan=TEP, line=15),
        release_condition="Konzept liegt vor",
        releasing_body="Hauptausschuss",
        column=A2021,
        amount=Decimal(15000),
        released=Decimal(5000),
    )
    new = attrs.evolve(old, statutes=(statute,), posts=posts, blocks=(block,))
    changes = _round_trip(old, new)
    assert [type(c) for c in changes] == [
        SetTaxRate,
        BlockPost,
        SetKwVermerk,
        CreatePost,
        BlockAmount,
        ReleaseBlock,
    ]
    tax = changes[0]
    assert tax == SetTaxRate(
        year=2021, tax=TaxKind.GRUNDSTEUER_B, new=Decimal(590), old=Decimal(554)
    )


def test_posts_in_a_new_order_are_deleted_and_appended_again() -> None:
    old = make_plan()
    new = attrs.evolve(old, posts=tuple(reversed(old.posts)))
    changes = _round_trip(old, new)
    assert [type(c) for c in changes] == [DeletePost, DeletePost, CreatePost, CreatePost]


def test_new_areas_statutes_and_metadata_are_changes() -> None:
    old = make_plan()
    area = BudgetArea(
        code="06",
        name="Kinder-, Jugend- und Familienhilfe",
        groups=(ProductGroup(code="0601", name="Kindertagesbetreuung"),),
    )
    new = attrs.evolve(
        old,
        areas=(*old.areas, area),
        municipality=Municipality(name="Leverkusen"),
        statutes=(*old.statutes, BudgetStatute(year=2022)),
    )
    changes = _round_trip(old, new)
    assert changes == (
        UpdatePlan(field=PlanField.MUNICIPALITY, new="Leverkusen", old="Leichlingen"),
        AddArea(area=area),
        AddStatute(statute=BudgetStatute(year=2022)),
    )
    assert [type(c) for c in _round_trip(new, old)] == [UpdatePlan, RemoveArea, RemoveStatute]


def test_every_field_of_the_plan_but_years_and_framework() -> None:
    old = make_plan()
    new = attrs.evolve(
        old,
        title=None,
        note="Zweite Lesung",
        status=PlanStatus.ADOPTED,
        municipality=Municipality(name="Leichlingen", ags="05378020"),
        planning_years=(2022, 2023, 2024, 2025),
    )
    changes = _round_trip(old, new)
    assert [(type(c), getattr(c, "field", None)) for c in changes] == [
        (UpdatePlan, PlanField.TITLE),
        (UpdatePlan, PlanField.NOTE),
        (UpdatePlan, PlanField.STATUS),
        (UpdatePlan, PlanField.AGS),
        (SetPlanningYears, None),
    ]
    assert changes[2] == UpdatePlan(field=PlanField.STATUS, new="beschlossen", old="entwurf")


@pytest.mark.parametrize(
    ("field", "value", "label"),
    [
        ("years", (2022,), "Haushaltsjahre"),
        ("framework", "nrw_2004", "Haushaltsrahmen"),
    ],
)
def test_plans_of_other_years_or_frameworks_are_no_versions(
    field: str, value: object, label: str
) -> None:
    old = make_plan()
    with pytest.raises(ApplyError) as raised:
        diff(old, attrs.evolve(old, **{field: value}))
    assert {d.code for d in raised.value.diagnostics} == {"NKF-E616"}
    assert label in str(raised.value)


def test_a_unit_whose_code_occurs_twice_cannot_be_added_or_removed() -> None:
    old = make_plan()
    twin = attrs.evolve(old.areas[0], groups=())
    doubled = attrs.evolve(old, areas=(*old.areas, twin))
    with pytest.raises(ApplyError, match="mehrfach") as raised:
        diff(old, doubled)
    assert {d.code for d in raised.value.diagnostics} == {"NKF-E616"}
    assert diff(doubled, doubled).changes == ()


def test_a_hebesatz_is_cleared_and_set_again() -> None:
    old = make_plan()
    rates = attrs.evolve(old.statutes[0].tax_rates, gewerbesteuer=None)
    new = attrs.evolve(old, statutes=(attrs.evolve(old.statutes[0], tax_rates=rates),))
    assert _round_trip(old, new) == (
        SetTaxRate(year=2021, tax=TaxKind.GEWERBESTEUER, new=None, old=Decimal(450)),
    )
    assert _round_trip(new, old) == (
        SetTaxRate(year=2021, tax=TaxKind.GEWERBESTEUER, new=Decimal(450), old=None),
    )


def test_statute_fields_without_an_amount_change_kind_before() -> None:
    old = make_plan()
    statute = attrs.evolve(
        old.statutes[0],
        balance_restored_year=2024,
        equalisation_reserve_opening=Decimal(1200000),
        general_reserve_opening=Decimal(35000000),
    )
    changes = _round_trip(old, attrs.evolve(old, statutes=(statute,)))
    assert changes == (
        SetBalanceYear(year=2021, new=2024, old=None),
        SetStatuteValue(
            year=2021,
            field=StatuteField.EQUALISATION_RESERVE_OPENING,
            new=Decimal(1200000),
            old=None,
        ),
        SetStatuteValue(
            year=2021, field=StatuteField.GENERAL_RESERVE_OPENING, new=Decimal(35000000), old=None
        ),
    )


def test_a_total_that_follows_from_the_plan_and_comes_replaces_the_statute() -> None:
    old = make_plan()
    statute = attrs.evolve(old.statutes[0], operating_payments=Decimal(0))
    new = recompute(attrs.evolve(old, statutes=(statute,)))
    assert new.statutes[0].operating_payments is not None
    assert [type(c) for c in _round_trip(old, new)] == [RemoveStatute, AddStatute]


def test_statutes_in_another_order() -> None:
    old = attrs.evolve(
        make_plan(),
        statutes=tuple(BudgetStatute(year=y) for y in (2021, 2022, 2023)),
    )
    new = attrs.evolve(old, statutes=tuple(reversed(old.statutes)))
    changes = _round_trip(old, new)
    assert changes == (
        RemoveStatute(year=2022),
        RemoveStatute(year=2023),
        AddStatute(statute=BudgetStatute(year=2023), position=1),
        AddStatute(statute=BudgetStatute(year=2022), position=2),
    )


def test_products_in_any_order_get_a_position() -> None:
    old = make_plan()
    group = old.areas[0].groups[0]
    new_group = attrs.evolve(group, products=tuple(reversed(group.products)))
    new = attrs.evolve(old, areas=(attrs.evolve(old.areas[0], groups=(new_group,)),))
    changes = _round_trip(old, new)
    assert [(type(c), getattr(c, "position", None)) for c in changes] == [
        (RemoveProduct, None),
        (AddProduct, 1),
    ]


def test_groups_and_products_move_between_parents() -> None:
    old = make_plan()
    area = old.areas[0]
    seniors, disability = area.groups[0].products
    second = ProductGroup(code="0502", name="Hilfe zur Pflege", products=(disability,))
    other = BudgetArea(code="06", name="Kinder-, Jugend- und Familienhilfe")
    before = recompute(
        attrs.evolve(
            old,
            areas=(
                attrs.evolve(area, groups=(attrs.evolve(area.groups[0], products=(seniors,)),)),
                other,
            ),
        )
    )
    moved_group = attrs.evolve(area.groups[0], products=(seniors, disability))
    after = attrs.evolve(
        before, areas=(attrs.evolve(area, groups=()), attrs.evolve(other, groups=(moved_group,)))
    )
    changes = _round_trip(before, after)
    assert [type(c) for c in changes] == [RemoveGroup, AddGroup]
    group_changes = _round_trip(before, attrs.evolve(before, areas=(area, other)))
    assert [type(c) for c in group_changes] == [AddProduct]
    with_second = attrs.evolve(before, areas=(attrs.evolve(area, groups=(area.groups[0],)), other))
    moved = attrs.evolve(
        with_second,
        areas=(
            attrs.evolve(area, groups=(attrs.evolve(area.groups[0], products=(seniors,)), second)),
            other,
        ),
    )
    assert [type(c) for c in _round_trip(recompute(with_second), moved)] == [
        RemoveProduct,
        AddGroup,
    ]


def test_a_total_without_its_details_keeps_its_figures() -> None:
    """A sum line whose lines go but whose figures stay is stated anew, not set to zero."""
    old = make_plan()
    seniors = _product(old, PRODUCT)
    total = seniors.line(TEP, 10)
    assert total is not None
    # 050101 now brings "Ordentliche Erträge" (line 10) without the lines 2, 4, 6.
    lines = tuple(ln for ln in seniors.lines if ln.number not in (2, 4, 6) or ln.plan is not TEP)
    new = recompute(_replace_product(old, attrs.evolve(seniors, lines=lines)))
    assert _product(new, PRODUCT).line(TEP, 10) == total
    changes = _round_trip(old, new)
    assert [type(c) for c in changes] == [RemoveLine, RemoveLine, RemoveLine, RemoveLine, AddLine]


# ----------------------------------------------------------------------------- size


def _big_plan(areas: int = 10, groups: int = 10, products: int = 10) -> BudgetPlan:
    """1,000 products with three entry lines each, the Gesamtergebnisplan summed up."""
    columns = standard_columns((2021,))
    framework = get("nrw_2019")
    built = []
    for a in range(1, areas + 1):
        area = f"{a:02d}"
        area_def = framework.area(area)
        assert area_def is not None
        group_units = []
        for g in range(1, groups + 1):
            group = f"{area}{g:02d}"
            units = tuple(
                Product(
                    code=f"{group}{p:02d}",
                    name=f"Produkt {group}{p:02d}",
                    lines=tuple(
                        PlanLine(
                            plan=TEP,
                            number=n,
                            columns=columns,
                            values=tuple(
                                Decimal((a * 7919 + g * 104729 + p * 1299709 + n * i) % 10**6)
                                for i, _ in enumerate(columns)
                            ),
                        )
                        for n in (2, 13, 15)
                    ),
                )
                for p in range(1, products + 1)
            )
            group_units.append(ProductGroup(code=group, name=f"Gruppe {group}", products=units))
        built.append(BudgetArea(code=area, name=area_def.name, groups=tuple(group_units)))
    schema = framework.schema(EP)
    assert schema is not None
    gesamt = tuple(
        PlanLine(plan=EP, number=d.number, columns=columns, values=(Decimal(0),) * len(columns))
        for d in schema.lines
    )
    return recompute(
        BudgetPlan(
            municipality=Municipality(name="Großstadt"),
            years=(2021,),
            areas=tuple(built),
            lines=gesamt,
        )
    )


def test_a_thousand_products_with_one_percent_changed() -> None:
    # Only behaviour here; how fast this diff is compared with loading is measured in
    # benchmarks/ (make bench), never asserted in tests.
    old = _big_plan()
    cells = [
        (p.code, ln.number, i)
        for p in old.products()
        for ln in p.lines
        if ln.number in (2, 13, 15)
        for i in range(len(ln.columns))
    ]
    chosen = cells[::100]  # one cell in a hundred
    by_product: dict[str, list[tuple[int, int]]] = {}
    for code, number, i in chosen:
        by_product.setdefault(code, []).append((number, i))
    new = old
    for code, edits in by_product.items():
        product = _product(new, code)
        lines = []
        for ln in product.lines:
            values = list(ln.values)
            for number, i in edits:
                if ln.number == number:
                    values[i] = Decimal(values[i] or 0) + 1
            lines.append(attrs.evolve(ln, values=tuple(values)))
        new = _replace_product(new, attrs.evolve(product, lines=tuple(lines)))
    new = recompute(new)
    found = diff(old, new)
    assert len(found.changes) == len(chosen) == 180
    assert all(isinstance(c, AmountChange) for c in found.changes)
    assert apply(old, found) == new


# ----------------------------------------------------------------------------- lines


def _lines_both_ways(
    old: BudgetPlan, new: BudgetPlan, unit: str | None, before: tuple[PlanLine, ...]
) -> None:
    """Lines compared in place give what comparing them key by key gives (NaN cells too)."""
    after = new.lines if unit is None else _product(new, unit).lines
    fast, slow = _Differ(old, new), _Differ(old, new)
    outcomes = []
    for differ, compare in ((fast, fast.lines), (slow, slow._all_lines)):
        try:
            compare(unit, before, after)
        except ArithmeticError as error:
            outcomes.append(type(error).__name__)
        else:
            outcomes.append(repr((differ.changes, differ.derived, differ.derived_added)))
    assert outcomes[0] == outcomes[1]


def _edited(
    plan: BudgetPlan, edit: Callable[[tuple[PlanLine, ...]], tuple[PlanLine, ...]]
) -> BudgetPlan:
    product = _product(plan, PRODUCT)
    return _replace_product(plan, attrs.evolve(product, lines=edit(product.lines)))


def _cell(line: PlanLine, i: int, value: Decimal | None) -> PlanLine:
    return attrs.evolve(line, values=(*line.values[:i], value, *line.values[i + 1 :]))


NAN = Decimal("NaN")

_LINE_EDITS: dict[str, Callable[[tuple[PlanLine, ...]], tuple[PlanLine, ...]]] = {
    "amount": lambda ls: (_cell(ls[0], 2, Decimal(1)), *ls[1:]),
    "emptied": lambda ls: (_cell(ls[0], 2, None), *ls[1:]),
    "filled": lambda ls: (_cell(_cell(ls[0], 1, None), 2, Decimal(5)), *ls[1:]),
    "nan": lambda ls: (_cell(ls[0], 2, NAN), *ls[1:]),
    "signalling": lambda ls: (_cell(ls[0], 2, Decimal("sNaN")), *ls[1:]),
    "sum": lambda ls: tuple(_cell(ln, 2, Decimal(7)) if ln.number == 10 else ln for ln in ls),
    "reordered": lambda ls: (*ls[1:], ls[0]),
    "twice": lambda ls: (_cell(ls[0], 2, Decimal(3)), *ls[1:], ls[0]),
    "gone": lambda ls: ls[1:],
    "columns": lambda ls: (
        attrs.evolve(ls[0], columns=ls[0].columns[::-1], values=ls[0].values[::-1]),
        *ls[1:],
    ),
    "column twice": lambda ls: (
        attrs.evolve(ls[0], columns=(*ls[0].columns[:-1], ls[0].columns[0])),
        _cell(ls[1], 0, Decimal(2)),
        *ls[2:],
    ),
    # The sum line 10 of the Teilergebnisplan without the lines it sums, placed last.
    "total alone": lambda ls: (
        *(ln for ln in ls if ln.key not in {(TEP, 2), (TEP, 4), (TEP, 6), (TEP, 10)}),
        *(ln for ln in ls if ln.key == (TEP, 10)),
    ),
    "float": lambda ls: (_cell(ls[0], 2, cast("Decimal", 0.5)), *ls[1:]),
}


@pytest.mark.parametrize("name", sorted(_LINE_EDITS))
@pytest.mark.parametrize(
    "old_edit", ["", "nan", "signalling", "twice", "column twice", "total alone", "float"]
)
def test_lines_in_place_as_key_by_key(name: str, old_edit: str) -> None:
    base = make_plan()
    old = _edited(base, _LINE_EDITS[old_edit]) if old_edit else base
    # A line of one object in both versions, a NaN in it or not, and an edit beside it.
    new = _edited(old, lambda ls: (ls[0], *_LINE_EDITS[name](ls[1:])))
    _lines_both_ways(old, new, PRODUCT, _product(old, PRODUCT).lines)
    gesamt = attrs.evolve(new, lines=_LINE_EDITS[name](new.lines))
    _lines_both_ways(new, gesamt, None, new.lines)


def test_the_gesamtplan_lines_fed_by_teilplan_lines_are_those_recompute_sums() -> None:
    plan = make_plan()
    framework = get(plan.framework)
    seniors = _product(plan, PRODUCT)
    # A group with lines of its own counts instead of its products.
    group = attrs.evolve(plan.areas[0].groups[0], lines=seniors.lines[:2])
    grouped = attrs.evolve(
        plan, areas=(attrs.evolve(plan.areas[0], groups=(group,)), *plan.areas[1:])
    )
    # An area with lines of its own counts instead of its groups.
    area = attrs.evolve(plan.areas[0], lines=seniors.lines[-2:])
    own = attrs.evolve(plan, areas=(area, *plan.areas[1:]))
    for version in (plan, grouped, own, attrs.evolve(plan, areas=())):
        sources = aggregation_sources(version, framework)
        assert _fed_keys(version, framework) == {key for key, lines in sources.items() if lines}
