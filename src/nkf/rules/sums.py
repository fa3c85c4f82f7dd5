"""Sum rules (Summen und Salden): sum lines, Teilpläne → Gesamtplan, Satzung (NKF-E2xx).

Every check compares a printed figure with the figures it is computed from, as printed:
a sum is never recomputed from recomputed sums, so one wrong figure yields exactly the
findings of the sum lines (or statute totals) that use it directly. Differences up to
``ctx.tolerance`` (1 € by default) count as rounding.
"""

from __future__ import annotations

from decimal import Decimal
from functools import partial
from itertools import repeat
from operator import add, attrgetter, gt, is_, is_not, mul, sub
from typing import TYPE_CHECKING, Final, TypeAlias, TypeGuard, cast

from nkf.frameworks import LineRole
from nkf.model import BudgetPlan, BudgetUnit, Column, PlanKind, PlanLine, ValueKind
from nkf.paths import line_path, statute_path
from nkf.rules._common import (
    Rule,
    RuleContext,
    columns_of,
    containers,
    describe_formula,
    diagnostic,
    eur,
    first_lines,
    is_finite,
    line_label,
    line_no,
    plan_label,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from nkf.diagnostics import Diagnostic
    from nkf.frameworks import LineDef, LineSchema

__all__ = [
    "RULES",
    "check_part_plans_add_up",
    "check_statute_totals",
    "check_sum_lines",
]


def _total(values: Sequence[tuple[int, Decimal | None]]) -> Decimal:
    return sum((sign * (v if v is not None else Decimal(0)) for sign, v in values), Decimal(0))


Cells: TypeAlias = tuple[Decimal | None, ...]

_COLUMNS: Final = attrgetter("columns")
_PRESENT: Final = cast("Callable[[Decimal | None], TypeGuard[Decimal]]", partial(is_not, None))
"""``v is not None``, as a filter that tells mypy what is left."""
_ABSENT: Final = partial(is_, None)


_Row: TypeAlias = tuple[Cells, bool, bool, tuple[Decimal, ...]]
"""What the sum checks need to know of one values tuple: the values; whether every cell
is empty or a finite number (a :class:`Decimal`); whether no cell holds a figure other
than 0; the values with every empty cell as ``Decimal(0)``. A plain tuple of untracked
values, which the garbage collector stops tracking, so that a large plan's entries do
not set off full collections.
"""


class _Table:
    """The cells of a plan's lines column by column, for one run of a rule.

    Lines of one layout share their columns tuple, and equal lines often one values
    tuple: what follows from a tuple is worked out once and kept with the tuple, so that
    its ``id`` names it while the entry lives (an entry is used only for that very tuple).
    """

    def __init__(self) -> None:
        self._orders: dict[
            tuple[int, ...],
            tuple[
                tuple[tuple[Column, ...], ...], list[Column], list[tuple[int | None, ...] | None]
            ],
        ] = {}
        self._in_order: dict[int, tuple[tuple[Column, ...], bool]] = {}
        self._rows: dict[int, _Row] = {}
        self._empty: dict[int, Cells] = {}

    def empty(self, width: int) -> Cells:
        """A row of ``width`` empty cells (one object per width)."""
        return self._empty.setdefault(width, (None,) * width)

    def in_order(self, layout: tuple[Column, ...]) -> bool:
        """True if ``layout`` is :func:`columns_of` its lines: each column once, in order."""
        entry = self._in_order.get(id(layout))
        if entry is None or entry[0] is not layout:
            entry = (layout, list(layout) == sorted(set(layout)))
            self._in_order[id(layout)] = entry
        return entry[1]

    def rows(self, lines: Sequence[PlanLine]) -> tuple[list[Column], list[Cells]]:
        """:func:`columns_of` the lines, and each line's ``value`` in those columns."""
        # The layouts of the lines, each once, by id: an entry keeps its layouts alive, so
        # an id of a layout of these (live) lines in a key is that very layout.
        key = tuple(dict.fromkeys(map(id, map(_COLUMNS, lines))))
        entry = self._orders.get(key)
        if entry is None:
            layouts = tuple({id(line.columns): line.columns for line in lines}.values())
            columns = columns_of(*lines)
            moves: list[tuple[int | None, ...] | None] = []
            for layout in layouts:
                first: dict[Column, int] = {}
                for i, column in enumerate(layout):
                    first.setdefault(column, i)
                places = tuple(first.get(column) for column in columns)
                moves.append(None if places == tuple(range(len(layout))) else places)
            entry = (layouts, columns, moves)
            self._orders[key] = entry
        _, columns, moves = entry
        place = dict(zip(key, moves, strict=True))
        rows: list[Cells] = []
        for line in lines:
            move = place[id(line.columns)]
            values = line.values
            rows.append(values if move is None else tuple(_cell(values, i) for i in move))
        return columns, rows

    def row(self, values: Cells) -> _Row:
        """What the checks need to know of ``values``."""
        entry = self._rows.get(id(values))
        if entry is None or entry[0] is not values:
            try:
                finite = all(map(Decimal.is_finite, filter(_PRESENT, values)))
            except TypeError:  # not a Decimal: checked cell by cell, as is_finite does
                finite = False
            zeroed = (
                tuple(Decimal(0) if v is None else v for v in values)
                if not all(map(_PRESENT, values))  # not `None in values`: no == on Decimals
                else cast("tuple[Decimal, ...]", values)
            )
            entry = (values, finite, finite and not any(values), zeroed)
            self._rows[id(values)] = entry
        return entry


def _cell(values: Cells, i: int | None) -> Decimal | None:
    return values[i] if i is not None else None


def _sums(
    table: _Table,
    printed: PlanLine,
    signs: Sequence[int],
    operands: Sequence[PlanLine | None],
    tolerance: Decimal,
) -> Iterator[tuple[Column, Decimal | None, Decimal, Decimal]]:
    """The columns in which ``printed`` is not the sum of ``operands`` times ``signs``.

    Yields ``(column, shown, expected, actual)`` in column order for every column of the
    lines in which the printed line or an operand has a cell, every cell is finite, and
    the printed figure (``actual``, 0 if empty) and the sum (``expected``, computed as
    :func:`_total` computes it) differ by more than ``tolerance``.
    """
    if _agree(table, printed, signs, operands, tolerance):
        return
    lines = [printed, *(line for line in operands if line is not None)]
    columns, rows = table.rows(lines)
    empty = table.empty(len(columns))
    found = iter(rows[1:])
    operand_rows = [next(found) if line is not None else empty for line in operands]
    plain = all(table.row(row)[1] for row in rows)
    cells = zip(rows[0], *operand_rows, strict=True)
    zeroed = (
        zip(*(table.row(row)[3] for row in operand_rows), strict=True)
        if operand_rows
        else repeat((), len(columns))
    )
    for column, cell, terms in zip(columns, cells, zeroed, strict=True):
        shown = cell[0]
        if shown is None and all(v is None for v in cell):
            continue
        if not plain and (not is_finite(shown) or not all(is_finite(v) for v in cell[1:])):
            continue  # reported by NKF-E118
        expected = sum(map(mul, signs, terms), Decimal(0))
        actual = shown if shown is not None else Decimal(0)
        if abs(actual - expected) > tolerance:
            yield column, shown, expected, actual


def _agree(
    table: _Table,
    printed: PlanLine,
    signs: Sequence[int],
    operands: Sequence[PlanLine | None],
    tolerance: Decimal,
) -> bool:
    """True if the lines have one layout, finite cells, and no column differs.

    Row by row over all columns at once, leaving out the rows without a figure: adding
    ±0 leaves the value of a sum as it is, and the value is all that is compared or
    written. False where that cannot tell: the columns are then checked one by one.
    """
    layout = printed.columns
    _, finite, _, shown = table.row(printed.values)
    if not finite or not table.in_order(layout):
        return False
    sums: list[Decimal] | None = None
    for sign, line in zip(signs, operands, strict=True):
        if line is None:
            continue
        if line.columns is not layout:
            return False
        _, finite, blank, zeroed = table.row(line.values)
        if not finite:
            return False
        if blank:
            continue
        # Decimal(sign) * v is sign * v: the int converts exactly, once per row.
        terms = map(mul, repeat(Decimal(sign)), zeroed)
        sums = list(terms) if sums is None else list(map(add, sums, terms))
    differences = map(abs, shown if sums is None else map(sub, shown, sums))
    return not any(map(gt, differences, repeat(tolerance)))


_Formula: TypeAlias = tuple["LineDef", tuple[int, ...], tuple[int, ...]]
"""A sum line: its definition, the numbers of the lines it sums and their signs."""

_COMPUTED: dict[int, tuple[LineSchema, tuple[_Formula, ...]]] = {}


def _computed(schema: LineSchema) -> tuple[_Formula, ...]:
    """``schema.computed()`` with their terms, once per schema (schemas are immutable)."""
    hit = _COMPUTED.get(id(schema))
    if hit is None or hit[0] is not schema:
        if len(_COMPUTED) >= _CACHE_LIMIT:
            _COMPUTED.clear()
        formulas = tuple(
            (d, tuple(t.line for t in d.formula), tuple(t.sign for t in d.formula))
            for d in schema.computed()
        )
        hit = (schema, formulas)
        _COMPUTED[id(schema)] = hit
    return hit[1]


_CACHE_LIMIT: Final = 64
"""Schemas whose sum lines are kept at a time (those of a few frameworks)."""


def check_sum_lines(plan: BudgetPlan, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Each printed sum and balance line equals its formula in every column (NKF-E201).

    A line missing from a plan counts as 0, but a sum line is only checked when it is
    printed and at least one line of its formula is printed in the same plan. An empty
    cell counts as 0; a column in which the sum line and every line of its formula are
    empty is skipped. Operands are the printed figures, never recomputed sums.
    """
    framework = ctx.framework
    if framework is None:
        return
    table = _Table()
    for unit, lines in containers(plan):
        for kind, present in first_lines(lines).items():
            schema = framework.schema(kind)
            if schema is None:
                continue
            for definition, numbers, signs in _computed(schema):
                printed = present.get(definition.number)
                if printed is None:
                    continue
                operands = list(map(present.get, numbers))
                if all(map(_ABSENT, operands)):
                    continue
                for column, shown, expected, actual in _sums(
                    table, printed, signs, operands, ctx.tolerance
                ):
                    yield diagnostic(
                        "NKF-E201",
                        f"{plan_label(kind, unit)}, "
                        f"{line_label(framework, kind, definition.number)}, {column}: "
                        f"ausgewiesen {_shown(shown)}, "
                        f"{describe_formula(definition.formula)} ergibt {eur(expected)} "
                        f"(Differenz {eur(actual - expected)}).",
                        line_path(kind, definition.number, unit=unit),
                    )


def _shown(value: Decimal | None) -> str:
    return eur(value) if value is not None else "nichts (leer)"


def _plural(kind: PlanKind) -> str:
    """``Teilergebnisplan`` → ``Teilergebnispläne``."""
    label = kind.label
    return label[:-4] + "pläne" if label.endswith("plan") else label


def check_part_plans_add_up(plan: BudgetPlan, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The Gesamtplan equals the sum of the Teilpläne (Σ Teilpläne = Gesamtplan, NKF-E202).

    Uses the framework's aggregation map (Teilergebnisplan lines 01–26 → Ergebnisplan,
    Teilfinanzplan k → Finanzplan k + 17); the internal service relations (Teilergebnisplan
    27/28) are never summed (domain.md § 2.3). Checked only when the plan prints lines of
    that Gesamtplan and at least one unit has lines of the Teilplan; each printed
    Gesamtplan line of the map is compared with the sum in every column.
    """
    framework = ctx.framework
    if framework is None:
        return
    totals = first_lines(plan.lines)
    pairs: dict[tuple[PlanKind, PlanKind], dict[int, list[int]]] = {}
    for part_kind, part_line, whole_kind, whole_line in framework.aggregation:
        pairs.setdefault((part_kind, whole_kind), {}).setdefault(whole_line, []).append(part_line)
    table = _Table()
    indexed: dict[int, tuple[BudgetUnit, dict[PlanKind, dict[int, PlanLine]]]] = {}
    for (part_kind, whole_kind), mapping in pairs.items():
        whole = totals.get(whole_kind)
        units = list(plan.part_units(part_kind))
        if not whole or not units:
            continue
        # Each unit's first line of a number, as unit.line finds it.
        own = [_lines_of(unit, indexed).get(part_kind, {}) for unit in units]
        for whole_line, part_lines in mapping.items():
            printed = whole.get(whole_line)
            if printed is None:
                continue
            parts = [
                line
                for lines in own
                for number in part_lines
                if (line := lines.get(number)) is not None
            ]
            ones = (1,) * len(parts)
            for column, shown, expected, actual in _sums(
                table, printed, ones, parts, ctx.tolerance
            ):
                numbers = ", ".join(line_no(n) for n in part_lines)
                yield diagnostic(
                    "NKF-E202",
                    f"{whole_kind.label}, {line_label(framework, whole_kind, whole_line)}, "
                    f"{column}: ausgewiesen {_shown(shown)}, die Summe der Zeile {numbers} "
                    f"aller {len(units)} {_plural(part_kind)} ergibt {eur(expected)} "
                    f"(Differenz {eur(actual - expected)}).",
                    line_path(whole_kind, whole_line),
                )


def _lines_of(
    unit: BudgetUnit, indexed: dict[int, tuple[BudgetUnit, dict[PlanKind, dict[int, PlanLine]]]]
) -> dict[PlanKind, dict[int, PlanLine]]:
    """:func:`first_lines` of ``unit``, worked out once per run (the plan keeps the unit)."""
    entry = indexed.get(id(unit))
    if entry is None or entry[0] is not unit:
        entry = (unit, first_lines(unit.lines))
        indexed[id(unit)] = entry
    return entry[1]


_IN_RESULT: Final = (
    LineRole.ORDINARY_INCOME,
    LineRole.FINANCIAL_INCOME,
    LineRole.EXTRAORDINARY_INCOME,
)
_OUT_RESULT: Final = (
    LineRole.ORDINARY_EXPENSES,
    LineRole.FINANCIAL_EXPENSES,
    LineRole.EXTRAORDINARY_EXPENSES,
)

# (statute attribute, wording, roles, code) — § 78 Abs. 2 Nr. 1 GO NRW: the Haushaltssatzung
# fixes the Ergebnisplan's total Erträge and Aufwendungen and the Finanzplan's totals of
# Ein- und Auszahlungen from laufender Verwaltungs-, Investitions- and Finanzierungstätigkeit.
_STATUTE_TOTALS: Final[tuple[tuple[str, str, tuple[LineRole, ...], str], ...]] = (
    ("total_income", "Gesamtbetrag der Erträge", _IN_RESULT, "NKF-E203"),
    ("total_expenses", "Gesamtbetrag der Aufwendungen", _OUT_RESULT, "NKF-E204"),
    (
        "operating_receipts",
        "Einzahlungen aus laufender Verwaltungstätigkeit",
        (LineRole.OPERATING_RECEIPTS,),
        "NKF-E205",
    ),
    (
        "operating_payments",
        "Auszahlungen aus laufender Verwaltungstätigkeit",
        (LineRole.OPERATING_PAYMENTS,),
        "NKF-E205",
    ),
    (
        "investment_receipts",
        "Einzahlungen aus Investitionstätigkeit",
        (LineRole.INVESTMENT_RECEIPTS,),
        "NKF-E205",
    ),
    (
        "investment_payments",
        "Auszahlungen aus Investitionstätigkeit",
        (LineRole.INVESTMENT_PAYMENTS,),
        "NKF-E205",
    ),
    (
        "financing_receipts",
        "Einzahlungen aus Finanzierungstätigkeit",
        (LineRole.FINANCING_RECEIPTS,),
        "NKF-E205",
    ),
    (
        "financing_payments",
        "Auszahlungen aus Finanzierungstätigkeit",
        (LineRole.FINANCING_PAYMENTS,),
        "NKF-E205",
    ),
)


def check_statute_totals(plan: BudgetPlan, ctx: RuleContext) -> Iterator[Diagnostic]:
    """The totals of the Haushaltssatzung (§ 1) match the plan (NKF-E203 … NKF-E205).

    Erträge are the ordinary, financial and extraordinary income lines of the
    Ergebnisplan, Aufwendungen the expense lines, both before the globaler Minderaufwand;
    the Finanzplan totals are the lines with the matching roles. Compared in the Ansatz
    column of the statute's year; only totals the statute gives and the plan has lines for.
    """
    framework = ctx.framework
    if framework is None:
        return
    for statute in plan.statutes:
        column = Column(year=statute.year, kind=ValueKind.ANSATZ)
        for attribute, wording, roles, code in _STATUTE_TOTALS:
            stated: Decimal | None = getattr(statute, attribute)
            if stated is None or not stated.is_finite():
                continue
            keys = [
                (kind, number)
                for role in roles
                for kind, number in framework.lines_for(role)
                if not kind.is_part
            ]
            printed = [line for kind, number in keys if (line := plan.line(kind, number))]
            values = [line.value(column) for line in printed]
            if all(v is None for v in values) or not all(is_finite(v) for v in values):
                continue
            expected = _total([(1, v) for v in values])
            if abs(stated - expected) > ctx.tolerance:
                numbers = " + ".join(f"Zeile {line_no(n)}" for _, n in keys)
                yield diagnostic(
                    code,
                    f"Haushaltssatzung {statute.year}, § 1: {wording} {eur(stated)}; der "
                    f"{keys[0][0].label} ergibt für {column} {eur(expected)} ({numbers}; "
                    f"Differenz {eur(stated - expected)}).",
                    statute_path(statute.year),
                )


RULES: Final[tuple[Rule, ...]] = (
    check_sum_lines,
    check_part_plans_add_up,
    check_statute_totals,
)
"""The sum rules, in the order they run."""
