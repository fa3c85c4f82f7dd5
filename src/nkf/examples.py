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

>>> plan = leichlingen_plan()
>>> plan.product("050101").name
'Beratung von Senioren, Pflegebedürftigen und Menschen mit Behinderung, Versicherungsstelle'
>>> founding_motion().changes[0].goal.key_figures[0].name
'Fertigstellung'
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from nkf.model import (
    BindingDegree,
    BudgetArea,
    BudgetPlan,
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
    standard_columns,
)
from nkf.model.amendment import (
    AddGoal,
    Amendment,
    ConsultationRole,
    ConsultationStep,
    Signatory,
    Submitter,
    SubmitterKind,
)

__all__ = ["FOUNDING_GOAL_TEXT", "founding_motion", "leichlingen_plan"]

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
