"""Codes of the NRW product hierarchy (Produktbereich, Produktgruppe, Produkt).

The module follows python-stdnum: the functions :func:`compact`, :func:`validate`,
:func:`is_valid` and :func:`format` work on strings, and :func:`parse` returns a typed
:class:`Code`.

>>> parse("05.01.01")
Code(area='05', group='01', number='01', scheme=<CodeScheme.LOCAL: 'local'>)
>>> compact("0501-01")
'050101'
>>> compact("531301")
'0531301'
>>> format("0531101", style="dotted")
'05.311.01'
>>> format("050101", style="dashed")
'0501-01'
>>> parse("050101").is_under(parse("05"))
True
>>> is_valid("18")
False
>>> is_valid("18", areas=[*NRW_AREAS, "18"])
True
>>> validate("0501", level=CodeLevel.PRODUCT)
Traceback (most recent call last):
    ...
nkf.errors.InvalidCode: „0501“ ist eine Produktgruppe, erwartet wird ein Produkt.

Two coding schemes
==================

``CodeScheme.LOCAL``
    Produktbereich (2 digits) + local Produktgruppe (2) + product number (2): group
    ``0501`` (PPGG), product ``050101`` (PPGGNN). Produktgruppen and products are chosen
    by each municipality; only the Produktbereiche 01–17 are binding (domain.md § 1.1,
    § 1.4: Münster, Ostbevern, Ahaus).
``CodeScheme.STATISTICAL``
    Produktbereich (2) + three-digit Produktgruppe of the Finanzstatistik (3) + product
    number (2): group ``05311``, product ``0531101`` (Merzenich 2015 CSV, domain.md § 1.1).

Reading rules
=============

Separators ``.``, ``-``, ``/`` and whitespace (also NBSP) are allowed between the parts;
any other character is an error. Only the ASCII digits 0–9 count as digits.

Without separators the number of digits decides (domain.md § 1.1 and § 1.4, the
Merzenich 2015 and Roetgen 2017 CSVs, Offener Haushalt):

* 1 digit: a Produktbereich without its leading zero (``5`` → ``05``).
* 2 digits: a Produktbereich (``05``).
* 3 digits: rejected as ambiguous (Köln's ``501`` = PB 5 + group 01, or a statistical
  group without Produktbereich).
* 4 digits: a local Produktgruppe ``PPGG`` (``0501``). If ``PP`` is not a valid
  Produktbereich, the value is read as a statistical group whose leading zero was dropped
  (``5311`` → ``05311``), provided the statistical group belongs to that Produktbereich.
* 5 digits: a statistical Produktgruppe ``PPGGG`` (``05311``, Merzenich).
* 6 digits: a local product ``PPGGNN`` (``050101``, Leichlingen; ``160101``, Ostbevern).
  If ``PP`` is not a valid Produktbereich, the value is read as a statistical product
  whose leading zero was dropped: ``531301`` → PB 5 + group 313 + 01 (Roetgen 2017).
  A value whose first two digits form a valid Produktbereich is always local:
  ``111101`` is product 11.11.01, never PB 1 + group 111; write ``0111101`` for that.
* 7 digits: a statistical product ``PPGGGNN`` (``0531101``, Merzenich 2015).

With separators the parts are read as written:

* ``PP.GG`` / ``PP.GGG``: a local / statistical Produktgruppe (``05.01``, ``05.311``;
  Ahaus prints ``01.01``).
* ``PP.GG.NN`` / ``PP.GGG.NN``: a local / statistical product (``05.01.01``, Coesfeld;
  ``05 01 01``; ``05.311.01``).
* ``PPGG-NN`` / ``PPGGG-NN``: a product written as group and number (``0501-01``); the
  group part follows the digit rules above.

A Produktbereich must be one of :data:`NRW_AREAS` (01–17, domain.md § 1.2), unless the
keyword ``areas`` names another set (Köln's open data adds a local ``18``). A
statistical Produktgruppe must belong to its Produktbereich: its first two digits name
the IMK Produktbereich, which maps to exactly one NRW Produktbereich (domain.md § 1.3,
IT.NRW Finanzrechnungsstatistik 2011, confirmed by the Merzenich codes ``02126``,
``03211``, ``16611``). Produktbereich 17 (Stiftungen) and Produktbereiche outside
01–16 have no statistical groups of their own, so their groups are not checked.

:class:`Code` itself only checks the shape of its parts; the Produktrahmen (the valid
Produktbereiche and the statistical mapping) is checked by :func:`parse`.
"""

from __future__ import annotations

import enum
import re
from typing import TYPE_CHECKING, Final, Literal

import attrs

from nkf.errors import InvalidCode

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

__all__ = [
    "NRW_AREAS",
    "Code",
    "CodeLevel",
    "CodeScheme",
    "FormatStyle",
    "compact",
    "format",
    "is_valid",
    "parse",
    "validate",
]

NRW_AREAS: Final[frozenset[str]] = frozenset(f"{i:02d}" for i in range(1, 18))
"""The 17 binding NRW Produktbereiche ``01`` … ``17`` (domain.md § 1.2)."""

FormatStyle = Literal["plain", "dotted", "dashed"]
"""The notations :func:`format` writes: ``050101``, ``05.01.01``, ``0501-01``."""

# First two digits of a statistical Produktgruppe (the IMK Produktbereich) → NRW
# Produktbereich. Source: domain.md § 1.3 (IT.NRW Finanzrechnungsstatistik 2011).
_IMK_TO_NRW: Final[dict[str, str]] = {
    "11": "01",
    "12": "02",
    **dict.fromkeys(("21", "22", "23", "24"), "03"),
    **dict.fromkeys(("25", "26", "27", "28", "29"), "04"),
    **dict.fromkeys(("31", "32", "33", "34", "35"), "05"),
    "36": "06",
    "41": "07",
    "42": "08",
    "51": "09",
    "52": "10",
    "53": "11",
    "54": "12",
    "55": "13",
    "56": "14",
    "57": "15",
    "61": "16",
}
_MAPPED_AREAS: Final[frozenset[str]] = frozenset(_IMK_TO_NRW.values())

_DIGITS = re.compile(r"[0-9]+")
_ALLOWED = re.compile(r"[0-9./\-\s]*")
_SEPARATOR = re.compile(r"\s*[./\-]\s*|\s+")


class CodeLevel(enum.Enum):
    """The level of a code in the product hierarchy."""

    AREA = "area"
    """Produktbereich, two digits (``05``)."""
    GROUP = "group"
    """Produktgruppe (``0501`` or ``05311``)."""
    PRODUCT = "product"
    """Produkt (``050101`` or ``0531101``)."""


class CodeScheme(enum.Enum):
    """How the Produktgruppe part of a code is built."""

    LOCAL = "local"
    """Local two-digit Produktgruppe: ``PPGG`` / ``PPGGNN``."""
    STATISTICAL = "statistical"
    """Three-digit statistical Produktgruppe: ``PPGGG`` / ``PPGGGNN``."""


_LEVEL_NAME: Final[dict[CodeLevel, str]] = {
    CodeLevel.AREA: "ein Produktbereich",
    CodeLevel.GROUP: "eine Produktgruppe",
    CodeLevel.PRODUCT: "ein Produkt",
}


def _check_digits(value: str | None, lengths: tuple[int, ...], what: str) -> None:
    if value is None:
        return
    if len(value) not in lengths or not _DIGITS.fullmatch(value):
        expected = " oder ".join(str(n) for n in lengths)
        raise InvalidCode(f"{what} „{value}“ muss aus {expected} Ziffern bestehen.")


def _default_scheme(group: str | None) -> CodeScheme:
    return CodeScheme.STATISTICAL if group is not None and len(group) == 3 else CodeScheme.LOCAL


@attrs.frozen(kw_only=True)
class Code:
    """A Produktnummer: the code of a Produktbereich, a Produktgruppe or a Produkt.

    The parts are kept as digit strings, so leading zeros survive. The level follows from
    which parts are set, the scheme from the length of ``group``. Codes sort by
    :attr:`compact`, which puts every group right after its area and before its products.

    Attributes:
        area: The Produktbereich, always two digits (``"05"``).
        group: The Produktgruppe without the area: two digits for a local group
            (``"01"``), three for a statistical one (``"311"``); ``None`` for an area.
        number: The running product number (``"01"``); ``None`` above product level.
        scheme: :attr:`CodeScheme.STATISTICAL` for a three-digit group, else
            :attr:`CodeScheme.LOCAL` (also for a bare area). Derived when omitted.

    >>> code = Code(area="05", group="311", number="01")
    >>> code.scheme, code.level, str(code)
    (<CodeScheme.STATISTICAL: 'statistical'>, <CodeLevel.PRODUCT: 'product'>, '0531101')
    >>> code.parent
    Code(area='05', group='311', number=None, scheme=<CodeScheme.STATISTICAL: 'statistical'>)
    >>> sorted([Code(area="05", group="02"), Code(area="05", group="01", number="01")])[0]
    Code(area='05', group='01', number='01', scheme=<CodeScheme.LOCAL: 'local'>)
    """

    area: str
    group: str | None = None
    number: str | None = None
    scheme: CodeScheme = attrs.field()

    @scheme.default
    def _scheme_default(self) -> CodeScheme:
        return _default_scheme(self.group)

    def __attrs_post_init__(self) -> None:
        """Check the shape of the parts and that they fit together."""
        _check_digits(self.area, (2,), "Der Produktbereich")
        _check_digits(self.group, (2, 3), "Die Produktgruppe")
        _check_digits(self.number, (2,), "Die Produktnummer")
        if self.number is not None and self.group is None:
            raise InvalidCode("Ein Produkt braucht eine Produktgruppe.")
        if self.scheme is not _default_scheme(self.group):
            raise InvalidCode(
                f"Das Schema {self.scheme.value!r} passt nicht zu „{self.compact}“: "
                "statistische Produktgruppen haben drei Ziffern, lokale zwei; "
                "ein Produktbereich allein ist 'local'."
            )

    @property
    def level(self) -> CodeLevel:
        """The level in the hierarchy: area, group or product."""
        if self.group is None:
            return CodeLevel.AREA
        if self.number is None:
            return CodeLevel.GROUP
        return CodeLevel.PRODUCT

    @property
    def compact(self) -> str:
        """The canonical digits: ``05``, ``0501``, ``050101``, ``05311``, ``0531101``."""
        return self.area + (self.group or "") + (self.number or "")

    @property
    def area_code(self) -> str:
        """The code of the Produktbereich (``"05"``)."""
        return self.area

    @property
    def group_code(self) -> str | None:
        """The code of the Produktgruppe (``"0501"``, ``"05311"``), or ``None`` for an area."""
        return None if self.group is None else self.area + self.group

    @property
    def parent(self) -> Code | None:
        """The code one level up, or ``None`` for a Produktbereich."""
        if self.group is None:
            return None
        if self.number is None:
            return Code(area=self.area)
        return Code(area=self.area, group=self.group)

    def is_under(self, other: Code) -> bool:
        """Tell whether this code lies strictly below ``other`` in the hierarchy.

        ``050101`` is under ``0501`` and under ``05``; no code is under itself.

        >>> parse("0531101").is_under(parse("05311")), parse("05").is_under(parse("05"))
        (True, False)
        """
        ancestor = self.parent
        while ancestor is not None:
            if ancestor == other:
                return True
            ancestor = ancestor.parent
        return False

    def __str__(self) -> str:
        """Return :attr:`compact`."""
        return self.compact

    def __lt__(self, other: object) -> bool:
        """Order by :attr:`compact`."""
        if not isinstance(other, Code):
            return NotImplemented
        return self.compact < other.compact

    def __le__(self, other: object) -> bool:
        """Order by :attr:`compact`."""
        if not isinstance(other, Code):
            return NotImplemented
        return self.compact <= other.compact

    def __gt__(self, other: object) -> bool:
        """Order by :attr:`compact`."""
        if not isinstance(other, Code):
            return NotImplemented
        return self.compact > other.compact

    def __ge__(self, other: object) -> bool:
        """Order by :attr:`compact`."""
        if not isinstance(other, Code):
            return NotImplemented
        return self.compact >= other.compact


def _normalise_areas(areas: Collection[str] | None) -> frozenset[str]:
    if areas is None:
        return NRW_AREAS
    result: set[str] = set()
    for area in areas:
        if not (len(area) in {1, 2} and _DIGITS.fullmatch(area)):
            msg = f"„{area}“ ist kein Produktbereich: erwartet werden ein oder zwei Ziffern."
            raise ValueError(msg)
        result.add(area.zfill(2))
    return frozenset(result)


def _areas_text(areas: frozenset[str]) -> str:
    if areas == NRW_AREAS:
        return "01 bis 17"
    return ", ".join(sorted(areas))


class _Reader:
    """Reads one input string; every error names the input."""

    def __init__(self, value: str, areas: frozenset[str]) -> None:
        self.value = value
        self.areas = areas

    def error(self, reason: str) -> InvalidCode:
        return InvalidCode(f"„{self.value}“ ist keine gültige Produktnummer: {reason}")

    def area_error(self, area: str) -> InvalidCode:
        where = "im NRW-Produktrahmen" if self.areas == NRW_AREAS else "hier"
        return self.error(
            f"einen Produktbereich {area} gibt es {where} nicht "
            f"(erlaubt sind {_areas_text(self.areas)})."
        )

    def area(self, digits: str) -> str:
        area = digits.zfill(2)
        if area not in self.areas:
            raise self.area_error(area)
        return area

    def statistical_fits(self, area: str, group: str) -> bool:
        return area not in _MAPPED_AREAS or _IMK_TO_NRW.get(group[:2]) == area

    def statistical(self, area: str, group: str, number: str | None) -> Code:
        if not self.statistical_fits(area, group):
            raise self.error(
                f"die statistische Produktgruppe {group} gehört nicht zum Produktbereich {area}."
            )
        return Code(area=area, group=group, number=number)

    def dropped_zero(self, digits: str, number: str | None) -> Code:
        """Read ``PGGG[NN]``: a statistical code whose leading zero was dropped."""
        area, group = "0" + digits[0], digits[1:4]
        if digits[0] != "0" and area in self.areas and self.statistical_fits(area, group):
            return Code(area=area, group=group, number=number)
        raise self.area_error(digits[:2])

    def group_digits(self, digits: str, number: str | None) -> Code:
        """Read a group written without separators (4 or 5 digits)."""
        if len(digits) == 5:
            return self.statistical(self.area(digits[:2]), digits[2:], number)
        if digits[:2] in self.areas:
            return Code(area=digits[:2], group=digits[2:], number=number)
        return self.dropped_zero(digits, number)

    def digits_only(self, digits: str) -> Code:
        size = len(digits)
        if size <= 2:
            return Code(area=self.area(digits))
        if size in {4, 5}:
            return self.group_digits(digits, None)
        if size == 6:
            if digits[:2] in self.areas:
                return Code(area=digits[:2], group=digits[2:4], number=digits[4:])
            return self.dropped_zero(digits, digits[4:])
        if size == 7:
            return self.statistical(self.area(digits[:2]), digits[2:5], digits[5:])
        raise self.error(
            f"sie hat {size} Ziffern, erwartet werden 2 (Produktbereich), "
            "4 oder 5 (Produktgruppe), 6 oder 7 (Produkt)."
        )

    def parts(self, parts: list[str]) -> Code:
        sizes = tuple(len(part) for part in parts)
        if sizes[0] in {1, 2} and len(parts) in {2, 3} and sizes[1] in {2, 3}:
            area = self.area(parts[0])
            number = parts[2] if len(parts) == 3 else None
            if number is not None and len(number) != 2:
                raise self.error("die Produktnummer am Ende muss zwei Ziffern haben.")
            if sizes[1] == 3:
                return self.statistical(area, parts[1], number)
            return Code(area=area, group=parts[1], number=number)
        if len(parts) == 2 and sizes[0] in {4, 5} and sizes[1] == 2:
            return self.group_digits(parts[0], parts[1])
        raise self.error(
            "der Aufbau ist nicht erkennbar; erwartet wird z. B. 05, 05.01, 05.01.01, "
            "0501-01, 05.311 oder 05.311.01."
        )

    def read(self) -> Code:
        text = self.value.strip()
        if not text:
            raise self.error("die Angabe ist leer.")
        if not _ALLOWED.fullmatch(text):
            raise self.error("nur Ziffern und die Trennzeichen . - / und Leerzeichen sind erlaubt.")
        parts = _SEPARATOR.split(text)
        if "" in parts:
            raise self.error("zwischen zwei Trennzeichen oder am Rand fehlen Ziffern.")
        if len(parts) == 1:
            return self.digits_only(text)
        return self.parts(parts)


def parse(
    value: str,
    *,
    level: CodeLevel | None = None,
    areas: Collection[str] | None = None,
) -> Code:
    """Read a Produktnummer in any notation described in the module docstring.

    Args:
        value: The code as written, e.g. ``"05.01.01"``, ``"0501-01"`` or ``"531301"``.
        level: If given, the code must be of this level.
        areas: The valid Produktbereiche (one or two digits each); default
            :data:`NRW_AREAS`.

    Returns:
        The code.

    Raises:
        InvalidCode: The value is not a valid code (of the requested level). The message
            names the value and says, in German, what is wrong.
        ValueError: ``areas`` holds something that is not a Produktbereich.

    >>> parse("5.313.01").compact
    '0531301'
    >>> parse("05.0x.01")
    Traceback (most recent call last):
        ...
    nkf.errors.InvalidCode: „05.0x.01“ ist keine gültige Produktnummer: nur Ziffern und die
    Trennzeichen . - / und Leerzeichen sind erlaubt.
    """
    code = _Reader(value, _normalise_areas(areas)).read()
    if level is not None and code.level is not level:
        raise InvalidCode(
            f"„{value}“ ist {_LEVEL_NAME[code.level]}, erwartet wird {_LEVEL_NAME[level]}."
        )
    return code


def compact(value: str, *, areas: Collection[str] | None = None) -> str:
    """Return the canonical digits of a code (``"05.01.01"`` → ``"050101"``).

    Unlike python-stdnum's ``compact``, this has to read the notation (a dropped leading
    zero is only recognisable by the Produktbereich), so it raises on input it cannot read.

    Raises:
        InvalidCode: The value is not a valid code.

    >>> compact(" 05 01 01 "), compact("5"), compact("05.311")
    ('050101', '05', '05311')
    """
    return parse(value, areas=areas).compact


def validate(
    value: str,
    *,
    level: CodeLevel | None = None,
    areas: Collection[str] | None = None,
) -> str:
    """Check a code and return it compacted.

    Raises:
        InvalidCode: The value is not a valid code (of the requested level).

    >>> validate("0501-01", level=CodeLevel.PRODUCT)
    '050101'
    """
    return parse(value, level=level, areas=areas).compact


def is_valid(
    value: str,
    *,
    level: CodeLevel | None = None,
    areas: Collection[str] | None = None,
) -> bool:
    """Tell whether ``value`` is a valid code (of the requested level).

    >>> is_valid("160101"), is_valid("00"), is_valid("0501", level=CodeLevel.PRODUCT)
    (True, False, False)
    """
    try:
        parse(value, level=level, areas=areas)
    except InvalidCode:
        return False
    return True


def _plain(code: Code) -> str:
    return code.compact


def _dotted(code: Code) -> str:
    return ".".join(part for part in (code.area, code.group, code.number) if part is not None)


def _dashed(code: Code) -> str:
    if code.group_code is None or code.number is None:
        return code.compact
    return f"{code.group_code}-{code.number}"


_STYLES: Final[dict[str, Callable[[Code], str]]] = {
    "plain": _plain,
    "dotted": _dotted,
    "dashed": _dashed,
}


def format(  # noqa: A001 - python-stdnum's name for this function
    value: str | Code,
    *,
    style: FormatStyle = "plain",
    areas: Collection[str] | None = None,
) -> str:
    """Write a code in one of the usual notations.

    Args:
        value: A code in any notation, or a :class:`Code`.
        style: ``"plain"`` (``050101``, ``0531101``), ``"dotted"`` (``05.01.01``,
            ``05.311.01``) or ``"dashed"`` (``0501-01``, ``05311-01``). Areas and
            groups are written without a dash in the dashed style (``0501``).
        areas: The valid Produktbereiche when ``value`` is a string.

    Returns:
        The formatted code.

    Raises:
        InvalidCode: ``value`` is not a valid code.
        ValueError: ``style`` is unknown.

    >>> [format("0531101", style=s) for s in ("plain", "dotted", "dashed")]
    ['0531101', '05.311.01', '05311-01']
    """
    try:
        writer = _STYLES[style]
    except KeyError:
        msg = f"Unbekannter Stil {style!r}; möglich sind: {', '.join(_STYLES)}."
        raise ValueError(msg) from None
    code = value if isinstance(value, Code) else parse(value, areas=areas)
    return writer(code)
