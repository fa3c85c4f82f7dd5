"""The Haushaltsplan (:class:`BudgetPlan`) and the municipality it belongs to.

>>> plan = BudgetPlan(municipality=Municipality(name="Leichlingen", ags="05378020"),
...                   years=(2021,), status=PlanStatus.DRAFT)
>>> plan.planning_years
(2022, 2023, 2024)
>>> plan.framework
'nrw_2019'
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

from nkf.model.finance import BudgetBlock, BudgetStatute, Investment, Post
from nkf.model.lines import PlanKind, PlanLine
from nkf.model.units import BudgetArea, BudgetUnit, Product, ProductGroup

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["BudgetPlan", "Municipality", "PlanStatus"]


class PlanStatus(enum.Enum):
    """The state of a plan (Status): Entwurf, beschlossen or Nachtrag."""

    DRAFT = "entwurf"
    ADOPTED = "beschlossen"
    SUPPLEMENT = "nachtrag"


@attrs.frozen(kw_only=True)
class Municipality:
    """The municipality (Kommune): name and Amtlicher Gemeindeschlüssel (AGS, 8 digits)."""

    name: str
    ags: str | None = None


def _default_planning_years(plan: BudgetPlan) -> tuple[int, ...]:
    last = plan.years[-1] if plan.years else 0
    return (last + 1, last + 2, last + 3)


def _years(value: object) -> tuple[int, ...]:
    return tuple(value) if isinstance(value, (tuple, list)) else (int(str(value)),)


@attrs.frozen(kw_only=True)
class BudgetPlan:
    """A Haushaltsplan: budget year(s), planning years, status, framework and content.

    ``years`` is one budget year or the two years of a Doppelhaushalt (§ 9 KomHVO NRW);
    ``planning_years`` are the years of the mittelfristige Planung; ``framework`` names the
    catalog the plan follows (``"nrw_2019"`` KomHVO, ``"nrw_2004"`` GemHVO). ``lines`` are
    the lines of the Gesamtergebnis- and Gesamtfinanzplan; Teilplan lines live on the areas,
    groups and products.
    """

    municipality: Municipality
    years: tuple[int, ...] = attrs.field(converter=_years)
    planning_years: tuple[int, ...] = attrs.field(
        default=attrs.Factory(_default_planning_years, takes_self=True), converter=_years
    )
    status: PlanStatus = PlanStatus.DRAFT
    framework: str = "nrw_2019"
    title: str | None = None
    note: str | None = None
    areas: tuple[BudgetArea, ...] = ()
    lines: tuple[PlanLine, ...] = ()
    investments: tuple[Investment, ...] = ()
    posts: tuple[Post, ...] = ()
    statutes: tuple[BudgetStatute, ...] = ()
    blocks: tuple[BudgetBlock, ...] = ()

    @property
    def year(self) -> int:
        """The (first) budget year (Haushaltsjahr)."""
        return self.years[0]

    def units(self) -> Iterator[BudgetUnit]:
        """Every area, group and product, depth first, in plan order."""
        for a in self.areas:
            yield a
            for g in a.groups:
                yield g
                yield from g.products

    def part_units(self, kind: PlanKind) -> Iterator[BudgetUnit]:
        """The units whose Teilplan of ``kind`` counts for the Gesamtplan, each amount once.

        An area counts with its own lines if it has any of ``kind``; else each of its groups
        with its own lines, or else with its products' lines (Teilpläne are kept by
        Produktbereich or finer, domain.md § 3.1), so no amount is counted twice.
        """

        def has(unit: BudgetUnit) -> bool:
            return any(line.plan is kind for line in unit.lines)

        for area in self.areas:
            if has(area):
                yield area
                continue
            for group in area.groups:
                if has(group):
                    yield group
                else:
                    yield from (p for p in group.products if has(p))

    def products(self) -> Iterator[Product]:
        """All products of the plan, in order."""
        for a in self.areas:
            yield from a.products()

    def unit(self, code: str) -> BudgetUnit | None:
        """The area, group or product with compact ``code``, or None."""
        for u in self.units():
            if u.code == code:
                return u
        return None

    def area(self, code: str) -> BudgetArea | None:
        """The area (Produktbereich) with ``code``."""
        return next((a for a in self.areas if a.code == code), None)

    def group(self, code: str) -> ProductGroup | None:
        """The product group with ``code``."""
        return next((g for a in self.areas for g in a.groups if g.code == code), None)

    def product(self, code: str) -> Product | None:
        """The product with ``code``."""
        return next((p for p in self.products() if p.code == code), None)

    def line(self, plan: PlanKind, number: int) -> PlanLine | None:
        """A line of the Gesamtergebnis- or Gesamtfinanzplan."""
        return next((ln for ln in self.lines if ln.plan is plan and ln.number == number), None)

    def statute(self, year: int | None = None) -> BudgetStatute | None:
        """The Haushaltssatzung for ``year`` (default: the first budget year)."""
        y = self.year if year is None else year
        return next((s for s in self.statutes if s.year == y), None)
