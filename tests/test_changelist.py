"""Tests for nkf.changes.changelist and nkf.render: the Veränderungsliste and its reports."""

from __future__ import annotations

import csv
import datetime
import io
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from nkf.changes.changelist import (
    GENERAL_GROUP,
    ChangeList,
    Impact,
    change_list,
    key_figure_text,
    origin_label,
    scalar_text,
)
from nkf.changes.compose import compose
from nkf.examples import FOUNDING_GOAL_TEXT, founding_motion, leichlingen_plan
from nkf.model import (
    BudgetArea,
    BudgetStatute,
    Column,
    FigureKind,
    FigureValue,
    KeyFigure,
    KeyFigureType,
    PlanKind,
    PlanLine,
    Post,
    Product,
    ProductGroup,
    TaxRates,
    ValueKind,
    standard_columns,
)
from nkf.model.amendment import (
    AddArea,
    AddGroup,
    AddStatute,
    Amendment,
    AmountChange,
    Coverage,
    CoverageSource,
    CreatePost,
    EditGoal,
    PlanField,
    RemoveArea,
    RemoveGroup,
    RemoveStatute,
    Request,
    RequestKind,
    SetBalanceYear,
    SetPlanningYears,
    SetTaxRate,
    Submitter,
    SubmitterKind,
    UpdatePlan,
)
from nkf.model.finance import TaxKind
from nkf.model.targets import ColumnValue, Target
from nkf.render import CSV_HEADER, csv_amount, render_csv, render_html, render_text

D = Decimal
TEP = PlanKind.TEILERGEBNISPLAN
A2021 = Column(year=2021, kind=ValueKind.ANSATZ)
NBSP = "\xa0"


def line13(delta: Decimal, **kw: object) -> AmountChange:
    return AmountChange(
        target=Target(unit="050101", plan=TEP, line=13),
        column=A2021,
        delta=delta,
        **kw,  # type: ignore[arg-type]
    )


def by(name: str, kind: SubmitterKind) -> tuple[Submitter, ...]:
    return (Submitter(name=name, kind=kind),)


def k1(delta: Decimal = Decimal(15000)) -> Amendment:
    return Amendment(
        id="cdu-2021-03",
        title="Mehr Sachmittel für den Quartierstreff",
        reference="DS 2021/031",
        date=datetime.date(2021, 3, 1),
        submitters=by("CDU-Fraktion", SubmitterKind.FACTION),
        changes=(line13(delta),),
    )


# ----------------------------------------------------------------------------- founding


def test_founding_motion_change_list() -> None:
    cl = change_list(leichlingen_plan(), founding_motion())
    assert isinstance(cl, ChangeList)
    assert cl.version == 1
    assert cl.title.startswith("1. Veränderungsliste")
    ((group),) = cl.groups
    assert group.area == "05"
    assert group.title == "Produktbereich 05 Soziale Leistungen"
    (entry,) = group.entries
    assert entry.number == 1
    assert "SPD-Fraktion" in entry.origin
    assert entry.origin.endswith("(Fraktion)")
    assert entry.submitter_kind is SubmitterKind.FACTION
    assert entry.amendment_id == founding_motion().id
    assert entry.date == datetime.date(2021, 2, 24)
    assert entry.target.startswith("050101 Beratung von Senioren")
    assert entry.new_text is not None
    assert FOUNDING_GOAL_TEXT in entry.new_text
    assert "Fertigstellung 30.06.2021" in entry.new_text
    assert entry.old_text is None
    assert entry.impact is Impact.NEUTRAL
    assert all(y.result == 0 for y in entry.years)
    assert all(cl.result(y) == 0 for y in cl.years)
    assert entry.explanation == founding_motion().title

    text = render_text(cl)
    assert "Fertigstellung 30.06.2021" in text
    assert "SPD-Fraktion" in text
    assert "neutral" in text
    assert "24.02.2021" in text
    assert "Produktbereich 05 Soziale Leistungen" in text


# ----------------------------------------------------------------------------- K1


def test_k1_amount_change_entry() -> None:
    cl = change_list(leichlingen_plan(), k1())
    (entry,) = cl.entries
    assert entry.area == "05"
    assert entry.target == (
        "050101 Beratung von Senioren, Pflegebedürftigen und Menschen mit Behinderung, "
        "Versicherungsstelle · Teilergebnisplan Z. 13 Aufwendungen für Sach- und "
        "Dienstleistungen"
    )
    (row,) = entry.values
    assert (row.column, row.old, row.delta, row.new) == (A2021, D(14000), D(15000), D(29000))
    assert row.impact is Impact.DETERIORATION
    assert entry.impact is Impact.DETERIORATION
    assert entry.result(2021) == D(-15000)
    assert entry.reference == "DS 2021/031"
    assert cl.result(2021) == D(-15000)
    assert cl.result(2022) == 0
    assert cl.groups[0].result(2021) == D(-15000)

    text = render_text(cl)
    assert f"-15.000,00{NBSP}€" in text
    assert f"+15.000,00{NBSP}€" in text
    assert f"14.000,00{NBSP}€" in text
    assert "Verschlechterung" in text
    assert "DS 2021/031" in text


def test_text_amounts_have_babel_nbsp() -> None:
    text = render_text(change_list(leichlingen_plan(), k1(D("1234.56"))))
    assert f"+1.234,56{NBSP}€" in text
    assert f"15.234,56{NBSP}€" in text


def test_a_revenue_increase_is_an_improvement() -> None:
    more = AmountChange(target=Target(unit="050101", plan=TEP, line=4), column=A2021, delta=D(300))
    cl = change_list(leichlingen_plan(), Amendment(id="x", title="x", changes=(more,)))
    assert cl.entries[0].impact is Impact.IMPROVEMENT
    assert cl.result(2021) == D(300)


# ----------------------------------------------------------------------------- order


def test_grouping_ordering_and_numbering() -> None:
    plan = leichlingen_plan()
    member = Amendment(
        id="m",
        title="Einzelmitglied",
        submitters=by("Frau X", SubmitterKind.MEMBER),
        changes=(line13(D(1)),),
    )
    faction = Amendment(
        id="f",
        title="Fraktion",
        submitters=by("Grüne", SubmitterKind.FACTION),
        changes=(
            Request(request=RequestKind.REVIEW, text="Prüfen, ob …"),
            line13(D(2)),
        ),
    )
    committee = Amendment(
        id="c",
        title="Ausschuss",
        submitters=by("SOB", SubmitterKind.COMMITTEE),
        changes=(EditGoal(unit="050101", position=2, new_text="Anträge schnell"),),
    )
    admin = Amendment(
        id="v",
        title="Veränderungsnachweis",
        submitters=by("Bürgermeister", SubmitterKind.ADMINISTRATION),
        changes=(line13(D(3)),),
    )
    cl = change_list(plan, member, faction, committee, admin)
    assert [g.title for g in cl.groups] == ["Produktbereich 05 Soziale Leistungen", GENERAL_GROUP]
    assert [(e.number, e.amendment_id) for e in cl.groups[0].entries] == [
        (1, "v"),
        (2, "c"),
        (3, "f"),
        (4, "m"),
    ]
    assert [(e.number, e.amendment_id) for e in cl.groups[1].entries] == [(5, "f")]
    assert cl.groups[1].entries[0].new_text == "Prüfauftrag: Prüfen, ob …"
    edit = cl.groups[0].entries[1]
    assert edit.old_text is not None
    assert edit.old_text.startswith("„Anträge in Angelegenheiten")
    assert edit.new_text == "„Anträge schnell“"
    assert cl.result(2021) == D(-6)
    assert [e.number for e in cl.entries] == [1, 2, 3, 4, 5]


def test_statute_and_posts_go_to_the_general_group() -> None:
    plan = leichlingen_plan()
    plan = type(plan)(
        municipality=plan.municipality,
        years=plan.years,
        areas=plan.areas,
        title=plan.title,
        statutes=(BudgetStatute(year=2021, tax_rates=TaxRates(grundsteuer_b=D(554))),),
    )
    post = Post(id="S-1", title="Quartiersarbeit", fte=D("0.5"), pay_grade="S 12")
    motion = Amendment(
        id="x",
        title="Satzung",
        changes=(
            SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, new=D(580)),
            CreatePost(post=post, cost=(ColumnValue(column=A2021, amount=D(30000)),)),
        ),
    )
    cl = change_list(plan, motion, version=2)
    assert cl.version == 2
    assert cl.title.startswith("2. Veränderungsliste")
    (group,) = cl.groups
    assert group.title == GENERAL_GROUP
    assert group.area is None
    tax, new_post = group.entries
    assert (tax.old_text, tax.new_text) == (f"554{NBSP}%", f"580{NBSP}%")
    assert tax.target == "Haushaltssatzung 2021 · Hebesatz Grundsteuer B"
    assert new_post.new_text == "neue Stelle Quartiersarbeit: 0,50 VZÄ, S 12"
    assert new_post.values[0].delta == D(30000)
    assert new_post.origin == "(ohne Angabe)"
    with pytest.raises(ValueError, match="beginnt bei 1"):
        change_list(plan, motion, version=0)


def _care_group(code: str) -> ProductGroup:
    line = PlanLine(
        plan=TEP, number=15, columns=standard_columns((2021,)), values=(D(0),) * 2 + (D(5000),) * 4
    )
    product = Product(code=f"{code}01", name="Pflegewohngeld", lines=(line,))
    return ProductGroup(code=code, name="Hilfe zur Pflege", products=(product,))


def test_areas_and_groups_are_listed_with_their_effect() -> None:
    plan = leichlingen_plan()
    area = BudgetArea(
        code="06", name="Kinder-, Jugend- und Familienhilfe", groups=(_care_group("0601"),)
    )
    motion = Amendment(
        id="x",
        title="Gliederung",
        changes=(
            AddGroup(area="05", group=_care_group("0502")),
            AddArea(area=area),
            RemoveGroup(code="0501"),
        ),
    )
    cl = change_list(plan, motion)
    assert [g.area for g in cl.groups] == ["05", "06"]
    entries = {e.kind: e for e in cl.entries}
    group = entries["add-group"]
    assert group.area == "05"
    assert group.target == "0502 Hilfe zur Pflege"
    assert group.new_text == "neue Produktgruppe in Produktbereich 05 mit 1 Produkt"
    assert group.result(2021) == D(-5000)  # Transferaufwendungen: the result gets worse
    assert group.impact is Impact.DETERIORATION
    new_area = entries["add-area"]
    assert new_area.area == "06"
    assert new_area.new_text == "neuer Produktbereich mit 1 Produktgruppe und 1 Produkt"
    removed = entries["remove-group"]
    assert removed.old_text == "Hilfen für ältere Menschen und Menschen mit Behinderung"
    assert removed.new_text == "Produktgruppe gestrichen, mit ihren Produkten"
    assert removed.impact is Impact.IMPROVEMENT  # the product's deficit goes
    gone = change_list(plan, Amendment(id="y", title="y", changes=(RemoveArea(code="05"),)))
    assert gone.entries[0].new_text.startswith("Produktbereich gestrichen")
    assert gone.entries[0].target.startswith("05 Soziale Leistungen")


def test_statutes_and_the_plan_itself_go_to_the_general_group() -> None:
    plan = leichlingen_plan()
    motion = Amendment(
        id="x",
        title="Satzung",
        changes=(
            AddStatute(statute=BudgetStatute(year=2021, tax_rates=TaxRates(grundsteuer_b=D(554)))),
            SetBalanceYear(year=2021, new=2024),
            SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, new=None),
            UpdatePlan(field=PlanField.STATUS, new="beschlossen"),
            SetPlanningYears(new=(2022, 2023, 2024, 2025)),
            RemoveStatute(year=2021),
        ),
    )
    cl = change_list(plan, motion)
    (group,) = cl.groups
    assert group.title == GENERAL_GROUP
    texts = [(e.target, e.old_text, e.new_text) for e in group.entries]
    assert texts == [
        (
            "Haushaltssatzung 2021",
            None,
            f"neue Haushaltssatzung; Hebesätze: Grundsteuer B 554{NBSP}%",
        ),
        ("Haushaltssatzung 2021 · Jahr des Haushaltsausgleichs", None, "2024"),
        ("Haushaltssatzung 2021 · Hebesatz Grundsteuer B", None, "(gestrichen)"),
        ("Haushaltsplan · Status", "entwurf", "beschlossen"),
        ("Haushaltsplan · Planungsjahre", "2022, 2023, 2024", "2022, 2023, 2024, 2025"),
        ("Haushaltssatzung 2021", None, "Haushaltssatzung gestrichen"),
    ]
    assert all(e.impact is Impact.NEUTRAL for e in group.entries)


def test_cover_is_named_at_both_ends() -> None:
    motion = Amendment(
        id="k",
        title="mit Deckung",
        changes=(
            line13(D(2000), ref="kosten"),
            AmountChange(
                target=Target(unit="050101", plan=TEP, line=16),
                column=A2021,
                delta=D(-2000),
                ref="deckung",
            ),
            Coverage(source=CoverageSource.LINES, covers=("kosten",), offsets=("deckung",)),
        ),
    )
    cl = change_list(leichlingen_plan(), motion)
    cost, cover = cl.entries
    assert len(cl.entries) == 2  # the Deckungsvorschlag is no entry of its own
    assert cost.cover == "Deckung: andere Ansätze (lfd. Nr. 2)"
    assert cover.cover == "Deckung für lfd. Nr. 1"
    assert cover.impact is Impact.IMPROVEMENT
    assert cl.result(2021) == 0
    assert cl.coverage[0].covered


def test_conditional_change_is_listed_as_not_applied() -> None:
    from nkf.model.amendment import Condition

    motion = Amendment(
        id="b",
        title="bedingt",
        changes=(line13(D(100), condition=Condition(text="Landesmittel")),),
    )
    cl = change_list(leichlingen_plan(), motion)
    (entry,) = cl.entries
    assert not entry.applied
    assert entry.condition == "Landesmittel"
    assert cl.result(2021) == 0
    assert "nicht angewendet" in render_text(cl)
    met = change_list(leichlingen_plan(), motion, conditions_met=("Landesmittel",))
    assert met.result(2021) == D(-100)


def test_composition_gives_the_same_list() -> None:
    plan = leichlingen_plan()
    assert change_list(plan, compose(founding_motion(), k1())) == change_list(
        plan, founding_motion(), k1()
    )


def test_words() -> None:
    assert origin_label(Amendment(id="a", title="t")) == "(ohne Angabe)"
    figure = KeyFigure(
        name="Beratungen",
        type=KeyFigureType.COUNT,
        unit="Anzahl",
        values=(
            FigureValue(year=2021, kind=FigureKind.ZIEL, value=D(1250)),
            FigureValue(year=2022, kind=FigureKind.ZIEL, value=D(1300)),
        ),
    )
    assert (
        key_figure_text(figure) == "Beratungen (2021 Ziel: 1.250 Anzahl; 2022 Ziel: 1.300 Anzahl)"
    )
    assert scalar_text(True) == "ja"  # noqa: FBT003
    assert scalar_text(None) == "kein Wert"
    assert scalar_text(D("12.5"), KeyFigureType.MONEY) == f"12,50{NBSP}€"
    assert scalar_text(D("29.5"), KeyFigureType.PERCENT) == f"29,50{NBSP}%"


# ----------------------------------------------------------------------------- CSV


def parse_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_csv_parses_back_with_the_german_header() -> None:
    cl = change_list(leichlingen_plan(), founding_motion(), k1(D("1234.56")))
    rows = parse_csv(render_csv(cl))
    assert rows[0] == list(CSV_HEADER)
    assert ";".join(rows[0]) == (
        "lfd. Nr.;Produktbereich;Antragsteller;Antrag;Drucksache;Datum;Bezug;Jahr;bisher;"
        "Veränderung;neu;Wirkung;Erläuterung"
    )
    assert all(len(r) == len(CSV_HEADER) for r in rows)
    goal, amount = rows[1], rows[2]
    assert goal[0] == "1"
    assert goal[1] == "05"
    assert goal[5] == "24.02.2021"
    assert "Fertigstellung 30.06.2021" in goal[10]
    assert goal[11] == "neutral"
    assert amount[7] == "2021"
    assert amount[8:11] == ["14000,00", "1234,56", "15234,56"]
    assert amount[11] == "Verschlechterung"
    assert D(amount[9].replace(",", ".")) == D("1234.56")
    totals = [r for r in rows if r[1] == "Summe Jahresergebnis"]
    assert (totals[0][7], totals[0][9]) == ("2021", "-1234,56")


def test_csv_amounts() -> None:
    assert csv_amount(D("-1234.56")) == "-1234,56"
    assert csv_amount(D("1900000")) == "1900000,00"
    assert csv_amount(D("-0.001")) == "0,00"
    assert csv_amount(None) == ""


@given(st.text(min_size=1, max_size=40))
def test_csv_round_trips_any_title(title: str) -> None:
    motion = Amendment(id="x", title=title, changes=(line13(D(1)),))
    rows = parse_csv(render_csv(change_list(leichlingen_plan(), motion)))
    assert rows[1][12] == title


# ----------------------------------------------------------------------------- HTML


def test_html_is_well_formed_escaped_and_german() -> None:
    nasty = Amendment(
        id="<b>&x",
        title='Mittel <script>alert("x")</script> & mehr',
        submitters=by("Fraktion „A&B“", SubmitterKind.FACTION),
        changes=(line13(D("1234.56")),),
    )
    document = render_html(change_list(leichlingen_plan(), founding_motion(), nasty))
    assert document.startswith("<!DOCTYPE html>")
    assert "<script>" not in document
    assert "&lt;script&gt;" in document
    root = etree.fromstring(document.encode())  # well-formed XML as well
    assert root.tag == "html"
    assert root.get("lang") == "de"
    parsed = lxml_html.document_fromstring(document)
    tables = parsed.findall(".//table")
    assert len(tables) == 2  # one per Produktbereich, and the totals
    text = parsed.text_content()
    assert f"+1.234,56{NBSP}€" in text
    assert f"15.234,56{NBSP}€" in text
    assert "Fertigstellung 30.06.2021" in text
    assert 'Mittel <script>alert("x")</script> & mehr' in text
    assert "Fraktion „A&B“ (Fraktion)" in text
    meta = root.find("head/meta")
    assert meta is not None
    assert meta.get("charset") == "utf-8"


def test_empty_change_list_renders() -> None:
    cl = change_list(leichlingen_plan())
    assert cl.entries == ()
    assert "Keine Veränderungen." in render_text(cl)
    assert "Keine Veränderungen." in render_html(cl)
    assert parse_csv(render_csv(cl))[0] == list(CSV_HEADER)


def test_a_change_after_the_last_amount_shows_the_value_before_it() -> None:
    """A Hebesatz set after the motion's amounts is listed with the rate it replaces."""
    statute = BudgetStatute(year=2021, tax_rates=TaxRates(grundsteuer_b=D(554)))
    plan = attrs.evolve(leichlingen_plan(), statutes=(statute,))
    motion = Amendment(
        id="m",
        title="Sachmittel und Hebesatz",
        changes=(
            line13(D(1000)),
            SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, new=D(564)),
        ),
    )
    rate = next(e for e in change_list(plan, motion).entries if "Hebesatz" in e.target)
    assert (rate.old_text, rate.new_text) == (f"554{NBSP}%", f"564{NBSP}%")
