r"""What every rule module shares: the rule context (Prüfkontext), rule types and helpers.

A rule is a small pure function. A plan rule takes the :class:`~nkf.model.BudgetPlan` and a
:class:`RuleContext` and yields :class:`~nkf.diagnostics.Diagnostic` values; an amendment
rule takes an :class:`~nkf.model.amendment.Amendment` instead. Rules never raise for bad
data: what they cannot check they skip.

>>> eur(Decimal("-2353506"))
'-2.353.506,00\xa0€'
>>> from nkf.frameworks import Term
>>> describe_formula((Term(sign=1, line=1), Term(sign=1, line=2), Term(sign=1, line=3)))
'Summe der Zeilen 01–03'
>>> describe_formula((Term(sign=1, line=10), Term(sign=-1, line=17)))
'Zeile 10 − Zeile 17'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Final, TypeAlias

import attrs

from nkf.diagnostics import Diagnostic, Location, Severity
from nkf.model import BudgetArea, BudgetPlan, BudgetUnit, PlanKind, PlanLine, ProductGroup
from nkf.model.amendment import Amendment
from nkf.money import format_amount

if TYPE_CHECKING:
    # Checking an amendment without its plan needs no framework catalog: nkf.frameworks is
    # imported when a plan is checked. RuleContext's hints name Framework only for readers.
    from nkf.frameworks import Framework, Term  # noqa: TC004
    from nkf.model import Column

__all__ = [
    "DEFAULT_TOLERANCE",
    "AmendmentRule",
    "PlanRule",
    "Rule",
    "RuleContext",
    "columns_of",
    "containers",
    "describe_formula",
    "diagnostic",
    "eur",
    "first_lines",
    "is_finite",
    "line_label",
    "line_no",
    "plan_label",
    "unit_label",
]

DEFAULT_TOLERANCE: Final = Decimal(1)
"""Default tolerance of sum checks: 1 €, for plans printed in whole euros (Rundungstoleranz)."""


@attrs.frozen(kw_only=True)
class RuleContext:
    """What a rule may know besides the checked object (Prüfkontext).

    Attributes:
        framework: The framework catalog (Haushaltsrahmen) of the plan, or None when the
            plan names a framework nkf does not know; rules that need it then skip.
        tolerance: The largest absolute difference that still counts as equal in sum
            and total checks. The default of 1 € suits plans printed in whole euros.
        plan: The Haushaltsplan an amendment refers to (amendment rules only), or None.
    """

    framework: Framework | None = None
    tolerance: Decimal = DEFAULT_TOLERANCE
    plan: BudgetPlan | None = None


Rule: TypeAlias = Callable[[BudgetPlan, RuleContext], Iterable[Diagnostic]]
"""A plan rule (Prüfregel für den Haushaltsplan)."""
PlanRule: TypeAlias = Rule
"""Another name of :data:`Rule`."""
AmendmentRule: TypeAlias = Callable[[Amendment, RuleContext], Iterable[Diagnostic]]
"""An amendment rule (Prüfregel für einen Änderungsantrag); the plan is ``ctx.plan``."""


def diagnostic(code: str, message: str, path: str | None = None) -> Diagnostic:
    """Build a finding (Befund); the severity follows from the code letter (E, W, I).

    >>> diagnostic("NKF-W401", "nicht ausgeglichen").severity
    <Severity.WARNING: 'warning'>
    """
    severity = {"E": Severity.ERROR, "W": Severity.WARNING, "I": Severity.INFO}[code[4]]
    location = Location(path=path) if path is not None else None
    return Diagnostic(code=code, severity=severity, message=message, location=location)


def is_finite(value: Decimal | None) -> bool:
    """True for a number that is neither NaN nor infinite (None counts as finite: empty)."""
    return value is None or value.is_finite()


def eur(value: Decimal) -> str:
    """Write an amount the German way (``1.234,56 €``); non-finite values as they are."""
    if not value.is_finite():
        return str(value)
    return format_amount(value)


def line_no(number: int) -> str:
    """Write a line number as the Muster prints it (``01``, ``10``)."""
    return f"{number:02d}"


def plan_label(plan: PlanKind, unit: str | None) -> str:
    """Name a plan: ``Ergebnisplan`` or ``Teilergebnisplan 050101``."""
    return plan.label if unit is None else f"{plan.label} {unit}"


def line_label(framework: Framework | None, plan: PlanKind, number: int) -> str:
    """Name a line with the Muster's words: ``Zeile 10 (Ordentliche Erträge)``."""
    schema = framework.schema(plan) if framework is not None else None
    definition = schema.line(number) if schema is not None else None
    if definition is None:
        return f"Zeile {line_no(number)}"
    return f"Zeile {line_no(number)} ({definition.name})"


def unit_label(unit: BudgetUnit) -> str:
    """Name a unit: ``Produktbereich 05``, ``Produktgruppe 0501`` or ``Produkt 050101``."""
    if isinstance(unit, BudgetArea):
        return f"Produktbereich {unit.code}"
    if isinstance(unit, ProductGroup):
        return f"Produktgruppe {unit.code}"
    return f"Produkt {unit.code}"


def describe_formula(terms: tuple[Term, ...]) -> str:
    """Describe a formula in words: ``Summe der Zeilen 01–09`` or ``Zeile 10 − Zeile 17``."""
    numbers = [t.line for t in terms]
    consecutive = numbers == list(range(numbers[0], numbers[0] + len(numbers)))
    if len(terms) > 2 and consecutive and all(t.sign > 0 for t in terms):
        return f"Summe der Zeilen {line_no(numbers[0])}–{line_no(numbers[-1])}"
    parts: list[str] = []
    for i, term in enumerate(terms):
        word = f"Zeile {line_no(term.line)}"
        if i == 0:
            parts.append(word if term.sign > 0 else f"− {word}")
        else:
            parts.append(f"{'+' if term.sign > 0 else '−'} {word}")
    return " ".join(parts)


def containers(plan: BudgetPlan) -> Iterator[tuple[str | None, tuple[PlanLine, ...]]]:
    """The Gesamtplan lines (unit None) and each unit's Teilplan lines, with the unit code."""
    yield None, plan.lines
    for unit in plan.units():
        yield unit.code, unit.lines


def first_lines(lines: Iterable[PlanLine]) -> dict[PlanKind, dict[int, PlanLine]]:
    """Index lines by plan kind and number; of duplicates the first one counts."""
    index: dict[PlanKind, dict[int, PlanLine]] = {}
    for line in lines:
        index.setdefault(line.plan, {}).setdefault(line.number, line)
    return index


def columns_of(*lines: PlanLine) -> list[Column]:
    """The columns of ``lines``, each once, in the order of the plan (Ergebnis, Ansatz, ...)."""
    seen: set[Column] = set()
    for line in lines:
        seen.update(line.columns)
    return sorted(seen)
