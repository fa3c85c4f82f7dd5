"""Validation rules (Prüfregeln) for Haushaltspläne and Änderungsanträge.

Each rule is a small pure function that returns findings
(:class:`~nkf.diagnostics.Diagnostic`) with a stable code listed in
``docs/diagnostics.md``: ``NKF-E1xx`` structure and codes, ``NKF-E2xx`` sums and totals,
``NKF-x3xx`` goals and key figures, ``NKF-x4xx`` Haushaltsausgleich and HSK, ``NKF-x5xx``
amendments. The registries :data:`PLAN_RULES` and :data:`AMENDMENT_RULES` are tuples;
pass your own tuple as ``rules=`` to run fewer or more rules. The rule modules are imported
when first needed: checking an amendment does not import the plan rules, nor the reverse.

>>> from decimal import Decimal
>>> from nkf.model import BudgetPlan, Column, Municipality, PlanKind, PlanLine, ValueKind
>>> col = (Column(year=2026, kind=ValueKind.ANSATZ),)
>>> def line(n, v):
...     return PlanLine(plan=PlanKind.FINANZPLAN, number=n, columns=col, values=(Decimal(v),))
>>> plan = BudgetPlan(municipality=Municipality(name="Münster"), years=(2026,),
...                   lines=(line(9, 100), line(16, 80), line(17, 30)))
>>> [d.code for d in validate(plan)]
['NKF-E201']
>>> is_valid(plan)
False
"""

from __future__ import annotations

import functools
import importlib
from typing import TYPE_CHECKING, cast, overload

from nkf.diagnostics import Diagnostic, Severity, sort_diagnostics
from nkf.errors import NkfValidationError
from nkf.model import BudgetPlan
from nkf.model.amendment import Amendment
from nkf.rules._common import (
    DEFAULT_TOLERANCE,
    AmendmentRule,
    PlanRule,
    Rule,
    RuleContext,
    diagnostic,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from decimal import Decimal

    from nkf.frameworks import Framework

__all__ = [
    "AMENDMENT_RULES",
    "DEFAULT_TOLERANCE",
    "PLAN_RULES",
    "AmendmentRule",
    "PlanRule",
    "Rule",
    "RuleContext",
    "check",
    "is_valid",
    "validate",
]

if TYPE_CHECKING:
    PLAN_RULES: tuple[Rule, ...]
    """Every plan rule nkf ships, in the order they run."""

    AMENDMENT_RULES: tuple[AmendmentRule, ...]
    """Every amendment rule nkf ships, in the order they run."""

_RULE_MODULES = ("amendment", "balance", "figures", "structure", "sums")


@functools.cache
def _plan_rules() -> tuple[Rule, ...]:
    """:data:`PLAN_RULES`, built on first use."""
    from nkf.rules import balance, figures, structure, sums

    return (*structure.RULES, *sums.RULES, *figures.RULES, *balance.RULES)


@functools.cache
def _amendment_rules() -> tuple[AmendmentRule, ...]:
    """:data:`AMENDMENT_RULES`, built on first use."""
    from nkf.rules import amendment

    return amendment.RULES


def __getattr__(name: str) -> object:
    """The rule registries and the rule modules, imported on first use."""
    if name == "PLAN_RULES":
        return _plan_rules()
    if name == "AMENDMENT_RULES":
        return _amendment_rules()
    if name in _RULE_MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "AMENDMENT_RULES", "PLAN_RULES", *_RULE_MODULES})


def _framework(plan: BudgetPlan) -> tuple[Framework | None, list[Diagnostic]]:
    """The plan's framework catalog, or None and the finding NKF-E100."""
    from nkf.frameworks import UnknownFramework, available, get

    try:
        return get(plan.framework), []
    except UnknownFramework:
        known = ", ".join(sorted(available()))
        return None, [
            diagnostic(
                "NKF-E100",
                f"Der Haushaltsplan folgt dem Haushaltsrahmen „{plan.framework}“, den nkf "
                f"nicht kennt (bekannt: {known}). Zeilen, Summen und Produktbereiche wurden "
                "deshalb nicht gegen einen Rahmen geprüft.",
            )
        ]


def _validate(
    obj: object,
    plan: BudgetPlan | None,
    rules: Iterable[PlanRule] | Iterable[AmendmentRule] | None,
    tolerance: Decimal,
) -> list[Diagnostic]:
    """Run the rules for ``obj`` (the implementation of :func:`validate`)."""
    found: list[Diagnostic] = []
    if isinstance(obj, BudgetPlan):
        framework, problems = _framework(obj)
        found += problems
        ctx = RuleContext(framework=framework, tolerance=tolerance)
        plan_rules = _plan_rules() if rules is None else cast("Iterable[PlanRule]", rules)
        for plan_rule in plan_rules:
            found.extend(plan_rule(obj, ctx))
    elif isinstance(obj, Amendment):
        framework = None
        if plan is not None:
            framework, problems = _framework(plan)
            found += problems
        ctx = RuleContext(framework=framework, tolerance=tolerance, plan=plan)
        amendment_rules = (
            _amendment_rules() if rules is None else cast("Iterable[AmendmentRule]", rules)
        )
        for amendment_rule in amendment_rules:
            found.extend(amendment_rule(obj, ctx))
    else:
        msg = f"validate erwartet einen BudgetPlan oder ein Amendment, nicht {type(obj).__name__}"
        raise TypeError(msg)
    return sort_diagnostics(found)


@overload
def validate(
    obj: BudgetPlan,
    plan: None = None,
    *,
    rules: Iterable[PlanRule] | None = None,
    tolerance: Decimal = ...,
    min_severity: Severity = ...,
) -> list[Diagnostic]: ...


@overload
def validate(
    obj: Amendment,
    plan: BudgetPlan | None = None,
    *,
    rules: Iterable[AmendmentRule] | None = None,
    tolerance: Decimal = ...,
    min_severity: Severity = ...,
) -> list[Diagnostic]: ...


def validate(
    obj: BudgetPlan | Amendment,
    plan: BudgetPlan | None = None,
    *,
    rules: Iterable[PlanRule] | Iterable[AmendmentRule] | None = None,
    tolerance: Decimal = DEFAULT_TOLERANCE,
    min_severity: Severity = Severity.WARNING,
) -> list[Diagnostic]:
    """Check a Haushaltsplan or an Änderungsantrag and return every finding (Befunde).

    Never raises for bad data: an unknown framework id is itself a finding (NKF-E100).

    Args:
        obj: The plan or the amendment to check.
        plan: For an amendment, the plan it refers to; its targets and stated old values
            are then checked against it. Ignored for a plan.
        rules: The rules to run; default :data:`PLAN_RULES` or :data:`AMENDMENT_RULES`.
        tolerance: The largest difference that still counts as equal in sum checks
            (default 1 €, for plans printed in whole euros).
        min_severity: The least severe findings to return. By default errors and
            warnings; pass ``Severity.INFO`` for the hints as well (e.g. NKF-I402
            fiktiver Haushaltsausgleich, NKF-I305 Ziel ohne Kennzahl).

    Returns:
        The findings, sorted by location, severity and code.

    Raises:
        TypeError: ``obj`` is neither a BudgetPlan nor an Amendment.
    """
    found = _validate(obj, plan, rules, tolerance)
    return [d for d in found if d.severity.rank <= min_severity.rank]


@overload
def check(
    obj: BudgetPlan,
    plan: None = None,
    *,
    rules: Iterable[PlanRule] | None = None,
    tolerance: Decimal = ...,
) -> None: ...


@overload
def check(
    obj: Amendment,
    plan: BudgetPlan | None = None,
    *,
    rules: Iterable[AmendmentRule] | None = None,
    tolerance: Decimal = ...,
) -> None: ...


def check(
    obj: BudgetPlan | Amendment,
    plan: BudgetPlan | None = None,
    *,
    rules: Iterable[PlanRule] | Iterable[AmendmentRule] | None = None,
    tolerance: Decimal = DEFAULT_TOLERANCE,
) -> None:
    """Check like :func:`validate`, and raise if any finding is an error (Prüfung mit Abbruch).

    Raises:
        NkfValidationError: At least one finding has severity error; the exception carries
            all findings (errors, warnings and infos) in ``diagnostics``.
        TypeError: ``obj`` is neither a BudgetPlan nor an Amendment.
    """
    found = _validate(obj, plan, rules, tolerance)
    if any(d.is_error for d in found):
        raise NkfValidationError(found)


@overload
def is_valid(
    obj: BudgetPlan,
    plan: None = None,
    *,
    rules: Iterable[PlanRule] | None = None,
    tolerance: Decimal = ...,
) -> bool: ...


@overload
def is_valid(
    obj: Amendment,
    plan: BudgetPlan | None = None,
    *,
    rules: Iterable[AmendmentRule] | None = None,
    tolerance: Decimal = ...,
) -> bool: ...


def is_valid(
    obj: BudgetPlan | Amendment,
    plan: BudgetPlan | None = None,
    *,
    rules: Iterable[PlanRule] | Iterable[AmendmentRule] | None = None,
    tolerance: Decimal = DEFAULT_TOLERANCE,
) -> bool:
    """Tell whether :func:`validate` finds no error (warnings and infos are allowed)."""
    found = _validate(obj, plan, rules, tolerance)
    return not any(d.is_error for d in found)
