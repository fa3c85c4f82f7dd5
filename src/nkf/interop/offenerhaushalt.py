r"""Import of Offener-Haushalt CSV files into a Haushaltsplan (CSV-Import).

The Open Knowledge Foundation's "Offener Haushalt" (offenerhaushalt.de) collects the budget
figures that municipalities publish as CSV. The files differ in separator, encoding, code
notation, decimal notation and in which columns they have (data/README.md). This module reads
them into a :class:`~nkf.model.BudgetPlan` whose Produktgruppen (or Produkte) carry
Teilergebnisplan lines, and reports every row it cannot use as a
:class:`~nkf.diagnostics.Diagnostic` with the CSV line number.

>>> data = (
...     "Produktbereich;Produktgruppe;Richtung;HHArt;Jahr;Betrag\n"
...     "05;05.01;Ord. Erträge;Ansatz;2026;1.200,50\n"
...     "05;05.01;Ord. Aufwendungen;Ansatz;2026;3.000\n"
... ).encode("cp1252")
>>> mapping = ColumnMapping(area_code="Produktbereich", group_code="Produktgruppe",
...                         direction="Richtung", kind="HHArt", year="Jahr", amount="Betrag")
>>> result = import_csv(data, mapping=mapping, municipality="Musterstadt")
>>> [str(d) for d in result.diagnostics if d.is_error]
[]
>>> group = result.plan.group("0501")
>>> group.line(PlanKind.TEILERGEBNISPLAN, 18).values  # Ordentliches Ergebnis = 10 − 17
(Decimal('-1799.50'),)
>>> [(t.direction.value, str(t.column), t.amount) for t in result.totals]
[('in', 'Ansatz 2026', Decimal('1200.50')), ('out', 'Ansatz 2026', Decimal('3000'))]

How rows become lines
=====================

* A row that gives an account (Konto, e.g. Kontengruppe ``41`` of the Offener-Haushalt
  standard data set) is added to the Teilergebnisplan line the account belongs to
  (:func:`account_line`; NKF-Kontenrahmen: class 4 Erträge, class 5 Aufwendungen).
* A row that only names a direction (Köln ``Ertrag``/``Aufwand``, Ahaus ``Ord. Erträge``/
  ``Ord. Aufwendungen``) is a direction total: Erträge go to line 10 (Ordentliche Erträge),
  Aufwendungen to line 17 (Ordentliche Aufwendungen). For files that say plain
  ``Ertrag``/``Aufwand`` this is an approximation (their totals may include Finanzerträge
  and -aufwendungen); the import says so with NKF-I732.
* Rows for the same unit, line and column are added up. Sum and balance lines (10, 17, 18,
  22, 26, 29 of the Teilergebnisplan) are then computed from the lines present; a line that
  is not present counts as 0 (domain.md § 2.3).
* Each (year, value kind) of the file becomes a :class:`~nkf.model.Column`; every line of the
  plan has all columns of the file, empty cells are ``None``. The budget year is the latest
  Ansatz year (or ``budget_years=``), the planning years are the Planung years.

Numbers
=======

:func:`parse_number` reads German (``1.234,56``) and English (``1234.56``) notation. Per
value: with both ``.`` and ``,`` the last one is the decimal mark; several ``.`` (or several
``,``) in groups of three are thousands separators; a single mark followed by exactly three
digits (``1.234``, ``1,234``) is ambiguous and decided by the other values of the column
(a column with ``342555,19`` is German, so ``1.234`` there is 1234); without such evidence a
single ``,`` is a decimal comma and a single ``.`` a decimal point. Signs may stand in front
or behind (``35.499.229-``), or the number may be in parentheses.

Diagnostic codes (``NKF-x7xx``: CSV import)
===========================================

=========  ===========================================================================
NKF-E701   The file cannot be read (missing, a directory, no permission);
           :func:`import_csv` raises :class:`~nkf.errors.LoadError` with it.
NKF-E702   The data is no text CSV (binary data, NUL bytes, control characters).
NKF-E703   The file is empty or has no data rows.
NKF-E704   The header matches no built-in layout and no mapping was given.
NKF-E705   The mapping names a column the file does not have.
NKF-E706   The file is larger than ``max_bytes``.
NKF-E710   A row has no valid Produktbereich, Produktgruppe or Produkt code.
NKF-E711   The codes of a row do not fit together (group not in its area, ...).
NKF-E712   Unknown direction (neither Ertrag/Einnahmen nor Aufwand/Ausgaben).
NKF-E713   Unknown value kind (neither Ist/Ergebnis, Soll/Ansatz/Plan nor Planung).
NKF-E714   The year is missing or no year.
NKF-E715   The amount is no number.
NKF-E716   The account is missing or belongs to no Teilergebnisplan line.
NKF-E717   The account's class does not fit the row's direction (a class-5 Aufwand
           account in an Einnahmen row).
NKF-E718   A row has more cells than the header.
NKF-W720   Empty amount: the row is skipped.
NKF-W721   A Produktbereich outside the framework (Köln's local "18") is kept as it is;
           validation reports it as NKF-E104.
NKF-W722   The same code carries different names; the first one is kept.
NKF-W723   The amount column mixes German and English decimal notation.
NKF-W724   Several direction-total rows for the same unit, line and column; they are added.
NKF-I730   What was detected: encoding, separator, layout, number of rows.
NKF-I731   The file has no value-kind column; all amounts are read as the default kind.
NKF-I732   Direction totals ("Ertrag"/"Aufwand") were put into lines 10 and 17.
NKF-I733   The file has no Ansatz column; how the budget year was chosen.
=========  ===========================================================================
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeVar, cast

import attrs

from nkf.changes.recompute import recompute
from nkf.codes import Code, CodeLevel
from nkf.codes import parse as parse_code
from nkf.diagnostics import Diagnostic, Location, Severity, os_problem, sort_diagnostics
from nkf.errors import InvalidCode, InvalidFormat, LoadError
from nkf.frameworks import Direction, Framework
from nkf.frameworks import get as get_framework
from nkf.model import (
    BudgetArea,
    BudgetPlan,
    Column,
    Municipality,
    PlanKind,
    PlanLine,
    Product,
    ProductGroup,
    ValueKind,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Iterator, Sequence

_T = TypeVar("_T")

__all__ = [
    "AHAUS",
    "DEFAULT_MAX_BYTES",
    "KOELN",
    "LAYOUTS",
    "STANDARD_DATASET",
    "ColumnMapping",
    "CsvRecord",
    "CsvTable",
    "FileTotal",
    "ImportResult",
    "account_line",
    "detect_layout",
    "import_csv",
    "parse_number",
    "plan_totals",
    "read_csv",
]

DEFAULT_MAX_BYTES: Final = 64 * 1024 * 1024
"""The largest CSV file :func:`read_csv` reads (64 MiB)."""

_TEP: Final = PlanKind.TEILERGEBNISPLAN
_ORDINARY_INCOME: Final = 10  # Teilergebnisplan line 10, Ordentliche Erträge
_ORDINARY_EXPENSES: Final = 17  # Teilergebnisplan line 17, Ordentliche Aufwendungen
# Lines whose sum is a unit's total of Erträge / Aufwendungen (Teilergebnisplan, Muster
# numbering of domain.md § 2.2/2.3): ordinary, financial, extraordinary, internal.
_INCOME_TOTAL_LINES: Final = (10, 19, 23, 27)
_EXPENSE_TOTAL_LINES: Final = (17, 20, 24, 28)


# ---------------------------------------------------------------------------------------
# Vocabulary: directions and value kinds as the files write them.
# ---------------------------------------------------------------------------------------

_DASHES: Final = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-"))
_SPACES: Final = re.compile(r"\s+")


def _key(text: str) -> str:
    """Normalise a header or a vocabulary word: NFC, dashes, whitespace, case."""
    text = unicodedata.normalize("NFC", text).replace("\ufeff", "").translate(_DASHES)
    return _SPACES.sub(" ", text).strip().casefold()


def _clean(text: str) -> str:
    """Normalise a name from the file: whitespace runs become one space, no margins."""
    return _SPACES.sub(" ", text.replace("\ufeff", "")).strip()


_IN, _OUT = Direction.IN, Direction.OUT

# word → (direction, whether the word says "ordentlich")
_DIRECTION_WORDS: Final[dict[str, tuple[Direction, bool]]] = {
    **dict.fromkeys(
        (
            "ertrag",
            "erträge",
            "ertraege",
            "einnahme",
            "einnahmen",
            "einzahlung",
            "einzahlungen",
            "income",
            "revenue",
        ),
        (_IN, False),
    ),
    **dict.fromkeys(
        (
            "ord. erträge",
            "ord. ertraege",
            "ord.erträge",
            "ordentliche erträge",
            "ordentliche ertraege",
        ),
        (_IN, True),
    ),
    **dict.fromkeys(
        (
            "aufwand",
            "aufwendungen",
            "ausgabe",
            "ausgaben",
            "auszahlung",
            "auszahlungen",
            "expenditure",
            "expenses",
        ),
        (_OUT, False),
    ),
    **dict.fromkeys(
        ("ord. aufwendungen", "ord.aufwendungen", "ordentliche aufwendungen"), (_OUT, True)
    ),
}

_KIND_WORDS: Final[dict[str, ValueKind]] = {
    **dict.fromkeys(
        ("ist", "ergebnis", "rechnungsergebnis", "ist-ergebnis", "jahresrechnung"),
        ValueKind.ERGEBNIS,
    ),
    **dict.fromkeys(
        ("soll", "ansatz", "plan", "haushaltsansatz", "planansatz", "haushaltsplan"),
        ValueKind.ANSATZ,
    ),
    **dict.fromkeys(
        ("planung", "finanzplanung", "mittelfristige planung", "mifrifi"), ValueKind.PLANUNG
    ),
}

# ---------------------------------------------------------------------------------------
# NKF-Kontenrahmen → Teilergebnisplan line. Kontenklasse 4 = Erträge, 5 = Aufwendungen; the
# first two digits are the Kontengruppe, a third digit refines 44 and 47. The line numbers
# are those of the Muster (domain.md § 2.2, § 2.3). Sources:
# * the Offener-Haushalt standard data set itself (okfde/offenerhaushalt.de, branch data,
#   _haushalte-data/standard-datensatz-ohh.csv): 41 Zuwendungen und allgemeine Umlagen,
#   43 öffentlich-rechtliche Leistungsentgelte, 44 Privatrechtliche Leistungsentgelte,
#   45 sonstige ordentliche Erträge, 50 Personalaufwendungen, 51 Versorgungsaufwendungen,
#   52 Aufwendungen für Sach- und Dienstleistungen, 53 Transferaufwendungen, 54 sonstige
#   ordentliche Aufwendungen, 57 Bilanzielle Aufwendungen (AfA) ✔;
# * the NKR-SH handbook of Schleswig-Holstein, whose Kontenrahmen follows the NKF structure
#   (nkr-sh.de/ergebnisrechnung): Kto. 448 Kostenerstattungen und Kostenumlagen, Kto. 458
#   nicht zahlungswirksame ordentliche Erträge (in 45), Kto. 471 aktivierte Eigenleistungen
#   and Kto. 472 Bestandsveränderungen (Kontengruppe 47), Kto. 51, Kto. 52 ✔;
# * 40 Steuern und ähnliche Abgaben, 42 sonstige Transfererträge, 46 Finanzerträge,
#   48/58 Erträge/Aufwendungen aus internen Leistungsbeziehungen, 49/59 außerordentliche
#   Erträge/Aufwendungen, 55 Zinsen und sonstige Finanzaufwendungen: the NKF-Kontenrahmen
#   as commonly printed ✖ (not verified against the NRW Kontierungsplan text). Kontengruppe
#   56 is not mapped; pass ``accounts={"56": 20}`` in a mapping if your Kontenplan uses it.
# ---------------------------------------------------------------------------------------

_ACCOUNT_LINES: Final[dict[str, int]] = {
    "40": 1,
    "41": 2,
    "42": 3,
    "43": 4,
    "44": 5,
    "448": 6,
    "45": 7,
    "46": 19,
    "47": 8,
    "471": 8,
    "472": 9,
    "48": 27,
    "49": 23,
    "50": 11,
    "51": 12,
    "52": 13,
    "53": 15,
    "54": 16,
    "55": 20,
    "57": 14,
    "58": 28,
    "59": 24,
}
_ACCOUNT_CLASS_DIRECTION: Final = {"4": _IN, "5": _OUT}


def account_line(code: str, extra: Iterable[tuple[str, int]] = ()) -> int | None:
    """The Teilergebnisplan line an account (Konto) of the NKF-Kontenrahmen belongs to.

    The longest known prefix of the account's digits decides (``448…`` Kostenerstattungen
    → line 6, other ``44…`` → line 5). ``extra`` adds or overrides prefixes.

    Args:
        code: The account (Kontengruppe ``41``, Kontenart ``448``, Konto ``41611``).
        extra: ``(prefix, line)`` pairs that take precedence over the built-in table.

    Returns:
        The line number, or None for an account that belongs to no line.

    >>> account_line("41611"), account_line("44830"), account_line("44"), account_line("57113")
    (2, 6, 5, 14)
    >>> account_line("56") is None, account_line("56", [("56", 20)])
    (True, 20)
    """
    digits = "".join(ch for ch in code if ch.isdigit() and ch.isascii())
    table = {**_ACCOUNT_LINES, **dict(extra)}
    for size in range(len(digits), 1, -1):
        line = table.get(digits[:size])
        if line is not None:
            return line
    return None


# ---------------------------------------------------------------------------------------
# Numbers
# ---------------------------------------------------------------------------------------

_CURRENCY: Final = re.compile(r"^(?:€|eur|euro)\s*|\s*(?:€|eur|euro)$", re.IGNORECASE)
_NUMBER_CHARS: Final = re.compile(r"[0-9.,' ]+")
_MINUS: Final = "-−–"  # hyphen-minus, U+2212, and the en dash that spreadsheets produce
_WIDE_SPACES: Final = str.maketrans(dict.fromkeys("\u00a0\u202f\u2009\u2007", " "))
_EMPTY: Final = frozenset({"", "-", "--", "−", "–", "—"})


def _mark_evidence(text: str) -> str | None:
    """The decimal mark ``text`` proves (``","`` or ``"."``), or None if it proves none."""
    body = re.sub(r"[^0-9.,]", "", text)
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        return "." if body.rfind(".") > body.rfind(",") else ","
    for mark, other, count in ((",", ".", commas), (".", ",", dots)):
        if count > 1:
            return other  # several marks: they group thousands
        if count == 1:
            return None if len(body.rpartition(mark)[2]) == 3 else mark
    return None


def _number_error(text: str, reason: str) -> InvalidFormat:
    return InvalidFormat(f"„{text}“ ist keine Zahl: {reason}")


def _split_mark(text: str, body: str, decimal_mark: str | None) -> tuple[str, str]:
    """Split ``body`` into the integer part (with group separators) and the decimals."""
    dots, commas = body.count("."), body.count(",")
    if dots and commas:
        mark = "." if body.rfind(".") > body.rfind(",") else ","
        if body.count(mark) > 1:
            raise _number_error(text, f"das Dezimalzeichen „{mark}“ kommt mehrmals vor.")
    elif dots or commas:
        mark = "." if dots else ","
        after = body.rpartition(mark)[2]
        ambiguous = len(after) == 3 and decimal_mark is not None and decimal_mark != mark
        if body.count(mark) > 1 or ambiguous:
            return body, ""  # thousands separators only
    else:
        return body, ""
    whole, _, fraction = body.rpartition(mark)
    return whole, fraction


def parse_number(text: str, *, decimal_mark: str | None = None) -> Decimal:
    """Read an amount in German or English notation (see "Numbers" in the module doc).

    Args:
        text: The cell, e.g. ``"342555,19"``, ``"24162.64"``, ``"1.234.567,89"``,
            ``"1,234,567.89"``, ``"35.499.229-"``, ``"(48,72)"``, ``"1 234,56 €"``.
        decimal_mark: ``","`` or ``"."``: how to read an ambiguous value such as
            ``"1.234"`` (the column's notation); None reads it as a decimal mark.

    Returns:
        The amount; a negative zero is returned as zero.

    Raises:
        InvalidFormat: The text is empty or no number.

    >>> parse_number("342555,19"), parse_number("24162.64"), parse_number("1.234,56")
    (Decimal('342555.19'), Decimal('24162.64'), Decimal('1234.56'))
    >>> parse_number("1,234,567.89"), parse_number("35.499.229-"), parse_number("(48,72)")
    (Decimal('1234567.89'), Decimal('-35499229'), Decimal('-48.72'))
    >>> parse_number("1.234"), parse_number("1.234", decimal_mark=",")
    (Decimal('1.234'), Decimal('1234'))
    >>> parse_number("12,3.4")
    Traceback (most recent call last):
        ...
    nkf.errors.InvalidFormat: „12,3.4“ ist keine Zahl: Tausendergruppen müssen genau drei
    Ziffern haben (1.234.567).
    """
    core = _CURRENCY.sub("", text.translate(_WIDE_SPACES).strip()).strip()
    if not any(ch.isdigit() for ch in core):
        raise _number_error(text, "es fehlen die Ziffern.")
    negative = False
    if core.startswith("(") and core.endswith(")"):
        negative, core = True, core[1:-1].strip()
    lead = len(core) - len(core.lstrip("+" + _MINUS))
    trail = len(core) - len(core.rstrip(_MINUS))
    if lead + trail + negative > 1:
        raise _number_error(text, "sie hat mehr als ein Vorzeichen.")
    negative = negative or trail == 1 or (lead == 1 and core[0] in _MINUS)
    body = core[lead : len(core) - trail].strip()
    if not _NUMBER_CHARS.fullmatch(body):
        raise _number_error(
            text,
            "erlaubt sind Ziffern, Tausendertrennzeichen, ein Dezimalzeichen und ein Vorzeichen.",
        )
    if body[0] in ".,":
        body = "0" + body
    whole, fraction = _split_mark(text, body, decimal_mark)
    if whole != body and not fraction:
        raise _number_error(text, "nach dem Dezimalzeichen fehlen die Ziffern.")
    if not fraction.isdigit() and fraction:
        raise _number_error(text, "nach dem Dezimalzeichen dürfen nur Ziffern stehen.")
    groups = re.split(r"[.,' ]", whole)
    if len(groups) > 1 and (
        not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:])
    ):
        raise _number_error(text, "Tausendergruppen müssen genau drei Ziffern haben (1.234.567).")
    digits = "".join(groups)
    value = Decimal(f"{digits}.{fraction}" if fraction else digits)
    if negative and not value.is_zero():
        return value.copy_negate()
    return value


def _column_mark(values: Iterable[str]) -> tuple[str | None, bool]:
    """The decimal mark a column's values prove, and whether they contradict each other."""
    votes = {",": 0, ".": 0}
    for value in values:
        mark = _mark_evidence(value)
        if mark is not None:
            votes[mark] += 1
    if not votes[","] and not votes["."]:
        return None, False
    return ("," if votes[","] >= votes["."] else "."), bool(votes[","] and votes["."])


# ---------------------------------------------------------------------------------------
# Column mappings
# ---------------------------------------------------------------------------------------


def _pairs(value: object, what: str) -> list[tuple[object, object]]:
    """``{"a": 1}`` or ``[("a", 1)]`` as a list of pairs."""
    if isinstance(value, Mapping):
        return list(value.items())
    if isinstance(value, (list, tuple)):
        pairs: list[tuple[object, object]] = []
        for item in value:
            if not isinstance(item, (list, tuple)) or len(item) != 2:
                msg = f"{what}: erwartet werden Paare oder eine Zuordnung, nicht {item!r}."
                raise ValueError(msg)
            pairs.append((item[0], item[1]))
        return pairs
    msg = f"{what}: erwartet wird eine Zuordnung, nicht {value!r}."
    raise ValueError(msg)


def _to_direction(value: object) -> Direction:
    if isinstance(value, Direction):
        return value
    text = _key(str(value))
    if text in {"in", "out"}:
        return Direction(text)
    known = _DIRECTION_WORDS.get(text)
    if known is None:
        msg = f"„{value}“ ist keine Richtung; erwartet wird in/out, Ertrag oder Aufwand."
        raise ValueError(msg)
    return known[0]


def _to_kind(value: object) -> ValueKind:
    if isinstance(value, ValueKind):
        return value
    text = _key(str(value))
    for kind in ValueKind:
        if text == kind.value:
            return kind
    known = _KIND_WORDS.get(text)
    if known is None:
        msg = f"„{value}“ ist keine Wertart; erwartet wird Ergebnis/Ist, Ansatz/Soll oder Planung."
        raise ValueError(msg)
    return known


def _direction_pairs(value: object) -> tuple[tuple[str, Direction], ...]:
    return tuple((_key(str(w)), _to_direction(d)) for w, d in _pairs(value, "directions"))


def _kind_pairs(value: object) -> tuple[tuple[str, ValueKind], ...]:
    return tuple((_key(str(w)), _to_kind(k)) for w, k in _pairs(value, "kinds"))


def _account_pairs(value: object) -> tuple[tuple[str, int], ...]:
    return tuple((str(p), int(str(n))) for p, n in _pairs(value, "accounts"))


def _optional_kind(value: object) -> ValueKind | None:
    return None if value is None else _to_kind(value)


def _areas(value: object) -> tuple[str, ...]:
    items = [value] if isinstance(value, (str, int)) else value
    if not isinstance(items, (list, tuple, set, frozenset)):
        msg = f"local_areas: erwartet wird eine Liste von Produktbereichen, nicht {value!r}."
        raise ValueError(msg)  # noqa: TRY004 - a configuration value, reported as ValueError
    return tuple(str(area).zfill(2) for area in items)


def _optional_int(value: object) -> int | None:
    return None if value is None else int(str(value))


_COLUMN_FIELDS: Final = (
    "area_code",
    "area_name",
    "group_code",
    "group_name",
    "product_code",
    "product_name",
    "account_code",
    "account_name",
    "subaccount_code",
    "subaccount_name",
    "direction",
    "kind",
    "year",
    "amount",
)


@attrs.frozen(kw_only=True)
class ColumnMapping:
    """Which header of a CSV file holds what (Spaltenzuordnung).

    Every ``str`` field names a header of the file (compared without case, surrounding
    spaces and dash variants, so ``"Ebene 1 - Code"`` finds ``"Ebene 1 – Code "``).
    Build one directly, with :meth:`from_dict` (e.g. from JSON), or take a built-in layout
    from :data:`LAYOUTS`.

    Attributes:
        amount: The amount (Betrag). Required.
        year: The year (Jahr); or give ``default_year``.
        direction: Ertrag/Aufwand, Einnahmen/Ausgaben (Richtung); may be left out when an
            account column is given (class 4 = Ertrag, 5 = Aufwand).
        kind: The value kind (Ist/Ergebnis, Soll/Ansatz/Plan, Planung); or ``default_kind``.
        area_code: The Produktbereich (``5``, ``05``, ``Produktbereich 05``).
        area_name: Its name.
        group_code: The Produktgruppe in any notation (``0501``, ``05.01``, Köln's ``501``
            relative to the area, ``503`` for area 5 + group 03).
        group_name: Its name.
        product_code: The Produkt (``050101``, ``05.01.01``, ``0501-01``, ``0531101``).
        product_name: Its name.
        account_code: The account (Kontengruppe ``41``); rows then go into the line of
            their account instead of the direction totals 10/17.
        account_name: Its name (not used for the plan, kept for the user).
        subaccount_code: A finer account (Kostenart ``41611``); refines the line.
        subaccount_name: Its name.
        name: The name of the layout, for messages.
        default_kind: The value kind of every row when the file has no kind column.
        default_year: The year of every row when the file has no year column.
        directions: Extra words for directions: ``(("E", Direction.IN), ...)``.
        kinds: Extra words for value kinds: ``(("HH", ValueKind.ANSATZ), ...)``.
        accounts: Extra account prefixes: ``(("56", 20),)``, see :func:`account_line`.
        local_areas: Produktbereiche outside the framework to keep (Köln's ``18``).
        decimal_mark: Force ``","`` or ``"."``; default: decided from the column.
        negate_expenses: The file prints Aufwendungen as negative numbers; flip their sign.
    """

    amount: str
    year: str | None = None
    direction: str | None = None
    kind: str | None = None
    area_code: str | None = None
    area_name: str | None = None
    group_code: str | None = None
    group_name: str | None = None
    product_code: str | None = None
    product_name: str | None = None
    account_code: str | None = None
    account_name: str | None = None
    subaccount_code: str | None = None
    subaccount_name: str | None = None
    name: str = "benutzerdefiniert"
    default_kind: ValueKind | None = attrs.field(default=None, converter=_optional_kind)
    default_year: int | None = attrs.field(default=None, converter=_optional_int)
    directions: tuple[tuple[str, Direction], ...] = attrs.field(
        default=(), converter=_direction_pairs
    )
    kinds: tuple[tuple[str, ValueKind], ...] = attrs.field(default=(), converter=_kind_pairs)
    accounts: tuple[tuple[str, int], ...] = attrs.field(default=(), converter=_account_pairs)
    local_areas: tuple[str, ...] = attrs.field(default=(), converter=_areas)
    decimal_mark: str | None = None
    negate_expenses: bool = False

    def __attrs_post_init__(self) -> None:
        """Check that the mapping can produce a line from a row."""
        if not (self.area_code or self.group_code or self.product_code):
            msg = (
                "Die Zuordnung braucht eine Spalte für Produktbereich, Produktgruppe oder Produkt."
            )
            raise ValueError(msg)
        if self.year is None and self.default_year is None:
            msg = "Die Zuordnung braucht eine Spalte für das Jahr (year) oder default_year."
            raise ValueError(msg)
        if self.direction is None and self.account_code is None:
            msg = "Die Zuordnung braucht eine Spalte für die Richtung (direction) oder das Konto."
            raise ValueError(msg)
        if self.decimal_mark not in {None, ",", "."}:
            msg = f"decimal_mark muss „,“ oder „.“ sein, nicht {self.decimal_mark!r}."
            raise ValueError(msg)

    def columns(self) -> dict[str, str]:
        """The column roles this mapping uses and their headers, e.g. ``{"amount": "Betrag"}``."""
        return {
            field: header
            for field in _COLUMN_FIELDS
            if (header := getattr(self, field)) is not None
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnMapping:
        """Build a mapping from plain data, e.g. read from a JSON or TOML file.

        Keys are the attribute names; ``directions``, ``kinds`` and ``accounts`` may be
        mappings (``{"E": "in", "A": "out"}``, ``{"HH": "ansatz"}``, ``{"56": 20}``),
        ``default_kind`` a word such as ``"Soll"``.

        Raises:
            ValueError: An unknown key, or values that do not make a usable mapping.

        >>> m = ColumnMapping.from_dict({"amount": "Wert", "group_code": "PG", "year": "HJ",
        ...                              "direction": "Art", "directions": {"E": "in"},
        ...                              "default_kind": "Soll"})
        >>> m.default_kind, m.directions
        (<ValueKind.ANSATZ: 'ansatz'>, (('e', <Direction.IN: 'in'>),))
        >>> ColumnMapping.from_dict({"betrag": "Wert"})
        Traceback (most recent call last):
            ...
        ValueError: Unbekannte Angabe „betrag“ in der Spaltenzuordnung; möglich sind: ...
        """
        allowed = [field.name for field in attrs.fields(cls)]
        unknown = [key for key in data if key not in allowed]
        if unknown:
            msg = (
                f"Unbekannte Angabe „{unknown[0]}“ in der Spaltenzuordnung; möglich sind: "
                f"{', '.join(allowed)}."
            )
            raise ValueError(msg)
        try:
            return cls(**dict(data))
        except TypeError as exc:
            raise ValueError(f"Die Spaltenzuordnung ist unvollständig: {exc}") from None


KOELN: Final = ColumnMapping(
    name="Köln (Offener Haushalt)",
    direction="art_label",
    area_code="produktbereich_name",
    area_name="produktbereich_label",
    amount="amount",
    year="time_year",
    group_code="produktgruppe_name",
    group_name="produktgruppe_label",
    default_kind=ValueKind.ANSATZ,
    local_areas=("18",),
)
"""Köln's open data 2012–2018: Ertrag/Aufwand per Produktgruppe, one year, no value kind.

``produktbereich_name`` holds the number (``1`` … ``18``), ``produktbereich_label`` the name;
``produktgruppe_name`` the group id with the area in front (``101`` = area 1 + group 01,
``1001`` = area 10 + group 01). The amounts are read as Ansatz (the Haushaltsplan figures);
``18`` "Bezirksorientierte Mittel" is Köln's local Produktbereich.
"""

AHAUS: Final = ColumnMapping(
    name="Ahaus (Offener Haushalt)",
    area_code="Produktbereich",
    area_name="Produktbereichsname",
    group_code="Produktgruppe",
    group_name="Produktgruppenbezeichnung",
    direction="Richtung",
    kind="HHArt",
    year="Jahr",
    amount="Betrag",
)
"""Ahaus: ``Produktbereich 01``, ``Produktgruppe 01.01``, ``Ord. Erträge``/``Ord. Aufwendungen``,
``HHArt`` Ergebnis/Ansatz/Planung, German decimals."""

STANDARD_DATASET: Final = ColumnMapping(
    name="Offener-Haushalt-Standarddatensatz",
    amount="Betrag",
    kind="Betrag-Typ",
    year="Jahr",
    direction="Budget Richtung",
    area_code="Ebene 1 – Code",
    area_name="Ebene 1 – Bezeichnung (Produktgruppe)",
    group_code="Ebene 2 – Code",
    group_name="Ebene 2 – Bezeichnung (Profitcenter)",
    account_code="Ebene 3 – Code",
    account_name="Ebene 3 – Bezeichnung (Kontengruppe)",
    subaccount_code="Ebene 4 – Code",
    subaccount_name="Ebene 4 – Bezeichnung (Kostenart)",
)
"""The Offener-Haushalt standard data set: four levels (Ebene 1 Produktbereich ``5``, Ebene 2
group ``503``, Ebene 3 Kontengruppe ``41``, Ebene 4 Kostenart ``41611``), ``Betrag-Typ``
Ist/Soll/Plan, ``Budget Richtung`` Einnahmen/Ausgaben, English decimals."""

LAYOUTS: Final[tuple[ColumnMapping, ...]] = (STANDARD_DATASET, AHAUS, KOELN)
"""The built-in layouts, most specific first; :func:`detect_layout` tries them in order."""


def detect_layout(header: Sequence[str]) -> ColumnMapping | None:
    """The first built-in layout whose columns are all in ``header``, or None.

    >>> detect_layout(["Produktbereich", "Produktbereichsname", "Produktgruppe",
    ...                "Produktgruppenbezeichnung", "Richtung", "HHArt", "Jahr", "Betrag"]).name
    'Ahaus (Offener Haushalt)'
    >>> detect_layout(["Konto", "Betrag"]) is None
    True
    """
    keys = {_key(h) for h in header}
    for layout in LAYOUTS:
        if all(_key(h) in keys for h in layout.columns().values()):
            return layout
    return None


# ---------------------------------------------------------------------------------------
# Reading the CSV file
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CsvRecord:
    """One data row of a CSV file: its 1-based line number and its cells."""

    line: int
    cells: tuple[str, ...]


@attrs.frozen(kw_only=True)
class CsvTable:
    """A CSV file as read by :func:`read_csv` (Tabelle).

    Attributes:
        file: The path, or None for bytes.
        encoding: The detected encoding (``utf-8``, ``utf-8-sig``, ``utf-16``, ``cp1252``,
            ``latin-1``), or None if the data is no text.
        delimiter: The detected separator, or None.
        header: The cells of the header row (stripped).
        records: The data rows, blank rows left out.
        diagnostics: Problems met while reading (NKF-E702, E703, E706).
    """

    file: str | None
    encoding: str | None
    delimiter: str | None
    header: tuple[str, ...] = ()
    records: tuple[CsvRecord, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()


def _diag(code: str, message: str, file: str | None, line: int | None = None) -> Diagnostic:
    severity = {"E": Severity.ERROR, "W": Severity.WARNING, "I": Severity.INFO}[code[4]]
    return Diagnostic(
        code=code, severity=severity, message=message, location=Location(file=file, line=line)
    )


def _read_bytes(
    source: str | os.PathLike[str] | bytes, max_bytes: int
) -> tuple[bytes | None, str | None, Diagnostic | None]:
    if isinstance(source, bytes):
        if len(source) > max_bytes:
            return None, None, _too_large(len(source), max_bytes, None)
        return source, None, None
    name = os.fspath(source)
    path = Path(name)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            return None, name, _too_large(size, max_bytes, name)
        data = path.read_bytes()
    except IsADirectoryError:
        raise LoadError(
            [_diag("NKF-E701", "Das ist ein Verzeichnis, keine Datei.", name)]
        ) from None
    except FileNotFoundError:
        raise LoadError([_diag("NKF-E701", "Die Datei gibt es nicht.", name)]) from None
    except OSError as exc:
        raise LoadError(
            [_diag("NKF-E701", f"Die Datei kann nicht gelesen werden ({os_problem(exc)}).", name)]
        ) from None
    return data, name, None


def _too_large(size: int, cap: int, file: str | None) -> Diagnostic:
    return _diag(
        "NKF-E706",
        f"Die Datei ist zu groß ({size} Bytes; erlaubt sind höchstens {cap} Bytes).",
        file,
    )


def _decode(data: bytes) -> tuple[str | None, str | None]:
    """Decode ``data``: UTF-16 with BOM, UTF-8 (with or without BOM), else cp1252/Latin-1."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            return None, None
    if b"\x00" in data:
        return None, None
    if data.startswith(codecs.BOM_UTF8):
        try:
            return data.decode("utf-8-sig"), "utf-8-sig"
        except UnicodeDecodeError:
            return None, None
    for encoding in ("utf-8", "cp1252", "latin-1"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise AssertionError  # pragma: no cover - latin-1 decodes every byte


def _looks_binary(text: str) -> bool:
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n\x0c")
    return controls > max(2, len(text) // 200)


_DELIMITERS: Final = (",", ";", "\t", "|")


def _records(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """The records of ``text`` with the line each one starts on (1-based)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    start = 1
    for row in reader:
        yield start, row
        start = reader.line_num + 1


def _fit(text: str, delimiter: str) -> tuple[float, int]:
    """How well ``delimiter`` splits the first rows: (share of consistent rows, width)."""
    rows = []
    try:
        for _, row in _records(text, delimiter):
            if any(cell.strip() for cell in row):
                rows.append(len(row))
            if len(rows) >= 30:
                break
    except csv.Error:
        return 0.0, 0
    if not rows or rows[0] < 2:
        return 0.0, rows[0] if rows else 0
    same = sum(1 for n in rows[1:] if n == rows[0]) if len(rows) > 1 else 1
    return same / max(1, len(rows) - 1), rows[0]


def _delimiter(text: str) -> str:
    """The separator: csv.Sniffer's guess if it splits the rows evenly, else the best fit."""
    sample = text[:65536]
    try:
        guess: str | None = csv.Sniffer().sniff(sample, delimiters="".join(_DELIMITERS)).delimiter
    except csv.Error:
        guess = None
    if guess is not None:
        share, width = _fit(sample, guess)
        if width >= 2 and share >= 0.9:
            return guess
    scored = [(_fit(sample, d), -i, d) for i, d in enumerate(_DELIMITERS)]
    return max(scored)[2]


def read_csv(
    source: str | os.PathLike[str] | bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> CsvTable:
    r"""Read a CSV file: detect encoding and separator, split header and rows.

    Args:
        source: A path, or the bytes of the file.
        max_bytes: The largest file read (NKF-E706 beyond).

    Returns:
        The table; problems with the data are in ``diagnostics`` (the header is empty when
        the data could not be read as CSV).

    Raises:
        LoadError: The file cannot be opened (NKF-E701).

    >>> table = read_csv(b"\xef\xbb\xbfJahr;Betrag\r\n2026;1,5\r\n\r\n2027;2\r\n")
    >>> table.encoding, table.delimiter, table.header, [r.line for r in table.records]
    ('utf-8-sig', ';', ('Jahr', 'Betrag'), [2, 4])
    """
    data, name, problem = _read_bytes(source, max_bytes)
    if data is None:
        return CsvTable(
            file=name, encoding=None, delimiter=None, diagnostics=(problem,) if problem else ()
        )
    text, encoding = _decode(data)
    if text is None or _looks_binary(text):
        return CsvTable(
            file=name,
            encoding=None,
            delimiter=None,
            diagnostics=(
                _diag(
                    "NKF-E702",
                    "Die Datei ist keine CSV-Textdatei (sie enthält Binärdaten oder "
                    "Steuerzeichen); erwartet wird Text in UTF-8 oder Windows-1252/Latin-1.",
                    name,
                ),
            ),
        )
    if not text.strip():
        return CsvTable(
            file=name,
            encoding=encoding,
            delimiter=None,
            diagnostics=(_diag("NKF-E703", "Die Datei ist leer.", name, 1),),
        )
    delimiter = _delimiter(text)
    header: tuple[str, ...] = ()
    records: list[CsvRecord] = []
    try:
        for line, row in _records(text, delimiter):
            if not any(cell.strip() for cell in row):
                continue
            if not header:
                header = tuple(_clean(cell) for cell in row)
                continue
            records.append(CsvRecord(line=line, cells=tuple(row)))
    except csv.Error as exc:  # pragma: no cover - strict=False makes the reader lenient
        return CsvTable(
            file=name,
            encoding=encoding,
            delimiter=delimiter,
            diagnostics=(_diag("NKF-E702", f"Die Datei ist kein lesbares CSV: {exc}", name),),
        )
    diagnostics: tuple[Diagnostic, ...] = ()
    if not records:
        diagnostics = (
            _diag("NKF-E703", "Die Datei hat eine Kopfzeile, aber keine Datenzeilen.", name, 1),
        )
    return CsvTable(
        file=name,
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        records=tuple(records),
        diagnostics=diagnostics,
    )


# ---------------------------------------------------------------------------------------
# Result types
# ---------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class FileTotal:
    """The file's own total for one direction and column (Summe laut Datei).

    Attributes:
        direction: Erträge (``Direction.IN``) or Aufwendungen (``Direction.OUT``).
        kind: The value kind of the column.
        year: The year of the column.
        amount: The sum of every row of the file whose direction, kind, year and amount
            could be read (after ``negate_expenses``).
        imported: The part of ``amount`` that went into the plan; differs from ``amount``
            only when rows were rejected (each with an error diagnostic).
        rows: The number of rows summed in ``amount``.
    """

    direction: Direction
    kind: ValueKind
    year: int
    amount: Decimal
    imported: Decimal
    rows: int

    @property
    def column(self) -> Column:
        """The plan column of this total."""
        return Column(year=self.year, kind=self.kind)


@attrs.frozen(kw_only=True)
class ImportResult:
    """What :func:`import_csv` returns (Importergebnis).

    Attributes:
        plan: The imported Haushaltsplan (empty when the file could not be used).
        diagnostics: Every finding, sorted by line; errors name rows that were not imported.
        totals: The file's totals per (direction, value kind, year), to compare with
            :func:`plan_totals`.
        layout: The name of the mapping used, or None.
        encoding: The detected encoding, or None.
        delimiter: The detected separator, or None.
    """

    plan: BudgetPlan
    diagnostics: tuple[Diagnostic, ...]
    totals: tuple[FileTotal, ...]
    layout: str | None = None
    encoding: str | None = None
    delimiter: str | None = None

    @property
    def ok(self) -> bool:
        """True if no finding is an error."""
        return not any(d.is_error for d in self.diagnostics)


def plan_totals(plan: BudgetPlan) -> dict[tuple[Direction, Column], Decimal]:
    """The plan's Erträge and Aufwendungen per column, summed over its Teilergebnispläne.

    Erträge are lines 10 (Ordentliche Erträge), 19, 23 and 27, Aufwendungen lines 17, 20,
    24 and 28 of each unit (an area's own lines if it has any, else its groups', else their
    products'). For a file of ordinary figures only, this is Σ line 10 and Σ line 17; it
    equals the file's totals (:attr:`ImportResult.totals`) when no row was rejected.
    """
    totals: dict[tuple[Direction, Column], Decimal] = {}
    for unit in plan.part_units(_TEP):
        for direction, numbers in ((_IN, _INCOME_TOTAL_LINES), (_OUT, _EXPENSE_TOTAL_LINES)):
            for number in numbers:
                line = unit.line(_TEP, number)
                if line is None:
                    continue
                for column, value in zip(line.columns, line.values, strict=True):
                    if value is not None:
                        key = (direction, column)
                        totals[key] = totals.get(key, Decimal(0)) + value
    return totals


# ---------------------------------------------------------------------------------------
# The importer
# ---------------------------------------------------------------------------------------

_LABEL_PREFIX: Final = re.compile(r"^[^\d]*[^\W\d_][^\d]*?(?=\d)")
_CODE_DIGITS: Final = re.compile(r"[0-9]+")
_YEAR: Final = re.compile(r"([0-9]{4})(?:\.0+)?")


class _RowError(Exception):
    """A problem with one cell of a row (becomes a diagnostic)."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _strip_label(text: str) -> str:
    """``Produktgruppe 01.01`` → ``01.01``; ``PB 5`` → ``5``."""
    return _LABEL_PREFIX.sub("", text.strip()).strip()


@attrs.frozen(kw_only=True)
class _Codes:
    area: Code
    group: Code | None
    product: Code | None

    @property
    def unit(self) -> tuple[str, str | None, str | None]:
        return (
            self.area.compact,
            self.group.compact if self.group else None,
            self.product.compact if self.product else None,
        )


class _Importer:
    """Turns the records of one table into plan lines, totals and diagnostics."""

    def __init__(
        self,
        table: CsvTable,
        mapping: ColumnMapping,
        index: dict[str, int],
        framework: Framework,
    ) -> None:
        self.table = table
        self.mapping = mapping
        self.index = index
        self.framework = framework
        self.areas = frozenset(a.code for a in framework.areas) | frozenset(mapping.local_areas)
        self.directions = {**_DIRECTION_WORDS, **{w: (d, False) for w, d in mapping.directions}}
        self.kinds = {**_KIND_WORDS, **dict(mapping.kinds)}
        self.diagnostics: list[Diagnostic] = []
        self.values: dict[tuple[str, str | None, str | None], dict[int, dict[Column, Decimal]]] = {}
        self.names: dict[str, str] = {}
        self.name_conflicts: set[str] = set()
        self.local_seen: set[str] = set()
        self.direct_cells: set[tuple[tuple[str, str | None, str | None], int, Column]] = set()
        self.buckets: dict[tuple[Direction, ValueKind, int], _Bucket] = {}
        self.non_ordinary_totals = False
        self.used_default_kind = False
        marks = [self.cell(r.cells, "amount") for r in table.records]
        if mapping.decimal_mark is not None:
            self.mark: str | None = mapping.decimal_mark
        else:
            self.mark, conflict = _column_mark(marks)
            if conflict:
                self.warn(
                    "NKF-W723",
                    f"Die Spalte „{mapping.amount}“ mischt deutsche (1.234,56) und englische "
                    f"(1234.56) Schreibweise; mehrdeutige Werte wie 1.234 werden als "
                    f"{'deutsch' if self.mark == ',' else 'englisch'} gelesen.",
                    1,
                )

    # -- helpers ---------------------------------------------------------------------
    def warn(self, code: str, message: str, line: int | None) -> None:
        self.diagnostics.append(_diag(code, message, self.table.file, line))

    def cell(self, cells: Sequence[str], role: str) -> str:
        i = self.index.get(role)
        if i is None or i >= len(cells):
            return ""
        return cells[i].strip()

    def name(self, role: str, cells: Sequence[str], code: str, line: int) -> None:
        name = _clean(self.cell(cells, role)) if role in self.index else ""
        if not name:
            return
        known = self.names.get(code)
        if known is None:
            self.names[code] = name
        elif _key(known) != _key(name) and code not in self.name_conflicts:
            self.name_conflicts.add(code)
            self.warn(
                "NKF-W722",
                f"Die Nummer {code} heißt hier „{name}“, weiter oben aber „{known}“; "
                f"der erste Name bleibt.",
                line,
            )

    # -- cells -----------------------------------------------------------------------
    def parse(self, text: str, level: CodeLevel | None = None) -> Code:
        return parse_code(text, level=level, areas=self.areas)

    def area_code(self, raw: str) -> Code | None:
        if not raw:
            return None
        text = _strip_label(raw)
        try:
            return self.parse(text, CodeLevel.AREA)
        except InvalidCode as exc:
            raise _RowError("NKF-E710", f"Produktbereich: {exc}") from None

    def relative(self, text: str, parent: Code, level: CodeLevel) -> Code | None:
        """Read ``text`` as a code relative to ``parent`` (Köln ``101`` in area 1 → 0101)."""
        if not _CODE_DIGITS.fullmatch(text):
            return None
        if level is CodeLevel.GROUP:
            prefixes = [p for p in (parent.area, parent.area.lstrip("0")) if text.startswith(p)]
            rests = [text[len(p) :] for p in prefixes] + [text]
            for rest in rests:
                if len(rest) in {2, 3}:
                    try:
                        return self.parse(f"{parent.area}.{rest}", CodeLevel.GROUP)
                    except InvalidCode:
                        continue
            return None
        if len(text) == 2 and parent.group is not None:
            return Code(area=parent.area, group=parent.group, number=text)
        return None

    def group_code(self, raw: str, area: Code | None) -> Code | None:
        if not raw:
            return None
        text = _strip_label(raw)
        finding = "NKF-E710"
        try:
            code = self.parse(text)
        except InvalidCode as exc:
            problem = str(exc)
        else:
            if code.level is CodeLevel.GROUP and (area is None or code.area == area.area):
                return code
            if code.level is not CodeLevel.GROUP:
                problem = f"„{raw}“ ist keine Produktgruppe."
            else:
                finding = "NKF-E711"
                problem = f"„{raw}“ gehört nicht zum Produktbereich {area.area if area else ''}."
        if area is not None:
            relative = self.relative(text, area, CodeLevel.GROUP)
            if relative is not None:
                return relative
        raise _RowError(finding, f"Produktgruppe: {problem}")

    def product_code(self, raw: str, group: Code | None) -> Code | None:
        if not raw:
            return None
        text = _strip_label(raw)
        try:
            code = self.parse(text)
        except InvalidCode as exc:
            if group is not None and (rel := self.relative(text, group, CodeLevel.PRODUCT)):
                return rel
            raise _RowError("NKF-E710", f"Produkt: {exc}") from None
        if code.level is not CodeLevel.PRODUCT:
            if group is not None and (rel := self.relative(text, group, CodeLevel.PRODUCT)):
                return rel
            raise _RowError("NKF-E710", f"Produkt: „{raw}“ ist kein Produkt.")
        return code

    def codes(self, cells: Sequence[str]) -> _Codes:
        raw_area = self.cell(cells, "area_code")
        raw_group = self.cell(cells, "group_code")
        raw_product = self.cell(cells, "product_code")
        area = self.area_code(raw_area)
        group = self.group_code(raw_group, area)
        product = self.product_code(raw_product, group)
        if product is not None:
            parent = product.parent
            if group is not None and parent != group:
                raise _RowError(
                    "NKF-E711",
                    f"Das Produkt {product.compact} gehört nicht zur Produktgruppe "
                    f"{group.compact}.",
                )
            group = parent
        if group is not None:
            if area is not None and group.area != area.area:
                raise _RowError(
                    "NKF-E711",
                    f"Die Produktgruppe {group.compact} gehört nicht zum Produktbereich "
                    f"{area.compact}.",
                )
            area = Code(area=group.area)
        if area is None:
            raise _RowError(
                "NKF-E710", "Die Zeile nennt weder Produktbereich noch Produktgruppe noch Produkt."
            )
        return _Codes(area=area, group=group, product=product)

    def direction(self, cells: Sequence[str]) -> tuple[Direction, bool] | None:
        if "direction" not in self.index:
            return None
        raw = self.cell(cells, "direction")
        found = self.directions.get(_key(raw))
        if found is None:
            raise _RowError(
                "NKF-E712",
                f"„{raw}“ ist keine bekannte Richtung; erwartet wird z. B. Ertrag, Einnahmen, "
                "Ord. Erträge oder Aufwand, Ausgaben, Ord. Aufwendungen (eigene Wörter: "
                "ColumnMapping.directions).",
            )
        return found

    def kind(self, cells: Sequence[str]) -> ValueKind:
        if "kind" not in self.index:
            self.used_default_kind = True
            return self.mapping.default_kind or ValueKind.ANSATZ
        raw = self.cell(cells, "kind")
        found = self.kinds.get(_key(raw))
        if found is None:
            raise _RowError(
                "NKF-E713",
                f"„{raw}“ ist keine bekannte Wertart; erwartet wird Ist/Ergebnis, "
                "Soll/Ansatz/Plan oder Planung (eigene Wörter: ColumnMapping.kinds).",
            )
        return found

    def year(self, cells: Sequence[str]) -> int:
        if "year" not in self.index and self.mapping.default_year is not None:
            return self.mapping.default_year
        raw = self.cell(cells, "year")
        match = _YEAR.fullmatch(raw)
        if match is None or not 1900 <= int(match.group(1)) <= 2199:
            raise _RowError("NKF-E714", f"„{raw}“ ist keine Jahreszahl (erwartet z. B. 2026).")
        return int(match.group(1))

    def amount(self, cells: Sequence[str]) -> Decimal | None:
        raw = self.cell(cells, "amount")
        if raw in _EMPTY:
            return None
        try:
            return parse_number(raw, decimal_mark=self.mark)
        except InvalidFormat as exc:
            raise _RowError("NKF-E715", f"Betrag: {exc}") from None

    def account(self, cells: Sequence[str]) -> tuple[int, Direction] | None:
        if "account_code" not in self.index:
            return None
        raw = self.cell(cells, "account_code")
        sub = self.cell(cells, "subaccount_code")
        digits = "".join(_CODE_DIGITS.findall(raw))
        sub_digits = "".join(_CODE_DIGITS.findall(sub))
        code = sub_digits if sub_digits.startswith(digits) and sub_digits else digits
        if not code:
            raise _RowError("NKF-E716", "Die Zeile nennt kein Konto (Kontengruppe).")
        line = account_line(code, self.mapping.accounts)
        direction = _ACCOUNT_CLASS_DIRECTION.get(code[0])
        if line is None or direction is None:
            raise _RowError(
                "NKF-E716",
                f"Das Konto {code} gehört zu keiner Zeile des Teilergebnisplans (erwartet "
                "werden Erträge der Kontenklasse 4 und Aufwendungen der Kontenklasse 5; "
                "eigene Zuordnungen: ColumnMapping.accounts).",
            )
        return line, direction

    # -- rows ------------------------------------------------------------------------
    def add(self, record: CsvRecord) -> None:
        """Read one row: add it to the totals and, if it is sound, to the plan lines."""
        cells = record.cells
        width = len(self.table.header)
        if len(cells) > width and any(c.strip() for c in cells[width:]):
            self.warn(
                "NKF-E718",
                f"Die Zeile hat {len(cells)} Zellen, die Kopfzeile nur {width}; die Zeile "
                "wurde nicht übernommen (ein Trennzeichen im Text ohne Anführungszeichen?).",
                record.line,
            )
            return
        row = _Row(self, cells)
        if row.amount is None and row.amount_read:
            self.warn("NKF-W720", "Der Betrag ist leer; die Zeile wurde übersprungen.", record.line)
            return
        direction = row.direction
        if row.account is not None:
            if direction is not None and direction is not row.account[1]:
                row.errors.append(
                    _RowError(
                        "NKF-E717",
                        f"Das Konto gehört zu den {_word(row.account[1])}, die Zeile ist aber "
                        f"als {_word(direction)} ausgewiesen.",
                    )
                )
            direction = row.account[1] if direction is None else direction
        amount = row.amount
        if amount is not None and self.mapping.negate_expenses and direction is _OUT:
            amount = -amount
        bucket = None
        if None not in (direction, row.kind, row.year, amount):
            key = (cast("Direction", direction), cast("ValueKind", row.kind), cast("int", row.year))
            bucket = self.buckets.setdefault(key, _Bucket())
            bucket.amount += cast("Decimal", amount)
            bucket.rows += 1
        for error in row.errors:
            self.warn(error.code, f"{error.message} Die Zeile wurde nicht übernommen.", record.line)
        if row.errors or row.codes is None or row.kind is None or row.year is None:
            return
        if amount is None or direction is None:  # pragma: no cover - errors say why
            return
        column = Column(year=row.year, kind=row.kind)
        if row.account is not None:
            number = row.account[0]
        else:
            number = _ORDINARY_INCOME if direction is _IN else _ORDINARY_EXPENSES
            self.non_ordinary_totals |= not row.ordinary
            self.check_duplicate(row.codes, number, column, record.line)
        self.store(row.codes, number, column, amount, record)
        if bucket is not None:
            bucket.imported += amount

    def check_duplicate(self, codes: _Codes, number: int, column: Column, line: int) -> None:
        """Warn about a second direction-total row for the same unit, line and column."""
        key = (codes.unit, number, column)
        if key in self.direct_cells:
            self.warn(
                "NKF-W724",
                f"Für {_unit_word(codes)}, Zeile {number:02d}, {column} gibt es schon eine "
                "Zeile; die Beträge werden addiert.",
                line,
            )
        self.direct_cells.add(key)

    def store(
        self, codes: _Codes, number: int, column: Column, amount: Decimal, record: CsvRecord
    ) -> None:
        """Add ``amount`` to the line of the unit and remember the names of the file."""
        cell = self.values.setdefault(codes.unit, {}).setdefault(number, {})
        cell[column] = cell.get(column, Decimal(0)) + amount
        area = codes.area.compact
        if self.framework.area(area) is None and area not in self.local_seen:
            self.local_seen.add(area)
            self.warn(
                "NKF-W721",
                f"Den Produktbereich {area} gibt es im Haushaltsrahmen {self.framework.name} "
                "nicht; er wird als örtliche Erweiterung übernommen (die Prüfung meldet ihn "
                "als NKF-E104).",
                record.line,
            )
        self.name("area_name", record.cells, area, record.line)
        if codes.group is not None:
            self.name("group_name", record.cells, codes.group.compact, record.line)
        if codes.product is not None:
            self.name("product_name", record.cells, codes.product.compact, record.line)

    # -- the plan --------------------------------------------------------------------
    def plan(
        self,
        columns: tuple[Column, ...],
        years: tuple[int, ...],
        planning: tuple[int, ...] | None,
        municipality: str | None,
    ) -> BudgetPlan:
        """Build the plan from the lines read: areas, groups, products in code order."""
        framework, names = self.framework, self.names
        tree: dict[str, dict[str | None, set[str | None]]] = {}
        for area, group, product in self.values:
            tree.setdefault(area, {}).setdefault(group, set()).add(product)

        def lines(key: tuple[str, str | None, str | None]) -> tuple[PlanLine, ...]:
            found = self.values.get(key)
            return _plan_lines(found, columns) if found else ()

        areas: list[BudgetArea] = []
        for area in sorted(tree):
            definition = framework.area(area)
            area_name = names.get(area) or (
                definition.name if definition is not None else f"Produktbereich {area}"
            )
            groups: list[ProductGroup] = []
            for group in sorted(g for g in tree[area] if g is not None):
                products = tuple(
                    Product(
                        code=product,
                        name=names.get(product) or f"Produkt {product}",
                        lines=lines((area, group, product)),
                    )
                    for product in sorted(p for p in tree[area][group] if p is not None)
                )
                groups.append(
                    ProductGroup(
                        code=group,
                        name=names.get(group) or _group_name(group, framework),
                        products=products,
                        lines=lines((area, group, None)),
                    )
                )
            areas.append(
                BudgetArea(
                    code=area,
                    name=area_name,
                    groups=tuple(groups),
                    lines=lines((area, None, None)),
                )
            )
        source = self.table.file or "CSV-Daten"
        extra: dict[str, Any] = {"planning_years": planning} if planning else {}
        plan = BudgetPlan(
            municipality=Municipality(name=municipality or "unbekannt"),
            years=years,
            framework=framework.id,
            note=f"Importiert aus {source} (Offener Haushalt, Layout „{self.mapping.name}“).",
            areas=tuple(areas),
            **extra,
        )
        # Sum and balance lines (10, 17, 18, 22, 26, 29) where at least one of their lines is
        # present; direction totals given as line 10/17 without details stay as they are.
        return recompute(plan)


@attrs.define
class _Bucket:
    """A file total being summed (see :class:`FileTotal`)."""

    amount: Decimal = Decimal(0)
    imported: Decimal = Decimal(0)
    rows: int = 0


class _Row:
    """The cells of one row read by an importer; each problem is kept in ``errors``."""

    def __init__(self, importer: _Importer, cells: Sequence[str]) -> None:
        self.errors: list[_RowError] = []
        self.codes = self.read(importer.codes, cells)
        found = self.read(importer.direction, cells)
        self.direction: Direction | None = found[0] if found else None
        self.ordinary = bool(found and found[1])
        self.kind = self.read(importer.kind, cells)
        self.year = self.read(importer.year, cells)
        self.amount = self.read(importer.amount, cells)
        self.amount_read = not any(e.code == "NKF-E715" for e in self.errors)
        self.account = self.read(importer.account, cells)

    def read(self, reader: Callable[[Sequence[str]], _T], cells: Sequence[str]) -> _T | None:
        try:
            return reader(cells)
        except _RowError as exc:
            self.errors.append(exc)
            return None


def _word(direction: Direction) -> str:
    return "Erträgen" if direction is _IN else "Aufwendungen"


def _unit_word(codes: _Codes) -> str:
    if codes.product is not None:
        return f"Produkt {codes.product.compact}"
    if codes.group is not None:
        return f"Produktgruppe {codes.group.compact}"
    return f"Produktbereich {codes.area.compact}"


def _plan_lines(
    lines: dict[int, dict[Column, Decimal]], columns: tuple[Column, ...]
) -> tuple[PlanLine, ...]:
    """The Teilergebnisplan lines read for one unit, every line with all ``columns``."""
    return tuple(
        PlanLine(
            plan=_TEP,
            number=number,
            columns=columns,
            values=tuple(lines[number].get(c) for c in columns),
        )
        for number in sorted(lines)
    )


def _budget_years(
    columns: Iterable[Column], configured: tuple[int, ...] | None
) -> tuple[tuple[int, ...], tuple[int, ...] | None, str | None]:
    """(budget years, planning years or None for the default, a note when guessed)."""
    cols = list(columns)
    planning = tuple(sorted({c.year for c in cols if c.kind is ValueKind.PLANUNG})) or None
    if configured:
        return configured, planning, None
    ansatz = [c.year for c in cols if c.kind is ValueKind.ANSATZ]
    if ansatz:
        return (max(ansatz),), planning, None
    if planning:
        year = planning[0] - 1
        return (year,), planning, f"das Jahr vor der ersten Planung ({year})"
    if cols:
        year = max(c.year for c in cols)
        return (year,), planning, f"das letzte Jahr der Datei ({year})"
    return (), planning, None


def _empty_plan(
    municipality: str | None, framework: str, years: tuple[int, ...] | None
) -> BudgetPlan:
    import datetime as dt

    return BudgetPlan(
        municipality=Municipality(name=municipality or "unbekannt"),
        years=years or (dt.datetime.now(tz=dt.UTC).year,),
        framework=framework,
    )


def _resolve(mapping: ColumnMapping, header: tuple[str, ...]) -> tuple[dict[str, int], list[str]]:
    keys = [_key(h) for h in header]
    index: dict[str, int] = {}
    missing: list[str] = []
    for role, name in mapping.columns().items():
        try:
            index[role] = keys.index(_key(name))
        except ValueError:
            missing.append(name)
    return index, missing


def _headers_text(header: Iterable[str]) -> str:
    return ", ".join(f"„{h}“" for h in header)


def import_csv(  # noqa: PLR0913 - keyword-only options of one entry point
    source: str | os.PathLike[str] | bytes,
    *,
    mapping: ColumnMapping | None = None,
    municipality: str | None = None,
    framework: str = "nrw_2019",
    budget_years: tuple[int, ...] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> ImportResult:
    """Import an Offener-Haushalt CSV file as a Haushaltsplan (CSV-Import).

    Never raises for bad data: rows that cannot be used become error diagnostics with
    their line number, and the other rows are imported.

    Args:
        source: A path, or the bytes of the file.
        mapping: Which column holds what; default: the built-in layout that fits the
            header (:data:`LAYOUTS`).
        municipality: The name of the municipality (Kommune) for the plan.
        framework: The framework catalog (``"nrw_2019"`` or ``"nrw_2004"``).
        budget_years: The budget year(s) of the plan; default: the latest Ansatz year.
        max_bytes: The largest file read.

    Returns:
        The plan, the diagnostics and the file's totals.

    Raises:
        LoadError: The file cannot be opened (missing, a directory, no permission;
            NKF-E701).
        UnknownFramework: ``framework`` names no catalog nkf has.
    """
    catalog = get_framework(framework)
    table = read_csv(source, max_bytes=max_bytes)
    diagnostics = list(table.diagnostics)

    def fail(
        extra: Iterable[Diagnostic] = (),
        layout: str | None = None,
        totals: tuple[FileTotal, ...] = (),
    ) -> ImportResult:
        return ImportResult(
            plan=_empty_plan(municipality, framework, budget_years),
            diagnostics=tuple(sort_diagnostics([*diagnostics, *extra])),
            totals=totals,
            layout=layout,
            encoding=table.encoding,
            delimiter=table.delimiter,
        )

    if not table.header or not table.records:
        return fail()
    if mapping is None:
        mapping = detect_layout(table.header)
        if mapping is None:
            return fail(
                [
                    _diag(
                        "NKF-E704",
                        f"Die Spalten {_headers_text(table.header)} passen zu keinem bekannten "
                        "Layout (Köln, Ahaus, Offener-Haushalt-Standarddatensatz). Bitte eine "
                        "Spaltenzuordnung übergeben: import_csv(..., mapping=ColumnMapping("
                        "amount=..., year=..., direction=..., group_code=..., ...)) oder "
                        "ColumnMapping.from_dict({...}); siehe docs/import.md.",
                        table.file,
                        1,
                    )
                ]
            )
    index, missing = _resolve(mapping, table.header)
    if missing:
        return fail(
            [
                _diag(
                    "NKF-E705",
                    f"Die Spaltenzuordnung „{mapping.name}“ nennt {_headers_text(missing)}, "
                    f"die Datei hat aber nur die Spalten {_headers_text(table.header)}.",
                    table.file,
                    1,
                )
            ],
            mapping.name,
        )
    importer = _Importer(table, mapping, index, catalog)
    for record in table.records:
        importer.add(record)
    diagnostics += importer.diagnostics
    totals = tuple(
        FileTotal(
            direction=direction,
            kind=kind,
            year=year,
            amount=bucket.amount,
            imported=bucket.imported,
            rows=bucket.rows,
        )
        for (direction, kind, year), bucket in sorted(
            importer.buckets.items(),
            key=lambda item: (Column(year=item[0][2], kind=item[0][1]), item[0][0].value),
        )
    )

    columns = tuple(
        sorted({c for unit in importer.values.values() for v in unit.values() for c in v})
    )
    years, planning, guessed = _budget_years(columns, budget_years)
    layout_note = (
        f"Gelesen als {table.encoding}, Trennzeichen „{_show_delimiter(table.delimiter)}“, "
        f"Layout „{mapping.name}“: {len(table.records)} Datenzeilen, Spalten "
        f"{', '.join(str(c) for c in columns) or 'keine'}."
    )
    diagnostics.append(_diag("NKF-I730", layout_note, table.file))
    if importer.used_default_kind:
        kind = mapping.default_kind or ValueKind.ANSATZ
        diagnostics.append(
            _diag(
                "NKF-I731",
                f"Die Datei hat keine Spalte für die Wertart; alle Beträge werden als "
                f"{kind.label} gelesen.",
                table.file,
            )
        )
    if importer.non_ordinary_totals:
        diagnostics.append(
            _diag(
                "NKF-I732",
                "Die Datei nennt nur Ertrag und Aufwand je Einheit; die Beträge stehen in "
                "Zeile 10 (Ordentliche Erträge) und Zeile 17 (Ordentliche Aufwendungen). Das "
                "ist eine Näherung: Finanz- und außerordentliche Erträge und Aufwendungen "
                "lassen sich nicht abtrennen.",
                table.file,
            )
        )
    if guessed is not None:
        diagnostics.append(
            _diag(
                "NKF-I733",
                f"Die Datei hat keine Ansatz-Spalte; als Haushaltsjahr gilt {guessed}.",
                table.file,
            )
        )
    if not years:
        return fail(layout=mapping.name, totals=totals)

    plan = importer.plan(columns, years, planning, municipality)
    return ImportResult(
        plan=plan,
        diagnostics=tuple(sort_diagnostics(diagnostics)),
        totals=totals,
        layout=mapping.name,
        encoding=table.encoding,
        delimiter=table.delimiter,
    )


def _show_delimiter(delimiter: str | None) -> str:
    return {"\t": "Tabulator", None: "?"}.get(delimiter, delimiter or "?")


def _group_name(code: str, framework: Framework) -> str:
    if len(code) == 5:
        statistical = framework.statistical_group(code[2:])
        if statistical is not None:
            return statistical.name
    return f"Produktgruppe {code}"
