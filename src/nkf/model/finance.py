"""Investments, the Stellenplan and the Haushaltssatzung.

>>> from decimal import Decimal
>>> s = BudgetStatute(year=2026, tax_rates=TaxRates(grundsteuer_a=Decimal(242),
...                   grundsteuer_b=Decimal(554), gewerbesteuer=Decimal(418)))
>>> s.tax_rates.gewerbesteuer
Decimal('418')
>>> Post(id="S-0501-07", title="Sozialarbeiter/in Quartiersarbeit", fte=Decimal("0.5"),
...      pay_grade="S 12", org_unit="Sozialamt").fte
Decimal('0.5')
"""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal

import attrs

from nkf.model.lines import Column
from nkf.model.targets import Target

__all__ = [
    "BudgetBlock",
    "BudgetStatute",
    "Commitment",
    "Investment",
    "Post",
    "PostStatus",
    "TaxKind",
    "TaxRates",
    "YearAmount",
]


@attrs.frozen(kw_only=True, order=True)
class YearAmount:
    """An amount for one year (Jahresbetrag)."""

    year: int
    amount: Decimal


@attrs.frozen(kw_only=True)
class Commitment:
    """A commitment appropriation (Verpflichtungsermächtigung, VE) granted in ``year``.

    ``charges`` are the later years the VE will charge (Kassenwirksamkeit) and how much.
    """

    year: int
    amount: Decimal
    charges: tuple[YearAmount, ...] = ()


@attrs.frozen(kw_only=True)
class Investment:
    """An investment measure (Investitionsmaßnahme), e.g. ``IV24AIB006``.

    ``payments`` are the Auszahlungen per year (phasing), ``receipts`` the Einzahlungen
    (grants, contributions) per year, ``commitments`` the VE.
    """

    id: str
    name: str
    product: str | None = None
    payments: tuple[YearAmount, ...] = ()
    receipts: tuple[YearAmount, ...] = ()
    commitments: tuple[Commitment, ...] = ()
    total_cost: Decimal | None = None
    provided_before: Decimal | None = None
    description: str | None = None


class PostStatus(enum.Enum):
    """How a post stands in the Stellenplan (Stellenstatus)."""

    ACTIVE = "active"
    BLOCKED = "blocked"  # Stellensperre: not to be filled
    NEW = "new"


@attrs.frozen(kw_only=True)
class Post:
    """A post of the Stellenplan (Stelle), in fractional full-time equivalents (VZÄ).

    ``pay_grade`` is e.g. "EG 9b" or "A 11", None where it is still to be set; ``kw_year``
    is the year of a kw-Vermerk (künftig wegfallend).
    """

    id: str
    title: str
    fte: Decimal
    pay_grade: str | None = None
    org_unit: str | None = None
    product: str | None = None
    kw_year: int | None = None
    limited_until: datetime.date | None = None
    status: PostStatus = PostStatus.ACTIVE


class TaxKind(enum.Enum):
    """The taxes whose Hebesätze the Haushaltssatzung sets (§ 78 Abs. 2 Nr. 4 GO NRW)."""

    GRUNDSTEUER_A = "grundsteuer-a"
    GRUNDSTEUER_B = "grundsteuer-b"
    GRUNDSTEUER_B_WOHNEN = "grundsteuer-b-wohnen"
    GRUNDSTEUER_B_NICHTWOHNEN = "grundsteuer-b-nichtwohnen"
    GEWERBESTEUER = "gewerbesteuer"

    @property
    def field_name(self) -> str:
        """The attribute of :class:`TaxRates` that holds this tax's rate."""
        return self.value.replace("-", "_")


@attrs.frozen(kw_only=True)
class TaxRates:
    """Hebesätze in percent (v. H.); differentiated Grundsteuer B allowed since 2025 ([S25])."""

    grundsteuer_a: Decimal | None = None
    grundsteuer_b: Decimal | None = None
    grundsteuer_b_wohnen: Decimal | None = None
    grundsteuer_b_nichtwohnen: Decimal | None = None
    gewerbesteuer: Decimal | None = None

    def rate(self, tax: TaxKind) -> Decimal | None:
        """The Hebesatz of ``tax``."""
        value: Decimal | None = getattr(self, tax.field_name)
        return value


@attrs.frozen(kw_only=True)
class BudgetStatute:
    """The Haushaltssatzung of one budget year (§ 78 GO NRW; layout § 1–§ 7, domain.md § 4.2).

    Totals of § 1 (Ergebnisplan Erträge/Aufwendungen; Finanzplan Ein-/Auszahlungen of
    laufender Verwaltungstätigkeit, Investitions- and Finanzierungstätigkeit), § 2 Kredite
    für Investitionen, § 3 Gesamtbetrag der VE, § 4 Ausgleichsrücklage and allgemeine
    Rücklage, § 5 Höchstbetrag der Liquiditätskredite, § 6 Hebesätze, § 7 the year the
    Haushaltsausgleich is restored. The opening balances of the reserves are the basis of
    the § 76 GO NRW checks.
    """

    year: int
    total_income: Decimal | None = None
    total_expenses: Decimal | None = None
    operating_receipts: Decimal | None = None
    operating_payments: Decimal | None = None
    investment_receipts: Decimal | None = None
    investment_payments: Decimal | None = None
    financing_receipts: Decimal | None = None
    financing_payments: Decimal | None = None
    investment_credits: Decimal | None = None
    commitment_total: Decimal | None = None
    equalisation_reserve_use: Decimal | None = None
    general_reserve_reduction: Decimal | None = None
    liquidity_credit_limit: Decimal | None = None
    tax_rates: TaxRates = TaxRates()
    balance_restored_year: int | None = None
    equalisation_reserve_opening: Decimal | None = None
    general_reserve_opening: Decimal | None = None


@attrs.frozen(kw_only=True)
class BudgetBlock:
    """A Sperrvermerk on an Ansatz, a measure or posts (amendments.md requirement 9).

    ``amount`` None blocks the whole amount; ``released`` is what has been released so far
    (partial releases); ``releasing_body`` is Rat, Hauptausschuss, a Fachausschuss or the
    Verwaltung.
    """

    id: str
    target: Target
    release_condition: str
    releasing_body: str
    column: Column | None = None
    amount: Decimal | None = None
    released: Decimal = Decimal(0)
