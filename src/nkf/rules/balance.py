"""Haushaltsausgleich (§ 75 GO NRW) and Haushaltssicherungskonzept (§ 76 GO NRW), NKF-x4xx.

These rules warn, they do not fail: whether a plan that is not balanced is lawful depends
on the Ausgleichsrücklage, the Genehmigung of the Aufsichtsbehörde and an HSK, which the
council and the Aufsicht decide (domain.md § 4.3, § 4.4).
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from nkf.frameworks import LineRole
from nkf.model import BudgetPlan, BudgetStatute, Column, PlanLine, ValueKind
from nkf.money import format_percent
from nkf.paths import line_path, statute_path
from nkf.rules._common import Rule, RuleContext, diagnostic, eur, is_finite, line_label

if TYPE_CHECKING:
    from collections.abc import Iterator

    from nkf.diagnostics import Diagnostic
    from nkf.frameworks import Framework

__all__ = ["RULES", "check_balance", "check_hsk_thresholds"]


def _result_line(plan: BudgetPlan, framework: Framework) -> PlanLine | None:
    """The Jahresergebnis line: after the globaler Minderaufwand if the framework has it."""
    for role in (LineRole.ANNUAL_RESULT_AFTER_GMA, LineRole.ANNUAL_RESULT):
        for kind, number in framework.lines_for(role):
            if not kind.is_part and (line := plan.line(kind, number)) is not None:
                return line
    return None


def _result(line: PlanLine, column: Column) -> Decimal | None:
    value = line.value(column)
    return value if value is not None and is_finite(value) else None


def _amount(statute: BudgetStatute | None, name: str) -> Decimal | None:
    """A finite amount of the Haushaltssatzung, or None (no statute, not given, not finite)."""
    value: Decimal | None = getattr(statute, name) if statute is not None else None
    return value if value is not None and value.is_finite() else None


def check_balance(plan: BudgetPlan, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The Ergebnisplan is balanced in each budget year (Haushaltsausgleich, § 75 GO NRW).

    § 75 Abs. 2 Satz 1–2 GO NRW: the budget must be balanced in every year; it is balanced
    when the Erträge reach the Aufwendungen, i.e. the Jahresergebnis is not negative.
    § 75 Abs. 2 Satz 3: it counts as balanced when the Fehlbedarf can be covered by drawing
    on the Ausgleichsrücklage (fiktiver Haushaltsausgleich, NKF-I402). Otherwise the plan
    is not balanced (NKF-W401); a reduction of the allgemeine Rücklage needs the
    Genehmigung of the Aufsichtsbehörde (§ 75 Abs. 4 GO NRW). A use of the
    Ausgleichsrücklage larger than the Fehlbedarf is NKF-W403.
    """
    framework = ctx.framework
    if framework is None:
        return
    line = _result_line(plan, framework)
    if line is None:
        return
    name = f"{line.plan.label}, {line_label(framework, line.plan, line.number)}"
    for year in plan.years:
        column = Column(year=year, kind=ValueKind.ANSATZ)
        result = _result(line, column)
        if result is None:
            continue
        statute = plan.statute(year)
        use = _amount(statute, "equalisation_reserve_use")
        path = statute_path(year) if statute is not None else line_path(line.plan, line.number)
        figure = f"{name}, {column}: {eur(result)}"
        deficit = -result
        if result < 0 and use is not None and use >= deficit - ctx.tolerance:
            # § 75 Abs. 2 Satz 3 GO NRW: fiktiver Haushaltsausgleich.
            yield diagnostic(
                "NKF-I402",
                f"Haushaltsjahr {year}: Jahresergebnis {figure}. Der Fehlbedarf von "
                f"{eur(deficit)} wird durch die Inanspruchnahme der Ausgleichsrücklage "
                f"({eur(use)}) gedeckt; der Haushalt gilt als ausgeglichen (fiktiver "
                "Haushaltsausgleich, § 75 Abs. 2 Satz 3 GO NRW).",
                path,
            )
        elif result < 0:
            yield diagnostic("NKF-W401", _not_balanced(year, figure, deficit, statute), path)
        if use is not None and use > max(deficit, Decimal(0)) + ctx.tolerance:
            yield diagnostic(
                "NKF-W403",
                f"Haushaltssatzung {year}: die Inanspruchnahme der Ausgleichsrücklage "
                f"({eur(use)}) ist größer als der Fehlbedarf ({eur(max(deficit, Decimal(0)))}; "
                f"Jahresergebnis {figure}); die Ausgleichsrücklage darf nur zur Deckung "
                "des Fehlbedarfs in Anspruch genommen werden (§ 75 Abs. 2 Satz 3 GO NRW).",
                path,
            )


def _not_balanced(year: int, figure: str, deficit: Decimal, statute: BudgetStatute | None) -> str:
    """The message of NKF-W401 (§ 75 Abs. 2 and Abs. 4 GO NRW)."""
    use = _amount(statute, "equalisation_reserve_use")
    text = (
        f"Haushaltsjahr {year}: der Haushalt ist nicht ausgeglichen (§ 75 Abs. 2 GO NRW). "
        f"Jahresergebnis {figure}."
    )
    if use:
        text += (
            f" Die Ausgleichsrücklage deckt davon {eur(use)}; ungedeckt bleiben "
            f"{eur(deficit - use)}."
        )
    else:
        text += (
            f" Der Fehlbedarf von {eur(deficit)} ist nicht durch die Ausgleichsrücklage gedeckt."
        )
    reduction = _amount(statute, "general_reserve_reduction")
    if reduction:
        text += (
            f" Die Verringerung der allgemeinen Rücklage um {eur(reduction)} bedarf der "
            "Genehmigung der Aufsichtsbehörde (§ 75 Abs. 4 GO NRW)."
        )
    return text


@attrs.frozen(kw_only=True)
class _Year:
    """One year of the § 76 check: basis and reduction of the allgemeine Rücklage."""

    year: int
    basis: Decimal
    reduction: Decimal
    source: str
    path: str


def _reductions(plan: BudgetPlan, framework: Framework) -> list[_Year]:
    """The reduction of the allgemeine Rücklage in each year from the first opening balance.

    The reduction is the statute's ``general_reserve_reduction`` where given; else the
    Fehlbedarf of the Jahresergebnis (Ansatz in budget years, Planung in planning years)
    less what the Ausgleichsrücklage covers (the statute's use, or what is left of its
    opening balance). The basis of a year is its statute's opening balance, else the
    previous basis less the previous reduction. The chain stops at a year without figures.
    """
    starts = [s for s in plan.statutes if _amount(s, "general_reserve_opening") is not None]
    if not starts:
        return []
    first = min(starts, key=lambda s: s.year)
    line = _result_line(plan, framework)
    years = sorted(y for y in {*plan.years, *plan.planning_years} if y >= first.year)
    basis: Decimal | None = None
    reserve = _amount(first, "equalisation_reserve_opening") or Decimal(0)
    found: list[_Year] = []
    for year in years:
        statute = plan.statute(year)
        if (opening := _amount(statute, "general_reserve_opening")) is not None:
            basis = opening
        if (available := _amount(statute, "equalisation_reserve_opening")) is not None:
            reserve = available
        if basis is None or basis <= 0:
            break
        kind = ValueKind.ANSATZ if year in plan.years else ValueKind.PLANUNG
        column = Column(year=year, kind=kind)
        stated_reduction = _amount(statute, "general_reserve_reduction")
        if stated_reduction is not None:
            reduction = stated_reduction
            source = f"Haushaltssatzung {year}"
        else:
            result = _result(line, column) if line is not None else None
            if result is None:
                break
            deficit = max(-result, Decimal(0))
            stated = _amount(statute, "equalisation_reserve_use")
            use = stated if stated is not None else min(deficit, reserve)
            reserve = max(reserve - use, Decimal(0))
            reduction = max(deficit - use, Decimal(0))
            source = f"Jahresergebnis {column} {eur(result)}"
        path = statute_path(year if statute is not None else first.year)
        found.append(_Year(year=year, basis=basis, reduction=reduction, source=source, path=path))
        basis -= reduction
    return found


def _share(part: Decimal, whole: Decimal) -> str:
    return format_percent(part / whole * 100)


def check_hsk_thresholds(plan: BudgetPlan, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The § 76 GO NRW thresholds for a Haushaltssicherungskonzept (HSK, NKF-W404, W405).

    Checked when a Haushaltssatzung gives the opening balance of the allgemeine Rücklage.
    § 76 Abs. 1 Nr. 1 GO NRW: an HSK is required if the allgemeine Rücklage is reduced by
    more than one quarter within one year (W404); § 76 Abs. 1 Nr. 2: if it is planned to
    reduce it by more than one twentieth in each of two consecutive years (W405).
    """
    framework = ctx.framework
    if framework is None:
        return
    years = _reductions(plan, framework)
    for y in years:
        if y.reduction > y.basis / 4:
            yield diagnostic(
                "NKF-W404",
                f"{y.year}: die allgemeine Rücklage ({eur(y.basis)} zu Beginn des Jahres) "
                f"verringert sich um {eur(y.reduction)} ({_share(y.reduction, y.basis)}; "
                f"{y.source}), mehr als ein Viertel ({eur(y.basis / 4)}). Nach § 76 Abs. 1 "
                "Nr. 1 GO NRW ist ein Haushaltssicherungskonzept aufzustellen.",
                y.path,
            )
    for a, b in itertools.pairwise(years):
        if b.year != a.year + 1:
            continue
        if a.reduction > a.basis / 20 and b.reduction > b.basis / 20:
            yield diagnostic(
                "NKF-W405",
                f"{a.year} und {b.year}: die allgemeine Rücklage verringert sich in zwei "
                f"aufeinanderfolgenden Jahren um jeweils mehr als ein Zwanzigstel: {a.year} um "
                f"{eur(a.reduction)} von {eur(a.basis)} (Grenze {eur(a.basis / 20)}; "
                f"{a.source}), {b.year} um {eur(b.reduction)} von {eur(b.basis)} (Grenze "
                f"{eur(b.basis / 20)}; {b.source}). Nach § 76 Abs. 1 Nr. 2 GO NRW ist ein "
                "Haushaltssicherungskonzept aufzustellen.",
                a.path,
            )
            break


RULES: Final[tuple[Rule, ...]] = (check_balance, check_hsk_thresholds)
"""The Haushaltsausgleich and HSK rules, in the order they run."""
