"""Undo an amendment (Umkehrung eines Änderungsantrags).

:func:`invert` computes, from the plan before an amendment, the amendment that undoes it:
``apply(apply(plan, a), invert(a, plan)) == plan`` for every plan that
:func:`~nkf.changes.recompute.recompute` leaves as it is and to which ``a`` applies.

The inverse is worked out change by change from the state before each change, and the
inverse changes come in reverse order:

* amounts (AmountChange, PercentChange, MoveAmount, GlobalReduction, AddLine,
  RemoveLine) → AmountChange back to each touched cell's old value (with ``old`` = the
  new value); a line that was added is removed; a cell that was empty, or a column that
  was added, is restored by removing the line and adding it again with its old values;
* structure and text → the opposite change (AddGoal → RemoveGoal at the position,
  AddProduct → RemoveProduct, CreatePost → DeletePost, BlockPost → SwapPost back to the
  post as it was, BlockAmount → full ReleaseBlock, a release → the block again ...);
* Coverage and Request have no effect and no inverse;
* sum lines that recompute created come back out (RemoveLine at the end); sums that
  changed follow by recompute.

Areas, groups, products and statutes that go come back at their position
(``AddArea.position`` ...); posts, measures and Sperrvermerke that go are put back in
their place: the ones after them are deleted and appended again. Plan metadata, the
Planungsjahre, Hebesätze and the year of the Haushaltsausgleich are set back to what they
were (a Hebesatz that was not set is cleared again).

Every change kind can be undone on a plan whose codes and statute years are unique. Where
they are not, a removed unit or statute cannot be put back while its twin is still there;
:func:`invert` raises :class:`~nkf.errors.ApplyError` with NKF-E615 for it.

>>> from nkf.examples import founding_motion, leichlingen_plan
>>> from nkf.changes.apply import apply
>>> plan = leichlingen_plan()
>>> undo = invert(founding_motion(), plan)
>>> [c.kind for c in undo.changes]
['remove-goal']
>>> apply(apply(plan, founding_motion()), undo) == plan
True
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from nkf.changes._index import (
    get_unit,
    insert_index,
    is_computed,
    subtree_codes,
    unit_index,
)
from nkf.changes.apply import (
    _run,
    _Work,
    figure_value_set,
    investment_amount,
    investment_amount_set,
    plan_field_value,
    unit_field_value,
)
from nkf.changes.diff import line_changes, restate_line, restore_block
from nkf.changes.recompute import (
    STATUTE_TOTALS,
    aggregated_keys,
    framework_of,
    recompute_after,
)
from nkf.diagnostics import Diagnostic, Location, Severity
from nkf.errors import ApplyError
from nkf.model import BudgetPlan, BudgetUnit, PlanKind, PlanLine, PostStatus
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
    CreatePost,
    DeletePost,
    EditGoal,
    GlobalReduction,
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
)
from nkf.model.targets import Target
from nkf.paths import change_path

if TYPE_CHECKING:
    from collections.abc import Callable, Collection, Iterable, Sequence

    from nkf.frameworks import Framework
    from nkf.model import BudgetStatute, Investment, KeyFigure

__all__ = ["invert"]

_T = TypeVar("_T")


class _CannotUndoError(Exception):
    """A change whose effect no change kind can undo."""


def _line(plan: BudgetPlan, unit: str | None, kind: PlanKind, number: int) -> PlanLine | None:
    if unit is None:
        return plan.line(kind, number)
    found = plan.unit(unit)
    return found.line(kind, number) if found is not None else None


def _unit(plan: BudgetPlan, code: str) -> BudgetUnit:
    found = plan.unit(code)
    if found is None:  # pragma: no cover - the change applied, so the unit exists
        raise KeyError(code)
    return found


def _figures(unit: BudgetUnit, goal: int | None) -> tuple[KeyFigure, ...]:
    return unit.key_figures if goal is None else unit.goals[goal - 1].key_figures


def _line_inverse(
    before: BudgetPlan, after: BudgetPlan, touched: Iterable[tuple[str | None, PlanKind, int]]
) -> list[Change]:
    """The touched lines set back; a sum line (no amount sets it) is stated anew."""
    framework = framework_of(before)
    changes: list[Change] = []
    for unit, kind, number in dict.fromkeys(touched):
        now, was = _line(after, unit, kind, number), _line(before, unit, kind, number)
        if is_computed(framework, kind, number) and now is not None and was is not None:
            if now != was:
                changes += restate_line(unit, kind, number, now, was)
            continue
        changes += line_changes(unit, kind, number, now, was)
    return changes


def _inverse(
    change: Change,
    before: BudgetPlan,
    after: BudgetPlan,
    touched: list[tuple[str | None, PlanKind, int]],
) -> list[Change]:
    """The changes that undo ``change``, which turned ``before`` into ``after``."""
    match change:
        case AmountChange() | AddLine() | RemoveLine() | PercentChange() | MoveAmount():
            return _line_inverse(before, after, touched)
        case GlobalReduction():
            return _line_inverse(before, after, touched)
        case AddArea() | AddGroup() | AddProduct() | RemoveArea() | RemoveGroup() | RemoveProduct():
            return _structure_inverse(change, before, after)
        case UpdateUnit():
            was = unit_field_value(_unit(before, change.unit), change.field)
            now = unit_field_value(_unit(after, change.unit), change.field)
            return [UpdateUnit(unit=change.unit, field=change.field, new=was, old=now)]
        case AddGoal() | RemoveGoal() | EditGoal() | CopyGoals():
            return _goal_inverse(change, before, after)
        case AddKeyFigure() | RemoveKeyFigure() | RenameKeyFigure() | SetKeyFigureValue():
            return _figure_inverse(change, before, after)
        case SetTaxRate():
            was_rate = _statute(before, change.year).tax_rates.rate(change.tax)
            now_rate = _statute(after, change.year).tax_rates.rate(change.tax)
            return [SetTaxRate(year=change.year, tax=change.tax, new=was_rate, old=now_rate)]
        case SetStatuteValue():
            was = getattr(before.statute(change.year), change.field.value)
            now = getattr(after.statute(change.year), change.field.value)
            return [SetStatuteValue(year=change.year, field=change.field, new=was, old=now)]
        case SetBalanceYear():
            was_year = _statute(before, change.year).balance_restored_year
            now_year = _statute(after, change.year).balance_restored_year
            return [SetBalanceYear(year=change.year, new=was_year, old=now_year)]
        case AddStatute() | RemoveStatute():
            return _statute_inverse(change, before, after)
        case UpdatePlan():
            was_value = plan_field_value(before, change.field)
            now_value = plan_field_value(after, change.field)
            return [UpdatePlan(field=change.field, new=was_value, old=now_value)]
        case SetPlanningYears():
            return [SetPlanningYears(new=before.planning_years, old=after.planning_years)]
        case AddInvestment() | RemoveInvestment() | SetInvestmentAmount():
            return _investment_inverse(change, before, after)
        case CreatePost() | DeletePost() | BlockPost() | SwapPost() | SetKwVermerk():
            return _post_inverse(change, before)
        case BlockAmount():
            return [ReleaseBlock(block_id=change.block_id)]
        case ReleaseBlock():
            return _release_inverse(change, before, after)
    return []  # Coverage, Request: no effect


def _statute(plan: BudgetPlan, year: int) -> BudgetStatute:
    found = plan.statute(year)
    if found is None:  # pragma: no cover - the change applied, so the statute exists
        raise KeyError(year)
    return found


def _position(keys: Sequence[object], key: object, index: int) -> int | None:
    """The 1-based position that puts ``key`` at ``index`` of ``keys``.

    None where code or year order puts it there anyway.
    """
    return None if insert_index(keys, key) == index else index + 1


def _structure_inverse(
    change: AddArea | AddGroup | AddProduct | RemoveArea | RemoveGroup | RemoveProduct,
    before: BudgetPlan,
    after: BudgetPlan,
) -> list[Change]:
    match change:
        case AddArea():
            return [RemoveArea(code=change.area.code, old_name=change.area.name)]
        case AddGroup():
            return [RemoveGroup(code=change.group.code, old_name=change.group.name)]
        case AddProduct():
            return [RemoveProduct(code=change.product.code, old_name=change.product.name)]
    ai, gi, pi = unit_index(before)[change.code]
    area = before.areas[ai]
    unit = get_unit(before, (ai, gi, pi))
    twins = [c for c in subtree_codes(unit) if c in unit_index(after)]
    if twins:
        raise _CannotUndoError(
            f"Die Nummer {twins[0]} kommt im Haushaltsplan mehrfach vor; {unit.code} lässt "
            "sich nicht wieder einfügen, solange die andere Einheit dieser Nummer besteht."
        )
    if gi is None:
        rest = [a.code for k, a in enumerate(before.areas) if k != ai]
        return [AddArea(area=area, position=_position(rest, area.code, ai))]
    group = area.groups[gi]
    if pi is None:
        rest = [g.code for k, g in enumerate(area.groups) if k != gi]
        return [AddGroup(area=area.code, group=group, position=_position(rest, group.code, gi))]
    product = group.products[pi]
    rest = [p.code for k, p in enumerate(group.products) if k != pi]
    return [
        AddProduct(group=group.code, product=product, position=_position(rest, product.code, pi))
    ]


def _statute_inverse(
    change: AddStatute | RemoveStatute, before: BudgetPlan, after: BudgetPlan
) -> list[Change]:
    if isinstance(change, AddStatute):
        return [RemoveStatute(year=change.statute.year)]
    i = next(k for k, s in enumerate(before.statutes) if s.year == change.year)
    if after.statute(change.year) is not None:
        raise _CannotUndoError(
            f"Die Haushaltssatzung {change.year} kommt im Plan mehrfach vor; sie lässt sich "
            "nicht wieder einfügen, solange die andere besteht."
        )
    rest = [s.year for k, s in enumerate(before.statutes) if k != i]
    statute = before.statutes[i]
    return [AddStatute(statute=statute, position=_position(rest, statute.year, i))]


def _goal_inverse(
    change: AddGoal | RemoveGoal | EditGoal | CopyGoals, before: BudgetPlan, after: BudgetPlan
) -> list[Change]:
    was = _unit(before, change.unit)
    match change:
        case AddGoal():
            position = change.position if change.position is not None else len(was.goals) + 1
            return [RemoveGoal(unit=change.unit, position=position, old_text=change.goal.text)]
        case RemoveGoal():
            goal = was.goals[change.position - 1]
            return [AddGoal(unit=change.unit, goal=goal, position=change.position)]
        case EditGoal():
            return [
                EditGoal(
                    unit=change.unit,
                    position=change.position,
                    new_text=was.goals[change.position - 1].text,
                    old_text=change.new_text,
                )
            ]
    now = _unit(after, change.unit)
    return [
        RemoveGoal(unit=change.unit, position=k, old_text=now.goals[k - 1].text)
        for k in range(len(now.goals), len(was.goals), -1)
    ]


def _figure_inverse(
    change: AddKeyFigure | RemoveKeyFigure | RenameKeyFigure | SetKeyFigureValue,
    before: BudgetPlan,
    after: BudgetPlan,
) -> list[Change]:
    unit, goal = change.unit, change.goal
    was = _figures(_unit(before, unit), goal)
    match change:
        case AddKeyFigure():
            position = change.position if change.position is not None else len(was) + 1
            return [
                RemoveKeyFigure(
                    unit=unit, position=position, goal=goal, old_name=change.key_figure.name
                )
            ]
        case RemoveKeyFigure():
            return [
                AddKeyFigure(
                    unit=unit,
                    key_figure=was[change.position - 1],
                    goal=goal,
                    position=change.position,
                )
            ]
        case RenameKeyFigure():
            return [
                RenameKeyFigure(
                    unit=unit,
                    position=change.position,
                    new_name=was[change.position - 1].name,
                    goal=goal,
                    old_name=change.new_name,
                )
            ]
    position = change.position
    figure_before = was[position - 1]
    figure_after = _figures(_unit(after, unit), goal)[position - 1]
    value = figure_before.value_for(change.year, change.figure_kind)
    if figure_value_set(figure_after, change.year, change.figure_kind, value) == figure_before:
        return [
            SetKeyFigureValue(
                unit=unit,
                position=position,
                year=change.year,
                figure_kind=change.figure_kind,
                new=value,
                goal=goal,
                old=figure_after.value_for(change.year, change.figure_kind),
            )
        ]
    return [
        RemoveKeyFigure(unit=unit, position=position, goal=goal, old_name=figure_after.name),
        AddKeyFigure(unit=unit, key_figure=figure_before, goal=goal, position=position),
    ]


def _restore_at(
    items: Sequence[_T],
    i: int,
    delete: Callable[[_T], list[Change]],
    create: Callable[[_T], list[Change]],
) -> list[Change]:
    """Put ``items[i]`` back in its place in a list where new entries are appended.

    The list is ``items`` without ``items[i]``: append it, then delete and append again
    every entry that stood after it.
    """
    changes = create(items[i])
    for item in items[i + 1 :]:
        changes += delete(item) + create(item)
    return changes


def _add_investment(inv: Investment) -> list[Change]:
    return [AddInvestment(investment=inv)]


def _remove_investment(inv: Investment) -> list[Change]:
    return [RemoveInvestment(id=inv.id, old_name=inv.name)]


def _investment_inverse(
    change: AddInvestment | RemoveInvestment | SetInvestmentAmount,
    before: BudgetPlan,
    after: BudgetPlan,
) -> list[Change]:
    if isinstance(change, AddInvestment):
        return _remove_investment(change.investment)
    i = next(k for k, inv in enumerate(before.investments) if inv.id == change.id)
    if isinstance(change, RemoveInvestment):
        return _restore_at(before.investments, i, _remove_investment, _add_investment)
    was = before.investments[i]
    now = next(inv for inv in after.investments if inv.id == change.id)
    amount = investment_amount(was, change.flow, change.year)
    if investment_amount_set(now, change.flow, change.year, amount) == was:
        return [
            SetInvestmentAmount(
                id=change.id,
                flow=change.flow,
                year=change.year,
                new=amount,
                old=investment_amount(now, change.flow, change.year),
            )
        ]
    return _remove_investment(now) + _restore_at(
        before.investments, i, _remove_investment, _add_investment
    )


def _post_inverse(
    change: CreatePost | DeletePost | BlockPost | SwapPost | SetKwVermerk, before: BudgetPlan
) -> list[Change]:
    if isinstance(change, CreatePost):
        return [DeletePost(post_id=change.post.id)]
    i = next(k for k, p in enumerate(before.posts) if p.id == change.post_id)
    was = before.posts[i]
    match change:
        case DeletePost():
            return _restore_at(
                before.posts,
                i,
                lambda p: [DeletePost(post_id=p.id)],
                lambda p: [CreatePost(post=p)],
            )
        case BlockPost():
            if was.status is PostStatus.BLOCKED:
                return []
            return [SwapPost(post_id=was.id, new_post=was)]
        case SwapPost():
            return [SwapPost(post_id=change.new_post.id, new_post=was)]
    return [SetKwVermerk(post_id=was.id, year=was.kw_year, old_year=change.year)]


def _release_inverse(change: ReleaseBlock, before: BudgetPlan, after: BudgetPlan) -> list[Change]:
    i = next(k for k, b in enumerate(before.blocks) if b.id == change.block_id)
    changes: list[Change] = []
    if any(b.id == change.block_id for b in after.blocks):
        changes.append(ReleaseBlock(block_id=change.block_id))
    return changes + _restore_at(
        before.blocks,
        i,
        lambda b: [ReleaseBlock(block_id=b.id)],
        lambda b: restore_block(b, present=False),
    )


def _created_sums(
    plan: BudgetPlan,
    result: BudgetPlan,
    framework: Framework | None,
    handled: set[tuple[str | None, PlanKind, int]],
    rebuilt: set[str],
) -> list[Change]:
    """RemoveLine for the sum lines recompute created that the plan did not have."""
    if framework is None:
        return []
    aggregated = {(k, n) for _, _, k, n in framework.aggregation}
    changes: list[Change] = []

    def compare(unit: str | None, old: tuple[PlanLine, ...], new: tuple[PlanLine, ...]) -> None:
        if old is new:
            return
        keys = {ln.key for ln in old}
        for line in new:
            kind, number = line.key
            derived = is_computed(framework, kind, number) or (
                unit is None and line.key in aggregated
            )
            if derived and line.key not in keys and (unit, kind, number) not in handled:
                changes.append(RemoveLine(target=Target(unit=unit, plan=kind, line=number)))

    index = unit_index(plan)
    for unit in result.units():
        path = index.get(unit.code)
        if path is None or unit.code in rebuilt:
            continue
        compare(unit.code, get_unit(plan, path).lines, unit.lines)
    compare(None, plan.lines, result.lines)
    return changes


def _rebuilt(change: Change, before: BudgetPlan) -> tuple[str, ...]:
    """The codes of the units a change adds or removes as a whole."""
    match change:
        case AddArea():
            return subtree_codes(change.area)
        case AddGroup():
            return subtree_codes(change.group)
        case AddProduct():
            return (change.product.code,)
        case RemoveArea() | RemoveGroup() | RemoveProduct():
            unit = before.unit(change.code)
            return subtree_codes(unit) if unit is not None else ()
    return ()


def invert(
    amendment: Amendment, plan: BudgetPlan, *, conditions_met: Collection[str] = ()
) -> Amendment:
    """The amendment that undoes ``amendment`` applied to ``plan`` (Umkehrung).

    Args:
        amendment: The Änderungsantrag.
        plan: The Haushaltsplan it is applied to (the state to come back to).
        conditions_met: Texts or groups of conditions declared met, as given to
            :func:`~nkf.changes.apply.apply`; only the changes that applied are undone.

    Returns:
        An amendment with the inverse changes in reverse order, such that
        ``apply(apply(plan, amendment), invert(amendment, plan)) == plan`` for a plan whose
        sums add up.

    Raises:
        ApplyError: The amendment does not apply to ``plan`` (the same findings as
            :func:`~nkf.changes.apply.apply`), or some change cannot be undone: it removed
            one of two units with the same code or two statutes of the same year (NKF-E615).
    """
    w = _Work(plan)
    found, steps = _run(w, amendment, conditions_met)
    errors = [d for d in found if d.is_error]
    if errors:
        raise ApplyError(errors)
    blocks: list[list[Change]] = []
    failures: list[Diagnostic] = []
    handled: set[tuple[str | None, PlanKind, int]] = set()
    rebuilt: set[str] = set()
    for index, change, before, after, touched in steps:
        handled.update(touched)
        rebuilt.update(_rebuilt(change, before))
        try:
            blocks.append(_inverse(change, before, after, touched))
        except _CannotUndoError as exc:
            failures.append(
                Diagnostic(
                    code="NKF-E615",
                    severity=Severity.ERROR,
                    message=str(exc),
                    location=Location(path=change_path(index)),
                )
            )
    if failures:
        raise ApplyError(failures, "Der Antrag lässt sich nicht umkehren.")
    result = recompute_after(w.plan, plan)
    changes = [c for block in reversed(blocks) for c in block]
    changes += _created_sums(plan, result, w.framework, handled, rebuilt)
    changes += _gesamt_restored(plan, result, w.framework, changes)
    changes += _statutes_restored(plan, result, changes)
    return Amendment(
        id=f"{amendment.id}-umkehrung",
        title=f"Umkehrung: {amendment.title}",
        plan_years=amendment.plan_years,
        reference=amendment.reference,
        changes=tuple(changes),
    )


def _gesamt_restored(
    plan: BudgetPlan, result: BudgetPlan, framework: Framework | None, undo: list[Change]
) -> list[Change]:
    """Gesamtplan lines to set back where summing from the Teilpläne switched on or off.

    A Gesamtplan line is summed from the Teilpläne only while some unit has lines of the
    Teilplan. If the amendment brought the first such lines (or took the last away), the
    Gesamtplan lines that ``plan`` holds as plain figures do not come back by recompute;
    they are set back explicitly.
    """
    if framework is None:
        return []
    derived = aggregated_keys(plan, framework)
    if derived == aggregated_keys(result, framework):
        return []
    trial = _Work(result)
    _run(trial, Amendment(id="umkehrung", title="Umkehrung", changes=tuple(undo)), ())
    undone = recompute_after(trial.plan, result)
    changes: list[Change] = []
    keys = dict.fromkeys([*(ln.key for ln in plan.lines), *(ln.key for ln in undone.lines)])
    for kind, number in keys:
        if (kind, number) in derived or is_computed(framework, kind, number):
            continue
        wanted, got = plan.line(kind, number), undone.line(kind, number)
        if wanted == got:
            continue
        changes += line_changes(None, kind, number, trial.plan.line(kind, number), wanted)
    return changes


def _statutes_restored(plan: BudgetPlan, result: BudgetPlan, undo: list[Change]) -> list[Change]:
    """Statutes to put back whole where recompute changed a § 1 total for good.

    A total that followed from the Gesamtplan only after the amendment (its first lines of
    a Gesamtfinanzplan, say) was recomputed; once the lines are gone again it keeps the
    recomputed figure. Such a statute is removed and added again as it was.
    """
    if all(getattr(s, name) is None for s in plan.statutes for name, _ in STATUTE_TOTALS):
        return []
    trial = _Work(result)
    _run(trial, Amendment(id="umkehrung", title="Umkehrung", changes=tuple(undo)), ())
    undone = recompute_after(trial.plan, result)
    changes: list[Change] = []
    for i, statute in enumerate(plan.statutes):
        if undone.statute(statute.year) == statute:
            continue
        rest = [s.year for k, s in enumerate(plan.statutes) if k != i]
        changes.append(RemoveStatute(year=statute.year))
        changes.append(AddStatute(statute=statute, position=_position(rest, statute.year, i)))
    return changes
