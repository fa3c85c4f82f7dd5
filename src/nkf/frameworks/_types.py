"""The shape of a framework catalog (Rahmen): Produktrahmen and line schemas as data.

A framework is plain data: the Produktbereiche with their names and aliases, the
statistical Produktgruppen, and for each plan kind the line schema with the formula of
every sum and balance line. Each item cites its source. Rules and the amendment algebra
read these catalogs; they never branch on a framework's name.
"""

from __future__ import annotations

import enum

import attrs

from nkf.model.lines import PlanKind

__all__ = [
    "AreaDef",
    "Direction",
    "Framework",
    "LineDef",
    "LineKind",
    "LineRole",
    "LineSchema",
    "StatGroupDef",
    "Term",
]


class LineKind(enum.Enum):
    """What a line of the Muster is (Zeilenart)."""

    ENTRY = "entry"  # a position that is budgeted (Einzelposition)
    SUM = "sum"  # "=" Summe of positions
    BALANCE = "balance"  # "=" Saldo of sums
    ADJUSTMENT = "adjustment"  # e.g. globaler Minderaufwand
    MEMO = "memo"  # nachrichtlich
    MEMO_SUM = "memo-sum"  # nachrichtlicher Saldo


class Direction(enum.Enum):
    """Which way money flows on a line: in (Ertrag/Einzahlung) or out (Aufwand/Auszahlung).

    nkf keeps every amount as printed, with positive numbers for both directions; the
    direction says whether a higher value improves (in) or worsens (out) the result.
    """

    IN = "in"
    OUT = "out"
    NONE = "none"


@attrs.frozen(kw_only=True)
class Term:
    """One term of a formula: ``sign`` × line ``number`` (sign is +1 or −1)."""

    sign: int
    line: int


@attrs.frozen(kw_only=True)
class LineDef:
    """A line of a line schema: number, name, kind, direction and (for sums) its formula."""

    number: int
    name: str
    kind: LineKind
    direction: Direction = Direction.NONE
    formula: tuple[Term, ...] = ()

    @property
    def is_computed(self) -> bool:
        """True for lines whose value follows from other lines (sums, balances)."""
        return bool(self.formula)


@attrs.frozen(kw_only=True)
class LineSchema:
    """The lines of one plan kind per the Muster (Zeilenschema), with its source."""

    plan: PlanKind
    lines: tuple[LineDef, ...]
    source: str

    def line(self, number: int) -> LineDef | None:
        """The definition of line ``number``, or None if the schema has no such line."""
        for d in self.lines:
            if d.number == number:
                return d
        return None

    @property
    def numbers(self) -> frozenset[int]:
        """All line numbers of the schema."""
        return frozenset(d.number for d in self.lines)

    def computed(self) -> tuple[LineDef, ...]:
        """The sum and balance lines in an order where each follows the lines it uses."""
        return tuple(d for d in self.lines if d.is_computed)


@attrs.frozen(kw_only=True)
class AreaDef:
    """A Produktbereich of the framework: code, name, aliases seen in real plans, source."""

    code: str
    name: str
    aliases: tuple[str, ...] = ()
    source: str = ""


@attrs.frozen(kw_only=True)
class StatGroupDef:
    """A three-digit statistical Produktgruppe of the Finanzstatistik and its area."""

    code: str
    area: str
    name: str


class LineRole(enum.Enum):
    """Lines other code needs to find by meaning, not by number (Schlüsselzeilen)."""

    ANNUAL_RESULT = "annual-result"  # Jahresergebnis (Ergebnisplan)
    ANNUAL_RESULT_AFTER_GMA = "annual-result-after-gma"
    GLOBAL_REDUCTION = "global-reduction"  # globaler Minderaufwand (Ergebnisplan)
    ORDINARY_INCOME = "ordinary-income"
    ORDINARY_EXPENSES = "ordinary-expenses"
    FINANCIAL_INCOME = "financial-income"
    FINANCIAL_EXPENSES = "financial-expenses"
    EXTRAORDINARY_INCOME = "extraordinary-income"
    EXTRAORDINARY_EXPENSES = "extraordinary-expenses"
    CASH_SURPLUS = "cash-surplus"  # Finanzmittelüberschuss/-fehlbetrag (Finanzplan)
    OPERATING_RECEIPTS = "operating-receipts"
    OPERATING_PAYMENTS = "operating-payments"
    INVESTMENT_RECEIPTS = "investment-receipts"
    INVESTMENT_PAYMENTS = "investment-payments"
    FINANCING_RECEIPTS = "financing-receipts"  # Einzahlungen aus Finanzierungstätigkeit
    FINANCING_PAYMENTS = "financing-payments"
    PART_RESULT = "part-result"  # Ergebnis of a Teilergebnisplan
    PART_INTERNAL_INCOME = "part-internal-income"
    PART_INTERNAL_EXPENSES = "part-internal-expenses"


@attrs.frozen(kw_only=True)
class Framework:
    """A framework catalog (Haushaltsrahmen), e.g. KomHVO NRW 2019 with the VV Muster 2019.

    ``aggregation`` maps Teilplan lines to Gesamtplan lines: the Gesamtplan line equals the
    sum of the mapped Teilplan lines over all Teilpläne (domain.md § 2.3: lines 27/28 of a
    Teilergebnisplan, the internal service relations, are never summed). ``roles`` name
    key lines (plan kind, number) for effects and statute checks; several lines may share
    a role (the Finanzierungstätigkeit has two receipt lines).
    """

    id: str
    name: str
    regulation: str
    valid_from: str
    areas: tuple[AreaDef, ...]
    statistical_groups: tuple[StatGroupDef, ...]
    schemas: tuple[LineSchema, ...]
    aggregation: tuple[tuple[PlanKind, int, PlanKind, int], ...] = ()
    roles: tuple[tuple[LineRole, PlanKind, int], ...] = ()
    source: str = ""

    def schema(self, plan: PlanKind) -> LineSchema | None:
        """The line schema of ``plan``."""
        return next((s for s in self.schemas if s.plan is plan), None)

    def area(self, code: str) -> AreaDef | None:
        """The Produktbereich with ``code`` ("05")."""
        return next((a for a in self.areas if a.code == code), None)

    def area_by_name(self, name: str) -> AreaDef | None:
        """The Produktbereich with this name or alias (case-insensitive)."""
        key = name.casefold().strip()
        for a in self.areas:
            if key in (n.casefold() for n in (a.name, *a.aliases)):
                return a
        return None

    def statistical_group(self, code: str) -> StatGroupDef | None:
        """The statistical Produktgruppe with three-digit ``code``."""
        return next((g for g in self.statistical_groups if g.code == code), None)

    def lines_for(self, role: LineRole) -> tuple[tuple[PlanKind, int], ...]:
        """The (plan kind, line number) pairs that have ``role``."""
        return tuple((p, n) for r, p, n in self.roles if r is role)

    def line_for(self, role: LineRole) -> tuple[PlanKind, int] | None:
        """The single line with ``role``, or None."""
        found = self.lines_for(role)
        return found[0] if found else None
