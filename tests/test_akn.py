"""Akoma Ntoso 3.0 export: valid against the official XSD (offline), round trip via from_akn."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree

import nkf.strategies as nst
from nkf.errors import LoadError
from nkf.examples import FOUNDING_GOAL_TEXT, founding_motion, leichlingen_plan
from nkf.interop.akn import AKN_NS, from_akn, plan_uri, to_akn, work_uri
from nkf.model import (
    BudgetArea,
    BudgetPlan,
    BudgetStatute,
    Column,
    PlanKind,
    PlanLine,
    Product,
    ProductGroup,
    ValueKind,
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
    AmendmentStatus,
    AmountChange,
    BlockAmount,
    BlockPost,
    Change,
    Condition,
    ConsultationRole,
    ConsultationStep,
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
    Relation,
    RelationKind,
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
    Vote,
)
from nkf.model.finance import Commitment, Investment, Post, TaxKind, TaxRates, YearAmount
from nkf.model.goals import FigureKind
from nkf.model.targets import Target
from nkf.xml import NS as NKF_NS

XSD = Path(__file__).parent / "data" / "akn30" / "akomantoso30.xsd"
A = f"{{{AKN_NS}}}"
WORK = "/akn/de-leichlingen/amendment/2021-02-24/spd-leichlingen-2021-02-24-quartierstreff"

CHANGE_KINDS: tuple[type[Change], ...] = (
    AmountChange,
    AddLine,
    RemoveLine,
    PercentChange,
    MoveAmount,
    GlobalReduction,
    AddProduct,
    RemoveProduct,
    UpdateUnit,
    AddGoal,
    RemoveGoal,
    EditGoal,
    CopyGoals,
    AddKeyFigure,
    RemoveKeyFigure,
    RenameKeyFigure,
    SetKeyFigureValue,
    SetTaxRate,
    SetStatuteValue,
    AddInvestment,
    RemoveInvestment,
    SetInvestmentAmount,
    CreatePost,
    DeletePost,
    BlockPost,
    SwapPost,
    SetKwVermerk,
    BlockAmount,
    ReleaseBlock,
    Coverage,
    Request,
)
# Changes that alter no text of the plan and so have no textualMod.
NO_TEXTUAL_MOD = {Coverage.kind}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    # Loaded from the file path so that the import of ./xml.xsd resolves locally.
    return etree.XMLSchema(etree.parse(str(XSD), _parser()))


def parse(data: bytes) -> etree._Element:
    return etree.fromstring(data, _parser())


def assert_valid(schema: etree.XMLSchema, data: bytes) -> etree._Element:
    root = parse(data)
    assert schema.validate(root), "\n".join(str(e) for e in schema.error_log)
    return root


def assert_references_resolve(root: etree._Element) -> None:
    """Every local reference (``#eId``) names an element of the document."""
    eids = {el.get("eId") for el in root.iter() if el.get("eId")}
    for el in root.iter():
        if not isinstance(el.tag, str) or not el.tag.startswith(A):
            continue
        for name in ("href", "by", "as", "outcome", "source"):
            value = el.get(name)
            if value is not None and value.startswith("#"):
                assert value[1:] in eids, f"{el.tag} {name}={value}"
        for ref in (el.get("refersTo") or "").split():
            assert ref[1:] in eids, f"{el.tag} refersTo={ref}"


def text_of(root: etree._Element, tag: str) -> str:
    return " ".join("".join(el.itertext()) for el in root.iter(A + tag))


def frbr(root: etree._Element, level: str, prop: str) -> str:
    el = root.find(f".//{A}{level}/{A}{prop}")
    assert el is not None
    return str(el.get("value"))


def amendment_with(*changes: Change) -> Amendment:
    return Amendment(
        id="test-2021-1",
        title="Test",
        date=datetime.date(2021, 7, 1),
        plan_years=(2021,),
        changes=changes,
    )


# ----------------------------------------------------------------------------- founding motion


def test_founding_motion_validates(schema: etree.XMLSchema) -> None:
    root = assert_valid(schema, to_akn(founding_motion()))
    assert root.tag == A + "akomaNtoso"
    (doc,) = root
    assert doc.tag == A + "amendment"
    assert doc.get("name") == "antrag"
    assert [etree.QName(c).localname for c in doc] == [
        "meta",
        "preface",
        "amendmentBody",
        "conclusions",
    ]
    assert_references_resolve(root)


def test_founding_motion_with_plan_validates(schema: etree.XMLSchema) -> None:
    root = assert_valid(schema, to_akn(founding_motion(), plan=leichlingen_plan()))
    assert "Beratung von Senioren" in text_of(root, "item")
    assert_references_resolve(root)


def test_round_trip_founding_motion() -> None:
    assert from_akn(to_akn(founding_motion())) == founding_motion()
    assert from_akn(to_akn(founding_motion(), plan=leichlingen_plan())) == founding_motion()


def test_frbr_names_follow_the_naming_convention() -> None:
    root = parse(to_akn(founding_motion()))
    expression = WORK + "/deu@2021-02-24"
    assert frbr(root, "FRBRWork", "FRBRthis") == WORK + "/!main"
    assert frbr(root, "FRBRWork", "FRBRuri") == WORK
    assert frbr(root, "FRBRWork", "FRBRcountry") == "de"
    assert frbr(root, "FRBRExpression", "FRBRthis") == expression + "/!main"
    assert frbr(root, "FRBRExpression", "FRBRuri") == expression
    assert frbr(root, "FRBRManifestation", "FRBRthis") == expression + "/!main.xml"
    assert frbr(root, "FRBRManifestation", "FRBRuri") == expression + ".akn"
    assert frbr(root, "FRBRManifestation", "FRBRformat") == "application/akn+xml"
    language = root.find(f".//{A}FRBRExpression/{A}FRBRlanguage")
    assert language is not None
    assert language.get("language") == "deu"
    dates = {el.get("date") for el in root.iter(A + "FRBRdate")}
    assert dates == {"2021-02-24"}
    author = root.find(f".//{A}FRBRWork/{A}FRBRauthor")
    assert author is not None
    assert author.get("href") == "#spd-fraktion-im-rat-der-bluetenstadt-leichlingen"
    identification = root.find(f".//{A}identification")
    assert identification is not None
    assert identification.get("source") == "#nkf"
    assert work_uri(founding_motion()) == WORK
    pattern = re.compile(r"/akn/de-[a-z0-9-]+/amendment/\d{4}(-\d{2}-\d{2})?/[^/\s]+")
    assert pattern.fullmatch(WORK)


def test_references() -> None:
    root = parse(to_akn(founding_motion()))
    references = root.find(f".//{A}references")
    assert references is not None
    shown = {(etree.QName(t).localname, t.get("showAs")) for t in references}
    assert ("TLCOrganization", "SPD-Fraktion im Rat der Blütenstadt Leichlingen") in shown
    assert ("TLCPerson", "Matthias Ebecke") in shown
    assert ("TLCPerson", "Tobias Rottwinkel") in shown
    assert ("TLCRole", "Fraktionsvorsitzender") in shown
    assert ("TLCOrganization", "Rat der Stadt Leichlingen") in shown
    assert ("TLCConcept", "eingereicht") in shown
    assert ("TLCOrganization", "nkf") in shown
    ebecke = next(t for t in references if t.get("showAs") == "Matthias Ebecke")
    assert ebecke.get("href") == "/akn/ontology/person/de-leichlingen/matthias-ebecke"


def test_textual_mod_of_the_founding_motion() -> None:
    root = parse(to_akn(founding_motion()))
    (mod,) = root.iter(A + "textualMod")
    assert mod.get("type") == "insertion"
    by_eid = {el.get("eId"): el for el in root.iter() if el.get("eId")}
    source = mod.find(A + "source")
    assert source is not None
    instruction = by_eid[str(source.get("href"))[1:]]
    assert instruction.tag == A + "mod"
    new = mod.find(A + "new")
    assert new is not None
    quoted = by_eid[str(new.get("href"))[1:]]
    assert quoted.tag == A + "quotedText"
    assert quoted.text == FOUNDING_GOAL_TEXT
    assert mod.find(A + "old") is None
    destination = mod.find(A + "destination")
    assert destination is not None
    assert (
        destination.get("href") == "/akn/de-leichlingen/doc/haushaltsplan/2021#unit_050101__goals"
    )
    assert destination.get("pos") == "end"


def test_german_formatting() -> None:
    root = parse(to_akn(founding_motion()))
    item = text_of(root, "item")
    assert "Kennzahl „Fertigstellung“: 30.06.2021" in item
    assert "2021-06-30" not in item
    date = root.find(f".//{A}docDate")
    assert date is not None
    assert (date.get("date"), date.text) == ("2021-02-24", "24.02.2021")
    change = AmountChange(
        target=Target(unit="050101", plan=PlanKind.TEILERGEBNISPLAN, line=15),
        column=Column(year=2021, kind=ValueKind.ANSATZ),
        delta=Decimal("-1234.56"),
    )
    root = parse(to_akn(amendment_with(change), plan=leichlingen_plan()))
    item = text_of(root, "item")
    assert "von 37.000,00\xa0€ auf 35.765,44\xa0€" in item  # old from the plan
    assert "Veränderung um -1.234,56\xa0€" in item
    assert "Teilergebnisplan, Zeile 15, Ansatz 2021" in item
    rate = SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, new=Decimal(495), old=Decimal(450))
    assert "von 450\xa0% auf 495\xa0%" in text_of(parse(to_akn(amendment_with(rate))), "item")


def test_body_text() -> None:
    root = parse(to_akn(founding_motion()))
    heading = text_of(root, "amendmentHeading")
    assert heading.strip() == founding_motion().title
    assert "beantragen wir im Produkt 050101" in text_of(root, "amendmentContent")
    justification = root.find(f".//{A}amendmentJustification")
    assert justification is not None
    assert len(justification) == 3  # the three paragraphs of the Begründung
    assert "Cremers Weiden" in text_of(root, "amendmentJustification")
    assert "Beratungsfolge:" in text_of(root, "preface")
    signatures = [("".join(s.itertext())) for s in root.iter(A + "signature")]
    assert signatures == [
        "Matthias Ebecke, Fraktionsvorsitzender",
        "Tobias Rottwinkel, Ratsmitglied",
    ]


def test_embedded_nkf_xml() -> None:
    root = parse(to_akn(founding_motion()))
    proprietary = root.find(f".//{A}proprietary")
    assert proprietary is not None
    assert proprietary.get("source") == "#nkf"
    (payload,) = proprietary
    assert payload.tag == f"{{{NKF_NS}}}amendment"
    assert payload.get("id") == founding_motion().id


def test_determinism() -> None:
    assert to_akn(founding_motion()) == to_akn(founding_motion())
    plan = leichlingen_plan()
    assert to_akn(founding_motion(), plan=plan) == to_akn(founding_motion(), plan=plan)


# ----------------------------------------------------------------------------- workflow


def test_workflow_steps(schema: etree.XMLSchema) -> None:
    amendment = attrs.evolve(
        founding_motion(),
        consultation=(
            ConsultationStep(
                body="Ausschuss für Soziales, Ordnung und bürgerschaftliche Beteiligung (SOB)",
                role=ConsultationRole.ADVISORY,
                date=datetime.date(2021, 3, 9),
            ),
            ConsultationStep(body="Rat der Stadt Leichlingen", role=ConsultationRole.DECIDING),
        ),
        votes=(
            Vote(
                body="Ausschuss für Soziales, Ordnung und bürgerschaftliche Beteiligung (SOB)",
                yes=9,
                no=4,
                date=datetime.date(2021, 3, 9),
                result=AmendmentStatus.ADOPTED,
            ),
        ),
        status=AmendmentStatus.ADOPTED,
    )
    root = assert_valid(schema, to_akn(amendment))
    steps = [
        (s.get("date"), s.get("refersTo"), s.get("as"), s.get("outcome"))
        for s in root.iter(A + "step")
    ]
    assert steps == [
        ("2021-02-24", "#einreichung", None, None),
        ("2021-03-09", "#beratung", "#vorberatend", None),
        ("2021-03-09", "#abstimmung", None, "#status-angenommen"),
    ]  # the undated step of the Rat is in the preface only
    assert "Rat der Stadt Leichlingen (entscheidend)" in text_of(root, "preface")
    assert_references_resolve(root)
    assert from_akn(to_akn(amendment)) == amendment


def test_status_is_the_outcome_of_the_latest_step() -> None:
    adopted = attrs.evolve(founding_motion(), status=AmendmentStatus.WITHDRAWN)
    root = parse(to_akn(adopted))
    (step,) = root.iter(A + "step")
    assert step.get("outcome") is None  # submitting does not withdraw
    docstatus = root.find(f".//{A}docStatus")
    assert docstatus is not None
    assert (docstatus.text, docstatus.get("refersTo")) == (
        "zurückgezogen",
        "#status-zurueckgezogen",
    )
    (step,) = parse(to_akn(founding_motion())).iter(A + "step")
    assert step.get("outcome") == "#status-eingereicht"


# ----------------------------------------------------------------------------- names and dates


def test_undated_motion_is_named_by_its_budget_year(schema: etree.XMLSchema) -> None:
    undated = attrs.evolve(founding_motion(), date=None)
    root = assert_valid(schema, to_akn(undated))
    work = "/akn/de-leichlingen/amendment/2021/spd-leichlingen-2021-02-24-quartierstreff"
    assert frbr(root, "FRBRWork", "FRBRuri") == work
    assert frbr(root, "FRBRExpression", "FRBRuri") == work + "/deu@"
    date = root.find(f".//{A}FRBRdate")
    assert date is not None
    assert (date.get("date"), date.get("name")) == ("2021-01-01", "budgetYear")
    assert from_akn(to_akn(undated)) == undated
    no_years = attrs.evolve(undated, plan_years=())
    with pytest.raises(ValueError, match="weder ein Datum noch Haushaltsjahre"):
        to_akn(no_years)
    assert "/amendment/2021/" in frbr(
        parse(to_akn(no_years, plan=leichlingen_plan())), "FRBRWork", "FRBRuri"
    )


def test_municipality_becomes_a_key() -> None:
    root = parse(to_akn(founding_motion(), municipality="Köln"))
    assert frbr(root, "FRBRWork", "FRBRuri").startswith("/akn/de-koeln/amendment/")
    assert plan_uri((2021, 2022), municipality="Köln") == "/akn/de-koeln/doc/haushaltsplan/2021"
    assert plan_uri(()) == "/akn/de-leichlingen/doc/haushaltsplan"
    with pytest.raises(ValueError, match="municipality"):
        to_akn(founding_motion(), municipality="--")


def test_quoted_id() -> None:
    odd = attrs.evolve(founding_motion(), id="SPD 12/2021")
    assert work_uri(odd).endswith("/2021-02-24/SPD%2012%2F2021")
    assert from_akn(to_akn(odd)) == odd


# ----------------------------------------------------------------------------- change kinds


def test_old_values_come_from_the_plan(schema: etree.XMLSchema) -> None:
    plan = leichlingen_plan()
    changes = (
        EditGoal(unit="050101", position=1, new_text="Neu gefasstes Ziel"),
        RemoveKeyFigure(unit="050101", goal=2, position=1),
        SetKeyFigureValue(
            unit="050101",
            goal=1,
            position=1,
            year=2021,
            figure_kind=FigureKind.ANSATZ,
            new=Decimal(1300),
        ),
        RemoveProduct(code="050101"),
    )
    root = assert_valid(schema, to_akn(amendment_with(*changes), plan=plan))
    old = [q.text for q in root.iter(A + "quotedText") if q.get("class") == "old"]
    assert old == [
        plan.product("050101").goals[0].text,  # type: ignore[union-attr]
        "Durchschnittliche Bearbeitungsdauer von Rentenanträgen",
        "1.250 Anzahl",
        plan.product("050101").name,  # type: ignore[union-attr]
    ]
    mods = [(m.get("type"), m.find(A + "old") is not None) for m in root.iter(A + "textualMod")]
    assert mods == [
        ("substitution", True),
        ("repeal", True),
        ("substitution", True),
        ("repeal", True),
    ]


def test_mod_types_and_conditions(schema: etree.XMLSchema) -> None:
    changes = (
        AddLine(target=Target(unit="050101", plan=PlanKind.TEILERGEBNISPLAN, line=14)),
        RemoveInvestment(id="IV21AIB001", old_name="Kita Kirchstraße"),
        SetStatuteValue(
            year=2021,
            field=StatuteField.LIQUIDITY_CREDIT_LIMIT,
            new=Decimal(5000000),
            condition=Condition(text="wenn der Kreis zustimmt"),
        ),
        Coverage(source=CoverageSource.EQUALISATION_RESERVE, covers=("a1",)),
        Request(request=RequestKind.REVIEW, text="Die Verwaltung prüft ..."),
        Request(request=RequestKind.GUIDELINE, text="Haushaltsvermerk: gegenseitig deckungsfähig"),
        ReleaseBlock(block_id="SV-1"),
        ReleaseBlock(block_id="SV-2", amount=Decimal(1000)),
    )
    root = assert_valid(schema, to_akn(amendment_with(*changes)))
    mods = {m.get("eId"): m for m in root.iter(A + "textualMod")}
    assert {k: m.get("type") for k, m in mods.items()} == {
        "amod_1": "insertion",
        "amod_2": "repeal",
        "amod_3": "substitution",
        "amod_6": "insertion",
        "amod_7": "repeal",
        "amod_8": "substitution",
    }  # no textualMod for the Deckungsvorschlag and the Prüfauftrag
    condition = mods["amod_3"].find(A + "condition")
    assert condition is not None
    assert_references_resolve(root)
    spans = [s.text for s in root.iter(A + "span") if s.get("class") == "condition"]
    assert spans == ["wenn der Kreis zustimmt"]
    items = [i.get("eId") for i in root.iter(A + "item")]
    assert items == [f"list_1__item_{n}" for n in range(1, 9)]


def test_structure_statutes_and_plan_fields(schema: etree.XMLSchema) -> None:
    plan = attrs.evolve(
        leichlingen_plan(),
        statutes=(BudgetStatute(year=2021, balance_restored_year=2023),),
    )
    group = ProductGroup(
        code="0502", name="Hilfe zur Pflege", products=(Product(code="050201", name="Pflege"),)
    )
    changes = (
        AddArea(area=BudgetArea(code="06", name="Kinder-, Jugend- und Familienhilfe"), position=1),
        RemoveArea(code="05"),
        AddGroup(area="05", group=group),
        RemoveGroup(code="0501"),
        AddStatute(
            statute=BudgetStatute(year=2022, tax_rates=TaxRates(grundsteuer_b=Decimal(560)))
        ),
        RemoveStatute(year=2021),
        SetBalanceYear(year=2021, new=2025),
        SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, new=None, old=Decimal(554)),
        UpdatePlan(field=PlanField.STATUS, new="beschlossen"),
        SetPlanningYears(new=(2022, 2023, 2024, 2025)),
        UpdatePlan(field=PlanField.NOTE, new=None),
    )
    data = to_akn(amendment_with(*changes), plan=plan)
    root = assert_valid(schema, data)
    assert from_akn(data) == amendment_with(*changes)
    mods = [m.get("type") for m in root.iter(A + "textualMod")]
    assert mods == [
        "insertion",
        "repeal",
        "insertion",
        "repeal",
        "insertion",
        "repeal",
        "substitution",
        "repeal",
        "substitution",
        "substitution",
        "repeal",
    ]
    old = [q.text for q in root.iter(A + "quotedText") if q.get("class") == "old"]
    assert old == [
        "Soziale Leistungen",
        "Hilfen für ältere Menschen und Menschen mit Behinderung",
        "2023",
        "554\xa0%",
        "entwurf",
        "2022, 2023, 2024",
        plan.note,
    ]
    items = [" ".join("".join(i.itertext()).split()) for i in root.iter(A + "item")]
    assert items[0] == (
        "1. Neuer Produktbereich „06 Kinder-, Jugend- und Familienhilfe“ an 1. Stelle."
    )
    assert "mit allen Produktgruppen und Produkten streichen" in items[1]
    assert "neue Produktgruppe „0502 Hilfe zur Pflege“ mit 050201" in items[2]
    assert_references_resolve(root)


def test_relations_in_the_amendment_reference(schema: etree.XMLSchema) -> None:
    amendment = attrs.evolve(
        founding_motion(),
        relations=(Relation(kind=RelationKind.AMENDS, target="V/2020/0815", note="Ziffer 3"),),
    )
    root = assert_valid(schema, to_akn(amendment))
    assert root[0].get("name") == "aenderungsantrag"
    assert "Änderungsantrag zu „V/2020/0815“ – Ziffer 3" in text_of(root, "amendmentReference")
    assert text_of(root, "docType") == "Änderungsantrag"


@pytest.mark.parametrize("kind", CHANGE_KINDS, ids=lambda k: k.kind)
@settings(max_examples=15, deadline=None)
@given(data=st.data())
def test_every_change_kind_validates_and_round_trips(
    schema: etree.XMLSchema, kind: type[Change], data: st.DataObject
) -> None:
    changes = data.draw(st.lists(nst.changes(kind), min_size=1, max_size=3).map(tuple))
    amendment = amendment_with(*changes)
    root = assert_valid(schema, to_akn(amendment))
    assert_references_resolve(root)
    assert from_akn(to_akn(amendment)) == amendment
    mods = list(root.iter(A + "textualMod"))
    if kind.kind in NO_TEXTUAL_MOD:
        assert mods == []
    elif kind is not Request:
        assert len(mods) == len(changes)


# ----------------------------------------------------------------------------- properties


@settings(max_examples=100, deadline=None)
@given(nst.amendments())
def test_generated_amendments_validate_and_round_trip(
    schema: etree.XMLSchema, amendment: Amendment
) -> None:
    assume(amendment.date is not None or amendment.plan_years)
    data = to_akn(amendment)
    root = assert_valid(schema, data)
    assert_references_resolve(root)
    assert from_akn(data) == amendment
    assert to_akn(amendment) == data
    eids = [el.get("eId") for el in root.iter() if el.get("eId")]
    assert len(eids) == len(set(eids))


# Drawing consistent plans is slow on a busy machine; that is the strategy, not to_akn.
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nst.amendments(), nst.budget_plans(max_areas=1, max_groups=1, max_products=1))
def test_exports_with_a_plan_validate(
    schema: etree.XMLSchema, amendment: Amendment, plan: BudgetPlan
) -> None:
    data = to_akn(amendment, plan=plan)
    assert_valid(schema, data)
    assert from_akn(data) == amendment


# ----------------------------------------------------------------------------- reading back


def test_from_akn_refuses_what_it_cannot_read() -> None:
    with pytest.raises(LoadError) as info:
        from_akn(b"<akomaNtoso")
    assert info.value.diagnostics[0].code == "NKF-E001"
    with pytest.raises(LoadError) as info:
        from_akn(b'<!DOCTYPE x [<!ENTITY e "x">]><x>&e;</x>')
    assert info.value.diagnostics[0].code == "NKF-E004"
    with pytest.raises(LoadError) as info:
        from_akn(b'<amendment xmlns="urn:nkf:xml:1" id="a" title="T"/>')
    assert info.value.diagnostics[0].code == "NKF-E005"
    bare = f'<akomaNtoso xmlns="{AKN_NS}"><amendment name="antrag"><meta/></amendment></akomaNtoso>'
    with pytest.raises(LoadError) as info:
        from_akn(bare.encode())
    assert info.value.diagnostics[0].code == "NKF-E005"
    with pytest.raises(LoadError) as info:
        from_akn(b"")
    assert info.value.diagnostics[0].code == "NKF-E001"


def test_from_akn_checks_the_embedded_motion() -> None:
    data = to_akn(founding_motion()).replace(b'status="eingereicht"', b'status="beerdigt"')
    with pytest.raises(LoadError) as info:
        from_akn(data)
    (diagnostic,) = info.value.diagnostics
    assert diagnostic.code == "NKF-E010"
    assert diagnostic.location is not None
    assert diagnostic.location.line is not None
    assert diagnostic.location.line > 40  # the line in the Akoma Ntoso document


def test_from_akn_ignores_the_rendered_text() -> None:
    data = to_akn(founding_motion())
    body = data.rindex(b"beantragen wir")  # in amendmentContent, after meta/proprietary
    edited = data[:body] + b"beantragen sie" + data[body + len(b"beantragen wir") :]
    assert from_akn(edited) == founding_motion()


def test_plan_supplies_statute_investment_and_post_values(schema: etree.XMLSchema) -> None:
    ansatz = Column(year=2021, kind=ValueKind.ANSATZ)
    plan = attrs.evolve(
        leichlingen_plan(),
        statutes=(
            BudgetStatute(
                year=2021,
                tax_rates=TaxRates(grundsteuer_b=Decimal(590)),
                liquidity_credit_limit=Decimal(20000000),
            ),
        ),
        investments=(
            Investment(
                id="IV21AIB001",
                name="Quartierstreff, Umbau",
                payments=(YearAmount(year=2021, amount=Decimal(50000)),),
                commitments=(Commitment(year=2021, amount=Decimal(10000)),),
            ),
        ),
        posts=(Post(id="S-0501-07", title="Quartiersmanagement", fte=Decimal("0.5")),),
        lines=(
            PlanLine(
                plan=PlanKind.ERGEBNISPLAN, number=10, columns=(ansatz,), values=(Decimal(24300),)
            ),
        ),
    )
    changes = (
        SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, new=Decimal(620)),
        SetStatuteValue(
            year=2021, field=StatuteField.LIQUIDITY_CREDIT_LIMIT, new=Decimal(25000000)
        ),
        SetInvestmentAmount(
            id="IV21AIB001", flow=InvestmentFlow.PAYMENT, year=2021, new=Decimal(60000)
        ),
        SetInvestmentAmount(id="IV21AIB001", flow=InvestmentFlow.COMMITMENT, year=2021, new=None),
        RemoveInvestment(id="IV21AIB001"),
        DeletePost(post_id="S-0501-07"),
        UpdateUnit(unit="050101", field=UnitField.BINDING, new="pflichtig"),
        AmountChange(
            target=Target(plan=PlanKind.ERGEBNISPLAN, line=10), column=ansatz, new=Decimal(0)
        ),
        CopyGoals(unit="050102", source="050101"),
    )
    root = assert_valid(schema, to_akn(amendment_with(*changes), plan=plan))
    old = [q.text for q in root.iter(A + "quotedText") if q.get("class") == "old"]
    assert old == [
        "590\xa0%",
        "20.000.000,00\xa0€",
        "50.000,00\xa0€",
        "10.000,00\xa0€",
        "Quartierstreff, Umbau",
        "Quartiersmanagement, 0,5 VZÄ",
        "teils",
        "24.300,00\xa0€",
    ]
    copied = [q.text for q in root.iter(A + "quotedText") if q.get("class") == "new"][-1]
    assert copied is not None
    assert copied.startswith("Ältere, pflegebedürftige")
    assert from_akn(to_akn(amendment_with(*changes), plan=plan)) == amendment_with(*changes)
