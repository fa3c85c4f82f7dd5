"""Amendments (Änderungsanträge) to a Haushaltsplan: metadata and typed changes.

An :class:`Amendment` carries who moves it, to whom, when, how it is deliberated and
decided, how it relates to other motions, its Begründung, and an ordered tuple of changes.
Each change kind covers one of the kinds of change real motions make (amendments.md
K1–K11); changes without a numeric effect (Prüfauftrag, guideline text) are kept in order
with the rest. A few kinds cover what motions seldom ask but two versions of a plan may
differ in (new or struck Produktbereiche and -gruppen, Haushaltssatzungen, plan metadata,
Planungsjahre), so that :func:`nkf.diff` can express every difference of two versions.

The founding motion (SPD Leichlingen, 24.02.2021) adds a goal with a date milestone:

>>> import datetime
>>> from nkf.model.goals import FigureKind, FigureValue, Goal, KeyFigure, KeyFigureType
>>> kf = KeyFigure(name="Fertigstellung", type=KeyFigureType.DATE,
...                values=(FigureValue(year=2021, kind=FigureKind.ZIEL,
...                                    value=datetime.date(2021, 6, 30)),))
>>> a = Amendment(id="spd-2021-quartierstreff", date=datetime.date(2021, 2, 24),
...               title="Neues Produktziel Quartierstreff",
...               submitters=(Submitter(name="SPD-Fraktion", kind=SubmitterKind.FACTION),),
...               changes=(AddGoal(unit="050101", goal=Goal(text="Konzept ...",
...                                                           key_figures=(kf,))),))
>>> a.changes[0].kind
'add-goal'
>>> a.status.label
'eingereicht'
"""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal
from typing import TYPE_CHECKING, ClassVar

import attrs

from nkf.model.finance import BudgetStatute, Investment, Post, TaxKind
from nkf.model.goals import FigureKind, Goal, KeyFigure, Scalar
from nkf.model.lines import Column
from nkf.model.targets import ColumnValue, Target
from nkf.model.units import BudgetArea, Product, ProductGroup

if TYPE_CHECKING:
    from nkf.model.plan import BudgetPlan

__all__ = [
    "AddArea",
    "AddGoal",
    "AddGroup",
    "AddInvestment",
    "AddKeyFigure",
    "AddLine",
    "AddProduct",
    "AddStatute",
    "Amendment",
    "AmendmentStatus",
    "AmountChange",
    "BlockAmount",
    "BlockPost",
    "Change",
    "ChangeBase",
    "Condition",
    "ConditionKind",
    "ConsultationRole",
    "ConsultationStep",
    "CopyGoals",
    "Coverage",
    "CoverageSource",
    "CreatePost",
    "DeletePost",
    "EditGoal",
    "GlobalReduction",
    "InvestmentFlow",
    "MoveAmount",
    "PercentChange",
    "PlanField",
    "Relation",
    "RelationKind",
    "ReleaseBlock",
    "RemoveArea",
    "RemoveGoal",
    "RemoveGroup",
    "RemoveInvestment",
    "RemoveKeyFigure",
    "RemoveLine",
    "RemoveProduct",
    "RemoveStatute",
    "RenameKeyFigure",
    "Request",
    "RequestKind",
    "SetBalanceYear",
    "SetInvestmentAmount",
    "SetKeyFigureValue",
    "SetKwVermerk",
    "SetPlanningYears",
    "SetStatuteValue",
    "SetTaxRate",
    "Signatory",
    "StatuteField",
    "Submitter",
    "SubmitterKind",
    "SwapPost",
    "UnitField",
    "UpdatePlan",
    "UpdateUnit",
    "Vote",
    "plan_field_value",
]


# --------------------------------------------------------------------------- metadata


class SubmitterKind(enum.Enum):
    """Who moves a motion (Antragsteller): faction, group, member, committee, administration."""

    FACTION = "faction"  # Fraktion
    GROUP = "group"  # Gruppe
    MEMBER = "member"  # einzelnes Ratsmitglied
    COMMITTEE = "committee"  # Ausschuss, Bezirksvertretung, Integrationsrat
    ADMINISTRATION = "administration"  # Verwaltung / Bürgermeister (Veränderungsnachweis)


@attrs.frozen(kw_only=True)
class Signatory:
    """A person who signs a motion (Unterzeichner/in) and their role."""

    name: str
    role: str | None = None


@attrs.frozen(kw_only=True)
class Submitter:
    """A submitter (Antragsteller) with the people who signed for it."""

    name: str
    kind: SubmitterKind
    signatories: tuple[Signatory, ...] = ()
    address: str | None = None


class ConsultationRole(enum.Enum):
    """Whether a body advises or decides in the Beratungsfolge."""

    ADVISORY = "vorberatend"
    DECIDING = "entscheidend"


@attrs.frozen(kw_only=True)
class ConsultationStep:
    """A step of the Beratungsfolge: body, date, advisory or deciding."""

    body: str
    role: ConsultationRole
    date: datetime.date | None = None


class AmendmentStatus(enum.Enum):
    """The lifecycle of a motion (Status)."""

    SUBMITTED = "eingereicht"
    ADOPTED = "angenommen"
    REJECTED = "abgelehnt"
    ADOPTED_MODIFIED = "geaendert-beschlossen"
    WITHDRAWN = "zurueckgezogen"
    DEFERRED = "vertagt"
    SETTLED = "erledigt"

    @property
    def label(self) -> str:
        """The German word."""
        return {
            "geaendert-beschlossen": "geändert beschlossen",
            "zurueckgezogen": "zurückgezogen",
        }.get(self.value, self.value)


@attrs.frozen(kw_only=True)
class Vote:
    """A vote on the motion in a body (Abstimmungsergebnis)."""

    body: str
    yes: int
    no: int
    abstain: int = 0
    date: datetime.date | None = None
    result: AmendmentStatus | None = None


class RelationKind(enum.Enum):
    """How a motion relates to another motion or proposal (Bezug)."""

    AMENDS = "amends"  # Änderungsantrag zu einem Antrag oder einer Vorlage
    REPLACES = "replaces"  # Ersetzungsantrag
    COMPETES_WITH = "competes-with"  # konkurrierender Antrag zur selben Zahl
    IDENTICAL_TO = "identical-to"  # gleichlautender Antrag
    COMPROMISE_OF = "compromise-of"  # Kompromissantrag


@attrs.frozen(kw_only=True)
class Relation:
    """A relation to another motion or Vorlage, by its id or Drucksache number."""

    kind: RelationKind
    target: str
    note: str | None = None


class ConditionKind(enum.Enum):
    """What kind of condition a change has (Bedingung)."""

    CONDITION = "condition"  # "wenn ein Dritter X tut", "vorbehaltlich Zustimmung des Ausschusses"
    ALTERNATIVE = "alternative"  # entweder/oder: the changes of one group exclude each other


@attrs.frozen(kw_only=True)
class Condition:
    """A structured condition with its text; a conditional change applies only when ``met``.

    ``met`` is None while undecided; ``group`` binds alternatives together.
    """

    text: str
    kind: ConditionKind = ConditionKind.CONDITION
    met: bool | None = None
    group: str | None = None


# --------------------------------------------------------------------------- changes


@attrs.frozen(kw_only=True)
class ChangeBase:
    """What every change has: a local ``ref`` (for Deckung links), a condition, a note.

    ``derived`` marks a follow-on change that results from another one (amendments.md
    requirement 3).
    """

    kind: ClassVar[str] = ""
    ref: str | None = None
    condition: Condition | None = None
    note: str | None = None
    derived: bool = False


# K1: amounts and lines -------------------------------------------------------


@attrs.frozen(kw_only=True)
class AmountChange(ChangeBase):
    """Set or change an Ansatz (K1): ``new`` sets, ``delta`` changes by, ``old`` is a precondition.

    The motion's old/delta/new triple is kept as written; a stated ``old`` that differs
    from the plan, or a ``delta`` that does not lead to ``new``, is a finding.
    """

    kind: ClassVar[str] = "amount"
    target: Target
    column: Column
    old: Decimal | None = None
    delta: Decimal | None = None
    new: Decimal | None = None


@attrs.frozen(kw_only=True)
class AddLine(ChangeBase):
    """Add a line to a Teilplan or the Gesamtplan with its values (K1, new Ansatz)."""

    kind: ClassVar[str] = "add-line"
    target: Target
    values: tuple[ColumnValue, ...] = ()


@attrs.frozen(kw_only=True)
class RemoveLine(ChangeBase):
    """Remove a line (K1); ``old_values`` are the values the motion expects to remove."""

    kind: ClassVar[str] = "remove-line"
    target: Target
    old_values: tuple[ColumnValue, ...] = ()


@attrs.frozen(kw_only=True)
class PercentChange(ChangeBase):
    """Change amounts by a percentage of a base (K8: linear cut, indexation).

    ``targets`` are the lines changed; ``columns`` the columns; ``percent`` e.g. −5;
    ``base_column`` takes the base from another column (the prior year) instead of the
    changed one; ``cap`` ("bis zu") limits the absolute change per line and column,
    ``floor`` ("mindestens") the smallest absolute change; results are rounded to a
    multiple of ``rounding`` (ROUND_HALF_UP).
    """

    kind: ClassVar[str] = "percent"
    targets: tuple[Target, ...]
    columns: tuple[Column, ...]
    percent: Decimal
    base_column: Column | None = None
    cap: Decimal | None = None
    floor: Decimal | None = None
    rounding: Decimal = Decimal(1)


@attrs.frozen(kw_only=True)
class MoveAmount(ChangeBase):
    """Move an amount between years (K11, re-phasing); ``amount`` None moves all of it."""

    kind: ClassVar[str] = "move"
    target: Target
    from_column: Column
    to_column: Column
    amount: Decimal | None = None


@attrs.frozen(kw_only=True)
class GlobalReduction(ChangeBase):
    """A globaler Minderaufwand (K8): an amount or a percentage of a base, per year.

    ``percent`` of ``base`` (default: the ordentliche Aufwendungen); ``cap`` is a legal
    cap in percent of the base; ``allocation`` names the Teilpläne to be cut.
    """

    kind: ClassVar[str] = "global-reduction"
    column: Column
    amount: Decimal | None = None
    percent: Decimal | None = None
    base: Target | None = None
    cap_percent: Decimal | None = None
    allocation: tuple[Target, ...] = ()


# K3 / K10: products, goals, key figures ----------------------------------------


class UnitField(enum.Enum):
    """Product metadata a motion may change (name = rename)."""

    NAME = "name"
    DESCRIPTION = "description"
    COMMITTEE = "committee"
    RESPONSIBLE = "responsible"
    BINDING = "binding"
    RECIPIENTS = "recipients"


@attrs.frozen(kw_only=True)
class AddArea(ChangeBase):
    """Add a Produktbereich with its groups and products (neuer Produktbereich).

    ``position`` is 1-based among the plan's areas; None inserts in code order if the
    areas are in code order, else at the end.
    """

    kind: ClassVar[str] = "add-area"
    area: BudgetArea
    position: int | None = None


@attrs.frozen(kw_only=True)
class RemoveArea(ChangeBase):
    """Remove a Produktbereich with everything in it (Produktbereich streichen).

    ``old_name`` is the name the motion expects.
    """

    kind: ClassVar[str] = "remove-area"
    code: str
    old_name: str | None = None


@attrs.frozen(kw_only=True)
class AddGroup(ChangeBase):
    """Add a Produktgruppe with its products to the area ``area`` (neue Produktgruppe).

    ``position`` is 1-based among the area's groups; None inserts in code order if the
    groups are in code order, else at the end.
    """

    kind: ClassVar[str] = "add-group"
    area: str
    group: ProductGroup
    position: int | None = None


@attrs.frozen(kw_only=True)
class RemoveGroup(ChangeBase):
    """Remove a Produktgruppe with its products (Produktgruppe streichen)."""

    kind: ClassVar[str] = "remove-group"
    code: str
    old_name: str | None = None


@attrs.frozen(kw_only=True)
class AddProduct(ChangeBase):
    """Add a product to a product group (neues Produkt).

    ``position`` is 1-based among the group's products; None inserts in code order if the
    products are in code order, else at the end.
    """

    kind: ClassVar[str] = "add-product"
    group: str
    product: Product
    position: int | None = None


@attrs.frozen(kw_only=True)
class RemoveProduct(ChangeBase):
    """Remove a product; ``old_name`` is the name the motion expects."""

    kind: ClassVar[str] = "remove-product"
    code: str
    old_name: str | None = None


@attrs.frozen(kw_only=True)
class UpdateUnit(ChangeBase):
    """Change a field of an area, group or product (rename, description, Bindungsgrad ...)."""

    kind: ClassVar[str] = "update-unit"
    unit: str
    field: UnitField
    new: str | None
    old: str | None = None


@attrs.frozen(kw_only=True)
class AddGoal(ChangeBase):
    """Add a goal (Produktziel) at 1-based ``position`` (None: at the end) (K3)."""

    kind: ClassVar[str] = "add-goal"
    unit: str
    goal: Goal
    position: int | None = None


@attrs.frozen(kw_only=True)
class RemoveGoal(ChangeBase):
    """Delete the goal at ``position``; ``old_text`` is the text the motion expects."""

    kind: ClassVar[str] = "remove-goal"
    unit: str
    position: int
    old_text: str | None = None


@attrs.frozen(kw_only=True)
class EditGoal(ChangeBase):
    """Reword the goal at ``position``."""

    kind: ClassVar[str] = "edit-goal"
    unit: str
    position: int
    new_text: str
    old_text: str | None = None


@attrs.frozen(kw_only=True)
class CopyGoals(ChangeBase):
    """Copy the goal set of another unit (appended after the existing goals)."""

    kind: ClassVar[str] = "copy-goals"
    unit: str
    source: str


@attrs.frozen(kw_only=True)
class AddKeyFigure(ChangeBase):
    """Add a key figure to goal ``goal`` (position) or, with goal None, to the unit."""

    kind: ClassVar[str] = "add-key-figure"
    unit: str
    key_figure: KeyFigure
    goal: int | None = None
    position: int | None = None


@attrs.frozen(kw_only=True)
class RemoveKeyFigure(ChangeBase):
    """Delete the key figure at ``position`` of goal ``goal`` (or of the unit)."""

    kind: ClassVar[str] = "remove-key-figure"
    unit: str
    position: int
    goal: int | None = None
    old_name: str | None = None


@attrs.frozen(kw_only=True)
class RenameKeyFigure(ChangeBase):
    """Rename the key figure at ``position``."""

    kind: ClassVar[str] = "rename-key-figure"
    unit: str
    position: int
    new_name: str
    goal: int | None = None
    old_name: str | None = None


@attrs.frozen(kw_only=True)
class SetKeyFigureValue(ChangeBase):
    """Set (re-target) a key figure's value for a year; ``new`` None deletes the value."""

    kind: ClassVar[str] = "key-figure-value"
    unit: str
    position: int
    year: int
    figure_kind: FigureKind
    new: Scalar | None
    goal: int | None = None
    old: Scalar | None = None


# K5 / K6: Haushaltssatzung ----------------------------------------------------------


class StatuteField(enum.Enum):
    """The amounts of the Haushaltssatzung a motion may change (§ 78 GO NRW)."""

    TOTAL_INCOME = "total_income"
    TOTAL_EXPENSES = "total_expenses"
    INVESTMENT_CREDITS = "investment_credits"
    COMMITMENT_TOTAL = "commitment_total"
    EQUALISATION_RESERVE_USE = "equalisation_reserve_use"
    GENERAL_RESERVE_REDUCTION = "general_reserve_reduction"
    LIQUIDITY_CREDIT_LIMIT = "liquidity_credit_limit"
    EQUALISATION_RESERVE_OPENING = "equalisation_reserve_opening"
    GENERAL_RESERVE_OPENING = "general_reserve_opening"


@attrs.frozen(kw_only=True)
class SetTaxRate(ChangeBase):
    """Set a Hebesatz (K5) for a year, in percent (v. H.); ``new`` None clears it."""

    kind: ClassVar[str] = "tax-rate"
    year: int
    tax: TaxKind
    new: Decimal | None
    old: Decimal | None = None


@attrs.frozen(kw_only=True)
class SetStatuteValue(ChangeBase):
    """Set an amount of the Haushaltssatzung (Kreditermächtigung, Liquiditätskredite ...)."""

    kind: ClassVar[str] = "statute-value"
    year: int
    field: StatuteField
    new: Decimal | None
    old: Decimal | None = None


@attrs.frozen(kw_only=True)
class SetBalanceYear(ChangeBase):
    """Set or clear the year the Haushaltsausgleich is restored (Jahr des Haushaltsausgleichs).

    ``year`` names the Haushaltssatzung, ``new`` the year it states (§ 7 of the Muster,
    Haushaltssicherungskonzept); ``old`` is a precondition.
    """

    kind: ClassVar[str] = "balance-year"
    year: int
    new: int | None
    old: int | None = None


@attrs.frozen(kw_only=True)
class AddStatute(ChangeBase):
    """Add the Haushaltssatzung of a year (neue Haushaltssatzung).

    ``position`` is 1-based among the plan's statutes; None inserts in year order if the
    statutes are in year order, else at the end.
    """

    kind: ClassVar[str] = "add-statute"
    statute: BudgetStatute
    position: int | None = None


@attrs.frozen(kw_only=True)
class RemoveStatute(ChangeBase):
    """Remove the Haushaltssatzung of ``year`` (Haushaltssatzung streichen)."""

    kind: ClassVar[str] = "remove-statute"
    year: int


# The plan as a whole ---------------------------------------------------------------------


class PlanField(enum.Enum):
    """Plan metadata a change may set (Angaben zum Haushaltsplan).

    ``status`` takes a :class:`~nkf.model.plan.PlanStatus` value (``entwurf``,
    ``beschlossen``, ``nachtrag``); ``municipality`` is the Kommune's name, ``ags`` its
    Amtlicher Gemeindeschlüssel.
    """

    TITLE = "title"
    NOTE = "note"
    STATUS = "status"
    MUNICIPALITY = "municipality"
    AGS = "ags"


def plan_field_value(plan: BudgetPlan, field: PlanField) -> str | None:
    """A plan's field as an UpdatePlan names it (the status by its value).

    >>> from nkf.model.plan import BudgetPlan, Municipality
    >>> plan = BudgetPlan(municipality=Municipality(name="Leichlingen"), years=(2021,))
    >>> plan_field_value(plan, PlanField.STATUS), plan_field_value(plan, PlanField.MUNICIPALITY)
    ('entwurf', 'Leichlingen')
    """
    if field is PlanField.STATUS:
        return plan.status.value
    if field is PlanField.MUNICIPALITY:
        return plan.municipality.name
    if field is PlanField.AGS:
        return plan.municipality.ags
    return plan.title if field is PlanField.TITLE else plan.note


@attrs.frozen(kw_only=True)
class UpdatePlan(ChangeBase):
    """Change the plan's title, note, status or municipality (Angaben zum Haushaltsplan)."""

    kind: ClassVar[str] = "update-plan"
    field: PlanField
    new: str | None
    old: str | None = None


@attrs.frozen(kw_only=True)
class SetPlanningYears(ChangeBase):
    """Set the years of the mittelfristige Ergebnis- und Finanzplanung (Planungsjahre).

    ``old`` (empty: not stated) is a precondition.
    """

    kind: ClassVar[str] = "planning-years"
    new: tuple[int, ...]
    old: tuple[int, ...] = ()


# K4: investments ---------------------------------------------------------------------


class InvestmentFlow(enum.Enum):
    """Which amount of a measure: Auszahlung, Einzahlung or VE."""

    PAYMENT = "payment"
    RECEIPT = "receipt"
    COMMITMENT = "commitment"


@attrs.frozen(kw_only=True)
class AddInvestment(ChangeBase):
    """Add an investment measure with its phasing and VE (K4)."""

    kind: ClassVar[str] = "add-investment"
    investment: Investment


@attrs.frozen(kw_only=True)
class RemoveInvestment(ChangeBase):
    """Remove an investment measure."""

    kind: ClassVar[str] = "remove-investment"
    id: str
    old_name: str | None = None


@attrs.frozen(kw_only=True)
class SetInvestmentAmount(ChangeBase):
    """Set a measure's payment, receipt or VE for a year (re-phasing, VE change)."""

    kind: ClassVar[str] = "investment-amount"
    id: str
    flow: InvestmentFlow
    year: int
    new: Decimal | None
    old: Decimal | None = None


# K6: Stellenplan -------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CreatePost(ChangeBase):
    """Create a post (Stelle schaffen); ``cost`` is its cost per year incl. a partial first year."""

    kind: ClassVar[str] = "create-post"
    post: Post
    cost: tuple[ColumnValue, ...] = ()


@attrs.frozen(kw_only=True)
class DeletePost(ChangeBase):
    """Delete a post (Stelle streichen)."""

    kind: ClassVar[str] = "delete-post"
    post_id: str


@attrs.frozen(kw_only=True)
class BlockPost(ChangeBase):
    """Do not fill a post (Stellensperre / nicht besetzen)."""

    kind: ClassVar[str] = "block-post"
    post_id: str


@attrs.frozen(kw_only=True)
class SwapPost(ChangeBase):
    """Swap a post for another (Stellentausch): the old one goes, the new one comes."""

    kind: ClassVar[str] = "swap-post"
    post_id: str
    new_post: Post


@attrs.frozen(kw_only=True)
class SetKwVermerk(ChangeBase):
    """Set or clear the kw-Vermerk (künftig wegfallend) of a post."""

    kind: ClassVar[str] = "kw-vermerk"
    post_id: str
    year: int | None
    old_year: int | None = None


# K7: Sperrvermerke --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class BlockAmount(ChangeBase):
    """Put a Sperrvermerk on an amount (K7): whole (``amount`` None) or part."""

    kind: ClassVar[str] = "block"
    block_id: str
    target: Target
    release_condition: str
    releasing_body: str
    column: Column | None = None
    amount: Decimal | None = None


@attrs.frozen(kw_only=True)
class ReleaseBlock(ChangeBase):
    """Release a Sperrvermerk, fully (``amount`` None) or partly."""

    kind: ClassVar[str] = "release-block"
    block_id: str
    amount: Decimal | None = None


# K2: coverage --------------------------------------------------------------------------------


class CoverageSource(enum.Enum):
    """Where the cover comes from (Deckungsquelle)."""

    LINES = "lines"  # other Ansätze (the offsets)
    EQUALISATION_RESERVE = "ausgleichsruecklage"
    REVENUE = "revenue"  # higher revenue
    GLOBAL_REDUCTION = "global-reduction"
    OTHER_MOTION = "other-motion"


@attrs.frozen(kw_only=True)
class Coverage(ChangeBase):
    """A Deckungsvorschlag (K2): links costs to offsets.

    ``covers`` are refs of changes (in this motion) whose cost is covered, ``motions`` ids of
    other motions this cover also serves, ``offsets`` refs of the changes that provide the
    cover, ``amounts`` the cover per column where the motion states it.
    """

    kind: ClassVar[str] = "coverage"
    source: CoverageSource
    covers: tuple[str, ...] = ()
    motions: tuple[str, ...] = ()
    offsets: tuple[str, ...] = ()
    amounts: tuple[ColumnValue, ...] = ()
    text: str | None = None


# K10 / K12: non-financial items ------------------------------------------------------------


class RequestKind(enum.Enum):
    """Kinds of items without an amount."""

    REVIEW = "pruefauftrag"  # Prüfauftrag
    REPORT = "berichtsauftrag"  # Berichtsauftrag
    GUIDELINE = "guideline"  # Leitlinie, Haushaltsvermerk, process rule
    STATUTE_RULE = "statute-rule"  # further rule of the Haushaltssatzung


@attrs.frozen(kw_only=True)
class Request(ChangeBase):
    """A Prüfauftrag, Berichtsauftrag or guideline text (no numeric effect)."""

    kind: ClassVar[str] = "request"
    request: RequestKind
    text: str
    target: Target | None = None
    addressee: str | None = None
    due: datetime.date | None = None


Change = (
    AmountChange
    | AddLine
    | RemoveLine
    | PercentChange
    | MoveAmount
    | GlobalReduction
    | AddArea
    | RemoveArea
    | AddGroup
    | RemoveGroup
    | AddProduct
    | RemoveProduct
    | UpdateUnit
    | AddGoal
    | RemoveGoal
    | EditGoal
    | CopyGoals
    | AddKeyFigure
    | RemoveKeyFigure
    | RenameKeyFigure
    | SetKeyFigureValue
    | SetTaxRate
    | SetStatuteValue
    | SetBalanceYear
    | AddStatute
    | RemoveStatute
    | UpdatePlan
    | SetPlanningYears
    | AddInvestment
    | RemoveInvestment
    | SetInvestmentAmount
    | CreatePost
    | DeletePost
    | BlockPost
    | SwapPost
    | SetKwVermerk
    | BlockAmount
    | ReleaseBlock
    | Coverage
    | Request
)
"""Every change kind an amendment can carry."""


@attrs.frozen(kw_only=True)
class Amendment:
    """An Änderungsantrag zum Haushaltsplan: metadata and an ordered tuple of changes.

    ``reference`` is the Drucksache number, ``addressee`` whom it is addressed to,
    ``committee`` the Fachausschuss it belongs to, ``request_text`` the operative text as
    moved (Antragstext), ``reason`` the Begründung, ``plan_years`` the budget year(s).
    """

    id: str
    title: str
    date: datetime.date | None = None
    reference: str | None = None
    plan_years: tuple[int, ...] = ()
    submitters: tuple[Submitter, ...] = ()
    addressee: str | None = None
    committee: str | None = None
    consultation: tuple[ConsultationStep, ...] = ()
    status: AmendmentStatus = AmendmentStatus.SUBMITTED
    votes: tuple[Vote, ...] = ()
    relations: tuple[Relation, ...] = ()
    request_text: str | None = None
    reason: str | None = None
    changes: tuple[Change, ...] = ()
