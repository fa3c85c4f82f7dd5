"""The XSD check's findings in German (Schemameldungen auf Deutsch).

libxml2 reports a schema violation in English and in the schema's own terms ("'neun' is
not a valid value of the union type '{urn:nkf:xml:1}Cell'"). A Kämmerei clerk reading
``nkf validate`` output needs to know which element or attribute is wrong and what it
should hold, so the messages libxml2 writes for NKF-XML (element order, missing and
unknown elements and attributes, text where none belongs, values of the wrong type or
not in a list of allowed values) are said again in German. A message of a kind not
listed here keeps libxml2's words, with the NKF-XML namespace left out of the names.

>>> german("Element '{urn:nkf:xml:1}municipality': The attribute 'name' is required but missing.")
'An <municipality> fehlt das Attribut name.'
>>> german("Element '{urn:nkf:xml:1}l': 'neun' is not a valid value of the union type "
...        "'{urn:nkf:xml:1}Cell'.")
'Inhalt von <l>: „neun“ ist kein Betrag (eine Zahl wie 1234.5, oder -- für eine leere Zelle).'
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

__all__ = ["german", "german_all"]

_NS: Final = "{urn:nkf:xml:1}"

_HEAD: Final = re.compile(
    r"Element '(?P<element>[^']*)'(?:, attribute '(?P<attribute>[^']*)')?: (?P<rest>.*)\Z",
    re.DOTALL,
)

# What a value of each type of the schema must look like (by the type's local name).
_TYPES: Final = {
    "integer": "keine ganze Zahl",
    "positiveInteger": "keine ganze Zahl größer als 0",
    "nonNegativeInteger": "keine ganze Zahl ab 0",
    "decimal": "keine Zahl (z. B. 1234.5, ohne Tausenderpunkte)",
    "Decimal": "keine Zahl (z. B. 1234.5, ohne Tausenderpunkte)",
    "date": "kein Datum (erwartet JJJJ-MM-TT, z. B. 2021-06-30)",
    "boolean": "kein Wahrheitswert (true oder false)",
    "Cell": "kein Betrag (eine Zahl wie 1234.5, oder -- für eine leere Zelle)",
    "FigureScalar": "kein Kennzahlwert (eine Zahl, ein Datum JJJJ-MM-TT, true oder false)",
    "ColumnRef": "keine Spalte (z. B. ansatz:2021)",
}
_LISTS: Final = {
    "Cells": "Werte der Zeile, durch Leerzeichen getrennt",
    "ColumnList": "Spalten, durch Leerzeichen getrennt, z. B. ansatz:2021 planung:2022",
    "IntegerList": "ganze Zahlen, durch Leerzeichen getrennt",
    "TokenList": "Wörter, durch Leerzeichen getrennt",
}
_COLUMN_PATTERN: Final = "(ergebnis|ansatz|planung|ve):-?[0-9]{1,6}"


def _local(name: str) -> str:
    return name.rpartition("}")[2] if name.startswith("{") else name


def _element(name: str) -> str:
    """``<l>`` for an NKF-XML element, ``<x> (Namensraum urn:f)`` for a foreign one."""
    if name.startswith("{") and not name.startswith(_NS):
        ns, _, local = name[1:].partition("}")
        return f"<{local}> (Namensraum {ns})"
    return f"<{_local(name)}>"


def _attribute(name: str) -> str:
    if name.startswith("{"):
        ns, _, local = name[1:].partition("}")
        return f"{local} (Namensraum {ns})"
    return name


def _names(text: str) -> str:
    """A list ``{ns}a, {ns}b`` of expected elements as ``<a>, <b>``."""
    return ", ".join(_element(n.strip()) for n in text.split(",") if n.strip())


def _type(name: str) -> str:
    local = _local(name.removeprefix("xs:"))
    return _TYPES.get(local, f"kein gültiger Wert (Typ {local})")


_Rule = tuple["re.Pattern[str]", "Callable[[re.Match[str], str, str], str]"]


def _expected(m: re.Match[str]) -> str:
    names = m.group("names")
    if names is None:
        return ""
    return f"eines von {_names(names)}" if m.group("one_of") else _names(names)


_EXPECTED: Final = r"(?: Expected is (?P<one_of>one of )?\( (?P<names>[^)]*) \))?\.?\Z"

_RULES: Final[tuple[_Rule, ...]] = (
    (
        re.compile(r"This element is not expected\." + _EXPECTED),
        lambda m, el, _s: (
            f"Das Element {el} ist hier nicht erlaubt"
            + (f"; erwartet wird {_expected(m)}." if m.group("names") else ".")
        ),
    ),
    (
        re.compile(r"Missing child element\(s\)\." + _EXPECTED),
        lambda m, el, _s: (
            f"In {el} fehlt ein Element" + (f": {_expected(m)}." if m.group("names") else ".")
        ),
    ),
    (
        re.compile(r"The attribute '(?P<a>[^']*)' is not allowed\.\Z"),
        lambda m, el, _s: f"Das Attribut {_attribute(m.group('a'))} ist an {el} nicht erlaubt.",
    ),
    (
        re.compile(r"The attribute '(?P<a>[^']*)' is required but missing\.\Z"),
        lambda m, el, _s: f"An {el} fehlt das Attribut {_attribute(m.group('a'))}.",
    ),
    (
        re.compile(r"Character content is not allowed, because the content type is empty\.\Z"),
        lambda _m, el, _s: f"{el} darf keinen Text enthalten.",
    ),
    (
        re.compile(r"Element content is not allowed, because the content type is empty\.\Z"),
        lambda _m, el, _s: f"{el} darf keine Elemente enthalten.",
    ),
    (
        re.compile(
            r"Character content other than whitespace is not allowed because the content "
            r"type is 'element-only'\.\Z"
        ),
        lambda _m, el, _s: f"{el} darf keinen Text enthalten, nur Elemente.",
    ),
    (
        re.compile(
            r"Element content is not allowed, because the (?:type definition is simple|"
            r"content type is a simple type definition)\.\Z"
        ),
        lambda _m, el, _s: f"{el} darf nur Text enthalten, keine Elemente.",
    ),
    (
        re.compile(
            r"'(?P<v>.*)' is not a valid value of the (?:atomic|union) type '(?P<t>[^']*)'\.\Z",
            re.DOTALL,
        ),
        lambda m, _el, subject: f"{subject}: „{m.group('v')}“ ist {_type(m.group('t'))}.",
    ),
    (
        re.compile(
            r"'(?P<v>.*)' is not a valid value of the list type '(?P<t>[^']*)'\.\Z", re.DOTALL
        ),
        lambda m, _el, subject: (
            f"{subject}: „{m.group('v')}“ ist keine gültige Liste"
            + (f" ({_LISTS[_local(m.group('t'))]})." if _local(m.group("t")) in _LISTS else ".")
        ),
    ),
    (
        re.compile(
            r"\[facet 'enumeration'\] The value '(?P<v>.*)' is not an element of the set "
            r"\{(?P<set>.*)\}\.\Z",
            re.DOTALL,
        ),
        lambda m, _el, subject: (
            f"{subject}: „{m.group('v')}“ ist kein erlaubter Wert (erlaubt: "
            + ", ".join(v.strip().strip("'") for v in m.group("set").split(","))
            + ")."
        ),
    ),
    (
        re.compile(
            r"\[facet 'pattern'\] The value '(?P<v>.*)' is not accepted by the pattern "
            r"'(?P<p>.*)'\.\Z",
            re.DOTALL,
        ),
        lambda m, _el, subject: (
            f"{subject}: „{m.group('v')}“ ist keine Spalte (erwartet z. B. ansatz:2021)."
            if m.group("p") == _COLUMN_PATTERN
            else f"{subject}: „{m.group('v')}“ hat nicht die erwartete Form ({m.group('p')})."
        ),
    ),
)


def german(message: str) -> str:
    """One finding of the XSD check (libxml2's words) said in German."""
    head = _HEAD.match(message.strip())
    if head is None:
        return message.replace(_NS, "")
    el = _element(head.group("element"))
    attribute = head.group("attribute")
    subject = f"Attribut {_attribute(attribute)} an {el}" if attribute else f"Inhalt von {el}"
    rest = head.group("rest")
    for pattern, say in _RULES:
        m = pattern.match(rest)
        if m is not None:
            return say(m, el, subject)
    return f"{subject}: {rest.replace(_NS, '')}"


def german_all(findings: Iterable[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    """The findings ``(message, line, column)`` of one check in German, in their order.

    libxml2 reports a wrong item of a list value twice: the item ("'neun' is not a valid
    value of ... Cell") and then the whole list; the second says nothing new and is left
    out when it follows the first for the same element, attribute and line.
    """
    out: list[tuple[str, int, int]] = []
    previous: tuple[str, str | None, int] | None = None
    for message, line, column in findings:
        head = _HEAD.match(message.strip())
        key = (head.group("element"), head.group("attribute"), line) if head else None
        if (
            head is not None
            and key == previous
            and "is not a valid value of the list type" in head.group("rest")
        ):
            continue
        previous = key
        out.append((german(message), line, column))
    return out
