"""Applying, undoing and diffing amendments: the founding motion and one motion per kind.

Every example follows a kind of amendments.md (K1–K11) on an illustrative plan built
around product 050101 of the Leichlingen example: it is applied, the sums are checked to
follow, and it is undone (``invert``) back to the original. Every failure mode gives
:class:`~nkf.errors.ApplyError` with its code and leaves the plan untouched.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
import pytest

from nkf.changes.apply import CODES, applies, apply, try_apply
from nkf.changes.diff import diff
from nkf.changes.invert import invert
from nkf.changes.recompute import recompute
from nkf.diagnostics import Severity
from nkf.errors import ApplyError
from nkf.examples import FOUNDING_GOAL_TEXT, founding_motion, leichlingen_plan
from nkf.frameworks import get
from nkf.model import (
    BudgetArea,
    BudgetPlan,
    BudgetStatute,
    Column,
    Commitment,
    FigureKind,
    FigureValue,
    Goal,
    Investment,
    KeyFigureType,
    PlanKind,
    PlanLine,
    PlanStatus,
    Post,
    PostStatus,
    Product,
    ProductGroup,
    TaxKind,
    TaxRates,
    ValueKind,
    YearAmount,
    standard_columns,
)
from nkf.model.amendment import (
    AddArea,
    AddGoal,
    AddGroup,
    AddLine,
    AddProduct,
    AddStatute,
    Amendment,
    AmountChange,
    BlockAmount,
    BlockPost,
    Condition,
    ConditionKind,
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
    from nkf.model import BudgetUnit
    from nkf.model.amendment import Change

TEP, TFP = PlanKind.TEILERGEBNISPLAN, PlanKind.TEILFINANZPLAN
EP, FP = PlanKind.ERGEBNISPLAN, PlanKind.FINANZPLAN
A2021 = Column(year=2021, kind=ValueKind.ANSATZ)
P2022 = Column(year=2022, kind=ValueKind.PLANUNG)
P2023 = Column(year=2023, kind=ValueKind.PLANUNG)
PRODUCT = "050101"


def euros(*values: int) -> tuple[Decimal, ...]:
    return tuple(Decimal(v) for v in values)


def _zero_lines(kind: PlanKind, columns: tuple[Column, ...]) -> tuple[PlanLine, ...]:
    schema = get("nrw_2019").schema(kind)
    assert schema is not None
    return tuple(
        PlanLine(plan=kind, number=d.number, columns=columns, values=(Decimal(0),) * len(columns))
        for d in schema.lines
    )


def make_plan() -> BudgetPlan:
    """The Leichlingen example with a second product, Gesamtpläne, Satzung, Stellen, Maßnahme.

    Illustrative figures; every sum adds up (``recompute`` leaves the plan as it is).
    """
    base = leichlingen_plan()
    result_cols = standard_columns((2021,))
    finance_cols = standard_columns((2021,), finance=True)
    seniors = base.product(PRODUCT)
    assert seniors is not None
    building = PlanLine(
        plan=TFP,
        number=8,
        columns=finance_cols,
        values=euros(0, 0, 80000, 150000, 120000, 0, 0),
    )
    seniors = attrs.evolve(seniors, lines=(*seniors.lines, building))
    disability = Product(
        code="050102",
        name="Hilfen für Menschen mit Behinderung",
        lines=(
            PlanLine(
                plan=TEP,
                number=13,
                columns=result_cols,
                values=euros(4100, 4200, 4321, 4400, 4400, 4400),
            ),
            PlanLine(
                plan=TEP,
                number=15,
                columns=result_cols,
                values=euros(9000, 9000, 9500, 9500, 9500, 9500),
            ),
        ),
    )
    area = base.areas[0]
    group = attrs.evolve(area.groups[0], products=(seniors, disability))
    statute = BudgetStatute(
        year=2021,
        total_income=Decimal(0),
        total_expenses=Decimal(0),
        tax_rates=TaxRates(
            grundsteuer_a=Decimal(250), grundsteuer_b=Decimal(554), gewerbesteuer=Decimal(450)
        ),
    )
    plan = attrs.evolve(
        base,
        areas=(attrs.evolve(area, groups=(group,)),),
        lines=(*_zero_lines(EP, result_cols), *_zero_lines(FP, finance_cols)),
        statutes=(statute,),
        posts=(
            Post(
                id="S-0501-01",
                title="Seniorenberatung",
                fte=Decimal("1.0"),
                pay_grade="S 12",
                org_unit="Sozialamt",
                product=PRODUCT,
            ),
            Post(
                id="S-0501-02",
                title="Versicherungsstelle",
                fte=Decimal("0.5"),
                pay_grade="EG 9a",
                org_unit="Sozialamt",
                product=PRODUCT,
            ),
        ),
        investments=(
            Investment(
                id="IV21SOB001",
                name="Barrierefreier Umbau des Quartierstreffs",
                product=PRODUCT,
                payments=(
                    YearAmount(year=2021, amount=Decimal(80000)),
                    YearAmount(year=2022, amount=Decimal(120000)),
                ),
            ),
        ),
    )
    return recompute(plan)


@pytest.fixture
def plan() -> BudgetPlan:
    return make_plan()


def motion(*changes: Change, ident: str = "antrag-1") -> Amendment:
    return Amendment(id=ident, title="Änderungsantrag", changes=changes)


def unit(plan: BudgetPlan, code: str = PRODUCT) -> BudgetUnit:
    found = plan.unit(code)
    assert found is not None
    return found


def line(plan: BudgetPlan, code: str | None, kind: PlanKind, number: int) -> PlanLine:
    found = plan.line(kind, number) if code is None else unit(plan, code).line(kind, number)
    assert found is not None
    return found


def amount(
    plan: BudgetPlan, code: str | None, kind: PlanKind, number: int, column: Column
) -> Decimal:
    """The value of a cell that must not be empty."""
    found = line(plan, code, kind, number).value(column)
    assert found is not None
    return found


def value(
    plan: BudgetPlan, unit: str | None, kind: PlanKind, number: int, column: Column
) -> Decimal | None:
    return line(plan, unit, kind, number).value(column)


def assert_round_trip(
    plan: BudgetPlan, amendment: Amendment, conditions_met: frozenset[str] = frozenset()
) -> BudgetPlan:
    """Apply, check the plan validates and undoes and diffs back; return the applied plan."""
    after = apply(plan, amendment, conditions_met=conditions_met)
    assert [d for d in validate(after) if d.is_error] == []
    assert recompute(after) == after
    undo = invert(amendment, plan, conditions_met=conditions_met)
    assert apply(after, undo) == plan
    assert apply(plan, diff(plan, after)) == after
    return after


def test_the_plan_is_consistent(plan: BudgetPlan) -> None:
    assert recompute(plan) == plan
    assert [d for d in validate(plan) if d.is_error] == []
    assert plan.statutes[0].total_expenses == value(plan, None, EP, 17, A2021)


# ----------------------------------------------------------------------------- K3 founding motion


def test_founding_motion_adds_the_goal_as_the_last_one() -> None:
    before = leichlingen_plan()
    after = apply(before, founding_motion())
    goals = unit(after).goals
    assert len(goals) == 3
    assert goals[:2] == unit(before).goals
    goal = goals[-1]
    assert goal.text == FOUNDING_GOAL_TEXT
    assert goal.text.startswith(
        "Erstellung eines Konzepts der zukünftigen Ausrichtung/Zielsetzung der Arbeit des "
        "Leichlinger Quartierstreff"
    )
    (figure,) = goal.key_figures
    assert figure.name == "Fertigstellung"
    assert figure.type is KeyFigureType.DATE
    assert figure.values == (
        FigureValue(year=2021, kind=FigureKind.ZIEL, value=datetime.date(2021, 6, 30)),
    )
    assert unit(after).lines == unit(before).lines


def test_founding_motion_is_undone_by_removing_the_goal() -> None:
    before = leichlingen_plan()
    undo = invert(founding_motion(), before)
    assert undo.changes == (RemoveGoal(unit=PRODUCT, position=3, old_text=FOUNDING_GOAL_TEXT),)
    assert apply(apply(before, founding_motion()), undo) == before


def test_founding_motion_is_what_diff_finds() -> None:
    before = leichlingen_plan()
    after = apply(before, founding_motion())
    found = diff(before, after)
    (change,) = found.changes
    assert isinstance(change, AddGoal)
    assert change.unit == PRODUCT
    (added,) = founding_motion().changes
    assert isinstance(added, AddGoal)
    assert change.goal == added.goal
    assert apply(before, found) == after


def test_founding_motion_on_the_larger_plan(plan: BudgetPlan) -> None:
    assert_round_trip(plan, founding_motion())


def test_k3_goals_and_key_figures(plan: BudgetPlan) -> None:
    amendment = motion(
        EditGoal(
            unit=PRODUCT,
            position=1,
            new_text="Ältere und pflegebedürftige Menschen werden wohnortnah beraten.",
        ),
        SetKeyFigureValue(
            unit=PRODUCT,
            goal=1,
            position=1,
            year=2021,
            figure_kind=FigureKind.ANSATZ,
            old=Decimal(1250),
            new=Decimal(1400),
        ),
        RenameKeyFigure(unit=PRODUCT, goal=2, position=1, new_name="Bearbeitungsdauer (Tage)"),
        CopyGoals(unit="050102", source=PRODUCT),
        UpdateUnit(unit="050102", field=UnitField.BINDING, new="freiwillig"),
    )
    after = assert_round_trip(plan, amendment)
    seniors = after.product(PRODUCT)
    assert seniors is not None
    assert seniors.goals[0].key_figures[0].value_for(2021, FigureKind.ANSATZ) == 1400
    assert seniors.goals[1].key_figures[0].name == "Bearbeitungsdauer (Tage)"
    assert unit(after, "050102").goals == seniors.goals


# ----------------------------------------------------------------------------- K1


def test_k1_raises_an_ansatz_with_the_old_delta_new_triple(plan: BudgetPlan) -> None:
    change = AmountChange(
        target=Target(unit=PRODUCT, plan=TEP, line=15),
        column=A2021,
        old=Decimal(37000),
        delta=Decimal(25000),
        new=Decimal(62000),
        note="Zuschuss an den Leichlinger Quartierstreff",
    )
    after = assert_round_trip(plan, motion(change))
    assert value(after, PRODUCT, TEP, 15, A2021) == 62000
    # The sums follow: Ordentliche Aufwendungen, Ergebnis, Gesamtplan, Satzung.
    assert value(after, PRODUCT, TEP, 17, A2021) == 219000 + 25000
    assert value(after, PRODUCT, TEP, 29, A2021) == -217200 - 25000
    assert amount(after, None, EP, 15, A2021) == amount(plan, None, EP, 15, A2021) + 25000
    assert amount(after, None, EP, 26, A2021) == amount(plan, None, EP, 26, A2021) - 25000
    assert after.statutes[0].total_expenses == amount(after, None, EP, 17, A2021)
    assert amount(after, None, EP, 17, A2021) == amount(plan, None, EP, 17, A2021) + 25000
    undo = invert(motion(change), plan)
    assert undo.changes == (
        AmountChange(target=change.target, column=A2021, old=Decimal(62000), new=Decimal(37000)),
    )


def test_k1_a_new_line_and_its_removal(plan: BudgetPlan) -> None:
    target = Target(unit="050102", plan=TEP, line=4)
    added = assert_round_trip(
        plan,
        motion(AddLine(target=target, values=(ColumnValue(column=A2021, amount=Decimal(1200)),))),
    )
    assert value(added, "050102", TEP, 4, A2021) == 1200
    assert value(added, "050102", TEP, 10, A2021) == 1200  # Ordentliche Erträge created
    assert value(added, "050102", TEP, 4, P2022) is None
    removed = apply(
        added,
        motion(
            RemoveLine(target=target, old_values=(ColumnValue(column=A2021, amount=Decimal(1200)),))
        ),
    )
    assert unit(removed, "050102").line(TEP, 4) is None


def test_k1_an_amount_on_a_line_the_product_does_not_have_yet(plan: BudgetPlan) -> None:
    change = AmountChange(
        target=Target(unit="050102", plan=TEP, line=19), column=A2021, new=Decimal(300)
    )
    after = assert_round_trip(plan, motion(change))
    assert value(after, "050102", TEP, 21, A2021) == 300  # Finanzergebnis follows


# ----------------------------------------------------------------------------- K2


def test_k2_coverage_links_cost_and_offset(plan: BudgetPlan) -> None:
    amendment = motion(
        AmountChange(
            target=Target(unit=PRODUCT, plan=TEP, line=15),
            column=A2021,
            delta=Decimal(25000),
            ref="zuschuss",
        ),
        AmountChange(
            target=Target(unit=PRODUCT, plan=TEP, line=11),
            column=A2021,
            delta=Decimal(-25000),
            ref="personal",
        ),
        Coverage(source=CoverageSource.LINES, covers=("zuschuss",), offsets=("personal",)),
    )
    after = assert_round_trip(plan, amendment)
    assert value(after, PRODUCT, TEP, 29, A2021) == value(plan, PRODUCT, TEP, 29, A2021)
    assert value(after, None, EP, 28, A2021) == value(plan, None, EP, 28, A2021)


def test_k2_coverage_must_name_changes_of_the_motion(plan: BudgetPlan) -> None:
    bad = motion(
        Coverage(source=CoverageSource.LINES, covers=("zuschuss",), offsets=("anderer-antrag",))
    )
    with pytest.raises(ApplyError) as raised:
        apply(plan, bad)
    (d,) = raised.value.diagnostics
    assert d.code == "NKF-E613"
    assert "„zuschuss“" in d.message
    assert "„anderer-antrag“" in d.message


# ----------------------------------------------------------------------------- K4


def test_k4_investment_phasing_and_commitment(plan: BudgetPlan) -> None:
    amendment = motion(
        SetInvestmentAmount(
            id="IV21SOB001", flow=InvestmentFlow.COMMITMENT, year=2021, new=Decimal(150000)
        ),
        SetInvestmentAmount(
            id="IV21SOB001",
            flow=InvestmentFlow.PAYMENT,
            year=2022,
            old=Decimal(120000),
            new=Decimal(70000),
        ),
        SetInvestmentAmount(
            id="IV21SOB001", flow=InvestmentFlow.PAYMENT, year=2023, new=Decimal(50000)
        ),
    )
    after = assert_round_trip(plan, amendment)
    (measure,) = after.investments
    assert measure.commitments == (Commitment(year=2021, amount=Decimal(150000)),)
    assert measure.payments == tuple(
        YearAmount(year=y, amount=Decimal(a))
        for y, a in ((2021, 80000), (2022, 70000), (2023, 50000))
    )


# ----------------------------------------------------------------------------- K5


def test_k5_grundsteuer_b_from_554_to_590(plan: BudgetPlan) -> None:
    change = SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, old=Decimal(554), new=Decimal(590))
    after = assert_round_trip(plan, motion(change))
    assert after.statutes[0].tax_rates.grundsteuer_b == 590
    assert invert(motion(change), plan).changes == (
        SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, old=Decimal(590), new=Decimal(554)),
    )


def test_k5_statute_amounts(plan: BudgetPlan) -> None:
    change = SetStatuteValue(
        year=2021, field=StatuteField.LIQUIDITY_CREDIT_LIMIT, new=Decimal(20_000_000)
    )
    after = assert_round_trip(plan, motion(change))
    assert after.statutes[0].liquidity_credit_limit == 20_000_000


# ----------------------------------------------------------------------------- K6


NEW_POST = Post(
    id="S-0501-07",
    title="Sozialarbeiter/in Quartiersarbeit Cremers Weiden",
    fte=Decimal("0.5"),
    pay_grade="S 12",
    org_unit="Sozialamt",
    product=PRODUCT,
)


def test_k6_creates_a_half_post_s12(plan: BudgetPlan) -> None:
    change = CreatePost(post=NEW_POST, cost=(ColumnValue(column=A2021, amount=Decimal(16500)),))
    after = assert_round_trip(plan, motion(change))
    assert after.posts[-1] == NEW_POST
    assert unit(after).lines == unit(plan).lines


def test_k6_deletes_blocks_swaps_and_kw(plan: BudgetPlan) -> None:
    amendment = motion(
        BlockPost(post_id="S-0501-02"),
        SetKwVermerk(post_id="S-0501-02", year=2024),
        DeletePost(post_id="S-0501-01"),
        SwapPost(post_id="S-0501-02", new_post=attrs.evolve(NEW_POST, id="S-0501-03")),
    )
    after = assert_round_trip(plan, amendment)
    assert [p.id for p in after.posts] == ["S-0501-03"]


def test_k6_block_marks_the_post(plan: BudgetPlan) -> None:
    after = apply(plan, motion(BlockPost(post_id="S-0501-01")))
    assert after.posts[0].status is PostStatus.BLOCKED


# ----------------------------------------------------------------------------- K7


def test_k7_sperrvermerk_released_by_the_hauptausschuss(plan: BudgetPlan) -> None:
    block = BlockAmount(
        block_id="SV-1",
        target=Target(unit=PRODUCT, plan=TEP, line=15),
        column=A2021,
        amount=Decimal(15000),
        release_condition="Vorlage des Konzepts für den Quartierstreff",
        releasing_body="Hauptausschuss",
    )
    blocked = assert_round_trip(plan, motion(block))
    (sv,) = blocked.blocks
    assert (sv.amount, sv.released) == (Decimal(15000), Decimal(0))
    assert sv.releasing_body == "Hauptausschuss"
    partly = assert_round_trip(blocked, motion(ReleaseBlock(block_id="SV-1", amount=Decimal(5000))))
    assert partly.blocks[0].released == 5000
    fully = assert_round_trip(partly, motion(ReleaseBlock(block_id="SV-1")))
    assert fully.blocks == ()
    # Blocks do not change amounts.
    assert unit(blocked).lines == unit(plan).lines


def test_k7_a_partial_release_may_not_exceed_the_block(plan: BudgetPlan) -> None:
    blocked = apply(
        plan,
        motion(
            BlockAmount(
                block_id="SV-1",
                target=Target(unit=PRODUCT, plan=TEP, line=15),
                column=A2021,
                amount=Decimal(15000),
                release_condition="Konzept",
                releasing_body="Rat",
            )
        ),
    )
    with pytest.raises(ApplyError) as raised:
        apply(blocked, motion(ReleaseBlock(block_id="SV-1", amount=Decimal(20000))))
    assert [d.code for d in raised.value.diagnostics] == ["NKF-E609"]


# ----------------------------------------------------------------------------- K8


def test_k8_linear_cut_of_line_13_rounded_to_100_with_a_cap(plan: BudgetPlan) -> None:
    change = PercentChange(
        targets=(Target(plan=TEP, line=13),),  # line 13 of every product that has it
        columns=(A2021, P2022),
        percent=Decimal(-5),
        cap=Decimal(500),
        rounding=Decimal(100),
    )
    after = assert_round_trip(plan, motion(change))
    # 050101: 14.000 − 5 % = −700, capped at −500 → 13.500.
    assert value(after, PRODUCT, TEP, 13, A2021) == 13500
    # 050102: 4.321 − 216,05 = 4.104,95 → rounded to 4.100; 4.400 − 220 = 4.180 → 4.200.
    assert value(after, "050102", TEP, 13, A2021) == 4100
    assert value(after, "050102", TEP, 13, P2022) == 4200
    assert value(after, None, EP, 13, A2021) == 13500 + 4100
    assert value(after, PRODUCT, TEP, 13, P2023) == 14000  # columns not named stay


def test_k8_globaler_minderaufwand_one_percent(plan: BudgetPlan) -> None:
    change = GlobalReduction(column=A2021, percent=Decimal(1), cap_percent=Decimal(1))
    after = assert_round_trip(plan, motion(change))
    expenses = amount(plan, None, EP, 17, A2021)
    assert amount(after, None, EP, 27, A2021) == (expenses / 100).quantize(Decimal("0.01"))
    assert amount(after, None, EP, 28, A2021) == amount(after, None, EP, 26, A2021) + amount(
        after, None, EP, 27, A2021
    )


def test_k8_globaler_minderaufwand_is_capped(plan: BudgetPlan) -> None:
    change = GlobalReduction(column=A2021, amount=Decimal(1_000_000), cap_percent=Decimal(1))
    after = apply(plan, motion(change))
    expenses = value(plan, None, EP, 17, A2021)
    assert expenses is not None
    assert value(after, None, EP, 27, A2021) == (expenses / 100).quantize(Decimal("0.01"))


def test_k8_needs_a_framework_with_a_globaler_minderaufwand(plan: BudgetPlan) -> None:
    old_framework = attrs.evolve(plan, framework="nrw_2004")
    _, found = try_apply(old_framework, motion(GlobalReduction(column=A2021, amount=Decimal(1000))))
    assert [d.code for d in found] == ["NKF-E610"]


# ----------------------------------------------------------------------------- K9


FUNDING = Condition(text="Das Land sagt die Förderung des Quartierstreffs zu.")


def test_k9_a_conditional_change_is_skipped_until_the_condition_is_met(plan: BudgetPlan) -> None:
    change = AmountChange(
        target=Target(unit=PRODUCT, plan=TEP, line=2),
        column=A2021,
        delta=Decimal(10000),
        condition=FUNDING,
    )
    skipped, found = try_apply(plan, motion(change))
    assert skipped == plan
    assert [(d.code, d.severity) for d in found] == [("NKF-I620", Severity.INFO)]
    assert invert(motion(change), plan).changes == ()
    met = assert_round_trip(plan, motion(change), conditions_met=frozenset({FUNDING.text}))
    assert value(met, PRODUCT, TEP, 2, A2021) == 29000
    declared = apply(plan, motion(attrs.evolve(change, condition=attrs.evolve(FUNDING, met=True))))
    assert declared == met


def test_k9_alternatives_by_group(plan: BudgetPlan) -> None:
    a = Condition(text="Variante A", kind=ConditionKind.ALTERNATIVE, group="A")
    b = Condition(text="Variante B", kind=ConditionKind.ALTERNATIVE, group="B")
    target = Target(unit=PRODUCT, plan=TEP, line=15)
    amendment = motion(
        AmountChange(target=target, column=A2021, delta=Decimal(10000), condition=a),
        AmountChange(target=target, column=A2021, delta=Decimal(20000), condition=b),
    )
    assert applies(amendment.changes[1], {"B"})
    after = apply(plan, amendment, conditions_met={"B"})
    assert value(after, PRODUCT, TEP, 15, A2021) == 37000 + 20000


# ----------------------------------------------------------------------------- K10 / K11


def test_k10_a_pruefauftrag_changes_nothing(plan: BudgetPlan) -> None:
    request = Request(
        request=RequestKind.REVIEW,
        text="Die Verwaltung prüft, ob der Quartierstreff in städtische Räume umziehen kann.",
        addressee="Verwaltung",
    )
    assert apply(plan, motion(request)) == plan
    assert invert(motion(request), plan).changes == ()


def test_k11_moves_50000_from_2021_to_2022(plan: BudgetPlan) -> None:
    target = Target(unit=PRODUCT, plan=TFP, line=8)
    change = MoveAmount(target=target, from_column=A2021, to_column=P2022, amount=Decimal(50000))
    after = assert_round_trip(plan, motion(change))
    assert value(after, PRODUCT, TFP, 8, A2021) == 30000
    assert value(after, PRODUCT, TFP, 8, P2022) == 170000
    assert value(after, None, FP, 25, A2021) == 30000  # Teilfinanzplan 8 → Finanzplan 25
    assert value(after, None, FP, 32, P2022) == -170000


def test_k11_moving_everything(plan: BudgetPlan) -> None:
    target = Target(unit=PRODUCT, plan=TFP, line=8)
    after = apply(plan, motion(MoveAmount(target=target, from_column=A2021, to_column=P2023)))
    assert value(after, PRODUCT, TFP, 8, A2021) == 0
    assert value(after, PRODUCT, TFP, 8, P2023) == 80000


# ----------------------------------------------------------------------------- products


def test_products_are_added_in_code_order_and_removed(plan: BudgetPlan) -> None:
    new = Product(
        code="050103",
        name="Pflegeberatung",
        lines=(
            PlanLine(
                plan=TEP,
                number=15,
                columns=standard_columns((2021,)),
                values=euros(1, 2, 3, 4, 5, 6),
            ),
        ),
    )
    after = assert_round_trip(plan, motion(AddProduct(group="0501", product=new)))
    assert [p.code for p in after.products()] == ["050101", "050102", "050103"]
    assert value(after, "050103", TEP, 29, A2021) == -3  # sums of the new product computed
    removed = assert_round_trip(
        plan, motion(RemoveProduct(code="050102", old_name="Hilfen für Menschen mit Behinderung"))
    )
    assert [p.code for p in removed.products()] == [PRODUCT]
    assert value(removed, None, EP, 13, A2021) == 14000


def test_products_at_a_position(plan: BudgetPlan) -> None:
    new = Product(code="050100", name="Quartiersarbeit")
    after = assert_round_trip(plan, motion(AddProduct(group="0501", product=new, position=2)))
    assert [p.code for p in after.products()] == ["050101", "050100", "050102"]


# ----------------------------------------------------------------------------- K3 areas, groups


def _care_group(code: str = "0502") -> ProductGroup:
    return ProductGroup(
        code=code,
        name="Hilfe zur Pflege",
        products=(
            Product(
                code=f"{code}01",
                name="Pflegewohngeld",
                lines=(
                    PlanLine(
                        plan=TEP,
                        number=15,
                        columns=standard_columns((2021,)),
                        values=euros(100, 200, 300, 400, 500, 600),
                    ),
                ),
            ),
        ),
    )


def test_k3_a_group_with_its_products_comes_and_goes(plan: BudgetPlan) -> None:
    after = assert_round_trip(plan, motion(AddGroup(area="05", group=_care_group(), position=1)))
    assert [g.code for g in after.areas[0].groups] == ["0502", "0501"]
    assert value(after, "050201", TEP, 29, A2021) == -300  # its sums are computed
    assert value(after, None, EP, 15, A2021) == amount(plan, None, EP, 15, A2021) + 300
    removed = assert_round_trip(plan, motion(RemoveGroup(code="0501", old_name=None)))
    assert list(removed.products()) == []
    # No Teilplan is left: the Gesamtplan is no longer summed from them and stands as it is.
    assert value(removed, None, EP, 15, A2021) == amount(plan, None, EP, 15, A2021)


def test_k3_an_area_with_its_groups_comes_and_goes(plan: BudgetPlan) -> None:
    area = BudgetArea(
        code="06", name="Kinder-, Jugend- und Familienhilfe", groups=(_care_group("0601"),)
    )
    after = assert_round_trip(plan, motion(AddArea(area=area)))
    assert [a.code for a in after.areas] == ["05", "06"]
    assert value(after, None, EP, 15, A2021) == amount(plan, None, EP, 15, A2021) + 300
    removed = assert_round_trip(plan, motion(RemoveArea(code="05", old_name="Soziale Leistungen")))
    assert removed.areas == ()


# ----------------------------------------------------------------------------- K5 statute, plan


def test_k5_a_statute_comes_goes_and_states_the_year_of_the_ausgleich(plan: BudgetPlan) -> None:
    second = BudgetStatute(year=2022, tax_rates=TaxRates(grundsteuer_b=Decimal(560)))
    after = assert_round_trip(plan, motion(AddStatute(statute=second)))
    assert [s.year for s in after.statutes] == [2021, 2022]
    removed = assert_round_trip(plan, motion(RemoveStatute(year=2021)))
    assert removed.statutes == ()
    year = assert_round_trip(plan, motion(SetBalanceYear(year=2021, new=2024)))
    assert year.statutes[0].balance_restored_year == 2024
    opening = SetStatuteValue(
        year=2021, field=StatuteField.EQUALISATION_RESERVE_OPENING, new=Decimal(2500000)
    )
    assert assert_round_trip(plan, motion(opening)).statutes[0].equalisation_reserve_opening == (
        2500000
    )


def test_k5_a_hebesatz_is_cleared(plan: BudgetPlan) -> None:
    change = SetTaxRate(year=2021, tax=TaxKind.GEWERBESTEUER, new=None, old=Decimal(450))
    after = assert_round_trip(plan, motion(change))
    assert after.statutes[0].tax_rates.gewerbesteuer is None


def test_the_plan_itself_title_status_municipality_and_planning_years(plan: BudgetPlan) -> None:
    changes = (
        UpdatePlan(field=PlanField.TITLE, new="Haushaltsplan 2021", old=plan.title),
        UpdatePlan(field=PlanField.STATUS, new="beschlossen", old="entwurf"),
        UpdatePlan(field=PlanField.MUNICIPALITY, new="Stadt Leichlingen (Rhld.)"),
        UpdatePlan(field=PlanField.AGS, new="05378020"),
        UpdatePlan(field=PlanField.NOTE, new=None),
        SetPlanningYears(new=(2022, 2023, 2024, 2025), old=(2022, 2023, 2024)),
    )
    after = assert_round_trip(plan, motion(*changes))
    assert after.title == "Haushaltsplan 2021"
    assert after.status is PlanStatus.ADOPTED
    assert after.municipality.name == "Stadt Leichlingen (Rhld.)"
    assert after.municipality.ags == "05378020"
    assert after.note is None
    assert after.planning_years == (2022, 2023, 2024, 2025)


def test_a_removed_unit_whose_code_occurs_twice_cannot_be_put_back(plan: BudgetPlan) -> None:
    twin = attrs.evolve(plan.areas[0], groups=())
    doubled = attrs.evolve(plan, areas=(*plan.areas, twin))
    with pytest.raises(ApplyError) as raised:
        invert(motion(RemoveArea(code="05")), doubled)
    assert [d.code for d in raised.value.diagnostics] == ["NKF-E615"]
    assert "mehrfach" in str(raised.value)


# ----------------------------------------------------------------------------- failures


def _fails(plan: BudgetPlan, *changes: Change) -> list[str]:
    """Apply ``changes`` after a change that would apply; return the codes found."""
    good = AmountChange(
        target=Target(unit=PRODUCT, plan=TEP, line=16), column=A2021, new=Decimal(2400)
    )
    amendment = motion(good, *changes)
    new, found = try_apply(plan, amendment)
    assert new is plan  # nothing of the amendment applied
    with pytest.raises(ApplyError) as raised:
        apply(plan, amendment)
    assert list(raised.value.diagnostics) == found
    return [d.code for d in found]


def test_stated_old_value_differs(plan: BudgetPlan) -> None:
    change = AmountChange(
        target=Target(unit=PRODUCT, plan=TEP, line=15),
        column=A2021,
        old=Decimal(30000),
        delta=Decimal(25000),
    )
    with pytest.raises(ApplyError) as raised:
        apply(plan, motion(change))
    (d,) = raised.value.diagnostics
    assert d.code == "NKF-E604"
    assert d.location is not None
    assert d.location.path == "change[1]"
    assert "30.000,00" in d.message
    assert "37.000,00" in d.message
    assert "Teilergebnisplan 050101, Zeile 15 (Transferaufwendungen), Ansatz 2021" in d.message
    assert _fails(plan, change) == ["NKF-E604"]


def test_missing_target(plan: BudgetPlan) -> None:
    change = AmountChange(
        target=Target(unit="059999", plan=TEP, line=15), column=A2021, delta=Decimal(1)
    )
    assert _fails(plan, change) == ["NKF-E602"]


def test_unresolved_target(plan: BudgetPlan) -> None:
    change = AmountChange(
        target=Target(text="Zuschuss an den Quartierstreff"), column=A2021, delta=Decimal(1)
    )
    assert _fails(plan, change) == ["NKF-E601"]


def test_goal_position_out_of_range(plan: BudgetPlan) -> None:
    goal = Goal(text="Neues Ziel")
    assert _fails(plan, AddGoal(unit=PRODUCT, goal=goal, position=4)) == ["NKF-E607"]
    assert _fails(plan, RemoveGoal(unit=PRODUCT, position=3)) == ["NKF-E607"]
    assert _fails(plan, AddGoal(unit=PRODUCT, goal=goal, position=0)) == ["NKF-E607"]


def test_every_problem_is_named(plan: BudgetPlan) -> None:
    amendment = motion(
        AmountChange(
            target=Target(unit="059999", plan=TEP, line=15), column=A2021, delta=Decimal(1)
        ),
        RemoveGoal(unit=PRODUCT, position=9),
        SetTaxRate(year=2021, tax=TaxKind.GEWERBESTEUER, old=Decimal(400), new=Decimal(460)),
        AmountChange(
            target=Target(unit=PRODUCT, plan=TEP, line=17), column=A2021, delta=Decimal(1)
        ),
        CreatePost(post=attrs.evolve(NEW_POST, id="S-0501-01")),
    )
    with pytest.raises(ApplyError) as raised:
        apply(plan, amendment)
    found = [(d.code, d.location.path if d.location else None) for d in raised.value.diagnostics]
    assert found == [
        ("NKF-E602", "change[1]"),
        ("NKF-E607", "change[2]"),
        ("NKF-E604", "change[3]"),
        ("NKF-E606", "change[4]"),
        ("NKF-E608", "change[5]"),
    ]
    assert "Summenzeile kann nicht direkt geändert werden" in raised.value.diagnostics[3].message
    assert str(raised.value).startswith(
        "Der Antrag lässt sich nicht auf den Haushaltsplan anwenden."
    )


@pytest.mark.parametrize(
    ("change", "code"),
    [
        (AmountChange(target=Target(unit=PRODUCT, plan=TEP, line=15), column=A2021), "NKF-E605"),
        (
            AmountChange(
                target=Target(unit=PRODUCT, plan=TEP, line=15),
                column=A2021,
                delta=Decimal(1),
                new=Decimal(5),
            ),
            "NKF-E605",
        ),
        (
            AmountChange(
                target=Target(unit=PRODUCT, plan=TEP, line=99), column=A2021, delta=Decimal(1)
            ),
            "NKF-E603",
        ),
        (
            AmountChange(target=Target(plan=TEP, line=15), column=A2021, delta=Decimal(1)),
            "NKF-E614",
        ),
        (
            AmountChange(
                target=Target(unit=PRODUCT, plan=EP, line=15), column=A2021, delta=Decimal(1)
            ),
            "NKF-E614",
        ),
        (AmountChange(target=Target(plan=EP, line=15), column=A2021, delta=Decimal(1)), "NKF-E606"),
        (AmountChange(target=Target(unit=PRODUCT), column=A2021, delta=Decimal(1)), "NKF-E601"),
        (AddLine(target=Target(unit=PRODUCT, plan=TEP, line=15)), "NKF-E608"),
        (RemoveLine(target=Target(unit=PRODUCT, plan=TEP, line=3)), "NKF-E603"),
        (
            RemoveLine(
                target=Target(unit=PRODUCT, plan=TEP, line=15),
                old_values=(ColumnValue(column=A2021, amount=Decimal(1)),),
            ),
            "NKF-E604",
        ),
        (
            MoveAmount(
                target=Target(unit=PRODUCT, plan=TFP, line=8),
                from_column=A2021,
                to_column=P2022,
                amount=Decimal(90000),
            ),
            "NKF-E609",
        ),
        (
            PercentChange(
                targets=(Target(plan=TEP, line=13),),
                columns=(A2021,),
                percent=Decimal(5),
                rounding=Decimal(0),
            ),
            "NKF-E612",
        ),
        (RemoveProduct(code="0501"), "NKF-E602"),
        (RemoveProduct(code="050102", old_name="Eingliederungshilfe"), "NKF-E604"),
        (AddProduct(group="0599", product=Product(code="059901", name="x")), "NKF-E602"),
        (AddProduct(group="0501", product=Product(code="050102", name="x")), "NKF-E608"),
        (UpdateUnit(unit=PRODUCT, field=UnitField.BINDING, new="manchmal"), "NKF-E612"),
        (UpdateUnit(unit=PRODUCT, field=UnitField.NAME, new="Neu", old="Alt"), "NKF-E604"),
        (EditGoal(unit=PRODUCT, position=1, new_text="x", old_text="anderer Text"), "NKF-E604"),
        (
            SetKeyFigureValue(
                unit=PRODUCT, goal=1, position=1, year=2021, figure_kind=FigureKind.ZIEL, new=True
            ),
            "NKF-E612",
        ),
        (SetTaxRate(year=2030, tax=TaxKind.GRUNDSTEUER_B, new=Decimal(600)), "NKF-E611"),
        (SetStatuteValue(year=2021, field=StatuteField.TOTAL_INCOME, new=Decimal(1)), "NKF-E606"),
        (DeletePost(post_id="S-9999-99"), "NKF-E611"),
        (SetKwVermerk(post_id="S-0501-01", year=2025, old_year=2024), "NKF-E604"),
        (
            SetInvestmentAmount(
                id="IV99XXX999", flow=InvestmentFlow.PAYMENT, year=2021, new=Decimal(1)
            ),
            "NKF-E611",
        ),
        (ReleaseBlock(block_id="SV-9"), "NKF-E611"),
        (RemoveArea(code="06"), "NKF-E602"),
        (RemoveArea(code="0501"), "NKF-E602"),
        (RemoveArea(code="05", old_name="Schule und Kultur"), "NKF-E604"),
        (AddArea(area=BudgetArea(code="05", name="doppelt")), "NKF-E608"),
        (AddArea(area=BudgetArea(code="06", name="x"), position=3), "NKF-E607"),
        (AddGroup(area="06", group=_care_group()), "NKF-E602"),
        (AddGroup(area="05", group=ProductGroup(code="0501", name="doppelt")), "NKF-E608"),
        (AddGroup(area="05", group=_care_group(), position=0), "NKF-E607"),
        (RemoveGroup(code="050101"), "NKF-E602"),
        (RemoveGroup(code="0501", old_name="Schulträgeraufgaben"), "NKF-E604"),
        (
            AddProduct(group="0501", product=Product(code="050109", name="x"), position=4),
            "NKF-E607",
        ),
        (AddStatute(statute=BudgetStatute(year=2021)), "NKF-E608"),
        (AddStatute(statute=BudgetStatute(year=2022), position=3), "NKF-E607"),
        (RemoveStatute(year=2022), "NKF-E611"),
        (SetBalanceYear(year=2022, new=2024), "NKF-E611"),
        (SetBalanceYear(year=2021, new=2024, old=2023), "NKF-E604"),
        (SetTaxRate(year=2021, tax=TaxKind.GEWERBESTEUER, new=Decimal(-1)), "NKF-E612"),
        (UpdatePlan(field=PlanField.STATUS, new="vorläufig"), "NKF-E612"),
        (UpdatePlan(field=PlanField.MUNICIPALITY, new=" "), "NKF-E612"),
        (UpdatePlan(field=PlanField.TITLE, new="x", old="Haushaltsplan 2020"), "NKF-E604"),
        (SetPlanningYears(new=(2022,), old=(2023, 2024)), "NKF-E604"),
        (
            BlockAmount(
                block_id="SV-1",
                target=Target(unit=PRODUCT, plan=TEP, line=15),
                column=A2021,
                amount=Decimal(-1),
                release_condition="x",
                releasing_body="Rat",
            ),
            "NKF-E612",
        ),
    ],
)
def test_failure_modes(plan: BudgetPlan, change: Change, code: str) -> None:
    assert _fails(plan, change) == [code]
    assert code in CODES


def test_several_amendments_apply_in_turn_and_name_the_failing_one(plan: BudgetPlan) -> None:
    first = motion(SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, new=Decimal(590)), ident="a")
    second = motion(
        SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, old=Decimal(590), new=Decimal(600)),
        ident="b",
    )
    assert apply(plan, first, second).statutes[0].tax_rates.grundsteuer_b == 600
    stale = motion(
        SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, old=Decimal(554), new=Decimal(610)),
        ident="c",
    )
    with pytest.raises(ApplyError) as raised:
        apply(plan, first, stale)
    (d,) = raised.value.diagnostics
    assert d.message.startswith("Antrag c: ")


def test_a_tax_rate_that_was_not_set_is_cleared_again(plan: BudgetPlan) -> None:
    change = SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B_WOHNEN, new=Decimal(600))
    undo = invert(motion(change), plan)
    assert undo.changes == (
        SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B_WOHNEN, new=None, old=Decimal(600)),
    )
    assert apply(apply(plan, motion(change)), undo) == plan


def test_invert_of_an_amendment_that_does_not_apply_raises(plan: BudgetPlan) -> None:
    with pytest.raises(ApplyError):
        invert(motion(RemoveGoal(unit=PRODUCT, position=9)), plan)


def test_apply_returns_a_new_plan_and_leaves_the_old_one(plan: BudgetPlan) -> None:
    copy = make_plan()
    apply(plan, founding_motion())
    assert plan == copy


def test_k1_a_column_the_line_does_not_have_yet(plan: BudgetPlan) -> None:
    p2025 = Column(year=2025, kind=ValueKind.PLANUNG)
    target = Target(unit=PRODUCT, plan=TEP, line=15)
    after = assert_round_trip(
        plan, motion(AmountChange(target=target, column=p2025, new=Decimal(37000)))
    )
    assert line(after, PRODUCT, TEP, 15).columns[-1] == p2025
    assert amount(after, PRODUCT, TEP, 17, p2025) == 37000  # the sum takes the column
    assert amount(after, None, EP, 15, p2025) == 37000
    assert line(after, PRODUCT, TEP, 13).value(p2025) is None


def test_a_plan_of_an_unknown_framework(plan: BudgetPlan) -> None:
    foreign = attrs.evolve(plan, framework="by_2007")
    assert recompute(foreign) is foreign
    change = AmountChange(
        target=Target(unit=PRODUCT, plan=TEP, line=15), column=A2021, delta=Decimal(1)
    )
    _, found = try_apply(foreign, motion(change))
    assert [d.code for d in found] == ["NKF-E610"]
    goal = apply(foreign, founding_motion())  # what needs no line schema still applies
    assert len(unit(goal).goals) == 3
