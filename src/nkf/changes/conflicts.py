"""Conflicts between motions (Konflikte zwischen Änderungsanträgen).

:func:`conflicts` finds the places where motions of one deliberation collide, and never
resolves them: the council decides. Each :class:`Conflict` names its kind, the target
(a logical path as in :mod:`nkf.paths`), the involved changes as ``(amendment id,
1-based change index)`` pairs, and says in German what collides:

* :attr:`ConflictKind.DIFFERENT_VALUES` — two motions set the same cell (unit, plan,
  line, column), Hebesatz, Satzung amount, measure amount, unit field, post or block to
  different values. Two changes by different amounts (``delta``) count as well: they
  compete for the same figure, and adopting both would add them up.
* :attr:`ConflictKind.DELETE_VS_EDIT` — one motion deletes a line, product, group, area,
  goal, key figure, post, measure or statute that another motion changes (also inside it:
  RemoveProduct 050101 against an AmountChange on 050101 line 13, RemoveArea 05 against
  the same change, RemoveStatute 2021 against a Hebesatz of 2021).
* :attr:`ConflictKind.OVERLAPPING_PERCENT_BASE` — two percentage changes (linear cut,
  indexation) cover the same lines and columns, or a percentage change covers a cell that
  another motion changes by an amount: the result depends on the order.
* :attr:`ConflictKind.COVER_SPENT_TWICE` — the same Deckung is claimed twice: two motions
  name the same offset (change or cell) in their Deckungsvorschlag, a motion claims the
  cover of another motion that does not serve it, or the claims on a stated cover amount
  exceed it.
* :attr:`ConflictKind.SAME_POSITION` — two motions edit the same goal or key figure
  differently, or one inserts or deletes a goal (key figure) so that the positions
  another motion addresses shift.
* :attr:`ConflictKind.ORDER_DEPENDENT` — a re-phasing (MoveAmount) meets a change of the
  same cell whose result depends on which comes first.
* :attr:`ConflictKind.STALE` — with ``plan``: a change's stated old value ("bisher")
  differs from the plan.

Identical motions (the same value for the same target) are no conflict; :func:`identical`
lists them (kind :attr:`ConflictKind.IDENTICAL`), because adopting both would apply a
change twice.

Indexing is by target key (dicts), so 500 motions against a plan of 1,000 products are
checked without comparing every pair of changes.

>>> from decimal import Decimal
>>> from nkf.model import Column, PlanKind, ValueKind
>>> from nkf.model.amendment import AmountChange, Amendment, RemoveProduct
>>> from nkf.model.targets import Target
>>> col = Column(year=2021, kind=ValueKind.ANSATZ)
>>> line = Target(unit="050101", plan=PlanKind.TEILERGEBNISPLAN, line=13)
>>> a = Amendment(id="A", title="a", changes=(
...     AmountChange(target=line, column=col, new=Decimal(20000)),))
>>> b = Amendment(id="B", title="b", changes=(
...     AmountChange(target=line, column=col, new=Decimal(25000)),))
>>> c = Amendment(id="C", title="c", changes=(RemoveProduct(code="05.01.01"),))
>>> [(x.kind.name, x.target, x.involved) for x in conflicts(a, b, c)]
... # doctest: +NORMALIZE_WHITESPACE
[('DIFFERENT_VALUES', 'unit[050101]/line[teilergebnisplan:13]/column[ansatz:2021]',
  (('A', 1), ('B', 1))),
 ('DELETE_VS_EDIT', 'unit[050101]', (('A', 1), ('B', 1), ('C', 1)))]
>>> same = Amendment(id="A2", title="a", changes=a.changes)
>>> conflicts(a, same)
[]
>>> identical(a, same)[0].kind.name
'IDENTICAL'
"""

from __future__ import annotations

import enum
import functools
from collections import defaultdict
from collections.abc import Hashable
from decimal import Decimal
from typing import TYPE_CHECKING, Final

import attrs

from nkf import codes
from nkf.changes._index import TOLERANCE
from nkf.diagnostics import Diagnostic, Location, Severity
from nkf.errors import InvalidCode
from nkf.frameworks import Direction, Framework, UnknownFramework, get
from nkf.model import BudgetPlan, BudgetUnit, Column, PlanKind
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
    CopyGoals,
    Coverage,
    CoverageSource,
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
    plan_field_value,
)
from nkf.money import format_amount
from nkf.paths import (
    describe,
    goal_path,
    investment_path,
    line_path,
    parent_paths,
    post_path,
    statute_path,
    unit_path,
)

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from nkf.changes.compose import Composition
    from nkf.model import Scalar
    from nkf.model.targets import Target

__all__ = ["CODES", "Conflict", "ConflictKind", "conflicts", "identical"]


class ConflictKind(enum.Enum):
    """What kind of collision a :class:`Conflict` is (Konfliktart)."""

    DIFFERENT_VALUES = "different-values"
    DELETE_VS_EDIT = "delete-vs-edit"
    OVERLAPPING_PERCENT_BASE = "overlapping-percent-base"
    COVER_SPENT_TWICE = "cover-spent-twice"
    SAME_POSITION = "same-position"
    ORDER_DEPENDENT = "order-dependent"
    STALE = "stale"
    IDENTICAL = "identical"

    @property
    def label(self) -> str:
        """The German name of the kind."""
        return _LABELS[self]

    @property
    def code(self) -> str:
        """The stable diagnostic code (NKF-E801 … NKF-I808)."""
        return _CODES[self]


_LABELS: Final = {
    ConflictKind.DIFFERENT_VALUES: "verschiedene Werte",
    ConflictKind.DELETE_VS_EDIT: "Streichung und Änderung",
    ConflictKind.OVERLAPPING_PERCENT_BASE: "überlappende Prozentbasis",
    ConflictKind.COVER_SPENT_TWICE: "Deckung doppelt verwendet",
    ConflictKind.SAME_POSITION: "dieselbe Position",
    ConflictKind.ORDER_DEPENDENT: "Ergebnis hängt von der Reihenfolge ab",
    ConflictKind.STALE: "bisheriger Wert weicht vom Haushaltsplan ab",
    ConflictKind.IDENTICAL: "gleichlautende Anträge",
}
_CODES: Final = {
    ConflictKind.DIFFERENT_VALUES: "NKF-E801",
    ConflictKind.DELETE_VS_EDIT: "NKF-E802",
    ConflictKind.OVERLAPPING_PERCENT_BASE: "NKF-E803",
    ConflictKind.COVER_SPENT_TWICE: "NKF-E804",
    ConflictKind.SAME_POSITION: "NKF-E805",
    ConflictKind.ORDER_DEPENDENT: "NKF-E806",
    ConflictKind.STALE: "NKF-E807",
    ConflictKind.IDENTICAL: "NKF-I808",
}
_ORDER: Final = {kind: i for i, kind in enumerate(ConflictKind)}

CODES: Final[dict[str, str]] = {
    "NKF-E801": "zwei Anträge setzen dieselbe Zelle oder Angabe auf verschiedene Werte",
    "NKF-E802": "ein Antrag streicht, was ein anderer ändert (auch darin Enthaltenes)",
    "NKF-E803": "Prozentänderungen mit überlappender Basis, oder Prozent- und Betragsänderung "
    "derselben Zelle",
    "NKF-E804": "dieselbe Deckung wird mehrfach in Anspruch genommen",
    "NKF-E805": "dieselbe Ziel- oder Kennzahlposition wird verschieden geändert oder verschoben",
    "NKF-E806": "Verschiebung zwischen Jahren, deren Ergebnis von der Reihenfolge abhängt",
    "NKF-E807": "der angegebene bisherige Wert weicht vom Haushaltsplan ab",
    "NKF-I808": "gleichlautende Anträge (kein Konflikt; beide angenommen wirkt es doppelt)",
}
"""The codes of :class:`ConflictKind`, with one line each (for docs/diagnostics.md)."""


@attrs.frozen(kw_only=True)
class Conflict:
    """A collision between motions, or between a motion and the plan (Konflikt).

    Attributes:
        kind: What collides.
        target: The logical path of what they collide on, as in :mod:`nkf.paths`
            (``unit[050101]/line[teilergebnisplan:13]/column[ansatz:2021]``).
        involved: The involved changes as ``(amendment id, 1-based change index)``, in
            the order the amendments were given.
        message: What collides, in German.
    """

    kind: ConflictKind
    target: str
    involved: tuple[tuple[str, int], ...]
    message: str

    @property
    def amendment_ids(self) -> tuple[str, ...]:
        """The ids of the involved amendments, each once, in order."""
        return tuple(dict.fromkeys(aid for aid, _ in self.involved))

    @property
    def severity(self) -> Severity:
        """Error for every conflict, info for identical motions."""
        return Severity.INFO if self.kind is ConflictKind.IDENTICAL else Severity.ERROR

    def to_diagnostic(self) -> Diagnostic:
        """The conflict as a finding (Befund) with its code, located at :attr:`target`."""
        return Diagnostic(
            code=self.kind.code,
            severity=self.severity,
            message=self.message,
            location=Location(path=self.target),
        )


# --------------------------------------------------------------------------- keys


@functools.lru_cache(maxsize=4096)
def _unit(code: str) -> str:
    """The compact code of a unit (``05.01.01`` → ``050101``), or the code as written."""
    try:
        return codes.compact(code)
    except InvalidCode:
        return code.strip()


@functools.lru_cache(maxsize=4096)
def _ancestors(code: str) -> tuple[str, ...]:
    """The compact codes above a unit: ``050101`` → ``("0501", "05")``."""
    try:
        parsed: codes.Code | None = codes.parse(code).parent
    except InvalidCode:
        return ()
    found: list[str] = []
    while parsed is not None:
        found.append(parsed.compact)
        parsed = parsed.parent
    return tuple(found)


def _column_part(column: Column) -> str:
    return f"column[{column.kind.value}:{column.year}]"


def _target_path(target: Target) -> str:
    """The logical path of a target (Bezug); words only are keyed by their text."""
    parts: list[str] = []
    if target.unit is not None:
        parts.append(unit_path(_unit(target.unit)))
    if target.plan is not None and target.line is not None:
        parts.append(line_path(target.plan, target.line))
    elif target.plan is not None:
        parts.append(f"plan[{target.plan.value}]")
    if target.account is not None:
        parts.append(f"account[{target.account.strip()}]")
    if target.cost_centre is not None:
        parts.append(f"costCentre[{target.cost_centre.strip()}]")
    if target.investment is not None:
        parts.append(investment_path(target.investment.strip()))
    if not parts:
        parts.append(f"text[{' '.join((target.text or '').casefold().split())}]")
    return "/".join(parts)


def _target_paths(target: Target) -> tuple[str, ...]:
    """Every path a change on ``target`` touches (a measure is also reached by its id)."""
    main = _target_path(target)
    if target.investment is not None and target.unit is not None:
        return (main, investment_path(target.investment.strip()))
    return (main,)


def _cell(target: Target, column: Column) -> str:
    return f"{_target_path(target)}/{_column_part(column)}"


_Scope = tuple[str | None, PlanKind | None, int | None, str | None, Column]
"""(unit, plan kind, line, account, column); None is a wildcard in a percentage's scope."""


def _scope(target: Target, column: Column) -> _Scope:
    unit = _unit(target.unit) if target.unit is not None else None
    account = target.account.strip() if target.account is not None else None
    return (unit, target.plan, target.line, account, column)


def _generalisations(cell: _Scope) -> Iterator[_Scope]:
    """Every scope that contains the concrete ``cell`` (wildcards and units above it)."""
    unit, plan, line, account, column = cell
    units: list[str | None] = [unit]
    if unit is not None:
        units.extend(_ancestors(unit))
    if unit is not None or plan is None or plan.is_part:
        units.append(None)
    for u in dict.fromkeys(units):
        for p in dict.fromkeys((plan, None)):
            for n in dict.fromkeys((line, None)):
                for a in dict.fromkeys((account, None)):
                    yield (u, p, n, a, column)


def _units_meet(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or a in _ancestors(b) or b in _ancestors(a)


def _scopes_meet(a: _Scope, b: _Scope) -> bool:
    return (
        a[4] == b[4]
        and _units_meet(a[0], b[0])
        and all(x is None or y is None or x == y for x, y in zip(a[1:4], b[1:4], strict=True))
    )


# --------------------------------------------------------------------------- describing


def _eur(value: Decimal) -> str:
    return format_amount(value) if value.is_finite() else str(value)


def _signed(value: Decimal) -> str:
    return ("+" if value > 0 else "") + _eur(value)


def _where(aid: str, index: int) -> str:
    return f"Antrag {aid}, Änderung {index}"


def _intent_text(intent: Hashable) -> str:
    """Say in words what a change wants for a target (for the messages)."""
    if isinstance(intent, tuple) and len(intent) == 2 and intent[0] in {"=", "+"}:
        value = intent[1]
        if isinstance(value, Decimal):
            return f"auf {_eur(value)}" if intent[0] == "=" else f"um {_signed(value)}"
    if isinstance(intent, tuple) and intent and intent[0] == "delete":
        return "streicht"
    if isinstance(intent, Decimal):
        return f"auf {intent.normalize():f}"
    if isinstance(intent, str):
        return f"auf „{intent}“"
    if intent is None:
        return "auf (leer)"
    return f"auf {intent!r}" if not attrs.has(type(intent)) else "mit anderem Inhalt"


# --------------------------------------------------------------------------- collecting


@attrs.frozen(kw_only=True)
class _Op:
    """A change with its provenance and its position in the whole input (for ordering)."""

    aid: str
    index: int
    seq: int
    change: Change

    @property
    def pair(self) -> tuple[str, int]:
        return (self.aid, self.index)


@attrs.define
class _Index:
    """Everything the checks look up, keyed by target (one pass over all changes)."""

    framework: Framework | None
    plan: BudgetPlan | None
    units: dict[str, BudgetUnit]
    amendments: dict[str, Amendment]
    parents: dict[str, str] = attrs.Factory(dict)  # unit code → code of its area or group
    by_ref: dict[tuple[str, str], _Op] = attrs.Factory(dict)
    sets: dict[str, list[tuple[_Op, Hashable, ConflictKind]]] = attrs.Factory(
        lambda: defaultdict(list)
    )
    deletes: dict[str, list[_Op]] = attrs.Factory(lambda: defaultdict(list))
    touches: list[tuple[str, _Op]] = attrs.Factory(list)
    writes: list[tuple[_Scope, _Op]] = attrs.Factory(list)
    percents: list[tuple[_Op, tuple[_Scope, ...], tuple[_Scope, ...]]] = attrs.Factory(list)
    moves: dict[str, list[tuple[_Op, bool]]] = attrs.Factory(lambda: defaultdict(list))
    positional: dict[tuple[str, str], list[tuple[_Op, int, str]]] = attrs.Factory(
        lambda: defaultdict(list)
    )
    stale: list[tuple[_Op, str, str]] = attrs.Factory(list)

    def set(
        self,
        key: str,
        op: _Op,
        intent: Hashable,
        kind: ConflictKind = ConflictKind.DIFFERENT_VALUES,
    ) -> None:
        self.sets[key].append((op, intent, kind))

    def touch(self, op: _Op, *paths: str) -> None:
        self.touches.extend((p, op) for p in paths)

    def delete(self, op: _Op, path: str, intent: Hashable = ("delete",)) -> None:
        self.deletes[path].append(op)
        self.set(path, op, intent)


def _amount_intent(change: AmountChange, current: Decimal | None) -> Hashable:
    """``("=", value)`` where the new amount is known, else ``("+", delta)``."""
    if change.new is not None:
        return ("=", change.new)
    base = change.old if change.old is not None else current
    if change.delta is not None and base is not None:
        return ("=", base + change.delta)
    return ("+", change.delta)


def _plan_cell(index: _Index, target: Target, column: Column) -> Decimal | None:
    """The plan's value of a cell, or None (no plan, target not a line, empty cell)."""
    if index.plan is None or target.plan is None or target.line is None:
        return None
    if target.account is not None or target.cost_centre is not None:
        return None
    if target.unit is None:
        line = index.plan.line(target.plan, target.line)
    else:
        unit = index.units.get(_unit(target.unit))
        line = unit.line(target.plan, target.line) if unit is not None else None
    return line.value(column) if line is not None else None


def _collect(index: _Index, op: _Op) -> None:
    """Register what one change sets, deletes, touches and reads."""
    ch = op.change
    if isinstance(ch, AmountChange):
        cell = _cell(ch.target, ch.column)
        index.set(cell, op, _amount_intent(ch, _plan_cell(index, ch.target, ch.column)))
        index.touch(op, cell, *_target_paths(ch.target)[1:])
        index.writes.append((_scope(ch.target, ch.column), op))
        index.moves[cell].append((op, ch.new is not None or ch.delta is None))  # absolute?
    elif isinstance(ch, AddLine):
        for value in ch.values:
            cell = _cell(ch.target, value.column)
            index.set(cell, op, ("=", value.amount))
            index.writes.append((_scope(ch.target, value.column), op))
            index.moves[cell].append((op, True))
        index.touch(op, *_target_paths(ch.target))
    elif isinstance(ch, RemoveLine):
        index.delete(op, _target_path(ch.target))
    elif isinstance(ch, PercentChange):
        written = tuple(_scope(t, c) for t in ch.targets for c in ch.columns)
        read = tuple(_scope(t, ch.base_column) for t in ch.targets if ch.base_column)
        index.percents.append((op, written, read))
        for t in ch.targets:
            index.touch(op, *_target_paths(t))
    elif isinstance(ch, MoveAmount):
        for column in (ch.from_column, ch.to_column):
            cell = _cell(ch.target, column)
            index.moves[cell].append((op, ch.amount is None))
            index.writes.append((_scope(ch.target, column), op))
            index.touch(op, cell)
        index.touch(op, *_target_paths(ch.target)[1:])
    elif isinstance(ch, GlobalReduction):
        key = f"globalReduction/{_column_part(ch.column)}"
        index.set(key, op, (ch.amount, ch.percent, ch.base, ch.cap_percent, ch.allocation))
    elif isinstance(ch, AddArea | AddGroup | AddProduct):
        _collect_added_unit(index, op, ch)
    elif isinstance(ch, RemoveArea | RemoveGroup | RemoveProduct):
        index.delete(op, unit_path(_unit(ch.code)))
    elif isinstance(ch, UpdateUnit):
        path = unit_path(_unit(ch.unit))
        index.set(f"{path}/{ch.field.value}", op, ch.new)
        index.touch(op, path)
    else:
        _collect_more(index, op)


def _collect_added_unit(index: _Index, op: _Op, ch: AddArea | AddGroup | AddProduct) -> None:
    """A new unit is set under its code; it touches the area or group it is added to."""
    added: BudgetUnit
    if isinstance(ch, AddArea):
        added, parent = ch.area, None
    elif isinstance(ch, AddGroup):
        added, parent = ch.group, ch.area
    else:
        added, parent = ch.product, ch.group
    path = unit_path(_unit(added.code))
    index.set(f"{path}/add", op, added)
    index.touch(op, path)
    if parent is not None:
        index.touch(op, unit_path(_unit(parent)))


def _collect_more(index: _Index, op: _Op) -> None:
    """Goals, key figures, Satzung, measures, posts and blocks."""
    ch = op.change
    same = ConflictKind.SAME_POSITION
    if isinstance(ch, AddGoal):
        unit = _unit(ch.unit)
        text = " ".join(ch.goal.text.casefold().split())
        index.set(f"{unit_path(unit)}/newGoal[{text}]", op, ch.goal, same)
        index.touch(op, unit_path(unit))
        if ch.position is not None:
            index.positional[unit_path(unit), "goal"].append((op, ch.position, "insert"))
    elif isinstance(ch, RemoveGoal):
        unit = _unit(ch.unit)
        index.delete(op, goal_path(unit, ch.position))
        index.positional[unit_path(unit), "goal"].append((op, ch.position, "remove"))
    elif isinstance(ch, EditGoal):
        unit = _unit(ch.unit)
        path = goal_path(unit, ch.position)
        index.set(f"{path}/text", op, ch.new_text, same)
        index.touch(op, path)
        index.positional[unit_path(unit), "goal"].append((op, ch.position, "address"))
    elif isinstance(ch, CopyGoals):
        index.touch(op, unit_path(_unit(ch.unit)), unit_path(_unit(ch.source)))
    elif isinstance(ch, AddKeyFigure | RemoveKeyFigure | RenameKeyFigure | SetKeyFigureValue):
        _collect_key_figure(index, op, ch)
    elif isinstance(ch, SetTaxRate):
        index.set(f"{statute_path(ch.year)}/taxRate[{ch.tax.value}]", op, ch.new)
        index.touch(op, statute_path(ch.year))
    elif isinstance(ch, SetStatuteValue):
        index.set(f"{statute_path(ch.year)}/{ch.field.value}", op, ch.new)
        index.touch(op, statute_path(ch.year))
    elif isinstance(ch, SetBalanceYear):
        index.set(f"{statute_path(ch.year)}/balanceRestoredYear", op, ch.new)
        index.touch(op, statute_path(ch.year))
    elif isinstance(ch, AddStatute):
        path = statute_path(ch.statute.year)
        index.set(f"{path}/add", op, ch.statute)
        index.touch(op, path)
    elif isinstance(ch, RemoveStatute):
        index.delete(op, statute_path(ch.year))
    elif isinstance(ch, UpdatePlan):
        index.set(f"plan/{ch.field.value}", op, ch.new)
    elif isinstance(ch, SetPlanningYears):
        index.set("plan/planningYears", op, ch.new)
    elif isinstance(ch, AddInvestment):
        path = investment_path(ch.investment.id)
        index.set(f"{path}/add", op, ch.investment)
        index.touch(op, path)
        if ch.investment.product is not None:
            index.touch(op, f"{unit_path(_unit(ch.investment.product))}/{path}")
    elif isinstance(ch, RemoveInvestment):
        index.delete(op, investment_path(ch.id))
    elif isinstance(ch, SetInvestmentAmount):
        path = investment_path(ch.id)
        index.set(f"{path}/{ch.flow.value}[{ch.year}]", op, ch.new)
        index.touch(op, path)
    elif isinstance(ch, CreatePost):
        path = post_path(ch.post.id)
        index.set(f"{path}/create", op, ch.post)
        index.touch(op, path)
        if ch.post.product is not None:
            index.touch(op, f"{unit_path(_unit(ch.post.product))}/{path}")
    elif isinstance(ch, DeletePost):
        index.delete(op, post_path(ch.post_id))
    elif isinstance(ch, SwapPost):
        index.delete(op, post_path(ch.post_id), ("swap", ch.new_post))
        index.touch(op, post_path(ch.new_post.id))
    elif isinstance(ch, BlockPost):
        index.set(f"{post_path(ch.post_id)}/blocked", op, True)  # noqa: FBT003
        index.touch(op, post_path(ch.post_id))
    elif isinstance(ch, SetKwVermerk):
        index.set(f"{post_path(ch.post_id)}/kw", op, ch.year)
        index.touch(op, post_path(ch.post_id))
    elif isinstance(ch, BlockAmount):
        intent = (ch.target, ch.column, ch.amount, ch.release_condition, ch.releasing_body)
        index.set(f"block[{ch.block_id}]", op, intent)
        index.touch(op, *_target_paths(ch.target))
    elif isinstance(ch, ReleaseBlock):
        index.set(f"block[{ch.block_id}]/release", op, ch.amount)
        index.touch(op, f"block[{ch.block_id}]")


def _collect_key_figure(
    index: _Index, op: _Op, ch: AddKeyFigure | RemoveKeyFigure | RenameKeyFigure | SetKeyFigureValue
) -> None:
    unit = _unit(ch.unit)
    holder = goal_path(unit, ch.goal)
    if ch.goal is not None:
        index.positional[unit_path(unit), "goal"].append((op, ch.goal, "address"))
    same = ConflictKind.SAME_POSITION
    if isinstance(ch, AddKeyFigure):
        index.touch(op, holder)
        if ch.position is not None:
            index.positional[holder, "keyFigure"].append((op, ch.position, "insert"))
        return
    path = goal_path(unit, ch.goal, key_figure=ch.position)
    if isinstance(ch, RemoveKeyFigure):
        index.delete(op, path)
        index.positional[holder, "keyFigure"].append((op, ch.position, "remove"))
        return
    index.touch(op, path)
    index.positional[holder, "keyFigure"].append((op, ch.position, "address"))
    if isinstance(ch, RenameKeyFigure):
        index.set(f"{path}/name", op, ch.new_name, same)
    else:
        index.set(f"{path}/value[{ch.figure_kind.value}:{ch.year}]", op, ch.new, same)


# --------------------------------------------------------------------------- checks


class _Found:
    """Collects conflicts once each, in a stable order."""

    def __init__(self) -> None:
        self._seen: dict[tuple[ConflictKind, str, tuple[tuple[str, int], ...]], Conflict] = {}
        self._first: dict[tuple[ConflictKind, str, tuple[tuple[str, int], ...]], int] = {}

    def add(self, kind: ConflictKind, target: str, ops: Iterable[_Op], message: str) -> None:
        unique = sorted({op.seq: op for op in ops}.values(), key=lambda o: o.seq)
        involved = tuple(op.pair for op in unique)
        key = (kind, target, involved)
        if key not in self._seen:
            self._seen[key] = Conflict(kind=kind, target=target, involved=involved, message=message)
            self._first[key] = unique[0].seq if unique else 0

    def result(self) -> list[Conflict]:
        keys = sorted(self._seen, key=lambda k: (self._first[k], _ORDER[k[0]], k[1]))
        return [self._seen[k] for k in keys]


def _check_sets(index: _Index, found: _Found, *, want_identical: bool) -> None:
    """Same target, different values (or, for :func:`identical`, the same value)."""
    for key, entries in index.sets.items():
        aids = {op.aid for op, _, _ in entries}
        if len(aids) < 2:
            continue
        intents = list(dict.fromkeys(intent for _, intent, _ in entries))
        ops = [op for op, _, _ in entries]
        kind = entries[0][2]
        if len(intents) == 1:
            if want_identical:
                found.add(
                    ConflictKind.IDENTICAL,
                    key,
                    ops,
                    f"Gleichlautende Änderungen an {describe(key)}: "
                    + "; ".join(_where(op.aid, op.index) for op in ops)
                    + ". Werden alle angenommen, wirkt die Änderung mehrfach.",
                )
            continue
        if want_identical:
            continue
        parts = [f"{_where(op.aid, op.index)} {_intent_text(i)}" for op, i, _ in entries]
        deltas = [i[1] for _, i, _ in entries if isinstance(i, tuple) and i and i[0] == "+"]
        extra = ""
        if len(deltas) == len(entries) and all(isinstance(d, Decimal) for d in deltas):
            total = sum((d for d in deltas if isinstance(d, Decimal)), Decimal(0))
            extra = f" Zusammen angenommen ergäben sie {_signed(total)}."
        found.add(
            kind,
            key,
            ops,
            f"Die Anträge wollen {describe(key)} verschieden ändern: "
            + "; ".join(parts)
            + "."
            + extra,
        )


def _check_deletes(index: _Index, found: _Found) -> None:
    """A delete against an edit of the same target or of something inside it."""
    by_path: dict[str, list[_Op]] = defaultdict(list)
    for path, op in index.touches:
        for ancestor in _enclosing(index, path):
            deleters = index.deletes.get(ancestor)
            if deleters and any(d.aid != op.aid for d in deleters):
                by_path[ancestor].append(op)
    for path, editors in by_path.items():
        deleters = index.deletes[path]
        who = "; ".join(_where(d.aid, d.index) for d in deleters)
        edits = "; ".join(_where(e.aid, e.index) for e in dict.fromkeys(editors))
        found.add(
            ConflictKind.DELETE_VS_EDIT,
            path,
            [*deleters, *editors],
            f"{describe(path)} wird gestrichen ({who}) und zugleich geändert ({edits}); nach der "
            "Streichung gibt es nichts mehr zu ändern.",
        )


def _enclosing(index: _Index, path: str) -> list[str]:
    """``path``, its ancestors, and the group and area paths above the unit it is in."""
    found = parent_paths(path)
    if path.startswith("unit["):
        code = path[len("unit[") : path.index("]")]
        above = list(_ancestors(code))
        parent = index.parents.get(code)
        while parent is not None and parent not in above:
            above.append(parent)
            parent = index.parents.get(parent)
        found += [unit_path(c) for c in above]
    return found


def _check_percents(index: _Index, found: _Found) -> None:
    """Percentage changes whose bases overlap another percentage or an amount change."""
    by_scope: dict[_Scope, list[_Op]] = defaultdict(list)
    by_column: dict[Column, list[tuple[_Op, _Scope]]] = defaultdict(list)
    for op, written, read in index.percents:
        for scope in (*written, *read):
            by_scope[scope].append(op)
            by_column[scope[4]].append((op, scope))
    kind = ConflictKind.OVERLAPPING_PERCENT_BASE
    written_by = {op.seq: set(w) for op, w, _ in index.percents}
    for entries in by_column.values():
        for i, (a, sa) in enumerate(entries):
            for b, sb in entries[i + 1 :]:
                if a.aid == b.aid or not _scopes_meet(sa, sb):
                    continue
                if sa not in written_by[a.seq] and sb not in written_by[b.seq]:
                    continue  # both only read the base
                found.add(
                    kind,
                    _scope_text(sa if sa[0] is None or sb[0] is None else sb),
                    (a, b),
                    f"Zwei Prozentänderungen treffen dieselben Beträge ({_where(a.aid, a.index)}"
                    f"; {_where(b.aid, b.index)}): die zweite rechnet mit der schon geänderten "
                    "Basis, das Ergebnis hängt von der Reihenfolge ab.",
                )
    for cell, op in index.writes:
        for scope in _generalisations(cell):
            for p in by_scope.get(scope, ()):
                if p.aid != op.aid:
                    found.add(
                        kind,
                        _scope_text(cell),
                        (p, op),
                        f"{_where(p.aid, p.index)} ändert um einen Prozentsatz, was "
                        f"{_where(op.aid, op.index)} um einen Betrag ändert "
                        f"({describe(_scope_text(cell))}); die Prozentbasis hängt davon ab, "
                        "welcher Antrag zuerst gilt.",
                    )


def _scope_text(scope: _Scope) -> str:
    unit, plan, line, account, column = scope
    parts = [unit_path(unit)] if unit is not None else []
    if plan is not None and line is not None:
        parts.append(line_path(plan, line))
    elif plan is not None:
        parts.append(f"plan[{plan.value}]")
    if account is not None:
        parts.append(f"account[{account}]")
    parts.append(_column_part(column))
    return "/".join(parts)


def _check_moves(index: _Index, found: _Found) -> None:
    """A re-phasing against a change of the same cell that does not commute with it.

    A move of a fixed amount commutes with changes by an amount, not with setting a new
    amount; a move of everything ("amount" None) commutes with nothing.
    """
    for cell, entries in index.moves.items():
        for move, move_all in entries:
            if not isinstance(move.change, MoveAmount):
                continue
            for other, flag in entries:
                if other.aid == move.aid:
                    continue
                clash = move_all or flag
                if clash:
                    found.add(
                        ConflictKind.ORDER_DEPENDENT,
                        cell,
                        (move, other),
                        f"{_where(move.aid, move.index)} verschiebt Beträge zwischen Jahren, "
                        f"{_where(other.aid, other.index)} ändert dieselbe Zelle "
                        f"({describe(cell)}); das Ergebnis hängt von der Reihenfolge ab.",
                    )


def _check_positions(index: _Index, found: _Found) -> None:
    """An insertion or deletion of a goal (key figure) shifts positions others address."""
    for (holder, level), entries in index.positional.items():
        for s, p, what in entries:
            if what == "address":
                continue
            for o, q, _ in entries:
                if o.aid == s.aid or not (q >= p if what == "insert" else q > p):
                    continue
                verb = f"fügt an Position {p} ein" if what == "insert" else f"streicht Position {p}"
                found.add(
                    ConflictKind.SAME_POSITION,
                    f"{holder}/{level}[{q}]",
                    (s, o),
                    f"{_where(s.aid, s.index)} {verb}; {_where(o.aid, o.index)} bezieht sich auf "
                    f"Position {q} ({describe(holder)}), die sich dadurch verschiebt.",
                )


def _covered_cost(index: _Index, change: Change) -> dict[Column, Decimal]:
    """The worsening of the Jahresergebnis a change states (for cover amounts), per column."""
    if not isinstance(change, AmountChange) or change.target.plan is None:
        return {}
    if not change.target.plan.is_result or change.target.line is None:
        return {}
    delta = change.delta
    if delta is None and change.new is not None:
        old = (
            change.old
            if change.old is not None
            else _plan_cell(index, change.target, change.column)
        )
        delta = change.new - old if old is not None else None
    schema = index.framework.schema(change.target.plan) if index.framework is not None else None
    definition = schema.line(change.target.line) if schema is not None else None
    if delta is None or definition is None or definition.direction is Direction.NONE:
        return {}
    return {change.column: delta if definition.direction is Direction.OUT else -delta}


def _check_cover(index: _Index, ops: list[_Op], found: _Found) -> None:
    """The same Deckung claimed by more motions than it covers."""
    claims: dict[str, list[_Op]] = defaultdict(list)
    offset_of: dict[str, list[_Op]] = defaultdict(list)
    served: dict[str, set[str]] = defaultdict(set)
    provides: dict[str, list[_Op]] = defaultdict(list)
    claimants: dict[str, list[_Op]] = defaultdict(list)
    for op in ops:
        cov = op.change
        if not isinstance(cov, Coverage):
            continue
        for name in cov.offsets:
            target_op = _resolve(op.aid, name, index)
            if target_op is None:
                continue
            claims[f"change[{target_op.aid}#{target_op.change.ref}]"].append(op)
            offset_of[f"change[{target_op.aid}#{target_op.change.ref}]"].append(target_op)
            for path in _offset_cells(target_op.change):
                claims[path].append(op)
                offset_of[path].append(target_op)
        if cov.source is CoverageSource.OTHER_MOTION:
            for provider in cov.motions:
                claimants[provider].append(op)
        else:
            provides[op.aid].append(op)
            served[op.aid].update(m for m in cov.motions if m != op.aid)
            if cov.covers:
                served[op.aid].add(op.aid)
    kind = ConflictKind.COVER_SPENT_TWICE
    for key, users in claims.items():
        if len({u.aid for u in users}) > 1:
            names = "; ".join(_where(u.aid, u.index) for u in dict.fromkeys(users))
            found.add(
                kind,
                key,
                [*users, *offset_of[key]],
                f"Dieselbe Deckung ({describe(key)}) ist in mehreren Deckungsvorschlägen genannt "
                f"({names}); sie kann nur einmal verwendet werden.",
            )
    for provider, claiming in claimants.items():
        if provider not in index.amendments:
            continue
        everyone = served[provider] | {c.aid for c in claiming}
        strangers = sorted({c.aid for c in claiming} - served[provider])
        if strangers and len(everyone) >= 2:
            found.add(
                kind,
                f"amendment[{provider}]/coverage",
                [*provides[provider], *claiming],
                f"Die Deckung aus Antrag {provider} wird von {', '.join(strangers)} in Anspruch "
                f"genommen, dient aber "
                + (
                    f"nur {', '.join(sorted(served[provider]))}"
                    if served[provider]
                    else "keinem weiteren Antrag"
                )
                + "; sie würde mehrfach verbraucht.",
            )
        _check_cover_amounts(index, provider, provides[provider], claiming, found)


def _check_cover_amounts(
    index: _Index,
    provider: str,
    provided: list[_Op],
    claiming: list[_Op],
    found: _Found,
) -> None:
    """The claims on a stated cover amount exceed it (per column)."""
    stated: dict[Column, Decimal] = defaultdict(Decimal)
    used: dict[Column, Decimal] = defaultdict(Decimal)
    for op in provided:
        cov = op.change
        if not isinstance(cov, Coverage):  # pragma: no cover - only coverages are provided
            continue
        for value in cov.amounts:
            stated[value.column] += value.amount
        for name in cov.covers:
            target = _resolve(op.aid, name, index)
            if target is not None:
                for column, cost in _covered_cost(index, target.change).items():
                    used[column] += cost
    for op in claiming:
        if isinstance(op.change, Coverage):
            for value in op.change.amounts:
                used[value.column] += value.amount
    for column, amount in stated.items():
        if used.get(column, Decimal(0)) > amount:
            found.add(
                ConflictKind.COVER_SPENT_TWICE,
                f"amendment[{provider}]/coverage/{_column_part(column)}",
                [*provided, *claiming],
                f"Die Deckung aus Antrag {provider} beträgt {column} {_eur(amount)}, in "
                f"Anspruch genommen werden {_eur(used[column])}.",
            )


def _resolve(aid: str, name: str, index: _Index) -> _Op | None:
    """The change a Deckungsvorschlag names: a ref of its own motion or ``"<id>#<ref>"``."""
    own = index.by_ref.get((aid, name))
    if own is not None:
        return own
    prefix, sep, rest = name.partition("#")
    if sep and prefix in index.amendments:
        return index.by_ref.get((prefix, rest))
    return None


def _offset_cells(change: Change) -> tuple[str, ...]:
    """The cells an offset change uses as Deckung."""
    if isinstance(change, AmountChange):
        return (_cell(change.target, change.column),)
    if isinstance(change, PercentChange):
        return tuple(_cell(t, c) for t in change.targets for c in change.columns)
    if isinstance(change, GlobalReduction):
        return (f"globalReduction/{_column_part(change.column)}",)
    return ()


# --------------------------------------------------------------------------- stale


def _check_stale(index: _Index, ops: list[_Op], found: _Found) -> None:
    """Stated old values ("bisher") that differ from the plan."""
    plan = index.plan
    if plan is None:
        return
    for op in ops:
        for path, stated, actual in _stale_values(index, op.change):
            found.add(
                ConflictKind.STALE,
                path,
                (op,),
                f"{_where(op.aid, op.index)}: der Antrag nennt als bisherigen Wert {stated}, "
                f"der Haushaltsplan hat {actual} ({describe(path)}).",
            )


def _differs(actual: Decimal, stated: Decimal) -> bool:
    """True if a stated amount differs from the plan by more than half a cent."""
    return abs(actual - stated) > TOLERANCE


def _text(value: object) -> str:
    if value is None:
        return "(leer)"
    if isinstance(value, Decimal):
        return _eur(value)
    if isinstance(value, enum.Enum):
        return f"„{value.value}“"
    return f"„{value}“"


def _stale_values(index: _Index, ch: Change) -> Iterator[tuple[str, str, str]]:
    """``(path, stated, actual)`` for each stated old value that differs from the plan."""
    plan = index.plan
    if plan is None:  # pragma: no cover - checked by the caller
        return
    if isinstance(ch, AmountChange) and ch.old is not None:
        actual = _plan_cell(index, ch.target, ch.column)
        if actual is not None and _differs(actual, ch.old):
            yield _cell(ch.target, ch.column), _eur(ch.old), _eur(actual)
    elif isinstance(ch, RemoveLine):
        for value in ch.old_values:
            actual = _plan_cell(index, ch.target, value.column)
            if actual is not None and _differs(actual, value.amount):
                yield _cell(ch.target, value.column), _eur(value.amount), _eur(actual)
    elif isinstance(
        ch, RemoveArea | RemoveGroup | RemoveProduct | UpdateUnit | RemoveGoal | EditGoal
    ):
        yield from _stale_unit(index, ch)
    elif isinstance(ch, RemoveKeyFigure | RenameKeyFigure | SetKeyFigureValue):
        yield from _stale_key_figure(index, ch)
    elif isinstance(ch, SetTaxRate) and ch.old is not None:
        statute = plan.statute(ch.year)
        rate = statute.tax_rates.rate(ch.tax) if statute is not None else None
        if rate is not None and rate != ch.old:
            path = f"{statute_path(ch.year)}/taxRate[{ch.tax.value}]"
            yield path, f"{ch.old.normalize():f} %", f"{rate.normalize():f} %"
    elif isinstance(ch, SetStatuteValue) and ch.old is not None:
        statute = plan.statute(ch.year)
        amount = getattr(statute, ch.field.value) if statute is not None else None
        if isinstance(amount, Decimal) and _differs(amount, ch.old):
            yield f"{statute_path(ch.year)}/{ch.field.value}", _eur(ch.old), _eur(amount)
    elif isinstance(ch, SetBalanceYear) and ch.old is not None:
        statute = plan.statute(ch.year)
        if statute is not None and statute.balance_restored_year != ch.old:
            path = f"{statute_path(ch.year)}/balanceRestoredYear"
            yield path, str(ch.old), _text(statute.balance_restored_year)
    elif isinstance(ch, UpdatePlan) and ch.old is not None:
        current = plan_field_value(plan, ch.field)
        if current != ch.old:
            yield f"plan/{ch.field.value}", _text(ch.old), _text(current)
    elif isinstance(ch, SetPlanningYears) and ch.old and ch.old != plan.planning_years:
        years = ", ".join(str(y) for y in plan.planning_years)
        yield "plan/planningYears", ", ".join(str(y) for y in ch.old), years or "(leer)"
    elif isinstance(ch, RemoveInvestment | SetInvestmentAmount):
        yield from _stale_investment(index, ch)
    elif isinstance(ch, SetKwVermerk) and ch.old_year is not None:
        post = next((p for p in plan.posts if p.id == ch.post_id), None)
        if post is not None and post.kw_year != ch.old_year:
            yield f"{post_path(ch.post_id)}/kw", str(ch.old_year), _text(post.kw_year)


def _stale_unit(
    index: _Index, ch: RemoveArea | RemoveGroup | RemoveProduct | UpdateUnit | RemoveGoal | EditGoal
) -> Iterator[tuple[str, str, str]]:
    code = _unit(ch.code if isinstance(ch, RemoveArea | RemoveGroup | RemoveProduct) else ch.unit)
    unit = index.units.get(code)
    if unit is None:
        return
    if isinstance(ch, RemoveArea | RemoveGroup | RemoveProduct):
        if ch.old_name is not None and unit.name != ch.old_name:
            yield unit_path(code), _text(ch.old_name), _text(unit.name)
    elif isinstance(ch, UpdateUnit):
        current = getattr(unit, ch.field.value)
        current_text = current.value if isinstance(current, enum.Enum) else current
        if ch.old is not None and current_text != ch.old:
            yield f"{unit_path(code)}/{ch.field.value}", _text(ch.old), _text(current_text)
    elif ch.old_text is not None and 1 <= ch.position <= len(unit.goals):
        text = unit.goals[ch.position - 1].text
        if text != ch.old_text:
            yield goal_path(code, ch.position), _text(ch.old_text), _text(text)


def _stale_key_figure(
    index: _Index, ch: RemoveKeyFigure | RenameKeyFigure | SetKeyFigureValue
) -> Iterator[tuple[str, str, str]]:
    code = _unit(ch.unit)
    unit = index.units.get(code)
    if unit is None:
        return
    if ch.goal is None:
        figures = unit.key_figures
    elif 1 <= ch.goal <= len(unit.goals):
        figures = unit.goals[ch.goal - 1].key_figures
    else:
        return
    if not 1 <= ch.position <= len(figures):
        return
    figure = figures[ch.position - 1]
    path = goal_path(code, ch.goal, key_figure=ch.position)
    if isinstance(ch, RemoveKeyFigure | RenameKeyFigure):
        if ch.old_name is not None and figure.name != ch.old_name:
            yield path, _text(ch.old_name), _text(figure.name)
    elif ch.old is not None:
        current: Scalar | None = figure.value_for(ch.year, ch.figure_kind)
        if current is not None and current != ch.old:
            yield f"{path}/value[{ch.figure_kind.value}:{ch.year}]", _text(ch.old), _text(current)


def _stale_investment(
    index: _Index, ch: RemoveInvestment | SetInvestmentAmount
) -> Iterator[tuple[str, str, str]]:
    plan = index.plan
    measure = next((m for m in plan.investments if m.id == ch.id), None) if plan else None
    if measure is None:
        return
    if isinstance(ch, RemoveInvestment):
        if ch.old_name is not None and measure.name != ch.old_name:
            yield investment_path(ch.id), _text(ch.old_name), _text(measure.name)
        return
    if ch.old is None:
        return
    if ch.flow is InvestmentFlow.COMMITMENT:
        amounts = [(c.year, c.amount) for c in measure.commitments]
    else:
        flows = measure.payments if ch.flow is InvestmentFlow.PAYMENT else measure.receipts
        amounts = [(y.year, y.amount) for y in flows]
    current = next((a for y, a in amounts if y == ch.year), None)
    if current is not None and _differs(current, ch.old):
        yield f"{investment_path(ch.id)}/{ch.flow.value}[{ch.year}]", _eur(ch.old), _eur(current)


# --------------------------------------------------------------------------- public


def _flatten(items: tuple[Amendment | Composition, ...]) -> list[Amendment]:
    from nkf.changes.compose import Composition

    flat: list[Amendment] = []
    for item in items:
        flat.extend(item.amendments if isinstance(item, Composition) else (item,))
    return flat


def _framework(plan: BudgetPlan | None) -> Framework | None:
    try:
        return get(plan.framework if plan is not None else "nrw_2019")
    except UnknownFramework:
        return None


def _build(
    amendments: tuple[Amendment | Composition, ...], plan: BudgetPlan | None
) -> tuple[_Index, list[_Op]]:
    flat = _flatten(amendments)
    units = {u.code: u for u in plan.units()} if plan is not None else {}
    parents: dict[str, str] = {}
    for area in plan.areas if plan is not None else ():
        for group in area.groups:
            parents.setdefault(group.code, area.code)
            for product in group.products:
                parents.setdefault(product.code, group.code)
    index = _Index(
        framework=_framework(plan),
        plan=plan,
        units=units,
        amendments={a.id: a for a in flat},
        parents=parents,
    )
    ops: list[_Op] = []
    seq = 0
    for a in flat:
        for i, change in enumerate(a.changes, start=1):
            op = _Op(aid=a.id, index=i, seq=seq, change=change)
            seq += 1
            ops.append(op)
            if change.ref is not None:
                index.by_ref.setdefault((a.id, change.ref), op)
            _collect(index, op)
    return index, ops


def conflicts(
    *amendments: Amendment | Composition, plan: BudgetPlan | None = None
) -> list[Conflict]:
    """Every collision between the motions, and with ``plan`` also with the plan (Konflikte).

    Args:
        *amendments: The motions (or compositions of motions) of a deliberation.
        plan: The Haushaltsplan they refer to; when given, stated old values are checked
            against it (:attr:`ConflictKind.STALE`) and amounts given as a change are
            compared by the value they lead to.

    Returns:
        The conflicts, ordered by the first change involved. Changes within one motion
        are not compared with each other (that is the motion's own business, checked by
        validation); identical motions are not reported (see :func:`identical`).
    """
    index, ops = _build(amendments, plan)
    found = _Found()
    _check_sets(index, found, want_identical=False)
    _check_deletes(index, found)
    _check_percents(index, found)
    _check_moves(index, found)
    _check_positions(index, found)
    _check_cover(index, ops, found)
    _check_stale(index, ops, found)
    return found.result()


def identical(
    *amendments: Amendment | Composition, plan: BudgetPlan | None = None
) -> list[Conflict]:
    """Motions that ask the same for the same target (gleichlautende Anträge).

    Not conflicts: adopting one of them settles the other. Adopting both applies the
    change twice (two deltas add up, a second delete fails), so they are listed with kind
    :attr:`ConflictKind.IDENTICAL` and severity info.
    """
    index, _ops = _build(amendments, plan)
    found = _Found()
    _check_sets(index, found, want_identical=True)
    return found.result()
