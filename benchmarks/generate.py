"""Realistic synthetic NKF plans and motions for benchmarks and tests (Testdaten).

A plan has the 17 Produktbereiche of the NRW framework, product groups of up to eight
products and ``products`` products. Every product carries the full Teilergebnisplan
(lines 01–29 × 6 columns) and Teilfinanzplan (01–14 × 7 columns incl. VE), three goals
with four key figures each, and a post of the Stellenplan; every fifth product has an
investment measure whose phasing is the product's Teilfinanzplan line 08. Sum and balance
lines are computed with the framework's formulas, the Gesamtergebnis- and
Gesamtfinanzplan are the sums of the Teilpläne per the framework's aggregation map, and the
Haushaltssatzung states the totals of the plan, so the plan validates without an error.

Motions (Änderungsanträge) mix the change kinds K1–K11 against such a plan: amounts with
correct old values, Deckungsvorschläge, goals, key figures, investments, Hebesätze,
Stellenplan, Sperrvermerke, percentage cuts, re-phasing, requests and conditional
changes. Each motion touches its own lines, except the competing motions (Gegenanträge:
another amount for a cell, a Hebesatz several motions set), so all motions apply one
after another and :func:`nkf.conflicts` has real collisions to find.

Everything is deterministic for a given ``--seed``::

    python benchmarks/generate.py --products 1000 -o plan.xml
    python benchmarks/generate.py --products 1000 --amendments 500 -o motions/
"""

from __future__ import annotations

import argparse
import datetime
import random
import sys
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

import attrs

from nkf.frameworks.nrw_2019 import NRW_2019
from nkf.model import (
    BindingDegree,
    BudgetArea,
    BudgetPlan,
    BudgetStatute,
    Column,
    Commitment,
    FigureKind,
    FigureValue,
    Goal,
    Investment,
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
    TaxRates,
    ValueKind,
    YearAmount,
    standard_columns,
)
from nkf.model.amendment import (
    AddGoal,
    AddKeyFigure,
    Amendment,
    AmountChange,
    BlockAmount,
    BlockPost,
    Condition,
    ConditionKind,
    ConsultationRole,
    ConsultationStep,
    Coverage,
    CoverageSource,
    CreatePost,
    EditGoal,
    InvestmentFlow,
    MoveAmount,
    PercentChange,
    Request,
    RequestKind,
    SetInvestmentAmount,
    SetKeyFigureValue,
    SetKwVermerk,
    SetTaxRate,
    Signatory,
    Submitter,
    SubmitterKind,
    UnitField,
    UpdateUnit,
)
from nkf.model.targets import ColumnValue, Target

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from nkf.frameworks import LineSchema
    from nkf.model.amendment import Change

__all__ = ["generate_amendments", "generate_plan", "main", "perturb_plan"]

YEAR = 2026
"""The budget year of every generated plan."""

TEP, TFP = PlanKind.TEILERGEBNISPLAN, PlanKind.TEILFINANZPLAN
EP, FP = PlanKind.ERGEBNISPLAN, PlanKind.FINANZPLAN
RESULT_COLUMNS = standard_columns((YEAR,))
FINANCE_COLUMNS = standard_columns((YEAR,), finance=True)
ANSATZ = Column(year=YEAR, kind=ValueKind.ANSATZ)
VE = Column(year=YEAR, kind=ValueKind.VE)
PLANUNG_1 = Column(year=YEAR + 1, kind=ValueKind.PLANUNG)
ZERO = Decimal(0)

_SCHEMAS = {s.plan: s for s in NRW_2019.schemas}
_PRODUCTS_PER_GROUP = 8

# Teilergebnisplan entry lines: (line, probability that a product budgets it, low, high)
# of the Ansatz in euros. Personal, Versorgung, Sach- und Dienstleistungen, Abschreibungen
# and internal charges are budgeted almost everywhere; taxes, Umlagen and extraordinary
# lines only in a few products (as in Münster or Ostbevern).
_TEP_ENTRIES: tuple[tuple[int, float, int, int], ...] = (
    (1, 0.02, 500_000, 40_000_000),
    (2, 0.35, 5_000, 2_000_000),
    (3, 0.08, 1_000, 300_000),
    (4, 0.40, 1_000, 900_000),
    (5, 0.30, 500, 200_000),
    (6, 0.35, 1_000, 600_000),
    (7, 0.25, 200, 80_000),
    (8, 0.03, 1_000, 60_000),
    (9, 0.02, -20_000, 20_000),
    (11, 0.95, 40_000, 3_500_000),
    (12, 0.80, 2_000, 400_000),
    (13, 0.90, 2_000, 1_800_000),
    (14, 0.55, 500, 900_000),
    (15, 0.30, 5_000, 4_000_000),
    (16, 0.85, 500, 250_000),
    (19, 0.04, 500, 300_000),
    (20, 0.04, 500, 500_000),
    (23, 0.01, 1_000, 200_000),
    (24, 0.01, 1_000, 200_000),
    (27, 0.20, 1_000, 500_000),
    (28, 0.90, 2_000, 600_000),
)
# Teilfinanzplan entry lines besides 01 and 08 (taken from the investment measure).
_TFP_ENTRIES: tuple[tuple[int, float, int, int], ...] = (
    (2, 0.03, 5_000, 500_000),
    (4, 0.03, 5_000, 400_000),
    (5, 0.02, 1_000, 100_000),
    (7, 0.03, 20_000, 900_000),
    (9, 0.45, 1_000, 150_000),
    (11, 0.04, 5_000, 300_000),
    (12, 0.02, 1_000, 50_000),
)
# Finanzplan lines 01–15 follow the Ergebnisplan lines (cash flows close to the accruals).
_CASH_FROM_RESULT: tuple[tuple[int, int], ...] = (
    (1, 1), (2, 2), (3, 3), (4, 4), (5, 5), (6, 6), (7, 7), (8, 19),
    (10, 11), (11, 12), (12, 13), (13, 20), (14, 15), (15, 16),
)  # fmt: skip

_AREA_TOPICS: dict[str, tuple[str, ...]] = {
    "01": ("Ratsangelegenheiten", "Personalverwaltung", "IT-Service", "Gebäudemanagement",
           "Rechnungsprüfung", "Zentrale Vergabestelle", "Bürgerbüro", "Kasse"),
    "02": ("Ordnungsangelegenheiten", "Gewerbeangelegenheiten", "Straßenverkehr",
           "Feuerwehr", "Rettungsdienst", "Standesamt", "Wahlen", "Bevölkerungsschutz"),
    "03": ("Grundschulen", "Realschulen", "Gymnasien", "Gesamtschulen", "Förderschulen",
           "Schülerbeförderung", "Offene Ganztagsschule", "Schulverwaltung"),
    "04": ("Musikschule", "Stadtbibliothek", "Volkshochschule", "Museum", "Stadtarchiv",
           "Kulturförderung", "Heimatpflege", "Theater"),
    "05": ("Hilfe zum Lebensunterhalt", "Grundsicherung im Alter", "Asylbewerberleistungen",
           "Seniorenberatung", "Wohngeld", "Quartiersarbeit", "Betreuungsstelle",
           "Eingliederungshilfe"),
    "06": ("Kindertagesbetreuung", "Kindertagespflege", "Jugendarbeit", "Jugendzentren",
           "Hilfen zur Erziehung", "Jugendgerichtshilfe", "Familienberatung",
           "Unterhaltsvorschuss"),
    "07": ("Gesundheitsschutz", "Hygieneüberwachung", "Gesundheitsförderung",
           "Sozialpsychiatrischer Dienst", "Impfwesen", "Suchtberatung",
           "Betreuung Gesundheit", "Infektionsschutz"),
    "08": ("Sportförderung", "Sporthallen", "Sportplätze", "Hallenbad", "Freibad",
           "Vereinsförderung", "Sportentwicklungsplanung", "Bewegungsangebote"),
    "09": ("Stadtplanung", "Bauleitplanung", "Stadtentwicklung", "Vermessung",
           "Geoinformation", "Stadterneuerung", "Verkehrsplanung", "Klimaanpassung"),
    "10": ("Bauordnung", "Wohnungsbauförderung", "Denkmalschutz", "Wohnraumversorgung",
           "Bauberatung", "Baulasten", "Obdachlosenunterkünfte", "Mietspiegel"),
    "11": ("Abfallentsorgung", "Abwasserbeseitigung", "Wasserversorgung",
           "Straßenentwässerung", "Wertstoffhof", "Sperrmüll", "Kanalunterhaltung",
           "Energieversorgung"),
    "12": ("Gemeindestraßen", "Straßenbeleuchtung", "Brücken", "Winterdienst",
           "Straßenreinigung", "Parkeinrichtungen", "ÖPNV", "Radverkehr"),
    "13": ("Öffentliches Grün", "Spielplätze", "Friedhöfe", "Stadtwald", "Gewässerpflege",
           "Landschaftspflege", "Baumpflege", "Kleingärten"),
    "14": ("Umweltschutz", "Klimaschutz", "Immissionsschutz", "Altlasten",
           "Umweltberatung", "Energieberatung", "Lärmaktionsplanung", "Naturschutzbeirat"),
    "15": ("Wirtschaftsförderung", "Stadtmarketing", "Tourismus", "Märkte",
           "Gewerbeflächen", "Innenstadtmanagement", "Existenzgründung", "Messen"),
    "16": ("Steuern", "Allgemeine Zuweisungen", "Allgemeine Umlagen", "Zinsen",
           "Beteiligungen", "Kreditwirtschaft", "Finanzausgleich", "Sonstige Finanzwirtschaft"),
    "17": ("Stiftung Bürgerhaus", "Stiftung Altenhilfe", "Stiftung Kultur",
           "Stiftung Bildung", "Stiftung Soziales", "Stiftung Naturschutz",
           "Stiftung Sport", "Stiftung Heimat"),
}  # fmt: skip
_COMMITTEES = (
    "Haupt- und Finanzausschuss",
    "Ausschuss für Schule und Sport",
    "Ausschuss für Soziales und Gesundheit",
    "Jugendhilfeausschuss",
    "Kulturausschuss",
    "Ausschuss für Stadtentwicklung und Umwelt",
    "Bau- und Verkehrsausschuss",
    "Ausschuss für Wirtschaft und Digitales",
)
_FIGURES: tuple[tuple[str, KeyFigureType, str | None], ...] = (
    ("Anzahl der Fälle", KeyFigureType.COUNT, "Anzahl"),
    ("Kostendeckungsgrad", KeyFigureType.PERCENT, "%"),
    ("Aufwand je Einwohner", KeyFigureType.MONEY, "€"),
    ("Durchschnittliche Bearbeitungsdauer", KeyFigureType.NUMBER, "Tage"),
    ("Anteil digital gestellter Anträge", KeyFigureType.PERCENT, "%"),
    ("Anzahl der Teilnehmenden", KeyFigureType.COUNT, "Anzahl"),
    ("Fertigstellung des Konzepts", KeyFigureType.DATE, None),
    ("Zertifizierung erreicht", KeyFigureType.YES_NO, None),
    ("Zufriedenheit der Nutzer (Skala 1–5)", KeyFigureType.RATIO, None),
)
_GOAL_TEXTS = (
    "Die Leistungen von {t} werden bedarfsgerecht, wirtschaftlich und bürgernah erbracht.",
    "Die Bearbeitungszeiten im Bereich {t} werden verkürzt und Anträge digital angeboten.",
    "Das Angebot {t} wird an die demografische Entwicklung der Stadt angepasst.",
    "Die Kosten für {t} werden durch Gebühren und Zuweisungen angemessen gedeckt.",
    "Die Qualität von {t} wird gesichert und regelmäßig mit Kennzahlen überprüft.",
    "Die Nutzerinnen und Nutzer von {t} sind mit dem Angebot zufrieden.",
)
_PAY_GRADES = ("EG 5", "EG 6", "EG 8", "EG 9a", "EG 9b", "EG 10", "EG 11", "EG 12", "S 12",
               "S 15", "A 9", "A 11", "A 12", "A 13")  # fmt: skip
_FACTIONS = (
    "CDU-Fraktion",
    "SPD-Fraktion",
    "Fraktion Bündnis 90/Die Grünen",
    "FDP-Fraktion",
    "Fraktion Die Linke",
    "Fraktion Freie Wähler",
)
_BODIES = ("Rat", "Haupt- und Finanzausschuss", "Fachausschuss", "Verwaltung")


def _d(value: float) -> Decimal:
    """Whole euros."""
    return Decimal(round(value))


# --------------------------------------------------------------------------- line values


def _compute(
    schema: LineSchema, entries: dict[int, tuple[Decimal | None, ...]], width: int
) -> dict[int, tuple[Decimal | None, ...]]:
    """All lines of ``schema``: entries as given (missing ones 0), sums by their formula.

    A computed cell is empty only if every operand cell is empty; else empty cells count 0,
    as the sum rule reads them.
    """
    values: dict[int, tuple[Decimal | None, ...]] = {}
    for definition in schema.lines:
        if not definition.formula:
            values[definition.number] = entries.get(definition.number, (ZERO,) * width)
            continue
        cells: list[Decimal | None] = []
        for i in range(width):
            operands = [(t.sign, values[t.line][i]) for t in definition.formula]
            if all(v is None for _, v in operands):
                cells.append(None)
            else:
                cells.append(sum((s * (v or ZERO) for s, v in operands), ZERO))
        values[definition.number] = tuple(cells)
    return values


def _lines(
    kind: PlanKind, columns: tuple[Column, ...], values: dict[int, tuple[Decimal | None, ...]]
) -> tuple[PlanLine, ...]:
    return tuple(
        PlanLine(plan=kind, number=n, columns=columns, values=values[n]) for n in sorted(values)
    )


def _series(rng: random.Random, base: int) -> tuple[Decimal, ...]:
    """Ergebnis HJ−2, Ansatz HJ−1, Ansatz HJ and three planning years around ``base``."""
    growth = 1 + rng.uniform(-0.01, 0.035)
    return (
        _d(base * rng.uniform(0.88, 1.04)),
        _d(base * rng.uniform(0.95, 1.02)),
        _d(base),
        _d(base * growth),
        _d(base * growth**2),
        _d(base * growth**3),
    )


def _tep_entries(rng: random.Random) -> dict[int, tuple[Decimal | None, ...]]:
    entries: dict[int, tuple[Decimal | None, ...]] = {}
    for number, share, low, high in _TEP_ENTRIES:
        if rng.random() < share:
            base = round(rng.uniform(low, high) * rng.random() + low)
            entries[number] = _series(rng, base)
    return entries


def _finance_series(amounts: dict[int, Decimal], ve: Decimal) -> tuple[Decimal, ...]:
    """Ergebnis, Ansatz HJ−1, Ansatz, VE, Planung ×3 from amounts per year."""
    return (
        amounts.get(YEAR - 2, ZERO),
        amounts.get(YEAR - 1, ZERO),
        amounts.get(YEAR, ZERO),
        ve,
        amounts.get(YEAR + 1, ZERO),
        amounts.get(YEAR + 2, ZERO),
        amounts.get(YEAR + 3, ZERO),
    )


def _investment(rng: random.Random, code: str, index: int, topic: str) -> Investment:
    cost = rng.randrange(20, 600) * 5_000
    start = YEAR + rng.choice((-1, 0, 0, 1))
    years = list(range(start, start + rng.choice((2, 3, 4))))
    shares = [rng.uniform(0.5, 1.5) for _ in years]
    payments = [_d(cost * s / sum(shares) / 100) * 100 for s in shares]
    payments[-1] = Decimal(cost) - sum(payments[:-1], ZERO)
    grant = rng.random() < 0.5
    receipts = (
        tuple(YearAmount(year=y, amount=_d(p * Decimal("0.4") / 100) * 100)
              for y, p in zip(years, payments, strict=True))
        if grant
        else ()
    )  # fmt: skip
    later = [(y, p) for y, p in zip(years, payments, strict=True) if y > YEAR]
    commitments = (
        (
            Commitment(
                year=YEAR,
                amount=sum((p for _, p in later), ZERO),
                charges=tuple(YearAmount(year=y, amount=p) for y, p in later),
            ),
        )
        if later and rng.random() < 0.6
        else ()
    )
    kind = rng.choice(("Sanierung", "Neubau", "Erweiterung", "Modernisierung", "Ausstattung"))
    return Investment(
        id=f"I{YEAR % 100:02d}{code}{index:02d}",
        name=f"{kind} {topic}",
        product=code,
        payments=tuple(YearAmount(year=y, amount=p) for y, p in zip(years, payments, strict=True)),
        receipts=receipts,
        commitments=commitments,
        total_cost=Decimal(cost),
        provided_before=sum((p for y, p in zip(years, payments, strict=True) if y < YEAR), ZERO),
    )


def _tfp_entries(
    rng: random.Random, investments: Sequence[Investment]
) -> dict[int, tuple[Decimal | None, ...]]:
    entries: dict[int, tuple[Decimal | None, ...]] = {}
    payments: dict[int, Decimal] = {}
    receipts: dict[int, Decimal] = {}
    ve = ZERO
    for inv in investments:
        for a in inv.payments:
            payments[a.year] = payments.get(a.year, ZERO) + a.amount
        for a in inv.receipts:
            receipts[a.year] = receipts.get(a.year, ZERO) + a.amount
        ve += sum((c.amount for c in inv.commitments if c.year == YEAR), ZERO)
    if investments:
        entries[8] = _finance_series(payments, ve)
        entries[1] = _finance_series(receipts, ZERO)
    for number, share, low, high in _TFP_ENTRIES:
        if rng.random() < share:
            s = _series(rng, rng.randrange(low, high) // 100 * 100)
            entries[number] = (*s[:3], ZERO, *s[3:])
    return entries


def _key_figure(rng: random.Random, spec: tuple[str, KeyFigureType, str | None]) -> KeyFigure:
    name, kind, unit = spec
    if kind is KeyFigureType.DATE:
        day = datetime.date(YEAR, rng.randrange(1, 13), rng.randrange(1, 29))
        values = (FigureValue(year=YEAR, kind=FigureKind.ZIEL, value=day),)
    elif kind is KeyFigureType.YES_NO:
        values = (
            FigureValue(year=YEAR - 1, kind=FigureKind.ERGEBNIS, value=False),
            FigureValue(year=YEAR, kind=FigureKind.ZIEL, value=True),
        )
    else:
        if kind is KeyFigureType.PERCENT:
            base = Decimal(rng.randrange(100, 1000)) / 10
        elif kind is KeyFigureType.RATIO:
            base = Decimal(rng.randrange(20, 50)) / 10
        elif kind is KeyFigureType.MONEY:
            base = Decimal(rng.randrange(100, 100_000)) / 100
        else:
            base = Decimal(rng.randrange(5, 5000))
        step = Decimal(rng.choice((0, 1, 1, 2)))
        values = (
            FigureValue(year=YEAR - 2, kind=FigureKind.ERGEBNIS, value=base),
            FigureValue(year=YEAR - 1, kind=FigureKind.ANSATZ, value=base + step),
            FigureValue(year=YEAR, kind=FigureKind.ANSATZ, value=base + 2 * step),
            FigureValue(year=YEAR + 1, kind=FigureKind.PLANUNG, value=base + 3 * step),
        )
    return KeyFigure(name=name, type=kind, unit=unit, values=values)


def _goals(rng: random.Random, topic: str) -> tuple[Goal, ...]:
    texts = rng.sample(_GOAL_TEXTS, 3)
    return tuple(
        Goal(
            text=text.format(t=topic),
            key_figures=tuple(_key_figure(rng, spec) for spec in rng.sample(_FIGURES, 4)),
        )
        for text in texts
    )


def _product(
    rng: random.Random, code: str, topic: str, committee: str
) -> tuple[Product, list[Investment], Post]:
    investments = (
        [_investment(rng, code, 1, topic)] if rng.random() < 0.2 else []
    )  # one product in five builds something
    tep = _compute(_SCHEMAS[TEP], _tep_entries(rng), len(RESULT_COLUMNS))
    tfp = _compute(_SCHEMAS[TFP], _tfp_entries(rng, investments), len(FINANCE_COLUMNS))
    product = Product(
        code=code,
        name=topic,
        description=(
            f"Aufgaben und Leistungen im Bereich {topic}: Beratung, Bearbeitung von Anträgen, "
            "Steuerung externer Träger und Berichtswesen."
        ),
        committee=committee,
        responsible=f"Fachbereich {code[:2]}",
        binding=rng.choice(tuple(BindingDegree)),
        recipients="Einwohnerinnen und Einwohner, Vereine, Unternehmen",
        goals=_goals(rng, topic),
        lines=_lines(TEP, RESULT_COLUMNS, tep) + _lines(TFP, FINANCE_COLUMNS, tfp),
    )
    post = Post(
        id=f"S-{code}-01",
        title=f"Sachbearbeitung {topic}",
        fte=rng.choice((Decimal(1), Decimal(1), Decimal("0.5"), Decimal("0.75"))),
        pay_grade=rng.choice(_PAY_GRADES),
        org_unit=f"Fachbereich {code[:2]}",
        product=code,
        kw_year=YEAR + 3 if rng.random() < 0.05 else None,
    )
    return product, investments, post


# --------------------------------------------------------------------------- Gesamtplan


def _aggregate(
    units: Iterable[Product], kind: PlanKind, width: int
) -> dict[int, list[Decimal | None]]:
    """Σ of the Teilplan lines of ``kind`` over ``units``, per Gesamtplan line."""
    mapping = {p: w for pk, p, wk, w in NRW_2019.aggregation if pk is kind}
    totals: dict[int, list[Decimal | None]] = {}
    for unit in units:
        for line in unit.lines:
            whole = mapping.get(line.number) if line.plan is kind else None
            if whole is None:
                continue
            acc = totals.setdefault(whole, [None] * width)
            for i, v in enumerate(line.values):
                if v is not None:
                    acc[i] = (acc[i] or ZERO) + v
    return totals


def _gesamtplan(
    rng: random.Random, products: Sequence[Product]
) -> tuple[tuple[PlanLine, ...], dict[int, tuple[Decimal | None, ...]], dict[int, tuple]]:
    width = len(RESULT_COLUMNS)
    ep_entries: dict[int, tuple[Decimal | None, ...]] = {
        n: tuple(v) for n, v in _aggregate(products, TEP, width).items()
    }
    ep_schema = _SCHEMAS[EP]
    # Entries of the Ergebnisplan only; sums are recomputed (they equal the Σ of the sums).
    ep_entries = {n: v for n, v in ep_entries.items() if not ep_schema.line(n).is_computed}
    expenses = ep_entries.get(13, (ZERO,) * width)
    ep_entries[27] = tuple(_d((v or ZERO) * Decimal("0.01")) for v in expenses)  # GMA 1 %
    for n in (29, 30, 31, 32):
        ep_entries[n] = tuple(Decimal(rng.randrange(0, 50) * 1000) for _ in range(width))
    ep = _compute(ep_schema, ep_entries, width)

    fwidth = len(FINANCE_COLUMNS)
    fp_entries: dict[int, tuple[Decimal | None, ...]] = {
        n: tuple(v) for n, v in _aggregate(products, TFP, fwidth).items()
    }
    fp_schema = _SCHEMAS[FP]
    fp_entries = {n: v for n, v in fp_entries.items() if not fp_schema.line(n).is_computed}
    for cash, result in _CASH_FROM_RESULT:
        factor = Decimal(rng.randrange(960, 1000)) / 1000
        vals = ep[result]
        fp_entries[cash] = (
            *(_d((v or ZERO) * factor) for v in vals[:3]),
            None,  # no VE for laufende Verwaltungstätigkeit
            *(_d((v or ZERO) * factor) for v in vals[3:]),
        )
    invest_out = fp_entries.get(25, (ZERO,) * fwidth)
    loans = tuple(_d((v or ZERO) * Decimal("0.6")) for v in invest_out)
    fp_entries[33] = (*loans[:3], None, *loans[4:])
    fp_entries[34] = (ZERO, ZERO, ZERO, None, ZERO, ZERO, ZERO)
    fp_entries[35] = tuple(
        None if i == 3 else Decimal(rng.randrange(2_000, 6_000) * 1000) for i in range(fwidth)
    )
    fp_entries[36] = (ZERO, ZERO, ZERO, None, ZERO, ZERO, ZERO)
    fp_entries[39] = tuple(
        None if i == 3 else Decimal(rng.randrange(5_000, 30_000) * 1000) for i in range(fwidth)
    )
    fp_entries[40] = (ZERO, ZERO, ZERO, None, ZERO, ZERO, ZERO)
    fp = _compute(fp_schema, fp_entries, fwidth)
    lines = _lines(EP, RESULT_COLUMNS, ep) + _lines(FP, FINANCE_COLUMNS, fp)
    return lines, ep, fp


def _statute(
    ep: dict[int, tuple[Decimal | None, ...]], fp: dict[int, tuple[Decimal | None, ...]]
) -> BudgetStatute:
    i = RESULT_COLUMNS.index(ANSATZ)
    j = FINANCE_COLUMNS.index(ANSATZ)
    k = FINANCE_COLUMNS.index(VE)

    def e(*numbers: int) -> Decimal:
        return sum((ep[n][i] or ZERO for n in numbers), ZERO)

    def f(*numbers: int) -> Decimal:
        return sum((fp[n][j] or ZERO for n in numbers), ZERO)

    result = ep[28][i] or ZERO
    deficit = max(-result, ZERO)
    reserve = deficit * 2 + Decimal(5_000_000)
    return BudgetStatute(
        year=YEAR,
        total_income=e(10, 19, 23),
        total_expenses=e(17, 20, 24),
        operating_receipts=f(9),
        operating_payments=f(16),
        investment_receipts=f(23),
        investment_payments=f(30),
        financing_receipts=f(33, 34),
        financing_payments=f(35, 36),
        investment_credits=f(33),
        commitment_total=fp[30][k] or ZERO,
        equalisation_reserve_use=deficit,
        liquidity_credit_limit=Decimal(50_000_000),
        tax_rates=TaxRates(
            grundsteuer_a=Decimal(320),
            grundsteuer_b=Decimal(590),
            gewerbesteuer=Decimal(455),
        ),
        equalisation_reserve_opening=reserve,
        general_reserve_opening=Decimal(400_000_000) + deficit * 40,
    )


def generate_plan(products: int, *, seed: int = 0) -> BudgetPlan:
    """A consistent draft plan for :data:`YEAR` with ``products`` products.

    Products are spread over the 17 Produktbereiche round-robin, eight per product group.
    """
    if products < 1:
        raise ValueError("products must be at least 1")
    rng = random.Random(seed)
    per_area: dict[str, int] = {a.code: 0 for a in NRW_2019.areas}
    codes = list(per_area)
    for i in range(products):
        per_area[codes[i % len(codes)]] += 1
    areas: list[BudgetArea] = []
    all_products: list[Product] = []
    investments: list[Investment] = []
    posts: list[Post] = []
    for definition in NRW_2019.areas:
        topics = _AREA_TOPICS[definition.code]
        count = per_area[definition.code]
        committee = _COMMITTEES[int(definition.code) % len(_COMMITTEES)]
        groups: list[ProductGroup] = []
        for g in range((count + _PRODUCTS_PER_GROUP - 1) // _PRODUCTS_PER_GROUP):
            group_code = f"{definition.code}{g + 1:02d}"
            members: list[Product] = []
            for n in range(min(_PRODUCTS_PER_GROUP, count - g * _PRODUCTS_PER_GROUP)):
                topic = topics[n % len(topics)]
                if g:
                    topic = f"{topic} {g + 1}"
                product, invs, post = _product(rng, f"{group_code}{n + 1:02d}", topic, committee)
                members.append(product)
                investments += invs
                posts.append(post)
            groups.append(
                ProductGroup(
                    code=group_code,
                    name=f"{definition.name}, Gruppe {g + 1}",
                    committee=committee,
                    products=tuple(members),
                )
            )
            all_products += members
        areas.append(
            BudgetArea(
                code=definition.code,
                name=definition.name,
                committee=committee,
                groups=tuple(groups),
            )
        )
    lines, ep, fp = _gesamtplan(rng, all_products)
    return BudgetPlan(
        municipality=Municipality(name="Musterstadt", ags="05999000"),
        years=(YEAR,),
        status=PlanStatus.DRAFT,
        framework="nrw_2019",
        title=f"Haushaltsplan {YEAR} (Entwurf), synthetisch, {products} Produkte",
        note="Synthetic plan generated by benchmarks/generate.py; all figures are invented.",
        areas=tuple(areas),
        lines=lines,
        investments=tuple(investments),
        posts=tuple(posts),
        statutes=(_statute(ep, fp),),
    )


# --------------------------------------------------------------------------- motions


class _Motions:
    """Builds motions; every change that states an old value gets a target of its own.

    A target (a Teilplan line, a goal, a unit's fields, a post, a measure) is claimed by
    the first change that uses it, so the motions apply one after another in any number;
    competing motions (Gegenanträge) change claimed cells by an amount only.
    """

    _RESULT_LINES = (13, 15, 16, 12, 11, 14, 28, 2, 4, 5, 6, 7, 3, 27, 1, 8, 19, 20, 23, 24)

    def __init__(self, plan: BudgetPlan, rng: random.Random) -> None:
        self.plan = plan
        self.rng = rng
        self.products = list(plan.products())
        self.rng.shuffle(self.products)
        self.next_product = 0
        self.claimed: set[tuple[str, str]] = set()
        self.investments = [
            i for i in plan.investments if any(a.year == YEAR + 1 for a in i.payments)
        ]
        self.rng.shuffle(self.investments)
        self.posts = list(plan.posts)
        self.rng.shuffle(self.posts)
        self.taxes = [TaxKind.GRUNDSTEUER_A, TaxKind.GRUNDSTEUER_B, TaxKind.GEWERBESTEUER]
        self.amounts: list[tuple[Product, int]] = []
        self.counter = 0

    def product(self) -> Product:
        """The next product, round-robin in a shuffled order."""
        p = self.products[self.next_product % len(self.products)]
        self.next_product += 1
        return p

    def claim(self, p: Product, what: str) -> bool:
        """Claim ``what`` of ``p`` for one change; False if an earlier change has it."""
        key = (p.code, what)
        if key in self.claimed:
            return False
        self.claimed.add(key)
        return True

    def free_line(self, prefer: tuple[int, ...] = _RESULT_LINES) -> tuple[Product, int]:
        """A product and a Teilergebnisplan entry line no earlier change claimed."""
        for _ in range(len(self.products)):
            p = self.product()
            for number in prefer:
                if self.claim(p, f"tep{number}"):
                    return p, number
        raise ValueError("every line of every product is taken; generate fewer motions")

    def _value(self, product: Product, kind: PlanKind, number: int, column: Column) -> Decimal:
        line = product.line(kind, number)
        return line.amount(column) if line is not None else ZERO

    def amount_change(self, product: Product, number: int, ref: str | None = None) -> Change:
        old = self._value(product, TEP, number, ANSATZ)
        delta = Decimal(self.rng.randrange(-50, 120) * 500)
        if old + delta < 0:
            delta = -old
        return AmountChange(
            target=Target(unit=product.code, plan=TEP, line=number),
            column=ANSATZ,
            old=old,
            delta=delta,
            new=old + delta,
            ref=ref,
        )

    @staticmethod
    def line_name(number: int) -> str:
        definition = _SCHEMAS[TEP].line(number)
        return definition.name if definition is not None else f"Zeile {number}"

    # one builder per kind of motion; each returns (title, changes)

    def k1_amount(self) -> tuple[str, list[Change]]:
        p, number = self.free_line()
        self.amounts.append((p, number))
        return f"{self.line_name(number)} {p.name}", [self.amount_change(p, number)]

    def k1_compete(self) -> tuple[str, list[Change]]:
        """A competing motion: another amount for a cell an earlier motion changes."""
        if not self.amounts:
            return self.k1_amount()
        p, number = self.rng.choice(self.amounts)
        delta = Decimal(self.rng.randrange(1, 40) * 250)
        target = Target(unit=p.code, plan=TEP, line=number)
        return f"{self.line_name(number)} {p.name} (Gegenantrag)", [
            AmountChange(target=target, column=ANSATZ, delta=delta)
        ]

    def k2_coverage(self) -> tuple[str, list[Change]]:
        p, more = self.free_line((15, *self._RESULT_LINES))
        q, less = self.free_line()
        cost = Decimal(self.rng.randrange(2, 60) * 1000)
        old_p = self._value(p, TEP, more, ANSATZ)
        old_q = self._value(q, TEP, less, ANSATZ)
        cut = min(cost, old_q)
        return f"Zuschuss {p.name}, gedeckt aus {q.name}", [
            AmountChange(
                target=Target(unit=p.code, plan=TEP, line=more),
                column=ANSATZ,
                old=old_p,
                delta=cost,
                new=old_p + cost,
                ref="mehr",
            ),
            AmountChange(
                target=Target(unit=q.code, plan=TEP, line=less),
                column=ANSATZ,
                old=old_q,
                delta=-cut,
                new=old_q - cut,
                ref="weniger",
            ),
            Coverage(
                source=CoverageSource.LINES,
                covers=("mehr",),
                offsets=("weniger",),
                amounts=(ColumnValue(column=ANSATZ, amount=cut),),
                text=f"Deckung aus Zeile {less} von Produkt {q.code}.",
            ),
        ]

    def k3_goal(self) -> tuple[str, list[Change]]:
        p = self.product()
        milestone = KeyFigure(
            name="Fertigstellung",
            type=KeyFigureType.DATE,
            values=(
                FigureValue(
                    year=YEAR,
                    kind=FigureKind.ZIEL,
                    value=datetime.date(YEAR, self.rng.randrange(3, 13), 1),
                ),
            ),
        )
        changes: list[Change] = [
            AddGoal(
                unit=p.code,
                goal=Goal(
                    text=f"Erstellung eines Konzepts zur Weiterentwicklung von {p.name}",
                    key_figures=(milestone,),
                ),
            )
        ]
        if self.rng.random() < 0.5 and self.claim(p, "goal1"):
            goal = p.goals[0]
            changes.append(
                EditGoal(
                    unit=p.code,
                    position=1,
                    old_text=goal.text,
                    new_text=goal.text.replace("werden", "sollen", 1) + " (geändert)",
                )
            )
        return f"Neues Produktziel {p.name}", changes

    def k3_key_figure(self) -> tuple[str, list[Change]]:
        p = self.product()
        goal = p.goals[1]
        numeric = [
            (i, kf)
            for i, kf in enumerate(goal.key_figures, 1)
            if kf.type not in (KeyFigureType.DATE, KeyFigureType.YES_NO)
        ]
        changes: list[Change] = []
        if numeric and self.claim(p, "goal2"):
            position, kf = numeric[0]
            old = kf.value_for(YEAR, FigureKind.ANSATZ)
            if isinstance(old, Decimal):
                changes.append(
                    SetKeyFigureValue(
                        unit=p.code,
                        goal=2,
                        position=position,
                        year=YEAR,
                        figure_kind=FigureKind.ANSATZ,
                        old=old,
                        new=old + 1,
                    )
                )
        changes.append(
            AddKeyFigure(
                unit=p.code,
                goal=2,
                key_figure=KeyFigure(
                    name="Anzahl der Beschwerden",
                    type=KeyFigureType.COUNT,
                    unit="Anzahl",
                    values=(FigureValue(year=YEAR, kind=FigureKind.ZIEL, value=Decimal(10)),),
                ),
            )
        )
        return f"Kennzahlen {p.name}", changes

    def k4_investment(self) -> tuple[str, list[Change]]:
        if not self.investments:
            return self.k1_amount()
        inv = self.investments.pop()
        old = next(a.amount for a in inv.payments if a.year == YEAR + 1)
        new = old + Decimal(self.rng.randrange(1, 40) * 5000)
        return f"Maßnahme {inv.id}: {inv.name}", [
            SetInvestmentAmount(
                id=inv.id, flow=InvestmentFlow.PAYMENT, year=YEAR + 1, old=old, new=new
            )
        ]

    def k5_tax(self) -> tuple[str, list[Change]]:
        statute = self.plan.statute(YEAR)
        tax = self.rng.choice(self.taxes)
        old = statute.tax_rates.rate(tax) if statute is not None else None
        new = (old or Decimal(400)) + Decimal(self.rng.choice((-20, -10, 10, 15, 25)))
        # Competing motions on the same Hebesatz: no stated old value, so each applies.
        return f"Hebesatz {tax.value}", [SetTaxRate(year=YEAR, tax=tax, new=new)]

    def k6_posts(self) -> tuple[str, list[Change]]:
        p = self.product()
        self.counter += 1
        cost = Decimal(self.rng.randrange(40, 90) * 1000)
        changes: list[Change] = [
            CreatePost(
                post=Post(
                    id=f"S-NEU-{self.counter:05d}",
                    title=f"Koordination {p.name}",
                    fte=Decimal("0.5"),
                    pay_grade=self.rng.choice(_PAY_GRADES),
                    org_unit=f"Fachbereich {p.code[:2]}",
                    product=p.code,
                    status=PostStatus.NEW,
                ),
                cost=(ColumnValue(column=ANSATZ, amount=cost / 2),),
            )
        ]
        if self.posts:
            post = self.posts.pop()
            if self.rng.random() < 0.5:
                changes.append(BlockPost(post_id=post.id))
            else:
                changes.append(SetKwVermerk(post_id=post.id, year=YEAR + 2, old_year=post.kw_year))
        return f"Stellenplan {p.name}", changes

    def k7_block(self) -> tuple[str, list[Change]]:
        p, number = self.free_line()
        self.counter += 1
        amount = self._value(p, TEP, number, ANSATZ)
        return f"Sperrvermerk {self.line_name(number)} {p.name}", [
            BlockAmount(
                block_id=f"SP-{self.counter:05d}",
                target=Target(unit=p.code, plan=TEP, line=number),
                column=ANSATZ,
                amount=_d(amount * Decimal("0.25")),
                release_condition="Freigabe nach Vorlage eines Konzepts",
                releasing_body=self.rng.choice(_BODIES),
            )
        ]

    def k8_percent(self) -> tuple[str, list[Change]]:
        cells = [self.free_line() for _ in range(3)]
        return "Pauschale Kürzung", [
            PercentChange(
                targets=tuple(Target(unit=p.code, plan=TEP, line=n) for p, n in cells),
                columns=(ANSATZ, PLANUNG_1),
                percent=Decimal(-self.rng.choice((2, 3, 5))),
                cap=Decimal(50_000),
                rounding=Decimal(100),
            )
        ]

    def k10_request(self) -> tuple[str, list[Change]]:
        p = self.product()
        changes: list[Change] = [
            Request(
                request=RequestKind.REVIEW,
                text=f"Die Verwaltung prüft, ob {p.name} in Kooperation mit Nachbarkommunen "
                "wirtschaftlicher erbracht werden kann, und berichtet im Fachausschuss.",
                target=Target(unit=p.code),
                addressee="Verwaltung",
                due=datetime.date(YEAR, 9, 30),
            )
        ]
        if self.rng.random() < 0.3 and self.claim(p, "unit"):
            changes.append(
                UpdateUnit(
                    unit=p.code,
                    field=UnitField.RESPONSIBLE,
                    old=p.responsible,
                    new=f"Stabsstelle {p.code[:2]}",
                )
            )
        return f"Prüfauftrag {p.name}", changes

    def k11_move(self) -> tuple[str, list[Change]]:
        for _ in range(len(self.products)):
            p = self.product()
            line = p.line(TFP, 8) or p.line(TFP, 9)
            if line is not None and line.amount(ANSATZ) > 0 and self.claim(p, "tfp"):
                break
        else:
            return self.k1_amount()
        amount = _d(line.amount(ANSATZ) * Decimal("0.3"))
        return f"Verschiebung {p.name}", [
            MoveAmount(
                target=Target(unit=p.code, plan=TFP, line=line.number),
                from_column=ANSATZ,
                to_column=PLANUNG_1,
                amount=amount,
            )
        ]

    def conditional(self) -> tuple[str, list[Change]]:
        p, number = self.free_line((15, *self._RESULT_LINES))
        change = self.amount_change(p, number)
        assert isinstance(change, AmountChange)
        cond = Condition(
            text="vorbehaltlich einer Förderzusage des Landes",
            kind=ConditionKind.CONDITION,
            met=self.rng.choice((True, False, None)),
        )
        return f"Zuschuss {p.name} (bedingt)", [attrs.evolve(change, condition=cond)]


_KINDS: tuple[tuple[str, float], ...] = (
    ("k1_amount", 0.20),
    ("k1_compete", 0.04),
    ("k2_coverage", 0.10),
    ("k3_goal", 0.08),
    ("k3_key_figure", 0.05),
    ("k4_investment", 0.07),
    ("k5_tax", 0.03),
    ("k6_posts", 0.07),
    ("k7_block", 0.07),
    ("k8_percent", 0.07),
    ("k10_request", 0.08),
    ("k11_move", 0.07),
    ("conditional", 0.07),
)


def generate_amendments(plan: BudgetPlan, count: int, *, seed: int = 0) -> list[Amendment]:
    """``count`` motions of mixed kinds against ``plan`` (ids ``antrag-0001`` …)."""
    rng = random.Random(seed)
    builder = _Motions(plan, rng)
    names = [k for k, _ in _KINDS]
    weights = [w for _, w in _KINDS]
    motions: list[Amendment] = []
    for i in range(1, count + 1):
        # The first motions cycle through every kind, so that small sets cover all kinds.
        kind = names[i - 1] if i <= len(names) else rng.choices(names, weights)[0]
        make: Callable[[], tuple[str, list[Change]]] = getattr(builder, kind)
        title, changes = make()
        faction = _FACTIONS[i % len(_FACTIONS)]
        day = datetime.date(YEAR - 1, 11, 1) + datetime.timedelta(days=i % 40)
        motions.append(
            Amendment(
                id=f"antrag-{i:04d}",
                title=title,
                date=day,
                reference=f"A/{YEAR - 1}/{i:04d}",
                plan_years=(YEAR,),
                submitters=(
                    Submitter(
                        name=faction,
                        kind=SubmitterKind.FACTION,
                        signatories=(Signatory(name="N. N.", role="Fraktionsvorsitz"),),
                    ),
                ),
                committee="Haupt- und Finanzausschuss",
                consultation=(
                    ConsultationStep(
                        body="Haupt- und Finanzausschuss", role=ConsultationRole.ADVISORY
                    ),
                    ConsultationStep(body="Rat", role=ConsultationRole.DECIDING),
                ),
                request_text=f"Die {faction} beantragt: {title}.",
                reason="Begründung erfolgt mündlich.",
                changes=tuple(changes),
            )
        )
    return motions


# --------------------------------------------------------------------------- new version


def perturb_plan(plan: BudgetPlan, fraction: float = 0.01, *, seed: int = 0) -> BudgetPlan:
    """A later version of ``plan`` with ``fraction`` of all cells changed (for diff).

    Entry cells of the products' Teilpläne change by up to ±20 %; sum lines, the
    Gesamtplan and the statute totals follow (:func:`nkf.changes.recompute.recompute`), so
    the new version is as consistent as the old one.
    """
    from nkf.changes.recompute import recompute

    rng = random.Random(seed)
    total = sum(len(ln.values) for u in (plan, *plan.units()) for ln in u.lines)
    wanted = max(1, round(total * fraction))
    products = list(plan.products())
    changed: dict[str, Product] = {}
    entry = {
        kind: [d.number for d in _SCHEMAS[kind].lines if not d.is_computed] for kind in (TEP, TFP)
    }
    done = 0
    while done < wanted:
        p = rng.choice(products)
        p = changed.get(p.code, p)
        i = rng.randrange(len(p.lines))
        line = p.lines[i]
        if line.number not in entry[line.plan]:
            continue
        j = rng.randrange(len(line.values))
        old = line.values[j] or ZERO
        new = _d(old * Decimal(rng.randrange(80, 121)) / 100) + rng.randrange(1, 50) * 100
        values = (*line.values[:j], new, *line.values[j + 1 :])
        lines = (*p.lines[:i], attrs.evolve(line, values=values), *p.lines[i + 1 :])
        changed[p.code] = attrs.evolve(p, lines=lines)
        done += 1
    areas = tuple(
        attrs.evolve(
            a,
            groups=tuple(
                attrs.evolve(g, products=tuple(changed.get(x.code, x) for x in g.products))
                for g in a.groups
            ),
        )
        for a in plan.areas
    )
    return recompute(attrs.evolve(plan, areas=areas))


# --------------------------------------------------------------------------- command line


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--products", type=int, default=100, help="number of products")
    parser.add_argument(
        "--amendments",
        type=int,
        default=0,
        metavar="M",
        help="write M motions (one file each) into the directory -o instead of the plan",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", required=True, help="plan file, or directory")
    args = parser.parse_args(argv)

    from nkf.xml import dump

    plan = generate_plan(args.products, seed=args.seed)
    out = Path(args.output)
    if not args.amendments:
        dump(plan, out)
        print(f"{out}: {args.products} Produkte, {out.stat().st_size:,} Bytes")
        return 0
    out.mkdir(parents=True, exist_ok=True)
    dump(plan, out / "plan.xml")
    for motion in generate_amendments(plan, args.amendments, seed=args.seed):
        dump(motion, out / f"{motion.id}.xml")
    print(f"{out}: plan.xml und {args.amendments} Anträge")
    return 0


if __name__ == "__main__":
    sys.exit(main())
