"""Goals (Produktziele) and key figures (Kennzahlen).

Goals are ordered and addressed by their 1-based position, as plans print them
("Zum 1. Ziel: ..."). A key figure has a type; a date milestone such as the founding
motion's "Fertigstellung 30.06.2021" holds a :class:`datetime.date`, a yes/no figure a
``bool``, every other type a :class:`~decimal.Decimal` (domain.md § 3.2).

>>> import datetime
>>> kf = KeyFigure(name="Fertigstellung", type=KeyFigureType.DATE,
...                values=(FigureValue(year=2021, kind=FigureKind.ZIEL,
...                                    value=datetime.date(2021, 6, 30)),))
>>> kf.value_for(2021, FigureKind.ZIEL)
datetime.date(2021, 6, 30)
>>> Goal(text="Konzept Quartierstreff", key_figures=(kf,)).key_figures[0].type.label
'Meilenstein (Datum)'
"""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal

import attrs

__all__ = ["FigureKind", "FigureValue", "Goal", "KeyFigure", "KeyFigureType", "Scalar"]

Scalar = Decimal | datetime.date | bool
"""The value of a key figure: a number, a date (milestone) or yes/no."""


class KeyFigureType(enum.Enum):
    """The type of a key figure (Kennzahlart), which fixes the type of its values."""

    NUMBER = "number"
    MONEY = "money"
    PERCENT = "percent"
    COUNT = "count"
    RATIO = "ratio"
    DATE = "date"
    YES_NO = "yes-no"

    @property
    def label(self) -> str:
        """The German name of the type."""
        return _TYPE_LABELS[self]

    def accepts(self, value: Scalar) -> bool:
        """True if ``value`` has the Python type this key figure type requires."""
        if self is KeyFigureType.DATE:
            return isinstance(value, datetime.date)
        if self is KeyFigureType.YES_NO:
            return isinstance(value, bool)
        return isinstance(value, Decimal)


_TYPE_LABELS = {
    KeyFigureType.NUMBER: "Zahl",
    KeyFigureType.MONEY: "Betrag (€)",
    KeyFigureType.PERCENT: "Prozent",
    KeyFigureType.COUNT: "Anzahl",
    KeyFigureType.RATIO: "Verhältnis",
    KeyFigureType.DATE: "Meilenstein (Datum)",
    KeyFigureType.YES_NO: "ja/nein",
}


class FigureKind(enum.Enum):
    """What a key-figure value is: an actual, a planned value or a target (Zielwert)."""

    ERGEBNIS = "ergebnis"
    ANSATZ = "ansatz"
    PLANUNG = "planung"
    ZIEL = "ziel"


@attrs.frozen(kw_only=True)
class FigureValue:
    """One value of a key figure (Kennzahlwert) for a year."""

    year: int
    kind: FigureKind
    value: Scalar


@attrs.frozen(kw_only=True)
class KeyFigure:
    """A key figure (Kennzahl): name, unit, type, optional baseline, values per year."""

    name: str
    type: KeyFigureType
    unit: str | None = None
    baseline: FigureValue | None = None
    values: tuple[FigureValue, ...] = ()
    description: str | None = None

    def value_for(self, year: int, kind: FigureKind | None = None) -> Scalar | None:
        """The value for ``year`` (of ``kind`` if given), or None."""
        for v in self.values:
            if v.year == year and (kind is None or v.kind is kind):
                return v.value
        return None


@attrs.frozen(kw_only=True)
class Goal:
    """A goal (Produktziel) of a product, group or area, with its key figures (Zielkennzahlen).

    Its position in the owning tuple is its number ("1. Ziel").
    """

    text: str
    key_figures: tuple[KeyFigure, ...] = ()
    title: str | None = None
