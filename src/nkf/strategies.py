r"""Hypothesis strategies for nkf values, for property tests in nkf and downstream projects.

Install the extra (``pip install nkf[strategies]``) and use the strategies like any other::

    from hypothesis import given

    import nkf.strategies as nst

    @given(nst.budget_plans())
    def test_my_exporter_accepts_every_plan(plan):
        my_exporter.export(plan)

    @given(nst.amendments())
    def test_round_trip(amendment):
        assert read(write(amendment)) == amendment

Every strategy is explicit about the constrained fields (codes, amounts, key-figure types,
line formulas); none relies on ``st.builds`` inference (style.md rule 18).

Two kinds of plans are offered:

* ``budget_plans()`` (``consistent=True``) draws plans that are *valid*: codes are unique
  and hierarchical, area names are the framework's, every sum and balance line equals its
  formula in the framework's line schema, the Gesamtergebnis- (and Gesamtfinanz-)plan is
  the sum of the Teilpläne per the framework's aggregation, references (investments,
  posts, Sperrvermerke) point at what exists, key-figure values lie in the years of the
  columns (a milestone date in its value's year), and the Haushaltssatzung has one
  statute per budget year with plausible Hebesätze whose Ausgleichsrücklage covers the
  year's deficit exactly (fiktiver Haushaltsausgleich, § 75 Abs. 2 GO NRW). The other
  totals of the statute are left empty, so that no rule comparing them can fail. Lines
  are budgeted at product level only; the globaler Minderaufwand is zero.
* ``budget_plans(consistent=False)`` draws plans for serializer round trips: lines may
  hold empty cells and arbitrary values in arbitrary column layouts, statutes, investments
  and posts have every optional field sometimes set, references point anywhere.

The amendment strategies (``amendments()``, ``changes()`` and one strategy per change
class) are for round trips, too: their changes need not apply to any plan.

Texts are printable, XML-safe (no control characters, no ``\r``, no surrogates, no
non-characters) and never begin or end with whitespace, so they survive XML attributes
and elements exactly. Identifiers (refs, ids, codes) never contain whitespace.
"""

from __future__ import annotations

import datetime
import functools
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal
from typing import TYPE_CHECKING, Any, Final, TypeVar

import attrs
from hypothesis import strategies as st
from hypothesis.strategies import SearchStrategy

from nkf import frameworks
from nkf.codes import NRW_AREAS
from nkf.frameworks import LineRole
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
    Condition,
    ConditionKind,
    ConsultationRole,
    ConsultationStep,
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
    PlanField,
    Relation,
    RelationKind,
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
    RequestKind,
    SetBalanceYear,
    SetInvestmentAmount,
    SetKeyFigureValue,
    SetKwVermerk,
    SetPlanningYears,
    SetStatuteValue,
    SetTaxRate,
    Signatory,
    StatuteField,
    Submitter,
    SubmitterKind,
    SwapPost,
    UnitField,
    UpdatePlan,
    UpdateUnit,
    Vote,
)
from nkf.model.finance import (
    BudgetBlock,
    BudgetStatute,
    Commitment,
    Investment,
    Post,
    PostStatus,
    TaxKind,
    TaxRates,
    YearAmount,
)
from nkf.model.goals import FigureKind, FigureValue, Goal, KeyFigure, KeyFigureType, Scalar
from nkf.model.lines import Column, PlanKind, PlanLine, ValueKind, standard_columns
from nkf.model.plan import BudgetPlan, Municipality, PlanStatus
from nkf.model.targets import ColumnValue, Target
from nkf.model.units import BindingDegree, BudgetArea, Product, ProductGroup
from nkf.money import CENT, quantize

if TYPE_CHECKING:
    from collections.abc import Callable, Hashable, Mapping, Sequence

    from nkf.frameworks import LineSchema

__all__ = [
    "MAX_AMOUNT",
    "MAX_YEAR",
    "MIN_YEAR",
    "add_areas",
    "add_goals",
    "add_groups",
    "add_investments",
    "add_key_figures",
    "add_lines",
    "add_products",
    "add_statutes",
    "amendment_ids",
    "amendments",
    "amount_changes",
    "amounts",
    "area_codes",
    "block_amounts",
    "block_posts",
    "budget_areas",
    "budget_blocks",
    "budget_plans",
    "budget_statutes",
    "budget_years",
    "changes",
    "column_layouts",
    "column_values",
    "columns",
    "conditions",
    "copy_goals",
    "coverages",
    "create_posts",
    "dates",
    "delete_posts",
    "edit_goals",
    "figure_values",
    "global_reductions",
    "goals",
    "group_codes",
    "investment_ids",
    "investments",
    "key_figures",
    "move_amounts",
    "municipalities",
    "paragraphs",
    "percent_changes",
    "plan_lines",
    "post_ids",
    "posts",
    "product_codes",
    "product_groups",
    "products",
    "raw_plan_lines",
    "refs",
    "release_blocks",
    "remove_areas",
    "remove_goals",
    "remove_groups",
    "remove_investments",
    "remove_key_figures",
    "remove_lines",
    "remove_products",
    "remove_statutes",
    "rename_key_figures",
    "requests",
    "scalars",
    "set_balance_years",
    "set_investment_amounts",
    "set_key_figure_values",
    "set_kw_vermerke",
    "set_planning_years",
    "set_statute_values",
    "set_tax_rates",
    "swap_posts",
    "targets",
    "tax_rates",
    "texts",
    "unit_codes",
    "update_plans",
    "update_units",
    "whole_euros",
    "years",
]

T = TypeVar("T")

MAX_AMOUNT: Final = 10**11
"""Amounts lie within ±10^11 € (a hundred billion; Köln's budget is about 5·10^9 €)."""
MIN_YEAR: Final = 2000
"""The first year drawn (the NKF started in 2005; a few model plans are older)."""
MAX_YEAR: Final = 2040
"""The last year drawn."""

_DEFAULT_FRAMEWORK: Final = "nrw_2019"
_ENTRY_LIMIT: Final = 10**9  # entry cells of consistent plans; sums stay within MAX_AMOUNT
_FIRST_DAY: Final = datetime.date(MIN_YEAR, 1, 1)
_LAST_DAY: Final = datetime.date(MAX_YEAR, 12, 31)

# ----------------------------------------------------------------------------- helpers


def _optional(strategy: SearchStrategy[T]) -> SearchStrategy[T | None]:
    """``None`` or a value of ``strategy`` (each about half of the time)."""
    return st.one_of(st.none(), strategy)


def _tuples(
    elements: SearchStrategy[T],
    *,
    min_size: int = 0,
    max_size: int = 3,
    unique_by: Callable[[T], Hashable] | None = None,
) -> SearchStrategy[tuple[T, ...]]:
    """Tuples of ``elements``, small by default; unique by ``unique_by`` if given."""
    lists = (
        st.lists(elements, min_size=min_size, max_size=max_size)
        if unique_by is None
        else st.lists(elements, min_size=min_size, max_size=max_size, unique_by=unique_by)
    )
    return lists.map(tuple)


def _from_cents(cents: int) -> Decimal:
    """``cents`` / 100 as a Decimal with exponent −2 (exact; an int has no negative zero)."""
    return Decimal(cents).scaleb(-2)


def _from_euros(euros: int) -> Decimal:
    """Whole euros as a Decimal with exponent −2 (``Decimal('12000.00')``)."""
    return Decimal(euros * 100).scaleb(-2)


def _cents(value: Decimal) -> Decimal:
    """Quantize to cents (ROUND_HALF_UP), never a negative zero (style.md rule 5)."""
    return quantize(value, CENT)


def _no_negative_zero(value: Decimal) -> Decimal:
    return value.copy_abs() if value.is_zero() else value


def _decimals(low: Decimal | int, high: Decimal | int, places: int) -> SearchStrategy[Decimal]:
    """Finite decimals in ``[low, high]`` with exactly ``places`` decimal places."""
    return st.decimals(
        min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False
    ).map(_no_negative_zero)


def _from_regex(pattern: str) -> SearchStrategy[str]:
    return st.from_regex(pattern, fullmatch=True)


# ----------------------------------------------------------------------------- scalars


def amounts(
    min_value: Decimal | int = -MAX_AMOUNT, max_value: Decimal | int = MAX_AMOUNT
) -> SearchStrategy[Decimal]:
    """Amounts in euros with exactly two decimal places (``Decimal('1234.50')``).

    Finite, within ``[min_value, max_value]`` (default ±10^11), never a negative zero.
    """
    low = int((Decimal(min_value) * 100).to_integral_value(rounding=ROUND_CEILING))
    high = int((Decimal(max_value) * 100).to_integral_value(rounding=ROUND_FLOOR))
    return st.integers(min_value=low, max_value=high).map(_from_cents)


def whole_euros(
    min_value: int = -MAX_AMOUNT, max_value: int = MAX_AMOUNT
) -> SearchStrategy[Decimal]:
    """Whole-euro amounts as printed in Ansatz columns (``Decimal('12000')``, exponent 0)."""
    return st.integers(min_value=min_value, max_value=max_value).map(Decimal)


def years(min_value: int = MIN_YEAR, max_value: int = MAX_YEAR) -> SearchStrategy[int]:
    """Years, 2000–2040 by default."""
    return st.integers(min_value=min_value, max_value=max_value)


_all_years: Final = years  # for functions whose ``years`` parameter hides the function


def budget_years() -> SearchStrategy[tuple[int, ...]]:
    """The budget year(s) of a plan: one year, or two consecutive ones (Doppelhaushalt).

    The years leave room for the columns of :func:`~nkf.model.lines.standard_columns`
    (Ergebnis two years before, Planung three years after) within 2000–2040.
    """
    return st.builds(
        lambda first, double: (first, first + 1) if double else (first,),
        st.integers(min_value=MIN_YEAR + 2, max_value=MAX_YEAR - 4),
        st.booleans(),
    )


def dates() -> SearchStrategy[datetime.date]:
    """Dates from 1 Jan 2000 to 31 Dec 2040."""
    return st.dates(min_value=_FIRST_DAY, max_value=_LAST_DAY)


_LETTERS: Final = "abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜẞ"
_DIGITS: Final = "0123456789"
_PUNCTUATION: Final = ".,;:!?-–—/()[]§%€&'\"„“‚‘»«+*=#@<>"
_WORDS: Final = (
    "Zuschuss",
    "Quartierstreff",
    "Cremers Weiden",
    "Förderung",
    "Straßenbau",
    "Kindertagesstätte",
    "Übergangswohnheim",
    "Jugendzentrum",
    "Maßnahme",
    "Ansatz",
    "Erhöhung",
    "Kürzung",
    "Bürgerbüro",
    "Feuerwehr",
    "Grünflächen",
    "Sanierung",
    "Beratung von Senioren",
    "§ 76 GO NRW",
    "1.234,56 €",
    "30.06.2021",
    "z. B.",
    "Fertigstellung",
)
_WORD: Final = st.one_of(
    st.sampled_from(_WORDS),
    st.text(alphabet=_LETTERS + _DIGITS + _PUNCTUATION, min_size=1, max_size=12),
    # Letters, numbers, punctuation and symbols of all of Unicode. None of these categories
    # holds a control character, a space, a mark, a surrogate or a non-character, so every
    # character is printable and allowed in XML 1.0.
    st.text(
        alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S")),
        min_size=1,
        max_size=12,
    ),
)


def texts(*, max_words: int = 6) -> SearchStrategy[str]:
    r"""Non-empty, single-line, printable German-ish text (names, titles, bodies).

    Words of German letters, digits, punctuation (including ``<&>"'``) and any printable
    Unicode letter, number, punctuation or symbol, separated by single spaces: no control
    characters, no ``\r``, nothing XML 1.0 forbids, no leading or trailing whitespace.
    """
    return st.lists(_WORD, min_size=1, max_size=max_words).map(" ".join)


def paragraphs(*, max_lines: int = 3) -> SearchStrategy[str]:
    r"""Multi-line text (Begründung, notes): lines of :func:`texts` joined by ``\n``."""
    return st.lists(texts(), min_size=1, max_size=max_lines).map("\n".join)


# ----------------------------------------------------------------------------- codes and ids

_AREA_CODES: Final = tuple(sorted(NRW_AREAS))


def area_codes() -> SearchStrategy[str]:
    """Codes of the NRW Produktbereiche ``"01"`` … ``"17"``."""
    return st.sampled_from(_AREA_CODES)


_TWO_DIGITS: Final = st.integers(min_value=1, max_value=99).map("{:02d}".format)


def group_codes(area_code: str | None = None) -> SearchStrategy[str]:
    """Local Produktgruppen: an area code and two digits (``"0501"``)."""
    area = area_codes() if area_code is None else st.just(area_code)
    return st.builds(str.__add__, area, _TWO_DIGITS)


def product_codes(group_code: str | None = None) -> SearchStrategy[str]:
    """Products: a group code and two digits (``"050101"``)."""
    group = group_codes() if group_code is None else st.just(group_code)
    return st.builds(str.__add__, group, _TWO_DIGITS)


def unit_codes() -> SearchStrategy[str]:
    """A code of any level: area, group or product."""
    return st.one_of(area_codes(), group_codes(), product_codes())


def investment_ids() -> SearchStrategy[str]:
    """Ids of investment measures (``IV24AIB006``, ``AIB00001``)."""
    return _from_regex(r"IV[0-9]{2}[A-Z]{3}[0-9]{3}|AIB[0-9]{5}")


def post_ids() -> SearchStrategy[str]:
    """Ids of posts of the Stellenplan (``S-0501-07``)."""
    return _from_regex(r"S-[0-9]{4}-[0-9]{2,3}")


def _block_ids() -> SearchStrategy[str]:
    return _from_regex(r"SV-[0-9]{1,4}")


def amendment_ids() -> SearchStrategy[str]:
    """Ids of amendments (``spd-2021-quartierstreff``); no whitespace."""
    return _from_regex(r"[a-z]{2,6}-20[0-4][0-9]-[a-z0-9]{1,12}")


def refs() -> SearchStrategy[str]:
    """Local refs of changes inside an amendment (``a1``), used by Deckung links."""
    return _from_regex(r"[a-z][a-z0-9]{0,5}")


def _drucksachen() -> SearchStrategy[str]:
    return _from_regex(r"[0-9]{1,4}/20[0-4][0-9]|V/20[0-4][0-9]/[0-9]{4}")


def _accounts() -> SearchStrategy[str]:
    return _from_regex(r"[0-9]{6,7}")


def _cost_centres() -> SearchStrategy[str]:
    return _from_regex(r"[0-9]{4,8}")


_BODIES: Final = (
    "Rat",
    "Hauptausschuss",
    "Haupt- und Finanzausschuss",
    "Ausschuss für Soziales, Senioren und Gesundheit",
    "Bezirksvertretung 1",
    "Integrationsrat",
    "Jugendhilfeausschuss",
    "Verwaltung",
)


def _bodies() -> SearchStrategy[str]:
    return st.one_of(st.sampled_from(_BODIES), texts(max_words=4))


# ----------------------------------------------------------------------------- columns and lines


def columns() -> SearchStrategy[Column]:
    """Any column: a year and a value kind."""
    return st.builds(Column, year=years(), kind=st.sampled_from(ValueKind))


def column_values() -> SearchStrategy[ColumnValue]:
    """An amount in a column."""
    return st.builds(ColumnValue, column=columns(), amount=amounts())


def column_layouts(
    budget_years: tuple[int, ...] | None = None, *, finance: bool | None = None
) -> SearchStrategy[tuple[Column, ...]]:
    """The standard columns of a plan (:func:`~nkf.model.lines.standard_columns`).

    ``budget_years`` None draws them (:func:`budget_years`); ``finance`` adds the VE
    columns of the Finanzplan (None: sometimes).
    """
    years_ = _budget_years_strategy(budget_years)
    finances = st.booleans() if finance is None else st.just(finance)
    return st.builds(lambda y, f: standard_columns(y, finance=f), years_, finances)


def _budget_years_strategy(given: tuple[int, ...] | None) -> SearchStrategy[tuple[int, ...]]:
    return budget_years() if given is None else st.just(tuple(given))


def _schema(framework: str, plan: PlanKind) -> LineSchema:
    schema = frameworks.get(framework).schema(plan)
    if schema is None:
        msg = f"the framework {framework!r} has no line schema for the {plan.label}"
        raise ValueError(msg)
    return schema


_ENTRY_CENTS: Final = st.integers(min_value=-_ENTRY_LIMIT * 100, max_value=_ENTRY_LIMIT * 100).map(
    _from_cents
)
_ENTRY_EUROS: Final = st.integers(min_value=-_ENTRY_LIMIT, max_value=_ENTRY_LIMIT).map(_from_euros)


def _complete_lines(
    schema: LineSchema,
    layout: tuple[Column, ...],
    entries: Mapping[int, Sequence[Decimal]],
    *,
    every_entry: bool,
) -> tuple[PlanLine, ...]:
    """The lines of ``schema`` with ``entries`` and every computed line per its formula.

    Missing lines count as zero. Entry lines not in ``entries`` are left out, or written
    as zeros if ``every_entry``.
    """
    width = len(layout)
    zero = (Decimal("0.00"),) * width
    definitions = {d.number: d for d in schema.lines}
    values: dict[int, tuple[Decimal, ...]] = {}

    def value(number: int, pending: frozenset[int]) -> tuple[Decimal, ...]:
        if number in values:
            return values[number]
        definition = definitions.get(number)
        if definition is None or not definition.is_computed:
            result = tuple(entries.get(number, zero))
        else:
            if number in pending:
                msg = f"the formula of line {number} of the {schema.plan.label} is circular"
                raise ValueError(msg)
            acc = [Decimal("0.00")] * width
            for term in definition.formula:
                operand = value(term.line, pending | {number})
                acc = [a + v if term.sign > 0 else a - v for a, v in zip(acc, operand, strict=True)]
            # Sums of cents are exact; only a zero may need its sign dropped.
            result = tuple(_no_negative_zero(a) for a in acc)
        values[number] = result
        return result

    return tuple(
        PlanLine(
            plan=schema.plan,
            number=d.number,
            columns=layout,
            values=value(d.number, frozenset()),
        )
        for d in schema.lines
        if d.is_computed or every_entry or d.number in entries
    )


@functools.cache
def _line_entries(
    schema: LineSchema, kinds: tuple[ValueKind, ...]
) -> SearchStrategy[dict[int, tuple[Decimal, ...]]]:
    """Values of entry lines for columns of ``kinds``, by line number.

    Teilpläne leave out entry lines at random (a missing line is zero); Gesamtpläne hold every
    entry line of the schema. Built once per schema and column kinds, not per year.
    """
    entry_numbers = [d.number for d in schema.lines if not d.is_computed]
    cells = st.tuples(*(_ENTRY_CENTS if k is ValueKind.ERGEBNIS else _ENTRY_EUROS for k in kinds))
    subsets = st.lists(st.sampled_from(entry_numbers), unique=True)

    def build(draw: st.DrawFn) -> dict[int, tuple[Decimal, ...]]:
        chosen = sorted(draw(subsets)) if schema.plan.is_part else entry_numbers
        return {n: draw(cells) for n in chosen}

    return st.composite(build)()


def _consistent_lines(
    schema: LineSchema, layout: tuple[Column, ...]
) -> SearchStrategy[tuple[PlanLine, ...]]:
    """Entry lines drawn, computed lines per formula, in schema order."""
    every_entry = not schema.plan.is_part
    return _line_entries(schema, tuple(c.kind for c in layout)).map(
        lambda entries: _complete_lines(schema, layout, entries, every_entry=every_entry)
    )


def plan_lines(
    plan_kind: PlanKind,
    columns: tuple[Column, ...] | None = None,
    *,
    framework: str = _DEFAULT_FRAMEWORK,
) -> SearchStrategy[tuple[PlanLine, ...]]:
    """The lines of one plan whose sum and balance lines equal their formulas.

    Entry lines are drawn (cents in Ergebnis columns, whole euros elsewhere, within
    ±10^9), computed lines follow from the framework's line schema, in schema order. A
    Teilplan leaves out entry lines at random (missing means zero, domain.md § 2.3); a
    Gesamtplan holds every line. No cell is empty. ``columns`` None draws the standard
    layout (with VE columns for the Finanzpläne).
    """
    schema = _schema(framework, plan_kind)
    layouts = (
        column_layouts(finance=not plan_kind.is_result) if columns is None else st.just(columns)
    )
    return layouts.flatmap(lambda layout: _consistent_lines(schema, layout))


_RAW_CELLS: Final[SearchStrategy[Decimal | None]] = st.one_of(
    st.none(),
    amounts(),
    whole_euros(),
    _decimals(-(10**12), 10**12, places=4),
)
_RAW_LAYOUTS: Final = st.one_of(
    column_layouts(), _tuples(columns(), min_size=1, max_size=7, unique_by=lambda c: c)
)
_LINE_NUMBERS: Final = st.integers(min_value=1, max_value=99)


def raw_plan_lines(
    plan_kinds: Sequence[PlanKind] | None = None,
    columns: tuple[Column, ...] | None = None,
    *,
    max_lines: int = 6,
) -> SearchStrategy[tuple[PlanLine, ...]]:
    """Lines for serializer tests: empty cells, arbitrary values, no formulas.

    For each of ``plan_kinds`` (default: all four) up to ``max_lines`` lines with unique
    numbers (1–99, in drawn order), all in one column layout per plan kind (``columns``, or
    drawn: standard, or any unique columns in any order). Values are cents, whole euros,
    four-place decimals up to ±10^12, or ``None``.
    """
    kinds = tuple(PlanKind) if plan_kinds is None else tuple(plan_kinds)
    layouts = _RAW_LAYOUTS if columns is None else st.just(columns)
    numbers = st.lists(_LINE_NUMBERS, unique=True, max_size=max_lines)

    def build(draw: st.DrawFn) -> tuple[PlanLine, ...]:
        lines: list[PlanLine] = []
        for kind in kinds:
            layout = draw(layouts)
            lines.extend(
                PlanLine(
                    plan=kind,
                    number=n,
                    columns=layout,
                    values=tuple(draw(_RAW_CELLS) for _ in layout),
                )
                for n in draw(numbers)
            )
        return tuple(lines)

    return st.composite(build)()


# ----------------------------------------------------------------------------- goals, key figures


def scalars(figure_type: KeyFigureType) -> SearchStrategy[Scalar]:
    """Values that ``figure_type`` accepts.

    Dates for DATE, booleans for YES_NO, otherwise decimals: whole and ≥ 0 for COUNT,
    0–200 with two places for PERCENT, amounts for MONEY, 0–1000 with four places for
    RATIO, ±10^9 with three places for NUMBER.
    """
    if figure_type is KeyFigureType.DATE:
        return dates()
    if figure_type is KeyFigureType.YES_NO:
        return st.booleans()
    if figure_type is KeyFigureType.COUNT:
        return st.integers(min_value=0, max_value=10**6).map(Decimal)
    if figure_type is KeyFigureType.PERCENT:
        return _decimals(0, 200, places=2)
    if figure_type is KeyFigureType.MONEY:
        return amounts()
    if figure_type is KeyFigureType.RATIO:
        return _decimals(0, 1000, places=4)
    return _decimals(-(10**9), 10**9, places=3)


def figure_values(
    figure_type: KeyFigureType, *, years: SearchStrategy[int] | None = None
) -> SearchStrategy[FigureValue]:
    """A value of a key figure of ``figure_type`` for a year (``years``, default 2000–2040).

    A date (milestone) lies in the value's year.
    """
    years_ = _all_years() if years is None else years
    if figure_type is KeyFigureType.DATE:
        return st.builds(
            lambda year, kind, day: FigureValue(
                year=year, kind=kind, value=datetime.date(year, 1, 1) + datetime.timedelta(day)
            ),
            years_,
            st.sampled_from(FigureKind),
            st.integers(min_value=0, max_value=364),
        )
    return st.builds(
        FigureValue, year=years_, kind=st.sampled_from(FigureKind), value=scalars(figure_type)
    )


_UNITS: Final = ("€", "%", "Anz.", "VZÄ", "m²", "Tage", "Euro je Einwohner/in")


def key_figures(
    figure_type: KeyFigureType | None = None, *, years: SearchStrategy[int] | None = None
) -> SearchStrategy[KeyFigure]:
    """Key figures whose baseline and values match their type (one value per year and kind).

    ``figure_type`` None draws the type; ``years`` bounds the years of the values.
    """
    if figure_type is None:
        return st.one_of([key_figures(t, years=years) for t in KeyFigureType])
    values = figure_values(figure_type, years=years)
    return st.builds(
        KeyFigure,
        name=texts(max_words=4),
        type=st.just(figure_type),
        unit=_optional(st.one_of(st.sampled_from(_UNITS), texts(max_words=2))),
        baseline=_optional(values),
        values=_tuples(values, max_size=3, unique_by=lambda v: (v.year, v.kind)),
        description=_optional(texts()),
    )


def _goal_key(goal: Goal) -> str:
    return " ".join(goal.text.split()).casefold()


def goals(
    *,
    years: SearchStrategy[int] | None = None,
    min_key_figures: int = 0,
    max_key_figures: int = 2,
) -> SearchStrategy[Goal]:
    """Goals (Produktziele) with key figures whose names are unique within the goal."""
    return st.builds(
        Goal,
        text=texts(),
        key_figures=_tuples(
            key_figures(years=years),
            min_size=min_key_figures,
            max_size=max(max_key_figures, min_key_figures),
            unique_by=lambda k: k.name,
        ),
        title=_optional(texts(max_words=4)),
    )


# ----------------------------------------------------------------------------- units


@attrs.frozen(kw_only=True)
class _Layout:
    """What the units of one plan share: years, columns, framework, consistency."""

    years: tuple[int, ...]
    finance: bool
    consistent: bool
    framework: str

    @property
    def result_columns(self) -> tuple[Column, ...]:
        return standard_columns(self.years)

    @property
    def finance_columns(self) -> tuple[Column, ...]:
        return standard_columns(self.years, finance=True)

    @property
    def first_column_year(self) -> int:
        return self.years[0] - 2

    @property
    def shape(self) -> _Layout:
        """The layout without its years: what the strategies of a :class:`_Kit` depend on."""
        return attrs.evolve(self, years=tuple(range(len(self.years))))


def _layouts(
    budget_years_: tuple[int, ...] | None, *, consistent: bool, framework: str
) -> SearchStrategy[_Layout]:
    if budget_years_ is None and consistent:
        # A consistent plan lies within its framework's validity (nrw_2019: from 2019 on).
        first = max(MIN_YEAR + 2, int(frameworks.get(framework).valid_from[:4]))
        years_: SearchStrategy[tuple[int, ...]] = st.builds(
            lambda y, double: (y, y + 1) if double else (y,),
            st.integers(min_value=first, max_value=MAX_YEAR - 4),
            st.booleans(),
        )
    else:
        years_ = _budget_years_strategy(budget_years_)
    return st.builds(
        _Layout,
        years=years_,
        finance=st.booleans(),
        consistent=st.just(consistent),
        framework=st.just(framework),
    )


@attrs.frozen(kw_only=True)
class _Kit:
    """The strategies for the units of one layout shape, built once per shape.

    Hypothesis validates every new strategy object on its first draw; building them once
    per shape (not per unit, nor per year) makes plans several times faster. In consistent
    kits key-figure years start in 2000 and are moved to the plan's columns when drawn
    (:func:`_draw_fields`).
    """

    shape: _Layout
    names: SearchStrategy[str]
    fields: SearchStrategy[dict[str, Any]]
    upper_lines: SearchStrategy[tuple[PlanLine, ...]]  # of groups and areas
    raw_lines: SearchStrategy[tuple[PlanLine, ...]]  # of products in raw plans


@functools.cache
def _kit(shape: _Layout) -> _Kit:
    if shape.consistent:
        span = len(shape.years) + 4  # Ergebnis, Ansatz, budget year(s), three Planung
        figure_years = years(MIN_YEAR, MIN_YEAR + span)  # moved by _draw_fields
        # Consistent plans budget at product level only, so that the Gesamtplan is the
        # sum of the products' Teilpläne.
        upper_lines: SearchStrategy[tuple[PlanLine, ...]] = st.just(())
    else:
        figure_years = years()
        upper_lines = st.one_of(
            st.just(()),
            raw_plan_lines((PlanKind.TEILERGEBNISPLAN, PlanKind.TEILFINANZPLAN), max_lines=2),
        )
    goal_tuples = _tuples(
        goals(years=figure_years, min_key_figures=1 if shape.consistent else 0, max_key_figures=1),
        max_size=2,
        unique_by=_goal_key,
    )
    fields = st.fixed_dictionaries(
        {
            "description": _optional(paragraphs(max_lines=2)),
            "committee": _optional(_bodies()),
            "responsible": _optional(texts(max_words=3)),
            "binding": _optional(st.sampled_from(BindingDegree)),
            "recipients": _optional(texts(max_words=4)),
            "goals": goal_tuples,
            "key_figures": _tuples(key_figures(years=figure_years), max_size=1),
        }
    )
    return _Kit(
        shape=shape,
        names=texts(max_words=4),
        fields=fields,
        upper_lines=upper_lines,
        raw_lines=st.one_of(
            st.just(()), raw_plan_lines((PlanKind.TEILERGEBNISPLAN, PlanKind.TEILFINANZPLAN))
        ),
    )


def _shift_figure(kf: KeyFigure, offset: int) -> KeyFigure:
    def move(v: FigureValue) -> FigureValue:
        value = _moved_date(v.value, offset) if isinstance(v.value, datetime.date) else v.value
        return attrs.evolve(v, year=v.year + offset, value=value)

    return attrs.evolve(
        kf,
        values=tuple(move(v) for v in kf.values),
        baseline=None if kf.baseline is None else move(kf.baseline),
    )


def _draw_fields(draw: st.DrawFn, kit: _Kit, layout: _Layout) -> dict[str, Any]:
    """The common unit fields; in consistent plans key-figure years move into the columns."""
    fields = draw(kit.fields)
    if layout.consistent:
        offset = layout.first_column_year - MIN_YEAR
        fields["key_figures"] = tuple(_shift_figure(k, offset) for k in fields["key_figures"])
        fields["goals"] = tuple(
            attrs.evolve(g, key_figures=tuple(_shift_figure(k, offset) for k in g.key_figures))
            for g in fields["goals"]
        )
    return fields


def _draw_product_lines(draw: st.DrawFn, kit: _Kit, layout: _Layout) -> tuple[PlanLine, ...]:
    if not layout.consistent:
        return draw(kit.raw_lines)
    result = _consistent_lines(
        _schema(layout.framework, PlanKind.TEILERGEBNISPLAN), layout.result_columns
    )
    lines = draw(result)
    if layout.finance:
        finance = _consistent_lines(
            _schema(layout.framework, PlanKind.TEILFINANZPLAN), layout.finance_columns
        )
        lines += draw(finance)
    return lines


@functools.cache
def _suffix_lists(min_size: int, max_size: int) -> SearchStrategy[list[str]]:
    """Unique two-digit suffixes ``01`` … ``99`` for the codes of children."""
    return st.lists(_TWO_DIGITS, min_size=min_size, max_size=max_size, unique=True)


@functools.cache
def _area_lists(min_size: int, max_size: int) -> SearchStrategy[list[str]]:
    return st.lists(area_codes(), min_size=min_size, max_size=max_size, unique=True)


@functools.cache
def _area_names(code: str, framework: str) -> SearchStrategy[str]:
    """The framework's name of the area or one of its aliases."""
    definition = frameworks.get(framework).area(code)
    if definition is None:
        return texts(max_words=4)
    return st.sampled_from((definition.name, *definition.aliases))


def _draw_product(draw: st.DrawFn, code: str, layout: _Layout) -> Product:
    kit = _kit(layout.shape)
    return Product(
        code=code,
        name=draw(kit.names),
        lines=_draw_product_lines(draw, kit, layout),
        **_draw_fields(draw, kit, layout),
    )


def _draw_group(draw: st.DrawFn, code: str, layout: _Layout, max_products: int) -> ProductGroup:
    kit = _kit(layout.shape)
    minimum = 1 if layout.consistent else 0
    suffixes = sorted(draw(_suffix_lists(minimum, max(minimum, max_products))))
    return ProductGroup(
        code=code,
        name=draw(kit.names),
        products=tuple(_draw_product(draw, code + s, layout) for s in suffixes),
        lines=draw(kit.upper_lines),
        **_draw_fields(draw, kit, layout),
    )


def _draw_area(
    draw: st.DrawFn, code: str, layout: _Layout, max_groups: int, max_products: int
) -> BudgetArea:
    kit = _kit(layout.shape)
    minimum = 1 if layout.consistent else 0
    suffixes = sorted(draw(_suffix_lists(minimum, max(minimum, max_groups))))
    names = _area_names(code, layout.framework) if layout.consistent else kit.names
    return BudgetArea(
        code=code,
        name=draw(names),
        groups=tuple(_draw_group(draw, code + s, layout, max_products) for s in suffixes),
        lines=draw(kit.upper_lines),
        **_draw_fields(draw, kit, layout),
    )


def products(
    group_code: str | None = None,
    *,
    budget_years: tuple[int, ...] | None = None,
    consistent: bool = True,
    framework: str = _DEFAULT_FRAMEWORK,
) -> SearchStrategy[Product]:
    """Products under ``group_code`` (drawn if None) with goals, key figures and lines.

    ``consistent`` products carry a Teilergebnisplan (and sometimes a Teilfinanzplan) in
    the standard layout of ``budget_years`` (drawn if None) whose computed lines equal
    their formulas in ``framework``, and key-figure values for the years of the columns;
    otherwise the lines are :func:`raw_plan_lines` and the years arbitrary.
    """
    codes = product_codes(group_code)
    layouts = _layouts(budget_years, consistent=consistent, framework=framework)

    def build(draw: st.DrawFn) -> Product:
        return _draw_product(draw, draw(codes), draw(layouts))

    return st.composite(build)()


def product_groups(
    area_code: str | None = None,
    *,
    budget_years: tuple[int, ...] | None = None,
    consistent: bool = True,
    max_products: int = 2,
    framework: str = _DEFAULT_FRAMEWORK,
) -> SearchStrategy[ProductGroup]:
    """Product groups under ``area_code`` with up to ``max_products`` products.

    Product codes are unique and lie under the group; see :func:`products` for the rest.
    """
    codes = group_codes(area_code)
    layouts = _layouts(budget_years, consistent=consistent, framework=framework)

    def build(draw: st.DrawFn) -> ProductGroup:
        return _draw_group(draw, draw(codes), draw(layouts), max_products)

    return st.composite(build)()


def budget_areas(
    area_code: str | None = None,
    *,
    budget_years: tuple[int, ...] | None = None,
    consistent: bool = True,
    max_groups: int = 2,
    max_products: int = 2,
) -> SearchStrategy[BudgetArea]:
    """Produktbereiche (nrw_2019) with groups and products of unique, hierarchical codes.

    A consistent area bears the framework's name of its Produktbereich (or an alias).
    """
    codes = area_codes() if area_code is None else st.just(area_code)
    layouts = _layouts(budget_years, consistent=consistent, framework=_DEFAULT_FRAMEWORK)

    def build(draw: st.DrawFn) -> BudgetArea:
        return _draw_area(draw, draw(codes), draw(layouts), max_groups, max_products)

    return st.composite(build)()


# ----------------------------------------------------------------------------- finance


def _year_amounts(
    years_: SearchStrategy[int], values: SearchStrategy[Decimal]
) -> SearchStrategy[tuple[YearAmount, ...]]:
    """Amounts per year, one per year, in year order."""
    return _tuples(
        st.builds(YearAmount, year=years_, amount=values), max_size=4, unique_by=lambda y: y.year
    ).map(lambda t: tuple(sorted(t)))


@functools.cache
def _charges(year: int) -> SearchStrategy[tuple[YearAmount, ...]]:
    """What a VE granted in ``year`` charges in the three following years (whole euros)."""
    return _year_amounts(
        years(year + 1, year + 3), st.integers(min_value=1, max_value=10**7).map(_from_euros)
    )


def _commitments(
    years_: SearchStrategy[int], values: SearchStrategy[Decimal], *, consistent: bool
) -> SearchStrategy[Commitment]:
    if not consistent:
        return st.builds(
            Commitment,
            year=years_,
            amount=values,
            charges=_year_amounts(years(), values),
        )

    def build(draw: st.DrawFn) -> Commitment:
        year = draw(years_)
        charges = draw(_charges(year))
        total = _cents(sum((c.amount for c in charges), Decimal(0)))
        return Commitment(year=year, amount=total, charges=charges)

    return st.composite(build)()


def _product_refs(codes: Sequence[str] | None) -> SearchStrategy[str | None]:
    """None or one of ``codes`` (None: any product code; empty: always None)."""
    if codes is None:
        return _optional(product_codes())
    if not codes:
        return st.none()
    return _optional(st.sampled_from(tuple(codes)))


def investments(
    *,
    products: Sequence[str] | None = None,
    budget_years: tuple[int, ...] | None = None,
) -> SearchStrategy[Investment]:
    """Investment measures.

    With ``budget_years`` the measure is consistent with a plan of those years: payments
    and receipts are non-negative and fall in the budget and planning years, each VE is
    granted in a budget year and charges the following years with exactly its amount, and
    the total cost is at least what was provided before plus the payments. ``products``
    are the codes the measure may belong to (None: any product code).
    """
    product = _product_refs(products)
    if budget_years is None:
        return st.builds(
            Investment,
            id=investment_ids(),
            name=texts(max_words=5),
            product=product,
            payments=_year_amounts(years(), amounts()),
            receipts=_year_amounts(years(), amounts()),
            commitments=_tuples(
                _commitments(years(), amounts(), consistent=False),
                max_size=2,
                unique_by=lambda c: c.year,
            ),
            total_cost=_optional(amounts()),
            provided_before=_optional(amounts()),
            description=_optional(paragraphs()),
        )
    plan_years = years(budget_years[0], budget_years[-1] + 3)
    money = st.integers(min_value=0, max_value=10**8).map(_from_euros)
    flows = _year_amounts(plan_years, money)
    optional_money = _optional(money)
    ids = investment_ids()
    names = texts(max_words=5)
    commitments = _tuples(
        _commitments(st.sampled_from(budget_years), money, consistent=True),
        max_size=2,
        unique_by=lambda c: c.year,
    ).map(lambda t: tuple(sorted(t, key=lambda c: c.year)))
    descriptions = _optional(paragraphs())

    def build(draw: st.DrawFn) -> Investment:
        payments = draw(flows)
        before = draw(optional_money)
        total = draw(optional_money)
        if total is not None:
            total = _cents(total + (before or 0) + sum(p.amount for p in payments))
        return Investment(
            id=draw(ids),
            name=draw(names),
            product=draw(product),
            payments=payments,
            receipts=draw(flows),
            commitments=draw(commitments),
            total_cost=total,
            provided_before=before,
            description=draw(descriptions),
        )

    return st.composite(build)()


_PAY_GRADES: Final = ("EG 8", "EG 9b", "EG 11", "EG 15Ü", "A 11", "A 13", "S 12", "B 2")


def posts(
    *,
    products: Sequence[str] | None = None,
    budget_years: tuple[int, ...] | None = None,
) -> SearchStrategy[Post]:
    """Posts of the Stellenplan, 0.01–2.00 VZÄ with two places.

    With ``budget_years`` a kw-Vermerk and a time limit fall in the first budget year or
    the four years after; ``products`` are the codes a post may belong to (None: any
    product code).
    """
    product = _product_refs(products)
    if budget_years is None:
        kw_years = years()
        limits = dates()
    else:
        first = budget_years[0]
        kw_years = years(first, min(first + 4, MAX_YEAR))
        limits = st.dates(
            min_value=datetime.date(first, 1, 1),
            max_value=datetime.date(min(first + 4, MAX_YEAR), 12, 31),
        )
    return st.builds(
        Post,
        id=post_ids(),
        title=texts(max_words=5),
        fte=_decimals(Decimal("0.01"), Decimal("2.00"), places=2),
        pay_grade=_optional(st.sampled_from(_PAY_GRADES)),
        org_unit=_optional(texts(max_words=3)),
        product=product,
        kw_year=_optional(kw_years),
        limited_until=_optional(limits),
        status=st.sampled_from(PostStatus),
    )


def _rates(low: int, high: int) -> SearchStrategy[Decimal]:
    return st.integers(min_value=low, max_value=high).map(Decimal)


def tax_rates(year: int | None = None) -> SearchStrategy[TaxRates]:
    """Hebesätze in percent.

    With ``year`` the rates are plausible for that year: Grundsteuer A and B and
    Gewerbesteuer (at least 200 %) are set; from 2025 on Grundsteuer B may instead be
    differentiated into Wohnen and Nichtwohnen. Without ``year`` every rate is optional.
    """
    if year is None:
        return st.builds(
            TaxRates,
            grundsteuer_a=_optional(_rates(0, 2000)),
            grundsteuer_b=_optional(_rates(0, 2000)),
            grundsteuer_b_wohnen=_optional(_rates(0, 2000)),
            grundsteuer_b_nichtwohnen=_optional(_rates(0, 2000)),
            gewerbesteuer=_optional(_rates(0, 2000)),
        )
    single = st.builds(
        TaxRates,
        grundsteuer_a=_rates(100, 900),
        grundsteuer_b=_rates(100, 1200),
        gewerbesteuer=_rates(200, 600),
    )
    if year < 2025:
        return single
    differentiated = st.builds(
        TaxRates,
        grundsteuer_a=_rates(100, 900),
        grundsteuer_b_wohnen=_rates(100, 1200),
        grundsteuer_b_nichtwohnen=_rates(100, 2000),
        gewerbesteuer=_rates(200, 600),
    )
    return st.one_of(single, differentiated)


def budget_statutes(
    year: int | None = None, *, consistent: bool = False
) -> SearchStrategy[BudgetStatute]:
    """Haushaltssatzungen.

    ``consistent`` statutes (for ``year``) hold only plausible Hebesätze and leave the
    totals empty, so that no check of a total against the plan can fail; the others have
    every optional field sometimes set.
    """
    years_ = years() if year is None else st.just(year)
    if consistent:
        return years_.flatmap(
            lambda y: st.builds(BudgetStatute, year=st.just(y), tax_rates=tax_rates(y))
        )
    money = _optional(amounts(0, MAX_AMOUNT))
    return st.builds(
        BudgetStatute,
        year=years_,
        total_income=money,
        total_expenses=money,
        operating_receipts=money,
        operating_payments=money,
        investment_receipts=money,
        investment_payments=money,
        financing_receipts=money,
        financing_payments=money,
        investment_credits=money,
        commitment_total=money,
        equalisation_reserve_use=money,
        general_reserve_reduction=money,
        liquidity_credit_limit=money,
        tax_rates=tax_rates(),
        balance_restored_year=_optional(years()),
        equalisation_reserve_opening=money,
        general_reserve_opening=money,
    )


def budget_blocks() -> SearchStrategy[BudgetBlock]:
    """Sperrvermerke for serializer tests (targets and amounts arbitrary)."""
    return st.builds(
        BudgetBlock,
        id=_block_ids(),
        target=targets(),
        release_condition=paragraphs(),
        releasing_body=_bodies(),
        column=_optional(columns()),
        amount=_optional(amounts(0, MAX_AMOUNT)),
        released=amounts(0, MAX_AMOUNT),
    )


_RELEASE_CONDITIONS: Final = paragraphs(max_lines=2)
_RELEASING_BODIES: Final = _bodies()


def _is_computed(schema: LineSchema | None, number: int) -> bool:
    definition = None if schema is None else schema.line(number)
    return definition is not None and definition.is_computed


def _consistent_blocks(
    units: Sequence[Product], investment_ids_: Sequence[str], layout: _Layout
) -> SearchStrategy[tuple[BudgetBlock, ...]]:
    """Blocks on positive Ansätze of entry lines in the budget years, or on whole measures.

    A partial block is at most the Ansatz, what is released at most what is blocked.
    """
    catalog = frameworks.get(layout.framework)
    ansatz = {Column(year=y, kind=ValueKind.ANSATZ) for y in layout.years}
    cells = [
        (p.code, line, column, value)
        for p in units
        for line in p.lines
        if not _is_computed(catalog.schema(line.plan), line.number)
        for column, value in zip(line.columns, line.values, strict=True)
        if column in ansatz and value is not None and value > 0
    ]

    def line_block(draw: st.DrawFn, index: int) -> BudgetBlock:
        code, line, column, value = draw(st.sampled_from(cells))
        amount = draw(_optional(amounts(CENT, value)))
        released = draw(st.one_of(st.just(Decimal("0.00")), amounts(0, amount or value)))
        return BudgetBlock(
            id=f"SV-{index}",
            target=Target(unit=code, plan=line.plan, line=line.number),
            release_condition=draw(_RELEASE_CONDITIONS),
            releasing_body=draw(_RELEASING_BODIES),
            column=column,
            amount=amount,
            released=released,
        )

    def measure_block(draw: st.DrawFn, index: int) -> BudgetBlock:
        return BudgetBlock(
            id=f"SV-{index}",
            target=Target(investment=draw(st.sampled_from(tuple(investment_ids_)))),
            release_condition=draw(_RELEASE_CONDITIONS),
            releasing_body=draw(_RELEASING_BODIES),
        )

    makers: list[Callable[[st.DrawFn, int], BudgetBlock]] = []
    if cells:
        makers.append(line_block)
    if investment_ids_:
        makers.append(measure_block)

    def build(draw: st.DrawFn) -> tuple[BudgetBlock, ...]:
        if not makers:
            return ()
        count = draw(st.integers(min_value=0, max_value=2))
        return tuple(draw(st.sampled_from(makers))(draw, i) for i in range(1, count + 1))

    return st.composite(build)()


# ----------------------------------------------------------------------------- plans

_MUNICIPALITIES: Final = ("Leichlingen", "Ostbevern", "Münster", "Köln", "Haan", "Hörstel")


def municipalities() -> SearchStrategy[Municipality]:
    """Municipalities with an optional eight-digit NRW AGS (``05…``)."""
    return st.builds(
        Municipality,
        name=st.one_of(st.sampled_from(_MUNICIPALITIES), texts(max_words=3)),
        ags=_optional(_from_regex(r"05[0-9]{6}")),
    )


def _gesamt_lines(
    framework: str, layout: _Layout, parts: Sequence[Product]
) -> tuple[PlanLine, ...]:
    """The Gesamtpläne as the sums of the Teilpläne per the framework's aggregation.

    Entry lines that no Teilplan line maps to (globaler Minderaufwand, memo lines,
    Finanzierungstätigkeit …) are zero; computed lines follow their formulas.
    """
    catalog = frameworks.get(framework)
    targets_of: dict[tuple[PlanKind, int], list[tuple[PlanKind, int]]] = {}
    for part_kind, part_line, whole_kind, whole_line in catalog.aggregation:
        targets_of.setdefault((part_kind, part_line), []).append((whole_kind, whole_line))
    wholes = [(PlanKind.ERGEBNISPLAN, layout.result_columns)]
    if layout.finance:
        wholes.append((PlanKind.FINANZPLAN, layout.finance_columns))
    totals: dict[tuple[PlanKind, int], list[Decimal]] = {}
    for product in parts:
        for line in product.lines:
            for key in targets_of.get(line.key, ()):
                acc = totals.setdefault(key, [Decimal("0.00")] * len(line.values))
                for i, v in enumerate(line.values):
                    acc[i] += v if v is not None else 0
    lines: list[PlanLine] = []
    for kind, layout_columns in wholes:
        schema = _schema(framework, kind)
        entries = {
            d.number: totals[kind, d.number]
            for d in schema.lines
            if not d.is_computed and (kind, d.number) in totals
        }
        lines.extend(_complete_lines(schema, layout_columns, entries, every_entry=True))
    return tuple(lines)


@attrs.frozen(kw_only=True)
class _PlanKit:
    """The strategies for the plan-level fields of one layout, built once per layout."""

    municipalities: SearchStrategy[Municipality]
    statuses: SearchStrategy[PlanStatus]
    titles: SearchStrategy[str | None]
    notes: SearchStrategy[str | None]
    investments: SearchStrategy[tuple[Investment, ...]]
    posts: SearchStrategy[tuple[Post, ...]]
    statutes: SearchStrategy[tuple[BudgetStatute, ...]]
    planning_years: SearchStrategy[tuple[int, ...]]
    lines: SearchStrategy[tuple[PlanLine, ...]]
    blocks: SearchStrategy[tuple[BudgetBlock, ...]]


_BASE: Final = (MIN_YEAR, MIN_YEAR + 1)  # the years consistent plan kits are built for


@functools.cache
def _plan_kit(shape: _Layout) -> _PlanKit:
    if shape.consistent:
        # Built for budget years from 2000 on and moved to the plan's years when drawn
        # (_draw_plan); products are assigned when the plan's product codes are known.
        base = _BASE[: len(shape.years)]
        measures = _tuples(investments(products=(), budget_years=base), unique_by=lambda i: i.id)
        staff = _tuples(posts(products=(), budget_years=base), unique_by=lambda p: p.id)
        statutes: SearchStrategy[tuple[BudgetStatute, ...]] = st.just(())  # per year
        planning: SearchStrategy[tuple[int, ...]] = st.just(())  # the standard years
        lines: SearchStrategy[tuple[PlanLine, ...]] = st.just(())  # computed from the parts
        blocks: SearchStrategy[tuple[BudgetBlock, ...]] = st.just(())  # drawn from the parts
    else:
        measures = _tuples(investments(), unique_by=lambda i: i.id)
        staff = _tuples(posts(), unique_by=lambda p: p.id)
        statutes = _tuples(budget_statutes(), unique_by=lambda s: s.year)
        planning = _optional(_tuples(years(), min_size=1, max_size=4)).map(lambda t: t or ())
        lines = raw_plan_lines((PlanKind.ERGEBNISPLAN, PlanKind.FINANZPLAN))
        blocks = _tuples(budget_blocks(), unique_by=lambda b: b.id)
    return _PlanKit(
        municipalities=municipalities(),
        statuses=st.sampled_from(PlanStatus),
        titles=_optional(texts()),
        notes=_optional(paragraphs()),
        investments=measures,
        posts=staff,
        statutes=statutes,
        planning_years=planning,
        lines=lines,
        blocks=blocks,
    )


@functools.cache
def _consistent_statutes(year: int) -> SearchStrategy[BudgetStatute]:
    return budget_statutes(year, consistent=True)


def _moved_years(amounts_: tuple[YearAmount, ...], offset: int) -> tuple[YearAmount, ...]:
    return tuple(attrs.evolve(a, year=a.year + offset) for a in amounts_)


def _moved_investment(measure: Investment, offset: int, product: str | None) -> Investment:
    return attrs.evolve(
        measure,
        product=product,
        payments=_moved_years(measure.payments, offset),
        receipts=_moved_years(measure.receipts, offset),
        commitments=tuple(
            attrs.evolve(c, year=c.year + offset, charges=_moved_years(c.charges, offset))
            for c in measure.commitments
        ),
    )


def _moved_date(day: datetime.date, years_: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years_)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years_, day=28)


def _moved_post(post: Post, offset: int, product: str | None) -> Post:
    return attrs.evolve(
        post,
        product=product,
        kw_year=None if post.kw_year is None else post.kw_year + offset,
        limited_until=(
            None if post.limited_until is None else _moved_date(post.limited_until, offset)
        ),
    )


def _balanced(
    statutes: tuple[BudgetStatute, ...], lines: Sequence[PlanLine], framework: str
) -> tuple[BudgetStatute, ...]:
    """Cover each budget year's deficit by the Ausgleichsrücklage (§ 75 Abs. 2 Satz 3 GO NRW).

    The deficit is the negative Jahresergebnis (after the globaler Minderaufwand where the
    framework has it) in the year's Ansatz column; the statute's
    ``equalisation_reserve_use`` is set to exactly that, so the plan counts as balanced.
    """
    catalog = frameworks.get(framework)
    by_key = {line.key: line for line in lines}
    result = next(
        (
            by_key[key]
            for role in (LineRole.ANNUAL_RESULT_AFTER_GMA, LineRole.ANNUAL_RESULT)
            for key in catalog.lines_for(role)
            if key in by_key
        ),
        None,
    )
    if result is None:
        return statutes
    covered = []
    for statute in statutes:
        value = result.amount(Column(year=statute.year, kind=ValueKind.ANSATZ))
        use = -value if value < 0 else None
        covered.append(attrs.evolve(statute, equalisation_reserve_use=use))
    return tuple(covered)


def _draw_plan(
    draw: st.DrawFn, layout: _Layout, max_areas: int, max_groups: int, max_products: int
) -> BudgetPlan:
    plan_kit = _plan_kit(layout.shape)
    minimum = 1 if layout.consistent else 0
    area_codes_ = sorted(draw(_area_lists(minimum, max(minimum, max_areas))))
    areas = tuple(_draw_area(draw, c, layout, max_groups, max_products) for c in area_codes_)
    measures = draw(plan_kit.investments)
    staff = draw(plan_kit.posts)
    standard_planning = tuple(layout.years[-1] + i for i in (1, 2, 3))
    if layout.consistent:
        parts = [p for a in areas for p in a.products()]
        owners = _optional(st.sampled_from([p.code for p in parts]))
        offset = layout.years[0] - MIN_YEAR
        measures = tuple(_moved_investment(m, offset, draw(owners)) for m in measures)
        staff = tuple(_moved_post(p, offset, draw(owners)) for p in staff)
        lines = _gesamt_lines(layout.framework, layout, parts)
        statutes = _balanced(
            tuple(draw(_consistent_statutes(y)) for y in layout.years), lines, layout.framework
        )
        blocks = draw(_consistent_blocks(parts, [m.id for m in measures], layout))
        planning = standard_planning
    else:
        statutes = draw(plan_kit.statutes)
        lines = draw(plan_kit.lines)
        blocks = draw(plan_kit.blocks)
        planning = draw(plan_kit.planning_years) or standard_planning
    return BudgetPlan(
        municipality=draw(plan_kit.municipalities),
        years=layout.years,
        planning_years=planning,
        status=draw(plan_kit.statuses),
        framework=layout.framework,
        title=draw(plan_kit.titles),
        note=draw(plan_kit.notes),
        areas=areas,
        lines=lines,
        investments=measures,
        posts=staff,
        statutes=statutes,
        blocks=blocks,
    )


def budget_plans(  # noqa: PLR0913 - keyword-only options of a public strategy
    consistent: bool = True,
    *,
    max_areas: int = 3,
    max_groups: int = 2,
    max_products: int = 2,
    framework: str = _DEFAULT_FRAMEWORK,
    budget_years: tuple[int, ...] | None = None,
) -> SearchStrategy[BudgetPlan]:
    """Haushaltspläne; small by default (up to 3 areas × 2 groups × 2 products).

    ``consistent`` plans validate (see the module docstring); the others are for
    serializer round trips. ``max_products`` is per group, ``max_groups`` per area.
    ``budget_years`` fixes the budget year(s) (None: drawn), e.g. to draw two versions of
    one plan for :func:`nkf.diff`.
    """
    layouts = _layouts(budget_years, consistent=consistent, framework=framework)

    def build(draw: st.DrawFn) -> BudgetPlan:
        return _draw_plan(draw, draw(layouts), max_areas, max_groups, max_products)

    return st.composite(build)()


# ----------------------------------------------------------------------------- amendments


def targets() -> SearchStrategy[Target]:
    """What a change points at; every field is sometimes None, sometimes set."""
    return st.builds(
        Target,
        unit=_optional(unit_codes()),
        plan=_optional(st.sampled_from(PlanKind)),
        line=_optional(st.integers(min_value=1, max_value=60)),
        account=_optional(_accounts()),
        cost_centre=_optional(_cost_centres()),
        investment=_optional(investment_ids()),
        text=_optional(texts()),
    )


def conditions() -> SearchStrategy[Condition]:
    """Conditions and alternatives of changes."""
    return st.builds(
        Condition,
        text=paragraphs(max_lines=2),
        kind=st.sampled_from(ConditionKind),
        met=_optional(st.booleans()),
        group=_optional(refs()),
    )


def _base(**fields: SearchStrategy[Any]) -> dict[str, SearchStrategy[Any]]:
    """The fields every change has, plus ``fields``."""
    return {
        "ref": _optional(refs()),
        "condition": _optional(conditions()),
        "note": _optional(paragraphs()),
        "derived": st.booleans(),
        **fields,
    }


def _column_value_tuples() -> SearchStrategy[tuple[ColumnValue, ...]]:
    return _tuples(column_values(), unique_by=lambda cv: cv.column)


def _positions() -> SearchStrategy[int]:
    return st.integers(min_value=1, max_value=9)


def amount_changes() -> SearchStrategy[AmountChange]:
    """Set or change an Ansatz (old/delta/new each optional)."""
    money = _optional(amounts())
    return st.builds(
        AmountChange, **_base(target=targets(), column=columns(), old=money, delta=money, new=money)
    )


def add_lines() -> SearchStrategy[AddLine]:
    """Add a line with values."""
    return st.builds(AddLine, **_base(target=targets(), values=_column_value_tuples()))


def remove_lines() -> SearchStrategy[RemoveLine]:
    """Remove a line, with the values the motion expects."""
    return st.builds(RemoveLine, **_base(target=targets(), old_values=_column_value_tuples()))


_ROUNDINGS: Final = (Decimal("0.01"), Decimal(1), Decimal(10), Decimal(100), Decimal(1000))


def percent_changes() -> SearchStrategy[PercentChange]:
    """Linear cuts and indexations (−100 % … +100 %)."""
    return st.builds(
        PercentChange,
        **_base(
            targets=_tuples(targets()),
            columns=_tuples(columns(), unique_by=lambda c: c),
            percent=_decimals(-100, 100, places=2),
            base_column=_optional(columns()),
            cap=_optional(amounts(0, MAX_AMOUNT)),
            floor=_optional(amounts(0, MAX_AMOUNT)),
            rounding=st.sampled_from(_ROUNDINGS),
        ),
    )


def move_amounts() -> SearchStrategy[MoveAmount]:
    """Re-phasing between columns."""
    return st.builds(
        MoveAmount,
        **_base(
            target=targets(),
            from_column=columns(),
            to_column=columns(),
            amount=_optional(amounts(0, MAX_AMOUNT)),
        ),
    )


def global_reductions() -> SearchStrategy[GlobalReduction]:
    """Globaler Minderaufwand, as an amount or a percentage."""
    return st.builds(
        GlobalReduction,
        **_base(
            column=columns(),
            amount=_optional(amounts(0, MAX_AMOUNT)),
            percent=_optional(_decimals(0, 10, places=2)),
            base=_optional(targets()),
            cap_percent=_optional(_decimals(0, 5, places=2)),
            allocation=_tuples(targets()),
        ),
    )


def add_areas() -> SearchStrategy[AddArea]:
    """Add a Produktbereich (small: one group of one product), at a position or in order."""
    return st.builds(
        AddArea,
        **_base(area=budget_areas(max_groups=1, max_products=1), position=_optional(_positions())),
    )


def remove_areas() -> SearchStrategy[RemoveArea]:
    """Remove a Produktbereich."""
    return st.builds(RemoveArea, **_base(code=area_codes(), old_name=_optional(texts(max_words=4))))


def add_groups() -> SearchStrategy[AddGroup]:
    """Add a Produktgruppe (with one product) whose code lies under the area."""
    return st.builds(
        lambda group, **fields: AddGroup(area=group.code[:2], group=group, **fields),
        group=product_groups(max_products=1),
        **_base(position=_optional(_positions())),
    )


def remove_groups() -> SearchStrategy[RemoveGroup]:
    """Remove a Produktgruppe."""
    return st.builds(
        RemoveGroup, **_base(code=group_codes(), old_name=_optional(texts(max_words=5)))
    )


def add_products() -> SearchStrategy[AddProduct]:
    """Add a product (with goals and Teilplan lines) whose code lies under the group."""
    return st.builds(
        lambda product, **fields: AddProduct(group=product.code[:4], product=product, **fields),
        product=products(),
        **_base(position=_optional(_positions())),
    )


def remove_products() -> SearchStrategy[RemoveProduct]:
    """Remove a product."""
    return st.builds(
        RemoveProduct, **_base(code=product_codes(), old_name=_optional(texts(max_words=5)))
    )


def _unit_field_values(field: UnitField) -> SearchStrategy[str]:
    if field is UnitField.BINDING:
        return st.sampled_from([b.value for b in BindingDegree])
    if field in (UnitField.DESCRIPTION, UnitField.RECIPIENTS):
        return paragraphs()
    return texts(max_words=5)


def update_units() -> SearchStrategy[UpdateUnit]:
    """Change a unit's field; a Bindungsgrad is one of its values."""
    return st.one_of(
        [
            st.builds(
                UpdateUnit,
                **_base(
                    unit=unit_codes(),
                    field=st.just(f),
                    new=_optional(_unit_field_values(f)),
                    old=_optional(_unit_field_values(f)),
                ),
            )
            for f in UnitField
        ]
    )


def add_goals() -> SearchStrategy[AddGoal]:
    """Add a goal, at a position or at the end."""
    return st.builds(
        AddGoal, **_base(unit=unit_codes(), goal=goals(), position=_optional(_positions()))
    )


def remove_goals() -> SearchStrategy[RemoveGoal]:
    """Delete a goal."""
    return st.builds(
        RemoveGoal,
        **_base(unit=unit_codes(), position=_positions(), old_text=_optional(paragraphs())),
    )


def edit_goals() -> SearchStrategy[EditGoal]:
    """Reword a goal."""
    return st.builds(
        EditGoal,
        **_base(
            unit=unit_codes(),
            position=_positions(),
            new_text=paragraphs(),
            old_text=_optional(paragraphs()),
        ),
    )


def copy_goals() -> SearchStrategy[CopyGoals]:
    """Copy the goals of another unit."""
    return st.builds(CopyGoals, **_base(unit=unit_codes(), source=unit_codes()))


def add_key_figures() -> SearchStrategy[AddKeyFigure]:
    """Add a key figure to a goal or a unit."""
    return st.builds(
        AddKeyFigure,
        **_base(
            unit=unit_codes(),
            key_figure=key_figures(),
            goal=_optional(_positions()),
            position=_optional(_positions()),
        ),
    )


def remove_key_figures() -> SearchStrategy[RemoveKeyFigure]:
    """Delete a key figure."""
    return st.builds(
        RemoveKeyFigure,
        **_base(
            unit=unit_codes(),
            position=_positions(),
            goal=_optional(_positions()),
            old_name=_optional(texts(max_words=4)),
        ),
    )


def rename_key_figures() -> SearchStrategy[RenameKeyFigure]:
    """Rename a key figure."""
    return st.builds(
        RenameKeyFigure,
        **_base(
            unit=unit_codes(),
            position=_positions(),
            new_name=texts(max_words=4),
            goal=_optional(_positions()),
            old_name=_optional(texts(max_words=4)),
        ),
    )


def set_key_figure_values() -> SearchStrategy[SetKeyFigureValue]:
    """Set or delete a key-figure value; old and new have the type of one key-figure type."""
    return st.one_of(
        [
            st.builds(
                SetKeyFigureValue,
                **_base(
                    unit=unit_codes(),
                    position=_positions(),
                    year=years(),
                    figure_kind=st.sampled_from(FigureKind),
                    new=_optional(scalars(t)),
                    goal=_optional(_positions()),
                    old=_optional(scalars(t)),
                ),
            )
            for t in KeyFigureType
        ]
    )


def set_tax_rates() -> SearchStrategy[SetTaxRate]:
    """Set or clear a Hebesatz."""
    rates = _optional(_rates(0, 2000))
    return st.builds(
        SetTaxRate,
        **_base(year=years(), tax=st.sampled_from(TaxKind), new=rates, old=rates),
    )


def set_statute_values() -> SearchStrategy[SetStatuteValue]:
    """Set an amount of the Haushaltssatzung."""
    money = _optional(amounts(0, MAX_AMOUNT))
    return st.builds(
        SetStatuteValue,
        **_base(year=years(), field=st.sampled_from(StatuteField), new=money, old=money),
    )


def set_balance_years() -> SearchStrategy[SetBalanceYear]:
    """Set or clear the year the Haushaltsausgleich is restored."""
    restored = _optional(years())
    return st.builds(SetBalanceYear, **_base(year=years(), new=restored, old=restored))


def add_statutes() -> SearchStrategy[AddStatute]:
    """Add a Haushaltssatzung (every optional field sometimes set)."""
    return st.builds(
        AddStatute, **_base(statute=budget_statutes(), position=_optional(_positions()))
    )


def remove_statutes() -> SearchStrategy[RemoveStatute]:
    """Remove a Haushaltssatzung."""
    return st.builds(RemoveStatute, **_base(year=years()))


def _plan_field_values(field: PlanField) -> SearchStrategy[str]:
    if field is PlanField.STATUS:
        return st.sampled_from([s.value for s in PlanStatus])
    if field is PlanField.AGS:
        return _from_regex(r"05[0-9]{6}")
    if field is PlanField.NOTE:
        return paragraphs()
    return texts(max_words=4)


def update_plans() -> SearchStrategy[UpdatePlan]:
    """Set the plan's title, note, status, municipality or AGS; a status is a PlanStatus value."""
    return st.one_of(
        [
            st.builds(
                UpdatePlan,
                **_base(
                    field=st.just(f),
                    new=_optional(_plan_field_values(f)),
                    old=_optional(_plan_field_values(f)),
                ),
            )
            for f in PlanField
        ]
    )


def set_planning_years() -> SearchStrategy[SetPlanningYears]:
    """Set the Planungsjahre (``old`` empty: not stated)."""
    planning = _tuples(years(), max_size=4, unique_by=lambda y: y).map(lambda t: tuple(sorted(t)))
    return st.builds(SetPlanningYears, **_base(new=planning, old=planning))


def add_investments() -> SearchStrategy[AddInvestment]:
    """Add an investment measure."""
    return st.builds(AddInvestment, **_base(investment=investments()))


def remove_investments() -> SearchStrategy[RemoveInvestment]:
    """Remove an investment measure."""
    return st.builds(
        RemoveInvestment, **_base(id=investment_ids(), old_name=_optional(texts(max_words=5)))
    )


def set_investment_amounts() -> SearchStrategy[SetInvestmentAmount]:
    """Set a payment, receipt or VE of a measure for a year."""
    money = _optional(amounts(0, MAX_AMOUNT))
    return st.builds(
        SetInvestmentAmount,
        **_base(
            id=investment_ids(),
            flow=st.sampled_from(InvestmentFlow),
            year=years(),
            new=money,
            old=money,
        ),
    )


def create_posts() -> SearchStrategy[CreatePost]:
    """Create a post, with its cost per column."""
    return st.builds(CreatePost, **_base(post=posts(), cost=_column_value_tuples()))


def delete_posts() -> SearchStrategy[DeletePost]:
    """Delete a post."""
    return st.builds(DeletePost, **_base(post_id=post_ids()))


def block_posts() -> SearchStrategy[BlockPost]:
    """Block a post (Stellensperre)."""
    return st.builds(BlockPost, **_base(post_id=post_ids()))


def swap_posts() -> SearchStrategy[SwapPost]:
    """Swap a post for another."""
    return st.builds(SwapPost, **_base(post_id=post_ids(), new_post=posts()))


def set_kw_vermerke() -> SearchStrategy[SetKwVermerk]:
    """Set or clear a kw-Vermerk."""
    return st.builds(
        SetKwVermerk,
        **_base(post_id=post_ids(), year=_optional(years()), old_year=_optional(years())),
    )


def block_amounts() -> SearchStrategy[BlockAmount]:
    """Put a Sperrvermerk on an amount, whole or part."""
    return st.builds(
        BlockAmount,
        **_base(
            block_id=_block_ids(),
            target=targets(),
            release_condition=paragraphs(),
            releasing_body=_bodies(),
            column=_optional(columns()),
            amount=_optional(amounts(CENT, MAX_AMOUNT)),
        ),
    )


def release_blocks() -> SearchStrategy[ReleaseBlock]:
    """Release a Sperrvermerk, fully or partly."""
    return st.builds(
        ReleaseBlock,
        **_base(block_id=_block_ids(), amount=_optional(amounts(CENT, MAX_AMOUNT))),
    )


def coverages() -> SearchStrategy[Coverage]:
    """Deckungsvorschläge linking refs of costs and offsets."""
    ref_tuples = _tuples(refs(), unique_by=lambda r: r)
    return st.builds(
        Coverage,
        **_base(
            source=st.sampled_from(CoverageSource),
            covers=ref_tuples,
            motions=_tuples(amendment_ids(), unique_by=lambda r: r),
            offsets=ref_tuples,
            amounts=_column_value_tuples(),
            text=_optional(paragraphs()),
        ),
    )


def requests() -> SearchStrategy[Request]:
    """Prüfaufträge, Berichtsaufträge, guideline texts."""
    return st.builds(
        Request,
        **_base(
            request=st.sampled_from(RequestKind),
            text=paragraphs(),
            target=_optional(targets()),
            addressee=_optional(texts(max_words=4)),
            due=_optional(dates()),
        ),
    )


_CHANGE_STRATEGIES: Final[tuple[tuple[type[Change], Callable[[], SearchStrategy[Change]]], ...]] = (
    (AmountChange, amount_changes),
    (AddLine, add_lines),
    (RemoveLine, remove_lines),
    (PercentChange, percent_changes),
    (MoveAmount, move_amounts),
    (GlobalReduction, global_reductions),
    (AddArea, add_areas),
    (RemoveArea, remove_areas),
    (AddGroup, add_groups),
    (RemoveGroup, remove_groups),
    (AddProduct, add_products),
    (RemoveProduct, remove_products),
    (UpdateUnit, update_units),
    (AddGoal, add_goals),
    (RemoveGoal, remove_goals),
    (EditGoal, edit_goals),
    (CopyGoals, copy_goals),
    (AddKeyFigure, add_key_figures),
    (RemoveKeyFigure, remove_key_figures),
    (RenameKeyFigure, rename_key_figures),
    (SetKeyFigureValue, set_key_figure_values),
    (SetTaxRate, set_tax_rates),
    (SetStatuteValue, set_statute_values),
    (SetBalanceYear, set_balance_years),
    (AddStatute, add_statutes),
    (RemoveStatute, remove_statutes),
    (UpdatePlan, update_plans),
    (SetPlanningYears, set_planning_years),
    (AddInvestment, add_investments),
    (RemoveInvestment, remove_investments),
    (SetInvestmentAmount, set_investment_amounts),
    (CreatePost, create_posts),
    (DeletePost, delete_posts),
    (BlockPost, block_posts),
    (SwapPost, swap_posts),
    (SetKwVermerk, set_kw_vermerke),
    (BlockAmount, block_amounts),
    (ReleaseBlock, release_blocks),
    (Coverage, coverages),
    (Request, requests),
)


def changes(*kinds: type[Change]) -> SearchStrategy[Change]:
    """Changes of every kind, or only of ``kinds`` (``changes(AddGoal, SetTaxRate)``)."""
    unknown = [k for k in kinds if k not in {c for c, _ in _CHANGE_STRATEGIES}]
    if unknown:
        msg = f"not change classes: {unknown!r}"
        raise TypeError(msg)
    return st.one_of([make() for cls, make in _CHANGE_STRATEGIES if not kinds or cls in kinds])


def _submitters() -> SearchStrategy[Submitter]:
    return st.builds(
        Submitter,
        name=st.one_of(
            st.sampled_from(("SPD-Fraktion", "CDU-Fraktion", "Fraktion BÜNDNIS 90/DIE GRÜNEN")),
            texts(max_words=4),
        ),
        kind=st.sampled_from(SubmitterKind),
        signatories=_tuples(
            st.builds(Signatory, name=texts(max_words=3), role=_optional(texts(max_words=3)))
        ),
        address=_optional(paragraphs()),
    )


def _unique_refs(amendment: Amendment) -> Amendment:
    """Clear repeated refs, so that refs name one change each (Deckung links)."""
    seen: set[str] = set()
    fixed: list[Change] = []
    for change in amendment.changes:
        if change.ref is not None and change.ref in seen:
            fixed.append(attrs.evolve(change, ref=None))
        else:
            if change.ref is not None:
                seen.add(change.ref)
            fixed.append(change)
    return attrs.evolve(amendment, changes=tuple(fixed))


def amendments(*, max_changes: int = 4) -> SearchStrategy[Amendment]:
    """Änderungsanträge with full metadata and up to ``max_changes`` changes.

    Every optional field is sometimes None and sometimes set, every tuple sometimes empty.
    Refs of changes are unique within the amendment. The changes need not apply to any
    plan.
    """
    return st.builds(
        Amendment,
        id=amendment_ids(),
        title=texts(),
        date=_optional(dates()),
        reference=_optional(_drucksachen()),
        plan_years=st.one_of(st.just(()), budget_years()),
        submitters=_tuples(_submitters()),
        addressee=_optional(texts(max_words=4)),
        committee=_optional(_bodies()),
        consultation=_tuples(
            st.builds(
                ConsultationStep,
                body=_bodies(),
                role=st.sampled_from(ConsultationRole),
                date=_optional(dates()),
            )
        ),
        status=st.sampled_from(AmendmentStatus),
        votes=_tuples(
            st.builds(
                Vote,
                body=_bodies(),
                yes=st.integers(min_value=0, max_value=100),
                no=st.integers(min_value=0, max_value=100),
                abstain=st.integers(min_value=0, max_value=100),
                date=_optional(dates()),
                result=_optional(st.sampled_from(AmendmentStatus)),
            )
        ),
        relations=_tuples(
            st.builds(
                Relation,
                kind=st.sampled_from(RelationKind),
                target=st.one_of(amendment_ids(), _drucksachen()),
                note=_optional(paragraphs()),
            )
        ),
        request_text=_optional(paragraphs()),
        reason=_optional(paragraphs()),
        changes=_tuples(changes(), max_size=max_changes),
    ).map(_unique_refs)
