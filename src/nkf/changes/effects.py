"""Financial effects of motions (Finanzielle Auswirkungen), computed by applying them.

:func:`effects` applies the motions with :func:`nkf.changes.apply.try_apply` and compares
the plan before and after, so the figures follow exactly what apply does. Per budget and
planning year it reports

* the effect on the **Jahresergebnis** (Ergebnisplan): the change of the line with the
  role ``ANNUAL_RESULT_AFTER_GMA`` (else ``ANNUAL_RESULT``) of the Gesamtergebnisplan.
  A plan without Gesamtergebnisplan lines sums the Teilergebnispläne instead: entry lines
  with :attr:`~nkf.frameworks.Direction.IN` count +, those with ``OUT`` count −, over the
  Teilpläne that count for the Gesamtplan (an area's own lines, else its groups', else its
  products'; :func:`nkf.changes.recompute.part_units`), never the internal service lines
  27/28, plus a globaler Minderaufwand of the Ergebnisplan;
* the effect on the **Finanzmittelüberschuss/-fehlbetrag** (Finanzplan line with the role
  ``CASH_SURPLUS``; without Gesamtfinanzplan the investive Teilfinanzplan lines likewise);
* the **coverage balance** of every Deckungsvorschlag: the cost of the covered changes
  against the relief of their offsets (or the stated cover amount where no offset is
  named); a balance ≥ 0 means covered;
* whether the **Haushaltsausgleich** (§ 75 Abs. 2 GO NRW) holds afterwards: a Jahresergebnis
  ≥ 0, or a Fehlbedarf covered by the Haushaltssatzung's Inanspruchnahme der
  Ausgleichsrücklage (fiktiver Ausgleich).

A positive effect is an improvement (Verbesserung), a negative one a deterioration
(Verschlechterung). Each change's own effect is the difference between applying its
motion up to and including it and up to the change before (all in one run, as apply
does), so the effects of a motion's changes add up to the motion's effect.

>>> from decimal import Decimal
>>> from nkf.examples import founding_motion, leichlingen_plan
>>> from nkf.model import Column, PlanKind, ValueKind
>>> from nkf.model.amendment import AmountChange, Amendment
>>> from nkf.model.targets import Target
>>> more = Amendment(id="k1", title="Mehr Sachmittel", changes=(AmountChange(
...     target=Target(unit="050101", plan=PlanKind.TEILERGEBNISPLAN, line=13),
...     column=Column(year=2021, kind=ValueKind.ANSATZ), delta=Decimal(15000)),))
>>> e = effects(leichlingen_plan(), more)
>>> e.result(2021), e.result(2022)
(Decimal('-15000'), Decimal('0'))
>>> effects(leichlingen_plan(), founding_motion()).result(2021)
Decimal('0')
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from nkf.changes.apply import applies, try_apply
from nkf.changes.compose import Composition
from nkf.changes.recompute import derived_gesamt_line, framework_of, part_units
from nkf.diagnostics import Diagnostic
from nkf.frameworks import Direction, Framework, LineKind, LineRole
from nkf.model import BudgetPlan, BudgetUnit, Column, PlanKind, PlanLine, ValueKind
from nkf.model.amendment import (
    AddGoal,
    AddInvestment,
    AddKeyFigure,
    AddStatute,
    Amendment,
    BlockAmount,
    BlockPost,
    Change,
    CopyGoals,
    Coverage,
    CoverageSource,
    CreatePost,
    DeletePost,
    EditGoal,
    ReleaseBlock,
    RemoveGoal,
    RemoveInvestment,
    RemoveKeyFigure,
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
    SwapPost,
    UpdatePlan,
    UpdateUnit,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Iterator

__all__ = [
    "LINE_NEUTRAL",
    "BalanceCheck",
    "CellChange",
    "ChangeEffect",
    "CoverageBalance",
    "Effects",
    "YearEffect",
    "effects",
    "plan_columns",
]

_ZERO: Final = Decimal(0)


# --------------------------------------------------------------------------- values


@attrs.frozen(kw_only=True)
class YearEffect:
    """The effect in one year (Jahreswirkung): + improves, − worsens.

    Attributes:
        year: The budget or planning year.
        column: The column read: Ansatz for budget years, Planung for planning years.
        result: Effect on the Jahresergebnis (Ergebnisplan).
        cash: Effect on the Finanzmittelüberschuss/-fehlbetrag (Finanzplan).
    """

    year: int
    column: Column
    result: Decimal = _ZERO
    cash: Decimal = _ZERO


@attrs.frozen(kw_only=True)
class CellChange:
    """One entry cell a change altered (Zellenänderung): old and new value.

    ``unit`` None is the Gesamtplan; an empty cell or a missing line is None.
    """

    unit: str | None
    plan: PlanKind
    line: int
    column: Column
    old: Decimal | None
    new: Decimal | None

    @property
    def delta(self) -> Decimal:
        """``new − old``, empty cells counted as zero."""
        return (self.new or _ZERO) - (self.old or _ZERO)


@attrs.frozen(kw_only=True)
class ChangeEffect:
    """What one change did (Wirkung einer Änderung), with its provenance.

    Attributes:
        amendment_id: The motion.
        index: The 1-based position of the change in its motion.
        change: The change.
        applied: False if its condition is not met or its motion does not apply.
        years: Its effect per year.
        cells: The entry cells it altered (sum and derived Gesamtplan lines left out).
        before: The plan just before the change (not part of equality).
        after: The plan just after it (not part of equality); for a change that
            alters no plan line (goals, Hebesätze, posts …) the plan after the last
            change of its motion that did.
    """

    amendment_id: str
    index: int
    change: Change
    applied: bool
    years: tuple[YearEffect, ...]
    cells: tuple[CellChange, ...] = ()
    before: BudgetPlan | None = attrs.field(default=None, eq=False, repr=False)
    after: BudgetPlan | None = attrs.field(default=None, eq=False, repr=False)

    def result(self, year: int) -> Decimal:
        """The effect on the Jahresergebnis in ``year``."""
        return next((y.result for y in self.years if y.year == year), _ZERO)

    def cash(self, year: int) -> Decimal:
        """The effect on the Finanzmittelüberschuss in ``year``."""
        return next((y.cash for y in self.years if y.year == year), _ZERO)


@attrs.frozen(kw_only=True)
class CoverageBalance:
    """The balance of a Deckungsvorschlag in one year (Deckungssaldo).

    Attributes:
        amendment_id: The motion with the Deckungsvorschlag.
        index: The 1-based position of the Coverage change in it.
        source: Where the cover comes from.
        year: The year.
        cost: What the covered changes cost (worsening, ≥ 0 for a cost).
        cover: What the offsets bring (improvement), or the stated cover amount.
        basis: ``"Ergebnisplan"``, or ``"Finanzplan"`` when the linked changes touch only
            payments (investive changes).
    """

    amendment_id: str
    index: int
    source: CoverageSource
    year: int
    cost: Decimal
    cover: Decimal
    basis: str = "Ergebnisplan"

    @property
    def balance(self) -> Decimal:
        """``cover − cost``; zero or positive means covered."""
        return self.cover - self.cost

    @property
    def covered(self) -> bool:
        """True if the cover reaches the cost (gedeckt)."""
        return self.balance >= 0


@attrs.frozen(kw_only=True)
class BalanceCheck:
    """The Haushaltsausgleich in one year after the motions (§ 75 Abs. 2 GO NRW).

    Attributes:
        year: The year.
        column: The column read.
        result_before: The Jahresergebnis before the motions (None: the plan has none).
        result_after: The Jahresergebnis after them.
        reserve_use: The Inanspruchnahme der Ausgleichsrücklage of the Haushaltssatzung
            of that year (after the motions), or None.
    """

    year: int
    column: Column
    result_before: Decimal | None
    result_after: Decimal | None
    reserve_use: Decimal | None

    @property
    def deficit(self) -> Decimal:
        """The Fehlbedarf (≥ 0) after the motions."""
        return max(-(self.result_after or _ZERO), _ZERO)

    @property
    def balanced(self) -> bool:
        """True if the Jahresergebnis is ≥ 0 or the Ausgleichsrücklage covers the deficit."""
        if self.result_after is None:
            return True
        return self.deficit == 0 or (self.reserve_use or _ZERO) >= self.deficit

    @property
    def fictitious(self) -> bool:
        """True if balanced only through the Ausgleichsrücklage (fiktiver Ausgleich)."""
        return self.balanced and self.deficit > 0


@attrs.frozen(kw_only=True)
class Effects:
    """The financial effects of motions on a plan (Finanzielle Auswirkungen).

    Attributes:
        amendment_ids: The motions, in the order applied.
        applied_ids: Those that applied (a motion with an error applies not at all).
        years: The total effect per year.
        changes: Each change's effect, in order.
        coverage: The balance of each Deckungsvorschlag per year.
        balance: The Haushaltsausgleich per year after the motions.
        diagnostics: The findings of applying (errors of motions that did not apply,
            skipped conditional changes).
        after: The plan after the motions (not part of equality).
    """

    amendment_ids: tuple[str, ...]
    applied_ids: tuple[str, ...]
    years: tuple[YearEffect, ...]
    changes: tuple[ChangeEffect, ...]
    coverage: tuple[CoverageBalance, ...]
    balance: tuple[BalanceCheck, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    after: BudgetPlan | None = attrs.field(default=None, eq=False, repr=False)

    def result(self, year: int) -> Decimal:
        """The total effect on the Jahresergebnis in ``year``."""
        return next((y.result for y in self.years if y.year == year), _ZERO)

    def cash(self, year: int) -> Decimal:
        """The total effect on the Finanzmittelüberschuss in ``year``."""
        return next((y.cash for y in self.years if y.year == year), _ZERO)

    def of(self, amendment_id: str, index: int) -> ChangeEffect:
        """The effect of change ``index`` of motion ``amendment_id``; KeyError if none."""
        for c in self.changes:
            if c.amendment_id == amendment_id and c.index == index:
                return c
        raise KeyError((amendment_id, index))

    @property
    def balanced(self) -> bool:
        """True if the Haushaltsausgleich holds in every year checked."""
        return all(b.balanced for b in self.balance)


# --------------------------------------------------------------------------- measuring


def plan_columns(plan: BudgetPlan) -> tuple[tuple[int, Column], ...]:
    """The years effects are reported for, with the column read (Ansatz, Planung)."""
    found = [(y, Column(year=y, kind=ValueKind.ANSATZ)) for y in plan.years]
    found += [
        (y, Column(year=y, kind=ValueKind.PLANUNG))
        for y in plan.planning_years
        if y not in plan.years
    ]
    return tuple(found)


def _signs(framework: Framework | None, kind: PlanKind) -> dict[int, int]:
    """Line number → +1 / −1 for the entry (and adjustment) lines that count for a result.

    Entry lines with direction in count +, out −; the internal service lines of a
    Teilergebnisplan (27/28) never count; an adjustment line (globaler Minderaufwand) is
    stored positive and improves the result.
    """
    schema = framework.schema(kind) if framework is not None else None
    if framework is None or schema is None:
        return {}
    internal = {
        n
        for role in (LineRole.PART_INTERNAL_INCOME, LineRole.PART_INTERNAL_EXPENSES)
        for k, n in framework.lines_for(role)
        if k is kind
    }
    signs: dict[int, int] = {}
    for d in schema.lines:
        if d.is_computed or d.number in internal:
            continue
        if d.direction is Direction.IN:
            signs[d.number] = 1
        elif d.direction is Direction.OUT:
            signs[d.number] = -1
        elif d.kind is LineKind.ADJUSTMENT:
            signs[d.number] = 1
    return signs


@attrs.frozen(kw_only=True)
class _Meter:
    """How the Jahresergebnis and the Finanzmittelüberschuss are read from a plan.

    The way is fixed by the plan the motions start from, so that a change that adds the
    first Gesamtplan line does not switch between Gesamtplan and Teilpläne. The sums of a
    unit's lines are cached by the identity of its lines tuple: apply shares every unit it
    does not change, so only changed units are summed again.
    """

    framework: Framework | None
    columns: tuple[tuple[int, Column], ...]
    result_whole: bool
    cash_whole: bool
    signs: dict[PlanKind, dict[int, int]]
    gma: frozenset[tuple[PlanKind, int]]
    _cache: dict[tuple[int, PlanKind], tuple[tuple[PlanLine, ...], list[Decimal]]] = attrs.field(
        factory=dict, eq=False, repr=False
    )

    @classmethod
    def of(cls, plan: BudgetPlan) -> _Meter:
        kinds = {line.plan for line in plan.lines}
        framework = framework_of(plan)
        gma = framework.lines_for(LineRole.GLOBAL_REDUCTION) if framework is not None else ()
        return cls(
            framework=framework,
            columns=plan_columns(plan),
            result_whole=PlanKind.ERGEBNISPLAN in kinds,
            cash_whole=PlanKind.FINANZPLAN in kinds,
            signs={kind: _signs(framework, kind) for kind in PlanKind},
            gma=frozenset(gma),
        )

    def _key_line(self, plan: BudgetPlan, roles: tuple[LineRole, ...]) -> PlanLine | None:
        if self.framework is None:
            return None
        for role in roles:
            for kind, number in self.framework.lines_for(role):
                if not kind.is_part and (line := plan.line(kind, number)) is not None:
                    return line
        return None

    def _whole(
        self, plan: BudgetPlan, kind: PlanKind, roles: tuple[LineRole, ...]
    ) -> list[Decimal]:
        line = self._key_line(plan, roles)
        if line is not None:
            return [line.amount(c) for _, c in self.columns]
        return self._signed(plan.lines, kind)

    def _signed(self, lines: Iterable[PlanLine], kind: PlanKind) -> list[Decimal]:
        signs = self.signs[kind]
        totals = [_ZERO] * len(self.columns)
        for line in lines:
            sign = signs.get(line.number) if line.plan is kind else None
            if sign is None:
                continue
            cells = dict(zip(line.columns, line.values, strict=True))
            for i, (_, column) in enumerate(self.columns):
                value = cells.get(column)
                if value is not None:
                    totals[i] += sign * value
        return totals

    def _unit(self, lines: tuple[PlanLine, ...], kind: PlanKind) -> list[Decimal]:
        key = (id(lines), kind)
        hit = self._cache.get(key)
        if hit is not None and hit[0] is lines:
            return hit[1]
        totals = self._signed(lines, kind)
        self._cache[key] = (lines, totals)
        return totals

    def _parts(self, plan: BudgetPlan, kind: PlanKind) -> list[Decimal]:
        totals = [_ZERO] * len(self.columns)
        for unit in part_units(plan, kind):
            for i, value in enumerate(self._unit(unit.lines, kind)):
                totals[i] += value
        return totals

    def result(self, plan: BudgetPlan) -> list[Decimal]:
        """The Jahresergebnis per year."""
        roles = (LineRole.ANNUAL_RESULT_AFTER_GMA, LineRole.ANNUAL_RESULT)
        if self.result_whole:
            return self._whole(plan, PlanKind.ERGEBNISPLAN, roles)
        parts = self._parts(plan, PlanKind.TEILERGEBNISPLAN)
        gma = self._signed((ln for ln in plan.lines if ln.key in self.gma), PlanKind.ERGEBNISPLAN)
        return [a + b for a, b in zip(parts, gma, strict=True)]

    def cash(self, plan: BudgetPlan) -> list[Decimal]:
        """The Finanzmittelüberschuss/-fehlbetrag per year."""
        if self.cash_whole:
            return self._whole(plan, PlanKind.FINANZPLAN, (LineRole.CASH_SURPLUS,))
        return self._parts(plan, PlanKind.TEILFINANZPLAN)

    def zero(self) -> tuple[YearEffect, ...]:
        """No effect in any year."""
        return tuple(YearEffect(year=y, column=c) for y, c in self.columns)

    def difference(self, before: BudgetPlan, after: BudgetPlan) -> tuple[YearEffect, ...]:
        """The effect per year of going from ``before`` to ``after``."""
        if before is after:
            return self.zero()
        r0, r1 = self.result(before), self.result(after)
        c0, c1 = self.cash(before), self.cash(after)
        return tuple(
            YearEffect(year=y, column=c, result=r1[i] - r0[i], cash=c1[i] - c0[i])
            for i, (y, c) in enumerate(self.columns)
        )


# --------------------------------------------------------------------------- cells


def _units(plan: BudgetPlan) -> dict[str, BudgetUnit]:
    found: dict[str, BudgetUnit] = {}
    for unit in plan.units():
        found.setdefault(unit.code, unit)
    return found


def _line_cells(
    unit: str | None, old: PlanLine | None, new: PlanLine | None
) -> Iterator[CellChange]:
    ref = new if new is not None else old
    if ref is None:  # pragma: no cover - one of them exists
        return
    columns = dict.fromkeys((*(old.columns if old else ()), *(new.columns if new else ())))
    for column in columns:
        a = old.value(column) if old is not None else None
        b = new.value(column) if new is not None else None
        if a != b or (a is None) != (b is None):
            yield CellChange(unit=unit, plan=ref.plan, line=ref.number, column=column, old=a, new=b)


def _changed_lines(
    unit: str | None,
    old: tuple[PlanLine, ...],
    new: tuple[PlanLine, ...],
    keep: Callable[[PlanKind, int], bool],
) -> Iterator[CellChange]:
    before = {ln.key: ln for ln in old}
    after = {ln.key: ln for ln in new}
    for key in dict.fromkeys((*before, *after)):
        a, b = before.get(key), after.get(key)
        if a == b or not keep(*key):
            continue
        yield from _line_cells(unit, a, b)


def _cells(meter: _Meter, before: BudgetPlan, after: BudgetPlan) -> tuple[CellChange, ...]:
    """The entry cells that differ between two plans (sum and derived lines left out)."""
    if before is after:
        return ()
    framework = meter.framework

    def entry(kind: PlanKind, number: int) -> bool:
        schema = framework.schema(kind) if framework is not None else None
        definition = schema.line(number) if schema is not None else None
        return definition is None or not definition.is_computed

    found: list[CellChange] = []
    if before.areas is not after.areas:
        old_units, new_units = _units(before), _units(after)
        for code in dict.fromkeys((*old_units, *new_units)):
            a, b = old_units.get(code), new_units.get(code)
            old_lines = a.lines if a is not None else ()
            new_lines = b.lines if b is not None else ()
            if old_lines is not new_lines and old_lines != new_lines:
                found.extend(_changed_lines(code, old_lines, new_lines, entry))
    if before.lines is not after.lines and framework is not None:

        def whole(kind: PlanKind, number: int) -> bool:
            return entry(kind, number) and not derived_gesamt_line(after, framework, kind, number)

        found.extend(_changed_lines(None, before.lines, after.lines, whole))
    return tuple(found)


# --------------------------------------------------------------------------- driver


def _flatten(items: tuple[Amendment | Composition, ...]) -> list[Amendment]:
    flat: list[Amendment] = []
    for item in items:
        flat.extend(item.amendments if isinstance(item, Composition) else (item,))
    return flat


LINE_NEUTRAL: Final[frozenset[type]] = frozenset(
    {
        AddGoal,
        AddKeyFigure,
        BlockAmount,
        BlockPost,
        CopyGoals,
        Coverage,
        CreatePost,
        DeletePost,
        EditGoal,
        ReleaseBlock,
        RemoveGoal,
        RemoveKeyFigure,
        RenameKeyFigure,
        Request,
        SetInvestmentAmount,
        SetKeyFigureValue,
        SetKwVermerk,
        SetStatuteValue,
        SetTaxRate,
        SwapPost,
        UpdateUnit,
        AddInvestment,
        RemoveInvestment,
        SetBalanceYear,
        AddStatute,
        RemoveStatute,
        UpdatePlan,
        SetPlanningYears,
    }
)
"""Change kinds that apply never lets alter a plan line (Ziele, Kennzahlen, Satzung, Stellen,
Maßnahmen, Sperrvermerke, Deckung, Aufträge, Angaben zum Plan): their effect on the results
is zero, so :func:`effects` need not apply them separately to attribute effects."""


def _moves_lines(change: Change) -> bool:
    return type(change) not in LINE_NEUTRAL


def _run_amendment(
    meter: _Meter,
    plan: BudgetPlan,
    amendment: Amendment,
    conditions_met: Collection[str],
    out: list[ChangeEffect],
) -> tuple[BudgetPlan, list[Diagnostic]]:
    """Apply one motion; attribute effects by applying it up to each line change.

    The motion is applied once as a whole; for each change that can alter lines, the
    motion without its Deckungsvorschläge is applied up to that change (one run, as apply
    does it), so the changes' effects add up to the motion's. The whole motion stands in
    for its last such change when nothing else follows it; otherwise the changes after it
    would count as done already in the plan each of them starts from (``before``), and the
    Veränderungsliste would show their new value as the old one.
    """
    after, found = try_apply(plan, amendment, conditions_met=conditions_met)
    ok = not any(d.is_error for d in found)
    active = [ok and applies(c, conditions_met) for c in amendment.changes]
    movers = [i for i, c in enumerate(amendment.changes) if active[i] and _moves_lines(c)]
    previous = plan
    for i, change in enumerate(amendment.changes):
        current = previous
        if i in movers:
            if i == movers[-1] and not any(active[i + 1 :]):
                current = after
            else:
                upto = amendment.changes[: i + 1]
                prefix = attrs.evolve(
                    amendment, changes=tuple(c for c in upto if not isinstance(c, Coverage))
                )
                current, _ = try_apply(plan, prefix, conditions_met=conditions_met)
        out.append(
            ChangeEffect(
                amendment_id=amendment.id,
                index=i + 1,
                change=change,
                applied=active[i],
                years=meter.difference(previous, current),
                cells=_cells(meter, previous, current),
                before=previous,
                after=current if active[i] else previous,
            )
        )
        previous = current
    return (after if ok else plan), found


def _effect(change: ChangeEffect, year: int, result: bool) -> Decimal:
    return change.result(year) if result else change.cash(year)


def _coverage(
    meter: _Meter, amendments: list[Amendment], changes: list[ChangeEffect]
) -> tuple[CoverageBalance, ...]:
    """The balance of each Deckungsvorschlag per year."""
    by_ref: dict[tuple[str, str], ChangeEffect] = {}
    for c in changes:
        if c.change.ref is not None:
            by_ref.setdefault((c.amendment_id, c.change.ref), c)
    ids = {a.id for a in amendments}

    def resolve(aid: str, name: str) -> ChangeEffect | None:
        own = by_ref.get((aid, name))
        if own is not None:
            return own
        prefix, sep, rest = name.partition("#")
        return by_ref.get((prefix, rest)) if sep and prefix in ids else None

    found: list[CoverageBalance] = []
    for c in changes:
        cov = c.change
        if not isinstance(cov, Coverage) or not c.applied:
            continue
        covered = [e for n in cov.covers if (e := resolve(c.amendment_id, n)) is not None]
        offsets = [e for n in cov.offsets if (e := resolve(c.amendment_id, n)) is not None]
        linked = [*covered, *offsets]
        use_result = any(y.result != 0 for e in linked for y in e.years) or not any(
            y.cash != 0 for e in linked for y in e.years
        )
        stated = {v.column.year: v.amount for v in cov.amounts}
        for year, _column in meter.columns:
            cost = -sum((_effect(e, year, use_result) for e in covered), _ZERO)
            relief = sum((_effect(e, year, use_result) for e in offsets), _ZERO)
            cover = relief if offsets else stated.get(year, _ZERO)
            found.append(
                CoverageBalance(
                    amendment_id=c.amendment_id,
                    index=c.index,
                    source=cov.source,
                    year=year,
                    cost=cost,
                    cover=cover,
                    basis="Ergebnisplan" if use_result else "Finanzplan",
                )
            )
    return tuple(found)


def _balance(meter: _Meter, before: BudgetPlan, after: BudgetPlan) -> tuple[BalanceCheck, ...]:
    # § 75 GO NRW speaks of the whole budget: without a Gesamtergebnisplan (e.g. an
    # excerpt of a few products) the balance cannot be judged, so no check is reported.
    if meter.framework is None or not any(ln.plan is PlanKind.ERGEBNISPLAN for ln in after.lines):
        return ()
    r0, r1 = meter.result(before), meter.result(after)
    checks: list[BalanceCheck] = []
    for i, (year, column) in enumerate(meter.columns):
        statute = after.statute(year)
        checks.append(
            BalanceCheck(
                year=year,
                column=column,
                result_before=r0[i],
                result_after=r1[i],
                reserve_use=statute.equalisation_reserve_use if statute is not None else None,
            )
        )
    return tuple(checks)


def effects(
    plan: BudgetPlan,
    *amendments: Amendment | Composition,
    conditions_met: Collection[str] = (),
) -> Effects:
    """The financial effects of motions on ``plan``, per year (Finanzielle Auswirkungen).

    Args:
        plan: The Haushaltsplan (Entwurf) the motions refer to.
        *amendments: The motions, or compositions of them, in the order they apply.
        conditions_met: Texts or groups of conditions declared met (as for apply).

    Returns:
        The effects. Motions are applied one after another with
        :func:`~nkf.changes.apply.try_apply`; a motion with an error applies not at all
        (its findings are in :attr:`Effects.diagnostics`) and the following ones apply to
        the plan without it, as :func:`~nkf.changes.apply.apply` does.
    """
    meter = _Meter.of(plan)
    flat = _flatten(amendments)
    state = plan
    changes: list[ChangeEffect] = []
    diagnostics: list[Diagnostic] = []
    applied: list[str] = []
    for amendment in flat:
        new, found = _run_amendment(meter, state, amendment, conditions_met, changes)
        if not any(d.is_error for d in found):
            applied.append(amendment.id)
        diagnostics.extend(found)
        state = new
    return Effects(
        amendment_ids=tuple(a.id for a in flat),
        applied_ids=tuple(applied),
        years=meter.difference(plan, state),
        changes=tuple(changes),
        coverage=_coverage(meter, flat, changes),
        balance=_balance(meter, plan, state),
        diagnostics=tuple(diagnostics),
        after=state,
    )
