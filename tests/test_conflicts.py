"""Tests for nkf.changes.conflicts: collisions between motions, found by target key."""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs
import pytest

from nkf.changes.compose import compose
from nkf.changes.conflicts import Conflict, ConflictKind, conflicts, identical
from nkf.diagnostics import Severity
from nkf.examples import founding_motion, leichlingen_plan
from nkf.model import (
    BudgetArea,
    BudgetPlan,
    BudgetStatute,
    Column,
    Goal,
    Municipality,
    PlanKind,
    PlanLine,
    Product,
    ProductGroup,
    TaxKind,
    TaxRates,
    ValueKind,
)
from nkf.model.amendment import (
    AddArea,
    AddGoal,
    AddGroup,
    AddProduct,
    AddStatute,
    Amendment,
    AmountChange,
    Coverage,
    CoverageSource,
    DeletePost,
    EditGoal,
    MoveAmount,
    PercentChange,
    PlanField,
    RemoveArea,
    RemoveGoal,
    RemoveGroup,
    RemoveLine,
    RemoveProduct,
    RemoveStatute,
    SetBalanceYear,
    SetKwVermerk,
    SetPlanningYears,
    SetTaxRate,
    UpdatePlan,
)
from nkf.model.targets import ColumnValue, Target

D = Decimal
TEP = PlanKind.TEILERGEBNISPLAN
A2021 = Column(year=2021, kind=ValueKind.ANSATZ)
P2022 = Column(year=2022, kind=ValueKind.PLANUNG)


def line(unit: str = "050101", number: int = 13) -> Target:
    return Target(unit=unit, plan=TEP, line=number)


def motion(aid: str, *changes: object) -> Amendment:
    return Amendment(id=aid, title=f"Antrag {aid}", changes=changes)  # type: ignore[arg-type]


def kinds(found: list[Conflict]) -> list[ConflictKind]:
    return [c.kind for c in found]


# ----------------------------------------------------------------------------- values


def test_different_values_on_the_same_cell() -> None:
    a = motion("A", AmountChange(target=line(), column=A2021, new=D(20000)))
    b = motion("B", AmountChange(target=line("05.01.01"), column=A2021, new=D(25000)))
    (found,) = conflicts(a, b)
    assert found.kind is ConflictKind.DIFFERENT_VALUES
    assert found.target == "unit[050101]/line[teilergebnisplan:13]/column[ansatz:2021]"
    assert found.involved == (("A", 1), ("B", 1))
    assert "20.000,00\xa0€" in found.message
    assert "25.000,00\xa0€" in found.message
    assert found.severity is Severity.ERROR
    diagnostic = found.to_diagnostic()
    assert diagnostic.code == "NKF-E801"
    assert diagnostic.location is not None
    assert diagnostic.location.path == found.target


def test_competing_deltas_conflict_and_say_what_both_would_give() -> None:
    a = motion("A", AmountChange(target=line(), column=A2021, delta=D(15000)))
    b = motion("B", AmountChange(target=line(), column=A2021, delta=D(10000)))
    (found,) = conflicts(a, b)
    assert found.kind is ConflictKind.DIFFERENT_VALUES
    assert "+25.000,00\xa0€" in found.message


def test_delta_and_new_agree_with_the_plan_behind_them() -> None:
    plan = leichlingen_plan()  # 050101 line 13 Ansatz 2021 = 14.000
    a = motion("A", AmountChange(target=line(), column=A2021, delta=D(1000)))
    b = motion("B", AmountChange(target=line(), column=A2021, new=D(15000)))
    assert conflicts(a, b, plan=plan) == []
    assert kinds(conflicts(a, b)) == [ConflictKind.DIFFERENT_VALUES]  # unknown base


def test_identical_motions_are_no_conflict_but_are_listed() -> None:
    a = motion("A", AmountChange(target=line(), column=A2021, delta=D(15000)))
    b = motion("B", AmountChange(target=line(), column=A2021, delta=D(15000)))
    assert conflicts(a, b) == []
    (same,) = identical(a, b)
    assert same.kind is ConflictKind.IDENTICAL
    assert same.severity is Severity.INFO
    assert same.to_diagnostic().code == "NKF-I808"


def test_changes_within_one_motion_are_not_compared() -> None:
    a = motion(
        "A",
        AmountChange(target=line(), column=A2021, new=D(1)),
        AmountChange(target=line(), column=A2021, new=D(2)),
    )
    assert conflicts(a) == []


def test_tax_rates_of_the_same_year_differ() -> None:
    a = motion("A", SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, new=D(580)))
    b = motion("B", SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, new=D(600)))
    c = motion("C", SetTaxRate(year=2022, tax=TaxKind.GRUNDSTEUER_B, new=D(600)))
    (found,) = conflicts(a, b, c)
    assert found.kind is ConflictKind.DIFFERENT_VALUES
    assert found.target == "statute[2021]/taxRate[grundsteuer-b]"
    assert found.amendment_ids == ("A", "B")


# ----------------------------------------------------------------------------- delete


def test_remove_product_against_an_edit_inside_it() -> None:
    a = motion("A", RemoveProduct(code="050101"))
    b = motion("B", AmountChange(target=line(), column=A2021, delta=D(15000)))
    (found,) = conflicts(a, b)
    assert found.kind is ConflictKind.DELETE_VS_EDIT
    assert found.target == "unit[050101]"
    assert found.involved == (("A", 1), ("B", 1))
    assert found.to_diagnostic().code == "NKF-E802"


def test_remove_line_against_an_amount_change_and_a_goal_edit_elsewhere() -> None:
    a = motion("A", RemoveLine(target=line()))
    b = motion(
        "B",
        AmountChange(target=line(), column=A2021, delta=D(1)),
        AmountChange(target=line(number=16), column=A2021, delta=D(1)),
        EditGoal(unit="050101", position=1, new_text="neu"),
    )
    (found,) = conflicts(a, b)
    assert found.kind is ConflictKind.DELETE_VS_EDIT
    assert found.involved == (("A", 1), ("B", 1))


def test_remove_goal_against_edit_of_that_goal_and_shift() -> None:
    a = motion("A", RemoveGoal(unit="050101", position=1))
    b = motion("B", EditGoal(unit="050101", position=1, new_text="neu"))
    c = motion("C", EditGoal(unit="050101", position=2, new_text="anders"))
    found = conflicts(a, b, c)
    assert kinds(found) == [ConflictKind.DELETE_VS_EDIT, ConflictKind.SAME_POSITION]
    assert found[1].target == "unit[050101]/goal[2]"
    assert found[1].involved == (("A", 1), ("C", 1))


def test_delete_post_against_kw_vermerk() -> None:
    a = motion("A", DeletePost(post_id="S-1"))
    b = motion("B", SetKwVermerk(post_id="S-1", year=2025))
    assert kinds(conflicts(a, b)) == [ConflictKind.DELETE_VS_EDIT]


def test_remove_area_or_group_against_an_edit_inside_it() -> None:
    edit = motion("B", AmountChange(target=line(), column=A2021, delta=D(15000)))
    (found,) = conflicts(motion("A", RemoveArea(code="05")), edit)
    assert found.kind is ConflictKind.DELETE_VS_EDIT
    assert found.target == "unit[05]"
    assert found.involved == (("A", 1), ("B", 1))
    (found,) = conflicts(motion("A", RemoveGroup(code="0501")), edit)
    assert found.target == "unit[0501]"


def test_remove_area_found_by_the_plan_for_codes_that_do_not_say_their_parent() -> None:
    product = Product(code="4711", name="Bürgerbüro")
    plan = BudgetPlan(
        municipality=Municipality(name="X"),
        years=(2021,),
        areas=(
            BudgetArea(
                code="01",
                name="Innere Verwaltung",
                groups=(ProductGroup(code="A1", name="Service", products=(product,)),),
            ),
        ),
    )
    edit = motion("B", AmountChange(target=line("4711"), column=A2021, delta=D(1)))
    assert conflicts(motion("A", RemoveArea(code="01")), edit) == []
    (found,) = conflicts(motion("A", RemoveArea(code="01")), edit, plan=plan)
    assert found.kind is ConflictKind.DELETE_VS_EDIT


def test_adding_into_a_removed_group_and_removing_a_statute_with_a_rate() -> None:
    new = Product(code="050105", name="Neu")
    a = motion("A", RemoveGroup(code="0501"), RemoveStatute(year=2021))
    b = motion(
        "B",
        AddProduct(group="0501", product=new),
        SetTaxRate(year=2021, tax=TaxKind.GEWERBESTEUER, new=D(460)),
    )
    found = conflicts(a, b)
    assert kinds(found) == [ConflictKind.DELETE_VS_EDIT, ConflictKind.DELETE_VS_EDIT]
    assert [c.target for c in found] == ["unit[0501]", "statute[2021]"]


def test_new_units_statutes_and_plan_fields_set_differently() -> None:
    area = BudgetArea(code="06", name="Kinder-, Jugend- und Familienhilfe")
    a = motion(
        "A",
        AddArea(area=area),
        AddGroup(area="05", group=ProductGroup(code="0502", name="Pflege")),
        AddStatute(statute=BudgetStatute(year=2022)),
        SetBalanceYear(year=2021, new=2024),
        UpdatePlan(field=PlanField.STATUS, new="beschlossen"),
        SetPlanningYears(new=(2022, 2023, 2024, 2025)),
    )
    b = motion(
        "B",
        AddArea(area=attrs.evolve(area, name="Jugend")),
        AddGroup(area="05", group=ProductGroup(code="0502", name="Hilfe zur Pflege")),
        AddStatute(statute=BudgetStatute(year=2022, total_income=D(1))),
        SetBalanceYear(year=2021, new=2025),
        UpdatePlan(field=PlanField.STATUS, new="nachtrag"),
        SetPlanningYears(new=(2022, 2023)),
    )
    found = conflicts(a, b)
    assert kinds(found) == [ConflictKind.DIFFERENT_VALUES] * 6
    assert [c.target for c in found] == [
        "unit[06]/add",
        "unit[0502]/add",
        "statute[2022]/add",
        "statute[2021]/balanceRestoredYear",
        "plan/status",
        "plan/planningYears",
    ]
    assert conflicts(a, motion("C", *a.changes)) == []


def test_stale_names_plan_fields_and_years() -> None:
    plan = attrs.evolve(
        leichlingen_plan(), statutes=(BudgetStatute(year=2021, balance_restored_year=2023),)
    )
    changes = (
        RemoveArea(code="05", old_name="Schule"),
        RemoveGroup(code="0501", old_name="Pflege"),
        UpdatePlan(field=PlanField.MUNICIPALITY, new="Y", old="Witzhelden"),
        SetPlanningYears(new=(2022,), old=(2023, 2024)),
        SetBalanceYear(year=2021, new=2024, old=2022),
    )
    found = conflicts(motion("A", *changes), plan=plan)
    assert kinds(found) == [ConflictKind.STALE] * 5
    assert [c.target for c in found] == [
        "unit[05]",
        "unit[0501]",
        "plan/municipality",
        "plan/planningYears",
        "statute[2021]/balanceRestoredYear",
    ]
    fine = (
        RemoveArea(code="05", old_name="Soziale Leistungen"),
        UpdatePlan(field=PlanField.MUNICIPALITY, new="Y", old="Leichlingen"),
        SetPlanningYears(new=(2022,), old=(2022, 2023, 2024)),
    )
    assert conflicts(motion("A", *fine), plan=plan) == []


def test_two_identical_deletes_are_identical_not_conflicting() -> None:
    a = motion("A", RemoveProduct(code="050101"))
    b = motion("B", RemoveProduct(code="050101"))
    assert conflicts(a, b) == []
    assert kinds(identical(a, b)) == [ConflictKind.IDENTICAL]


# ----------------------------------------------------------------------------- goals


def test_same_goal_position_edited_differently() -> None:
    a = motion("A", EditGoal(unit="050101", position=2, new_text="eins"))
    b = motion("B", EditGoal(unit="050101", position=2, new_text="zwei"))
    (found,) = conflicts(a, b)
    assert found.kind is ConflictKind.SAME_POSITION
    assert found.target == "unit[050101]/goal[2]/text"


def test_inserted_goal_shifts_a_later_position() -> None:
    a = motion("A", AddGoal(unit="050101", goal=Goal(text="neu"), position=1))
    b = motion("B", EditGoal(unit="050101", position=1, new_text="anders"))
    (found,) = conflicts(a, b)
    assert found.kind is ConflictKind.SAME_POSITION


def test_founding_motion_collides_with_nothing() -> None:
    assert conflicts(founding_motion(), plan=leichlingen_plan()) == []
    other_goal = motion("X", AddGoal(unit="050101", goal=Goal(text="x")))
    assert conflicts(founding_motion(), other_goal) == []  # two appended goals


# ----------------------------------------------------------------------------- percent


def test_overlapping_percent_bases() -> None:
    cut = PercentChange(targets=(Target(unit="05", plan=TEP),), columns=(A2021,), percent=D(-5))
    index = PercentChange(targets=(line(),), columns=(A2021,), percent=D(2))
    (found,) = conflicts(motion("A", cut), motion("B", index))
    assert found.kind is ConflictKind.OVERLAPPING_PERCENT_BASE
    assert found.to_diagnostic().code == "NKF-E803"


def test_percent_base_column_read_by_another_percent() -> None:
    a = PercentChange(targets=(line(),), columns=(P2022,), percent=D(2), base_column=A2021)
    b = PercentChange(targets=(line(),), columns=(A2021,), percent=D(-1))
    assert kinds(conflicts(motion("A", a), motion("B", b))) == [
        ConflictKind.OVERLAPPING_PERCENT_BASE
    ]


def test_percent_over_an_amount_change_of_a_product_in_the_area() -> None:
    cut = PercentChange(targets=(Target(unit="05"),), columns=(A2021,), percent=D(-5))
    amount = AmountChange(target=line(), column=A2021, delta=D(100))
    other_year = AmountChange(target=line(), column=P2022, delta=D(100))
    other_area = AmountChange(target=line("060101"), column=A2021, delta=D(100))
    found = conflicts(motion("A", cut), motion("B", amount, other_year, other_area))
    assert kinds(found) == [ConflictKind.OVERLAPPING_PERCENT_BASE]
    assert found[0].involved == (("A", 1), ("B", 1))


def test_disjoint_percent_changes_do_not_conflict() -> None:
    a = PercentChange(targets=(line(),), columns=(A2021,), percent=D(-5))
    b = PercentChange(targets=(line(number=16),), columns=(A2021,), percent=D(-5))
    c = PercentChange(targets=(line(),), columns=(P2022,), percent=D(-5))
    assert conflicts(motion("A", a), motion("B", b), motion("C", c)) == []


# ----------------------------------------------------------------------------- cover


def saving(ref: str, unit: str = "010101", amount: int = -10000) -> AmountChange:
    return AmountChange(target=line(unit, 16), column=A2021, delta=D(amount), ref=ref)


def test_the_same_offset_cell_used_as_cover_by_two_motions() -> None:
    a = motion(
        "A",
        AmountChange(target=line(), column=A2021, delta=D(5000), ref="k"),
        saving("d"),
        Coverage(source=CoverageSource.LINES, covers=("k",), offsets=("d",)),
    )
    b = motion(
        "B",
        AmountChange(target=line("050102"), column=A2021, delta=D(5000), ref="k"),
        saving("d"),
        Coverage(source=CoverageSource.LINES, covers=("k",), offsets=("d",)),
    )
    found = conflicts(a, b)
    assert kinds(found) == [ConflictKind.COVER_SPENT_TWICE]
    assert found[0].target == "unit[010101]/line[teilergebnisplan:16]/column[ansatz:2021]"
    assert ("A", 3) in found[0].involved
    assert ("B", 3) in found[0].involved
    assert found[0].to_diagnostic().code == "NKF-E804"
    assert identical(a, b)  # the two savings are the same motion text


def test_cover_of_another_motion_claimed_by_one_it_does_not_serve() -> None:
    provider = motion(
        "A",
        AmountChange(target=line(), column=A2021, delta=D(5000), ref="k"),
        saving("d"),
        Coverage(source=CoverageSource.LINES, covers=("k",), offsets=("d",), motions=("B",)),
    )
    served = motion(
        "B",
        AmountChange(target=line("050102"), column=A2021, delta=D(1000), ref="k"),
        Coverage(source=CoverageSource.OTHER_MOTION, covers=("k",), motions=("A",)),
    )
    stranger = motion(
        "C",
        AmountChange(target=line("050103"), column=A2021, delta=D(1000), ref="k"),
        Coverage(source=CoverageSource.OTHER_MOTION, covers=("k",), motions=("A",)),
    )
    assert conflicts(provider, served) == []
    found = conflicts(provider, served, stranger)
    assert kinds(found) == [ConflictKind.COVER_SPENT_TWICE]
    assert found[0].amendment_ids == ("A", "B", "C")
    assert "C" in found[0].message


def test_claims_exceeding_a_stated_cover_amount() -> None:
    provider = motion(
        "A",
        AmountChange(target=line(), column=A2021, delta=D(6000), ref="k"),
        saving("d"),
        Coverage(
            source=CoverageSource.LINES,
            covers=("k",),
            offsets=("d",),
            motions=("B",),
            amounts=(ColumnValue(column=A2021, amount=D(10000)),),
        ),
    )
    claimant = motion(
        "B",
        AmountChange(target=line("050102"), column=A2021, delta=D(5000), ref="k"),
        Coverage(
            source=CoverageSource.OTHER_MOTION,
            covers=("k",),
            motions=("A",),
            amounts=(ColumnValue(column=A2021, amount=D(5000)),),
        ),
    )
    (found,) = conflicts(provider, claimant)
    assert found.kind is ConflictKind.COVER_SPENT_TWICE
    assert "11.000,00\xa0€" in found.message


# ----------------------------------------------------------------------------- moves


def test_move_against_a_new_amount_is_order_dependent() -> None:
    move = MoveAmount(target=line(), from_column=A2021, to_column=P2022, amount=D(1000))
    assert (
        conflicts(
            motion("A", move), motion("B", AmountChange(target=line(), column=A2021, delta=D(5)))
        )
        == []
    )
    found = conflicts(
        motion("A", move), motion("B", AmountChange(target=line(), column=A2021, new=D(5)))
    )
    assert kinds(found) == [ConflictKind.ORDER_DEPENDENT]


# ----------------------------------------------------------------------------- stale


def test_stale_old_values_are_conflicts_with_the_plan() -> None:
    plan = leichlingen_plan()
    fine = AmountChange(target=line(), column=A2021, old=D(14000), delta=D(1000))
    stale = AmountChange(target=line(), column=P2022, old=D(1), delta=D(1000))
    goal = EditGoal(unit="050101", position=1, new_text="x", old_text="etwas anderes")
    found = conflicts(motion("A", fine, stale, goal), plan=plan)
    assert kinds(found) == [ConflictKind.STALE, ConflictKind.STALE]
    assert found[0].involved == (("A", 2),)
    assert "14.000,00\xa0€" in found[0].message
    assert found[1].target == "unit[050101]/goal[1]"
    assert conflicts(motion("A", fine, stale, goal)) == []  # without plan: nothing to compare


def test_stale_tax_rate() -> None:
    plan = BudgetPlan(
        municipality=Municipality(name="X"),
        years=(2021,),
        statutes=(BudgetStatute(year=2021, tax_rates=TaxRates(grundsteuer_b=D(554))),),
    )
    change = SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, new=D(580), old=D(550))
    (found,) = conflicts(motion("A", change), plan=plan)
    assert found.kind is ConflictKind.STALE
    assert found.to_diagnostic().code == "NKF-E807"


# ----------------------------------------------------------------------------- scale


def big_plan(products: int) -> BudgetPlan:
    columns = (A2021, P2022)
    groups = []
    for g in range(products // 50):
        group_products = tuple(
            Product(
                code=f"01{g:02d}{p:02d}",
                name=f"Produkt {g}-{p}",
                lines=(PlanLine(plan=TEP, number=13, columns=columns, values=(D(1000), D(1000))),),
            )
            for p in range(50)
        )
        groups.append(ProductGroup(code=f"01{g:02d}", name=f"G{g}", products=group_products))
    area = BudgetArea(code="01", name="Innere Verwaltung", groups=tuple(groups))
    return BudgetPlan(municipality=Municipality(name="Groß"), years=(2021,), areas=(area,))


def test_500_motions_against_1000_products() -> None:
    """Many motions on a large plan: the collisions are found (speed: benchmarks/run.py)."""
    plan = big_plan(1000)
    motions = [
        motion(
            f"M{i}",
            AmountChange(
                target=line(f"01{(i % 20):02d}{(i % 50):02d}"),
                column=A2021,
                old=D(1000),
                delta=D(i),
            ),
            EditGoal(unit=f"01{(i % 20):02d}{(i % 50):02d}", position=1, new_text=f"Ziel {i}"),
        )
        for i in range(500)
    ]
    found = conflicts(*motions, plan=plan)
    # every 100th motion names the same product: 100 products, each with five motions
    cells = {c.target for c in found if c.kind is ConflictKind.DIFFERENT_VALUES}
    assert len(cells) == 100
    assert all(len(c.involved) == 5 for c in found if c.kind is ConflictKind.DIFFERENT_VALUES)
    assert all(c.kind in {ConflictKind.DIFFERENT_VALUES, ConflictKind.SAME_POSITION} for c in found)


def test_compositions_are_flattened() -> None:
    a = motion("A", AmountChange(target=line(), column=A2021, new=D(1)))
    b = motion("B", AmountChange(target=line(), column=A2021, new=D(2)))
    assert conflicts(compose(a), compose(b)) == conflicts(a, b)


@pytest.mark.parametrize("when", [datetime.date(2021, 2, 24), None])
def test_dates_do_not_matter(when: datetime.date | None) -> None:
    a = Amendment(id="A", title="a", date=when, changes=(RemoveProduct(code="050101"),))
    assert conflicts(a) == []


@pytest.mark.parametrize(
    ("path", "words"),
    [
        (
            "unit[050101]/line[teilergebnisplan:13]/column[ansatz:2021]",
            "Produkt 050101, Teilergebnisplan Zeile 13, Ansatz 2021",
        ),
        ("unit[05]/committee", "Produktbereich 05, Ausschuss"),
        (
            "unit[0501]/goal[2]/keyFigure[1]/value[ziel:2022]",
            "Produktgruppe 0501, Ziel 2, Kennzahl 1, Ziel 2022",
        ),
        (
            "statute[2021]/investment_credits",
            "Haushaltssatzung 2021, Gesamtbetrag der Kredite für Investitionen",
        ),
        ("block[SV-1]/release", "Sperrvermerk SV-1, Freigabe"),
        ("change[a#d1]", "Änderung d1 von Antrag a"),
        ("line[finanzplan:x]", "line[finanzplan:x]"),  # not a number: kept as written
        ("unit[050101]/text[a/b]", "Produkt 050101, „a/b“"),  # "/" inside brackets
        ("somethingNew[7]", "somethingNew[7]"),
    ],
)
def test_paths_in_words(path: str, words: str) -> None:
    from nkf.paths import describe

    assert describe(path) == words
