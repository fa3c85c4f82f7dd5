"""Plan lines (Zeilen) of the Ergebnis- and Finanzplan and their Teilpläne.

A line is keyed by ``(plan kind, line number)`` of the framework's line schema and holds
one value per column. A column is ``(year, value kind)``. The values of a line are one
tuple of :class:`~decimal.Decimal` (``None`` for an empty cell, printed "--" in some plans);
the column headers are one shared tuple per layout, so a plan of a thousand products does
not allocate an object per cell.

>>> from decimal import Decimal
>>> cols = (Column(year=2021, kind=ValueKind.ANSATZ), Column(year=2022, kind=ValueKind.PLANUNG))
>>> line = PlanLine(plan=PlanKind.TEILERGEBNISPLAN, number=13, columns=cols,
...                 values=(Decimal(12000), Decimal(12500)))
>>> line.value(Column(year=2022, kind=ValueKind.PLANUNG))
Decimal('12500')
>>> str(cols[0])
'Ansatz 2021'
"""

from __future__ import annotations

import enum
from decimal import Decimal

import attrs

__all__ = ["Column", "PlanKind", "PlanLine", "ValueKind", "standard_columns"]


class PlanKind(enum.Enum):
    """The four plans of the KomHVO NRW whose lines nkf models (Planart).

    The same line number means different things in different plans (the GMA is line 27
    of the Ergebnisplan but line 30 of an Ostbevern Teilergebnisplan), so a line is
    always keyed by plan kind and number (domain.md § 2.3).
    """

    ERGEBNISPLAN = "ergebnisplan"
    TEILERGEBNISPLAN = "teilergebnisplan"
    FINANZPLAN = "finanzplan"
    TEILFINANZPLAN = "teilfinanzplan"

    # Members are singletons compared by identity; hashing by identity is the same
    # contract and keeps the C hash instead of Enum's Python ``__hash__`` (line keys are
    # hashed millions of times when a large plan is checked or recomputed).
    __hash__ = object.__hash__

    @property
    def is_part(self) -> bool:
        """True for a Teilplan (of a product, group or area)."""
        return self in (PlanKind.TEILERGEBNISPLAN, PlanKind.TEILFINANZPLAN)

    @property
    def is_result(self) -> bool:
        """True for Ergebnisplan and Teilergebnisplan (Erträge/Aufwendungen)."""
        return self in (PlanKind.ERGEBNISPLAN, PlanKind.TEILERGEBNISPLAN)

    @property
    def label(self) -> str:
        """The German name (Ergebnisplan, Teilergebnisplan, ...)."""
        return self.value.capitalize()


class ValueKind(enum.Enum):
    """What a column holds (Wertart): actual, budget, forecast or commitment appropriation.

    Ergebnis is the Rechnungsergebnis of a past year, Ansatz the budget of the budget
    year(s) and the year before, Planung the three years of the mittelfristige Planung,
    VE the Verpflichtungsermächtigung of the Finanzplan (domain.md § 2.6).
    """

    ERGEBNIS = "ergebnis"
    ANSATZ = "ansatz"
    PLANUNG = "planung"
    VE = "ve"

    __hash__ = object.__hash__  # identity, as for PlanKind

    @property
    def label(self) -> str:
        """The German column heading word."""
        return {"ergebnis": "Ergebnis", "ansatz": "Ansatz", "planung": "Planung", "ve": "VE"}[
            self.value
        ]


_KIND_RANK = {ValueKind.ERGEBNIS: 0, ValueKind.ANSATZ: 1, ValueKind.VE: 2, ValueKind.PLANUNG: 3}


@attrs.frozen(kw_only=True, order=True, cache_hash=True)
class Column:
    """A column of a plan (Spalte): a year and a value kind, e.g. "Ansatz 2021"."""

    year: int
    kind: ValueKind = attrs.field(order=lambda k: _KIND_RANK[k])

    def __str__(self) -> str:
        """Render as the German heading, e.g. ``Ansatz 2021``."""
        return f"{self.kind.label} {self.year}"


def standard_columns(budget_years: tuple[int, ...], *, finance: bool = False) -> tuple[Column, ...]:
    """The usual columns of a plan for the given budget year(s) (domain.md § 2.6).

    Ergebnis HJ−2, Ansatz HJ−1, Ansatz of each budget year, (VE of each budget year in the
    Finanzplan), Planung for the three following years.

    >>> [str(c) for c in standard_columns((2021,))]
    ['Ergebnis 2019', 'Ansatz 2020', 'Ansatz 2021', 'Planung 2022', 'Planung 2023', 'Planung 2024']
    >>> [str(c) for c in standard_columns((2026, 2027), finance=True)][2:6]
    ['Ansatz 2026', 'Ansatz 2027', 'VE 2026', 'VE 2027']
    """
    first, last = budget_years[0], budget_years[-1]
    cols = [
        Column(year=first - 2, kind=ValueKind.ERGEBNIS),
        Column(year=first - 1, kind=ValueKind.ANSATZ),
    ]
    cols += [Column(year=y, kind=ValueKind.ANSATZ) for y in budget_years]
    if finance:
        cols += [Column(year=y, kind=ValueKind.VE) for y in budget_years]
    cols += [Column(year=last + i, kind=ValueKind.PLANUNG) for i in (1, 2, 3)]
    return tuple(cols)


def _check_width(instance: PlanLine, _attribute: attrs.Attribute[object], value: object) -> None:
    if not isinstance(value, tuple) or len(value) != len(instance.columns):
        msg = (
            f"Zeile {instance.number}: {len(value) if isinstance(value, tuple) else '?'} Werte "
            f"für {len(instance.columns)} Spalten"
        )
        raise ValueError(msg)


@attrs.frozen(kw_only=True)
class PlanLine:
    """A line (Zeile) of a plan with one value per column.

    ``values[i]`` belongs to ``columns[i]``; ``None`` is an empty cell. A line that is not
    in a plan at all counts as zero (Teilpläne omit zero lines, domain.md § 2.3).
    """

    plan: PlanKind
    number: int
    columns: tuple[Column, ...]
    values: tuple[Decimal | None, ...] = attrs.field(validator=_check_width)

    @property
    def key(self) -> tuple[PlanKind, int]:
        """The stable key of the line: ``(plan kind, line number)``."""
        return (self.plan, self.number)

    def value(self, column: Column) -> Decimal | None:
        """The value in ``column``, or ``None`` if the column is empty or not in the line."""
        try:
            return self.values[self.columns.index(column)]
        except ValueError:
            return None

    def amount(self, column: Column) -> Decimal:
        """The value in ``column`` with empty cells counted as zero."""
        v = self.value(column)
        return v if v is not None else Decimal(0)

    def with_value(self, column: Column, value: Decimal | None) -> PlanLine:
        """A copy with ``column`` set to ``value`` (the column is added if missing)."""
        if column in self.columns:
            i = self.columns.index(column)
            values = (*self.values[:i], value, *self.values[i + 1 :])
            return attrs.evolve(self, values=values)
        pairs = sorted([*zip(self.columns, self.values, strict=True), (column, value)])
        return attrs.evolve(
            self, columns=tuple(c for c, _ in pairs), values=tuple(v for _, v in pairs)
        )
