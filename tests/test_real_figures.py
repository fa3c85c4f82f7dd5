"""Real published figures (domain.md § 2.2, § 2.4, § 4.2) through nkf.rules.validate.

(a) Münster 2026/27, Finanzplan, Ansatz 2026 ([S13] p011/p012):
    09 Einzahlungen aus laufender Verwaltungstätigkeit 1.618.982.680 €,
    16 Auszahlungen aus laufender Verwaltungstätigkeit 1.627.774.390 €,
    17 Saldo aus laufender Verwaltungstätigkeit −8.791.710 € (= 09 − 16).
(b) Ostbevern 2026, Ergebnisplan, Ansatz 2026 ([S14] spec § 5.5) and its Haushaltssatzung:
    Erträge 27.502.063 € (= 10 + 19), Aufwendungen 30.455.569 € (= 17 + 20), Hebesätze
    Grundsteuer A 242 %, B 554 %, Gewerbesteuer 418 %.

Each plan validates clean; then every single figure is raised by 1.000 and exactly the
findings of the checks that use that figure appear. The expected findings are written
out by hand below, not derived from the rules.
"""

from __future__ import annotations

from decimal import Decimal

import attrs
import pytest

from nkf.diagnostics import Diagnostic, Severity
from nkf.model import (
    BudgetPlan,
    BudgetStatute,
    Column,
    Municipality,
    PlanKind,
    PlanLine,
    TaxRates,
    ValueKind,
)
from nkf.money import format_amount
from nkf.rules import validate as validate_default


def validate(plan: BudgetPlan) -> list[Diagnostic]:
    """validate with the hints (infos) included, so the fictive balance shows."""
    return validate_default(plan, min_severity=Severity.INFO)


ANSATZ_2026 = Column(year=2026, kind=ValueKind.ANSATZ)
THOUSAND = Decimal(1000)

MUENSTER_FINANZPLAN = {9: 1_618_982_680, 16: 1_627_774_390, 17: -8_791_710}

OSTBEVERN_ERGEBNISPLAN = {
    10: 27_042_063,  # Ordentliche Erträge
    17: 30_255_569,  # Ordentliche Aufwendungen
    18: -3_213_506,  # Ordentliches Ergebnis = 10 − 17
    19: 460_000,  # Finanzerträge
    20: 200_000,  # Zinsen und sonstige Finanzaufwendungen
    21: 260_000,  # Finanzergebnis = 19 − 20
    22: -2_953_506,  # Ergebnis der laufenden Verwaltungstätigkeit = 18 + 21
    26: -2_953_506,  # Jahresergebnis = 22 + 25 (25 not printed: 0)
    27: 600_000,  # globaler Minderaufwand (stored positive, it improves the result)
    28: -2_353_506,  # Jahresergebnis nach Abzug globaler Minderaufwand = 26 + 27
}

# The plan's assumption for the fiktiver Haushaltsausgleich (§ 75 Abs. 2 Satz 3 GO NRW):
# the Fehlbedarf after GMA is covered by drawing 2.353.506 € from the Ausgleichsrücklage,
# so § 75 gives no warning, only the info NKF-I402 that the plan is fictively balanced.
OSTBEVERN_STATUTE = BudgetStatute(
    year=2026,
    total_income=Decimal(27_502_063),
    total_expenses=Decimal(30_455_569),
    equalisation_reserve_use=Decimal(2_353_506),
    tax_rates=TaxRates(
        grundsteuer_a=Decimal(242), grundsteuer_b=Decimal(554), gewerbesteuer=Decimal(418)
    ),
)

FICTIVE_BALANCE = ("NKF-I402", "statute[2026]")


def _lines(kind: PlanKind, figures: dict[int, int]) -> tuple[PlanLine, ...]:
    return tuple(
        PlanLine(plan=kind, number=n, columns=(ANSATZ_2026,), values=(Decimal(v),))
        for n, v in figures.items()
    )


def muenster(figures: dict[int, int] = MUENSTER_FINANZPLAN) -> BudgetPlan:
    return BudgetPlan(
        municipality=Municipality(name="Münster", ags="05515000"),
        years=(2026, 2027),
        framework="nrw_2019",
        lines=_lines(PlanKind.FINANZPLAN, figures),
    )


def ostbevern(
    figures: dict[int, int] = OSTBEVERN_ERGEBNISPLAN,
    statute: BudgetStatute = OSTBEVERN_STATUTE,
) -> BudgetPlan:
    return BudgetPlan(
        municipality=Municipality(name="Ostbevern", ags="05570036"),
        years=(2026,),
        framework="nrw_2019",
        lines=_lines(PlanKind.ERGEBNISPLAN, figures),
        statutes=(statute,),
    )


def pairs(found: list[Diagnostic]) -> set[tuple[str, str | None]]:
    return {(d.code, d.location.path if d.location else None) for d in found}


def sum_line(kind: str, n: int) -> tuple[str, str]:
    return ("NKF-E201", f"line[{kind}:{n}]")


INCOME = ("NKF-E203", "statute[2026]")
EXPENSES = ("NKF-E204", "statute[2026]")
RESERVE_USE = ("NKF-W403", "statute[2026]")


# --------------------------------------------------------------------------- Münster


def test_muenster_2026_finanzplan_is_clean() -> None:
    assert validate(muenster()) == []


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (9, {sum_line("finanzplan", 17)}),
        (16, {sum_line("finanzplan", 17)}),
        (17, {sum_line("finanzplan", 17)}),
    ],
)
def test_muenster_each_figure_off_by_1000(line: int, expected: set[tuple[str, str]]) -> None:
    figures = dict(MUENSTER_FINANZPLAN)
    figures[line] += 1000
    found = validate(muenster(figures))
    assert pairs(found) == expected
    assert len(found) == len(expected)


def test_muenster_message_names_the_figures() -> None:
    figures = dict(MUENSTER_FINANZPLAN)
    figures[16] += 1000
    (finding,) = validate(muenster(figures))
    assert finding.severity is Severity.ERROR
    assert finding.message == (
        "Finanzplan, Zeile 17 (Saldo aus laufender Verwaltungstätigkeit), Ansatz 2026: "
        f"ausgewiesen {format_amount(Decimal(-8_791_710))}, Zeile 09 − Zeile 16 ergibt "
        f"{format_amount(Decimal(-8_792_710))} (Differenz {format_amount(THOUSAND)})."
    )


# --------------------------------------------------------------------------- Ostbevern


def test_ostbevern_2026_ergebnisplan_and_statute_are_clean() -> None:
    assert validate_default(ostbevern()) == []
    found = validate(ostbevern())
    # No error and no warning; the one remaining finding is the info that the deficit is
    # covered by the Ausgleichsrücklage (fiktiver Haushaltsausgleich, § 75 Abs. 2 GO NRW).
    assert [d for d in found if d.severity is not Severity.INFO] == []
    assert pairs(found) == {FICTIVE_BALANCE}
    assert len(found) == 1
    assert format_amount(Decimal(-2_353_506)) in found[0].message


def test_ostbevern_without_ausgleichsruecklage_is_not_balanced() -> None:
    statute = attrs.evolve(OSTBEVERN_STATUTE, equalisation_reserve_use=None)
    found = validate(ostbevern(statute=statute))
    assert pairs(found) == {("NKF-W401", "statute[2026]")}
    (warning,) = found
    assert warning.severity is Severity.WARNING
    assert "-2.353.506,00\xa0€" in warning.message
    assert "nicht ausgeglichen" in warning.message
    assert "§ 75" in warning.message


# Each figure raised by 1.000 → the findings of exactly the checks that use it:
# a sum line is checked against the printed lines of its formula, the statute's Erträge
# against 10 + 19 (+ 23) and its Aufwendungen against 17 + 20 (+ 24), the use of the
# Ausgleichsrücklage against the deficit of line 28. The Hebesätze feed no check.
OSTBEVERN_CASES: list[tuple[str, set[tuple[str, str]]]] = [
    ("line 10", {sum_line("ergebnisplan", 18), INCOME}),
    ("line 17", {sum_line("ergebnisplan", 18), EXPENSES}),
    ("line 18", {sum_line("ergebnisplan", 18), sum_line("ergebnisplan", 22)}),
    ("line 19", {sum_line("ergebnisplan", 21), INCOME}),
    ("line 20", {sum_line("ergebnisplan", 21), EXPENSES}),
    ("line 21", {sum_line("ergebnisplan", 21), sum_line("ergebnisplan", 22)}),
    ("line 22", {sum_line("ergebnisplan", 22), sum_line("ergebnisplan", 26)}),
    ("line 26", {sum_line("ergebnisplan", 26), sum_line("ergebnisplan", 28)}),
    ("line 27", {sum_line("ergebnisplan", 28)}),
    # 28 is the Jahresergebnis of § 75: the deficit shrinks to 2.352.506 €, so the stated
    # use of the Ausgleichsrücklage (2.353.506 €) now exceeds it.
    ("line 28", {sum_line("ergebnisplan", 28), RESERVE_USE}),
    ("total_income", {INCOME}),
    ("total_expenses", {EXPENSES}),
    ("equalisation_reserve_use", {RESERVE_USE}),
    ("grundsteuer_a", set()),
    ("grundsteuer_b", set()),
    ("gewerbesteuer", set()),
]


def _raised(figure: str) -> BudgetPlan:
    if figure.startswith("line "):
        figures = dict(OSTBEVERN_ERGEBNISPLAN)
        figures[int(figure.removeprefix("line "))] += 1000
        return ostbevern(figures)
    if figure in {"grundsteuer_a", "grundsteuer_b", "gewerbesteuer"}:
        rates = OSTBEVERN_STATUTE.tax_rates
        rates = attrs.evolve(rates, **{figure: getattr(rates, figure) + THOUSAND})
        return ostbevern(statute=attrs.evolve(OSTBEVERN_STATUTE, tax_rates=rates))
    value = getattr(OSTBEVERN_STATUTE, figure)
    return ostbevern(statute=attrs.evolve(OSTBEVERN_STATUTE, **{figure: value + THOUSAND}))


def test_the_table_covers_every_figure() -> None:
    figures = {f"line {n}" for n in OSTBEVERN_ERGEBNISPLAN}
    figures |= {"total_income", "total_expenses", "equalisation_reserve_use"}
    figures |= {"grundsteuer_a", "grundsteuer_b", "gewerbesteuer"}
    assert {figure for figure, _ in OSTBEVERN_CASES} == figures


@pytest.mark.parametrize(
    ("figure", "expected"), OSTBEVERN_CASES, ids=[f for f, _ in OSTBEVERN_CASES]
)
def test_ostbevern_each_figure_off_by_1000(figure: str, expected: set[tuple[str, str]]) -> None:
    found = validate(_raised(figure))
    # The fiktiver Haushaltsausgleich stays: the deficit is still covered.
    assert pairs(found) == expected | {FICTIVE_BALANCE}
    assert len(found) == len(expected) + 1


def test_ostbevern_statute_message_names_the_figures() -> None:
    found = validate(_raised("total_income"))
    (income,) = (d for d in found if d.code == "NKF-E203")
    assert format_amount(Decimal(27_503_063)) in income.message
    assert format_amount(Decimal(27_502_063)) in income.message
    assert "Ansatz 2026" in income.message
