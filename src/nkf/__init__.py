"""nkf: NRW municipal budgets (NKF) and the motions that change them.

The public API in one place. Names are imported on first use, so ``import nkf`` and the
``nkf`` command start fast.

>>> import nkf
>>> plan = nkf.load("examples/leichlingen-2021/plan.xml")
>>> plan.product("050101").name
'Beratung von Senioren, Pflegebedürftigen und Menschen mit Behinderung, Versicherungsstelle'
>>> motion = nkf.load("examples/leichlingen-2021/amendment.xml")
>>> nkf.validate(motion, plan)
[]
>>> len(nkf.apply(plan, motion).product("050101").goals)
3
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from nkf._version import __version__

if TYPE_CHECKING:
    from nkf.changes.apply import apply
    from nkf.changes.changelist import ChangeList, change_list
    from nkf.changes.compose import Composition, compose
    from nkf.changes.conflicts import Conflict, conflicts
    from nkf.changes.deliberation import Adoption, adopt
    from nkf.changes.diff import diff
    from nkf.changes.effects import Effects, effects
    from nkf.changes.invert import invert
    from nkf.diagnostics import Diagnostic, Location, Severity
    from nkf.errors import ApplyError, LoadError, NkfError, NkfValidationError
    from nkf.model import (
        BudgetArea,
        BudgetPlan,
        BudgetStatute,
        Column,
        Goal,
        KeyFigure,
        PlanKind,
        PlanLine,
        Product,
        ProductGroup,
        ValueKind,
    )
    from nkf.model.amendment import Amendment
    from nkf.model.deliberation import Deliberation
    from nkf.rules import check, is_valid, validate
    from nkf.xml import dump, dumps, load

__all__ = [
    "Adoption",
    "Amendment",
    "ApplyError",
    "BudgetArea",
    "BudgetPlan",
    "BudgetStatute",
    "ChangeList",
    "Column",
    "Composition",
    "Conflict",
    "Deliberation",
    "Diagnostic",
    "Effects",
    "Goal",
    "KeyFigure",
    "LoadError",
    "Location",
    "NkfError",
    "NkfValidationError",
    "PlanKind",
    "PlanLine",
    "Product",
    "ProductGroup",
    "Severity",
    "ValueKind",
    "__version__",
    "adopt",
    "apply",
    "change_list",
    "check",
    "compose",
    "conflicts",
    "diff",
    "dump",
    "dumps",
    "effects",
    "invert",
    "is_valid",
    "load",
    "validate",
]

_WHERE = {
    "adopt": "nkf.changes.deliberation",
    "Adoption": "nkf.changes.deliberation",
    "Deliberation": "nkf.model.deliberation",
    "apply": "nkf.changes.apply",
    "ChangeList": "nkf.changes.changelist",
    "change_list": "nkf.changes.changelist",
    "Composition": "nkf.changes.compose",
    "compose": "nkf.changes.compose",
    "Conflict": "nkf.changes.conflicts",
    "conflicts": "nkf.changes.conflicts",
    "diff": "nkf.changes.diff",
    "Effects": "nkf.changes.effects",
    "effects": "nkf.changes.effects",
    "invert": "nkf.changes.invert",
    "Diagnostic": "nkf.diagnostics",
    "Location": "nkf.diagnostics",
    "Severity": "nkf.diagnostics",
    "ApplyError": "nkf.errors",
    "LoadError": "nkf.errors",
    "NkfError": "nkf.errors",
    "NkfValidationError": "nkf.errors",
    "BudgetArea": "nkf.model",
    "BudgetPlan": "nkf.model",
    "BudgetStatute": "nkf.model",
    "Column": "nkf.model",
    "Goal": "nkf.model",
    "KeyFigure": "nkf.model",
    "PlanKind": "nkf.model",
    "PlanLine": "nkf.model",
    "Product": "nkf.model",
    "ProductGroup": "nkf.model",
    "ValueKind": "nkf.model",
    "Amendment": "nkf.model.amendment",
    "check": "nkf.rules",
    "is_valid": "nkf.rules",
    "validate": "nkf.rules",
    "dump": "nkf.xml",
    "dumps": "nkf.xml",
    "load": "nkf.xml",
}


def __getattr__(name: str) -> Any:
    """Import public names on first use (keeps start-up of the CLI fast)."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'nkf' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
