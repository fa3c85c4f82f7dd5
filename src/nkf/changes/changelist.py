"""The Veränderungsliste: every change of the motions, numbered, with its effect.

:func:`change_list` builds the list a Kämmerei hands to the Haupt- und Finanzausschuss
(amendments.md requirement 14, domain.md § 5.3): one entry per change (a
Deckungsvorschlag is not an entry of its own; it is named at the entries it links),

* grouped by Produktbereich (the area of the change's target unit; Haushaltssatzung,
  Hebesätze, Stellenplan and other entries without a unit form the group
  "Haushaltssatzung / Stellenplan / allgemein" at the end),
* within each group the administration's motions first (Verwaltung), then committees,
  then factions, then groups and single members, each in the order given,
* numbered consecutively (lfd. Nr.),
* with origin (Antragsteller and kind), motion id, Drucksache and date, target in words,
  the amounts per column (bisher / Veränderung / neu) or, for goals, key figures,
  Hebesätze and posts, the old and new text, the sign for the Jahresergebnis
  (Verbesserung / Verschlechterung / neutral), the explanation and the effect per year,

and the total effect per year on the Jahresergebnis and the Haushaltsausgleich after the
motions. All figures come from :func:`nkf.changes.effects.effects`, i.e. from applying
the motions. The entries hold numbers as :class:`~decimal.Decimal`; dates and key-figure
values inside texts are written with :mod:`nkf.money`; :mod:`nkf.render` lays the list
out as text, HTML or CSV.

>>> from nkf.examples import founding_motion, leichlingen_plan
>>> cl = change_list(leichlingen_plan(), founding_motion())
>>> [(g.area, len(g.entries)) for g in cl.groups]
[('05', 1)]
>>> entry = cl.entries[0]
>>> entry.number, entry.impact.label, entry.submitter_kind.name
(1, 'neutral', 'FACTION')
>>> entry.new_text.endswith("Kennzahl: Fertigstellung 30.06.2021")
True
"""

from __future__ import annotations

import datetime
import enum
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from nkf import codes
from nkf.changes.compose import Composition
from nkf.changes.effects import (
    BalanceCheck,
    CellChange,
    ChangeEffect,
    CoverageBalance,
    Effects,
    YearEffect,
    effects,
)
from nkf.changes.recompute import framework_of
from nkf.diagnostics import Diagnostic
from nkf.errors import InvalidCode
from nkf.frameworks import Direction, Framework, LineRole
from nkf.labels import (
    COVERAGE_SOURCES,
    FIGURE_KINDS,
    INVESTMENT_FLOWS,
    PLAN_FIELDS,
    REQUEST_KINDS,
    STATUTE_FIELDS,
    SUBMITTER_KINDS,
    TAX_KINDS,
    UNIT_FIELDS,
)
from nkf.model import (
    BudgetPlan,
    BudgetUnit,
    Column,
    KeyFigure,
    KeyFigureType,
    PlanKind,
    Post,
    TaxKind,
    ValueKind,
)
from nkf.model.amendment import (
    AddArea,
    AddGoal,
    AddGroup,
    AddInvestment,
    AddKeyFigure,
    AddLine,
    AddProduct,
    AddStatute,
    Amendment,
    AmendmentStatus,
    AmountChange,
    BlockAmount,
    BlockPost,
    Change,
    CopyGoals,
    Coverage,
    CreatePost,
    DeletePost,
    EditGoal,
    GlobalReduction,
    InvestmentFlow,
    MoveAmount,
    PercentChange,
    ReleaseBlock,
    RemoveArea,
    RemoveGoal,
    RemoveGroup,
    RemoveInvestment,
    RemoveKeyFigure,
    RemoveLine,
    RemoveProduct,
    RemoveStatute,
    RenameKeyFigure,
    Request,
    SetBalanceYear,
    SetInvestmentAmount,
    SetKeyFigureValue,
    SetKwVermerk,
    SetPlanningYears,
    SetStatuteValue,
    SetTaxRate,
    SubmitterKind,
    SwapPost,
    UpdatePlan,
    UpdateUnit,
    plan_field_value,
)
from nkf.money import format_amount, format_date, format_percent

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable

    from nkf.model import Investment, Scalar
    from nkf.model.targets import Target

__all__ = [
    "GENERAL_GROUP",
    "ChangeList",
    "ChangeListEntry",
    "ChangeListGroup",
    "EntryValue",
    "Impact",
    "change_list",
    "key_figure_text",
    "origin_label",
    "scalar_text",
]

GENERAL_GROUP: Final = "Haushaltssatzung / Stellenplan / allgemein"
"""The title of the group of entries without a Produktbereich."""

_ZERO: Final = Decimal(0)


class Impact(enum.Enum):
    """The sign of a change for the Jahresergebnis (Wirkung)."""

    IMPROVEMENT = "Verbesserung"
    DETERIORATION = "Verschlechterung"
    NEUTRAL = "neutral"

    @property
    def label(self) -> str:
        """The German word."""
        return self.value

    @classmethod
    def of(cls, amount: Decimal) -> Impact:
        """The impact of an effect: + improves, − worsens, 0 is neutral."""
        if amount > 0:
            return cls.IMPROVEMENT
        if amount < 0:
            return cls.DETERIORATION
        return cls.NEUTRAL


_KIND_RANK: Final = {
    SubmitterKind.ADMINISTRATION: 0,
    SubmitterKind.COMMITTEE: 1,
    SubmitterKind.FACTION: 2,
    SubmitterKind.GROUP: 3,
    SubmitterKind.MEMBER: 3,
}


# --------------------------------------------------------------------------- values


@attrs.frozen(kw_only=True)
class EntryValue:
    """One amount row of an entry (Betragszeile): bisher, Veränderung, neu in a column.

    Attributes:
        target: What the amount is, in words (``Teilergebnisplan Z. 13 Aufwendungen für
            Sach- und Dienstleistungen``, ``Auszahlungen``).
        column: The column (year and value kind).
        old: The amount before (None: empty or new).
        delta: The change.
        new: The amount after (None: removed or only information).
        impact: Better or worse for the result, from the line's direction.
    """

    target: str
    column: Column
    old: Decimal | None
    delta: Decimal
    new: Decimal | None
    impact: Impact = Impact.NEUTRAL


@attrs.frozen(kw_only=True)
class ChangeListEntry:
    """An entry of the Veränderungsliste: one change of one motion.

    Attributes:
        number: The running number (lfd. Nr.).
        area: The Produktbereich code, or None for the general group.
        amendment_id: The motion.
        change_index: The 1-based position of the change in the motion.
        kind: The change kind (``"amount"``, ``"add-goal"`` …).
        origin: Who moves it, in words: ``SPD-Fraktion (Fraktion)``.
        submitter_kind: The kind of the (first) submitter, or None.
        reference: The Drucksache number, or None.
        date: The motion's date, or None.
        status: The motion's status.
        target: What the change is about, in words.
        values: The amount rows (for amount changes, measures, Satzung amounts).
        old_text: The old text or value (goals, key figures, Hebesätze, posts), or None.
        new_text: The new text or value, or None.
        impact: Verbesserung / Verschlechterung / neutral for the Jahresergebnis.
        explanation: The change's note, else the motion's title.
        years: The effect per year (Jahresergebnis, Finanzmittelüberschuss).
        cover: The Deckung named for this change (or that this change provides), or None.
        condition: The condition text, or None.
        derived: True for a follow-on change.
        applied: False if its condition is not met or its motion does not apply.
    """

    number: int
    area: str | None
    amendment_id: str
    change_index: int
    kind: str
    origin: str
    submitter_kind: SubmitterKind | None
    reference: str | None
    date: datetime.date | None
    status: AmendmentStatus
    target: str
    values: tuple[EntryValue, ...] = ()
    old_text: str | None = None
    new_text: str | None = None
    impact: Impact = Impact.NEUTRAL
    explanation: str = ""
    years: tuple[YearEffect, ...] = ()
    cover: str | None = None
    condition: str | None = None
    derived: bool = False
    applied: bool = True

    def result(self, year: int) -> Decimal:
        """The effect on the Jahresergebnis in ``year``."""
        return next((y.result for y in self.years if y.year == year), _ZERO)


@attrs.frozen(kw_only=True)
class ChangeListGroup:
    """The entries of one Produktbereich (or the general group) with their sum per year."""

    area: str | None
    title: str
    entries: tuple[ChangeListEntry, ...]
    years: tuple[YearEffect, ...]

    def result(self, year: int) -> Decimal:
        """The group's effect on the Jahresergebnis in ``year``."""
        return next((y.result for y in self.years if y.year == year), _ZERO)


def _positive(_instance: object, _attribute: object, value: int) -> None:
    if value < 1:
        raise ValueError(f"Die Nummer der Veränderungsliste beginnt bei 1, nicht {value}.")


@attrs.frozen(kw_only=True)
class ChangeList:
    """A Veränderungsliste (1st, 2nd … list) of a Haushaltsberatung.

    Attributes:
        title: The heading.
        version: The number of the list (1. Veränderungsliste, 2. …).
        municipality: The municipality's name.
        plan_years: The budget year(s).
        years: The years effects are shown for (budget and planning years).
        groups: The entries per Produktbereich, the general group last.
        totals: The total effect per year.
        balance: The Haushaltsausgleich per year after the changes (§ 75 GO NRW).
        coverage: The balance of each Deckungsvorschlag per year.
        diagnostics: Findings of applying the motions.
    """

    title: str
    version: int = attrs.field(validator=_positive)
    municipality: str
    plan_years: tuple[int, ...]
    years: tuple[int, ...]
    groups: tuple[ChangeListGroup, ...]
    totals: tuple[YearEffect, ...]
    balance: tuple[BalanceCheck, ...] = ()
    coverage: tuple[CoverageBalance, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def entries(self) -> tuple[ChangeListEntry, ...]:
        """All entries in list order."""
        return tuple(e for g in self.groups for e in g.entries)

    def result(self, year: int) -> Decimal:
        """The total effect on the Jahresergebnis in ``year``."""
        return next((y.result for y in self.totals if y.year == year), _ZERO)


# --------------------------------------------------------------------------- words


def origin_label(amendment: Amendment) -> str:
    """Who moves a motion, in words: ``SPD-Fraktion (Fraktion); Grüne (Fraktion)``.

    >>> from nkf.model.amendment import Submitter
    >>> a = Amendment(id="x", title="t", submitters=(
    ...     Submitter(name="Bürgermeister", kind=SubmitterKind.ADMINISTRATION),))
    >>> origin_label(a)
    'Bürgermeister (Verwaltung)'
    """
    if not amendment.submitters:
        return "(ohne Angabe)"
    return "; ".join(f"{s.name} ({SUBMITTER_KINDS[s.kind]})" for s in amendment.submitters)


def _rank(amendment: Amendment) -> int:
    ranks = [_KIND_RANK[s.kind] for s in amendment.submitters]
    return min(ranks) if ranks else 3


def _kind(amendment: Amendment) -> SubmitterKind | None:
    if not amendment.submitters:
        return None
    return min(amendment.submitters, key=lambda s: _KIND_RANK[s.kind]).kind


def _number(value: Decimal) -> str:
    decimals = 0 if value == value.to_integral_value() else 2
    return format_amount(value, currency=False, decimals=decimals)


def _rate(value: Decimal) -> str:
    decimals = 0 if value == value.to_integral_value() else 2
    return format_percent(value, decimals=decimals)


def scalar_text(value: Scalar | None, figure_type: KeyFigureType | None = None) -> str:
    """A key-figure value in words: ``30.06.2021``, ``ja``, ``1.250``, ``12,50 €``."""
    if value is None:
        return "kein Wert"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, datetime.date):
        return format_date(value)
    if figure_type is KeyFigureType.MONEY:
        return format_amount(value)
    if figure_type is KeyFigureType.PERCENT:
        return _rate(value)
    return _number(value)


def key_figure_text(figure: KeyFigure) -> str:
    """A key figure in words: ``Fertigstellung 30.06.2021`` or ``Anzahl (2021: 12; 2022: 14)``."""
    unit = f" {figure.unit}" if figure.unit else ""
    values = list(figure.values)
    if not values:
        return figure.name
    if len(values) == 1:
        return f"{figure.name} {scalar_text(values[0].value, figure.type)}{unit}"
    parts = [
        f"{v.year} {FIGURE_KINDS[v.kind]}: {scalar_text(v.value, figure.type)}{unit}"
        for v in values
    ]
    return f"{figure.name} ({'; '.join(parts)})"


def _goal_text(text: str, figures: tuple[KeyFigure, ...]) -> str:
    out = f"„{text}“"
    if figures:
        out += "; Kennzahl: " + "; ".join(key_figure_text(f) for f in figures)
    return out


class _Words:
    """Describes targets with the plan's names and the framework's line names."""

    def __init__(self, plan: BudgetPlan, framework: Framework | None) -> None:
        self.plan = plan
        self.framework = framework
        self.units: dict[str, BudgetUnit] = {}
        for u in plan.units():
            self.units.setdefault(u.code, u)
        self.measures = {m.id: m for m in plan.investments}
        self.posts = {p.id: p for p in plan.posts}

    def unit(self, code: str | None) -> str:
        if code is None:
            return ""
        unit = self.units.get(_compact(code))
        return f"{_compact(code)} {unit.name}" if unit is not None else _compact(code)

    def line(self, kind: PlanKind, number: int) -> str:
        schema = self.framework.schema(kind) if self.framework is not None else None
        definition = schema.line(number) if schema is not None else None
        name = f" {definition.name}" if definition is not None else ""
        return f"{kind.label} Z. {number}{name}"

    def direction(self, kind: PlanKind, number: int) -> Direction:
        schema = self.framework.schema(kind) if self.framework is not None else None
        definition = schema.line(number) if schema is not None else None
        return definition.direction if definition is not None else Direction.NONE

    def target(self, target: Target) -> str:
        parts: list[str] = []
        if target.unit is not None:
            parts.append(self.unit(target.unit))
        tail: list[str] = []
        if target.plan is not None and target.line is not None:
            tail.append(self.line(target.plan, target.line))
        elif target.plan is not None:
            tail.append(target.plan.label)
        if target.account:
            tail.append(f"Konto {target.account}")
        if target.cost_centre:
            tail.append(f"KSt {target.cost_centre}")
        if target.investment:
            tail.append(self.measure(target.investment))
        if tail:
            parts.append(" ".join(tail))
        if not parts:
            return f"„{target.text}“" if target.text else "Gesamtplan"
        if target.unit is None and target.plan is not None and not target.plan.is_part:
            return " ".join(parts)
        return " · ".join(parts)

    def measure(self, ident: str) -> str:
        m = self.measures.get(ident)
        return f"Maßnahme {ident} {m.name}" if m is not None else f"Maßnahme {ident}"

    def post(self, ident: str) -> str:
        p = self.posts.get(ident)
        return f"Stelle {ident} {p.title}" if p is not None else f"Stelle {ident}"

    def cell(self, cell: CellChange) -> str:
        line = self.line(cell.plan, cell.line)
        return f"{self.unit(cell.unit)} · {line}" if cell.unit is not None else line

    def impact(self, cell: CellChange) -> Impact:
        direction = self.direction(cell.plan, cell.line)
        if direction is Direction.IN:
            return Impact.of(cell.delta)
        if direction is Direction.OUT:
            return Impact.of(-cell.delta)
        if self._is_gma(cell):
            return Impact.of(cell.delta)
        return Impact.NEUTRAL

    def _is_gma(self, cell: CellChange) -> bool:
        if self.framework is None:
            return False
        return (cell.plan, cell.line) in self.framework.lines_for(LineRole.GLOBAL_REDUCTION)


def _compact(code: str) -> str:
    try:
        return codes.compact(code)
    except InvalidCode:
        return code.strip()


def _area(code: str | None) -> str | None:
    """The Produktbereich of a unit code, or None."""
    if code is None:
        return None
    try:
        return codes.parse(code).area_code
    except InvalidCode:
        digits = code.strip()
        return digits[:2] if len(digits) >= 2 and digits[:2].isdigit() else None


# --------------------------------------------------------------------------- describing


@attrs.frozen(kw_only=True)
class _Described:
    """What a change says, before numbering: area, target, texts, rows."""

    area: str | None
    target: str
    old_text: str | None = None
    new_text: str | None = None
    values: tuple[EntryValue, ...] = ()


def _year_column(plan: BudgetPlan, year: int, flow: InvestmentFlow | None = None) -> Column:
    if flow is InvestmentFlow.COMMITMENT:
        return Column(year=year, kind=ValueKind.VE)
    kind = ValueKind.ANSATZ if year in plan.years or year < plan.year else ValueKind.PLANUNG
    return Column(year=year, kind=kind)


def _cells_rows(
    words: _Words, cells: Iterable[CellChange], *, with_unit: bool
) -> tuple[EntryValue, ...]:
    rows = []
    for cell in cells:
        label = words.cell(cell) if with_unit else words.line(cell.plan, cell.line)
        rows.append(
            EntryValue(
                target=label,
                column=cell.column,
                old=cell.old,
                delta=cell.delta,
                new=cell.new,
                impact=words.impact(cell),
            )
        )
    return tuple(rows)


def _describe(words: _Words, effect: ChangeEffect) -> _Described:
    """Area, target in words, old/new texts and amount rows of one change."""
    ch = effect.change
    before = effect.before if effect.before is not None else words.plan
    if isinstance(ch, AmountChange | AddLine | RemoveLine | MoveAmount):
        single = {c.unit for c in effect.cells} <= {ch.target.unit and _compact(ch.target.unit)}
        rows = _cells_rows(words, effect.cells, with_unit=not single)
        if not rows and isinstance(ch, AmountChange):
            rows = (_stated_row(words, ch),)
        new_text = "Zeile gestrichen" if isinstance(ch, RemoveLine) else None
        if isinstance(ch, MoveAmount):
            amount = format_amount(ch.amount) if ch.amount is not None else "der ganze Betrag"
            new_text = f"Verschiebung {amount} von {ch.from_column} nach {ch.to_column}"
        return _Described(
            area=_area(ch.target.unit),
            target=words.target(ch.target),
            new_text=new_text,
            values=rows,
        )
    if isinstance(ch, PercentChange):
        areas = {_area(t.unit) for t in ch.targets}
        return _Described(
            area=areas.pop() if len(areas) == 1 else None,
            target="; ".join(words.target(t) for t in ch.targets),
            new_text=f"Veränderung um {_rate(ch.percent)}"
            + (f" (Basis {ch.base_column})" if ch.base_column is not None else ""),
            values=_cells_rows(words, effect.cells, with_unit=True),
        )
    if isinstance(ch, GlobalReduction):
        what = format_amount(ch.amount) if ch.amount is not None else None
        if what is None and ch.percent is not None:
            what = f"{_rate(ch.percent)} der Aufwendungen"
        return _Described(
            area=None,
            target=f"Ergebnisplan · globaler Minderaufwand {ch.column}",
            new_text=f"globaler Minderaufwand {what or ''}".strip(),
            values=_cells_rows(words, effect.cells, with_unit=False),
        )
    return (
        _describe_structure(words, ch, before)
        or _describe_unit(words, ch, before)
        or _describe_plan(ch, before)
        or _describe_other(words, effect, before)
    )


def _stated_row(words: _Words, ch: AmountChange) -> EntryValue:
    """The row as the motion states it (for a change that did not apply)."""
    delta = ch.delta
    if delta is None and ch.new is not None and ch.old is not None:
        delta = ch.new - ch.old
    impact = Impact.NEUTRAL
    if delta is not None and ch.target.plan is not None and ch.target.line is not None:
        direction = words.direction(ch.target.plan, ch.target.line)
        sign = {Direction.IN: 1, Direction.OUT: -1}.get(direction, 0)
        impact = Impact.of(sign * delta)
    label = (
        words.line(ch.target.plan, ch.target.line)
        if ch.target.plan is not None and ch.target.line is not None
        else words.target(ch.target)
    )
    return EntryValue(
        target=label, column=ch.column, old=ch.old, delta=delta or _ZERO, new=ch.new, impact=impact
    )


def _unit_of(plan: BudgetPlan, code: str) -> BudgetUnit | None:
    wanted = _compact(code)
    return next((u for u in plan.units() if u.code == wanted), None)


def _figures(unit: BudgetUnit | None, goal: int | None) -> tuple[KeyFigure, ...]:
    if unit is None:
        return ()
    if goal is None:
        return unit.key_figures
    return unit.goals[goal - 1].key_figures if 1 <= goal <= len(unit.goals) else ()


def _figure(unit: BudgetUnit | None, goal: int | None, position: int) -> KeyFigure | None:
    figures = _figures(unit, goal)
    return figures[position - 1] if 1 <= position <= len(figures) else None


def _holder(words: _Words, code: str, goal: int | None) -> str:
    where = f"{goal}. Ziel" if goal is not None else "Kennzahlen"
    return f"{words.unit(code)} · {where}"


def _counted(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _describe_structure(words: _Words, ch: Change, before: BudgetPlan) -> _Described | None:
    """Produktbereiche and Produktgruppen added or removed (K3)."""
    if isinstance(ch, AddArea):
        a = ch.area
        held = _counted(len(a.groups), "Produktgruppe", "Produktgruppen")
        products = _counted(sum(1 for _ in a.products()), "Produkt", "Produkten")
        return _Described(
            area=_area(a.code),
            target=f"{_compact(a.code)} {a.name}",
            new_text=f"neuer Produktbereich mit {held} und {products}",
        )
    if isinstance(ch, AddGroup):
        g = ch.group
        products = _counted(len(g.products), "Produkt", "Produkten")
        return _Described(
            area=_area(ch.area),
            target=f"{_compact(g.code)} {g.name}",
            new_text=f"neue Produktgruppe in Produktbereich {_compact(ch.area)} mit {products}",
        )
    if isinstance(ch, RemoveArea | RemoveGroup):
        unit = _unit_of(before, ch.code)
        what = (
            "Produktbereich gestrichen, mit seinen Produktgruppen und Produkten"
            if isinstance(ch, RemoveArea)
            else "Produktgruppe gestrichen, mit ihren Produkten"
        )
        return _Described(
            area=_area(ch.code),
            target=words.unit(ch.code),
            old_text=unit.name if unit is not None else ch.old_name,
            new_text=what,
        )
    return None


def _describe_unit(words: _Words, ch: Change, before: BudgetPlan) -> _Described | None:
    """Products, goals and key figures (K3, K10)."""
    if isinstance(ch, AddProduct):
        p = ch.product
        at = f" an Position {ch.position}" if ch.position is not None else ""
        return _Described(
            area=_area(p.code),
            target=f"{_compact(p.code)} {p.name}",
            new_text=f"neues Produkt in Produktgruppe {_compact(ch.group)}{at}",
        )
    if isinstance(ch, RemoveProduct):
        unit = _unit_of(before, ch.code)
        return _Described(
            area=_area(ch.code),
            target=words.unit(ch.code),
            old_text=unit.name if unit is not None else ch.old_name,
            new_text="Produkt gestrichen",
        )
    if isinstance(ch, UpdateUnit):
        unit = _unit_of(before, ch.unit)
        old = getattr(unit, ch.field.value) if unit is not None else ch.old
        old = old.value if isinstance(old, enum.Enum) else old
        return _Described(
            area=_area(ch.unit),
            target=f"{words.unit(ch.unit)} · {UNIT_FIELDS[ch.field]}",
            old_text=old,
            new_text=ch.new if ch.new is not None else "(gelöscht)",
        )
    if isinstance(ch, AddGoal):
        where = f"neues Ziel an Position {ch.position}" if ch.position else "neues Ziel"
        return _Described(
            area=_area(ch.unit),
            target=f"{words.unit(ch.unit)} · Produktziele",
            new_text=f"{where}: {_goal_text(ch.goal.text, ch.goal.key_figures)}",
        )
    if isinstance(ch, RemoveGoal | EditGoal):
        unit = _unit_of(before, ch.unit)
        old = (
            unit.goals[ch.position - 1].text
            if unit and 1 <= ch.position <= len(unit.goals)
            else None
        )
        old = old if old is not None else ch.old_text
        return _Described(
            area=_area(ch.unit),
            target=f"{words.unit(ch.unit)} · {ch.position}. Ziel",
            old_text=f"„{old}“" if old is not None else None,
            new_text=f"„{ch.new_text}“" if isinstance(ch, EditGoal) else "Ziel gestrichen",
        )
    if isinstance(ch, CopyGoals):
        return _Described(
            area=_area(ch.unit),
            target=f"{words.unit(ch.unit)} · Produktziele",
            new_text=f"Ziele übernommen aus {words.unit(ch.source)}",
        )
    if isinstance(ch, AddKeyFigure):
        return _Described(
            area=_area(ch.unit),
            target=_holder(words, ch.unit, ch.goal),
            new_text=f"neue Kennzahl: {key_figure_text(ch.key_figure)}",
        )
    if isinstance(ch, RemoveKeyFigure | RenameKeyFigure | SetKeyFigureValue):
        figure = _figure(_unit_of(before, ch.unit), ch.goal, ch.position)
        name = figure.name if figure is not None else f"{ch.position}. Kennzahl"
        target = f"{_holder(words, ch.unit, ch.goal)} · Kennzahl „{name}“"
        if isinstance(ch, RemoveKeyFigure):
            return _Described(
                area=_area(ch.unit), target=target, old_text=name, new_text="Kennzahl gestrichen"
            )
        if isinstance(ch, RenameKeyFigure):
            return _Described(
                area=_area(ch.unit), target=target, old_text=name, new_text=ch.new_name
            )
        kind_ = figure.type if figure is not None else None
        old_value = figure.value_for(ch.year, ch.figure_kind) if figure is not None else ch.old
        label = f"{ch.year} {FIGURE_KINDS[ch.figure_kind]}"
        return _Described(
            area=_area(ch.unit),
            target=f"{target} · {label}",
            old_text=scalar_text(old_value, kind_),
            new_text=scalar_text(ch.new, kind_),
        )
    return None


def _describe_other(words: _Words, effect: ChangeEffect, before: BudgetPlan) -> _Described:
    """Satzung, measures, posts, Sperrvermerke and requests."""
    ch = effect.change
    plan = words.plan
    if isinstance(ch, SetTaxRate):
        statute = before.statute(ch.year)
        old = statute.tax_rates.rate(ch.tax) if statute is not None else ch.old
        return _Described(
            area=None,
            target=f"Haushaltssatzung {ch.year} · Hebesatz {TAX_KINDS[ch.tax]}",
            old_text=_rate(old) if old is not None else None,
            new_text=_rate(ch.new) if ch.new is not None else "(gestrichen)",
        )
    if isinstance(ch, SetStatuteValue):
        statute = before.statute(ch.year)
        old = getattr(statute, ch.field.value) if statute is not None else ch.old
        row = EntryValue(
            target=STATUTE_FIELDS[ch.field],
            column=Column(year=ch.year, kind=ValueKind.ANSATZ),
            old=old,
            delta=(ch.new or _ZERO) - (old or _ZERO),
            new=ch.new,
        )
        return _Described(
            area=None,
            target=f"Haushaltssatzung {ch.year} · {STATUTE_FIELDS[ch.field]}",
            values=(row,),
        )
    if isinstance(ch, AddInvestment | RemoveInvestment | SetInvestmentAmount):
        return _describe_measure(words, ch, before)
    if isinstance(ch, CreatePost | DeletePost | BlockPost | SwapPost | SetKwVermerk):
        return _describe_post(words, ch, before)
    if isinstance(ch, BlockAmount):
        amount = f" über {format_amount(ch.amount)}" if ch.amount is not None else ""
        column = f" ({ch.column})" if ch.column is not None else ""
        return _Described(
            area=_area(ch.target.unit),
            target=words.target(ch.target) + column,
            new_text=f"Sperrvermerk {ch.block_id}{amount}; Freigabe durch {ch.releasing_body}, "
            f"wenn {ch.release_condition}",
        )
    if isinstance(ch, ReleaseBlock):
        block = next((b for b in before.blocks if b.id == ch.block_id), None)
        amount = format_amount(ch.amount) if ch.amount is not None else "vollständig"
        return _Described(
            area=_area(block.target.unit) if block is not None else None,
            target=words.target(block.target)
            if block is not None
            else f"Sperrvermerk {ch.block_id}",
            new_text=f"Freigabe des Sperrvermerks {ch.block_id}: {amount}",
        )
    if isinstance(ch, Request):
        target = words.target(ch.target) if ch.target is not None else REQUEST_KINDS[ch.request]
        due = f" (bis {format_date(ch.due)})" if ch.due is not None else ""
        return _Described(
            area=_area(ch.target.unit) if ch.target is not None else None,
            target=target,
            new_text=f"{REQUEST_KINDS[ch.request]}: {ch.text}{due}",
        )
    return _Described(area=None, target=plan.title or "Haushaltsplan")  # pragma: no cover


def _years_text(years: tuple[int, ...]) -> str:
    return ", ".join(str(y) for y in years) if years else "keine"


def _describe_plan(ch: Change, before: BudgetPlan) -> _Described | None:
    """The Haushaltssatzung as a whole, the year of the Haushaltsausgleich, plan metadata."""
    if isinstance(ch, AddStatute):
        rates = [
            f"{TAX_KINDS[t]} {_rate(r)}"
            for t in TaxKind
            if (r := ch.statute.tax_rates.rate(t)) is not None
        ]
        return _Described(
            area=None,
            target=f"Haushaltssatzung {ch.statute.year}",
            new_text="neue Haushaltssatzung"
            + (f"; Hebesätze: {', '.join(rates)}" if rates else ""),
        )
    if isinstance(ch, RemoveStatute):
        return _Described(
            area=None,
            target=f"Haushaltssatzung {ch.year}",
            new_text="Haushaltssatzung gestrichen",
        )
    if isinstance(ch, SetBalanceYear):
        statute = before.statute(ch.year)
        old = statute.balance_restored_year if statute is not None else ch.old
        return _Described(
            area=None,
            target=f"Haushaltssatzung {ch.year} · Jahr des Haushaltsausgleichs",
            old_text=str(old) if old is not None else None,
            new_text=str(ch.new) if ch.new is not None else "(gestrichen)",
        )
    if isinstance(ch, UpdatePlan):
        return _Described(
            area=None,
            target=f"Haushaltsplan · {PLAN_FIELDS[ch.field]}",
            old_text=plan_field_value(before, ch.field),
            new_text=ch.new if ch.new is not None else "(gelöscht)",
        )
    if isinstance(ch, SetPlanningYears):
        return _Described(
            area=None,
            target="Haushaltsplan · Planungsjahre",
            old_text=_years_text(before.planning_years),
            new_text=_years_text(ch.new),
        )
    return None


def _measure_product(plan: BudgetPlan, ident: str) -> str | None:
    m = next((x for x in plan.investments if x.id == ident), None)
    return m.product if m is not None else None


def _flows(investment: Investment, flow: InvestmentFlow) -> list[tuple[int, Decimal]]:
    if flow is InvestmentFlow.COMMITMENT:
        return [(c.year, c.amount) for c in investment.commitments]
    items = investment.payments if flow is InvestmentFlow.PAYMENT else investment.receipts
    return [(y.year, y.amount) for y in items]


def _describe_measure(
    words: _Words, ch: AddInvestment | RemoveInvestment | SetInvestmentAmount, before: BudgetPlan
) -> _Described:
    plan = words.plan
    if isinstance(ch, AddInvestment):
        new = ch.investment
        rows = tuple(
            EntryValue(
                target=INVESTMENT_FLOWS[flow],
                column=_year_column(plan, year, flow),
                old=None,
                delta=amount,
                new=amount,
                impact=Impact.of(amount if flow is InvestmentFlow.RECEIPT else -amount)
                if flow is not InvestmentFlow.COMMITMENT
                else Impact.NEUTRAL,
            )
            for flow in InvestmentFlow
            for year, amount in _flows(new, flow)
        )
        return _Described(
            area=_area(new.product),
            target=f"Maßnahme {new.id} {new.name}",
            new_text="neue Investitionsmaßnahme",
            values=rows,
        )
    product = _measure_product(before, ch.id)
    m = next((x for x in before.investments if x.id == ch.id), None)
    if isinstance(ch, RemoveInvestment):
        return _Described(
            area=_area(product),
            target=words.measure(ch.id),
            old_text=m.name if m is not None else ch.old_name,
            new_text="Maßnahme gestrichen",
        )
    old = dict(_flows(m, ch.flow)).get(ch.year) if m is not None else ch.old
    delta = (ch.new or _ZERO) - (old or _ZERO)
    impact = Impact.NEUTRAL
    if ch.flow is not InvestmentFlow.COMMITMENT:
        impact = Impact.of(delta if ch.flow is InvestmentFlow.RECEIPT else -delta)
    row = EntryValue(
        target=INVESTMENT_FLOWS[ch.flow],
        column=_year_column(plan, ch.year, ch.flow),
        old=old,
        delta=delta,
        new=ch.new,
        impact=impact,
    )
    return _Described(area=_area(product), target=words.measure(ch.id), values=(row,))


def _post_text(post: Post) -> str:
    grade = f", {post.pay_grade}" if post.pay_grade else ", Entgeltgruppe offen"
    kw = f", kw {post.kw_year}" if post.kw_year is not None else ""
    return f"{post.title}: {_number(post.fte)} VZÄ{grade}{kw}"


def _describe_post(
    words: _Words,
    ch: CreatePost | DeletePost | BlockPost | SwapPost | SetKwVermerk,
    before: BudgetPlan,
) -> _Described:
    posts = {p.id: p for p in before.posts}
    if isinstance(ch, CreatePost):
        rows = tuple(
            EntryValue(
                target="Personalkosten (nachrichtlich)",
                column=cv.column,
                old=None,
                delta=cv.amount,
                new=None,
                impact=Impact.of(-cv.amount),
            )
            for cv in ch.cost
        )
        return _Described(
            area=_area(ch.post.product),
            target=f"Stellenplan · Stelle {ch.post.id}",
            new_text=f"neue Stelle {_post_text(ch.post)}",
            values=rows,
        )
    post = posts.get(ch.post_id)
    area = _area(post.product) if post is not None else None
    target = f"Stellenplan · {words.post(ch.post_id)}"
    old = _post_text(post) if post is not None else None
    if isinstance(ch, DeletePost):
        return _Described(area=area, target=target, old_text=old, new_text="Stelle gestrichen")
    if isinstance(ch, BlockPost):
        return _Described(area=area, target=target, old_text=old, new_text="Stellensperre")
    if isinstance(ch, SwapPost):
        return _Described(
            area=area,
            target=target,
            old_text=old,
            new_text=f"getauscht gegen {_post_text(ch.new_post)}",
        )
    old_kw = post.kw_year if post is not None else ch.old_year
    return _Described(
        area=area,
        target=target,
        old_text=f"kw {old_kw}" if old_kw is not None else "ohne kw-Vermerk",
        new_text=f"kw {ch.year}" if ch.year is not None else "kw-Vermerk entfällt",
    )


# --------------------------------------------------------------------------- list


def _impact(years: tuple[YearEffect, ...], rows: tuple[EntryValue, ...]) -> Impact:
    result = sum((y.result for y in years), _ZERO)
    if any(y.result for y in years):
        return Impact.of(result)
    cash = sum((y.cash for y in years), _ZERO)
    if any(y.cash for y in years):
        return Impact.of(cash)
    found = {r.impact for r in rows} - {Impact.NEUTRAL}
    return found.pop() if len(found) == 1 else Impact.NEUTRAL


def _flatten(items: tuple[Amendment | Composition, ...]) -> list[Amendment]:
    flat: list[Amendment] = []
    for item in items:
        flat.extend(item.amendments if isinstance(item, Composition) else (item,))
    return flat


def _group_title(plan: BudgetPlan, framework: Framework | None, area: str | None) -> str:
    if area is None:
        return GENERAL_GROUP
    unit = plan.area(area)
    definition = framework.area(area) if framework is not None else None
    name = unit.name if unit is not None else definition.name if definition is not None else ""
    return f"Produktbereich {area} {name}".strip()


def _sum(
    effects_: Iterable[tuple[YearEffect, ...]], template: tuple[YearEffect, ...]
) -> tuple[YearEffect, ...]:
    totals = {y.year: [_ZERO, _ZERO] for y in template}
    for years in effects_:
        for y in years:
            if y.year in totals:
                totals[y.year][0] += y.result
                totals[y.year][1] += y.cash
    return tuple(
        attrs.evolve(y, result=totals[y.year][0], cash=totals[y.year][1]) for y in template
    )


def _covers(
    amendments: list[Amendment], entries: list[ChangeListEntry]
) -> dict[tuple[str, int], str]:
    """The Deckung text of each linked entry (covered changes and their offsets)."""
    number = {(e.amendment_id, e.change_index): e.number for e in entries}
    ids = {a.id for a in amendments}
    texts: dict[tuple[str, int], list[str]] = {}
    for a in amendments:
        refs = {c.ref: i for i, c in enumerate(a.changes, start=1) if c.ref is not None}
        for change in a.changes:
            if not isinstance(change, Coverage):
                continue

            def where(
                name: str, aid: str = a.id, local: dict[str, int] = refs
            ) -> tuple[str, int] | None:
                if name in local:
                    return (aid, local[name])
                prefix, sep, rest = name.partition("#")
                if sep and prefix in ids:
                    other = next(x for x in amendments if x.id == prefix)
                    index = next(
                        (i for i, c in enumerate(other.changes, start=1) if c.ref == rest), None
                    )
                    return (prefix, index) if index is not None else None
                return None

            covered = [k for n in change.covers if (k := where(n)) is not None]
            offsets = [k for n in change.offsets if (k := where(n)) is not None]
            source = COVERAGE_SOURCES[change.source]
            by = ", ".join(f"lfd. Nr. {number[k]}" for k in offsets if k in number)
            stated = "; ".join(f"{v.column} {format_amount(v.amount)}" for v in change.amounts)
            text = f"Deckung: {source}"
            if by:
                text += f" ({by})"
            if change.motions:
                text += f"; Anträge {', '.join(change.motions)}"
            if stated:
                text += f"; {stated}"
            if change.text:
                text += f"; {change.text}"
            for k in covered:
                texts.setdefault(k, []).append(text)
            targets = ", ".join(f"lfd. Nr. {number[k]}" for k in covered if k in number)
            for k in offsets:
                texts.setdefault(k, []).append(
                    f"Deckung für {targets}" if targets else "Deckungsbeitrag"
                )
    return {k: " | ".join(v) for k, v in texts.items()}


def change_list(
    plan: BudgetPlan,
    *amendments: Amendment | Composition,
    conditions_met: Collection[str] = (),
    title: str | None = None,
    version: int = 1,
) -> ChangeList:
    """The Veränderungsliste of ``amendments`` against ``plan`` (requirement 14).

    Args:
        plan: The Haushaltsplan (Entwurf).
        *amendments: The motions (or compositions) in the order they apply.
        conditions_met: Texts or groups of conditions declared met (as for apply).
        title: The heading; default "<version>. Veränderungsliste – <plan title>".
        version: The number of the list (1st, 2nd …), at least 1.

    Returns:
        The change list with numbered entries grouped by Produktbereich.

    Raises:
        ValueError: ``version`` is below 1.
    """
    if version < 1:
        raise ValueError(f"Die Nummer der Veränderungsliste beginnt bei 1, nicht {version}.")
    flat = _flatten(amendments)
    result: Effects = effects(plan, *flat, conditions_met=conditions_met)
    framework = framework_of(plan)
    words = _Words(plan, framework)
    by_id = {a.id: a for a in flat}
    order = {a.id: i for i, a in enumerate(flat)}
    drafts: list[tuple[tuple[int, int, int, int], ChangeListEntry]] = []
    for effect in result.changes:
        if isinstance(effect.change, Coverage):
            continue
        a = by_id[effect.amendment_id]
        d = _describe(words, effect)
        entry = ChangeListEntry(
            number=0,
            area=d.area,
            amendment_id=a.id,
            change_index=effect.index,
            kind=effect.change.kind,
            origin=origin_label(a),
            submitter_kind=_kind(a),
            reference=a.reference,
            date=a.date,
            status=a.status,
            target=d.target,
            values=d.values,
            old_text=d.old_text,
            new_text=d.new_text,
            impact=_impact(effect.years, d.values),
            explanation=effect.change.note or a.title,
            years=effect.years,
            condition=effect.change.condition.text if effect.change.condition else None,
            derived=effect.change.derived,
            applied=effect.applied,
        )
        area_key = int(d.area) if d.area is not None and d.area.isdigit() else 10**6
        if d.area is None:
            area_key = 10**7
        drafts.append(((area_key, _rank(a), order[a.id], effect.index), entry))
    drafts.sort(key=lambda x: x[0])
    numbered = [attrs.evolve(e, number=n) for n, (_, e) in enumerate(drafts, start=1)]
    cover = _covers(flat, numbered)
    numbered = [
        attrs.evolve(e, cover=cover.get((e.amendment_id, e.change_index))) for e in numbered
    ]
    groups: list[ChangeListGroup] = []
    for entry in numbered:
        if not groups or groups[-1].area != entry.area:
            groups.append(
                ChangeListGroup(
                    area=entry.area,
                    title=_group_title(plan, framework, entry.area),
                    entries=(),
                    years=(),
                )
            )
        groups[-1] = attrs.evolve(groups[-1], entries=(*groups[-1].entries, entry))
    groups = [
        attrs.evolve(g, years=_sum((e.years for e in g.entries), result.years)) for g in groups
    ]
    heading = plan.title or f"Haushaltsplan {'/'.join(str(y) for y in plan.years)}"
    return ChangeList(
        title=title if title is not None else f"{version}. Veränderungsliste – {heading}",
        version=version,
        municipality=plan.municipality.name,
        plan_years=plan.years,
        years=tuple(y.year for y in result.years),
        groups=tuple(groups),
        totals=result.years,
        balance=result.balance,
        coverage=result.coverage,
        diagnostics=result.diagnostics,
    )
