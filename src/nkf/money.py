r"""Money as :class:`~decimal.Decimal`, and German numbers, percentages and dates.

Amounts are never ``float`` (style.md rule 5). Rounding is always explicit and
``ROUND_HALF_UP`` (kaufmännisches Runden), and a rounded negative zero becomes zero:

>>> quantize(Decimal("1234.565"))
Decimal('1234.57')
>>> quantize(Decimal("-0.001"))
Decimal('0.00')
>>> to_decimal(0.1)
Traceback (most recent call last):
    ...
TypeError: float ist für Geldbeträge nicht erlaubt (0.1 ist als float nicht exakt); bitte
Decimal, int oder str übergeben, z. B. Decimal("0.1").

German amounts as printed in NRW budgets and motions (amendments.md requirement 15):

>>> parse_amount("1.234,56 €")
Decimal('1234.56')
>>> parse_amount("35.499.229-")  # Münster prints the minus sign behind the number
Decimal('-35499229')
>>> parse_amount("750 T€"), parse_amount("1,2 Mio. €")
(Decimal('750000'), Decimal('1200000'))
>>> parse_optional_amount("--") is None  # IKVS prints "--" for an empty cell
True
>>> parse_percent("29,50 %"), parse_percent("5 v. H.")
(Decimal('29.50'), Decimal('5'))
>>> parse_amount("1,234.56")
Traceback (most recent call last):
    ...
nkf.errors.InvalidFormat: „1,234.56“ ist kein gültiger Betrag: nach dem Dezimalkomma dürfen nur
Ziffern stehen (englische Schreibweise?); deutsch: 1.234,56.

Formatting goes through babel with the locale ``de_DE`` only; babel rounds
``ROUND_HALF_EVEN`` by default, so values are rounded here first:

>>> format_amount(Decimal("1234.565"))
'1.234,57\xa0€'
>>> format_amount(Decimal("-1900000"), currency=False, decimals=0)
'-1.900.000'
>>> format_percent(Decimal("29.5"))
'29,50\xa0%'
>>> format_date(parse_date("30.06.2021"))
'30.06.2021'

Grammar of :func:`parse_amount`
===============================

``[sign] digits [, decimals] [sign] [unit]``, with at most one sign:

* sign: ``-``, ``−`` (U+2212) or ``+`` in front; ``-`` or ``−`` behind the number
  (Münster: ``35.499.229-``);
* digits: either plain (``1234``) or in groups of exactly three digits after a first
  group of one to three (``1.234.567``). The group separator is ``.`` or, as babel and
  typesetting print it, a space, NBSP or narrow NBSP; one kind per number. No leading
  zeros (``0,5`` is fine, ``01`` is not);
* decimals: a comma followed by at least one digit;
* unit: ``€``, ``EUR`` or ``Euro``, optionally after a scale ``T``/``Tsd.``/``Tausend``
  (× 1.000), ``Mio.``/``Millionen`` (× 1.000.000) or ``Mrd.``/``Milliarden``
  (× 1.000.000.000). The scale words other than ``T`` may stand without a currency.

The grammar is implemented here rather than with babel's
``parse_decimal(strict=True)``: babel rejects the trailing minus, the Unicode minus and
space-grouped digits, and knows no units. The tests check that both agree on the forms
babel reads. Parsing never imports babel; formatting imports it on first use.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation, localcontext
from typing import Final

from nkf.errors import InvalidFormat

__all__ = [
    "CENT",
    "EURO",
    "format_amount",
    "format_date",
    "format_percent",
    "parse_amount",
    "parse_date",
    "parse_optional_amount",
    "parse_percent",
    "quantize",
    "to_decimal",
]

CENT: Final = Decimal("0.01")
"""The quantum of amounts in euros and cents."""
EURO: Final = Decimal(1)
"""The quantum of whole euros."""

_LOCALE: Final = "de_DE"
_MINUS: Final = "-−"  # hyphen-minus and U+2212 MINUS SIGN
_GROUP_SEPARATORS: Final = ".\u0020\u00a0\u202f"
_EMPTY_MARKERS: Final = frozenset({"", "-", "--", "−", "–", "—"})


class _Patterns:
    """The regular expressions of the parsers, compiled on first use rather than at import.

    Checking and writing plans does not parse German text; compiling these when
    :mod:`nkf.money` is imported would slow down the start of ``nkf validate``.
    """

    def __init__(self) -> None:
        self.scales: Final[tuple[tuple[re.Pattern[str], int], ...]] = (
            (re.compile(r"t|tsd\.?|tausend", re.IGNORECASE), 3),
            (re.compile(r"mio\.?|millionen", re.IGNORECASE), 6),
            (re.compile(r"mrd\.?|milliarden", re.IGNORECASE), 9),
        )
        self.unit: Final = re.compile(
            r"""\s*(?:
                (?P<scale>t|tsd\.?|tausend|mio\.?|millionen|mrd\.?|milliarden)?\s*(?:€|eur|euro)
                | (?P<word>tsd\.|tausend|mio\.?|millionen|mrd\.?|milliarden)
            )$""",
            re.IGNORECASE | re.VERBOSE,
        )
        self.percent_unit: Final = re.compile(
            r"\s*(?:%|v\.\s*H\.|vom\s+Hundert|Prozent)$", re.IGNORECASE
        )
        self.points: Final = re.compile(r"prozentpunkt|%-?punkt|%-?pkt|\bpp\b", re.IGNORECASE)
        self.body_chars: Final = re.compile(r"[0-9,.\u0020\u00a0\u202f]+")
        self.de_date: Final = re.compile(r"([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4})")
        self.iso_date: Final = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


_MONTHS: Final = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def to_decimal(value: str | int | Decimal) -> Decimal:
    """Convert a value to a finite :class:`~decimal.Decimal`, refusing ``float``.

    Strings use Python's notation (``"1234.56"``); German text goes to
    :func:`parse_amount`. The converter for money fields of the model.

    Raises:
        TypeError: ``value`` is a ``float``, a ``bool`` or of another type.
        InvalidFormat: The string is not a number, or the value is NaN or infinite.

    >>> to_decimal("1234.56"), to_decimal(7)
    (Decimal('1234.56'), Decimal('7'))
    """
    obj: object = value
    if isinstance(obj, float):
        msg = (
            f"float ist für Geldbeträge nicht erlaubt ({obj!r} ist als float nicht exakt); "
            f'bitte Decimal, int oder str übergeben, z. B. Decimal("{obj!r}").'
        )
        raise TypeError(msg)
    if isinstance(obj, bool) or not isinstance(obj, (str, int, Decimal)):
        msg = f"Ein Betrag muss Decimal, int oder str sein, nicht {type(obj).__name__}."
        raise TypeError(msg)
    if isinstance(obj, str):
        try:
            result = Decimal(obj.strip())
        except InvalidOperation:
            raise InvalidFormat(
                f"„{obj}“ ist keine Dezimalzahl: erwartet wird z. B. 1234.56 "
                "(deutsche Schreibweise wie 1.234,56 liest parse_amount)."
            ) from None
    else:
        result = Decimal(obj)
    if not result.is_finite():
        raise InvalidFormat(f"„{obj}“ ist keine endliche Zahl (NaN und Unendlich sind verboten).")
    return result


def quantize(value: Decimal, exp: Decimal = CENT) -> Decimal:
    """Round ``value`` to the exponent of ``exp`` with ``ROUND_HALF_UP``.

    The result never is a negative zero. The precision grows with the value, so large
    amounts are not cut off by the default context.

    Raises:
        InvalidFormat: ``value`` is NaN or infinite.
        ValueError: ``exp`` is not finite.

    >>> quantize(Decimal("2.675")), quantize(Decimal("-2.5"), EURO)
    (Decimal('2.68'), Decimal('-3'))
    """
    if not value.is_finite():
        raise InvalidFormat(f"„{value}“ ist keine endliche Zahl.")
    exponent = exp.as_tuple().exponent
    if not isinstance(exponent, int):
        msg = f"Der Rundungsschritt {exp} ist keine endliche Zahl."
        raise ValueError(msg)  # noqa: TRY004 - a bad value, not a bad type
    context = Context(prec=max(28, value.adjusted() - exponent + 3), rounding=ROUND_HALF_UP)
    result = value.quantize(exp, rounding=ROUND_HALF_UP, context=context)
    return result.copy_abs() if result.is_zero() else result


def _scale_of(word: str) -> int:
    for pattern, scale in _patterns().scales:
        if pattern.fullmatch(word):
            return scale
    raise AssertionError(word)  # pragma: no cover - the unit and the scale patterns agree


def _number(text: str, body: str, kind: str, units: str, scale: int) -> Decimal:
    """Read an unsigned German number ``body`` times ``10**scale``; errors name ``text``."""

    def error(reason: str) -> InvalidFormat:
        return InvalidFormat(f"„{text}“ ist {kind}: {reason}")

    if body != body.strip():
        raise error("zwischen Vorzeichen, Zahl und Einheit ist ein Leerzeichen zu viel.")
    if not _patterns().body_chars.fullmatch(body):
        raise error(
            "er enthält Zeichen, die in einer Zahl nicht vorkommen; erlaubt sind Ziffern, "
            f"Tausenderpunkte, ein Dezimalkomma, ein Vorzeichen und {units}."
        )
    if body.count(",") > 1:
        raise error("er hat mehr als ein Komma; das Komma trennt die Nachkommastellen ab.")
    whole, comma, fraction = body.partition(",")
    if comma and not fraction:
        raise error("nach dem Komma fehlen die Nachkommastellen.")
    if not fraction.isdigit() and fraction:
        english = " (englische Schreibweise?); deutsch: 1.234,56" if "." in fraction else ""
        raise error(f"nach dem Dezimalkomma dürfen nur Ziffern stehen{english}.")
    if not whole:
        raise error("vor dem Komma fehlt eine Ziffer (0,5 statt ,5).")
    separators = {char for char in whole if char in _GROUP_SEPARATORS}
    if len(separators) > 1:
        raise error("er mischt verschiedene Tausendertrennzeichen.")
    groups = whole.split(separators.pop()) if separators else [whole]
    if len(groups) > 1 and (
        not 1 <= len(groups[0]) <= 3 or any(len(group) != 3 for group in groups[1:])
    ):
        raise error(
            "Tausendergruppen müssen genau drei Ziffern haben (1.234.567), "
            "und vor der ersten Gruppe stehen höchstens drei Ziffern."
        )
    digits = "".join(groups)
    if len(digits) > 1 and digits.startswith("0"):
        raise error("eine Zahl beginnt nicht mit einer führenden Null.")
    # Shift the decimal point in the text, so that no context can round the result.
    digits, fraction = digits + fraction[:scale].ljust(scale, "0"), fraction[scale:]
    return Decimal(f"{digits}.{fraction}" if fraction else digits)


def _signed(text: str, core: str, kind: str, units: str, scale: int = 0) -> Decimal:
    """Read ``core`` (a number with its sign, without unit); errors name ``text``."""
    if not core.strip("+" + _MINUS):
        raise InvalidFormat(f"„{text}“ ist {kind}: es fehlen die Ziffern.")
    lead = len(core) - len(core.lstrip("+" + _MINUS))
    trail = len(core) - len(core.rstrip(_MINUS))
    if lead + trail > 1:
        raise InvalidFormat(f"„{text}“ ist {kind}: er hat mehr als ein Vorzeichen.")
    negative = (lead == 1 and core[0] in _MINUS) or trail == 1
    number = _number(text, core[lead : len(core) - trail], kind, units, scale)
    return number.copy_negate() if negative and not number.is_zero() else number


def parse_amount(text: str) -> Decimal:
    """Read an amount written the German way (see the grammar in the module docstring).

    Args:
        text: e.g. ``"1.234,56"``, ``"-1.234"``, ``"35.499.229-"``, ``"750 T€"``,
            ``"1,2 Mio. EUR"``, ``"1 234,56 €"``.

    Returns:
        The amount in euros, with the decimals as written (``"1,50"`` → ``1.50``); a scale
        shifts the decimal point (``"1,2 Mio. €"`` → ``1200000``).

    Raises:
        InvalidFormat: The text is empty, ambiguous or malformed; the German message names
            the text and what is wrong.

    >>> parse_amount("−1.234"), parse_amount("1 234,56 €"), parse_amount("0")
    (Decimal('-1234'), Decimal('1234.56'), Decimal('0'))
    """
    kind = "kein gültiger Betrag"
    stripped = text.strip()
    if not stripped:
        raise InvalidFormat(f"„{text}“ ist {kind}: die Angabe ist leer.")
    unit = _patterns().unit.search(stripped)
    scale = 0
    if unit is not None:
        word = unit.group("scale") or unit.group("word")
        scale = _scale_of(word) if word else 0
        stripped = stripped[: unit.start()]
    if stripped in _EMPTY_MARKERS:
        raise InvalidFormat(
            f"„{text}“ ist {kind}: es fehlen die Ziffern; leere Zellen wie „--“ liest "
            "parse_optional_amount."
        )
    return _signed(text, stripped, kind, "eine Einheit wie €, T€ oder Mio. €", scale)


def parse_optional_amount(text: str) -> Decimal | None:
    """Read an amount, or ``None`` for an empty cell.

    Empty cells are ``""``, ``"-"``, ``"--"`` (IKVS) and a lone ``−``, ``–`` or ``—``,
    each possibly surrounded by whitespace. Everything else goes to :func:`parse_amount`.

    Raises:
        InvalidFormat: The text is neither empty nor an amount.

    >>> parse_optional_amount(" - "), parse_optional_amount("1.900.000")
    (None, Decimal('1900000'))
    """
    if text.strip() in _EMPTY_MARKERS:
        return None
    return parse_amount(text)


def parse_percent(text: str) -> Decimal:
    r"""Read a percentage: ``"29,50 %"``, ``"554 %"``, ``"5 v. H."``, ``"5 v.H."``.

    The number follows the grammar of :func:`parse_amount` (without money units); the unit
    ``%``, ``v. H.``, ``vom Hundert`` or ``Prozent`` is required.

    Returns:
        The number of percent as written (``"29,50 %"`` → ``Decimal("29.50")``).

    Raises:
        InvalidFormat: The text is no percentage, in particular a change in percentage
            points (``"3,5 Prozentpunkte"``), which is not a rate.

    >>> parse_percent("554 %"), parse_percent("-0,5\xa0%")
    (Decimal('554'), Decimal('-0.5'))
    """
    kind = "kein gültiger Prozentsatz"
    if _patterns().points.search(text):
        raise InvalidFormat(
            f"„{text}“ ist {kind}: Prozentpunkte sind der Abstand zweier Prozentsätze, "
            "kein Prozentsatz."
        )
    stripped = text.strip()
    unit = _patterns().percent_unit.search(stripped)
    if unit is None:
        raise InvalidFormat(f"„{text}“ ist {kind}: es fehlt die Einheit % oder „v. H.“.")
    return _signed(text, stripped[: unit.start()], kind, "die Einheit % oder „v. H.“")


def parse_date(text: str) -> dt.date:
    """Read a date written ``TT.MM.JJJJ`` (``30.06.2021``, also ``1.7.2021``) or ISO ``2021-06-30``.

    Two-digit years are refused (which century?), and so are impossible dates.

    Raises:
        InvalidFormat: The text is not a date in one of these forms, or no such day exists.

    >>> parse_date("30.06.2021"), parse_date("2021-06-30")
    (datetime.date(2021, 6, 30), datetime.date(2021, 6, 30))
    >>> parse_date("31.02.2021")
    Traceback (most recent call last):
        ...
    nkf.errors.InvalidFormat: „31.02.2021“ ist kein gültiges Datum: der Februar 2021 hat nur 28
    Tage.
    """
    import calendar

    stripped = text.strip()
    patterns = _patterns()
    if german := patterns.de_date.fullmatch(stripped):
        day, month, year = (int(part) for part in german.groups())
    elif iso := patterns.iso_date.fullmatch(stripped):
        year, month, day = (int(part) for part in iso.groups())
    else:
        raise InvalidFormat(
            f"„{text}“ ist kein gültiges Datum: erwartet wird TT.MM.JJJJ (30.06.2021) "
            "oder JJJJ-MM-TT (2021-06-30)."
        )
    if year < dt.MINYEAR:
        reason = f"ein Jahr {year} gibt es nicht."
    elif not 1 <= month <= 12:
        reason = f"einen Monat {month} gibt es nicht."
    elif day < 1:
        reason = f"einen Tag {day} gibt es nicht."
    elif day > (days := calendar.monthrange(year, month)[1]):
        reason = f"der {_MONTHS[month - 1]} {year} hat nur {days} Tage."
    else:
        return dt.date(year, month, day)
    raise InvalidFormat(f"„{text}“ ist kein gültiges Datum: {reason}")


def _pattern(decimals: int) -> str:
    if decimals < 0:
        msg = f"decimals muss 0 oder größer sein, nicht {decimals}."
        raise ValueError(msg)
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def format_amount(value: Decimal, *, currency: bool = True, decimals: int = 2) -> str:
    r"""Write an amount the German way, rounded ``ROUND_HALF_UP`` to ``decimals`` places.

    Args:
        value: The amount in euros.
        currency: Append ``\xa0€`` (babel ``format_currency``); else babel
            ``format_decimal``.
        decimals: Number of decimal places.

    Returns:
        e.g. ``"1.234,56\xa0€"``; a value that rounds to zero is ``"0,00\xa0€"``, never
        ``"-0,00\xa0€"``.

    Raises:
        TypeError: ``value`` is a ``float``.
        InvalidFormat: ``value`` is NaN or infinite.
        ValueError: ``decimals`` is negative.

    >>> format_amount(Decimal("-0.001")), format_amount(Decimal("750000"), decimals=0)
    ('0,00\xa0€', '750.000\xa0€')
    """
    pattern = _pattern(decimals)
    rounded = quantize(to_decimal(value), Decimal(1).scaleb(-decimals))
    from babel.numbers import format_currency, format_decimal

    with localcontext(prec=max(28, rounded.adjusted() + decimals + 3)):
        if currency:
            return format_currency(
                rounded,
                "EUR",
                format=pattern + "\xa0¤",
                locale=_LOCALE,
                currency_digits=False,
            )
        return format_decimal(rounded, format=pattern, locale=_LOCALE)


def format_percent(value: Decimal, decimals: int = 2) -> str:
    r"""Write a number of percent the German way (``29.5`` → ``"29,50\xa0%"``).

    ``value`` counts percent (as :func:`parse_percent` returns it), not a fraction of one.
    It is rounded ``ROUND_HALF_UP`` to ``decimals`` places.

    Raises:
        TypeError: ``value`` is a ``float``.
        InvalidFormat: ``value`` is NaN or infinite.
        ValueError: ``decimals`` is negative.

    >>> format_percent(Decimal("554"), decimals=0)
    '554\xa0%'
    """
    pattern = _pattern(decimals)
    rounded = quantize(to_decimal(value), Decimal(1).scaleb(-decimals))
    from babel.numbers import format_percent as babel_format_percent

    with localcontext(prec=max(28, rounded.adjusted() + decimals + 5)):
        # babel multiplies by 100; shifting the point first keeps that exact.
        return babel_format_percent(rounded.scaleb(-2), format=pattern + "\xa0%", locale=_LOCALE)


def format_date(d: dt.date) -> str:
    """Write a date as ``TT.MM.JJJJ`` (babel pattern ``dd.MM.yyyy``; ``yyyy``, never ``YYYY``).

    >>> format_date(dt.date(2021, 6, 30))
    '30.06.2021'
    """
    from babel.dates import format_date as babel_format_date

    return babel_format_date(d, format="dd.MM.yyyy", locale=_LOCALE)
