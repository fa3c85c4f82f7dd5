"""The bundled example: Leichlingen 2021 and the founding motion (Beispiel).

In February 2021 the SPD faction in the council of Leichlingen moved to add to product
050101 "Beratung von Senioren, Pflegebedürftigen und Menschen mit Behinderung,
Versicherungsstelle" a new Produktziel — a concept for the Quartierstreff with a focus on
the Cremers Weiden estate — with the Kennzahl "Fertigstellung 30.06.2021". The motion
(:func:`founding_motion`) is real and complete. The plan (:func:`leichlingen_plan`) is
**illustrative**: names and codes follow the motion, the figures are invented and only
made consistent (every sum line adds up).

``examples/leichlingen-2021/plan.xml`` and ``amendment.xml`` in the repository are
``nkf.dumps`` of these values; a test keeps them identical.

:func:`leichlingen_deliberation` is an **illustrative** Haushaltsberatung around the
founding motion (``deliberation.xml``): the draft (:func:`leichlingen_draft`, the plan
with a Gesamtergebnisplan and a Haushaltssatzung), a Veränderungsnachweis of the
Verwaltung, the founding motion (by reference to ``amendment.xml``), a competing CDU
motion, a motion of Bündnis 90/Die Grünen with a Deckungsvorschlag and a rejected FDP
Hebesatz motion, with recommendations of the HFA and decisions of the Rat. Only the
founding motion is real; the rest is invented and says so in its texts.

>>> plan = leichlingen_plan()
>>> plan.product("050101").name
'Beratung von Senioren, Pflegebedürftigen und Menschen mit Behinderung, Versicherungsstelle'
>>> founding_motion().changes[0].goal.key_figures[0].name
'Fertigstellung'
"""

from __future__ import annotations

import datetime
from decimal import Decimal

import attrs

from nkf.model import (
    BindingDegree,
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
    Product,
    ProductGroup,
    TaxKind,
    TaxRates,
    ValueKind,
    standard_columns,
)
from nkf.model.amendment import (
    AddGoal,
    Amendment,
    AmendmentStatus,
    AmountChange,
    ConsultationRole,
    ConsultationStep,
    Coverage,
    CoverageSource,
    Relation,
    RelationKind,
    SetStatuteValue,
    SetTaxRate,
    Signatory,
    StatuteField,
    Submitter,
    SubmitterKind,
)
from nkf.model.deliberation import Decision, Deliberation, Motion, Procedure, Recommendation
from nkf.model.targets import Target

__all__ = [
    "DELIBERATION_MOTION_IDS",
    "FOUNDING_GOAL_TEXT",
    "administration_motion",
    "competing_motion",
    "coverage_motion",
    "founding_motion",
    "leichlingen_deliberation",
    "leichlingen_draft",
    "leichlingen_plan",
    "tax_rate_motion",
]

PRODUCT_NAME = (
    "Beratung von Senioren, Pflegebedürftigen und Menschen mit Behinderung, Versicherungsstelle"
)
SOB = "Ausschuss für Soziales, Ordnung und bürgerschaftliche Beteiligung (SOB)"

FOUNDING_GOAL_TEXT = (
    "Erstellung eines Konzepts der zukünftigen Ausrichtung/Zielsetzung der Arbeit des "
    "Leichlinger Quartierstreff mit allen Projektbeteiligten und unter Berücksichtigung eines "
    "Arbeitsschwerpunktes für die Quartiersarbeit für den Siedlungsbereich ‚Cremers Weiden‘"
)
"""The goal the founding motion adds, word for word."""

# Illustrative Teilergebnisplan of 050101 (whole euros): Ergebnis 2019, Ansatz 2020,
# Ansatz 2021, Planung 2022–2024. Line numbers per VV Muster 2019 (nrw_2019 catalog);
# 15 rises in 2021 with the city's co-financing of the Quartierstreff.
_TEP_050101: tuple[tuple[int, tuple[int, ...]], ...] = (
    (2, (18500, 19000, 19000, 19000, 19000, 19000)),
    (4, (1240, 1200, 1200, 1200, 1200, 1200)),
    (6, (3870, 4000, 4100, 4100, 4100, 4100)),
    (10, (23610, 24200, 24300, 24300, 24300, 24300)),
    (11, (148312, 152400, 158900, 161300, 163700, 166200)),
    (12, (6420, 6600, 6800, 6900, 7000, 7100)),
    (13, (9860, 12500, 14000, 14000, 14000, 14000)),
    (15, (22000, 22000, 37000, 37000, 37000, 37000)),
    (16, (2130, 2300, 2300, 2300, 2300, 2300)),
    (17, (188722, 195800, 219000, 221500, 224000, 226600)),
    (18, (-165112, -171600, -194700, -197200, -199700, -202300)),
    (22, (-165112, -171600, -194700, -197200, -199700, -202300)),
    (26, (-165112, -171600, -194700, -197200, -199700, -202300)),
    (28, (21400, 22000, 22500, 22900, 23300, 23700)),
    (29, (-186512, -193600, -217200, -220100, -223000, -226000)),
)


def _count(year: int, kind: FigureKind, value: int) -> FigureValue:
    return FigureValue(year=year, kind=kind, value=Decimal(value))


def leichlingen_plan() -> BudgetPlan:
    """An illustrative draft plan 2021 of Leichlingen holding product 050101 (Entwurf)."""
    columns = standard_columns((2021,))
    lines = tuple(
        PlanLine(
            plan=PlanKind.TEILERGEBNISPLAN,
            number=n,
            columns=columns,
            values=tuple(Decimal(v) for v in vals),
        )
        for n, vals in _TEP_050101
    )
    consultations = KeyFigure(
        name="Anzahl der Beratungsgespräche",
        type=KeyFigureType.COUNT,
        unit="Anzahl",
        values=(
            _count(2019, FigureKind.ERGEBNIS, 1180),
            _count(2020, FigureKind.ANSATZ, 1200),
            _count(2021, FigureKind.ANSATZ, 1250),
        ),
    )
    duration = KeyFigure(
        name="Durchschnittliche Bearbeitungsdauer von Rentenanträgen",
        type=KeyFigureType.NUMBER,
        unit="Tage",
        values=(
            _count(2019, FigureKind.ERGEBNIS, 12),
            _count(2020, FigureKind.ANSATZ, 10),
            _count(2021, FigureKind.ANSATZ, 10),
        ),
    )
    product = Product(
        code="050101",
        name=PRODUCT_NAME,
        description=(
            "Trägerunabhängige Beratung älterer, pflegebedürftiger und behinderter Menschen "
            "und ihrer Angehörigen; Koordination der Quartiersarbeit; Versicherungsstelle "
            "(Anträge in Angelegenheiten der gesetzlichen Rentenversicherung)."
        ),
        committee=SOB,
        responsible="Sozialamt",
        binding=BindingDegree.PARTLY,
        recipients="Seniorinnen und Senioren, Pflegebedürftige, Menschen mit Behinderung "
        "und ihre Angehörigen",
        goals=(
            Goal(
                text="Ältere, pflegebedürftige und behinderte Menschen und ihre Angehörigen "
                "werden wohnortnah und trägerunabhängig beraten.",
                key_figures=(consultations,),
            ),
            Goal(
                text="Anträge in Angelegenheiten der Rentenversicherung werden zügig "
                "aufgenommen und weitergeleitet.",
                key_figures=(duration,),
            ),
        ),
        lines=lines,
    )
    group = ProductGroup(
        code="0501",
        name="Hilfen für ältere Menschen und Menschen mit Behinderung",
        committee=SOB,
        products=(product,),
    )
    area = BudgetArea(code="05", name="Soziale Leistungen", committee=SOB, groups=(group,))
    return BudgetPlan(
        municipality=Municipality(name="Leichlingen"),
        years=(2021,),
        status=PlanStatus.DRAFT,
        framework="nrw_2019",
        title="Haushaltsplan 2021 (Entwurf), Auszug Produktbereich 05",
        note=(
            "Illustrative figures: names and codes follow the founding motion of 24.02.2021; "
            "the amounts and key-figure values are invented for this example and are not "
            "Leichlingen's budget."
        ),
        areas=(area,),
    )


def founding_motion() -> Amendment:
    """The SPD Leichlingen motion of 24.02.2021: a new goal for product 050101."""
    milestone = KeyFigure(
        name="Fertigstellung",
        type=KeyFigureType.DATE,
        values=(FigureValue(year=2021, kind=FigureKind.ZIEL, value=datetime.date(2021, 6, 30)),),
    )
    return Amendment(
        id="spd-leichlingen-2021-02-24-quartierstreff",
        title=(
            "Antrag zum Haushaltsplan 2021, Fachbereich SOB: Neues Produktziel "
            "Quartierstreff mit ‚Cremers Weiden‘"
        ),
        date=datetime.date(2021, 2, 24),
        plan_years=(2021,),
        submitters=(
            Submitter(
                name="SPD-Fraktion im Rat der Blütenstadt Leichlingen",
                kind=SubmitterKind.FACTION,
                address="Bahnhofstraße 7, 42799 Leichlingen",
                signatories=(
                    Signatory(name="Matthias Ebecke", role="Fraktionsvorsitzender"),
                    Signatory(name="Tobias Rottwinkel", role="Ratsmitglied"),
                ),
            ),
        ),
        addressee=(
            "Herrn Bürgermeister Frank Steffes, Stadtverwaltung Leichlingen, "
            "Am Büscherhof 1, 42799 Leichlingen"
        ),
        committee=SOB,
        consultation=(
            ConsultationStep(body=SOB, role=ConsultationRole.ADVISORY),
            ConsultationStep(body="Rat der Stadt Leichlingen", role=ConsultationRole.DECIDING),
        ),
        request_text=(
            "Wie in den Haushaltsplanberatungen im Ausschuss für Soziales, Ordnung und "
            "bürgerschaftliche Beteiligung (SOB) ausgeführt, beantragen wir im Produkt 050101 "
            "„Beratung von Senioren, Pflegebedürftigen und Menschen mit Behinderung, "
            f"Versicherungsstelle“ ein neues Produktziel „{FOUNDING_GOAL_TEXT}“ zu ergänzen. "
            "Die Kennzahl soll lauten: „Fertigstellung 30.06.2021“."
        ),
        reason=_REASON,
        changes=(
            AddGoal(unit="050101", goal=Goal(text=FOUNDING_GOAL_TEXT, key_figures=(milestone,))),
        ),
    )


_PARAGRAPHS = (
    (
        "Der Leichlinger Quartierstreff wird durch den Eintritt der Stadt Leichlingen in die "
        "Co-Finanzierung nun auch mit städtischen Haushaltsmitteln getragen. Der Rat der "
        "Stadt Leichlingen beauftragte die Stadtverwaltung bereits mit Beschluss in der "
        "Ratssitzung vom 17.12.2020 folgendermaßen: „Die Verwaltung wird beauftragt, im "
        "kommenden Jahr gemeinsam mit den Kooperationspartnern ein Konzept für die dauerhafte"
        " Etablierung der Quartiersarbeit in Leichlingen zu entwickeln.“"
    ),
    (
        "Weiter hieß es in der Begründung der Verwaltungsvorlage: „Mit den beteiligten "
        "Trägern wurde besprochen, dass es Intention der Stadt Leichlingen ist, die "
        "bestehende Arbeit weiterzuentwickeln. Hier geht es insbesondere um das Aufgreifen "
        "der Ergebnisse der durchgeführten Sozialplanung, speziell um das Wohngebiet ‚Cremers"
        " Weiden‘. Die Zielrichtung wird von den beteiligten Kooperationspartnern "
        "mitgetragen. In diesem Zusammenhang ist es wichtig, dass die Quartiersarbeit "
        "koordiniert und gebündelt wird. Dies soll über die entsprechenden Stellenanteile der"
        " Stelle im städtischen Sozialamt geschehen. Es wird wichtig sein, alle Akteure in "
        "einer Steuerungsgruppe an der weiteren Konzeptionierung und Koordination zu "
        "beteiligen. So können die Angebote bedarfsgerecht gesteuert werden.“"
    ),
    (
        "Alle diese Aspekte unterstützt die SPD-Fraktion eindringlich. Wir sehen insbesondere"
        " in der innerstädtischen Quartiersarbeit rund um das Quartier „Cremers Weiden“ einen"
        " wichtigen und notwendigen Entwicklungsschritt. Wir fordern daher, die Erstellung "
        "des Konzepts für die dauerhafte Etablierung auch als Ziel und messbare "
        "Absichtserklärung im Haushalt zu verankern."
    ),
)
_REASON = "\n\n".join(_PARAGRAPHS)


# --------------------------------------------------------------------------- deliberation
#
# Everything below is illustrative: the draft's Gesamtergebnisplan and Haushaltssatzung,
# the motions other than the founding motion, the recommendations, dates and vote counts
# are invented to show a Haushaltsberatung; the texts say so.

HFA = "Haupt- und Finanzausschuss (HFA)"
RAT = "Rat der Stadt Leichlingen"
_ILLUSTRATIVE = "Illustrativer Antrag (erfunden für das nkf-Beispiel, kein echter Antrag): "
_TEP = PlanKind.TEILERGEBNISPLAN
_A2021 = Column(year=2021, kind=ValueKind.ANSATZ)
_FOUNDING_ID = "spd-leichlingen-2021-02-24-quartierstreff"

DELIBERATION_MOTION_IDS = (
    "verwaltung-2021-vn-01",
    _FOUNDING_ID,
    "cdu-2021-03-01-quartierstreff-zeitplan",
    "gruene-2021-03-02-quartierstreff-honorare",
    "fdp-2021-03-02-grundsteuer-b",
)
"""The motions of :func:`leichlingen_deliberation`, in voting order."""


def _line(number: int) -> Target:
    return Target(unit="050101", plan=_TEP, line=number)


def leichlingen_draft() -> BudgetPlan:
    """The draft of the deliberation: :func:`leichlingen_plan` with a Haushaltssatzung.

    The Gesamtergebnisplan is the sum of the Teilpläne (here: product 050101 only), and
    the Haushaltssatzung 2021 sets illustrative Hebesätze and draws the deficit from the
    Ausgleichsrücklage (fiktiver Haushaltsausgleich, § 75 Abs. 2 Satz 3 GO NRW).
    ``examples/leichlingen-2021/deliberation.xml`` embeds it.
    """
    from nkf.changes.recompute import recompute

    plan = leichlingen_plan()
    columns = standard_columns((2021,))
    seed = PlanLine(
        plan=PlanKind.ERGEBNISPLAN, number=10, columns=columns, values=(Decimal(0),) * len(columns)
    )
    statute = BudgetStatute(
        year=2021,
        equalisation_reserve_use=Decimal(194700),
        tax_rates=TaxRates(
            grundsteuer_a=Decimal(260), grundsteuer_b=Decimal(590), gewerbesteuer=Decimal(460)
        ),
    )
    return recompute(
        attrs.evolve(
            plan,
            title="Haushaltsplan 2021, Auszug Produktbereich 05, mit Haushaltssatzung",
            note=(
                f"{plan.note} The Gesamtergebnisplan sums this excerpt only, and the "
                "Haushaltssatzung (Hebesätze, Inanspruchnahme der Ausgleichsrücklage) is "
                "invented as well."
            ),
            lines=(seed,),
            statutes=(statute,),
        )
    )


def administration_motion() -> Amendment:
    """Veränderungsnachweis Nr. 1 of the Verwaltung: Ansatz Z. 13 of 050101 14.000 → 16.500 €."""
    return Amendment(
        id=DELIBERATION_MOTION_IDS[0],
        title="Veränderungsnachweis Nr. 1 zum Haushaltsplanentwurf 2021: Sachkosten der "
        "Seniorenberatung (illustrativ)",
        date=datetime.date(2021, 3, 1),
        reference="V/2021/031",
        plan_years=(2021,),
        submitters=(Submitter(name="Der Bürgermeister", kind=SubmitterKind.ADMINISTRATION),),
        addressee=RAT,
        committee=HFA,
        consultation=(
            ConsultationStep(
                body=HFA, role=ConsultationRole.ADVISORY, date=datetime.date(2021, 3, 9)
            ),
            ConsultationStep(
                body=RAT, role=ConsultationRole.DECIDING, date=datetime.date(2021, 3, 23)
            ),
        ),
        request_text=_ILLUSTRATIVE + "Der Ansatz 2021 der Aufwendungen für Sach- und "
        "Dienstleistungen im Produkt 050101 wird von 14.000 € auf 16.500 € erhöht; die "
        "Inanspruchnahme der Ausgleichsrücklage in § 4 der Haushaltssatzung steigt "
        "entsprechend von 194.700 € auf 197.200 €.",
        reason="Illustrativ: höhere Miet- und Nebenkosten der Beratungsstelle nach der "
        "Aufstellung des Entwurfs.",
        changes=(
            SetStatuteValue(
                year=2021,
                field=StatuteField.EQUALISATION_RESERVE_USE,
                old=Decimal(194700),
                new=Decimal(197200),
                note="Anpassung der Inanspruchnahme der Ausgleichsrücklage (§ 4)",
            ),
            AmountChange(
                target=_line(13),
                column=_A2021,
                old=Decimal(14000),
                new=Decimal(16500),
                note="Mehrbedarf Miet- und Nebenkosten der Beratungsstelle",
            ),
        ),
    )


def competing_motion() -> Amendment:
    """The CDU's competing motion: the founding goal, but completed by 31.12.2021."""
    milestone = KeyFigure(
        name="Fertigstellung",
        type=KeyFigureType.DATE,
        values=(FigureValue(year=2021, kind=FigureKind.ZIEL, value=datetime.date(2021, 12, 31)),),
    )
    return Amendment(
        id=DELIBERATION_MOTION_IDS[2],
        title="Konkurrierender Antrag: Produktziel Quartierstreff mit Fertigstellung zum "
        "31.12.2021 (illustrativ)",
        date=datetime.date(2021, 3, 1),
        plan_years=(2021,),
        submitters=(
            Submitter(name="CDU-Fraktion im Rat der Stadt Leichlingen", kind=SubmitterKind.FACTION),
        ),
        committee=SOB,
        relations=(Relation(kind=RelationKind.COMPETES_WITH, target=_FOUNDING_ID),),
        request_text=_ILLUSTRATIVE + "Das von der SPD-Fraktion beantragte Produktziel wird "
        "mit der Kennzahl „Fertigstellung 31.12.2021“ ergänzt.",
        reason="Illustrativ: ein Konzept mit allen Projektbeteiligten braucht mehr Zeit als "
        "bis zum 30.06.2021.",
        changes=(
            AddGoal(unit="050101", goal=Goal(text=FOUNDING_GOAL_TEXT, key_figures=(milestone,))),
        ),
    )


def _coverage_changes(amount: int) -> tuple[AmountChange | Coverage, ...]:
    return (
        AmountChange(
            ref="zuschuss",
            target=_line(15),
            column=_A2021,
            old=Decimal(37000),
            delta=Decimal(amount),
            new=Decimal(37000 + amount),
            note="Zuschuss an den Leichlinger Quartierstreff für Honorarkräfte",
        ),
        AmountChange(
            ref="deckung",
            target=_line(16),
            column=_A2021,
            old=Decimal(2300),
            delta=Decimal(-amount),
            new=Decimal(2300 - amount),
            note="Deckung: Kürzung der sonstigen ordentlichen Aufwendungen",
        ),
        Coverage(
            source=CoverageSource.LINES,
            covers=("zuschuss",),
            offsets=("deckung",),
            text="Der Zuschuss wird durch Minderaufwendungen in Zeile 16 desselben Produkts "
            "gedeckt.",
        ),
    )


def coverage_motion(amount: int = 2000) -> Amendment:
    """Bündnis 90/Die Grünen: a grant on Z. 15 of 050101, covered by a cut on Z. 16.

    ``amount`` is the grant (2.000 € as moved; the HFA recommends 1.500 €).
    """
    return Amendment(
        id=DELIBERATION_MOTION_IDS[3],
        title="Zuschuss an den Quartierstreff für Honorarkräfte mit Deckungsvorschlag "
        "(illustrativ)",
        date=datetime.date(2021, 3, 2),
        plan_years=(2021,),
        submitters=(
            Submitter(
                name="Fraktion Bündnis 90/Die Grünen im Rat der Stadt Leichlingen",
                kind=SubmitterKind.FACTION,
            ),
        ),
        committee=SOB,
        request_text=_ILLUSTRATIVE + "Im Produkt 050101 wird der Ansatz 2021 der "
        "Transferaufwendungen um 2.000 € für Honorarkräfte des Quartierstreffs erhöht; zur "
        "Deckung werden die sonstigen ordentlichen Aufwendungen um 2.000 € gekürzt.",
        changes=_coverage_changes(amount),
    )


def tax_rate_motion() -> Amendment:
    """FDP: lower the Hebesatz of the Grundsteuer B 2021 from 590 to 560 v. H."""
    return Amendment(
        id=DELIBERATION_MOTION_IDS[4],
        title="Hebesatz der Grundsteuer B 2021 senken (illustrativ)",
        date=datetime.date(2021, 3, 2),
        plan_years=(2021,),
        submitters=(
            Submitter(name="FDP-Fraktion im Rat der Stadt Leichlingen", kind=SubmitterKind.FACTION),
        ),
        committee=HFA,
        request_text=_ILLUSTRATIVE + "Der Hebesatz der Grundsteuer B wird für 2021 von "
        "590 v. H. auf 560 v. H. gesenkt.",
        changes=(
            SetTaxRate(year=2021, tax=TaxKind.GRUNDSTEUER_B, old=Decimal(590), new=Decimal(560)),
        ),
    )


def _day(month: int, day: int) -> datetime.date:
    return datetime.date(2021, month, day)


def leichlingen_deliberation() -> Deliberation:
    """The illustrative Haushaltsberatung 2021 around the founding motion (Beispiel).

    The draft is embedded (:func:`leichlingen_draft`); the founding motion is named by
    reference (``amendment.xml``, beside ``deliberation.xml``), the others are embedded.
    The Rat adopts the Veränderungsnachweis and the founding motion, settles the competing
    CDU motion by it, adopts the Grünen motion as the HFA recommends it (1.500 € instead
    of 2.000 €) and rejects the FDP Hebesatz motion.
    """
    admin, spd, cdu, gruene, fdp = DELIBERATION_MOTION_IDS
    rat, hfa = _day(3, 23), _day(3, 9)
    return Deliberation(
        id="leichlingen-haushaltsberatung-2021",
        title="Haushaltsberatung 2021 der Stadt Leichlingen (illustrativ)",
        date=rat,
        deciding_body=RAT,
        voting_order=DELIBERATION_MOTION_IDS,
        note=(
            "Illustratives Beispiel: echt ist nur der Antrag der SPD-Fraktion vom "
            "24.02.2021 (amendment.xml). Die übrigen Anträge, die Beschlussempfehlungen, "
            "Sitzungstermine und Abstimmungsergebnisse sind erfunden, um eine "
            "Haushaltsberatung mit nkf zu zeigen."
        ),
        draft=leichlingen_draft(),
        motions=(
            Motion(
                id=admin,
                amendment=administration_motion(),
                recommendations=(Recommendation(body=HFA, procedure=Procedure.ADOPT, date=hfa),),
                decisions=(
                    Decision(
                        body=HFA, result=AmendmentStatus.ADOPTED, date=hfa, yes=17, no=0, abstain=0
                    ),
                    Decision(
                        body=RAT, result=AmendmentStatus.ADOPTED, date=rat, yes=37, no=0, abstain=0
                    ),
                ),
            ),
            Motion(
                id=spd,
                amendment_ref="amendment.xml",
                recommendations=(
                    Recommendation(body=SOB, procedure=Procedure.ADOPT, date=_day(3, 2)),
                    Recommendation(body=HFA, procedure=Procedure.ADOPT, date=hfa),
                ),
                decisions=(
                    Decision(
                        body=RAT, result=AmendmentStatus.ADOPTED, date=rat, yes=25, no=10, abstain=2
                    ),
                ),
            ),
            Motion(
                id=cdu,
                amendment=competing_motion(),
                recommendations=(
                    Recommendation(
                        body=HFA, procedure=Procedure.SETTLED_BY, date=hfa, settled_by=spd
                    ),
                ),
                decisions=(
                    Decision(body=RAT, result=AmendmentStatus.SETTLED, date=rat, settled_by=spd),
                ),
            ),
            Motion(
                id=gruene,
                amendment=coverage_motion(),
                recommendations=(
                    Recommendation(
                        body=HFA,
                        procedure=Procedure.ADOPT_MODIFIED,
                        date=hfa,
                        note="Annehmen mit einem Zuschuss von 1.500 € statt 2.000 €, gedeckt "
                        "durch eine Kürzung der Zeile 16 um 1.500 €.",
                        changes=_coverage_changes(1500),
                    ),
                ),
                decisions=(
                    Decision(
                        body=RAT,
                        result=AmendmentStatus.ADOPTED_MODIFIED,
                        date=rat,
                        yes=22,
                        no=13,
                        abstain=2,
                        note="Beschlossen in der Fassung der Beschlussempfehlung des HFA.",
                    ),
                ),
            ),
            Motion(
                id=fdp,
                amendment=tax_rate_motion(),
                recommendations=(Recommendation(body=HFA, procedure=Procedure.REJECT, date=hfa),),
                decisions=(
                    Decision(
                        body=RAT, result=AmendmentStatus.REJECTED, date=rat, yes=5, no=30, abstain=2
                    ),
                ),
            ),
        ),
    )
