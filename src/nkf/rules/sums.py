"""Sum rules (Summen und Salden): sum lines, Teilpläne → Gesamtplan, Satzung (NKF-E2xx).

Every check compares a printed figure with the figures it is computed from, as printed:
a sum is never recomputed from recomputed sums, so one wrong figure yields exactly the
findings of the sum lines (or statute totals) that use it directly. Differences up to
``ctx.tolerance`` (1 € by default) count as rounding.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Final

from nkf.frameworks import LineRole
from nkf.model import BudgetPlan, BudgetUnit, Column, PlanKind, ValueKind
from nkf.paths import line_path, statute_path
from nkf.rules._common import (
    Rule,
    RuleContext,
    columns_of,
    containers,
    describe_formula,
    diagnostic,
    eur,
    first_lines,
    is_finite,
    line_label,
    line_no,
    plan_label,
)

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from nkf.diagnostics import Diagnostic

__all__ = [
    "RULES",
    "check_part_plans_add_up",
    "check_statute_totals",
    "check_sum_lines",
]


def _total(values: Sequence[tuple[int, Decimal | None]]) -> Decimal:
    return sum((sign * (v if v is not None else Decimal(0)) for sign, v in values), Decimal(0))


def check_sum_lines(plan: BudgetPlan, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Each printed sum and balance line equals its formula in every column (NKF-E201).

    A line missing from a plan counts as 0, but a sum line is only checked when it is
    printed and at least one line of its formula is printed in the same plan. An empty
    cell counts as 0; a column in which the sum line and every line of its formula are
    empty is skipped. Operands are the printed figures, never recomputed sums.
    """
    framework = ctx.framework
    if framework is None:
        return
    for unit, lines in containers(plan):
        for kind, present in first_lines(lines).items():
            schema = framework.schema(kind)
            if schema is None:
                continue
            for definition in schema.computed():
                printed = present.get(definition.number)
                if printed is None:
                    continue
                operands = [(t.sign, present.get(t.line)) for t in definition.formula]
                used = [line for _, line in operands if line is not None]
                if not used:
                    continue
                for column in columns_of(printed, *used):
                    shown = printed.value(column)
                    values = [
                        (sign, line.value(column) if line is not None else None)
                        for sign, line in operands
                    ]
                    if shown is None and all(v is None for _, v in values):
                        continue
                    if not is_finite(shown) or not all(is_finite(v) for _, v in values):
                        continue  # reported by NKF-E118
                    expected = _total(values)
                    actual = shown if shown is not None else Decimal(0)
                    if abs(actual - expected) > ctx.tolerance:
                        yield diagnostic(
                            "NKF-E201",
                            f"{plan_label(kind, unit)}, "
                            f"{line_label(framework, kind, definition.number)}, {column}: "
                            f"ausgewiesen {_shown(shown)}, "
                            f"{describe_formula(definition.formula)} ergibt {eur(expected)} "
                            f"(Differenz {eur(actual - expected)}).",
                            line_path(kind, definition.number, unit=unit),
                        )


def _shown(value: Decimal | None) -> str:
    return eur(value) if value is not None else "nichts (leer)"


def _part_units(plan: BudgetPlan, kind: PlanKind) -> list[BudgetUnit]:
    """The units whose Teilplan of ``kind`` counts, each amount once (no double counting).

    An area counts with its own lines if it has any of ``kind``; else each of its groups
    with its own lines, or else with its products' lines.
    """

    def has(unit: BudgetUnit) -> bool:
        return any(line.plan is kind for line in unit.lines)

    units: list[BudgetUnit] = []
    for area in plan.areas:
        if has(area):
            units.append(area)
            continue
        for group in area.groups:
            if has(group):
                units.append(group)
            else:
                units.extend(p for p in group.products if has(p))
    return units


def _plural(kind: PlanKind) -> str:
    """``Teilergebnisplan`` → ``Teilergebnispläne``."""
    label = kind.label
    return label[:-4] + "pläne" if label.endswith("plan") else label


def check_part_plans_add_up(plan: BudgetPlan, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The Gesamtplan equals the sum of the Teilpläne (Σ Teilpläne = Gesamtplan, NKF-E202).

    Uses the framework's aggregation map (Teilergebnisplan lines 01–26 → Ergebnisplan,
    Teilfinanzplan k → Finanzplan k + 17); the internal service relations (Teilergebnisplan
    27/28) are never summed (domain.md § 2.3). Checked only when the plan prints lines of
    that Gesamtplan and at least one unit has lines of the Teilplan; each printed
    Gesamtplan line of the map is compared with the sum in every column.
    """
    framework = ctx.framework
    if framework is None:
        return
    totals = first_lines(plan.lines)
    pairs: dict[tuple[PlanKind, PlanKind], dict[int, list[int]]] = {}
    for part_kind, part_line, whole_kind, whole_line in framework.aggregation:
        pairs.setdefault((part_kind, whole_kind), {}).setdefault(whole_line, []).append(part_line)
    for (part_kind, whole_kind), mapping in pairs.items():
        whole = totals.get(whole_kind)
        units = _part_units(plan, part_kind)
        if not whole or not units:
            continue
        for whole_line, part_lines in mapping.items():
            printed = whole.get(whole_line)
            if printed is None:
                continue
            parts = [
                line
                for unit in units
                for number in part_lines
                if (line := unit.line(part_kind, number)) is not None
            ]
            for column in columns_of(printed, *parts):
                shown = printed.value(column)
                values = [(1, line.value(column)) for line in parts]
                if shown is None and all(v is None for _, v in values):
                    continue
                if not is_finite(shown) or not all(is_finite(v) for _, v in values):
                    continue
                expected = _total(values)
                actual = shown if shown is not None else Decimal(0)
                if abs(actual - expected) > ctx.tolerance:
                    numbers = ", ".join(line_no(n) for n in part_lines)
                    yield diagnostic(
                        "NKF-E202",
                        f"{whole_kind.label}, {line_label(framework, whole_kind, whole_line)}, "
                        f"{column}: ausgewiesen {_shown(shown)}, die Summe der Zeile {numbers} "
                        f"aller {len(units)} {_plural(part_kind)} ergibt {eur(expected)} "
                        f"(Differenz {eur(actual - expected)}).",
                        line_path(whole_kind, whole_line),
                    )


_IN_RESULT: Final = (
    LineRole.ORDINARY_INCOME,
    LineRole.FINANCIAL_INCOME,
    LineRole.EXTRAORDINARY_INCOME,
)
_OUT_RESULT: Final = (
    LineRole.ORDINARY_EXPENSES,
    LineRole.FINANCIAL_EXPENSES,
    LineRole.EXTRAORDINARY_EXPENSES,
)

# (statute attribute, wording, roles, code) — § 78 Abs. 2 Nr. 1 GO NRW: the Haushaltssatzung
# fixes the Ergebnisplan's total Erträge and Aufwendungen and the Finanzplan's totals of
# Ein- und Auszahlungen from laufender Verwaltungs-, Investitions- and Finanzierungstätigkeit.
_STATUTE_TOTALS: Final[tuple[tuple[str, str, tuple[LineRole, ...], str], ...]] = (
    ("total_income", "Gesamtbetrag der Erträge", _IN_RESULT, "NKF-E203"),
    ("total_expenses", "Gesamtbetrag der Aufwendungen", _OUT_RESULT, "NKF-E204"),
    (
        "operating_receipts",
        "Einzahlungen aus laufender Verwaltungstätigkeit",
        (LineRole.OPERATING_RECEIPTS,),
        "NKF-E205",
    ),
    (
        "operating_payments",
        "Auszahlungen aus laufender Verwaltungstätigkeit",
        (LineRole.OPERATING_PAYMENTS,),
        "NKF-E205",
    ),
    (
        "investment_receipts",
        "Einzahlungen aus Investitionstätigkeit",
        (LineRole.INVESTMENT_RECEIPTS,),
        "NKF-E205",
    ),
    (
        "investment_payments",
        "Auszahlungen aus Investitionstätigkeit",
        (LineRole.INVESTMENT_PAYMENTS,),
        "NKF-E205",
    ),
    (
        "financing_receipts",
        "Einzahlungen aus Finanzierungstätigkeit",
        (LineRole.FINANCING_RECEIPTS,),
        "NKF-E205",
    ),
    (
        "financing_payments",
        "Auszahlungen aus Finanzierungstätigkeit",
        (LineRole.FINANCING_PAYMENTS,),
        "NKF-E205",
    ),
)


def check_statute_totals(plan: BudgetPlan, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The totals of the Haushaltssatzung (§ 1) match the plan (NKF-E203 … NKF-E205).

    Erträge are the ordinary, financial and extraordinary income lines of the
    Ergebnisplan, Aufwendungen the expense lines, both before the globaler Minderaufwand;
    the Finanzplan totals are the lines with the matching roles. Compared in the Ansatz
    column of the statute's year; only totals the statute gives and the plan has lines for.
    """
    framework = ctx.framework
    if framework is None:
        return
    for statute in plan.statutes:
        column = Column(year=statute.year, kind=ValueKind.ANSATZ)
        for attribute, wording, roles, code in _STATUTE_TOTALS:
            stated: Decimal | None = getattr(statute, attribute)
            if stated is None or not stated.is_finite():
                continue
            keys = [
                (kind, number)
                for role in roles
                for kind, number in framework.lines_for(role)
                if not kind.is_part
            ]
            printed = [line for kind, number in keys if (line := plan.line(kind, number))]
            values = [line.value(column) for line in printed]
            if all(v is None for v in values) or not all(is_finite(v) for v in values):
                continue
            expected = _total([(1, v) for v in values])
            if abs(stated - expected) > ctx.tolerance:
                numbers = " + ".join(f"Zeile {line_no(n)}" for _, n in keys)
                yield diagnostic(
                    code,
                    f"Haushaltssatzung {statute.year}, § 1: {wording} {eur(stated)}; der "
                    f"{keys[0][0].label} ergibt für {column} {eur(expected)} ({numbers}; "
                    f"Differenz {eur(stated - expected)}).",
                    statute_path(statute.year),
                )


RULES: Final[tuple[Rule, ...]] = (
    check_sum_lines,
    check_part_plans_add_up,
    check_statute_totals,
)
"""The sum rules, in the order they run."""
