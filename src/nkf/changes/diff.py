"""The difference between two versions of a Haushaltsplan as an amendment (Veränderungen).

:func:`diff` compares two plans by stable keys, never by the index of a tuple: units by
code, lines by (plan kind, line number), goals by position (aligned by their text), key
figures by position (aligned by name), posts, measures and Sperrvermerke by id,
statutes by year. It returns an :class:`~nkf.model.amendment.Amendment` whose typed
changes turn the old version into the new one, in an order that applies:
``apply(old, diff(old, new)) == new`` for consistent plans (plans that
:func:`~nkf.changes.recompute.recompute` leaves as they are).

Sum and balance lines and the Gesamtplan lines summed from the Teilpläne are not in the
diff: they follow by recompute. Only where the new version prints such a line with no
line under it (a total brought without its details) does the diff add, remove or state it
anew (remove and add it, so that it keeps its figures when the lines under it go). A
Gesamtplan the old version does not print is brought line by line.

Areas, groups, products and statutes that are new, go, or stand in another place are
added (at their position), removed, or removed and added again; a unit moved to another
parent is removed there and added here with everything it holds. Posts, measures and
Sperrvermerke in a new order are deleted and appended again from the first one out of
place. Plan metadata is set by UpdatePlan and SetPlanningYears.

Two plans of different budget years or of different frameworks are no versions of one
plan: :func:`diff` raises :class:`~nkf.errors.ApplyError` with the code NKF-E616 for
them, naming each difference. So it does for a unit added, removed or moved whose code
occurs twice in a plan (validation reports such a plan), since a change names a unit by
its code.

>>> from nkf.examples import founding_motion, leichlingen_plan
>>> from nkf.changes.apply import apply
>>> before = leichlingen_plan()
>>> [c.kind for c in diff(before, apply(before, founding_motion())).changes]
['add-goal']
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from difflib import SequenceMatcher
from itertools import chain
from operator import attrgetter, eq
from typing import TYPE_CHECKING, Final, Generic, TypeVar

import attrs

from nkf.changes._index import (
    cells,
    computed_keys,
    insert_index,
    is_computed,
    set_cell,
    subtree_codes,
)
from nkf.changes.apply import (
    figure_value_set,
    investment_amount,
    investment_amount_set,
    plan_field_value,
    unit_field_value,
)
from nkf.changes.recompute import (
    STATUTE_TOTALS,
    aggregated_keys,
    framework_of,
    statute_total,
)
from nkf.diagnostics import Diagnostic, Severity
from nkf.errors import ApplyError
from nkf.model import (
    BudgetArea,
    BudgetStatute,
    FigureKind,
    Investment,
    PlanKind,
    PlanLine,
    Post,
    PostStatus,
    ProductGroup,
    TaxKind,
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
    AmountChange,
    BlockAmount,
    BlockPost,
    Change,
    CreatePost,
    DeletePost,
    EditGoal,
    InvestmentFlow,
    PlanField,
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
    SetBalanceYear,
    SetInvestmentAmount,
    SetKeyFigureValue,
    SetKwVermerk,
    SetPlanningYears,
    SetStatuteValue,
    SetTaxRate,
    StatuteField,
    SwapPost,
    UnitField,
    UpdatePlan,
    UpdateUnit,
)
from nkf.model.finance import BudgetBlock
from nkf.model.targets import Target

if TYPE_CHECKING:
    from collections.abc import Container, Hashable, Iterable, Sequence

    from nkf.frameworks import Framework
    from nkf.model import BudgetPlan, BudgetUnit, Column, Goal, KeyFigure

__all__ = [
    "ListOps",
    "Placement",
    "diff",
    "line_changes",
    "ordered_changes",
    "placed",
    "restate_line",
    "restore_block",
]

_T = TypeVar("_T")

_FIXED_PLAN_FIELDS: Final = (
    ("years", "die Haushaltsjahre"),
    ("framework", "der Haushaltsrahmen"),
)
"""What two versions of one plan share: a change set between other plans is no change."""

_TOTALS: Final = frozenset(attribute for attribute, _ in STATUTE_TOTALS)
_KEY: Final = attrgetter("plan", "number")
_VALUES: Final = attrgetter("values")
_STATUTE_AMOUNTS: Final = frozenset(f.value for f in StatuteField)


# ----------------------------------------------------------------------------- lines


def line_changes(
    unit: str | None,
    kind: PlanKind,
    number: int,
    current: PlanLine | None,
    wanted: PlanLine | None,
) -> list[Change]:
    """The changes that turn line ``current`` into ``wanted`` (either may be missing).

    Cell by cell with AmountChange (old and new) where that reaches ``wanted`` exactly;
    otherwise (a cell that becomes empty, a column that goes) the line is removed and
    added again with its new values.

    Args:
        unit: The unit code, None for the Gesamtplan.
        kind: The plan kind.
        number: The line number.
        current: The line as it is, or None.
        wanted: The line as it should be, or None.

    Returns:
        The changes, in the order they apply.
    """
    target = Target(unit=unit, plan=kind, line=number)
    if current is None:
        return [AddLine(target=target, values=cells(wanted))] if wanted is not None else []
    if wanted is None:
        return [RemoveLine(target=target, old_values=cells(current))]
    if _same_line(current, wanted):
        return []
    changes: list[Change] = []
    line = current
    for column, value in zip(wanted.columns, wanted.values, strict=True):
        if value is None:
            continue
        old = line.value(column)
        if old is not None and old == value:
            continue
        changes.append(
            AmountChange(
                target=target,
                column=column,
                old=old if old is not None else Decimal(0),
                new=value,
            )
        )
        line = set_cell(line, column, value)
    if _same_line(line, wanted):
        return changes
    return [
        RemoveLine(target=target, old_values=cells(current)),
        AddLine(target=target, values=cells(wanted)),
    ]


def restate_line(
    unit: str | None, kind: PlanKind, number: int, current: PlanLine | None, wanted: PlanLine | None
) -> list[Change]:
    """Remove a line and add it again as ``wanted`` (for sum lines, which no amount sets).

    Args:
        unit: The unit code, None for the Gesamtplan.
        kind: The plan kind.
        number: The line number.
        current: The line as it is, or None.
        wanted: The line as it should be, or None.

    Returns:
        The changes, in the order they apply.
    """
    target = Target(unit=unit, plan=kind, line=number)
    changes: list[Change] = []
    if current is not None:
        changes.append(RemoveLine(target=target, old_values=()))
    if wanted is not None:
        changes.append(AddLine(target=target, values=cells(wanted)))
    return changes


def _same_line(a: PlanLine, b: PlanLine) -> bool:
    return a.columns == b.columns and _same_values(a.values, b.values)


def _same_values(a: Sequence[Decimal | None], b: Sequence[Decimal | None]) -> bool:
    """Equal cells, where an empty cell equals only an empty one and a NaN nothing.

    ``x == y`` is False for ``None`` against a number, so equal cells are ``x == y``
    cell by cell (not ``a == b``, which takes a NaN for itself).
    """
    return len(a) == len(b) and all(map(eq, a, b))


def _cell_changes(
    unit: str | None, kind: PlanKind, number: int, current: PlanLine, wanted: PlanLine
) -> list[Change]:
    """:func:`line_changes` for two lines with equal columns, each column once.

    Cell ``i`` of one line is cell ``i`` of the other, so the changes follow from the
    values alone, with no line built in between: the cells set reach ``wanted`` unless
    a cell becomes empty or a new value is NaN (which equals not even itself).
    """
    before, after = current.values, wanted.values
    target: Target | None = None
    changes: list[Change] = []
    reached = True
    for i, value in enumerate(after):
        old = before[i]
        if value is None:
            reached = reached and old is None
            continue
        if old is not None and old == value:
            continue
        if target is None:
            target = Target(unit=unit, plan=kind, line=number)
        changes.append(
            AmountChange(
                target=target,
                column=wanted.columns[i],
                old=old if old is not None else Decimal(0),
                new=value,
            )
        )
        reached = reached and eq(value, value)
    if reached:
        return changes
    target = Target(unit=unit, plan=kind, line=number)
    return [
        RemoveLine(target=target, old_values=cells(current)),
        AddLine(target=target, values=cells(wanted)),
    ]


def _nan_free(lines: Iterable[PlanLine]) -> bool:
    """True if no cell of ``lines`` is NaN (or other than a number or empty)."""
    try:
        return not any(map(Decimal.is_nan, filter(None, chain.from_iterable(map(_VALUES, lines)))))
    except (TypeError, ArithmeticError):
        return False


def _first_lines(lines: Iterable[PlanLine]) -> dict[tuple[PlanKind, int], PlanLine]:
    found: dict[tuple[PlanKind, int], PlanLine] = {}
    for line in lines:
        found.setdefault(line.key, line)
    return found


def _fed_keys(plan: BudgetPlan, framework: Framework) -> frozenset[tuple[PlanKind, int]]:
    """The Gesamtplan lines that some printed Teilplan line is summed into.

    Those with an entry in :func:`~nkf.changes.recompute.aggregation_sources`; the units
    are read only until every Teilplan line of the aggregation is found.
    """
    targets: dict[tuple[PlanKind, int], list[tuple[PlanKind, int]]] = {}
    for part_kind, part_line, whole_kind, whole_line in framework.aggregation:
        targets.setdefault((part_kind, part_line), []).append((whole_kind, whole_line))
    fed: set[tuple[PlanKind, int]] = set()
    for part_kind in dict.fromkeys(k for k, _ in targets):
        missing = {key for key in targets if key[0] is part_kind}
        for unit in plan.part_units(part_kind):
            found = missing.intersection(map(_KEY, unit.lines))
            for key in found:
                fed.update(targets[key])
            missing -= found
            if not missing:
                break
    return frozenset(fed)


class _Differ:
    """Collects the changes and the differences no change kind can express."""

    def __init__(self, old: BudgetPlan, new: BudgetPlan) -> None:
        self.old = old
        self.new = new
        self.framework: Framework | None = framework_of(new)
        self.changes: list[Change] = []
        self.derived: list[Change] = []  # removals of sum lines first, then additions
        self.derived_added: list[Change] = []
        self.problems: list[str] = []
        self._twins: frozenset[str] | None = None
        self._aggregated: frozenset[tuple[PlanKind, int]] | None = None
        self._fed: frozenset[tuple[PlanKind, int]] | None = None
        self._formulas: dict[tuple[PlanKind, int], tuple[tuple[PlanKind, int], ...] | None] = {}
        self._computed = computed_keys(self.framework)
        self._layouts: dict[
            tuple[int, int], tuple[tuple[Column, ...], tuple[Column, ...], bool, bool]
        ] = {}

    # ------------------------------------------------------------------------- lines

    def _derived(self, unit: str | None, kind: PlanKind, number: int) -> bool:
        if unit is not None:
            return (kind, number) in self._computed
        if self.framework is None:
            return False
        if self._aggregated is None:
            self._aggregated = aggregated_keys(self.new, self.framework)
        return (kind, number) in self._computed or (kind, number) in self._aggregated

    def _has_operands(
        self, lines: Container[tuple[PlanKind, int]], kind: PlanKind, number: int
    ) -> bool:
        """True if recompute would compute the line from lines printed in ``lines``."""
        if self.framework is None:
            return False
        key = (kind, number)
        if key in self._formulas:
            operands = self._formulas[key]
        else:
            schema = self.framework.schema(kind)
            definition = schema.line(number) if schema is not None else None
            operands = (
                tuple((kind, t.line) for t in definition.formula)
                if definition is not None and definition.is_computed
                else None
            )
            self._formulas[key] = operands
        if operands is not None:
            return any(map(lines.__contains__, operands))
        # A Gesamtplan line summed from the Teilpläne: created only where some Teilplan
        # line feeds it.
        if self._fed is None:
            self._fed = _fed_keys(self.new, self.framework)
        return key in self._fed

    def lines(self, unit: str | None, old: tuple[PlanLine, ...], new: tuple[PlanLine, ...]) -> None:
        if old is new:
            return
        same = self._changed_lines(old, new)
        if same is None:
            self._all_lines(unit, old, new)
            return
        # The same lines in the same places: only the lines named can change, and whether
        # a sum line has operands is the same in both versions.
        changed, keys, distinct = same
        computed = self._computed
        for i in changed:
            current, wanted = old[i], new[i]
            kind, number = wanted.plan, wanted.number
            if not (
                (kind, number) in computed
                if unit is not None
                else self._derived(unit, kind, number)
            ):
                if distinct:
                    self.changes.extend(_cell_changes(unit, kind, number, current, wanted))
                else:
                    self.changes.extend(line_changes(unit, kind, number, current, wanted))
            elif (
                not self._has_operands(keys, kind, number)
                and (kind, number) in self._computed
                and not _same_values(current.values, wanted.values)
            ):
                target = Target(unit=unit, plan=kind, line=number)
                self.derived.append(RemoveLine(target=target, old_values=()))
                self.derived_added.append(AddLine(target=target, values=cells(wanted)))

    def _all_lines(
        self, unit: str | None, old: tuple[PlanLine, ...], new: tuple[PlanLine, ...]
    ) -> None:
        """The changes of the lines of a unit (or of the Gesamtplan), key by key."""
        if old == new:
            return
        before, after = _first_lines(old), _first_lines(new)
        keys = [*after, *(k for k in before if k not in after)]
        # A Gesamtplan the old version does not print is not recomputed until it is: its
        # lines are brought as they are (recompute then finds them as it would compute them).
        printed = {ln.plan for ln in old}
        for key in keys:
            kind, number = key
            current, wanted = before.get(key), after.get(key)
            brought = unit is None and kind not in printed
            if not brought and self._derived(unit, kind, number):
                self._derived_line(unit, key, (current, wanted), before, after)
                continue
            self.changes.extend(line_changes(unit, kind, number, current, wanted))

    def _changed_lines(
        self, old: tuple[PlanLine, ...], new: tuple[PlanLine, ...]
    ) -> tuple[list[int], frozenset[tuple[PlanKind, int]], bool] | None:
        """The lines that differ, where both versions have the same lines in one order.

        None unless ``old`` and ``new`` hold lines with the same keys, each once, in the
        same order and with equal columns, and no cell of ``old`` is NaN. Else the
        places of the lines whose cells differ (in order), the keys of the lines, and
        whether every line has each of its columns once. Every other line is the same in
        both versions (:func:`_same_line`); no line differs where ``old == new``.
        """
        if len(old) != len(new) or not _nan_free(old):
            return None
        changed: list[int] = []
        distinct = True
        layout: tuple[Column, ...] = ()
        wanted: tuple[Column, ...] = ()
        try:
            for i, (a, b) in enumerate(zip(old, new, strict=True)):
                if a.columns is not layout or b.columns is not wanted:
                    # Lines share one columns tuple per layout: compared once per diff.
                    layout, wanted = a.columns, b.columns
                    same = self._same_layout(layout, wanted)
                    if same is None:
                        return None
                    distinct = distinct and same
                # Values are compared with ``==`` unless they are one object in both
                # versions, which without NaN cells equals itself.
                if a.values != b.values or a.plan is not b.plan or a.number != b.number:
                    changed.append(i)
        except ArithmeticError:  # a signalling NaN: compared as the lines are, one by one
            return None
        if not changed:
            return [], frozenset(), distinct
        keys = frozenset(map(_KEY, new))
        if len(keys) != len(new) or any(
            old[i].plan is not new[i].plan or old[i].number != new[i].number for i in changed
        ):
            return None
        return changed, keys, distinct

    def _same_layout(self, a: tuple[Column, ...], b: tuple[Column, ...]) -> bool | None:
        """Whether each column is once in ``b``, if ``a`` and ``b`` are equal columns; else None.

        Each pair of tuples is compared once per diff and kept, so that the ``id`` of a
        tuple names it while the entry lives.
        """
        pair = (id(a), id(b))
        entry = self._layouts.get(pair)
        if entry is None:
            equal = a == b
            entry = (a, b, equal, equal and len(set(b)) == len(b))
            self._layouts[pair] = entry
        return entry[3] if entry[2] else None

    def flush_derived(self) -> None:
        """Add the sum lines that come, go or are stated anew: every removal first.

        A removal after an addition could leave the added sum with no line under it,
        and so set it to zero.
        """
        self.changes += self.derived + self.derived_added
        self.derived.clear()
        self.derived_added.clear()

    def _derived_line(
        self,
        unit: str | None,
        key: tuple[PlanKind, int],
        pair: tuple[PlanLine | None, PlanLine | None],
        before: Container[tuple[PlanKind, int]],
        after: Container[tuple[PlanKind, int]],
    ) -> None:
        """A sum line (or a Gesamtplan line summed from the Teilpläne).

        Recompute computes it where a line under it is printed in the new version. Where
        none is, the line stands as the new version states it (a total without its
        details): it comes, goes, or is stated anew (removed and added), also where its
        figures stay and only the lines under it go, so that it does not fall to zero.
        """
        kind, number = key
        current, wanted = pair
        target = Target(unit=unit, plan=kind, line=number)
        if wanted is None:
            if current is not None:
                self.derived.append(RemoveLine(target=target, old_values=()))
            return
        if self._has_operands(after, kind, number):
            return
        if current is None:
            self.derived_added.append(AddLine(target=target, values=cells(wanted)))
        elif is_computed(self.framework, kind, number) and (
            not _same_line(current, wanted) or self._has_operands(before, kind, number)
        ):
            self.derived.append(RemoveLine(target=target, old_values=()))
            self.derived_added.append(AddLine(target=target, values=cells(wanted)))

    # ------------------------------------------------------------------------- units

    def _duplicated(self) -> frozenset[str]:
        """Codes that occur more than once in the old or the new version."""
        if self._twins is None:
            twins: set[str] = set()
            for plan in (self.old, self.new):
                seen: set[str] = set()
                for unit in plan.units():
                    if unit.code in seen:
                        twins.add(unit.code)
                    seen.add(unit.code)
            self._twins = frozenset(twins)
        return self._twins

    def _restructured(self, unit: BudgetUnit, word: str) -> None:
        twins = [c for c in subtree_codes(unit) if c in self._duplicated()]
        if twins:
            self.problems.append(
                f"{_level(unit)} {unit.code} wird {word}, aber die Nummer {twins[0]} kommt "
                "mehrfach vor; eine Änderung kann sie nicht eindeutig ansprechen."
            )

    def units(self) -> list[tuple[BudgetUnit, BudgetUnit]]:
        """Areas, groups and products removed and added; the pairs of units kept in place.

        Level by level: of the units under one parent, those in both versions keep their
        place where their order allows (the longest common run); the others are removed
        and added at their position with everything they hold. Every removal comes before
        every addition, so that a code is free again when it is added elsewhere.
        """
        removals: list[Change] = []
        additions: list[Change] = []
        pairs: list[tuple[BudgetUnit, BudgetUnit]] = []
        if self.old.areas == self.new.areas:
            return []
        areas = placed(self.old.areas, self.new.areas, key=_code)
        for area in areas.removed:
            self._restructured(area, "gestrichen")
            removals.append(RemoveArea(code=area.code, old_name=area.name))
        for area, position in areas.added:
            self._restructured(area, "hinzugefügt")
            additions.append(AddArea(area=area, position=position))
        for old_area, new_area in areas.kept:
            pairs.append((old_area, new_area))
            groups = placed(old_area.groups, new_area.groups, key=_code)
            for group in groups.removed:
                self._restructured(group, "gestrichen")
                removals.append(RemoveGroup(code=group.code, old_name=group.name))
            for group, position in groups.added:
                self._restructured(group, "hinzugefügt")
                additions.append(AddGroup(area=new_area.code, group=group, position=position))
            for old_group, new_group in groups.kept:
                pairs.append((old_group, new_group))
                products = placed(old_group.products, new_group.products, key=_code)
                for product in products.removed:
                    self._restructured(product, "gestrichen")
                    removals.append(RemoveProduct(code=product.code, old_name=product.name))
                for product, position in products.added:
                    self._restructured(product, "hinzugefügt")
                    additions.append(
                        AddProduct(group=new_group.code, product=product, position=position)
                    )
                pairs.extend(products.kept)
        self.changes += removals + additions
        return pairs

    def unit(self, old: BudgetUnit, new: BudgetUnit) -> None:
        code = new.code
        if _metadata(old) != _metadata(new):
            for field in UnitField:
                before, after = unit_field_value(old, field), unit_field_value(new, field)
                if before != after:
                    self.changes.append(UpdateUnit(unit=code, field=field, new=after, old=before))
        self.lines(code, old.lines, new.lines)

    def goals(self, old: BudgetUnit, new: BudgetUnit) -> list[Change]:
        """The changes of the goals and key figures of a unit (added by the caller)."""
        changes: list[Change] = []
        if old.goals != new.goals:
            changes += _goal_changes(new.code, old.goals, new.goals)
        if old.key_figures != new.key_figures:
            changes += _figure_changes(new.code, None, old.key_figures, new.key_figures)
        return changes

    # ------------------------------------------------------------------------- the rest

    def plan_fields(self) -> None:
        for name, label in _FIXED_PLAN_FIELDS:
            if getattr(self.old, name) != getattr(self.new, name):
                self.problems.append(
                    f"Im Haushaltsplan ändert sich {label}; zwei Pläne verschiedener "
                    "Haushaltsjahre oder Haushaltsrahmen sind keine Fassungen eines Plans."
                )
        for field in PlanField:
            before, after = plan_field_value(self.old, field), plan_field_value(self.new, field)
            if before != after:
                self.changes.append(UpdatePlan(field=field, new=after, old=before))
        if self.old.planning_years != self.new.planning_years:
            self.changes.append(
                SetPlanningYears(new=self.new.planning_years, old=self.old.planning_years)
            )

    def statutes(self) -> None:
        updates: dict[int, list[Change]] = {}

        def keep(old: BudgetStatute, new: BudgetStatute) -> bool:
            own = self._statute(old, new)
            if own is not None:
                updates[new.year] = own
            return own is not None

        found = placed(self.old.statutes, self.new.statutes, key=_year, keep=keep)
        self.changes += [RemoveStatute(year=s.year) for s in found.removed]
        for _, new in found.kept:
            self.changes += updates[new.year]
        self.changes += [AddStatute(statute=s, position=p) for s, p in found.added]

    def _statute(self, old: BudgetStatute, new: BudgetStatute) -> list[Change] | None:
        """The changes that turn one statute into the other, or None if they cannot.

        A § 1 total that follows from the Gesamtplan is recomputed, not set; where it
        comes or goes, or might follow from the plan while the amendment applies, the
        statute is replaced as a whole.
        """
        if old == new:
            return []
        year = new.year
        changes: list[Change] = []
        for tax in TaxKind:
            before, after = old.tax_rates.rate(tax), new.tax_rates.rate(tax)
            if not _same(before, after):
                changes.append(SetTaxRate(year=year, tax=tax, new=after, old=before))
        for field in attrs.fields(BudgetStatute):
            name = field.name
            before_v, after_v = getattr(old, name), getattr(new, name)
            if name in ("year", "tax_rates") or _same(before_v, after_v):
                continue
            if name in _TOTALS:
                if self._follows(self.new, name, year):
                    if before_v is None or after_v is None:
                        return None
                    continue  # recompute sets it
                if name not in _STATUTE_AMOUNTS or self._follows(self.old, name, year):
                    return None
            if name in _STATUTE_AMOUNTS:
                changes.append(
                    SetStatuteValue(year=year, field=StatuteField(name), new=after_v, old=before_v)
                )
            elif name == "balance_restored_year":
                changes.append(SetBalanceYear(year=year, new=after_v, old=before_v))
            else:  # pragma: no cover - every field of BudgetStatute is handled above
                return None
        return changes

    def _follows(self, plan: BudgetPlan, attribute: str, year: int) -> bool:
        if self.framework is None:
            return False
        return statute_total(plan, self.framework, attribute, year) is not None

    def investments(self) -> None:
        ops = ListOps[Investment](
            key=lambda i: i.id,
            delete=lambda i: [RemoveInvestment(id=i.id, old_name=i.name)],
            create=lambda i: [AddInvestment(investment=i)],
            update=_investment_changes,
        )
        self.changes += ordered_changes(self.old.investments, self.new.investments, ops)

    def posts(self) -> None:
        ops = ListOps[Post](
            key=lambda p: p.id,
            delete=lambda p: [DeletePost(post_id=p.id)],
            create=lambda p: [CreatePost(post=p)],
            update=lambda old, new: [_post_change(old, new)],
        )
        self.changes += ordered_changes(self.old.posts, self.new.posts, ops)

    def blocks(self) -> None:
        ops = ListOps[BudgetBlock](
            key=lambda b: b.id,
            delete=lambda b: [ReleaseBlock(block_id=b.id)],
            create=lambda b: restore_block(b, present=False),
            update=_block_change,
        )
        self.changes += ordered_changes(self.old.blocks, self.new.blocks, ops)


@attrs.frozen(kw_only=True)
class ListOps(Generic[_T]):
    """How to name, delete, append and update in place the entries of an id-keyed list.

    ``update`` returns None where an entry cannot be changed in place.
    """

    key: Callable[[_T], str]
    delete: Callable[[_T], list[Change]]
    create: Callable[[_T], list[Change]]
    update: Callable[[_T, _T], list[Change] | None]


def ordered_changes(old: Sequence[_T], new: Sequence[_T], ops: ListOps[_T]) -> list[Change]:
    """Changes that turn the list ``old`` into ``new``, where new entries are appended.

    Entries that go are deleted; of the rest, the longest run that keeps its place is
    updated in place; every entry after it is deleted and created again in the new order,
    so that any order can be reached.

    Args:
        old: The entries now (posts, measures, Sperrvermerke).
        new: The entries as they should be.
        ops: How to delete, append and update entries.

    Returns:
        The changes, in the order they apply.
    """
    wanted = {ops.key(x) for x in new}
    changes = [c for x in old if ops.key(x) not in wanted for c in ops.delete(x)]
    kept = [x for x in old if ops.key(x) in wanted]
    k = 0
    while k < min(len(kept), len(new)) and ops.key(kept[k]) == ops.key(new[k]):
        if kept[k] != new[k]:
            own = ops.update(kept[k], new[k])
            if own is None:
                break
            changes += own
        k += 1
    changes += [c for x in kept[k:] for c in ops.delete(x)]
    changes += [c for x in new[k:] for c in ops.create(x)]
    return changes


@attrs.frozen(kw_only=True)
class Placement(Generic[_T]):
    """How one ordered list becomes another when entries can be added at a position.

    ``removed`` go (in their old order), ``kept`` stay in place as ``(old, new)`` pairs,
    ``added`` come with the 1-based position to add them at, in this order, after the
    removals (None where code or year order puts them there anyway).
    """

    removed: tuple[_T, ...]
    kept: tuple[tuple[_T, _T], ...]
    added: tuple[tuple[_T, int | None], ...]


def _always(_old: object, _new: object) -> bool:
    return True


def placed(
    old: Sequence[_T],
    new: Sequence[_T],
    *,
    key: Callable[[_T], Hashable],
    keep: Callable[[_T, _T], object] = _always,
) -> Placement[_T]:
    """Which entries of ``old`` stay in place, go, or are added to reach ``new``.

    Entries are matched by ``key``; of those in both lists, a longest run in common order
    stays where ``keep(old, new)`` allows (a falsy result means the entry cannot be
    changed in place); every other entry of ``old`` goes and every other entry of ``new``
    is added at its position, so that any order can be reached.

    >>> p = placed("abc", "cab", key=str)
    >>> p.removed, [n for _, n in p.kept], p.added
    (('c',), ['a', 'b'], (('c', 1),))
    """
    first_old: dict[Hashable, int] = {}
    for i, x in enumerate(old):
        first_old.setdefault(key(x), i)
    first_new: dict[Hashable, int] = {}
    for j, x in enumerate(new):
        first_new.setdefault(key(x), j)
    # Only the first entry of a key can stay; a repeated one goes or comes.
    a = [k for k, i in first_old.items() if k in first_new]
    b = [k for k, j in first_new.items() if k in first_old]
    if a == b:  # the usual case, and one matching block
        common = set(a)
    else:
        matcher = SequenceMatcher(a=a, b=b, autojunk=False)
        common = {k for m in matcher.get_matching_blocks() for k in a[m.a : m.a + m.size]}
    kept_keys = {k for k in common if keep(old[first_old[k]], new[first_new[k]])}
    stays_old = {first_old[k] for k in kept_keys}
    stays_new = {first_new[k] for k in kept_keys}
    removed = tuple(x for i, x in enumerate(old) if i not in stays_old)
    kept = tuple((old[first_old[key(x)]], x) for j, x in enumerate(new) if j in stays_new)
    current = [key(x) for j, x in enumerate(new) if j in stays_new]
    added: list[tuple[_T, int | None]] = []
    for j, x in enumerate(new):
        if j in stays_new:
            continue
        k = key(x)
        added.append((x, None if insert_index(current, k) == j else j + 1))
        current.insert(j, k)
    return Placement(removed=removed, kept=kept, added=tuple(added))


def _block_change(old: BudgetBlock, new: BudgetBlock) -> list[Change] | None:
    if _same_block(old, new) and new.released > old.released:
        return [ReleaseBlock(block_id=new.id, amount=new.released - old.released)]
    return None


def restore_block(block: BudgetBlock, *, present: bool) -> list[Change]:
    """The changes that (re)create ``block`` as it is, released part included.

    Args:
        block: The Sperrvermerk as it should be.
        present: Whether a block with its id exists and must be released first.

    Returns:
        The changes: release the old one (if present), block, release the released part.
    """
    changes: list[Change] = []
    if present:
        changes.append(ReleaseBlock(block_id=block.id))
    changes.append(
        BlockAmount(
            block_id=block.id,
            target=block.target,
            release_condition=block.release_condition,
            releasing_body=block.releasing_body,
            column=block.column,
            amount=block.amount,
        )
    )
    if block.released != 0:
        changes.append(ReleaseBlock(block_id=block.id, amount=block.released))
    return changes


def _same_block(a: BudgetBlock, b: BudgetBlock) -> bool:
    return (a.target, a.release_condition, a.releasing_body, a.column, a.amount) == (
        b.target,
        b.release_condition,
        b.releasing_body,
        b.column,
        b.amount,
    )


def _post_change(old: Post, new: Post) -> Change:
    if (
        new.status is PostStatus.BLOCKED
        and old.status is not PostStatus.BLOCKED
        and attrs.evolve(old, status=PostStatus.BLOCKED) == new
    ):
        return BlockPost(post_id=old.id)
    if attrs.evolve(old, kw_year=new.kw_year) == new:
        return SetKwVermerk(post_id=old.id, year=new.kw_year, old_year=old.kw_year)
    return SwapPost(post_id=old.id, new_post=new)


def _investment_changes(old: Investment, new: Investment) -> list[Change] | None:
    """SetInvestmentAmount changes from ``old`` to ``new``, or None if they cannot say it."""
    changes: list[Change] = []
    state = old
    for flow in InvestmentFlow:
        years: dict[int, None] = {}
        for inv in (new, old):
            if flow is InvestmentFlow.COMMITMENT:
                years.update(dict.fromkeys(c.year for c in inv.commitments))
            elif flow is InvestmentFlow.PAYMENT:
                years.update(dict.fromkeys(y.year for y in inv.payments))
            else:
                years.update(dict.fromkeys(y.year for y in inv.receipts))
        for year in years:
            before = investment_amount(old, flow, year)
            after = investment_amount(new, flow, year)
            if before == after and (before is None) == (after is None):
                continue
            changes.append(
                SetInvestmentAmount(id=new.id, flow=flow, year=year, new=after, old=before)
            )
            state = investment_amount_set(state, flow, year, after)
    return changes if state == new else None


# ----------------------------------------------------------------------------- goals


def _norm(text: str) -> str:
    return " ".join(text.split())


def _goal_changes(unit: str, old: Sequence[Goal], new: Sequence[Goal]) -> list[Change]:
    """Goal changes aligned by text; positions are those of the list while it changes."""
    changes: list[Change] = []

    def update(position: int, before: Goal, after: Goal) -> None:
        if before == after:
            return
        if before.title != after.title:
            changes.append(RemoveGoal(unit=unit, position=position, old_text=before.text))
            changes.append(AddGoal(unit=unit, goal=after, position=position))
            return
        if before.text != after.text:
            changes.append(
                EditGoal(unit=unit, position=position, new_text=after.text, old_text=before.text)
            )
        changes.extend(_figure_changes(unit, position, before.key_figures, after.key_figures))

    _align(
        [_norm(g.text) for g in old],
        [_norm(g.text) for g in new],
        update=lambda pos, i, j: update(pos, old[i], new[j]),
        remove=lambda pos, i: changes.append(
            RemoveGoal(unit=unit, position=pos, old_text=old[i].text)
        ),
        add=lambda pos, j: changes.append(AddGoal(unit=unit, goal=new[j], position=pos)),
    )
    return changes


def _align(
    old: Sequence[str],
    new: Sequence[str],
    *,
    update: Callable[[int, int, int], None],
    remove: Callable[[int, int], None],
    add: Callable[[int, int], None],
) -> None:
    """Walk the alignment of two ordered lists, calling back with 1-based positions.

    A position is one in the list while it is being turned from ``old`` into ``new``:
    the entries before it are already the new ones.
    """
    matcher = SequenceMatcher(a=old, b=new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        paired = min(i2 - i1, j2 - j1) if tag in {"equal", "replace"} else 0
        for k in range(paired):
            update(j1 + k + 1, i1 + k, j1 + k)
        for i in range(i1 + paired, i2):
            remove(j1 + paired + 1, i)
        for j in range(j1 + paired, j2):
            add(j + 1, j)


def _figure_changes(
    unit: str, goal: int | None, old: Sequence[KeyFigure], new: Sequence[KeyFigure]
) -> list[Change]:
    """Key-figure changes of a goal (or of the unit, goal None), aligned by name."""
    changes: list[Change] = []

    def replace(position: int, before: KeyFigure, after: KeyFigure) -> None:
        changes.append(
            RemoveKeyFigure(unit=unit, position=position, goal=goal, old_name=before.name)
        )
        changes.append(AddKeyFigure(unit=unit, key_figure=after, goal=goal, position=position))

    def update(position: int, before: KeyFigure, after: KeyFigure) -> None:
        if before == after:
            return
        same_kind = (before.type, before.unit, before.baseline, before.description) == (
            after.type,
            after.unit,
            after.baseline,
            after.description,
        )
        if not same_kind:
            replace(position, before, after)
            return
        own: list[Change] = []
        state = before
        if before.name != after.name:
            own.append(
                RenameKeyFigure(
                    unit=unit,
                    position=position,
                    new_name=after.name,
                    goal=goal,
                    old_name=before.name,
                )
            )
            state = attrs.evolve(state, name=after.name)
        keys: dict[tuple[int, FigureKind], None] = {}
        keys.update(dict.fromkeys((v.year, v.kind) for v in after.values))
        keys.update(dict.fromkeys((v.year, v.kind) for v in before.values))
        for year, kind in keys:
            was, now = before.value_for(year, kind), after.value_for(year, kind)
            if type(was) is type(now) and was == now:
                continue
            own.append(
                SetKeyFigureValue(
                    unit=unit,
                    position=position,
                    year=year,
                    figure_kind=kind,
                    new=now,
                    goal=goal,
                    old=was,
                )
            )
            state = figure_value_set(state, year, kind, now)
        if state == after:
            changes.extend(own)
        else:
            replace(position, before, after)

    _align(
        [f.name for f in old],
        [f.name for f in new],
        update=lambda pos, i, j: update(pos, old[i], new[j]),
        remove=lambda pos, i: changes.append(
            RemoveKeyFigure(unit=unit, position=pos, goal=goal, old_name=old[i].name)
        ),
        add=lambda pos, j: changes.append(
            AddKeyFigure(unit=unit, key_figure=new[j], goal=goal, position=pos)
        ),
    )
    return changes


# ----------------------------------------------------------------------------- plan


_FIELD_NAMES: Final = tuple(f.value for f in UnitField)


_METADATA: Final = attrgetter(*_FIELD_NAMES)


def _metadata(unit: BudgetUnit) -> tuple[object, ...]:
    found: tuple[object, ...] = _METADATA(unit)
    return found


def _level(unit: BudgetUnit) -> str:
    if isinstance(unit, BudgetArea):
        return "Der Produktbereich"
    if isinstance(unit, ProductGroup):
        return "Die Produktgruppe"
    return "Das Produkt"


def _code(unit: BudgetUnit) -> str:
    return unit.code


def _year(statute: BudgetStatute) -> int:
    return statute.year


def _same(a: object, b: object) -> bool:
    """Equal values, where None equals only None (``Decimal(0)`` is not None)."""
    return (a is None) == (b is None) and a == b


def diff(old: BudgetPlan, new: BudgetPlan) -> Amendment:
    """The amendment that turns ``old`` into ``new`` (Veränderungen zwischen zwei Fassungen).

    Args:
        old: The earlier version of the Haushaltsplan.
        new: The later version.

    Returns:
        An amendment with typed changes keyed by stable ids, such that
        ``apply(old, diff(old, new)) == new`` when both plans are consistent
        (:func:`~nkf.changes.recompute.recompute` leaves them as they are) and have the
        same budget years and framework.

    Raises:
        ApplyError: The plans differ in their budget years or framework, or a unit to
            add or remove has a code that occurs twice (NKF-E616); every such difference
            is named.
    """
    d = _Differ(old, new)
    d.plan_fields()
    pairs = d.units()
    # Goals are compared unit by unit with the lines, while the unit is at hand, but
    # their changes come after those of every line.
    goals: list[Change] = []
    for before, after in pairs:
        d.unit(before, after)
        goals += d.goals(before, after)
    # Sum lines that come or go with no line under them, then the Gesamtplan: whether a
    # Gesamtplan line is summed from the Teilpläne depends on the Teilpläne being there.
    d.flush_derived()
    d.lines(None, old.lines, new.lines)
    d.flush_derived()
    d.changes += goals
    d.statutes()
    d.investments()
    d.posts()
    d.blocks()
    if d.problems:
        raise ApplyError(
            [Diagnostic(code="NKF-E616", severity=Severity.ERROR, message=m) for m in d.problems],
            "Der Unterschied lässt sich nicht als Änderungsantrag ausdrücken.",
        )
    return Amendment(
        id="diff",
        title="Veränderungen zwischen zwei Fassungen des Haushaltsplans",
        plan_years=new.years,
        changes=tuple(d.changes),
    )
