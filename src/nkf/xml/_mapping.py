"""The mapping between nkf's model classes and NKF-XML elements (Abbildung).

The mapping is derived from the attrs fields and type hints of the model, so a new field or
change kind is serialized without hand-written code, and the XSD is generated from the
same description (:mod:`nkf.xml.schema`). The rules, in one place:

* a class is an element named by its class name in lowerCamelCase (``AmountChange`` →
  ``amountChange``); fields are written in declaration order;
* scalar fields (text, numbers, dates, enums, columns) are attributes, except long texts
  (``TEXT_FIELDS``), which are child elements so that line breaks stay readable;
* a nested value is a child element named by the field; a tuple of values is a wrapper
  element named by the field holding one element per item;
* tuples of scalars are space-separated attribute lists;
* plan lines are tables: one ``<table plan=... columns=...>`` per layout with one
  ``<l n="13">`` per line holding the values separated by spaces (``--`` for an empty
  cell) — compact and fast for a plan of a thousand products;
* a value equal to the field's default is left out, and so are None and an empty tuple
  (an absent optional field reads as None, an absent tuple as empty), except that a
  list attribute without default is always written, if need be empty;
* decimals are written in canonical form (no exponent, no trailing zeros) so that files
  diff well.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
import types
import typing
from decimal import Decimal, InvalidOperation
from typing import Any, Final, Union

import attrs
from lxml import etree

from nkf.model import amendment as am
from nkf.model.goals import Scalar
from nkf.model.lines import Column, PlanKind, PlanLine, ValueKind
from nkf.model.plan import BudgetPlan

__all__ = [
    "EMPTY_CELL",
    "NS",
    "TEXT_FIELDS",
    "Kind",
    "MappingError",
    "Spec",
    "class_for_element",
    "element_name",
    "field_specs",
    "format_column",
    "format_decimal",
    "parse_column",
    "read_object",
    "write_object",
]

NS: Final = "urn:nkf:xml:1"
"""The namespace of NKF-XML 1.x. A new major version gets a new namespace."""

EMPTY_CELL: Final = "--"

TEXT_FIELDS: Final = frozenset(
    {
        "description",
        "note",
        "reason",
        "request_text",
        "text",
        "new_text",
        "old_text",
        "release_condition",
        "recipients",
        "address",
        "addressee",
    }
)
"""String fields written as child elements (long or multi-line texts)."""

ALWAYS_WRITTEN: Final = frozenset({"framework", "status"})
"""Fields written even when they hold their default, because a reader should see them."""

_NONE_TYPE = type(None)


class MappingError(ValueError):
    """A value in an element cannot be turned into the model (with the element's line)."""

    def __init__(self, message: str, line: int | None) -> None:
        """Keep the message and the source line."""
        super().__init__(message)
        self.line = line


class Kind(enum.Enum):
    """How a field is written."""

    ATTR = "attr"  # scalar attribute
    ATTR_LIST = "attr-list"  # tuple of scalars as a space-separated attribute
    TEXT = "text"  # string as child element
    CHILD = "child"  # one nested object as child element
    CHILDREN = "children"  # tuple of objects in a wrapper element
    LINES = "lines"  # tuple[PlanLine, ...] as tables


@attrs.frozen
class Spec:
    """How one field of a class is written."""

    name: str
    xml: str
    kind: Kind
    type: Any  # the scalar or class type (item type for tuples)
    classes: tuple[type, ...]  # noqa: A003 - candidate classes for CHILD/CHILDREN
    optional: bool
    required: bool
    default: Any


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def element_name(cls: type) -> str:
    """The element name of a model class (lowerCamelCase of the class name)."""
    n = cls.__name__
    return n[:1].lower() + n[1:]


def _is_scalar(t: Any) -> bool:
    return (
        t in (str, int, bool, Decimal, datetime.date, Column)
        or t is Scalar
        or (isinstance(t, type) and issubclass(t, enum.Enum))
    )


def _union_args(t: Any) -> tuple[Any, ...] | None:
    origin = typing.get_origin(t)
    if origin is Union or origin is types.UnionType:
        return typing.get_args(t)
    return None


def _classify(hint: Any) -> tuple[Kind, Any, tuple[type, ...], bool]:
    optional = False
    args = _union_args(hint)
    if args is not None and _NONE_TYPE in args:
        optional = True
        rest = tuple(a for a in args if a is not _NONE_TYPE)
        hint = rest[0] if len(rest) == 1 else Union[rest]  # noqa: UP007 - runtime construction
    if hint == Scalar or (
        args is not None and set(_union_args(hint) or ()) == set(typing.get_args(Scalar))
    ):
        return Kind.ATTR, Scalar, (), optional
    if typing.get_origin(hint) is tuple:
        item = typing.get_args(hint)[0]
        if item is PlanLine:
            return Kind.LINES, PlanLine, (), optional
        if _is_scalar(item):
            return Kind.ATTR_LIST, item, (), optional
        classes = _union_args(item) or (item,)
        return Kind.CHILDREN, item, tuple(classes), optional
    if _is_scalar(hint):
        return Kind.ATTR, hint, (), optional
    classes = _union_args(hint) or (hint,)
    return Kind.CHILD, hint, tuple(classes), optional


@functools.cache
def field_specs(cls: type) -> tuple[Spec, ...]:
    """The field specs of a model class, in declaration order."""
    hints = typing.get_type_hints(cls)
    specs = []
    fields = list(attrs.fields(cls))
    # Changes: their own fields first, the shared ref/condition/note/derived last.
    base = (
        {f.name for f in attrs.fields(am.ChangeBase)} if issubclass(cls, am.ChangeBase) else set()
    )
    fields = [f for f in fields if f.name not in base] + [f for f in fields if f.name in base]
    for f in fields:
        kind, typ, classes, optional = _classify(hints[f.name])
        if kind is Kind.ATTR and typ is str and f.name in TEXT_FIELDS:
            kind = Kind.TEXT
        default = f.default
        has_default = default is not attrs.NOTHING
        if isinstance(default, attrs.Factory) or f.name in ALWAYS_WRITTEN:  # type: ignore[arg-type]
            default = attrs.NOTHING  # computed and salient defaults are always written
        specs.append(
            Spec(
                name=f.name,
                xml=_camel(f.name),
                kind=kind,
                type=typ,
                classes=classes,
                optional=optional,
                required=not has_default,
                default=default,
            )
        )
    return tuple(specs)


def _all_classes() -> dict[str, type]:
    seen: dict[str, type] = {}

    def visit(cls: type) -> None:
        name = element_name(cls)
        if name in seen:
            return
        seen[name] = cls
        for s in field_specs(cls):
            for c in s.classes:
                visit(c)

    visit(BudgetPlan)
    visit(am.Amendment)
    return seen


@functools.cache
def _registry() -> dict[str, type]:
    return _all_classes()


def class_for_element(name: str) -> type | None:
    """The model class of an element's local name, or None."""
    return _registry().get(name)


# --------------------------------------------------------------------------- scalars


def format_decimal(value: Decimal) -> str:
    """Canonical decimal text: no exponent, no trailing zeros, no negative zero.

    >>> format_decimal(Decimal("1200.50")), format_decimal(Decimal("-0.00"))
    ('1200.5', '0')
    """
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def format_column(col: Column) -> str:
    """``ansatz:2021``."""
    return f"{col.kind.value}:{col.year}"


_COLUMN_RE = re.compile(r"(ergebnis|ansatz|planung|ve):(-?\d{1,6})\Z")
_DATE_RE = re.compile(r"-?\d{4,}-\d{2}-\d{2}\Z")


def parse_column(text: str) -> Column:
    """Inverse of :func:`format_column`."""
    m = _COLUMN_RE.match(text)
    if not m:
        raise ValueError(f"„{text}“ ist keine Spalte (erwartet z. B. ansatz:2021)")
    return Column(year=int(m.group(2)), kind=ValueKind(m.group(1)))


def _format_scalar(t: Any, value: Any) -> str:
    if t is str:
        return str(value)
    if t is bool or isinstance(value, bool):
        return "true" if value else "false"
    if t is int:
        return str(value)
    if isinstance(value, Decimal):
        return format_decimal(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, Column):
        return format_column(value)
    raise TypeError(f"cannot write {value!r} as {t}")


def _parse_decimal(text: str) -> Decimal:
    try:
        d = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"„{text}“ ist keine Zahl") from None
    if not d.is_finite():
        raise ValueError(f"„{text}“ ist keine endliche Zahl")
    return d


def _parse_scalar(t: Any, text: str) -> Any:
    if t is str:
        return text
    if t is int:
        return int(text)
    if t is bool:
        if text not in ("true", "false", "1", "0"):
            raise ValueError(f"„{text}“ ist kein Wahrheitswert")
        return text in ("true", "1")
    if t is Decimal:
        return _parse_decimal(text)
    if t is datetime.date:
        return datetime.date.fromisoformat(text)
    if t is Column:
        return parse_column(text)
    if t is Scalar:
        if text in ("true", "false"):
            return text == "true"
        if _DATE_RE.match(text):
            return datetime.date.fromisoformat(text)
        return _parse_decimal(text)
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return t(text)
    raise TypeError(f"unknown scalar type {t}")


# --------------------------------------------------------------------------- writing


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def write_object(parent: etree._Element | None, tag: str, obj: Any) -> etree._Element:
    """Write ``obj`` as element ``tag`` (local name) under ``parent`` (or as a root)."""
    el = (
        etree.Element(_q(tag), nsmap={None: NS})
        if parent is None
        else etree.SubElement(parent, _q(tag))
    )
    cls: type = type(obj)
    for s in field_specs(cls):
        value = getattr(obj, s.name)
        if value is None or (
            not s.required and s.default is not attrs.NOTHING and _same(value, s.default)
        ):
            continue
        if s.kind is Kind.ATTR:
            el.set(s.xml, _format_scalar(s.type, value))
        elif s.kind is Kind.ATTR_LIST:
            if value or s.required:
                el.set(s.xml, " ".join(_format_scalar(s.type, v) for v in value))
        elif s.kind is Kind.TEXT:
            etree.SubElement(el, _q(s.xml)).text = value
        elif s.kind is Kind.CHILD:
            write_object(el, s.xml, value)
        elif s.kind is Kind.CHILDREN:
            if value:
                wrapper = etree.SubElement(el, _q(s.xml))
                for item in value:
                    write_object(wrapper, element_name(type(item)), item)
        elif value:  # Kind.LINES
            _write_lines(etree.SubElement(el, _q(s.xml)), value)
    return el


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and bool(a == b)


def _write_lines(wrapper: etree._Element, lines: tuple[PlanLine, ...]) -> None:
    table = wrapper
    key: tuple[PlanKind, tuple[Column, ...]] | None = None
    q_table, q_line = _q("table"), _q("l")
    for line in lines:
        k = (line.plan, line.columns)
        if k != key:
            key = k
            table = etree.SubElement(wrapper, q_table)
            table.set("plan", line.plan.value)
            table.set("columns", " ".join(format_column(c) for c in line.columns))
        row = etree.SubElement(table, q_line)
        row.set("n", str(line.number))
        row.text = " ".join(EMPTY_CELL if v is None else format_decimal(v) for v in line.values)


# --------------------------------------------------------------------------- reading


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def read_object(el: etree._Element, cls: type) -> Any:
    """Read element ``el`` as an instance of ``cls`` (the schema was checked before)."""
    kwargs: dict[str, Any] = {}
    children: dict[str, etree._Element] = {}
    for child in el:
        if isinstance(child.tag, str):
            children[_local(child)] = child
    attrib = el.attrib
    for s in field_specs(cls):
        try:
            if s.kind is Kind.ATTR:
                raw = attrib.get(s.xml)
                if raw is not None:
                    kwargs[s.name] = _parse_scalar(s.type, raw)
            elif s.kind is Kind.ATTR_LIST:
                raw = attrib.get(s.xml)
                if raw is not None:
                    kwargs[s.name] = tuple(_parse_scalar(s.type, t) for t in raw.split())
            elif s.kind is Kind.TEXT:
                c = children.get(s.xml)
                if c is not None:
                    kwargs[s.name] = c.text or ""
            elif s.kind is Kind.CHILD:
                c = children.get(s.xml)
                if c is not None:
                    kwargs[s.name] = read_object(c, s.classes[0])
            elif s.kind is Kind.CHILDREN:
                c = children.get(s.xml)
                if c is not None:
                    kwargs[s.name] = tuple(
                        _read_item(item, s.classes) for item in c if isinstance(item.tag, str)
                    )
            else:
                c = children.get(s.xml)
                if c is not None:
                    kwargs[s.name] = _read_lines(c)
        except MappingError:
            raise
        except (ValueError, TypeError) as exc:
            raise MappingError(f"{_local(el)}/{s.xml}: {exc}", el.sourceline) from None
        if s.required and s.name not in kwargs:  # None and () are not written
            if s.optional:
                kwargs[s.name] = None
            elif s.kind in (Kind.ATTR_LIST, Kind.CHILDREN, Kind.LINES):
                kwargs[s.name] = ()
    try:
        return cls(**kwargs)
    except (ValueError, TypeError) as exc:
        raise MappingError(f"{_local(el)}: {exc}", el.sourceline) from None


def _read_item(el: etree._Element, classes: tuple[type, ...]) -> Any:
    name = _local(el)
    for c in classes:
        if element_name(c) == name:
            return read_object(el, c)
    raise MappingError(f"unerwartetes Element {name}", el.sourceline)


_ZERO = Decimal(0)


def _read_lines(wrapper: etree._Element) -> tuple[PlanLine, ...]:
    out: list[PlanLine] = []
    dec = Decimal
    empty = EMPTY_CELL
    for table in wrapper:
        if not isinstance(table.tag, str):
            continue
        plan = PlanKind(table.get("plan"))
        columns = tuple(parse_column(t) for t in (table.get("columns") or "").split())
        width = len(columns)
        for row in table:
            if not isinstance(row.tag, str):
                continue
            tokens = (row.text or "").split()
            if len(tokens) != width:
                raise MappingError(
                    f"Zeile {row.get('n')}: {len(tokens)} Werte für {width} Spalten",
                    row.sourceline,
                )
            try:
                values = tuple(None if t == empty else dec(t) for t in tokens)
            except InvalidOperation:
                raise MappingError(
                    f"Zeile {row.get('n')}: ungültiger Wert", row.sourceline
                ) from None
            out.append(
                PlanLine(plan=plan, number=int(row.get("n") or 0), columns=columns, values=values)
            )
    return tuple(out)
