"""Apply amendments to a Haushaltsplan (Änderungsanträge anwenden).

:func:`apply` is a pure function: it returns a new :class:`~nkf.model.BudgetPlan` and
never changes the one it is given. Each amendment applies all or nothing: if any of its
changes does not fit the plan (a stated old value differs, a target is missing or only
named in words, a position is out of range, an id is taken), nothing of it is applied
and :class:`~nkf.errors.ApplyError` names every problem, each with a code ``NKF-E6xx``,
a message in plain German that names the figures, and the change's place
(``Location(path="change[3]")``). :func:`try_apply` returns the findings instead of
raising. After each amendment the sums, balances, the Gesamtplan and the statute totals
are recomputed (:mod:`nkf.changes.recompute`).

Semantics in brief (the docstring of each ``_apply_*`` function has the details):

* Amounts: a missing line or an empty cell counts as 0; a stated ``old`` must match the
  plan within half a cent; sum and balance lines (and Gesamtplan lines summed from the
  Teilpläne) are never changed directly.
* New posts, measures and Sperrvermerke are appended (Stellenplan, Investitionsliste and
  Sperrvermerke keep the order in which they came). New areas, groups, products and
  statutes go to their 1-based ``position`` if the change gives one; without it they,
  like new key-figure values, yearly amounts and VE of measures, are inserted in code or
  year order when the plan keeps them in that order, else appended.
* Removing a Produktbereich or a Produktgruppe removes everything in it; a unit is added
  with everything it holds, and none of its codes may exist in the plan yet (NKF-E608).
* A Hebesatz, a statute amount or the year of the Haushaltsausgleich set to None is
  cleared; plan metadata (title, note, status, municipality, AGS, Planungsjahre) is set
  by UpdatePlan and SetPlanningYears.
* Sperrvermerke are kept as the motion words them (the target is not checked: a block has
  no numeric effect, and validation reports targets that do not resolve). A full release
  (``amount`` None) removes the block from ``plan.blocks``; its history lives in the
  amendments. A partial release raises
  ``released`` (at most to the blocked amount) and keeps the block, also when it has
  reached the whole amount.
* ``CreatePost.cost`` and ``GlobalReduction.allocation`` are information for the
  Veränderungsliste; they do not change lines.
* A change with a condition applies only when ``condition.met is True`` or its text or
  group is in ``conditions_met``; otherwise it is skipped with the finding NKF-I620.

>>> from nkf.examples import founding_motion, leichlingen_plan
>>> plan = apply(leichlingen_plan(), founding_motion())
>>> plan.product("050101").goals[-1].key_figures[0].name
'Fertigstellung'
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any, Final

import attrs

from nkf.changes._index import (
    TOLERANCE,
    UnitPath,
    get_unit,
    insert_at,
    insert_ordered,
    new_line,
    product_at,
    put_line,
    remove_line,
    replace_unit,
    set_cell,
    subtree_codes,
    unit_index,
)
from nkf.changes.recompute import (
    STATUTE_TOTALS,
    derived_gesamt_line,
    framework_of,
    orphans_zeroed,
    recompute_after,
    statute_total,
)
from nkf.diagnostics import Diagnostic, Location, Severity
from nkf.errors import ApplyError
from nkf.frameworks import LineRole
from nkf.labels import INVESTMENT_FLOWS, PLAN_FIELDS, STATUTE_FIELDS, TAX_KINDS, UNIT_FIELDS
from nkf.model import (
    BindingDegree,
    BudgetArea,
    BudgetPlan,
    BudgetStatute,
    BudgetUnit,
    Commitment,
    FigureKind,
    FigureValue,
    Goal,
    Investment,
    KeyFigure,
    Municipality,
    PlanKind,
    PlanLine,
    PlanStatus,
    Post,
    PostStatus,
    ProductGroup,
    YearAmount,
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
    CopyGoals,
    Coverage,
    CreatePost,
    DeletePost,
    EditGoal,
    GlobalReduction,
    InvestmentFlow,
    MoveAmount,
    PercentChange,
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
    Request,
    SetBalanceYear,
    SetInvestmentAmount,
    SetKeyFigureValue,
    SetKwVermerk,
    SetPlanningYears,
    SetStatuteValue,
    SetTaxRate,
    SwapPost,
    UnitField,
    UpdatePlan,
    UpdateUnit,
    plan_field_value,
)
from nkf.model.finance import BudgetBlock
from nkf.model.targets import Target
from nkf.money import CENT, format_amount, format_date, quantize
from nkf.paths import change_path

if TYPE_CHECKING:
    from collections.abc import Collection

    from nkf.frameworks import Framework
    from nkf.model import Scalar

__all__ = [
    "CODES",
    "applies",
    "apply",
    "figure_value_set",
    "investment_amount",
    "investment_amount_set",
    "plan_field_value",
    "try_apply",
    "unit_field_value",
]

CODES: Final[dict[str, str]] = {
    "NKF-E601": "Bezug nicht aufgelöst: nur in Worten, oder ohne Planart und Zeile",
    "NKF-E602": "Produktbereich, Produktgruppe oder Produkt gibt es im Plan nicht",
    "NKF-E603": "Zeile gibt es im Plan oder im Zeilenschema des Haushaltsrahmens nicht",
    "NKF-E604": "der angegebene bisherige Wert (alt) weicht vom Plan ab",
    "NKF-E605": "widersprüchliche oder fehlende Zahlen in der Änderung selbst",
    "NKF-E606": "berechnete Zeile oder Summe kann nicht direkt geändert werden",
    "NKF-E607": "Position (Ziel, Kennzahl, Einheit, Haushaltssatzung) außerhalb des Bereichs",
    "NKF-E608": "gibt es bereits (Zeile, Nummer einer Einheit, Stelle, Maßnahme, Sperrvermerk, "
    "Haushaltssatzung)",
    "NKF-E609": "Betrag übersteigt, was vorhanden ist (Verschiebung, Freigabe einer Sperre)",
    "NKF-E610": "Haushaltsrahmen unbekannt oder ohne die nötige Zeile",
    "NKF-E611": "Stelle, Maßnahme, Haushaltssatzung oder Sperrvermerk gibt es nicht",
    "NKF-E612": "ungültiger Wert (Kennzahlart, Bindungsgrad, Status, leerer Name, Rundung, "
    "Vorzeichen)",
    "NKF-E613": "Deckungsvorschlag verweist auf eine unbekannte Änderung des Antrags",
    "NKF-E614": "Planart passt nicht zur Ebene (Teilplan ohne Einheit, Gesamtplan mit Einheit)",
    "NKF-E615": "Antrag lässt sich nicht umkehren",
    "NKF-E616": "Unterschied lässt sich nicht als Änderungsantrag ausdrücken",
    "NKF-I620": "Änderung übersprungen: ihre Bedingung ist nicht erfüllt",
}
"""The codes this package reports, with one line each (for docs/diagnostics.md)."""

_Problem = tuple[str, str]
_Touched = list[tuple[str | None, PlanKind, int]]
_Step = tuple[int, Change, BudgetPlan, BudgetPlan, _Touched]

_HUNDRED: Final = Decimal(100)


# ----------------------------------------------------------------------------- wording


def _eur(value: Decimal) -> str:
    return format_amount(value)


def _num(value: Decimal) -> str:
    """A German number without currency: ``554``, ``29,5``."""
    decimals = 0 if value == value.to_integral_value() else 2
    return format_amount(value, currency=False, decimals=decimals)


def _show(value: Scalar | None) -> str:
    if value is None:
        return "kein Wert"
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, datetime.date):
        return format_date(value)
    return str(value).replace(".", ",")


def _unit_label(unit: BudgetUnit) -> str:
    if isinstance(unit, BudgetArea):
        return f"Produktbereich {unit.code}"
    if isinstance(unit, ProductGroup):
        return f"Produktgruppe {unit.code}"
    return f"Produkt {unit.code}"


def _line_label(unit: str | None, kind: PlanKind, number: int, name: str | None) -> str:
    plan = kind.label if unit is None else f"{kind.label} {unit}"
    own = f"Zeile {number:02d}" + (f" ({name})" if name else "")
    return f"{plan}, {own}"


def _norm(text: str | None) -> str:
    return " ".join((text or "").split())


_DERIVED_TOTALS: Final = frozenset(attribute for attribute, _ in STATUTE_TOTALS)


# ----------------------------------------------------------------------------- workspace


class _Work:
    """The plan an amendment is being applied to (Arbeitsstand), with a unit index.

    Internal and short-lived: it holds the immutable plan of the moment and replaces it
    with each change that applies; nothing outside sees it.
    """

    def __init__(self, plan: BudgetPlan, index: dict[str, UnitPath] | None = None) -> None:
        self.plan = plan
        self.origin = plan  # the plan before the amendment
        self.framework: Framework | None = framework_of(plan)
        self._index: dict[str, UnitPath] | None = index
        self.touched: _Touched = []

    def index(self) -> dict[str, UnitPath]:
        """The unit index of the current plan (kept while no unit comes or goes)."""
        if self._index is None:
            self._index = unit_index(self.plan)
        return self._index

    def snapshot(self) -> tuple[BudgetPlan, dict[str, UnitPath] | None]:
        """The plan and its index, to go back to if a change fails."""
        return self.plan, self._index

    def restore(self, state: tuple[BudgetPlan, dict[str, UnitPath] | None]) -> None:
        """Go back to a :meth:`snapshot`."""
        self.plan, self._index = state

    def path(self, code: str) -> UnitPath | None:
        return self.index().get(code)

    def unit(self, code: str) -> BudgetUnit | None:
        path = self.path(code)
        return get_unit(self.plan, path) if path is not None else None

    def set_unit(self, code: str, unit: BudgetUnit) -> None:
        path = self.path(code)
        if path is None:  # pragma: no cover - callers look the unit up first
            raise KeyError(code)
        self.plan = replace_unit(self.plan, path, unit)

    def restructure(self, plan: BudgetPlan) -> None:
        """Take a plan whose areas, groups or products were added or removed."""
        self.plan = plan
        self._index = None

    def lines(self, code: str | None) -> tuple[PlanLine, ...]:
        if code is None:
            return self.plan.lines
        unit = self.unit(code)
        return unit.lines if unit is not None else ()

    def line(self, code: str | None, kind: PlanKind, number: int) -> PlanLine | None:
        for line in self.lines(code):
            if line.plan is kind and line.number == number:
                return line
        return None

    def _set_lines(self, code: str | None, lines: tuple[PlanLine, ...]) -> None:
        if code is None:
            self.plan = attrs.evolve(self.plan, lines=lines)
            return
        unit = self.unit(code)
        if unit is None:  # pragma: no cover - callers resolve the unit first
            raise KeyError(code)
        self.set_unit(code, attrs.evolve(unit, lines=lines))

    def put(self, code: str | None, line: PlanLine) -> None:
        self._set_lines(code, put_line(self.lines(code), line))
        self.touched.append((code, line.plan, line.number))

    def drop(self, code: str | None, kind: PlanKind, number: int) -> None:
        """Remove a line; a sum left with no line under it falls to zero (not touched)."""
        lines = remove_line(self.lines(code), kind, number)
        self._set_lines(code, orphans_zeroed(lines, self.framework, kind, number))
        self.touched.append((code, kind, number))


@attrs.frozen
class _LineRef:
    """A resolved line target: unit (None: Gesamtplan), plan kind, number, current line."""

    unit: str | None
    kind: PlanKind
    number: int
    name: str | None
    line: PlanLine | None

    @property
    def label(self) -> str:
        return _line_label(self.unit, self.kind, self.number, self.name)


def _resolve(
    w: _Work, target: Target, problems: list[_Problem], *, allow_derived: bool = False
) -> _LineRef | None:
    """Resolve ``target`` to a plan line, or record why it cannot be (E601–E606, E610, E614)."""
    if not target.is_resolved:
        words = f"„{target.text}“" if target.text else "ohne Angaben"
        problems.append(
            (
                "NKF-E601",
                (
                    f"Der Bezug {words} ist nur in Worten angegeben; um Beträge zu ändern, braucht "
                    "die Änderung Einheit, Planart und Zeile."
                ),
            )
        )
        return None
    kind, number = target.plan, target.line
    if kind is None or number is None:
        problems.append(
            (
                "NKF-E601",
                f"Der Bezug {target} nennt keine Planzeile (Planart und Zeilennummer fehlen).",
            )
        )
        return None
    framework = w.framework
    if framework is None:
        problems.append(
            (
                "NKF-E610",
                (
                    f"Den Haushaltsrahmen „{w.plan.framework}“ kennt nkf nicht; die Zeile "
                    f"{number:02d} des {kind.label}s lässt sich nicht zuordnen."
                ),
            )
        )
        return None
    schema = framework.schema(kind)
    if schema is None:
        problems.append(
            ("NKF-E610", f"Der Haushaltsrahmen {framework.name} hat keinen {kind.label}.")
        )
        return None
    unit = target.unit
    if kind.is_part and unit is None:
        problems.append(
            (
                "NKF-E614",
                (
                    f"Ein {kind.label} gehört zu einem Produkt, einer Produktgruppe oder einem "
                    f"Produktbereich; der Bezug {target} nennt keine Einheit."
                ),
            )
        )
        return None
    if not kind.is_part and unit is not None:
        problems.append(
            (
                "NKF-E614",
                (
                    f"Der {kind.label} ist ein Gesamtplan; die Zeilen von {unit} stehen in "
                    f"dessen Teilplan (Teil{kind.value})."
                ),
            )
        )
        return None
    if unit is not None and w.unit(unit) is None:
        problems.append(("NKF-E602", f"Die Einheit {unit} gibt es im Haushaltsplan nicht."))
        return None
    definition = schema.line(number)
    if definition is None:
        problems.append(
            (
                "NKF-E603",
                (
                    f"Der {kind.label} hat im Haushaltsrahmen {framework.name} keine Zeile "
                    f"{number:02d}."
                ),
            )
        )
        return None
    ref = _LineRef(
        unit=unit,
        kind=kind,
        number=number,
        name=definition.name,
        line=w.line(unit, kind, number),
    )
    if allow_derived:
        return ref
    if definition.is_computed:
        problems.append(
            (
                "NKF-E606",
                (
                    f"{ref.label} ist eine Summen- bzw. Saldenzeile: Summenzeile kann nicht direkt "
                    "geändert werden; bitte die Zeilen ändern, aus denen sie sich ergibt."
                ),
            )
        )
        return None
    if unit is None and derived_gesamt_line(w.plan, framework, kind, number):
        problems.append(
            (
                "NKF-E606",
                (
                    f"{ref.label} wird aus den Teilplänen summiert und kann nicht direkt geändert "
                    "werden; bitte die Zeile im Teilplan ändern."
                ),
            )
        )
        return None
    return ref


# ----------------------------------------------------------------------------- K1 / K8 / K11


def _apply_amount(w: _Work, c: AmountChange) -> list[_Problem]:
    """Set (``new``) or change (``delta``) one cell; ``old`` is checked against the plan."""
    problems: list[_Problem] = []
    ref = _resolve(w, c.target, problems)
    if ref is None:
        return problems
    line = ref.line
    value = line.value(c.column) if line is not None else None
    current = value if value is not None else Decimal(0)
    where = f"{ref.label}, {c.column}"
    if c.old is not None and abs(c.old - current) > TOLERANCE:
        problems.append(
            (
                "NKF-E604",
                (
                    f"{where}: der Antrag nennt als bisherigen Betrag {_eur(c.old)}, im Plan "
                    f"stehen {_eur(current)}."
                ),
            )
        )
    if c.new is None and c.delta is None:
        problems.append(
            ("NKF-E605", f"{where}: der Antrag nennt weder einen neuen Betrag noch eine Änderung.")
        )
    elif c.new is not None and c.delta is not None and abs(current + c.delta - c.new) > TOLERANCE:
        problems.append(
            (
                "NKF-E605",
                (
                    f"{where}: {_eur(current)} und eine Änderung um {_eur(c.delta)} ergeben "
                    f"{_eur(current + c.delta)}, der Antrag nennt als neuen Betrag {_eur(c.new)}."
                ),
            )
        )
    if problems:
        return problems
    result = c.new if c.new is not None else current + (c.delta or Decimal(0))
    base = line if line is not None else _empty_line(w, ref)
    w.put(ref.unit, set_cell(base, c.column, result))
    return problems


def _empty_line(w: _Work, ref: _LineRef) -> PlanLine:
    return new_line(w.lines(ref.unit), ref.kind, ref.number, (), w.framework)


def _apply_add_line(w: _Work, c: AddLine) -> list[_Problem]:
    """Add a line in the unit's column layout; a sum line added takes its computed values."""
    problems: list[_Problem] = []
    ref = _resolve(w, c.target, problems, allow_derived=True)
    if ref is None:
        return problems
    if ref.line is not None:
        return [
            ("NKF-E608", f"{ref.label}: die Zeile gibt es bereits; bitte ändern statt hinzufügen.")
        ]
    w.put(ref.unit, new_line(w.lines(ref.unit), ref.kind, ref.number, c.values, w.framework))
    return problems


def _apply_remove_line(w: _Work, c: RemoveLine) -> list[_Problem]:
    """Remove a line; each stated old value must match (an empty cell counts as 0)."""
    problems: list[_Problem] = []
    ref = _resolve(w, c.target, problems, allow_derived=True)
    if ref is None:
        return problems
    line = ref.line
    if line is None:
        return [("NKF-E603", f"{ref.label}: die Zeile gibt es im Plan nicht.")]
    for cv in c.old_values:
        current = line.amount(cv.column)
        if abs(cv.amount - current) > TOLERANCE:
            problems.append(
                (
                    "NKF-E604",
                    (
                        f"{ref.label}, {cv.column}: der Antrag erwartet {_eur(cv.amount)}, im Plan "
                        f"stehen {_eur(current)}."
                    ),
                )
            )
    if not problems:
        w.drop(ref.unit, ref.kind, ref.number)
    return problems


def _round_to(value: Decimal, step: Decimal) -> Decimal:
    """``value`` rounded to a multiple of ``step``, half up (kaufmännisch), never −0."""
    result = (value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step
    return abs(result) if result == 0 else result


def _percent_refs(w: _Work, c: PercentChange, problems: list[_Problem]) -> list[_LineRef]:
    refs: list[_LineRef] = []
    for target in c.targets:
        kind, number = target.plan, target.line
        if target.unit is None and kind is not None and kind.is_part and number is not None:
            codes = [u.code for u in w.plan.units() if u.line(kind, number) is not None]
            if not codes:
                problems.append(
                    ("NKF-E603", f"Keine Einheit hat im {kind.label} eine Zeile {number:02d}.")
                )
            for code in codes:
                ref = _resolve(w, attrs.evolve(target, unit=code), problems)
                if ref is not None:
                    refs.append(ref)
            continue
        ref = _resolve(w, target, problems)
        if ref is not None:
            refs.append(ref)
    return refs


def _apply_percent(w: _Work, c: PercentChange) -> list[_Problem]:
    """Change each target line and column by ``percent`` of its base, capped, rounded.

    The base is the cell in ``base_column`` (or the changed column itself) of the same
    line; change = base × percent / 100; ``cap`` limits |change|, ``floor`` raises a
    non-zero |change| to at least the floor; the new value is rounded to a multiple of
    ``rounding`` (ROUND_HALF_UP). Cells that are empty with no base, and lines a unit
    does not have, are left alone. A target without unit for a Teilplan line means that
    line in every unit that has it (a linear cut across all products).
    """
    problems: list[_Problem] = []
    if c.rounding <= 0:
        problems.append(
            (
                "NKF-E612",
                f"Gerundet werden kann nur auf ein Vielfaches > 0, nicht auf {_num(c.rounding)}.",
            )
        )
    for word, limit in (("Obergrenze", c.cap), ("Mindestbetrag", c.floor)):
        if limit is not None and limit < 0:
            problems.append(("NKF-E612", f"Die {word} darf nicht negativ sein ({_eur(limit)})."))
    if not c.columns:
        problems.append(("NKF-E605", "Die prozentuale Änderung nennt keine Spalte."))
    refs = _percent_refs(w, c, problems)
    if problems:
        return problems
    changed: dict[tuple[str | None, PlanKind, int], PlanLine] = {}
    for ref in refs:
        key = (ref.unit, ref.kind, ref.number)
        line = changed.get(key, ref.line)
        if line is None:
            continue
        for column in c.columns:
            value = line.value(column)
            base_value = line.value(c.base_column if c.base_column is not None else column)
            if value is None and not base_value:
                continue
            base = base_value if base_value is not None else Decimal(0)
            change = base * c.percent / _HUNDRED
            if c.cap is not None and abs(change) > c.cap:
                change = c.cap.copy_sign(change)
            if c.floor is not None and change != 0 and abs(change) < c.floor:
                change = c.floor.copy_sign(change)
            current = value if value is not None else Decimal(0)
            line = set_cell(line, column, _round_to(current + change, c.rounding))
        changed[key] = line
    for (code, _, _), line in changed.items():
        w.put(code, line)
    return problems


def _apply_move(w: _Work, c: MoveAmount) -> list[_Problem]:
    """Move ``amount`` (None: all of it) from one column of a line to another (re-phasing)."""
    problems: list[_Problem] = []
    ref = _resolve(w, c.target, problems)
    if ref is None:
        return problems
    line = ref.line
    if line is None:
        return [("NKF-E603", f"{ref.label}: die Zeile gibt es im Plan nicht.")]
    available = line.amount(c.from_column)
    if c.amount is not None and c.amount < 0:
        return [("NKF-E612", f"{ref.label}: verschoben werden kann kein negativer Betrag.")]
    if c.amount is not None and c.amount > available:
        return [
            (
                "NKF-E609",
                (
                    f"{ref.label}: {_eur(c.amount)} sollen von {c.from_column} nach "
                    f"{c.to_column} verschoben werden, in {c.from_column} stehen aber nur "
                    f"{_eur(available)}."
                ),
            )
        ]
    amount = c.amount if c.amount is not None else available
    if amount == 0 or c.from_column == c.to_column:
        return problems
    line = set_cell(line, c.from_column, available - amount)
    line = set_cell(line, c.to_column, line.amount(c.to_column) + amount)
    w.put(ref.unit, line)
    return problems


def _apply_global_reduction(w: _Work, c: GlobalReduction) -> list[_Problem]:
    """Set the framework's globaler Minderaufwand line (Ergebnisplan 27 in nrw_2019).

    To ``amount``, or ``percent`` of the base (default: the ordentliche Aufwendungen of the
    Ergebnisplan) in the column, rounded to cents; ``cap_percent`` of the base caps it.
    """
    problems: list[_Problem] = []
    framework = w.framework
    if framework is None:
        return [("NKF-E610", f"Den Haushaltsrahmen „{w.plan.framework}“ kennt nkf nicht.")]
    role = framework.line_for(LineRole.GLOBAL_REDUCTION)
    if role is None:
        return [
            (
                "NKF-E610",
                f"Der Haushaltsrahmen {framework.name} kennt keinen globalen Minderaufwand.",
            )
        ]
    if c.amount is None and c.percent is None:
        problems.append(
            (
                "NKF-E605",
                "Der globale Minderaufwand nennt weder einen Betrag noch einen Prozentsatz.",
            )
        )
    if c.amount is not None and c.amount < 0:
        problems.append(
            (
                "NKF-E612",
                f"Der globale Minderaufwand wird positiv angegeben, nicht {_eur(c.amount)}.",
            )
        )
    problems.extend(
        ("NKF-E602", f"Die Einheit {t.unit} (Verteilung des Minderaufwands) gibt es nicht.")
        for t in c.allocation
        if t.unit is not None and w.unit(t.unit) is None
    )
    base = Decimal(0)
    if c.percent is not None or c.cap_percent is not None:
        base_value = _reduction_base(w, c, framework, problems)
        base = base_value if base_value is not None else base
    if problems:
        return problems
    computed = quantize(base * (c.percent or Decimal(0)) / _HUNDRED, CENT)
    if c.amount is not None and c.percent is not None and abs(computed - c.amount) > 1:
        return [
            (
                "NKF-E605",
                (
                    f"Globaler Minderaufwand {c.column}: {_eur(c.amount)} sind nicht "
                    f"{_num(c.percent)} % von {_eur(base)} ({_eur(computed)})."
                ),
            )
        ]
    value = c.amount if c.amount is not None else computed
    if c.cap_percent is not None:
        value = min(value, quantize(base * c.cap_percent / _HUNDRED, CENT))
    kind, number = role
    line = w.line(None, kind, number)
    if line is None:
        line = new_line(w.plan.lines, kind, number, (), framework)
    w.put(None, set_cell(line, c.column, value))
    return problems


def _reduction_base(
    w: _Work, c: GlobalReduction, framework: Framework, problems: list[_Problem]
) -> Decimal | None:
    target = c.base
    if target is None:
        found = framework.line_for(LineRole.ORDINARY_EXPENSES)
        if found is None:
            problems.append(
                (
                    "NKF-E610",
                    f"Der Haushaltsrahmen {framework.name} kennt keine ordentlichen Aufwendungen.",
                )
            )
            return None
        target = Target(plan=found[0], line=found[1])
    fresh = _Work(recompute_after(w.plan, w.origin), w.index())
    ref = _resolve(fresh, target, problems, allow_derived=True)
    if ref is None:
        return None
    if ref.line is None:
        problems.append(("NKF-E603", f"Die Bezugsgröße {ref.label} fehlt im Plan."))
        return None
    return ref.line.amount(c.column)


# ----------------------------------------------------------------------------- units


def _position_problem(what: str, position: int | None, count: int) -> list[_Problem]:
    if position is None or 1 <= position <= count + 1:
        return []
    return [
        (
            "NKF-E607",
            (
                f"{what} lässt sich nicht an Position {position} einfügen; möglich sind 1 bis "
                f"{count + 1}."
            ),
        )
    ]


def _taken(w: _Work, unit: BudgetUnit) -> list[_Problem]:
    """E608 for every code of ``unit`` (and what it holds) that the plan already has."""
    taken = [code for code in dict.fromkeys(subtree_codes(unit)) if w.path(code) is not None]
    return [("NKF-E608", f"Die Nummer {code} gibt es im Haushaltsplan bereits.") for code in taken]


def _code(unit: BudgetUnit) -> str:
    return unit.code


def _apply_add_area(w: _Work, c: AddArea) -> list[_Problem]:
    """Add a Produktbereich with its groups and products at ``position`` (None: code order)."""
    problems = _taken(w, c.area)
    problems += _position_problem(
        f"Der Produktbereich {c.area.code}", c.position, len(w.plan.areas)
    )
    areas = insert_at(w.plan.areas, c.area, c.position, key=_code)
    if problems or areas is None:
        return problems
    w.restructure(attrs.evolve(w.plan, areas=areas))
    return []


_LEVEL_WORDS: Final = {
    BudgetArea: ("Den Produktbereich", "kein Produktbereich"),
    ProductGroup: ("Die Produktgruppe", "keine Produktgruppe"),
}


def _unit_at(
    w: _Work, code: str, level: type[BudgetArea | ProductGroup]
) -> tuple[UnitPath, BudgetUnit] | list[_Problem]:
    """The unit ``code`` if it is of ``level``, else the E602 finding."""
    missing, other = _LEVEL_WORDS[level]
    path = w.path(code)
    if path is None:
        return [("NKF-E602", f"{missing} {code} gibt es im Haushaltsplan nicht.")]
    unit = get_unit(w.plan, path)
    if type(unit) is not level:
        return [("NKF-E602", f"{_unit_label(unit)} ist {other}.")]
    return path, unit


def _name_problem(unit: BudgetUnit, expected: str | None) -> list[_Problem]:
    if expected is None or _norm(expected) == _norm(unit.name):
        return []
    return [
        (
            "NKF-E604",
            f"{_unit_label(unit)} heißt „{unit.name}“, der Antrag nennt „{expected}“.",
        )
    ]


def _apply_remove_area(w: _Work, c: RemoveArea) -> list[_Problem]:
    """Remove a Produktbereich with its groups and products; ``old_name`` must match."""
    found = _unit_at(w, c.code, BudgetArea)
    if isinstance(found, list):
        return found
    (ai, _, _), area = found
    problems = _name_problem(area, c.old_name)
    if not problems:
        areas = (*w.plan.areas[:ai], *w.plan.areas[ai + 1 :])
        w.restructure(attrs.evolve(w.plan, areas=areas))
    return problems


def _apply_add_group(w: _Work, c: AddGroup) -> list[_Problem]:
    """Add a Produktgruppe with its products to an area at ``position`` (None: code order)."""
    found = _unit_at(w, c.area, BudgetArea)
    if isinstance(found, list):
        return found
    path, area = found
    if not isinstance(area, BudgetArea):  # pragma: no cover - _unit_at checked the level
        raise TypeError(area)
    problems = _taken(w, c.group)
    problems += _position_problem(f"Die Produktgruppe {c.group.code}", c.position, len(area.groups))
    groups = insert_at(area.groups, c.group, c.position, key=_code)
    if problems or groups is None:
        return problems
    w.restructure(replace_unit(w.plan, path, attrs.evolve(area, groups=groups)))
    return []


def _apply_remove_group(w: _Work, c: RemoveGroup) -> list[_Problem]:
    """Remove a Produktgruppe with its products; ``old_name`` must match if given."""
    found = _unit_at(w, c.code, ProductGroup)
    if isinstance(found, list):
        return found
    (ai, gi, _), group = found
    problems = _name_problem(group, c.old_name)
    if not problems and gi is not None:
        area = w.plan.areas[ai]
        groups = (*area.groups[:gi], *area.groups[gi + 1 :])
        w.restructure(replace_unit(w.plan, (ai, None, None), attrs.evolve(area, groups=groups)))
    return problems


def _apply_add_product(w: _Work, c: AddProduct) -> list[_Problem]:
    """Add a product to its group at ``position`` (None: in code order if the group is)."""
    path = w.path(c.group)
    group = get_unit(w.plan, path) if path is not None else None
    if path is None or not isinstance(group, ProductGroup):
        return [("NKF-E602", f"Die Produktgruppe {c.group} gibt es im Haushaltsplan nicht.")]
    if w.path(c.product.code) is not None:
        return [("NKF-E608", f"Die Nummer {c.product.code} gibt es im Haushaltsplan bereits.")]
    products = insert_at(group.products, c.product, c.position, key=_code)
    if products is None:
        return _position_problem(f"Das Produkt {c.product.code}", c.position, len(group.products))
    w.restructure(replace_unit(w.plan, path, attrs.evolve(group, products=products)))
    return []


def _apply_remove_product(w: _Work, c: RemoveProduct) -> list[_Problem]:
    """Remove a product; ``old_name`` must match if given."""
    path = w.path(c.code)
    if path is None:
        return [("NKF-E602", f"Das Produkt {c.code} gibt es im Haushaltsplan nicht.")]
    found = product_at(w.plan, path)
    if found is None:
        return [("NKF-E602", f"{_unit_label(get_unit(w.plan, path))} ist kein Produkt.")]
    group, product = found
    if c.old_name is not None and _norm(c.old_name) != _norm(product.name):
        return [
            (
                "NKF-E604",
                f"Produkt {c.code} heißt „{product.name}“, der Antrag nennt „{c.old_name}“.",
            )
        ]
    group_path = (path[0], path[1], None)
    products = tuple(p for p in group.products if p is not product)
    w.restructure(replace_unit(w.plan, group_path, attrs.evolve(group, products=products)))
    return []


def unit_field_value(unit: BudgetUnit, field: UnitField) -> str | None:
    """A unit's field as an UpdateUnit names it (the Bindungsgrad by its value)."""
    value = getattr(unit, field.value)
    if isinstance(value, BindingDegree):
        return value.value
    return value if isinstance(value, str) else None


def _apply_update_unit(w: _Work, c: UpdateUnit) -> list[_Problem]:
    """Change a field of a unit; ``old`` (if given) must match; a name is never empty."""
    unit = w.unit(c.unit)
    if unit is None:
        return [("NKF-E602", f"Die Einheit {c.unit} gibt es im Haushaltsplan nicht.")]
    problems: list[_Problem] = []
    label = f"{_unit_label(unit)}, {UNIT_FIELDS[c.field]}"
    current = unit_field_value(unit, c.field)
    if c.old is not None and _norm(c.old) != _norm(current):
        problems.append(
            (
                "NKF-E604",
                f"{label}: der Antrag erwartet „{c.old}“, im Plan steht "
                + (f"„{current}“." if current is not None else "nichts."),
            )
        )
    value: str | BindingDegree | None = c.new
    if c.field is UnitField.NAME and not _norm(c.new):
        problems.append(("NKF-E612", f"{label}: eine Einheit braucht einen Namen."))
    if c.field is UnitField.BINDING and c.new is not None:
        try:
            value = BindingDegree(c.new)
        except ValueError:
            problems.append(
                (
                    "NKF-E612",
                    f"{label}: „{c.new}“ ist kein Bindungsgrad (pflichtig, freiwillig, teils).",
                )
            )
    if not problems:
        changes: dict[str, Any] = {c.field.value: value}
        w.set_unit(c.unit, attrs.evolve(unit, **changes))
    return problems


# ----------------------------------------------------------------------------- K3 goals


def _goal_unit(w: _Work, code: str, problems: list[_Problem]) -> BudgetUnit | None:
    unit = w.unit(code)
    if unit is None:
        problems.append(("NKF-E602", f"Die Einheit {code} gibt es im Haushaltsplan nicht."))
    return unit


def _goal_at(unit: BudgetUnit, position: int, problems: list[_Problem]) -> Goal | None:
    if not 1 <= position <= len(unit.goals):
        problems.append(
            (
                "NKF-E607",
                f"{_unit_label(unit)} hat kein {position}. Ziel (es hat {len(unit.goals)}).",
            )
        )
        return None
    return unit.goals[position - 1]


def _text_differs(expected: str | None, actual: str) -> bool:
    return expected is not None and _norm(expected) != _norm(actual)


def _apply_add_goal(w: _Work, c: AddGoal) -> list[_Problem]:
    """Insert a goal at 1-based ``position`` (None: after the last one)."""
    problems: list[_Problem] = []
    unit = _goal_unit(w, c.unit, problems)
    if unit is None:
        return problems
    n = len(unit.goals)
    position = n + 1 if c.position is None else c.position
    if not 1 <= position <= n + 1:
        return [
            (
                "NKF-E607",
                (
                    f"{_unit_label(unit)}: ein Ziel lässt sich nicht an Position {position} "
                    f"einfügen; es hat {n} Ziele (möglich sind 1 bis {n + 1})."
                ),
            )
        ]
    goals = (*unit.goals[: position - 1], c.goal, *unit.goals[position - 1 :])
    w.set_unit(c.unit, attrs.evolve(unit, goals=goals))
    return problems


def _apply_remove_goal(w: _Work, c: RemoveGoal) -> list[_Problem]:
    """Delete the goal at ``position``; ``old_text`` must match if given."""
    problems: list[_Problem] = []
    unit = _goal_unit(w, c.unit, problems)
    goal = _goal_at(unit, c.position, problems) if unit is not None else None
    if unit is None or goal is None:
        return problems
    if _text_differs(c.old_text, goal.text):
        return [
            (
                "NKF-E604",
                (
                    f"{_unit_label(unit)}, {c.position}. Ziel: der Antrag erwartet „{c.old_text}“, "
                    f"im Plan steht „{goal.text}“."
                ),
            )
        ]
    goals = (*unit.goals[: c.position - 1], *unit.goals[c.position :])
    w.set_unit(c.unit, attrs.evolve(unit, goals=goals))
    return problems


def _apply_edit_goal(w: _Work, c: EditGoal) -> list[_Problem]:
    """Reword the goal at ``position``; ``old_text`` must match if given."""
    problems: list[_Problem] = []
    unit = _goal_unit(w, c.unit, problems)
    goal = _goal_at(unit, c.position, problems) if unit is not None else None
    if unit is None or goal is None:
        return problems
    if _text_differs(c.old_text, goal.text):
        return [
            (
                "NKF-E604",
                (
                    f"{_unit_label(unit)}, {c.position}. Ziel: der Antrag erwartet „{c.old_text}“, "
                    f"im Plan steht „{goal.text}“."
                ),
            )
        ]
    goals = list(unit.goals)
    goals[c.position - 1] = attrs.evolve(goal, text=c.new_text)
    w.set_unit(c.unit, attrs.evolve(unit, goals=tuple(goals)))
    return problems


def _apply_copy_goals(w: _Work, c: CopyGoals) -> list[_Problem]:
    """Append the goals of ``source`` after the unit's own goals."""
    problems: list[_Problem] = []
    unit = _goal_unit(w, c.unit, problems)
    source = _goal_unit(w, c.source, problems)
    if unit is None or source is None:
        return problems
    w.set_unit(c.unit, attrs.evolve(unit, goals=(*unit.goals, *source.goals)))
    return problems


def _figures(
    unit: BudgetUnit, goal: int | None, problems: list[_Problem]
) -> tuple[KeyFigure, ...] | None:
    """The key figures of goal ``goal`` (None: of the unit itself)."""
    if goal is None:
        return unit.key_figures
    found = _goal_at(unit, goal, problems)
    return found.key_figures if found is not None else None


def _with_figures(unit: BudgetUnit, goal: int | None, figures: tuple[KeyFigure, ...]) -> BudgetUnit:
    if goal is None:
        return attrs.evolve(unit, key_figures=figures)
    goals = list(unit.goals)
    goals[goal - 1] = attrs.evolve(goals[goal - 1], key_figures=figures)
    return attrs.evolve(unit, goals=tuple(goals))


def _figure_owner(unit: BudgetUnit, goal: int | None) -> str:
    return _unit_label(unit) + (f", {goal}. Ziel" if goal is not None else "")


def _figure_at(
    unit: BudgetUnit, goal: int | None, position: int, problems: list[_Problem]
) -> tuple[tuple[KeyFigure, ...], KeyFigure] | None:
    figures = _figures(unit, goal, problems)
    if figures is None:
        return None
    if not 1 <= position <= len(figures):
        problems.append(
            (
                "NKF-E607",
                (
                    f"{_figure_owner(unit, goal)} hat keine {position}. Kennzahl "
                    f"(es hat {len(figures)})."
                ),
            )
        )
        return None
    return figures, figures[position - 1]


def _apply_add_key_figure(w: _Work, c: AddKeyFigure) -> list[_Problem]:
    """Insert a key figure at ``position`` (None: at the end) of a goal or the unit."""
    problems: list[_Problem] = []
    unit = _goal_unit(w, c.unit, problems)
    figures = _figures(unit, c.goal, problems) if unit is not None else None
    if unit is None or figures is None:
        return problems
    n = len(figures)
    position = n + 1 if c.position is None else c.position
    if not 1 <= position <= n + 1:
        return [
            (
                "NKF-E607",
                (
                    f"{_figure_owner(unit, c.goal)}: eine Kennzahl lässt sich nicht an Position "
                    f"{position} einfügen (möglich sind 1 bis {n + 1})."
                ),
            )
        ]
    new = (*figures[: position - 1], c.key_figure, *figures[position - 1 :])
    w.set_unit(c.unit, _with_figures(unit, c.goal, new))
    return problems


def _apply_remove_key_figure(w: _Work, c: RemoveKeyFigure) -> list[_Problem]:
    """Delete the key figure at ``position``; ``old_name`` must match if given."""
    problems: list[_Problem] = []
    unit = _goal_unit(w, c.unit, problems)
    found = _figure_at(unit, c.goal, c.position, problems) if unit is not None else None
    if unit is None or found is None:
        return problems
    figures, figure = found
    if _text_differs(c.old_name, figure.name):
        return [
            (
                "NKF-E604",
                (
                    f"{_figure_owner(unit, c.goal)}, {c.position}. Kennzahl heißt „{figure.name}“, "
                    f"der Antrag nennt „{c.old_name}“."
                ),
            )
        ]
    new = (*figures[: c.position - 1], *figures[c.position :])
    w.set_unit(c.unit, _with_figures(unit, c.goal, new))
    return problems


def _apply_rename_key_figure(w: _Work, c: RenameKeyFigure) -> list[_Problem]:
    """Rename the key figure at ``position``; ``old_name`` must match if given."""
    problems: list[_Problem] = []
    unit = _goal_unit(w, c.unit, problems)
    found = _figure_at(unit, c.goal, c.position, problems) if unit is not None else None
    if unit is None or found is None:
        return problems
    figures, figure = found
    if _text_differs(c.old_name, figure.name):
        problems.append(
            (
                "NKF-E604",
                (
                    f"{_figure_owner(unit, c.goal)}, {c.position}. Kennzahl heißt „{figure.name}“, "
                    f"der Antrag nennt „{c.old_name}“."
                ),
            )
        )
    if not _norm(c.new_name):
        problems.append(("NKF-E612", "Eine Kennzahl braucht einen Namen."))
    if problems:
        return problems
    new = list(figures)
    new[c.position - 1] = attrs.evolve(figure, name=c.new_name)
    w.set_unit(c.unit, _with_figures(unit, c.goal, tuple(new)))
    return problems


def _figure_key(value: FigureValue) -> tuple[int, int]:
    return (value.year, list(FigureKind).index(value.kind))


def figure_value_set(
    figure: KeyFigure, year: int, kind: FigureKind, new: Scalar | None
) -> KeyFigure:
    """``figure`` with its value for ``year`` and ``kind`` set to ``new`` (None: deleted).

    A value that is there is replaced in place; a new one is inserted in (year, kind)
    order if the values are in that order, else appended.
    """
    for i, v in enumerate(figure.values):
        if v.year == year and v.kind is kind:
            if new is None:
                values = (*figure.values[:i], *figure.values[i + 1 :])
            else:
                values = (*figure.values[:i], attrs.evolve(v, value=new), *figure.values[i + 1 :])
            return attrs.evolve(figure, values=values)
    if new is None:
        return figure
    value = FigureValue(year=year, kind=kind, value=new)
    return attrs.evolve(figure, values=insert_ordered(figure.values, value, key=_figure_key))


def _same_scalar(a: Scalar | None, b: Scalar | None) -> bool:
    return type(a) is type(b) and a == b


def _apply_key_figure_value(w: _Work, c: SetKeyFigureValue) -> list[_Problem]:
    """Set (re-target) a key figure's value for a year and kind; ``new`` None deletes it."""
    problems: list[_Problem] = []
    unit = _goal_unit(w, c.unit, problems)
    found = _figure_at(unit, c.goal, c.position, problems) if unit is not None else None
    if unit is None or found is None:
        return problems
    figures, figure = found
    label = f"{_figure_owner(unit, c.goal)}, Kennzahl „{figure.name}“ {c.year}"
    current = figure.value_for(c.year, c.figure_kind)
    if c.old is not None and not _same_scalar(c.old, current):
        problems.append(
            (
                "NKF-E604",
                f"{label}: der Antrag erwartet {_show(c.old)}, im Plan steht {_show(current)}.",
            )
        )
    if c.new is not None and not figure.type.accepts(c.new):
        problems.append(
            (
                "NKF-E612",
                (
                    f"{label}: {_show(c.new)} passt nicht zur Art der Kennzahl "
                    f"({figure.type.label})."
                ),
            )
        )
    if problems:
        return problems
    new = list(figures)
    new[c.position - 1] = figure_value_set(figure, c.year, c.figure_kind, c.new)
    w.set_unit(c.unit, _with_figures(unit, c.goal, tuple(new)))
    return problems


# ----------------------------------------------------------------------------- K5 / K6 statute


def _statute(w: _Work, year: int, problems: list[_Problem]) -> tuple[int, BudgetStatute] | None:
    for i, statute in enumerate(w.plan.statutes):
        if statute.year == year:
            return i, statute
    problems.append(("NKF-E611", f"Für {year} hat der Plan keine Haushaltssatzung."))
    return None


def _set_statute(w: _Work, i: int, statute: BudgetStatute) -> None:
    statutes = (*w.plan.statutes[:i], statute, *w.plan.statutes[i + 1 :])
    w.plan = attrs.evolve(w.plan, statutes=statutes)


def _apply_tax_rate(w: _Work, c: SetTaxRate) -> list[_Problem]:
    """Set (``new`` None: clear) a Hebesatz of the statute of ``year``; ``old`` must match."""
    problems: list[_Problem] = []
    found = _statute(w, c.year, problems)
    if found is None:
        return problems
    i, statute = found
    label = f"Haushaltssatzung {c.year}, Hebesatz {TAX_KINDS[c.tax]}"
    current = statute.tax_rates.rate(c.tax)
    if c.old is not None and (current is None or abs(c.old - current) > TOLERANCE):
        shown = f"{_num(current)} v. H." if current is not None else "keiner"
        problems.append(
            (
                "NKF-E604",
                (
                    f"{label}: der Antrag nennt als bisherigen Satz {_num(c.old)} v. H., im Plan "
                    f"steht {shown}."
                ),
            )
        )
    if c.new is not None and c.new < 0:
        problems.append(("NKF-E612", f"{label}: ein Hebesatz ist nicht negativ ({_num(c.new)})."))
    if problems:
        return problems
    rates = attrs.evolve(statute.tax_rates, **{c.tax.field_name: c.new})
    _set_statute(w, i, attrs.evolve(statute, tax_rates=rates))
    return problems


def _apply_statute_value(w: _Work, c: SetStatuteValue) -> list[_Problem]:
    """Set an amount of the statute; totals that follow from the plan cannot be set."""
    problems: list[_Problem] = []
    found = _statute(w, c.year, problems)
    if found is None:
        return problems
    i, statute = found
    label = f"Haushaltssatzung {c.year}, {STATUTE_FIELDS[c.field]}"
    attribute = c.field.value
    if attribute in _DERIVED_TOTALS and w.framework is not None:
        total = statute_total(w.plan, w.framework, attribute, c.year)
        if total is not None:
            return [
                (
                    "NKF-E606",
                    (
                        f"{label}: er ergibt sich aus dem Gesamtplan ({_eur(total)}) und kann "
                        "nicht direkt geändert werden."
                    ),
                )
            ]
    current: Decimal | None = getattr(statute, attribute)
    shown = current if current is not None else Decimal(0)
    if c.old is not None and abs(c.old - shown) > TOLERANCE:
        return [
            (
                "NKF-E604",
                (
                    f"{label}: der Antrag nennt als bisherigen Betrag {_eur(c.old)}, im Plan "
                    f"stehen {_eur(shown)}."
                ),
            )
        ]
    changes: dict[str, Any] = {attribute: c.new}
    _set_statute(w, i, attrs.evolve(statute, **changes))
    return problems


def _apply_balance_year(w: _Work, c: SetBalanceYear) -> list[_Problem]:
    """Set or clear the year the Haushaltsausgleich is restored; ``old`` must match."""
    problems: list[_Problem] = []
    found = _statute(w, c.year, problems)
    if found is None:
        return problems
    i, statute = found
    current = statute.balance_restored_year
    if c.old is not None and c.old != current:
        shown = str(current) if current is not None else "keines"
        return [
            (
                "NKF-E604",
                (
                    f"Haushaltssatzung {c.year}, Jahr des Haushaltsausgleichs: der Antrag nennt "
                    f"als bisher {c.old}, im Plan steht {shown}."
                ),
            )
        ]
    _set_statute(w, i, attrs.evolve(statute, balance_restored_year=c.new))
    return problems


def _year(statute: BudgetStatute) -> int:
    return statute.year


def _apply_add_statute(w: _Work, c: AddStatute) -> list[_Problem]:
    """Add the Haushaltssatzung of a year at ``position`` (None: in year order)."""
    year = c.statute.year
    if w.plan.statute(year) is not None:
        return [("NKF-E608", f"Die Haushaltssatzung {year} gibt es im Plan bereits.")]
    statutes = insert_at(w.plan.statutes, c.statute, c.position, key=_year)
    if statutes is None:
        return _position_problem(f"Die Haushaltssatzung {year}", c.position, len(w.plan.statutes))
    w.plan = attrs.evolve(w.plan, statutes=statutes)
    return []


def _apply_remove_statute(w: _Work, c: RemoveStatute) -> list[_Problem]:
    """Remove the Haushaltssatzung of ``year``."""
    problems: list[_Problem] = []
    found = _statute(w, c.year, problems)
    if found is None:
        return problems
    i = found[0]
    w.plan = attrs.evolve(w.plan, statutes=(*w.plan.statutes[:i], *w.plan.statutes[i + 1 :]))
    return problems


# ----------------------------------------------------------------------------- the plan


def _apply_update_plan(w: _Work, c: UpdatePlan) -> list[_Problem]:
    """Set the title, note, status, municipality name or AGS; ``old`` must match if given."""
    problems: list[_Problem] = []
    label = f"Haushaltsplan, {PLAN_FIELDS[c.field]}"
    current = plan_field_value(w.plan, c.field)
    if c.old is not None and _norm(c.old) != _norm(current):
        problems.append(
            (
                "NKF-E604",
                f"{label}: der Antrag erwartet „{c.old}“, im Plan steht "
                + (f"„{current}“." if current is not None else "nichts."),
            )
        )
    plan = w.plan
    if c.field is PlanField.STATUS:
        status = next((s for s in PlanStatus if s.value == c.new), None)
        if status is None:
            words = ", ".join(s.value for s in PlanStatus)
            problems.append(("NKF-E612", f"{label}: „{c.new}“ ist kein Status ({words})."))
        else:
            plan = attrs.evolve(plan, status=status)
    elif c.field is PlanField.MUNICIPALITY:
        if c.new is None or not _norm(c.new):
            problems.append(("NKF-E612", f"{label}: eine Kommune braucht einen Namen."))
        else:
            plan = attrs.evolve(plan, municipality=attrs.evolve(plan.municipality, name=c.new))
    elif c.field is PlanField.AGS:
        municipality: Municipality = attrs.evolve(plan.municipality, ags=c.new)
        plan = attrs.evolve(plan, municipality=municipality)
    elif c.field is PlanField.TITLE:
        plan = attrs.evolve(plan, title=c.new)
    else:
        plan = attrs.evolve(plan, note=c.new)
    if not problems:
        w.plan = plan
    return problems


def _apply_planning_years(w: _Work, c: SetPlanningYears) -> list[_Problem]:
    """Set the Planungsjahre; a stated ``old`` (not empty) must match."""
    current = w.plan.planning_years
    if c.old and c.old != current:
        shown = ", ".join(str(y) for y in current) or "keine"
        stated = ", ".join(str(y) for y in c.old)
        return [
            (
                "NKF-E604",
                (
                    f"Haushaltsplan, Planungsjahre: der Antrag nennt als bisher {stated}, im "
                    f"Plan stehen {shown}."
                ),
            )
        ]
    w.plan = attrs.evolve(w.plan, planning_years=tuple(c.new))
    return []


# ----------------------------------------------------------------------------- K4 investments


def _investment(w: _Work, ident: str) -> tuple[int, Investment] | None:
    for i, inv in enumerate(w.plan.investments):
        if inv.id == ident:
            return i, inv
    return None


def _missing_investment(ident: str) -> list[_Problem]:
    return [("NKF-E611", f"Die Investitionsmaßnahme {ident} gibt es im Plan nicht.")]


def investment_amount(investment: Investment, flow: InvestmentFlow, year: int) -> Decimal | None:
    """The measure's payment, receipt or VE of ``year``, or None."""
    if flow is InvestmentFlow.COMMITMENT:
        return next((c.amount for c in investment.commitments if c.year == year), None)
    items = investment.payments if flow is InvestmentFlow.PAYMENT else investment.receipts
    return next((y.amount for y in items if y.year == year), None)


def investment_amount_set(
    investment: Investment, flow: InvestmentFlow, year: int, new: Decimal | None
) -> Investment:
    """``investment`` with the amount of ``flow`` in ``year`` set to ``new`` (None: deleted).

    A VE (COMMITMENT) that does not exist yet is created with no charges; deleting one
    deletes it with its charges.
    """
    if flow is InvestmentFlow.COMMITMENT:
        kept = tuple(c for c in investment.commitments if c.year != year)
        if new is None:
            return attrs.evolve(investment, commitments=kept)
        for i, c in enumerate(investment.commitments):
            if c.year == year:
                commitments = (
                    *investment.commitments[:i],
                    attrs.evolve(c, amount=new),
                    *investment.commitments[i + 1 :],
                )
                return attrs.evolve(investment, commitments=commitments)
        commitment = Commitment(year=year, amount=new)
        return attrs.evolve(
            investment,
            commitments=insert_ordered(investment.commitments, commitment, key=lambda c: c.year),
        )
    name = "payments" if flow is InvestmentFlow.PAYMENT else "receipts"
    items: tuple[YearAmount, ...] = getattr(investment, name)
    for i, item in enumerate(items):
        if item.year == year:
            if new is None:
                updated = (*items[:i], *items[i + 1 :])
            else:
                updated = (*items[:i], YearAmount(year=year, amount=new), *items[i + 1 :])
            changes: dict[str, Any] = {name: updated}
            return attrs.evolve(investment, **changes)
    if new is None:
        return investment
    added = insert_ordered(items, YearAmount(year=year, amount=new), key=lambda y: y.year)
    more: dict[str, Any] = {name: added}
    return attrs.evolve(investment, **more)


def _set_investments(w: _Work, investments: tuple[Investment, ...]) -> None:
    w.plan = attrs.evolve(w.plan, investments=investments)


def _apply_add_investment(w: _Work, c: AddInvestment) -> list[_Problem]:
    """Add a measure after the last one."""
    if _investment(w, c.investment.id) is not None:
        return [("NKF-E608", f"Die Investitionsmaßnahme {c.investment.id} gibt es bereits.")]
    _set_investments(w, (*w.plan.investments, c.investment))
    return []


def _apply_remove_investment(w: _Work, c: RemoveInvestment) -> list[_Problem]:
    """Remove a measure; ``old_name`` must match if given."""
    found = _investment(w, c.id)
    if found is None:
        return _missing_investment(c.id)
    i, inv = found
    if _text_differs(c.old_name, inv.name):
        return [
            (
                "NKF-E604",
                f"Die Maßnahme {c.id} heißt „{inv.name}“, der Antrag nennt „{c.old_name}“.",
            )
        ]
    _set_investments(w, (*w.plan.investments[:i], *w.plan.investments[i + 1 :]))
    return []


def _apply_investment_amount(w: _Work, c: SetInvestmentAmount) -> list[_Problem]:
    """Set a measure's payment, receipt or VE for a year; ``old`` must match if given."""
    found = _investment(w, c.id)
    if found is None:
        return _missing_investment(c.id)
    i, inv = found
    current = investment_amount(inv, c.flow, c.year)
    shown = current if current is not None else Decimal(0)
    if c.old is not None and abs(c.old - shown) > TOLERANCE:
        return [
            (
                "NKF-E604",
                (
                    f"Maßnahme {c.id}, {INVESTMENT_FLOWS[c.flow]} {c.year}: der Antrag nennt als "
                    f"bisherigen Betrag {_eur(c.old)}, im Plan stehen {_eur(shown)}."
                ),
            )
        ]
    updated = investment_amount_set(inv, c.flow, c.year, c.new)
    _set_investments(w, (*w.plan.investments[:i], updated, *w.plan.investments[i + 1 :]))
    return []


# ----------------------------------------------------------------------------- K6 posts


def _post(w: _Work, ident: str) -> tuple[int, Post] | None:
    for i, post in enumerate(w.plan.posts):
        if post.id == ident:
            return i, post
    return None


def _missing_post(ident: str) -> list[_Problem]:
    return [("NKF-E611", f"Die Stelle {ident} gibt es im Stellenplan nicht.")]


def _replace_post(w: _Work, i: int, post: Post) -> None:
    w.plan = attrs.evolve(w.plan, posts=(*w.plan.posts[:i], post, *w.plan.posts[i + 1 :]))


def _apply_create_post(w: _Work, c: CreatePost) -> list[_Problem]:
    """Create a post at the end of the Stellenplan; its cost is information only."""
    if _post(w, c.post.id) is not None:
        return [("NKF-E608", f"Die Stelle {c.post.id} gibt es bereits im Stellenplan.")]
    w.plan = attrs.evolve(w.plan, posts=(*w.plan.posts, c.post))
    return []


def _apply_delete_post(w: _Work, c: DeletePost) -> list[_Problem]:
    """Delete a post."""
    found = _post(w, c.post_id)
    if found is None:
        return _missing_post(c.post_id)
    i, _ = found
    w.plan = attrs.evolve(w.plan, posts=(*w.plan.posts[:i], *w.plan.posts[i + 1 :]))
    return []


def _apply_block_post(w: _Work, c: BlockPost) -> list[_Problem]:
    """Put a Stellensperre on a post (status BLOCKED)."""
    found = _post(w, c.post_id)
    if found is None:
        return _missing_post(c.post_id)
    i, post = found
    if post.status is not PostStatus.BLOCKED:
        _replace_post(w, i, attrs.evolve(post, status=PostStatus.BLOCKED))
    return []


def _apply_swap_post(w: _Work, c: SwapPost) -> list[_Problem]:
    """Replace a post by another in its place in the Stellenplan (Stellentausch)."""
    found = _post(w, c.post_id)
    if found is None:
        return _missing_post(c.post_id)
    if c.new_post.id != c.post_id and _post(w, c.new_post.id) is not None:
        return [("NKF-E608", f"Die Stelle {c.new_post.id} gibt es bereits im Stellenplan.")]
    _replace_post(w, found[0], c.new_post)
    return []


def _apply_kw(w: _Work, c: SetKwVermerk) -> list[_Problem]:
    """Set or clear a post's kw-Vermerk; ``old_year`` must match if given."""
    found = _post(w, c.post_id)
    if found is None:
        return _missing_post(c.post_id)
    i, post = found
    if c.old_year is not None and c.old_year != post.kw_year:
        shown = str(post.kw_year) if post.kw_year is not None else "keiner"
        return [
            (
                "NKF-E604",
                (
                    f"Stelle {c.post_id}: der Antrag erwartet einen kw-Vermerk {c.old_year}, im "
                    f"Stellenplan steht {shown}."
                ),
            )
        ]
    _replace_post(w, i, attrs.evolve(post, kw_year=c.year))
    return []


# ----------------------------------------------------------------------------- K7 blocks


def _block(w: _Work, ident: str) -> tuple[int, BudgetBlock] | None:
    for i, block in enumerate(w.plan.blocks):
        if block.id == ident:
            return i, block
    return None


def _set_blocks(w: _Work, blocks: tuple[BudgetBlock, ...]) -> None:
    w.plan = attrs.evolve(w.plan, blocks=blocks)


def _apply_block_amount(w: _Work, c: BlockAmount) -> list[_Problem]:
    """Append a Sperrvermerk to ``plan.blocks`` (id unique, amount not negative).

    A block has no numeric effect, and it is kept as the motion words it: its target may
    be words only, or name a line whose Ansatz is smaller than the blocked amount; the
    rules of :mod:`nkf.rules` report such targets. So every block a plan holds can be
    written as a BlockAmount again (``diff``, ``invert``).
    """
    problems: list[_Problem] = []
    if _block(w, c.block_id) is not None:
        problems.append(("NKF-E608", f"Den Sperrvermerk {c.block_id} gibt es bereits."))
    if c.amount is not None and c.amount < 0:
        problems.append(
            ("NKF-E612", f"Gesperrt werden kann kein negativer Betrag ({_eur(c.amount)}).")
        )
    if problems:
        return problems
    block = BudgetBlock(
        id=c.block_id,
        target=c.target,
        release_condition=c.release_condition,
        releasing_body=c.releasing_body,
        column=c.column,
        amount=c.amount,
    )
    _set_blocks(w, (*w.plan.blocks, block))
    return problems


def _apply_release(w: _Work, c: ReleaseBlock) -> list[_Problem]:
    """Release a Sperrvermerk: fully (removes the block) or partly (raises ``released``).

    A partial release may reach but not pass the blocked amount; the block stays, with
    what is released recorded.
    """
    found = _block(w, c.block_id)
    if found is None:
        return [("NKF-E611", f"Den Sperrvermerk {c.block_id} gibt es im Plan nicht.")]
    i, block = found
    rest = w.plan.blocks[:i] + w.plan.blocks[i + 1 :]
    if c.amount is None:
        _set_blocks(w, rest)
        return []
    if c.amount < 0:
        return [("NKF-E612", f"Freigegeben werden kann kein negativer Betrag ({_eur(c.amount)}).")]
    released = block.released + c.amount
    if block.amount is not None and released > block.amount:
        return [
            (
                "NKF-E609",
                (
                    f"Sperrvermerk {c.block_id}: freigegeben werden sollen {_eur(c.amount)}, "
                    f"gesperrt sind nur noch {_eur(block.amount - block.released)}."
                ),
            )
        ]
    blocks = (*w.plan.blocks[:i], attrs.evolve(block, released=released), *rest[i:])
    _set_blocks(w, blocks)
    return []


# ----------------------------------------------------------------------------- K2 / K10


def _apply_coverage(c: Coverage, refs: frozenset[str]) -> list[_Problem]:
    """Check that a Deckungsvorschlag names changes of the same amendment (no effect)."""
    unknown = [r for r in (*c.covers, *c.offsets) if r not in refs]
    if not unknown:
        return []
    names = ", ".join(f"„{r}“" for r in dict.fromkeys(unknown))
    return [
        (
            "NKF-E613",
            f"Der Deckungsvorschlag verweist auf {names}; so heißt keine Änderung dieses Antrags.",
        )
    ]


# ----------------------------------------------------------------------------- driver


def applies(change: Change, conditions_met: Collection[str]) -> bool:
    """True if ``change`` applies: it has no condition, or its condition is met.

    A condition is met when ``condition.met is True`` or its text or group is in
    ``conditions_met``.
    """
    condition = change.condition
    if condition is None or condition.met is True:
        return True
    return condition.text in conditions_met or (
        condition.group is not None and condition.group in conditions_met
    )


def _apply_change(w: _Work, change: Change, refs: frozenset[str]) -> list[_Problem]:
    """Apply one change to the workspace; on any problem nothing of it is applied."""
    w.touched = []
    match change:
        case AmountChange():
            return _apply_amount(w, change)
        case AddLine():
            return _apply_add_line(w, change)
        case RemoveLine():
            return _apply_remove_line(w, change)
        case PercentChange():
            return _apply_percent(w, change)
        case MoveAmount():
            return _apply_move(w, change)
        case GlobalReduction():
            return _apply_global_reduction(w, change)
        case AddArea():
            return _apply_add_area(w, change)
        case RemoveArea():
            return _apply_remove_area(w, change)
        case AddGroup():
            return _apply_add_group(w, change)
        case RemoveGroup():
            return _apply_remove_group(w, change)
        case AddProduct():
            return _apply_add_product(w, change)
        case RemoveProduct():
            return _apply_remove_product(w, change)
        case UpdateUnit():
            return _apply_update_unit(w, change)
        case AddGoal():
            return _apply_add_goal(w, change)
        case RemoveGoal():
            return _apply_remove_goal(w, change)
        case EditGoal():
            return _apply_edit_goal(w, change)
        case CopyGoals():
            return _apply_copy_goals(w, change)
        case AddKeyFigure():
            return _apply_add_key_figure(w, change)
        case RemoveKeyFigure():
            return _apply_remove_key_figure(w, change)
        case RenameKeyFigure():
            return _apply_rename_key_figure(w, change)
        case SetKeyFigureValue():
            return _apply_key_figure_value(w, change)
        case SetTaxRate():
            return _apply_tax_rate(w, change)
        case SetStatuteValue():
            return _apply_statute_value(w, change)
        case SetBalanceYear():
            return _apply_balance_year(w, change)
        case AddStatute():
            return _apply_add_statute(w, change)
        case RemoveStatute():
            return _apply_remove_statute(w, change)
        case UpdatePlan():
            return _apply_update_plan(w, change)
        case SetPlanningYears():
            return _apply_planning_years(w, change)
        case AddInvestment():
            return _apply_add_investment(w, change)
        case RemoveInvestment():
            return _apply_remove_investment(w, change)
        case SetInvestmentAmount():
            return _apply_investment_amount(w, change)
        case CreatePost():
            return _apply_create_post(w, change)
        case DeletePost():
            return _apply_delete_post(w, change)
        case BlockPost():
            return _apply_block_post(w, change)
        case SwapPost():
            return _apply_swap_post(w, change)
        case SetKwVermerk():
            return _apply_kw(w, change)
        case BlockAmount():
            return _apply_block_amount(w, change)
        case ReleaseBlock():
            return _apply_release(w, change)
        case Coverage():
            return _apply_coverage(change, refs)
        case Request():
            return []
    raise TypeError(change)  # pragma: no cover - Change is a closed union


def _diagnostic(code: str, message: str, index: int) -> Diagnostic:
    severity = Severity.INFO if code.startswith("NKF-I") else Severity.ERROR
    return Diagnostic(
        code=code,
        severity=severity,
        message=message,
        location=Location(path=change_path(index)),
    )


def _refs(amendment: Amendment) -> frozenset[str]:
    return frozenset(c.ref for c in amendment.changes if c.ref is not None)


def _run(
    w: _Work, amendment: Amendment, conditions_met: Collection[str]
) -> tuple[list[Diagnostic], list[_Step]]:
    """Apply every change of ``amendment`` to ``w``, collecting findings and the steps.

    Returns the findings and, per applied change, its 1-based index, the change, the plan
    before and after it and the lines it touched (what :func:`nkf.changes.invert.invert` needs).
    """
    refs = _refs(amendment)
    met = frozenset(conditions_met)
    found: list[Diagnostic] = []
    steps: list[_Step] = []
    for i, change in enumerate(amendment.changes, 1):
        if not applies(change, met):
            text = change.condition.text if change.condition is not None else ""
            found.append(
                _diagnostic(
                    "NKF-I620",
                    f"Änderung {i} übersprungen: die Bedingung „{text}“ ist nicht erfüllt.",
                    i,
                )
            )
            continue
        before = w.plan
        snapshot = w.snapshot()
        problems = _apply_change(w, change, refs)
        if problems:
            w.restore(snapshot)
            found.extend(_diagnostic(code, message, i) for code, message in problems)
        else:
            steps.append((i, change, before, w.plan, w.touched))
    return found, steps


def try_apply(
    plan: BudgetPlan, amendment: Amendment, *, conditions_met: Collection[str] = ()
) -> tuple[BudgetPlan, list[Diagnostic]]:
    """Apply one amendment and return the findings instead of raising (Probeweise anwenden).

    Args:
        plan: The Haushaltsplan.
        amendment: The Änderungsantrag.
        conditions_met: Texts or groups of conditions declared met; a conditional change
            applies only when its condition is met.

    Returns:
        ``(new_plan, findings)``. If any finding is an error, ``new_plan`` is ``plan``
        itself: nothing of the amendment is applied. Skipped conditional changes are
        reported with severity info (NKF-I620).
    """
    new, found, _ = _try_apply(plan, amendment, conditions_met, None)
    return new, found


def _try_apply(
    plan: BudgetPlan,
    amendment: Amendment,
    conditions_met: Collection[str],
    index: dict[str, UnitPath] | None,
) -> tuple[BudgetPlan, list[Diagnostic], dict[str, UnitPath] | None]:
    """:func:`try_apply` with the unit index of ``plan`` if known, returning the new plan's.

    Recompute never adds or removes a unit, so the index of the changed plan is that of
    the recomputed one.
    """
    w = _Work(plan, index)
    found, _ = _run(w, amendment, conditions_met)
    if any(d.is_error for d in found):
        return plan, found, index
    return recompute_after(w.plan, plan), found, w.snapshot()[1]


def apply(
    plan: BudgetPlan, *amendments: Amendment, conditions_met: Collection[str] = ()
) -> BudgetPlan:
    """Apply amendments to a Haushaltsplan, one after the other, each all or nothing.

    Each amendment changes what it names and what follows from it: the sums of the units
    it changes, the Gesamtplan lines they feed, the Gesamtplan's sums and the § 1 totals
    (:func:`nkf.changes.recompute.recompute_after`). The time is that of the changes, not
    of the plan.

    Args:
        plan: The Haushaltsplan.
        *amendments: The Änderungsanträge, in the order they are applied.
        conditions_met: Texts or groups of conditions declared met.

    Returns:
        The new plan, with sums, balances, Gesamtplan and statute totals recomputed.

    Raises:
        ApplyError: Some change of some amendment does not apply. The error carries every
            problem of every amendment (later amendments are tried on the plan without
            the failing ones), each with its code and ``change[i]`` location.
    """
    state = plan
    index: dict[str, UnitPath] | None = None
    errors: list[Diagnostic] = []
    for amendment in amendments:
        new, found, new_index = _try_apply(state, amendment, conditions_met, index)
        failed = [d for d in found if d.is_error]
        if failed:
            if len(amendments) > 1:
                failed = [
                    attrs.evolve(d, message=f"Antrag {amendment.id}: {d.message}") for d in failed
                ]
            errors.extend(failed)
            continue
        state, index = new, new_index
    if errors:
        raise ApplyError(errors)
    return state
