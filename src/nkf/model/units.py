"""Budget areas, product groups and products (Produktbereiche, -gruppen, Produkte).

Each of them can carry a Teilergebnis- and Teilfinanzplan (real plans budget at product,
group or area level), goals and key figures. Codes are stored in their compact form
(``"050101"``); whether they are well formed is a validation rule, not a constructor
error, so that a plan with a bad code can still be loaded and reported on.

>>> p = Product(code="050101", name="Beratung von Senioren")
>>> g = ProductGroup(code="0501", name="Soziale Hilfen", products=(p,))
>>> a = BudgetArea(code="05", name="Soziale Leistungen", groups=(g,))
>>> a.product("050101").name
'Beratung von Senioren'
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

from nkf.model.goals import Goal, KeyFigure
from nkf.model.lines import PlanKind, PlanLine

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["BindingDegree", "BudgetArea", "BudgetUnit", "Product", "ProductGroup"]


class BindingDegree(enum.Enum):
    """Whether a task is mandatory (Bindungsgrad): pflichtig, freiwillig or teils/teils."""

    MANDATORY = "pflichtig"
    VOLUNTARY = "freiwillig"
    PARTLY = "teils"


@attrs.frozen(kw_only=True)
class BudgetUnit:
    """What areas, groups and products share (Haushaltsgliederungsebene)."""

    code: str
    name: str
    description: str | None = None
    committee: str | None = None
    responsible: str | None = None
    binding: BindingDegree | None = None
    recipients: str | None = None
    goals: tuple[Goal, ...] = ()
    key_figures: tuple[KeyFigure, ...] = ()
    lines: tuple[PlanLine, ...] = ()

    def line(self, plan: PlanKind, number: int) -> PlanLine | None:
        """The line ``number`` of ``plan``, or None if the unit does not budget it."""
        for ln in self.lines:
            if ln.number == number and ln.plan is plan:
                return ln
        return None

    def goal(self, position: int) -> Goal:
        """The goal at 1-based ``position`` ("2. Ziel"); IndexError if there is none."""
        if position < 1 or position > len(self.goals):
            raise IndexError(f"{self.code} hat kein {position}. Ziel")
        return self.goals[position - 1]


@attrs.frozen(kw_only=True)
class Product(BudgetUnit):
    """A product (Produkt), e.g. 050101 "Beratung von Senioren, ..."."""


@attrs.frozen(kw_only=True)
class ProductGroup(BudgetUnit):
    """A product group (Produktgruppe), e.g. 0501, with its products."""

    products: tuple[Product, ...] = ()


@attrs.frozen(kw_only=True)
class BudgetArea(BudgetUnit):
    """A budget area (Produktbereich, NRW 01–17), with its product groups."""

    groups: tuple[ProductGroup, ...] = ()

    def products(self) -> Iterator[Product]:
        """All products of the area, in order."""
        for g in self.groups:
            yield from g.products

    def product(self, code: str) -> Product | None:
        """The product with compact ``code``, or None."""
        for p in self.products():
            if p.code == code:
                return p
        return None
