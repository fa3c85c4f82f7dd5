"""Tests for nkf.changes.compose: provenance, qualified refs and the composition law."""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import nkf.strategies as nst
from nkf.changes.apply import apply
from nkf.changes.compose import ComposeError, Composition, SourcedChange, compose, qualify_ref
from nkf.changes.conflicts import conflicts
from nkf.errors import NkfError
from nkf.examples import founding_motion, leichlingen_plan
from nkf.model import (
    BudgetPlan,
    Column,
    Goal,
    PlanKind,
    Product,
    ValueKind,
)
from nkf.model.amendment import (
    AddGoal,
    Amendment,
    AmountChange,
    Condition,
    ConditionKind,
    Coverage,
    CoverageSource,
    Submitter,
    SubmitterKind,
)
from nkf.model.targets import Target

D = Decimal
TEP = PlanKind.TEILERGEBNISPLAN
A2021 = Column(year=2021, kind=ValueKind.ANSATZ)
LINE13 = Target(unit="050101", plan=TEP, line=13)

SPD = Submitter(name="SPD-Fraktion", kind=SubmitterKind.FACTION)
CDU = Submitter(name="CDU-Fraktion", kind=SubmitterKind.FACTION)


def k1(aid: str = "cdu-1", delta: int = 15000) -> Amendment:
    return Amendment(
        id=aid,
        title="Mehr Mittel für den Quartierstreff",
        date=datetime.date(2021, 3, 1),
        plan_years=(2021,),
        submitters=(CDU,),
        changes=(
            AmountChange(target=LINE13, column=A2021, delta=D(delta), ref="mehr"),
            Coverage(
                source=CoverageSource.EQUALISATION_RESERVE,
                covers=("mehr",),
                condition=Condition(text="falls nötig", kind=ConditionKind.ALTERNATIVE, group="g"),
            ),
        ),
    )


# ----------------------------------------------------------------------------- provenance


def test_provenance_of_every_change() -> None:
    c = compose(founding_motion(), k1())
    assert c.amendment_ids == ("spd-leichlingen-2021-02-24-quartierstreff", "cdu-1")
    assert [(s.amendment_id, s.index) for s in c.changes] == [
        ("spd-leichlingen-2021-02-24-quartierstreff", 1),
        ("cdu-1", 1),
        ("cdu-1", 2),
    ]
    assert c.changes[1] == SourcedChange(amendment_id="cdu-1", index=1, change=k1().changes[0])
    assert c.changes[1].qualified_ref == "cdu-1#mehr"
    assert c.changes[0].qualified_ref is None
    assert c.source_of(2) is c.changes[1]
    assert c.amendment("cdu-1") == k1()
    with pytest.raises(KeyError):
        c.amendment("nope")
    with pytest.raises(IndexError):
        c.source_of(4)


def test_as_amendment_keeps_order_and_qualifies_refs() -> None:
    combined = compose(founding_motion(), k1()).as_amendment(id="liste-1", title="1. Liste")
    assert combined.id == "liste-1"
    assert combined.title == "1. Liste"
    assert combined.changes[0] == founding_motion().changes[0]
    amount, cover = combined.changes[1], combined.changes[2]
    assert isinstance(amount, AmountChange)
    assert isinstance(cover, Coverage)
    assert amount.ref == "cdu-1#mehr"
    assert cover.covers == ("cdu-1#mehr",)
    assert cover.condition is not None
    assert cover.condition.group == "g"  # conditions_met names groups as written
    assert combined.plan_years == (2021,)
    assert combined.date == datetime.date(2021, 3, 1)
    assert [s.name for s in combined.submitters] == [
        "SPD-Fraktion im Rat der Blütenstadt Leichlingen",
        "CDU-Fraktion",
    ]


def test_refs_stay_unique_when_two_motions_use_the_same_one() -> None:
    combined = compose(k1("a"), k1("b")).as_amendment()
    refs = [c.ref for c in combined.changes if c.ref is not None]
    assert refs == ["a#mehr", "b#mehr"]
    assert len(set(refs)) == len(refs)
    assert combined.title == "Zusammenfassung der Anträge a, b"


def test_cross_motion_refs_are_kept() -> None:
    offset = Amendment(
        id="b",
        title="b",
        changes=(Coverage(source=CoverageSource.LINES, covers=("x",), offsets=("a#mehr",)),),
    )
    cover = compose(k1("a"), offset).as_amendment().changes[-1]
    assert isinstance(cover, Coverage)
    assert cover.covers == ("b#x",)
    assert cover.offsets == ("a#mehr",)
    assert qualify_ref("a", "mehr") == "a#mehr"


def test_compositions_flatten_and_ids_must_be_unique() -> None:
    nested = compose(compose(founding_motion()), k1())
    assert nested == compose(founding_motion(), k1())
    assert compose().as_amendment().changes == ()
    with pytest.raises(ComposeError) as info:
        compose(k1(), k1())
    assert isinstance(info.value, NkfError)
    assert isinstance(info.value, ValueError)
    assert "cdu-1" in str(info.value)


def test_composition_is_a_frozen_value() -> None:
    c = compose(k1())
    assert isinstance(c, Composition)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        c.amendments = ()  # type: ignore[misc]
    assert hash(c) == hash(compose(k1()))


# ----------------------------------------------------------------------------- the law


def test_applying_the_composition_equals_applying_one_after_another() -> None:
    plan = leichlingen_plan()
    a, b = founding_motion(), k1()
    combined = compose(a, b).as_amendment(id="x", title="x")
    assert apply(plan, combined) == apply(apply(plan, a), b)
    assert apply(plan, combined) == apply(plan, a, b)


def test_the_law_holds_with_conditions_met() -> None:
    plan = leichlingen_plan()
    cond = Condition(text="Landesmittel", group="g")
    a = Amendment(
        id="a",
        title="a",
        changes=(AmountChange(target=LINE13, column=A2021, delta=D(1), condition=cond),),
    )
    b = Amendment(
        id="b",
        title="b",
        changes=(AmountChange(target=LINE13, column=A2021, delta=D(2), condition=cond),),
    )
    combined = compose(a, b).as_amendment()
    for met in ((), ("Landesmittel",), ("g",)):
        assert apply(plan, combined, conditions_met=met) == apply(plan, a, b, conditions_met=met)


def _entry_targets(plan: BudgetPlan) -> list[tuple[Product, int, Column]]:
    """Product entry lines of the Teilergebnisplan (not sums) with a budget column."""
    found: list[tuple[Product, int, Column]] = []
    for product in plan.products():
        for line in product.lines:
            if line.plan is TEP and line.number in {2, 4, 6, 11, 12, 13, 15, 16}:
                found.extend(
                    (product, line.number, c) for c in line.columns if c.kind is ValueKind.ANSATZ
                )
    return found


@st.composite
def plan_and_two_motions(draw: st.DrawFn) -> tuple[BudgetPlan, Amendment, Amendment]:
    plan = draw(nst.budget_plans(max_areas=2, max_groups=1, max_products=2))
    cells = _entry_targets(plan)
    products = list(plan.products())

    def motion(aid: str) -> Amendment:
        changes: list[AmountChange | AddGoal] = []
        for _ in range(draw(st.integers(min_value=1, max_value=3))):
            use_cell: bool = draw(st.booleans())
            if cells and use_cell:
                product, number, column = draw(st.sampled_from(cells))
                delta = draw(st.integers(min_value=-5000, max_value=5000))
                changes.append(
                    AmountChange(
                        target=Target(unit=product.code, plan=TEP, line=number),
                        column=column,
                        delta=D(delta),
                    )
                )
            elif products:
                product = draw(st.sampled_from(products))
                text = draw(st.text(alphabet="abcdefghij ", min_size=1, max_size=12).map(str.strip))
                assume(text)
                changes.append(AddGoal(unit=product.code, goal=Goal(text=text)))
        assume(changes)
        return Amendment(id=aid, title=aid, changes=tuple(changes))

    return plan, motion("a"), motion("b")


@given(plan_and_two_motions())
def test_composition_law_on_generated_plans(drawn: tuple[BudgetPlan, Amendment, Amendment]) -> None:
    plan, a, b = drawn
    assume(not conflicts(a, b, plan=plan))
    combined = compose(a, b).as_amendment(id="ab", title="a und b")
    assert apply(plan, combined) == apply(apply(plan, a), b)
