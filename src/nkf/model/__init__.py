"""The nkf domain model: frozen, slotted, keyword-only attrs values.

The model knows no file format; readers and writers live in :mod:`nkf.xml` and
:mod:`nkf.interop`.
"""

from nkf.model.finance import (
    BudgetBlock,
    BudgetStatute,
    Commitment,
    Investment,
    Post,
    PostStatus,
    TaxKind,
    TaxRates,
    YearAmount,
)
from nkf.model.goals import FigureKind, FigureValue, Goal, KeyFigure, KeyFigureType, Scalar
from nkf.model.lines import Column, PlanKind, PlanLine, ValueKind, standard_columns
from nkf.model.plan import BudgetPlan, Municipality, PlanStatus
from nkf.model.units import BindingDegree, BudgetArea, BudgetUnit, Product, ProductGroup

__all__ = [
    "BindingDegree",
    "BudgetArea",
    "BudgetBlock",
    "BudgetPlan",
    "BudgetStatute",
    "BudgetUnit",
    "Column",
    "Commitment",
    "FigureKind",
    "FigureValue",
    "Goal",
    "Investment",
    "KeyFigure",
    "KeyFigureType",
    "Municipality",
    "PlanKind",
    "PlanLine",
    "PlanStatus",
    "Post",
    "PostStatus",
    "Product",
    "ProductGroup",
    "Scalar",
    "TaxKind",
    "TaxRates",
    "ValueKind",
    "YearAmount",
    "standard_columns",
]
