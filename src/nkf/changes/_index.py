"""Shared helpers of the amendment algebra: unit index, ordered insertion, line editing.

Private to :mod:`nkf.changes`. Everything here is a pure function over the frozen model
values; the index maps unit codes to their place in the plan so that a change finds its
Produkt in constant time instead of walking the whole Haushaltsplan.

>>> insert_ordered(("a", "c"), "b", key=lambda s: s)
('a', 'b', 'c')
>>> insert_ordered(("c", "a"), "b", key=lambda s: s)  # unsorted: appended
('c', 'a', 'b')
"""

from __future__ import annotations

from bisect import bisect_right
from decimal import Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from nkf.model import (
    BudgetArea,
    BudgetPlan,
    BudgetUnit,
    Column,
    PlanKind,
    PlanLine,
    Product,
    ProductGroup,
)
from nkf.model.targets import ColumnValue

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from nkf.frameworks import Framework

__all__ = [
    "CACHE_LIMIT",
    "TOLERANCE",
    "UnitPath",
    "cells",
    "computed_keys",
    "get_unit",
    "insert_at",
    "insert_column",
    "insert_index",
    "insert_ordered",
    "is_computed",
    "kind_rank",
    "new_line",
    "product_at",
    "put_line",
    "remove_line",
    "replace_unit",
    "set_cell",
    "subtree_codes",
    "unit_index",
]

TOLERANCE = Decimal("0.005")
"""Stated old values within half a cent of the plan count as equal (Rundungstoleranz)."""

UnitPath = tuple[int, int | None, int | None]
"""Where a unit sits: (area index, group index or None, product index or None)."""


_T = TypeVar("_T")

CACHE_LIMIT = 64
"""Frameworks whose derived tables are cached at a time (the catalogs and a few of a user's)."""


# ----------------------------------------------------------------------------- units


def unit_index(plan: BudgetPlan) -> dict[str, UnitPath]:
    """Index every area, group and product by code; of duplicates the first one counts."""
    index: dict[str, UnitPath] = {}
    for ai, area in enumerate(plan.areas):
        index.setdefault(area.code, (ai, None, None))
        for gi, group in enumerate(area.groups):
            index.setdefault(group.code, (ai, gi, None))
            for pi, product in enumerate(group.products):
                index.setdefault(product.code, (ai, gi, pi))
    return index


def subtree_codes(unit: BudgetUnit) -> tuple[str, ...]:
    """The codes of ``unit`` and of every group and product under it, in plan order."""
    found = [unit.code]
    if isinstance(unit, BudgetArea):
        for group in unit.groups:
            found.append(group.code)
            found.extend(p.code for p in group.products)
    elif isinstance(unit, ProductGroup):
        found.extend(p.code for p in unit.products)
    return tuple(found)


def get_unit(plan: BudgetPlan, path: UnitPath) -> BudgetUnit:
    """The unit at ``path``."""
    ai, gi, pi = path
    area = plan.areas[ai]
    if gi is None:
        return area
    group = area.groups[gi]
    return group if pi is None else group.products[pi]


def product_at(plan: BudgetPlan, path: UnitPath) -> tuple[ProductGroup, Product] | None:
    """The product at ``path`` with its group, or None if ``path`` is an area or a group."""
    ai, gi, pi = path
    if gi is None or pi is None:
        return None
    group = plan.areas[ai].groups[gi]
    return group, group.products[pi]


def _replace(items: tuple[_T, ...], i: int, item: _T) -> tuple[_T, ...]:
    return (*items[:i], item, *items[i + 1 :])


def replace_unit(plan: BudgetPlan, path: UnitPath, unit: BudgetUnit) -> BudgetPlan:
    """The plan with the unit at ``path`` replaced by ``unit`` (children as ``unit`` has them)."""
    ai, gi, pi = path
    area = plan.areas[ai]
    if gi is None:
        if not isinstance(unit, BudgetArea):  # pragma: no cover - guarded by callers
            raise TypeError(unit)
        return attrs.evolve(plan, areas=_replace(plan.areas, ai, unit))
    group = area.groups[gi]
    if pi is None:
        if not isinstance(unit, ProductGroup):  # pragma: no cover - guarded by callers
            raise TypeError(unit)
        new_group = unit
    else:
        if not isinstance(unit, Product):  # pragma: no cover - guarded by callers
            raise TypeError(unit)
        new_group = attrs.evolve(group, products=_replace(group.products, pi, unit))
    new_area = attrs.evolve(area, groups=_replace(area.groups, gi, new_group))
    return attrs.evolve(plan, areas=_replace(plan.areas, ai, new_area))


# ----------------------------------------------------------------------------- ordering


def _is_sorted(keys: Sequence[Any]) -> bool:
    return all(not (b < a) for a, b in pairwise(keys))


def _position(keys: Sequence[Any], key: Any) -> int:
    """Where a new key goes: in order if ``keys`` are sorted, else at the end."""
    if _is_sorted(keys):
        return bisect_right(keys, key)
    return len(keys)


def insert_ordered(items: tuple[_T, ...], item: _T, *, key: Callable[[_T], Any]) -> tuple[_T, ...]:
    """Insert ``item`` in key order if ``items`` are in key order, else append it.

    New posts, measures, Sperrvermerke, products and key-figure values go where a plan
    kept in order expects them, so that removing and re-adding one restores the plan.
    """
    i = _position([key(x) for x in items], key(item))
    return (*items[:i], item, *items[i:])


def insert_index(keys: Sequence[Any], key: Any) -> int:
    """The index at which :func:`insert_ordered` puts ``key`` among ``keys``."""
    return _position(keys, key)


def insert_at(
    items: tuple[_T, ...], item: _T, position: int | None, *, key: Callable[[_T], Any]
) -> tuple[_T, ...] | None:
    """Insert ``item`` at 1-based ``position``, or with None as :func:`insert_ordered` does.

    Returns None if ``position`` lies outside 1 … len(items) + 1.

    >>> insert_at(("a", "c"), "b", None, key=str)
    ('a', 'b', 'c')
    >>> insert_at(("a", "c"), "b", 1, key=str)
    ('b', 'a', 'c')
    >>> insert_at(("a", "c"), "b", 4, key=str) is None
    True
    """
    if position is None:
        return insert_ordered(items, item, key=key)
    if not 1 <= position <= len(items) + 1:
        return None
    return (*items[: position - 1], item, *items[position - 1 :])


def insert_column(columns: tuple[Column, ...], column: Column) -> int:
    """The index at which ``column`` is inserted into a line's ``columns``."""
    return _position(columns, column)


def kind_rank(kind: PlanKind) -> int:
    """Order of the plan kinds within a unit's lines (Ergebnis- before Finanzplan)."""
    return _KIND_RANKS[kind]


_KIND_RANKS: dict[PlanKind, int] = {kind: i for i, kind in enumerate(PlanKind)}


# ----------------------------------------------------------------------------- lines


def is_computed(framework: Framework | None, kind: PlanKind, number: int) -> bool:
    """True for a sum or balance line of the framework's schema (Summen-/Saldenzeile)."""
    return (kind, number) in computed_keys(framework)


_COMPUTED_KEYS: dict[int, tuple[Framework, frozenset[tuple[PlanKind, int]]]] = {}


def computed_keys(framework: Framework | None) -> frozenset[tuple[PlanKind, int]]:
    """The (plan kind, number) of every sum and balance line of the framework.

    Computed once per framework (a catalog is immutable); the cache holds the framework
    itself, so its ``id`` is not reused while the entry lives.
    """
    if framework is None:
        return frozenset()
    hit = _COMPUTED_KEYS.get(id(framework))
    if hit is not None and hit[0] is framework:
        return hit[1]
    keys = frozenset(
        (schema.plan, d.number)
        for schema in framework.schemas
        for d in schema.lines
        if d.is_computed
    )
    if len(_COMPUTED_KEYS) >= CACHE_LIMIT:
        _COMPUTED_KEYS.clear()
    _COMPUTED_KEYS[id(framework)] = (framework, keys)
    return keys


def cells(line: PlanLine) -> tuple[ColumnValue, ...]:
    """The non-empty cells of ``line`` as column values, in column order."""
    return tuple(
        ColumnValue(column=c, amount=v)
        for c, v in zip(line.columns, line.values, strict=True)
        if v is not None
    )


def set_cell(line: PlanLine, column: Column, value: Decimal | None) -> PlanLine:
    """``line`` with ``column`` set to ``value``; a missing column is inserted in order."""
    try:
        i = line.columns.index(column)
    except ValueError:
        i = insert_column(line.columns, column)
        return attrs.evolve(
            line,
            columns=(*line.columns[:i], column, *line.columns[i:]),
            values=(*line.values[:i], value, *line.values[i:]),
        )
    if line.values[i] == value and (value is None) == (line.values[i] is None):
        return line
    return attrs.evolve(line, values=_replace(line.values, i, value))


def layout(
    lines: Iterable[PlanLine], kind: PlanKind, framework: Framework | None
) -> tuple[Column, ...] | None:
    """The column layout of ``kind`` in ``lines``.

    That of its first entry line, else of its first line of any sort, else None.
    """
    first: tuple[Column, ...] | None = None
    for line in lines:
        if line.plan is not kind:
            continue
        if not is_computed(framework, kind, line.number):
            return line.columns
        if first is None:
            first = line.columns
    return first


def new_line(
    lines: Iterable[PlanLine],
    kind: PlanKind,
    number: int,
    values: Iterable[ColumnValue],
    framework: Framework | None,
) -> PlanLine:
    """A new line with ``values`` in the layout of the other lines of ``kind`` (AddLine).

    The columns are those of the unit's existing layout for the plan kind, with any
    further column of ``values`` inserted; without a layout, the columns of ``values``
    in their order. Cells without a value are empty.
    """
    given = list(values)
    base = layout(lines, kind, framework)
    if base is None:
        columns: list[Column] = []
        for cv in given:
            if cv.column not in columns:
                columns.append(cv.column)
        base = tuple(columns)
    line = PlanLine(plan=kind, number=number, columns=base, values=(None,) * len(base))
    for cv in given:
        line = set_cell(line, cv.column, cv.amount)
    return line


def _line_key(line: PlanLine) -> tuple[int, int]:
    return (kind_rank(line.plan), line.number)


def put_line(lines: tuple[PlanLine, ...], line: PlanLine) -> tuple[PlanLine, ...]:
    """``lines`` with ``line`` replacing the one of its key, or inserted in line order.

    A new line goes before the first line with a higher (plan kind, number) if the lines
    are in that order; otherwise after the last line of its plan kind, or at the end.
    """
    for i, old in enumerate(lines):
        if old.plan is line.plan and old.number == line.number:
            return lines if old is line else _replace(lines, i, line)
    keys = [_line_key(ln) for ln in lines]
    if _is_sorted(keys):
        i = bisect_right(keys, _line_key(line))
    else:
        same = [j for j, ln in enumerate(lines) if ln.plan is line.plan]
        i = same[-1] + 1 if same else len(lines)
    return (*lines[:i], line, *lines[i:])


def remove_line(lines: tuple[PlanLine, ...], kind: PlanKind, number: int) -> tuple[PlanLine, ...]:
    """``lines`` without the line ``(kind, number)``."""
    return tuple(ln for ln in lines if not (ln.plan is kind and ln.number == number))
