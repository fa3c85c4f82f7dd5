"""The difference between two versions of a Haushaltsplan as an amendment (Veränderungen).

:func:`diff` compares two plans by stable keys, never by the index of a tuple: units by
code, lines by (plan kind, line number), goals by position (aligned by their text), key
figures by position (aligned by name), posts, measures and Sperrvermerke by id,
statutes by year. It returns an :class:`~nkf.model.amendment.Amendment` whose typed
changes turn the old version into the new one, in an order that applies:
``apply(old, diff(old, new)) == new`` for consistent plans (plans that
:func:`~nkf.changes.recompute.recompute` leaves as they are).

Sum and balance lines and the Gesamtplan lines summed from the Teilpläne are not in the
diff: they follow by recompute. Only where such a line appears or disappears with no
line under it (a total brought without its details) does the diff add or remove it.

What the change kinds cannot express raises :class:`~nkf.errors.ApplyError` with the
code NKF-E616, naming each difference: a new or removed Produktbereich or Produktgruppe
(``AddProduct`` adds products only), a new or removed Haushaltssatzung, plan metadata
(municipality, years, status, title ...), a Hebesatz that is deleted, statute fields no
change kind sets, and an order of the products of a group that ordered insertion cannot
produce. Posts, measures and Sperrvermerke in a new order are deleted and appended again
from the first one out of place.

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
from typing import TYPE_CHECKING, Final, Generic, TypeVar

import attrs

from nkf.changes._index import cells, computed_keys, insert_ordered, set_cell
from nkf.changes.apply import (
    figure_value_set,
    investment_amount,
    investment_amount_set,
    unit_field_value,
)
from nkf.changes.recompute import aggregated_keys, framework_of, statute_total
from nkf.diagnostics import Diagnostic, Severity
from nkf.errors import ApplyError
from nkf.model import (
    BudgetArea,
    FigureKind,
    Investment,
    PlanKind,
    PlanLine,
    Post,
    PostStatus,
    Product,
    ProductGroup,
    TaxKind,
)
from nkf.model.amendment import (
    AddGoal,
    AddInvestment,
    AddKeyFigure,
    AddLine,
    AddProduct,
    Amendment,
    AmountChange,
    BlockAmount,
    BlockPost,
    Change,
    CreatePost,
    DeletePost,
    EditGoal,
    InvestmentFlow,
    ReleaseBlock,
    RemoveGoal,
    RemoveInvestment,
    RemoveKeyFigure,
    RemoveLine,
    RemoveProduct,
    RenameKeyFigure,
    SetInvestmentAmount,
    SetKeyFigureValue,
    SetKwVermerk,
    SetStatuteValue,
    SetTaxRate,
    StatuteField,
    SwapPost,
    UnitField,
    UpdateUnit,
)
from nkf.model.finance import BudgetBlock
from nkf.model.targets import Target

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence

    from nkf.frameworks import Framework
    from nkf.model import BudgetPlan, BudgetUnit, Goal, KeyFigure
    from nkf.model.finance import BudgetStatute

__all__ = ["ListOps", "diff", "line_changes", "ordered_changes", "restore_block"]

_T = TypeVar("_T")

_PLAN_FIELDS: Final = (
    ("municipality", "die Kommune"),
    ("years", "die Haushaltsjahre"),
    ("planning_years", "die Planungsjahre"),
    ("status", "der Status"),
    ("framework", "der Haushaltsrahmen"),
    ("title", "der Titel"),
    ("note", "die Anmerkung"),
)

_SETTABLE_TOTALS: Final = frozenset({"total_income", "total_expenses"})
_DERIVED_ONLY: Final = (
    "operating_receipts",
    "operating_payments",
    "investment_receipts",
    "investment_payments",
    "financing_receipts",
    "financing_payments",
)
_UNSETTABLE: Final = (
    ("balance_restored_year", "das Jahr des Haushaltsausgleichs"),
    ("equalisation_reserve_opening", "der Anfangsbestand der Ausgleichsrücklage"),
    ("general_reserve_opening", "der Anfangsbestand der allgemeinen Rücklage"),
)


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


def _same_line(a: PlanLine, b: PlanLine) -> bool:
    return (
        a.columns == b.columns
        and len(a.values) == len(b.values)
        and all(
            (x is None) == (y is None) and (x is None or x == y)
            for x, y in zip(a.values, b.values, strict=True)
        )
    )


def _first_lines(lines: Iterable[PlanLine]) -> dict[tuple[PlanKind, int], PlanLine]:
    found: dict[tuple[PlanKind, int], PlanLine] = {}
    for line in lines:
        found.setdefault(line.key, line)
    return found


class _Differ:
    """Collects the changes and the differences no change kind can express."""

    def __init__(self, old: BudgetPlan, new: BudgetPlan) -> None:
        self.old = old
        self.new = new
        self.framework: Framework | None = framework_of(new)
        self.changes: list[Change] = []
        self.derived: list[Change] = []
        self.problems: list[str] = []
        self._aggregated: frozenset[tuple[PlanKind, int]] | None = None
        self._computed = computed_keys(self.framework)

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
        self, lines: dict[tuple[PlanKind, int], PlanLine], kind: PlanKind, number: int
    ) -> bool:
        """True if recompute would compute the line from lines printed in ``lines``."""
        if self.framework is None:
            return False
        schema = self.framework.schema(kind)
        definition = schema.line(number) if schema is not None else None
        if definition is not None and definition.is_computed:
            return any((kind, t.line) in lines for t in definition.formula)
        return True  # a Gesamtplan line summed from Teilplan lines that exist

    def lines(self, unit: str | None, old: tuple[PlanLine, ...], new: tuple[PlanLine, ...]) -> None:
        if old == new:
            return
        before, after = _first_lines(old), _first_lines(new)
        keys = [*after, *(k for k in before if k not in after)]
        for key in keys:
            kind, number = key
            current, wanted = before.get(key), after.get(key)
            if self._derived(unit, kind, number):
                target = Target(unit=unit, plan=kind, line=number)
                if wanted is None and current is not None:
                    self.derived.append(RemoveLine(target=target, old_values=()))
                elif (
                    wanted is not None
                    and current is None
                    and not self._has_operands(after, kind, number)
                ):
                    self.derived.append(AddLine(target=target, values=cells(wanted)))
                continue
            self.changes.extend(line_changes(unit, kind, number, current, wanted))

    # ------------------------------------------------------------------------- units

    def units(self) -> list[tuple[BudgetUnit, BudgetUnit]]:
        """Products removed and added; the pairs of units in both versions."""
        old_units = _units(self.old)
        new_units = _units(self.new)
        for code, (unit, parent) in new_units.items():
            if isinstance(unit, Product):
                continue
            found = old_units.get(code)
            if found is None or type(found[0]) is not type(unit) or found[1] != parent:
                self.problems.append(
                    f"{_level(unit)} {code} ist neu oder liegt anders; Produktbereiche und "
                    "-gruppen lassen sich mit keiner Änderungsart hinzufügen."
                )
        for code, (unit, _) in old_units.items():
            if not isinstance(unit, Product) and code not in new_units:
                self.problems.append(
                    f"{_level(unit)} {code} fehlt in der neuen Fassung; Produktbereiche und "
                    "-gruppen lassen sich mit keiner Änderungsart entfernen."
                )
        moved: set[str] = set()
        for code, (unit, parent) in old_units.items():
            if not isinstance(unit, Product):
                continue
            found = new_units.get(code)
            if found is None or not isinstance(found[0], Product) or found[1] != parent:
                moved.add(code)
                self.changes.append(RemoveProduct(code=code, old_name=unit.name))
        for code, (unit, parent) in new_units.items():
            new_or_moved = code not in old_units or code in moved
            if isinstance(unit, Product) and parent is not None and new_or_moved:
                self.changes.append(AddProduct(group=parent, product=unit))
        self._check_product_order(old_units, new_units, moved)
        return [
            (old_units[code][0], unit)
            for code, (unit, _) in new_units.items()
            if code in old_units and code not in moved
        ]

    def _check_product_order(
        self,
        old_units: dict[str, tuple[BudgetUnit, str | None]],
        new_units: dict[str, tuple[BudgetUnit, str | None]],
        moved: set[str],
    ) -> None:
        for code, (unit, _) in new_units.items():
            if not isinstance(unit, ProductGroup) or code not in old_units:
                continue
            before = old_units[code][0]
            if not isinstance(before, ProductGroup):
                continue  # reported by units()
            codes = tuple(p.code for p in before.products if p.code in new_units)
            codes = tuple(c for c in codes if c not in moved)
            for p in unit.products:
                if p.code not in codes:
                    codes = insert_ordered(codes, p.code, key=str)
            if codes != tuple(p.code for p in unit.products):
                self.problems.append(
                    f"Die Produkte der Produktgruppe {code} stehen in einer Reihenfolge, die "
                    "sich durch Hinzufügen und Entfernen nicht herstellen lässt."
                )

    def unit(self, old: BudgetUnit, new: BudgetUnit) -> None:
        code = new.code
        if _metadata(old) != _metadata(new):
            for field in UnitField:
                before, after = unit_field_value(old, field), unit_field_value(new, field)
                if before != after:
                    self.changes.append(UpdateUnit(unit=code, field=field, new=after, old=before))
        self.lines(code, old.lines, new.lines)

    def goals(self, old: BudgetUnit, new: BudgetUnit) -> None:
        if old.goals != new.goals:
            self.changes.extend(_goal_changes(new.code, old.goals, new.goals))
        if old.key_figures != new.key_figures:
            self.changes.extend(_figure_changes(new.code, None, old.key_figures, new.key_figures))

    # ------------------------------------------------------------------------- the rest

    def plan_fields(self) -> None:
        for name, label in _PLAN_FIELDS:
            if getattr(self.old, name) != getattr(self.new, name):
                self.problems.append(
                    f"Im Haushaltsplan ändert sich {label}; das drückt keine Änderungsart aus."
                )

    def statutes(self) -> None:
        old = {s.year: s for s in self.old.statutes}
        new = {s.year: s for s in self.new.statutes}
        for year in sorted(old.keys() ^ new.keys()):
            word = "neu" if year in new else "entfällt"
            self.problems.append(
                f"Die Haushaltssatzung {year} ist {word}; Satzungen lassen sich mit keiner "
                "Änderungsart hinzufügen oder entfernen."
            )
        for year in sorted(old.keys() & new.keys()):
            if old[year] != new[year]:
                self._statute(old[year], new[year])

    def _statute(self, old: BudgetStatute, new: BudgetStatute) -> None:
        year = new.year
        for tax in TaxKind:
            before, after = old.tax_rates.rate(tax), new.tax_rates.rate(tax)
            if before == after and (before is None) == (after is None):
                continue
            if after is None:
                self.problems.append(
                    f"Haushaltssatzung {year}: der Hebesatz {tax.value} entfällt; ein Hebesatz "
                    "lässt sich nur setzen, nicht löschen."
                )
                continue
            self.changes.append(SetTaxRate(year=year, tax=tax, new=after, old=before))
        for field in StatuteField:
            before_v: Decimal | None = getattr(old, field.value)
            after_v: Decimal | None = getattr(new, field.value)
            if field.value in _SETTABLE_TOTALS and self._total_follows(field.value, year):
                if (before_v is None) != (after_v is None):
                    self.problems.append(
                        f"Haushaltssatzung {year}: {field.value} folgt aus dem Gesamtplan und "
                        "lässt sich nicht setzen oder löschen."
                    )
                continue
            if before_v != after_v or (before_v is None) != (after_v is None):
                self.changes.append(
                    SetStatuteValue(year=year, field=field, new=after_v, old=before_v)
                )
        for name in _DERIVED_ONLY:
            before_v, after_v = getattr(old, name), getattr(new, name)
            if (before_v is None) != (after_v is None) or (
                before_v != after_v and not self._total_follows(name, year)
            ):
                self.problems.append(
                    f"Haushaltssatzung {year}: {name} lässt sich mit keiner Änderungsart setzen."
                )
        for name, label in _UNSETTABLE:
            if getattr(old, name) != getattr(new, name):
                self.problems.append(
                    f"Haushaltssatzung {year}: {label} lässt sich mit keiner Änderungsart setzen."
                )

    def _total_follows(self, attribute: str, year: int) -> bool:
        if self.framework is None:
            return False
        return statute_total(self.new, self.framework, attribute, year) is not None

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


def _metadata(unit: BudgetUnit) -> tuple[object, ...]:
    return tuple(getattr(unit, name) for name in _FIELD_NAMES)


def _level(unit: BudgetUnit) -> str:
    if isinstance(unit, BudgetArea):
        return "Der Produktbereich"
    if isinstance(unit, ProductGroup):
        return "Die Produktgruppe"
    return "Das Produkt"


def _units(plan: BudgetPlan) -> dict[str, tuple[BudgetUnit, str | None]]:
    """Every unit by code with the code of its parent (first occurrence counts)."""
    found: dict[str, tuple[BudgetUnit, str | None]] = {}
    for area in plan.areas:
        found.setdefault(area.code, (area, None))
        for group in area.groups:
            found.setdefault(group.code, (group, area.code))
            for product in group.products:
                found.setdefault(product.code, (product, group.code))
    return found


def diff(old: BudgetPlan, new: BudgetPlan) -> Amendment:
    """The amendment that turns ``old`` into ``new`` (Veränderungen zwischen zwei Fassungen).

    Args:
        old: The earlier version of the Haushaltsplan.
        new: The later version.

    Returns:
        An amendment with typed changes keyed by stable ids, such that
        ``apply(old, diff(old, new)) == new`` when both plans are consistent
        (:func:`~nkf.changes.recompute.recompute` leaves them as they are).

    Raises:
        ApplyError: Some difference cannot be expressed by any change kind (NKF-E616);
            every such difference is named.
    """
    d = _Differ(old, new)
    d.plan_fields()
    pairs = d.units()
    for before, after in pairs:
        d.unit(before, after)
    # Sum lines that come or go with no line under them, then the Gesamtplan: whether a
    # Gesamtplan line is summed from the Teilpläne depends on the Teilpläne being there.
    d.changes.extend(d.derived)
    d.derived.clear()
    d.lines(None, old.lines, new.lines)
    d.changes.extend(d.derived)
    for before, after in pairs:
        d.goals(before, after)
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
