"""Structure rules (Gliederung): codes, hierarchy, duplicates, line schema (NKF-E1xx).

Only the two-digit Produktbereiche are binding in NRW (§ 4 KomHVO NRW; domain.md § 1.1);
Produktgruppen and Produkte are local, but each must sit under its parent: product
``050101`` under group ``0501`` under area ``05``.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from functools import partial
from operator import attrgetter, is_not
from typing import TYPE_CHECKING, Final, TypeGuard, cast

from nkf.codes import Code, CodeLevel, parse
from nkf.errors import InvalidCode
from nkf.model import (
    BudgetArea,
    BudgetPlan,
    BudgetUnit,
    Column,
    PlanKind,
    PlanLine,
    ProductGroup,
)
from nkf.paths import goal_path, investment_path, line_path, post_path, unit_path
from nkf.rules._common import (
    Rule,
    RuleContext,
    containers,
    diagnostic,
    eur,
    line_no,
    plan_label,
    unit_label,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from nkf.diagnostics import Diagnostic
    from nkf.frameworks import Framework

__all__ = [
    "RULES",
    "check_area_names",
    "check_codes",
    "check_duplicates",
    "check_line_schema",
]

_ALL_AREAS: Final = tuple(f"{i:02d}" for i in range(100))
_LEVEL_WORD: Final = {
    CodeLevel.AREA: "ein Produktbereich",
    CodeLevel.GROUP: "eine Produktgruppe",
    CodeLevel.PRODUCT: "ein Produkt",
}


def _level_of(unit: BudgetUnit) -> CodeLevel:
    if isinstance(unit, BudgetArea):
        return CodeLevel.AREA
    if isinstance(unit, ProductGroup):
        return CodeLevel.GROUP
    return CodeLevel.PRODUCT


def _framework_areas(framework: Framework | None) -> tuple[str, ...] | None:
    if framework is None or not framework.areas:
        return None
    return tuple(a.code for a in framework.areas)


def _parse_unit(
    unit: BudgetUnit, framework: Framework | None
) -> tuple[Code | None, Diagnostic | None]:
    """Read a unit's code; report a malformed code or (for areas) an unknown Produktbereich."""
    areas = _framework_areas(framework)
    label = unit_label(unit)
    try:
        return parse(unit.code, areas=areas), None
    except InvalidCode as exc:
        reason = str(exc)
    try:
        loose = parse(unit.code, areas=_ALL_AREAS)
    except InvalidCode:
        return None, diagnostic(
            "NKF-E101",
            f"{label} „{unit.name}“: die Nummer ist ungültig. {reason}",
            unit_path(unit.code),
        )
    if isinstance(unit, BudgetArea):
        name = framework.name if framework is not None else "NRW"
        return loose, diagnostic(
            "NKF-E104",
            f"Produktbereich {unit.code} „{unit.name}“: einen Produktbereich {loose.area_code} "
            f"gibt es im Haushaltsrahmen {name} nicht (verbindlich sind nur die "
            "Produktbereiche des Rahmens, § 4 KomHVO NRW).",
            unit_path(unit.code),
        )
    # The unknown Produktbereich is reported once, at the area.
    return loose, None


def check_codes(plan: BudgetPlan, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Codes are well formed and fit the hierarchy (Produktnummern, NKF-E101 … NKF-W105).

    Each area code is a Produktbereich of the framework, each group lies under its area,
    each product under its group (``050101`` under ``0501`` under ``05``).
    """
    parsed: dict[int, Code] = {}
    for unit in plan.units():
        code, problem = _parse_unit(unit, ctx.framework)
        if problem is not None:
            yield problem
        if code is None:
            continue
        level = _level_of(unit)
        if code.level is not level:
            yield diagnostic(
                "NKF-E102",
                f"{unit_label(unit)} „{unit.name}“: „{unit.code}“ ist "
                f"{_LEVEL_WORD[code.level]}, an dieser Stelle wird {_LEVEL_WORD[level]} "
                "erwartet.",
                unit_path(unit.code),
            )
            continue
        parsed[id(unit)] = code
        if code.compact != unit.code:
            yield diagnostic(
                "NKF-W105",
                f"{unit_label(unit)} „{unit.name}“: die Nummer „{unit.code}“ ist nicht in "
                f"der kompakten Schreibweise gespeichert; erwartet wird „{code.compact}“.",
                unit_path(unit.code),
            )
    for area in plan.areas:
        for group in area.groups:
            yield from _check_parent(group, area, parsed)
            for product in group.products:
                yield from _check_parent(product, group, parsed)


def _check_parent(
    child: BudgetUnit, parent: BudgetUnit, parsed: dict[int, Code]
) -> Iterator[Diagnostic]:
    code = parsed.get(id(child))
    parent_code = parsed.get(id(parent))
    if code is None or code.parent is None:
        return
    expected = parent_code.compact if parent_code is not None else parent.code
    if code.parent.compact != expected:
        yield diagnostic(
            "NKF-E103",
            f"{unit_label(child)} „{child.name}“ steht unter {unit_label(parent)}, gehört "
            f"nach seiner Nummer aber zu {code.parent.compact}.",
            unit_path(child.code),
        )


def check_area_names(plan: BudgetPlan, ctx: RuleContext) -> Iterator[Diagnostic]:
    """An area's name is the framework's name of its Produktbereich or an alias (I106, W107)."""
    framework = ctx.framework
    if framework is None:
        return
    for area in plan.areas:
        definition = framework.area(area.code)
        if definition is None:
            continue
        key = area.name.casefold().strip()
        if key in (n.casefold() for n in (definition.name, *definition.aliases)):
            continue
        other = framework.area_by_name(area.name)
        if other is not None:
            yield diagnostic(
                "NKF-W107",
                f"Produktbereich {area.code} heißt „{area.name}“; so heißt im Haushaltsrahmen "
                f"aber Produktbereich {other.code}. Produktbereich {area.code} ist "
                f"„{definition.name}“.",
                unit_path(area.code),
            )
        else:
            yield diagnostic(
                "NKF-I106",
                f"Produktbereich {area.code} heißt „{area.name}“; der Haushaltsrahmen nennt ihn "
                f"„{definition.name}“.",
                unit_path(area.code),
            )


def _duplicates(keys: list[str]) -> list[tuple[str, int]]:
    counts = Counter(keys)
    return [(key, n) for key, n in counts.items() if n > 1]


def _goal_key(text: str) -> str:
    return " ".join(text.split()).casefold()


def check_duplicates(plan: BudgetPlan, _ctx: RuleContext) -> Iterator[Diagnostic]:
    """Nothing is there twice: unit codes, lines, columns, investments, posts, goals (E110 …)."""
    for code, n in _duplicates([u.code for u in plan.units()]):
        yield diagnostic(
            "NKF-E110",
            f"Die Nummer {code} kommt {n}-mal im Haushaltsplan vor; jeder Produktbereich, "
            "jede Produktgruppe und jedes Produkt braucht eine eigene Nummer.",
            unit_path(code),
        )
    tuples = _Seen()
    yield from _duplicate_lines(None, plan.lines, tuples)
    for unit in plan.units():
        yield from _duplicate_lines(unit.code, unit.lines, tuples)
        seen: dict[str, int] = {}
        for position, goal in enumerate(unit.goals, start=1):
            key = _goal_key(goal.text)
            if key in seen:
                yield diagnostic(
                    "NKF-W114",
                    f"{unit_label(unit)}: das {position}. Ziel hat denselben Text wie das "
                    f"{seen[key]}. Ziel („{goal.text}“).",
                    goal_path(unit.code, position),
                )
            else:
                seen[key] = position
    for ident, n in _duplicates([i.id for i in plan.investments]):
        yield diagnostic(
            "NKF-E112",
            f"Die Investitionsmaßnahme {ident} kommt {n}-mal vor.",
            investment_path(ident),
        )
    for ident, n in _duplicates([p.id for p in plan.posts]):
        yield diagnostic(
            "NKF-E113", f"Die Stelle {ident} kommt {n}-mal im Stellenplan vor.", post_path(ident)
        )


class _Seen:
    """What one run of :func:`check_duplicates` found out about shared tuples.

    Lines of one layout share their columns tuple, and equal lines often one values
    tuple; each is looked at once and kept with its finding, so that its ``id`` names it
    while the entry lives (an entry is used only for that very tuple).
    """

    def __init__(self) -> None:
        self._columns: dict[int, tuple[tuple[Column, ...], list[tuple[Column, int]]]] = {}
        self._finite: dict[int, tuple[tuple[Decimal | None, ...], bool]] = {}

    def repeated(self, columns: tuple[Column, ...]) -> list[tuple[Column, int]]:
        """The columns that ``columns`` holds more than once, with their counts."""
        entry = self._columns.get(id(columns))
        if entry is None or entry[0] is not columns:
            entry = (columns, [(c, n) for c, n in Counter(columns).items() if n > 1])
            self._columns[id(columns)] = entry
        return entry[1]

    def finite(self, values: tuple[Decimal | None, ...]) -> bool:
        """True if every value is empty or a finite number (a :class:`Decimal`)."""
        entry = self._finite.get(id(values))
        if entry is None or entry[0] is not values:
            try:
                finite = all(map(Decimal.is_finite, filter(_PRESENT, values)))
            except TypeError:  # not a Decimal: checked one by one, as is_finite does
                finite = False
            entry = (values, finite)
            self._finite[id(values)] = entry
        return entry[1]


_KEY: Final = attrgetter("plan", "number")
_PRESENT: Final = cast("Callable[[Decimal | None], TypeGuard[Decimal]]", partial(is_not, None))
"""``v is not None``, as a filter that tells mypy what is left."""


def _duplicate_lines(
    unit: str | None, lines: tuple[PlanLine, ...], seen: _Seen
) -> Iterator[Diagnostic]:
    keys = list(map(_KEY, lines))
    if len(set(keys)) != len(keys):
        for (kind, number), n in Counter(keys).items():
            if n > 1:
                yield diagnostic(
                    "NKF-E111",
                    f"{plan_label(kind, unit)}: Zeile {line_no(number)} kommt {n}-mal vor.",
                    line_path(kind, number, unit=unit),
                )
    for line in lines:
        for column, n in seen.repeated(line.columns):
            yield diagnostic(
                "NKF-E117",
                f"{plan_label(line.plan, unit)}, Zeile {line_no(line.number)}: die Spalte "
                f"{column} kommt {n}-mal vor.",
                line_path(line.plan, line.number, unit=unit),
            )
        if len(line.values) == len(line.columns) and seen.finite(line.values):
            continue
        for column, value in zip(line.columns, line.values, strict=True):
            if value is not None and not value.is_finite():
                yield diagnostic(
                    "NKF-E118",
                    f"{plan_label(line.plan, unit)}, Zeile {line_no(line.number)}, {column}: "
                    f"„{eur(value)}“ ist kein Betrag.",
                    line_path(line.plan, line.number, unit=unit),
                )


def check_line_schema(plan: BudgetPlan, ctx: RuleContext) -> Iterator[Diagnostic]:
    """Lines belong where they stand and exist in the framework's Muster (E115, E116).

    Teilplan lines (Teilergebnis-, Teilfinanzplan) belong to areas, groups and products,
    the lines of the Gesamtergebnis- and Gesamtfinanzplan to the plan itself.
    """
    framework = ctx.framework
    known: dict[tuple[PlanKind, int], bool] = {}  # (kind, number) of the Muster: True
    for unit_code, lines in containers(plan):
        for line in lines:
            kind, number = line.plan, line.number
            if unit_code is None and kind.is_part:
                yield diagnostic(
                    "NKF-E116",
                    f"Zeile {line_no(number)} des {kind.label}s steht beim "
                    "Gesamtplan; Teilplanzeilen gehören zu einem Produktbereich, einer "
                    "Produktgruppe oder einem Produkt.",
                    line_path(kind, number, unit=unit_code),
                )
            elif unit_code is not None and not kind.is_part:
                yield diagnostic(
                    "NKF-E116",
                    f"{unit_code}: Zeile {line_no(number)} des {kind.label}s steht "
                    "bei einem Teilplan; Zeilen des Gesamtplans gehören zum Haushaltsplan "
                    "selbst.",
                    line_path(kind, number, unit=unit_code),
                )
            if framework is None or known.get((kind, number), False):
                continue
            schema = framework.schema(kind)
            if schema is None:
                yield diagnostic(
                    "NKF-E115",
                    f"{plan_label(kind, unit_code)}: der Haushaltsrahmen {framework.name} "
                    f"kennt keinen {kind.label}.",
                    line_path(kind, number, unit=unit_code),
                )
            elif schema.line(number) is None:
                numbers = sorted(schema.numbers)
                yield diagnostic(
                    "NKF-E115",
                    f"{plan_label(kind, unit_code)}: eine Zeile {line_no(number)} "
                    f"gibt es nicht; das Muster des {kind.label}s hat die Zeilen "
                    f"{line_no(numbers[0])}–{line_no(numbers[-1])}.",
                    line_path(kind, number, unit=unit_code),
                )
            else:
                known[kind, number] = True


RULES: Final[tuple[Rule, ...]] = (
    check_codes,
    check_area_names,
    check_duplicates,
    check_line_schema,
)
"""The structure rules, in the order they run."""
