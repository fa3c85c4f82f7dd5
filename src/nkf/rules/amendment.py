"""Amendment rules (Änderungsanträge, NKF-x5xx), with and without the plan they refer to.

Without a plan a motion is checked on its own: it has an id and a title, it says what it
wants, its amounts are consistent and its Deckungsvorschlag points at its own changes.
With a plan (``ctx.plan``) every target must exist and every stated old value ("bisher")
must be what the plan says. A target given only in words is kept and reported as a
warning (NKF-W504), never rejected: the council still decides on the motion.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from nkf.model import BudgetPlan, BudgetUnit, Column, FigureValue, KeyFigure, Scalar
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
    SwapPost,
    UpdatePlan,
    UpdateUnit,
    plan_field_value,
)
from nkf.paths import change_path
from nkf.rules._common import (
    AmendmentRule,
    RuleContext,
    diagnostic,
    eur,
    line_label,
    line_no,
    plan_label,
    unit_label,
)
from nkf.rules.figures import goal_findings, key_figure_findings

if TYPE_CHECKING:
    from collections.abc import Iterator

    from nkf.diagnostics import Diagnostic
    from nkf.model import Investment
    from nkf.model.targets import ColumnValue, Target

__all__ = [
    "RULES",
    "check_amounts",
    "check_coverage_refs",
    "check_has_content",
    "check_key_figures",
    "check_metadata",
    "check_old_values",
    "check_targets_exist",
    "check_targets_resolved",
]


def _changes(amendment: Amendment) -> Iterator[tuple[int, Change, str]]:
    """Each change with its 1-based number and its path (``change[n]``)."""
    for index, change in enumerate(amendment.changes, start=1):
        yield index, change, change_path(index)


def _targets(change: Change) -> tuple[Target, ...]:
    """The targets (Bezüge) a change names."""
    if isinstance(change, (AmountChange, AddLine, RemoveLine, MoveAmount, BlockAmount)):
        return (change.target,)
    if isinstance(change, PercentChange):
        return change.targets
    if isinstance(change, GlobalReduction):
        return (*((change.base,) if change.base is not None else ()), *change.allocation)
    if isinstance(change, Request) and change.target is not None:
        return (change.target,)
    return ()


def _blank(text: str | None) -> bool:
    return text is None or not text.strip()


# --------------------------------------------------------------------------- without plan


def check_metadata(amendment: Amendment, _ctx: RuleContext) -> Iterator[Diagnostic]:
    """The motion has an id and a title (Kennung und Betreff, NKF-E501, NKF-E502)."""
    if _blank(amendment.id):
        yield diagnostic(
            "NKF-E501",
            f"Der Antrag „{amendment.title}“ hat keine Kennung (id); ohne sie lässt er sich "
            "nicht eindeutig ansprechen.",
        )
    if _blank(amendment.title):
        yield diagnostic("NKF-E502", f"Der Antrag {amendment.id} hat keinen Betreff (Titel).")


def check_has_content(amendment: Amendment, _ctx: RuleContext) -> Iterator[Diagnostic]:
    """The motion changes something or at least says what it wants (NKF-E503)."""
    if not amendment.changes and _blank(amendment.request_text):
        yield diagnostic(
            "NKF-E503",
            f"Der Antrag {amendment.id} enthält weder eine Änderung noch einen Antragstext.",
        )


def check_targets_resolved(amendment: Amendment, _ctx: RuleContext) -> Iterator[Diagnostic]:
    """Each target names something in the plan, not only words (Bezug, NKF-W504)."""
    for index, change, path in _changes(amendment):
        for target in _targets(change):
            if not target.is_resolved:
                words = f"„{target.text}“" if target.text else "(ohne Angabe)"
                yield diagnostic(
                    "NKF-W504",
                    f"Änderung {index}: Bezug nicht aufgelöst: {words} nennt keine Zeile, "
                    "kein Produkt, kein Konto und keine Maßnahme. Der Antrag bleibt erhalten, "
                    "kann aber nicht auf den Haushaltsplan angewendet werden.",
                    path,
                )


def check_amounts(amendment: Amendment, _ctx: RuleContext) -> Iterator[Diagnostic]:
    """Amounts are complete and consistent (NKF-E505 … NKF-E507).

    An AmountChange needs ``delta`` or ``new``; when ``old``, ``delta`` and ``new`` are all
    given, old + delta must be new. A globaler Minderaufwand needs an amount or a percent.
    A percentage change's cap ("bis zu") must not be below its floor ("mindestens").
    """
    for index, change, path in _changes(amendment):
        if isinstance(change, AmountChange):
            where = f"Änderung {index} ({change.target}, {change.column})"
            if change.delta is None and change.new is None:
                yield diagnostic(
                    "NKF-E505",
                    f"{where}: es fehlt der Betrag; anzugeben ist die Veränderung oder der "
                    "neue Ansatz.",
                    path,
                )
            elif (
                change.old is not None
                and change.delta is not None
                and change.new is not None
                and all(v.is_finite() for v in (change.old, change.delta, change.new))
                and change.old + change.delta != change.new
            ):
                yield diagnostic(
                    "NKF-E506",
                    f"{where}: bisher {eur(change.old)} + Veränderung {eur(change.delta)} "
                    f"ergibt {eur(change.old + change.delta)}, der Antrag nennt als neuen "
                    f"Ansatz aber {eur(change.new)}.",
                    path,
                )
        elif isinstance(change, GlobalReduction):
            if change.amount is None and change.percent is None:
                yield diagnostic(
                    "NKF-E505",
                    f"Änderung {index} (globaler Minderaufwand, {change.column}): es fehlt "
                    "der Betrag oder der Prozentsatz.",
                    path,
                )
        elif (
            isinstance(change, PercentChange)
            and change.cap is not None
            and change.floor is not None
            and change.cap.is_finite()
            and change.floor.is_finite()
            and change.cap < change.floor
        ):
            yield diagnostic(
                "NKF-E507",
                f"Änderung {index} ({change.percent} %): die Obergrenze „bis zu“ "
                f"{eur(change.cap)} liegt unter der Untergrenze „mindestens“ "
                f"{eur(change.floor)}.",
                path,
            )


def check_coverage_refs(amendment: Amendment, _ctx: RuleContext) -> Iterator[Diagnostic]:
    """Deckungsvorschläge point at changes of this motion (NKF-E508), refs are unique (E509)."""
    refs = [c.ref for c in amendment.changes if c.ref is not None]
    for ref, n in Counter(refs).items():
        if n > 1:
            yield diagnostic(
                "NKF-E509",
                f"Der Verweis „{ref}“ steht an {n} Änderungen des Antrags; ein "
                "Deckungsvorschlag kann so nicht eindeutig zugeordnet werden.",
            )
    known = set(refs)
    for index, change, path in _changes(amendment):
        if not isinstance(change, Coverage):
            continue
        for role, names in (("gedeckt", change.covers), ("Deckung", change.offsets)):
            for name in names:
                if name not in known:
                    yield diagnostic(
                        "NKF-E508",
                        f"Änderung {index} (Deckungsvorschlag): „{name}“ ({role}) bezeichnet "
                        "keine Änderung dieses Antrags.",
                        path,
                    )


def _added_units(change: AddArea | AddGroup | AddProduct) -> list[BudgetUnit]:
    """The unit a change adds and every group and product in it."""
    if isinstance(change, AddProduct):
        return [change.product]
    if isinstance(change, AddGroup):
        return [change.group, *change.group.products]
    area = change.area
    return [area, *(u for g in area.groups for u in (g, *g.products))]


def _figures(unit: BudgetUnit, goal: int | None) -> tuple[KeyFigure, ...] | None:
    """The key figures of goal ``goal`` (1-based) or of the unit; None if no such goal."""
    if goal is None:
        return unit.key_figures
    if not 1 <= goal <= len(unit.goals):
        return None
    return unit.goals[goal - 1].key_figures


def _key_figure(unit: BudgetUnit, goal: int | None, position: int) -> KeyFigure | None:
    """The key figure at 1-based ``position`` of a goal or the unit, or None."""
    figures = _figures(unit, goal)
    if figures is None or not 1 <= position <= len(figures):
        return None
    return figures[position - 1]


def check_key_figures(amendment: Amendment, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Key figures a motion adds fit their type (NKF-E301 … NKF-I305, as in a plan).

    With a plan, a new value for an existing key figure (SetKeyFigureValue) is checked
    against that figure's type too.
    """
    for index, change, path in _changes(amendment):
        where = f"Änderung {index}"
        if isinstance(change, AddGoal):
            yield from goal_findings(change.goal, f"{where}, neues Ziel für {change.unit}", path)
        elif isinstance(change, AddKeyFigure):
            yield from key_figure_findings(change.key_figure, where, path)
        elif isinstance(change, AddArea | AddGroup | AddProduct):
            for added in _added_units(change):
                for goal in added.goals:
                    yield from goal_findings(goal, f"{where}, {unit_label(added)}", path)
                for figure in added.key_figures:
                    yield from key_figure_findings(figure, where, path)
        elif isinstance(change, SetKeyFigureValue) and change.new is not None:
            plan = ctx.plan
            unit = plan.unit(change.unit) if plan is not None else None
            current = _key_figure(unit, change.goal, change.position) if unit else None
            if current is not None:
                probe = KeyFigure(
                    name=current.name,
                    type=current.type,
                    values=(
                        FigureValue(year=change.year, kind=change.figure_kind, value=change.new),
                    ),
                )
                yield from key_figure_findings(probe, where, path)


# --------------------------------------------------------------------------- with plan

_Finding = tuple[str, str]
"""A finding of a change before it gets its number and path: (code, message)."""


def _investment(plan: BudgetPlan, ident: str) -> Investment | None:
    return next((i for i in plan.investments if i.id == ident), None)


def _has_post(plan: BudgetPlan, ident: str) -> bool:
    return any(p.id == ident for p in plan.posts)


def _has_block(plan: BudgetPlan, ident: str) -> bool:
    return any(b.id == ident for b in plan.blocks)


def _no_unit(code: str) -> _Finding:
    return (
        "NKF-E520",
        (
            f"ein Produkt, eine Produktgruppe oder einen Produktbereich {code} gibt es im "
            "Haushaltsplan nicht."
        ),
    )


def _no_investment(ident: str) -> _Finding:
    return ("NKF-E524", f"eine Investitionsmaßnahme {ident} gibt es im Haushaltsplan nicht.")


def _no_post(ident: str) -> _Finding:
    return ("NKF-E525", f"eine Stelle {ident} gibt es im Stellenplan nicht.")


def _target_findings(
    plan: BudgetPlan, ctx: RuleContext, target: Target, *, printed: bool = False
) -> Iterator[_Finding]:
    """What of a target the plan lacks; with ``printed`` the line itself must be printed."""
    if target.unit is not None and plan.unit(target.unit) is None:
        yield _no_unit(target.unit)
        return
    if target.investment is not None and _investment(plan, target.investment) is None:
        yield _no_investment(target.investment)
    if target.plan is None or target.line is None:
        return
    kind, number = target.plan, target.line
    label = plan_label(kind, target.unit)
    if kind.is_part is (target.unit is None):
        where = "einem Produkt, einer Produktgruppe oder einem Produktbereich"
        yield (
            "NKF-E521",
            (
                f"{label}, Zeile {line_no(number)}: der {kind.label} gehört "
                f"{'zu ' + where if kind.is_part else 'zum Gesamtplan'}."
            ),
        )
        return
    framework = ctx.framework
    schema = framework.schema(kind) if framework is not None else None
    if framework is not None and (schema is None or schema.line(number) is None):
        yield ("NKF-E521", f"{label}: eine Zeile {line_no(number)} gibt es im Muster nicht.")
        return
    owner = plan if target.unit is None else plan.unit(target.unit)
    if printed and owner is not None and owner.line(kind, number) is None:
        yield (
            "NKF-E521",
            (
                f"{label}: die {line_label(framework, kind, number)} ist im Haushaltsplan nicht "
                "vorhanden."
            ),
        )


def _line_value(plan: BudgetPlan, target: Target, column: Column) -> Decimal | None:
    """The plan's value of a target line in ``column`` (a missing line or cell is 0).

    None if the target is no line or its unit does not exist.
    """
    if target.plan is None or target.line is None:
        return None
    owner = plan if target.unit is None else plan.unit(target.unit)
    if owner is None:
        return None
    line = owner.line(target.plan, target.line)
    value = line.value(column) if line is not None else None
    return value if value is not None else Decimal(0)


def _goal_count_findings(unit: BudgetUnit, goal: int | None) -> Iterator[_Finding]:
    if goal is not None and not 1 <= goal <= len(unit.goals):
        yield (
            "NKF-E522",
            f"{unit_label(unit)} hat kein {goal}. Ziel (es hat {len(unit.goals)} Ziele).",
        )


def _figure_findings(unit: BudgetUnit, goal: int | None, position: int) -> Iterator[_Finding]:
    findings = list(_goal_count_findings(unit, goal))
    if findings:
        yield from findings
        return
    figures = _figures(unit, goal)
    count = len(figures) if figures is not None else 0
    if not 1 <= position <= count:
        owner = f"{unit_label(unit)}, {goal}. Ziel" if goal is not None else unit_label(unit)
        yield ("NKF-E523", f"{owner} hat keine {position}. Kennzahl (es hat {count}).")


def _position_findings(what: str, position: int | None, count: int) -> Iterator[_Finding]:
    if position is not None and not 1 <= position <= count + 1:
        yield (
            "NKF-E533",
            f"{what}: Position {position} ist nicht möglich; erlaubt sind 1 bis {count + 1}.",
        )


def _exists_findings(plan: BudgetPlan, ctx: RuleContext, change: Change) -> Iterator[_Finding]:
    """What a change refers to that the plan lacks, or adds that the plan already has."""
    for target in _targets(change):
        if target.is_resolved:
            yield from _target_findings(plan, ctx, target, printed=isinstance(change, RemoveLine))
    if isinstance(change, AddLine):
        target = change.target
        owner = plan if target.unit is None else plan.unit(target.unit)
        if (
            owner is not None
            and target.plan is not None
            and target.line is not None
            and owner.line(target.plan, target.line) is not None
        ):
            yield (
                "NKF-E527",
                (
                    f"{plan_label(target.plan, target.unit)}: die "
                    f"{line_label(ctx.framework, target.plan, target.line)} gibt es schon."
                ),
            )
    elif isinstance(change, (AddGoal, RemoveGoal, EditGoal, CopyGoals, UpdateUnit)):
        unit = plan.unit(change.unit)
        if unit is None:
            yield _no_unit(change.unit)
        elif isinstance(change, AddGoal):
            yield from _position_findings(
                f"Neues Ziel für {unit_label(unit)}", change.position, len(unit.goals)
            )
        elif isinstance(change, (RemoveGoal, EditGoal)):
            yield from _goal_count_findings(unit, change.position)
        elif isinstance(change, CopyGoals) and plan.unit(change.source) is None:
            yield _no_unit(change.source)
    elif isinstance(change, (AddKeyFigure, RemoveKeyFigure, RenameKeyFigure, SetKeyFigureValue)):
        unit = plan.unit(change.unit)
        if unit is None:
            yield _no_unit(change.unit)
        elif isinstance(change, AddKeyFigure):
            found = list(_goal_count_findings(unit, change.goal))
            yield from found
            figures = _figures(unit, change.goal)
            if not found and figures is not None:
                yield from _position_findings(
                    f"Neue Kennzahl für {unit_label(unit)}", change.position, len(figures)
                )
        else:
            yield from _figure_findings(unit, change.goal, change.position)
    elif isinstance(change, AddArea | AddGroup | AddProduct | RemoveArea | RemoveGroup):
        yield from _structure_findings(plan, change)
    elif isinstance(change, RemoveProduct):
        if plan.product(change.code) is None:
            yield ("NKF-E520", f"ein Produkt {change.code} gibt es im Haushaltsplan nicht.")
    elif isinstance(change, AddStatute | RemoveStatute | SetBalanceYear):
        yield from _statute_findings(plan, change)
    elif isinstance(change, AddInvestment):
        if _investment(plan, change.investment.id) is not None:
            yield ("NKF-E527", f"die Investitionsmaßnahme {change.investment.id} gibt es schon.")
    elif isinstance(change, (RemoveInvestment, SetInvestmentAmount)):
        if _investment(plan, change.id) is None:
            yield _no_investment(change.id)
    elif isinstance(change, CreatePost):
        if _has_post(plan, change.post.id):
            yield ("NKF-E527", f"die Stelle {change.post.id} gibt es schon.")
    elif isinstance(change, (DeletePost, BlockPost, SwapPost, SetKwVermerk)):
        if not _has_post(plan, change.post_id):
            yield _no_post(change.post_id)
        if (
            isinstance(change, SwapPost)
            and change.new_post.id != change.post_id
            and _has_post(plan, change.new_post.id)
        ):
            yield ("NKF-E527", f"die neue Stelle {change.new_post.id} gibt es schon.")
    elif isinstance(change, BlockAmount):
        if _has_block(plan, change.block_id):
            yield ("NKF-E527", f"einen Sperrvermerk {change.block_id} gibt es schon.")
    elif isinstance(change, ReleaseBlock):
        if not _has_block(plan, change.block_id):
            yield ("NKF-E528", f"einen Sperrvermerk {change.block_id} gibt es nicht.")
    elif (
        isinstance(change, (SetTaxRate, SetStatuteValue))
        and change.old is not None
        and plan.statute(change.year) is None
    ):
        yield (
            "NKF-E526",
            (
                f"der Haushaltsplan enthält keine Haushaltssatzung {change.year}; der "
                f"bisherige Wert {change.old} lässt sich nicht prüfen."
            ),
        )


def _structure_findings(
    plan: BudgetPlan, change: AddArea | AddGroup | AddProduct | RemoveArea | RemoveGroup
) -> Iterator[_Finding]:
    """The area or group a unit is added to or removed from; codes already taken."""
    if isinstance(change, RemoveArea):
        if plan.area(change.code) is None:
            yield (
                "NKF-E520",
                f"einen Produktbereich {change.code} gibt es im Haushaltsplan nicht.",
            )
        return
    if isinstance(change, RemoveGroup):
        if plan.group(change.code) is None:
            yield ("NKF-E520", f"eine Produktgruppe {change.code} gibt es im Haushaltsplan nicht.")
        return
    count: int | None
    if isinstance(change, AddArea):
        count = len(plan.areas)
    elif isinstance(change, AddGroup):
        area = plan.area(change.area)
        if area is None:
            yield (
                "NKF-E520",
                f"einen Produktbereich {change.area} gibt es im Haushaltsplan nicht.",
            )
        count = len(area.groups) if area is not None else None
    else:
        group = plan.group(change.group)
        if group is None:
            yield ("NKF-E520", f"eine Produktgruppe {change.group} gibt es im Haushaltsplan nicht.")
        count = len(group.products) if group is not None else None
    added = _added_units(change)
    for unit in added:
        if plan.unit(unit.code) is not None:
            yield ("NKF-E527", f"die Nummer {unit.code} gibt es schon.")
    if count is not None:
        yield from _position_findings(f"Neue Einheit {added[0].code}", change.position, count)


def _statute_findings(
    plan: BudgetPlan, change: AddStatute | RemoveStatute | SetBalanceYear
) -> Iterator[_Finding]:
    if isinstance(change, AddStatute):
        year = change.statute.year
        if plan.statute(year) is not None:
            yield ("NKF-E527", f"die Haushaltssatzung {year} gibt es schon.")
        yield from _position_findings(
            f"Neue Haushaltssatzung {year}", change.position, len(plan.statutes)
        )
    elif plan.statute(change.year) is None and (
        isinstance(change, RemoveStatute) or change.old is not None
    ):
        yield ("NKF-E526", f"der Haushaltsplan enthält keine Haushaltssatzung {change.year}.")


def check_targets_exist(amendment: Amendment, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Everything a change refers to exists in the plan (NKF-E520 … NKF-E528, NKF-E533).

    Units, lines of the Muster, goals, key figures, investments, posts, Sperrvermerke and
    the Haushaltssatzung must exist; what a change adds must not exist yet; a new goal's
    position lies within 1 … number of goals + 1. A line that is not printed counts as 0
    and can be changed, but only a printed line can be removed. Runs only with a plan.
    """
    plan = ctx.plan
    if plan is None:
        return
    for index, change, path in _changes(amendment):
        for code, message in _exists_findings(plan, ctx, change):
            yield diagnostic(code, f"Änderung {index}: {message}", path)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


def _old_text(what: str, stated: str | None, actual: str | None) -> Iterator[_Finding]:
    if stated is not None and (actual is None or not _same_text(stated, actual)):
        yield (
            "NKF-E531",
            (
                f"{what}: der Antrag nennt als bisher „{stated}“, im Haushaltsplan steht "
                f"„{actual or ''}“."
            ),
        )


def _old_amount(what: str, stated: Decimal | None, actual: Decimal) -> Iterator[_Finding]:
    if stated is not None and stated != actual:
        yield (
            "NKF-E530",
            (
                f"{what}: der Antrag nennt als bisher {eur(stated)}, im Haushaltsplan stehen "
                f"{eur(actual)} (Differenz {eur(stated - actual)})."
            ),
        )


def _show_scalar(value: Scalar | None) -> str:
    if value is None:
        return "kein Wert"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return value.strftime("%d.%m.%Y")


def _investment_amount(investment: Investment, flow: InvestmentFlow, year: int) -> Decimal:
    if flow is InvestmentFlow.COMMITMENT:
        amounts = [(c.year, c.amount) for c in investment.commitments]
    elif flow is InvestmentFlow.RECEIPT:
        amounts = [(a.year, a.amount) for a in investment.receipts]
    else:
        amounts = [(a.year, a.amount) for a in investment.payments]
    return next((amount for y, amount in amounts if y == year), Decimal(0))


def _column_values(
    plan: BudgetPlan, target: Target, values: tuple[ColumnValue, ...]
) -> Iterator[_Finding]:
    for cv in values:
        actual = _line_value(plan, target, cv.column)
        if actual is not None:
            yield from _old_amount(f"{target}, {cv.column}", cv.amount, actual)


def _old_findings(plan: BudgetPlan, change: Change) -> Iterator[_Finding]:
    """Stated old values ("bisher") that differ from the plan."""
    if isinstance(change, AmountChange):
        actual = _line_value(plan, change.target, change.column)
        if actual is not None:
            yield from _old_amount(f"{change.target}, {change.column}", change.old, actual)
    elif isinstance(change, RemoveLine):
        yield from _column_values(plan, change.target, change.old_values)
    elif isinstance(change, (RemoveGoal, EditGoal)):
        unit = plan.unit(change.unit)
        if unit is not None and 1 <= change.position <= len(unit.goals):
            actual_text = unit.goals[change.position - 1].text
            what = f"{unit_label(unit)}, {change.position}. Ziel"
            yield from _old_text(what, change.old_text, actual_text)
    elif isinstance(change, (RemoveKeyFigure, RenameKeyFigure, SetKeyFigureValue)):
        unit = plan.unit(change.unit)
        figure = _key_figure(unit, change.goal, change.position) if unit is not None else None
        if figure is None:
            return
        what = f"{change.unit}, Kennzahl „{figure.name}“"
        if isinstance(change, SetKeyFigureValue):
            current = figure.value_for(change.year, change.figure_kind)
            if change.old is not None and change.old != current:
                yield (
                    "NKF-E530",
                    (
                        f"{what}, {change.figure_kind.value.capitalize()} {change.year}: "
                        f"der Antrag nennt als bisher {_show_scalar(change.old)}, "
                        f"im Haushaltsplan steht {_show_scalar(current)}."
                    ),
                )
        else:
            yield from _old_text(what, change.old_name, figure.name)
    elif isinstance(change, UpdateUnit):
        unit = plan.unit(change.unit)
        if unit is not None:
            raw: object = getattr(unit, change.field.value)
            actual_value = getattr(raw, "value", raw)
            yield from _old_text(
                f"{unit_label(unit)}, {change.field.value}",
                change.old,
                None if actual_value is None else str(actual_value),
            )
    elif isinstance(change, RemoveArea | RemoveGroup | RemoveProduct):
        removed: BudgetUnit | None = (
            plan.area(change.code)
            if isinstance(change, RemoveArea)
            else plan.group(change.code)
            if isinstance(change, RemoveGroup)
            else plan.product(change.code)
        )
        if removed is not None:
            yield from _old_text(unit_label(removed), change.old_name, removed.name)
    elif isinstance(change, UpdatePlan | SetPlanningYears | SetBalanceYear):
        yield from _old_plan_findings(plan, change)
    elif isinstance(change, RemoveInvestment):
        investment = _investment(plan, change.id)
        if investment is not None:
            yield from _old_text(f"Maßnahme {change.id}", change.old_name, investment.name)
    elif isinstance(change, SetInvestmentAmount):
        investment = _investment(plan, change.id)
        if investment is not None:
            actual = _investment_amount(investment, change.flow, change.year)
            yield from _old_amount(f"Maßnahme {change.id}, {change.year}", change.old, actual)
    elif isinstance(change, SetKwVermerk):
        post = next((p for p in plan.posts if p.id == change.post_id), None)
        if post is not None and change.old_year is not None and change.old_year != post.kw_year:
            yield (
                "NKF-E530",
                (
                    f"Stelle {change.post_id}: der Antrag nennt als bisherigen kw-Vermerk "
                    f"{change.old_year}, im Stellenplan steht {post.kw_year or 'keiner'}."
                ),
            )
    elif isinstance(change, SetTaxRate):
        statute = plan.statute(change.year)
        if statute is not None and change.old is not None:
            current = statute.tax_rates.rate(change.tax)
            if current != change.old:
                yield (
                    "NKF-E532",
                    (
                        f"Hebesatz {change.tax.value} {change.year}: der Antrag nennt als bisher "
                        f"{_show_scalar(change.old)} %, die Haushaltssatzung "
                        f"{_show_scalar(current)}{' %' if current is not None else ''}."
                    ),
                )
    elif isinstance(change, SetStatuteValue):
        statute = plan.statute(change.year)
        if statute is not None and change.old is not None:
            current_amount: Decimal | None = getattr(statute, change.field.value)
            if current_amount != change.old:
                shown = eur(current_amount) if current_amount is not None else "kein Wert"
                yield (
                    "NKF-E532",
                    (
                        f"Haushaltssatzung {change.year}, {change.field.value}: der Antrag nennt "
                        f"als bisher {eur(change.old)}, die Haushaltssatzung {shown}."
                    ),
                )


def _old_plan_findings(
    plan: BudgetPlan, change: UpdatePlan | SetPlanningYears | SetBalanceYear
) -> Iterator[_Finding]:
    """Stated old plan metadata, Planungsjahre and year of the Haushaltsausgleich."""
    if isinstance(change, UpdatePlan):
        yield from _old_text(
            f"Haushaltsplan, {change.field.value}", change.old, plan_field_value(plan, change.field)
        )
    elif isinstance(change, SetPlanningYears):
        if change.old and change.old != plan.planning_years:
            stated = ", ".join(str(y) for y in change.old)
            actual = ", ".join(str(y) for y in plan.planning_years) or "keine"
            yield (
                "NKF-E530",
                (
                    f"Planungsjahre: der Antrag nennt als bisher {stated}, im Haushaltsplan "
                    f"stehen {actual}."
                ),
            )
    else:
        statute = plan.statute(change.year)
        if statute is not None and change.old is not None:
            current = statute.balance_restored_year
            if current != change.old:
                yield (
                    "NKF-E532",
                    (
                        f"Haushaltssatzung {change.year}, Jahr des Haushaltsausgleichs: der "
                        f"Antrag nennt als bisher {change.old}, die Haushaltssatzung "
                        f"{current if current is not None else 'keines'}."
                    ),
                )


def check_old_values(amendment: Amendment, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Stated old values match the plan (bisheriger Ansatz, NKF-E530 … NKF-E532).

    Amounts (an Ansatz, a measure's amount, a key-figure value) are compared exactly; a
    line that is not printed counts as 0. Texts (goal text, names) are compared with
    whitespace normalised. Runs only with a plan; missing targets are left to
    :func:`check_targets_exist`.
    """
    plan = ctx.plan
    if plan is None:
        return
    for index, change, path in _changes(amendment):
        for code, message in _old_findings(plan, change):
            yield diagnostic(code, f"Änderung {index}: {message}", path)


RULES: Final[tuple[AmendmentRule, ...]] = (
    check_metadata,
    check_has_content,
    check_targets_resolved,
    check_amounts,
    check_coverage_refs,
    check_key_figures,
    check_targets_exist,
    check_old_values,
)
"""The amendment rules, in the order they run."""
