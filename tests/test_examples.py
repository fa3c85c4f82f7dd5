"""The bundled example files: Leichlingen 2021 and the founding motion.

``examples/leichlingen-2021/plan.xml`` and ``amendment.xml`` are ``nkf.xml.dumps`` of
:func:`nkf.examples.leichlingen_plan` and :func:`nkf.examples.founding_motion`; these
tests keep the files, the Python values and the founding motion's content in step.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from nkf.examples import founding_motion, leichlingen_plan
from nkf.model import BudgetPlan, FigureKind, KeyFigureType, PlanKind
from nkf.model.amendment import AddGoal, Amendment, SubmitterKind
from nkf.xml import dumps, load, validate_file

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "leichlingen-2021"
PLAN = EXAMPLES / "plan.xml"
AMENDMENT = EXAMPLES / "amendment.xml"


@pytest.mark.parametrize("path", [PLAN, AMENDMENT], ids=["plan", "amendment"])
def test_example_validates_clean(path: Path) -> None:
    doc, diags = validate_file(path)
    assert doc is not None
    assert diags == [], [str(d) for d in diags]


def test_amendment_validates_clean_against_the_plan() -> None:
    doc, diags = validate_file(AMENDMENT, plan=load(PLAN, expect=BudgetPlan))
    assert isinstance(doc, Amendment)
    assert diags == [], [str(d) for d in diags]


@pytest.mark.parametrize("path", [PLAN, AMENDMENT], ids=["plan", "amendment"])
def test_example_round_trips_byte_for_byte(path: Path) -> None:
    data = path.read_bytes()
    assert dumps(load(data)) == data


def test_plan_file_is_the_python_example() -> None:
    data = PLAN.read_bytes()
    assert load(data, expect=BudgetPlan) == leichlingen_plan()
    assert dumps(leichlingen_plan()) == data


def test_amendment_file_is_the_founding_motion() -> None:
    data = AMENDMENT.read_bytes()
    assert load(data, expect=Amendment) == founding_motion()
    assert dumps(founding_motion()) == data


def test_amendment_holds_the_founding_motion() -> None:
    a = load(AMENDMENT, expect=Amendment)

    (submitter,) = a.submitters
    assert submitter.kind is SubmitterKind.FACTION
    assert "SPD" in submitter.name
    assert [(s.name, s.role) for s in submitter.signatories] == [
        ("Matthias Ebecke", "Fraktionsvorsitzender"),
        ("Tobias Rottwinkel", "Ratsmitglied"),
    ]
    assert a.date == datetime.date(2021, 2, 24)
    assert a.addressee is not None
    assert "Bürgermeister Frank Steffes" in a.addressee
    assert a.committee is not None
    assert "(SOB)" in a.committee
    assert "Neues Produktziel Quartierstreff" in a.title
    assert a.plan_years == (2021,)

    (change,) = a.changes
    assert isinstance(change, AddGoal)
    assert change.unit == "050101"
    assert "Cremers Weiden" in change.goal.text
    assert change.goal.text.startswith("Erstellung eines Konzepts")
    (kf,) = change.goal.key_figures
    assert kf.name == "Fertigstellung"
    assert kf.type is KeyFigureType.DATE
    assert kf.value_for(2021, FigureKind.ZIEL) == datetime.date(2021, 6, 30)

    assert a.reason is not None
    assert "17.12.2020" in a.reason
    assert a.request_text is not None
    assert "Fertigstellung 30.06.2021" in a.request_text


def test_plan_holds_product_050101() -> None:
    plan = load(PLAN, expect=BudgetPlan)
    product = plan.product("050101")
    assert product is not None
    assert product.name == (
        "Beratung von Senioren, Pflegebedürftigen und Menschen mit Behinderung, Versicherungsstelle"
    )
    assert product.line(PlanKind.TEILERGEBNISPLAN, 10) is not None
    assert len(product.goals) == 2
    assert plan.note is not None
    assert "Illustrative" in plan.note
    assert "invented" in plan.note
    assert plan.years == (2021,)
