"""Recompute sums, balances, the Gesamtplan and the statute totals (Summen neu berechnen).

After an amendment changes an Ansatz, every figure that follows from it must follow:
the sum and balance lines of the Teilpläne, the lines of the Gesamtergebnis- and
Gesamtfinanzplan that the framework's aggregation sums from the Teilpläne, the sum lines
of the Gesamtpläne, and the totals of § 1 of the Haushaltssatzung. :func:`recompute`
does all of it, from the framework catalog's formulas, never from ``if`` branches on a
framework's name.

The rules, in the words of the Muster:

* A sum or balance line (Summen-/Saldenzeile) is computed when it is printed or when at
  least one line of its formula is printed; a missing line counts as zero (Teilpläne omit
  zero lines), an empty cell counts as zero unless every cell of the formula is empty,
  then the result is empty too. Its columns are those of the lines it adds up.
* A sum line none of whose lines is printed is left as it is: a plan may bring totals
  without their details (an import of "Ordentliche Erträge" per Produktgruppe). Only when
  a change removes the last line under a sum does the sum fall to zero, at that change
  (:func:`orphans_zeroed`, called by ``apply`` for RemoveLine); a later change of the same
  amendment that states the sum line anew (removes and adds it) keeps the total it states.
* The Gesamtplan lines that the aggregation maps from the Teilpläne are the sum over the
  Teilpläne that count: an area's own lines if it has lines of that plan, else each
  group's own lines, else its products' lines (no double counting); zero where no
  Teilplan has the line. This is done only for a Gesamtplan the plan already prints (at
  least one line of that plan kind) and once some unit has lines of the Teilplan; a plan
  with a Gesamtplan and no Teilpläne keeps its Gesamtplan lines as they are.
* A total of the Haushaltssatzung that is given (not None) is recomputed from the lines
  with the framework's roles in the Ansatz column of the statute's year: Erträge =
  ordentliche + Finanz- + außerordentliche Erträge, Aufwendungen likewise, the Finanzplan
  totals from the lines of laufender Verwaltungs-, Investitions- and
  Finanzierungstätigkeit.

:func:`recompute` is idempotent, and a plan whose sums already add up is returned equal.

>>> from nkf.examples import leichlingen_plan
>>> plan = leichlingen_plan()
>>> recompute(plan) == plan
True
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs

from nkf import frameworks
from nkf.changes._index import (
    CACHE_LIMIT,
    UnitPath,
    get_unit,
    insert_column,
    is_computed,
    put_line,
    replace_unit,
)
from nkf.frameworks import Framework, LineRole, UnknownFramework
from nkf.model import BudgetPlan, BudgetUnit, Column, PlanKind, PlanLine, ValueKind

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from nkf.frameworks import LineDef, LineSchema
    from nkf.model import BudgetStatute

__all__ = [
    "STATUTE_TOTALS",
    "aggregated_keys",
    "aggregation_sources",
    "derived_gesamt_line",
    "framework_of",
    "orphans_zeroed",
    "part_units",
    "recompute",
    "recompute_after",
    "statute_total",
]

STATUTE_TOTALS: Final[tuple[tuple[str, tuple[LineRole, ...]], ...]] = (
    (
        "total_income",
        (LineRole.ORDINARY_INCOME, LineRole.FINANCIAL_INCOME, LineRole.EXTRAORDINARY_INCOME),
    ),
    (
        "total_expenses",
        (
            LineRole.ORDINARY_EXPENSES,
            LineRole.FINANCIAL_EXPENSES,
            LineRole.EXTRAORDINARY_EXPENSES,
        ),
    ),
    ("operating_receipts", (LineRole.OPERATING_RECEIPTS,)),
    ("operating_payments", (LineRole.OPERATING_PAYMENTS,)),
    ("investment_receipts", (LineRole.INVESTMENT_RECEIPTS,)),
    ("investment_payments", (LineRole.INVESTMENT_PAYMENTS,)),
    ("financing_receipts", (LineRole.FINANCING_RECEIPTS,)),
    ("financing_payments", (LineRole.FINANCING_PAYMENTS,)),
)
"""The § 1 totals of the Haushaltssatzung and the line roles they add up."""

_Operand = tuple[int, PlanLine | None]
_U = TypeVar("_U", bound=BudgetUnit)


def framework_of(plan: BudgetPlan) -> Framework | None:
    """The framework catalog the plan follows, or None if nkf does not know it."""
    try:
        return frameworks.get(plan.framework)
    except UnknownFramework:
        return None


def recompute(plan: BudgetPlan) -> BudgetPlan:
    """Recompute every sum and balance, the Gesamtplan and the statute totals.

    Args:
        plan: The Haushaltsplan.

    Returns:
        The plan with every computed figure following from the entry lines, per the
        formulas and the aggregation of the plan's framework. A plan of a framework nkf
        does not know is returned unchanged.
    """
    return recompute_after(plan, None)


def recompute_after(plan: BudgetPlan, before: BudgetPlan | None) -> BudgetPlan:
    """Recompute what follows from the changes that turned ``before`` into ``plan``.

    Only the units whose lines changed are recomputed; the Gesamtplan lines summed from
    the Teilpläne move by the difference of the changed Teilplan lines; the Gesamtplan's
    own sum lines and the § 1 totals are recomputed. So the time is that of the change,
    not of the plan: applying a motion to a plan of thousands of products recomputes the
    few products it names.

    If the figures of ``before`` add up (``recompute(before) == before``), the result is
    exactly ``recompute(plan)``. Figures of an inconsistent ``before`` that no change
    reaches stay as they were (``validate`` reports them); an amendment changes what
    follows from it and nothing else. Where the shape of the plan changed (a unit came
    or went, a Teilplan or Gesamtplan appeared or disappeared, column layouts differ, a
    sum could become empty), everything is recomputed as by :func:`recompute`. A sum
    whose last line a change removed was set to zero by that change already
    (:func:`orphans_zeroed`).

    Args:
        plan: The Haushaltsplan after the change.
        before: The Haushaltsplan before the change, or None to recompute everything.

    Returns:
        The recomputed plan.
    """
    framework = framework_of(plan)
    if framework is None:
        return plan
    if before is not None and before.framework == plan.framework:
        result = _incremental(plan, before, framework)
        if result is not None:
            return result
    return _full(plan, framework)


def _full(plan: BudgetPlan, framework: Framework) -> BudgetPlan:
    def unit_lines(unit: BudgetUnit) -> tuple[PlanLine, ...]:
        return _recompute_lines(unit.lines, framework, part=True)

    areas = []
    for area in plan.areas:
        groups = []
        for group in area.groups:
            products = tuple(_with_lines(p, unit_lines(p)) for p in group.products)
            g = _with_lines(group, unit_lines(group))
            if any(a is not b for a, b in zip(products, g.products, strict=True)):
                g = attrs.evolve(g, products=products)
            groups.append(g)
        a = _with_lines(area, unit_lines(area))
        if any(x is not y for x, y in zip(groups, a.groups, strict=True)):
            a = attrs.evolve(a, groups=tuple(groups))
        areas.append(a)
    result = plan
    if any(x is not y for x, y in zip(areas, plan.areas, strict=True)):
        result = attrs.evolve(plan, areas=tuple(areas))
    lines = _aggregate(result, framework)
    return _finish(result, lines, framework)


def _finish(
    plan: BudgetPlan,
    lines: tuple[PlanLine, ...],
    framework: Framework,
    old: tuple[PlanLine, ...] | None = None,
) -> BudgetPlan:
    """``plan`` with the Gesamtplan ``lines`` (sum lines recomputed) and its statute totals.

    With ``old``, the Gesamtplan lines before a change whose sums added up, only the sums
    that use a changed line are recomputed.
    """
    lines = _recompute_lines(lines, framework, part=False, old=old)
    result = plan
    if lines is not result.lines:
        result = attrs.evolve(result, lines=lines)
    statutes = tuple(_statute(result, framework, s) for s in result.statutes)
    if any(x is not y for x, y in zip(statutes, result.statutes, strict=True)):
        result = attrs.evolve(result, statutes=statutes)
    return result


# ----------------------------------------------------------------------------- incremental

_Changed = tuple[UnitPath, BudgetUnit, BudgetUnit, tuple[BudgetUnit, ...]]
"""A unit whose lines changed: (path, new unit, old unit, its new ancestors area[, group])."""


def _changed_units(plan: BudgetPlan, before: BudgetPlan) -> list[_Changed] | None:
    """The units of ``plan`` whose lines are not those of ``before``; None if units differ.

    Units are matched by position and code; a plan with a unit added, removed or moved
    is not compared (None).
    """
    if plan.areas is before.areas:
        return []
    if len(plan.areas) != len(before.areas):
        return None
    changed: list[_Changed] = []
    for ai, (area, old_area) in enumerate(zip(plan.areas, before.areas, strict=True)):
        if area is old_area:
            continue
        if area.code != old_area.code or len(area.groups) != len(old_area.groups):
            return None
        if area.lines is not old_area.lines:
            changed.append(((ai, None, None), area, old_area, ()))
        if area.groups is old_area.groups:
            continue
        for gi, (group, old_group) in enumerate(zip(area.groups, old_area.groups, strict=True)):
            if group is old_group:
                continue
            if group.code != old_group.code or len(group.products) != len(old_group.products):
                return None
            if group.lines is not old_group.lines:
                changed.append(((ai, gi, None), group, old_group, (area,)))
            if group.products is old_group.products:
                continue
            pairs = zip(group.products, old_group.products, strict=True)
            for pi, (product, old_product) in enumerate(pairs):
                if product is old_product:
                    continue
                if product.code != old_product.code:
                    return None
                if product.lines is not old_product.lines:
                    changed.append(((ai, gi, pi), product, old_product, (area, group)))
    return changed


def _has(unit: BudgetUnit, kind: PlanKind) -> bool:
    return any(line.plan is kind for line in unit.lines)


def _incremental(plan: BudgetPlan, before: BudgetPlan, framework: Framework) -> BudgetPlan | None:
    """:func:`recompute_after` by the difference; None where everything must be recomputed."""
    changed = _changed_units(plan, before)
    if changed is None:
        return None
    if {ln.plan for ln in plan.lines} != {ln.plan for ln in before.lines}:
        return None  # a Gesamtplan appeared or went: which lines are summed changes
    table = _aggregation_table(framework)
    for _, unit, old, _ in changed:
        if any(_has(unit, k) is not _has(old, k) for k in table.part_kinds):
            return None  # a Teilplan appeared or went: which units count changes
    recomputed: dict[UnitPath, tuple[PlanLine, ...]] = {}
    for path, unit, old, _ in changed:
        lines = _recompute_lines(unit.lines, framework, part=True, old=old.lines)
        if lines is not unit.lines:
            recomputed[path] = lines
    wanted = aggregated_keys(before, framework)
    old_gesamt = {ln.key: ln for ln in reversed(before.lines)}  # the first of a key counts
    deltas = _Deltas(old_gesamt)
    for path, unit, old, ancestors in changed:
        new_lines = recomputed.get(path, unit.lines)
        for kind in table.part_kinds:
            if any(_has(a, kind) for a in ancestors):
                continue  # an area or group above counts with its own lines
            if not _has(unit, kind):
                continue  # (nor had it: checked above)
            if not deltas.add(old.lines, new_lines, kind, table, wanted):
                return None
    lines = plan.lines
    printed = set()
    for line in lines:
        key = line.key
        if key in wanted:
            if line is not old_gesamt.get(key):
                return None  # a change reached a summed Gesamtplan line itself
            printed.add(key)
    if any(key in old_gesamt and key not in printed for key in wanted):
        return None  # ... or removed it
    for line in deltas.lines():
        lines = put_line(lines, line)
    result = plan
    for path, unit_lines in recomputed.items():
        result = replace_unit(result, path, attrs.evolve(get_unit(result, path), lines=unit_lines))
    if lines is before.lines and plan.statutes is before.statutes:
        return result  # the Gesamtplan and the statutes are those of ``before``
    return _finish(result, lines, framework, before.lines)


@attrs.frozen
class _AggregationTable:
    """The framework's aggregation as lookups: Teilplan line → the Gesamtplan lines it feeds."""

    part_kinds: tuple[PlanKind, ...]
    targets: dict[tuple[PlanKind, int], tuple[tuple[PlanKind, int], ...]]


_TABLES: dict[int, tuple[Framework, _AggregationTable]] = {}


def _aggregation_table(framework: Framework) -> _AggregationTable:
    hit = _TABLES.get(id(framework))
    if hit is not None and hit[0] is framework:
        return hit[1]
    targets: dict[tuple[PlanKind, int], list[tuple[PlanKind, int]]] = {}
    for part_kind, part_line, whole_kind, whole_line in framework.aggregation:
        targets.setdefault((part_kind, part_line), []).append((whole_kind, whole_line))
    table = _AggregationTable(
        part_kinds=tuple(dict.fromkeys(k for k, _ in targets)),
        targets={k: tuple(v) for k, v in targets.items()},
    )
    if len(_TABLES) >= CACHE_LIMIT:
        _TABLES.clear()
    _TABLES[id(framework)] = (framework, table)
    return table


class _Deltas:
    """The change of each summed Gesamtplan line: new minus old Teilplan cells, by position.

    A Gesamtplan cell that was empty stays empty unless a changed Teilplan cell has a
    value; a cell that had a value moves by the difference. Where a Teilplan cell went
    from a value to empty, or a line with an empty cell came or went, the Gesamtplan cell
    might become empty or zero depending on the other Teilpläne; where a line's columns
    differ from the Gesamtplan line's, position means nothing. Then :meth:`add` answers
    False and the caller recomputes everything.
    """

    def __init__(self, gesamt: dict[tuple[PlanKind, int], PlanLine]) -> None:
        self._gesamt = gesamt
        self._sums: dict[tuple[PlanKind, int], list[Decimal | None]] = {}

    def add(
        self,
        old_lines: tuple[PlanLine, ...],
        new_lines: tuple[PlanLine, ...],
        kind: PlanKind,
        table: _AggregationTable,
        wanted: frozenset[tuple[PlanKind, int]],
    ) -> bool:
        old = {ln.number: ln for ln in old_lines if ln.plan is kind}
        new = {ln.number: ln for ln in new_lines if ln.plan is kind}
        if len(old) != sum(ln.plan is kind for ln in old_lines) or len(new) != sum(
            ln.plan is kind for ln in new_lines
        ):
            return False  # a line printed twice counts twice in the sum: recompute all
        for number in dict.fromkeys([*old, *new]):
            o, n = old.get(number), new.get(number)
            if o is n:
                continue
            for key in table.targets.get((kind, number), ()):
                if key in wanted and not self._add(key, o, n):
                    return False
        return True

    def _add(self, key: tuple[PlanKind, int], old: PlanLine | None, new: PlanLine | None) -> bool:
        target = self._gesamt.get(key)
        if target is None:
            return False  # the line is not printed yet: recompute creates it from all parts
        columns = target.columns
        if any(ln is not None and ln.columns != columns for ln in (old, new)):
            return False
        only = new if old is None else old if new is None else None
        if only is not None and None in only.values:
            # A line with an empty cell comes or goes: whether the Gesamtplan cell is
            # empty or zero depends on the other Teilpläne (no part at all sums to zero).
            return False
        sums = self._sums.setdefault(key, list(target.values))
        width = len(columns)
        old_values = old.values if old is not None else (None,) * width
        new_values = new.values if new is not None else (None,) * width
        for i in range(width):
            o, n = old_values[i], new_values[i]
            if o is None and n is None:
                continue
            if n is None:
                return False  # the Gesamtplan cell may become empty: needs every part
            total = sums[i]
            base = _ZERO if total is None else total
            sums[i] = base + n if o is None else base + n - o
        return True

    def lines(self) -> list[PlanLine]:
        """The summed Gesamtplan lines that moved."""
        found = []
        for key, values in self._sums.items():
            target = self._gesamt[key]
            if not _same(target.values, values):
                found.append(attrs.evolve(target, values=tuple(values)))
        return found


_ZERO: Final = Decimal(0)


def _with_lines(unit: _U, lines: tuple[PlanLine, ...]) -> _U:
    return unit if lines is unit.lines else attrs.evolve(unit, lines=lines)


# ----------------------------------------------------------------------------- sum lines


def _recompute_lines(
    lines: tuple[PlanLine, ...],
    framework: Framework,
    *,
    part: bool,
    old: tuple[PlanLine, ...] | None = None,
) -> tuple[PlanLine, ...]:
    """The sum and balance lines of ``lines`` recomputed (Teilplan or Gesamtplan ones).

    With ``old``, the lines before a change whose sums added up, only the sums that use
    a changed line (directly or through another sum) are recomputed.
    """
    result = lines
    for schema in framework.schemas:
        if schema.plan.is_part is part:
            dirty = None if old is None else _changed_numbers(old, lines, schema.plan)
            if dirty is None or dirty:
                result = _recompute_kind(result, schema, dirty)
    return result


def _changed_numbers(
    old: tuple[PlanLine, ...], new: tuple[PlanLine, ...], kind: PlanKind
) -> set[int]:
    """The numbers of the lines of ``kind`` that differ between ``old`` and ``new``."""
    before = {ln.number: ln for ln in old if ln.plan is kind}
    changed = set()
    for line in new:
        if line.plan is kind and before.pop(line.number, None) is not line:
            changed.add(line.number)
    changed.update(before)  # removed
    return changed


_FORMULAS: dict[int, tuple[LineSchema, tuple[tuple[LineDef, frozenset[int]], ...]]] = {}


def _formulas(schema: LineSchema) -> tuple[tuple[LineDef, frozenset[int]], ...]:
    """The schema's sum lines in computing order, each with the set of lines it uses."""
    hit = _FORMULAS.get(id(schema))
    if hit is not None and hit[0] is schema:
        return hit[1]
    found = tuple((d, frozenset(t.line for t in d.formula)) for d in schema.computed())
    if len(_FORMULAS) >= CACHE_LIMIT:
        _FORMULAS.clear()
    _FORMULAS[id(schema)] = (schema, found)
    return found


def orphans_zeroed(
    lines: tuple[PlanLine, ...], framework: Framework | None, kind: PlanKind, removed: int
) -> tuple[PlanLine, ...]:
    """``lines`` after line ``removed`` of ``kind`` went: sums left with no line under them are 0.

    A sum line that had the removed line in its formula and has no line of its formula
    left falls to zero (every cell 0); the sums above it keep their operands and follow by
    recompute.

    Args:
        lines: The lines of a unit (or of the Gesamtplan), without the removed line.
        framework: The plan's framework catalog (None: nothing is zeroed).
        kind: The plan kind of the removed line.
        removed: Its number.

    Returns:
        The lines, the orphaned sum lines zeroed.
    """
    schema = framework.schema(kind) if framework is not None else None
    if schema is None:
        return lines
    present = {ln.number for ln in lines if ln.plan is kind}
    result = lines
    for definition in schema.computed():
        if definition.number not in present:
            continue
        formula = {t.line for t in definition.formula}
        if removed in formula and not formula & present:
            current = next(
                ln for ln in result if ln.plan is kind and ln.number == definition.number
            )
            zeroed = _zeroed(current)
            if zeroed is not current:
                result = put_line(result, zeroed)
    return result


def _recompute_kind(
    lines: tuple[PlanLine, ...], schema: LineSchema, dirty: set[int] | None = None
) -> tuple[PlanLine, ...]:
    """Recompute the sum lines of ``schema``; with ``dirty``, only those that use them."""
    kind = schema.plan
    present: dict[int, PlanLine] = {}
    for line in lines:
        if line.plan is kind:
            present.setdefault(line.number, line)
    if not present:
        return lines
    updated: list[PlanLine] = []
    for definition, uses in _formulas(schema):
        if dirty is not None and definition.number not in dirty and dirty.isdisjoint(uses):
            continue
        operands = [(t.sign, present.get(t.line)) for t in definition.formula]
        current = present.get(definition.number)
        if any(ln is not None for _, ln in operands):
            line = sum_line(kind, definition.number, operands, current)
        else:
            continue
        if line is not current:
            present[definition.number] = line
            updated.append(line)
            if dirty is not None:
                dirty.add(definition.number)
    result = lines
    for line in updated:
        result = put_line(result, line)
    return result


def _columns(current: PlanLine | None, operands: Iterable[PlanLine]) -> tuple[Column, ...]:
    """The ordered union of the operands' columns, in the current line's order if it has them."""
    order: dict[Column, None] = {}
    for line in operands:
        order.update(dict.fromkeys(line.columns))
    if current is None:
        return tuple(order)
    if len(current.columns) == len(order) and all(c in order for c in current.columns):
        return current.columns
    columns = tuple(c for c in current.columns if c in order)
    for c in order:
        if c not in columns:
            i = insert_column(columns, c)
            columns = (*columns[:i], c, *columns[i:])
    return columns


def sum_line(
    kind: PlanKind, number: int, operands: Sequence[_Operand], current: PlanLine | None
) -> PlanLine:
    """The line ``number`` as the signed sum of ``operands``; ``current`` if it is equal.

    Args:
        kind: The plan kind of the line.
        number: The line number.
        operands: ``(sign, line)`` per term; a None line is missing (zero).
        current: The line as printed, or None.

    Returns:
        The computed line; where every operand's cell is empty, the cell is empty too.
    """
    used = [(sign, ln) for sign, ln in operands if ln is not None]
    layout = used[0][1].columns if used else ()
    if all(ln.columns is layout or ln.columns == layout for _, ln in used) and (
        current is None or current.columns is layout or current.columns == layout
    ):
        # The usual case: one column layout for all lines; add up by position.
        columns = layout
        rows = [(sign, ln.values) for sign, ln in used]
        values = [_cell(rows, i) for i in range(len(layout))]
    else:
        columns = _columns(current, (ln for _, ln in used))
        maps = [(sign, dict(zip(ln.columns, ln.values, strict=True))) for sign, ln in used]
        values = [_cell([(sign, (cells.get(c),)) for sign, cells in maps], 0) for c in columns]
    if current is not None and current.columns == columns and _same(current.values, values):
        return current
    return PlanLine(plan=kind, number=number, columns=columns, values=tuple(values))


def _cell(rows: Sequence[tuple[int, Sequence[Decimal | None]]], i: int) -> Decimal | None:
    """The signed sum of the cells ``i`` of ``rows``; empty where every cell is empty."""
    total: Decimal | None = None
    for sign, values in rows:
        v = values[i]
        if v is None:
            continue
        base = Decimal(0) if total is None else total
        total = base + v if sign > 0 else base - v
    return total


def _same(a: Sequence[Decimal | None], b: Sequence[Decimal | None]) -> bool:
    return len(a) == len(b) and all(
        (x is None and y is None) or (x is not None and y is not None and x == y)
        for x, y in zip(a, b, strict=True)
    )


def _zeroed(line: PlanLine) -> PlanLine:
    """The line with every cell zero: nothing is left under it (a missing line is zero)."""
    if all(v is not None and v == 0 for v in line.values):
        return line
    return attrs.evolve(line, values=(Decimal(0),) * len(line.values))


# ----------------------------------------------------------------------------- Gesamtplan


def part_units(plan: BudgetPlan, kind: PlanKind) -> list[BudgetUnit]:
    """The units whose Teilplan of ``kind`` counts for the Gesamtplan, as a list.

    See :meth:`nkf.model.BudgetPlan.part_units`.
    """
    return list(plan.part_units(kind))


def aggregation_sources(
    plan: BudgetPlan, framework: Framework
) -> dict[tuple[PlanKind, int], list[PlanLine]]:
    """The printed Teilplan lines each aggregated Gesamtplan line sums, per target.

    A Gesamtplan line with no entry here is summed from nothing: recompute zeroes it where
    the plan prints it and does not create it where the plan does not.
    """
    table = _aggregation_table(framework)
    targets = table.targets
    found: dict[tuple[PlanKind, int], list[PlanLine]] = {}
    for part_kind in table.part_kinds:
        for unit in part_units(plan, part_kind):
            for line in unit.lines:
                if line.plan is part_kind:
                    for key in targets.get((part_kind, line.number), ()):
                        found.setdefault(key, []).append(line)
    return found


def aggregated_keys(plan: BudgetPlan, framework: Framework) -> frozenset[tuple[PlanKind, int]]:
    """The Gesamtplan lines that recompute sums from the Teilpläne.

    Every entry line the aggregation maps to, of a Gesamtplan the plan prints, once some
    unit has lines of a Teilplan that maps to it (sum lines follow their formula instead).
    """
    kinds = {ln.plan for ln in plan.lines}
    parts = {part for part, _, whole, _ in framework.aggregation if whole in kinds}
    printed = {
        part for part in parts if any(ln.plan is part for unit in plan.units() for ln in unit.lines)
    }
    active = frozenset(whole for part, _, whole, _ in framework.aggregation if part in printed)
    return _aggregated_lines(framework, active)


_AGGREGATED: dict[
    tuple[int, frozenset[PlanKind]], tuple[Framework, frozenset[tuple[PlanKind, int]]]
] = {}


def _aggregated_lines(
    framework: Framework, active: frozenset[PlanKind]
) -> frozenset[tuple[PlanKind, int]]:
    """The entry lines of the Gesamtpläne ``active`` that the aggregation maps to (cached)."""
    hit = _AGGREGATED.get((id(framework), active))
    if hit is not None and hit[0] is framework:
        return hit[1]
    keys = frozenset(
        (whole, number)
        for _, _, whole, number in framework.aggregation
        if whole in active and not is_computed(framework, whole, number)
    )
    if len(_AGGREGATED) >= CACHE_LIMIT:
        _AGGREGATED.clear()
    _AGGREGATED[id(framework), active] = (framework, keys)
    return keys


def derived_gesamt_line(
    plan: BudgetPlan, framework: Framework, kind: PlanKind, number: int
) -> bool:
    """True if recompute derives the Gesamtplan line: a sum line or one summed from Teilpläne."""
    return is_computed(framework, kind, number) or (kind, number) in aggregated_keys(
        plan, framework
    )


def _aggregate(plan: BudgetPlan, framework: Framework) -> tuple[PlanLine, ...]:
    lines = plan.lines
    wanted = aggregated_keys(plan, framework)
    if not wanted:
        return lines
    sources = aggregation_sources(plan, framework)
    present: dict[tuple[PlanKind, int], PlanLine] = {}
    for line in lines:
        present.setdefault(line.key, line)
    result = lines
    for key in sorted(wanted, key=lambda k: (list(PlanKind).index(k[0]), k[1])):
        current = present.get(key)
        parts = sources.get(key)
        if parts:
            line = sum_line(key[0], key[1], [(1, p) for p in parts], current)
        elif current is not None:
            line = _zeroed(current)  # no Teilplan has the line: it sums to zero
        else:
            continue
        if line is not current:
            result = put_line(result, line)
    return result


# ----------------------------------------------------------------------------- statute


def statute_total(
    plan: BudgetPlan, framework: Framework, attribute: str, year: int
) -> Decimal | None:
    """The § 1 total ``attribute`` of the statute of ``year`` as the plan's lines give it.

    Args:
        plan: The Haushaltsplan.
        framework: Its framework catalog.
        attribute: One of the attributes of :data:`STATUTE_TOTALS`.
        year: The statute's year; its Ansatz column is read.

    Returns:
        The sum of the Gesamtplan lines with the total's roles, or None if the plan prints
        none of them with a value in that column.
    """
    return _total({ln.key: ln for ln in reversed(plan.lines)}, framework, attribute, year)


def _total(
    lines: dict[tuple[PlanKind, int], PlanLine], framework: Framework, attribute: str, year: int
) -> Decimal | None:
    """:func:`statute_total` over the Gesamtplan lines by key (the first of a key counts)."""
    roles = dict(STATUTE_TOTALS)[attribute]
    column = Column(year=year, kind=ValueKind.ANSATZ)
    values = [
        line.value(column)
        for role in roles
        for kind, number in framework.lines_for(role)
        if not kind.is_part and (line := lines.get((kind, number))) is not None
    ]
    if all(v is None for v in values):
        return None
    return sum((v for v in values if v is not None), Decimal(0))


def _statute(plan: BudgetPlan, framework: Framework, statute: BudgetStatute) -> BudgetStatute:
    changes: dict[str, Any] = {}
    lines = {ln.key: ln for ln in reversed(plan.lines)}
    for attribute, _ in STATUTE_TOTALS:
        current: Decimal | None = getattr(statute, attribute)
        if current is None:
            continue
        total = _total(lines, framework, attribute, statute.year)
        if total is not None and total != current:
            changes[attribute] = total
    return attrs.evolve(statute, **changes) if changes else statute
