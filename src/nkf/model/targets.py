"""What a change or a Sperrvermerk points at (Bezug): a unit, a line, an account, a measure.

A motion may name its target precisely ("Produkt 050101, Teilergebnisplan Zeile 13") or
only in words ("Zuschuss an den Quartierstreff, S. 312 des Entwurfs"). Both are a
:class:`Target`: ``text`` keeps the words, the other fields the resolved reference. A target
without a resolved reference is kept and reported by validation, not rejected.

>>> from nkf.model.lines import PlanKind
>>> t = Target(unit="050101", plan=PlanKind.TEILERGEBNISPLAN, line=13)
>>> str(t)
'050101 Teilergebnisplan Z. 13'
>>> Target(text="Zuschuss Quartierstreff").is_resolved
False
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from nkf.model.lines import Column, PlanKind

__all__ = ["ColumnValue", "Target"]


@attrs.frozen(kw_only=True)
class Target:
    """A reference into a plan (Bezug): unit code, plan line, account, cost centre, measure.

    ``unit`` is the compact code of an area, group or product (None with a ``plan`` means
    the Gesamtplan); ``account`` a Sachkonto (6–7 digits); ``investment`` an
    Investitionsmaßnahme id; ``text`` the words of the motion.
    """

    unit: str | None = None
    plan: PlanKind | None = None
    line: int | None = None
    account: str | None = None
    cost_centre: str | None = None
    investment: str | None = None
    text: str | None = None

    @property
    def is_resolved(self) -> bool:
        """True if the target names something in a plan, not only words."""
        return any(
            v is not None for v in (self.unit, self.plan, self.line, self.account, self.investment)
        )

    @property
    def line_key(self) -> tuple[str | None, PlanKind, int] | None:
        """``(unit, plan kind, line)`` if the target is a plan line, else None."""
        if self.plan is None or self.line is None:
            return None
        return (self.unit, self.plan, self.line)

    def __str__(self) -> str:
        """A short German description of the target."""
        parts = []
        if self.unit:
            parts.append(self.unit)
        if self.plan is not None:
            parts.append(self.plan.label)
        if self.line is not None:
            parts.append(f"Z. {self.line}")
        if self.account:
            parts.append(f"Konto {self.account}")
        if self.cost_centre:
            parts.append(f"KSt {self.cost_centre}")
        if self.investment:
            parts.append(f"Maßnahme {self.investment}")
        if not parts and self.text:
            parts.append(f"„{self.text}“")
        return " ".join(parts) or "Gesamtplan"


@attrs.frozen(kw_only=True)
class ColumnValue:
    """An amount in one column (Spaltenwert), e.g. Ansatz 2021 = 12.000 €."""

    column: Column
    amount: Decimal
