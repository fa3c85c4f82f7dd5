"""Goal and key-figure rules (Ziele und Kennzahlen, NKF-E301 … NKF-I305).

A key figure's type fixes the type of its values (:meth:`KeyFigureType.accepts`): a date
milestone such as "Fertigstellung 30.06.2021" holds a date, a yes/no figure a bool, every
other type a number. The same checks run on key figures that an amendment adds.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from operator import attrgetter
from typing import TYPE_CHECKING, Final, cast

from nkf.model import BudgetPlan, FigureValue, Goal, KeyFigure, KeyFigureType, Scalar
from nkf.money import format_date
from nkf.paths import goal_path
from nkf.rules._common import Rule, RuleContext, diagnostic, unit_label

if TYPE_CHECKING:
    from collections.abc import Iterator

    from nkf.diagnostics import Diagnostic

__all__ = [
    "RULES",
    "check_goals_have_key_figures",
    "check_key_figure_values",
    "goal_findings",
    "key_figure_findings",
]

_PERCENT_MAX: Final = Decimal(1000)


def _show(value: Scalar) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value).replace(".", ",")


def _type_word(value: Scalar) -> str:
    if isinstance(value, bool):
        return "ein Ja/Nein-Wert"
    if isinstance(value, datetime.date):
        return "ein Datum"
    return "eine Zahl"


def _value_findings(
    figure: KeyFigure, value: FigureValue, where: str, path: str | None
) -> Iterator[Diagnostic]:
    label = f"{where}, Kennzahl „{figure.name}“ ({figure.type.label}), Wert {value.year}"
    v = value.value
    if not figure.type.accepts(v):
        yield diagnostic(
            "NKF-E301",
            f"{label}: {_show(v)} ist {_type_word(v)}; eine Kennzahl der Art "
            f"„{figure.type.label}“ braucht "
            f"{_expected_word(figure.type)}.",
            path,
        )
        return
    if isinstance(v, Decimal) and not v.is_finite():
        yield diagnostic("NKF-E301", f"{label}: „{v}“ ist keine Zahl.", path)
        return
    if figure.type is KeyFigureType.PERCENT and isinstance(v, Decimal):
        if not Decimal(0) <= v <= _PERCENT_MAX:
            yield diagnostic(
                "NKF-W302",
                f"{label}: {_show(v)} % liegt außerhalb von 0 bis 1000 %; bitte prüfen "
                "(Prozent werden als Zahl der Prozente angegeben, 29,5 für 29,5 %).",
                path,
            )
    elif figure.type is KeyFigureType.COUNT and isinstance(v, Decimal):
        if v < 0 or v != v.to_integral_value():
            yield diagnostic(
                "NKF-E303",
                f"{label}: {_show(v)} ist keine Anzahl; eine Anzahl ist eine ganze Zahl ab 0.",
                path,
            )
    elif (
        figure.type is KeyFigureType.DATE and isinstance(v, datetime.date) and v.year != value.year
    ):
        yield diagnostic(
            "NKF-W304",
            f"{label}: der Meilenstein {_show(v)} liegt nicht im Jahr {value.year}.",
            path,
        )


def _expected_word(kind: KeyFigureType) -> str:
    if kind is KeyFigureType.DATE:
        return "ein Datum"
    if kind is KeyFigureType.YES_NO:
        return "ja oder nein"
    return "eine Zahl"


def key_figure_findings(figure: KeyFigure, where: str, path: str | None) -> Iterator[Diagnostic]:
    """Check each value (and the baseline) of one key figure (Kennzahl).

    Args:
        figure: The key figure.
        where: Who owns it, in words, for the message (``Produkt 050101, 1. Ziel``).
        path: The logical path of the finding.

    Yields:
        NKF-E301 (wrong type), NKF-W302 (percent outside 0–1000), NKF-E303 (count not a
        whole number ≥ 0), NKF-W304 (milestone date not in the value's year).
    """
    values = (figure.baseline, *figure.values) if figure.baseline else figure.values
    for value in values:
        yield from _value_findings(figure, value, where, path)


def goal_findings(goal: Goal, where: str, path: str | None) -> Iterator[Diagnostic]:
    """Check a goal (Produktziel): it has a key figure, and its key figures' values.

    Args:
        goal: The goal.
        where: The goal in words (``Produkt 050101, 1. Ziel``).
        path: The logical path of the findings (for an amendment: the change's path).

    Yields:
        NKF-I305 for a goal without key figure, and the findings of
        :func:`key_figure_findings`.
    """
    if not goal.key_figures:
        yield diagnostic(
            "NKF-I305",
            f"{where} („{goal.text}“): Ziel ohne Kennzahl; woran soll die Zielerreichung "
            "gemessen werden?",
            path,
        )
    for figure in goal.key_figures:
        yield from key_figure_findings(figure, where, path)


_VALUE: Final = attrgetter("value")
_PLAIN_NUMBERS: Final = (KeyFigureType.NUMBER, KeyFigureType.MONEY, KeyFigureType.RATIO)


def _fine(figure: KeyFigure) -> bool:
    """True if :func:`key_figure_findings` finds nothing in ``figure``; False if it may.

    The checks of :func:`_value_findings`, on all values of the figure at once.
    """
    values = (figure.baseline, *figure.values) if figure.baseline else figure.values
    scalars = list(map(_VALUE, values))
    kind = figure.type
    if kind is KeyFigureType.YES_NO:
        return all(type(v) is bool for v in scalars)
    if kind is KeyFigureType.DATE:
        return all(isinstance(v.value, datetime.date) and v.value.year == v.year for v in values)
    numbers = cast("list[Decimal]", scalars)
    try:
        if not all(map(Decimal.is_finite, numbers)):
            return False
    except TypeError:  # not a Decimal
        return False
    if not numbers:
        return True
    if kind is KeyFigureType.PERCENT:
        return min(numbers) >= 0 and max(numbers) <= _PERCENT_MAX
    if kind is KeyFigureType.COUNT:
        return min(numbers) >= 0 and list(map(Decimal.to_integral_value, numbers)) == numbers
    return kind in _PLAIN_NUMBERS


def check_key_figure_values(plan: BudgetPlan, _ctx: RuleContext) -> Iterator[Diagnostic]:
    """Key-figure values fit their type (Kennzahlwerte, NKF-E301 … NKF-W304)."""
    for unit in plan.units():
        for g, goal in enumerate(unit.goals, start=1):
            for k, figure in enumerate(goal.key_figures, start=1):
                if not _fine(figure):
                    yield from key_figure_findings(
                        figure,
                        f"{unit_label(unit)}, {g}. Ziel",
                        goal_path(unit.code, g, key_figure=k),
                    )
        for k, figure in enumerate(unit.key_figures, start=1):
            if not _fine(figure):
                yield from key_figure_findings(
                    figure, unit_label(unit), goal_path(unit.code, None, key_figure=k)
                )


def check_goals_have_key_figures(plan: BudgetPlan, _ctx: RuleContext) -> Iterator[Diagnostic]:
    """Every goal has at least one key figure (Ziel ohne Kennzahl, NKF-I305)."""
    for unit in plan.units():
        for g, goal in enumerate(unit.goals, start=1):
            if not goal.key_figures:
                yield diagnostic(
                    "NKF-I305",
                    f"{unit_label(unit)}, {g}. Ziel („{goal.text}“): Ziel ohne Kennzahl; "
                    "woran soll die Zielerreichung gemessen werden?",
                    goal_path(unit.code, g),
                )


RULES: Final[tuple[Rule, ...]] = (check_key_figure_values, check_goals_have_key_figures)
"""The goal and key-figure rules, in the order they run."""
