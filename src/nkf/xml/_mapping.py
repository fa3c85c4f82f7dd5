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
import gc
import re
import threading
import types
import typing
from decimal import Decimal, InvalidOperation
from typing import Any, Final, Union

import attrs
from lxml import etree

from nkf.model import amendment as am
from nkf.model.goals import FigureKind, FigureValue, KeyFigure, KeyFigureType, Scalar
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
    "read_document",
    "read_object",
    "serialize",
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

    from nkf.model.deliberation import Deliberation  # not needed before a registry is

    visit(BudgetPlan)
    visit(am.Amendment)
    visit(Deliberation)
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
_DATE_RE = re.compile(r"-?\d{4,}-\d{2}-\d{2}")  # a date, or what was meant as one


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


def _parse_int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ValueError(f"„{text}“ ist keine ganze Zahl") from None


def _parse_date(text: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"„{text}“ ist kein gültiges Datum (erwartet JJJJ-MM-TT)") from None


def _not_a_member(t: type[enum.Enum], text: str) -> ValueError:
    allowed = ", ".join(str(m.value) for m in t)
    return ValueError(f"„{text}“ ist kein erlaubter Wert (erlaubt: {allowed})")


def _parse_scalar(t: Any, text: str) -> Any:
    if t is str:
        return text
    if t is int:
        return _parse_int(text)
    if t is bool:
        if text not in ("true", "false", "1", "0"):
            raise ValueError(f"„{text}“ ist kein Wahrheitswert")
        return text in ("true", "1")
    if t is Decimal:
        return _parse_decimal(text)
    if t is datetime.date:
        return _parse_date(text)
    if t is Column:
        return parse_column(text)
    if t is Scalar:
        if text in ("true", "false"):
            return text == "true"
        if _DATE_RE.match(text):
            return _parse_date(text)
        return _parse_decimal(text)
    if isinstance(t, type) and issubclass(t, enum.Enum):
        try:
            return t(text)
        except ValueError:
            raise _not_a_member(t, text) from None
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
#
# Reading is compiled once per class (:func:`_reader`): a table from attribute name to
# (field, converter) and one from qualified child tag to (field, xml name, reader). An
# element is then read in one pass over its attributes and one over its children, with
# no per-field lookups. Plan lines, the bulk of a plan, have their own loop.


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


_Converter = typing.Callable[[str], Any]
_Reader = tuple[
    dict[str, tuple[str, "_Converter | None"]],  # attribute → (field, converter or None: str)
    dict[str, tuple[str, str, typing.Callable[[Any], Any]]],  # tag → (field, xml, reader)
    tuple[tuple[str, Any], ...],  # required fields that are left out when None or empty
]
_READERS: dict[type, _Reader] = {}
_QNS: Final = f"{{{NS}}}"


def _enum_converter(t: type[enum.Enum]) -> _Converter:
    members = {str(m.value): m for m in t}

    def convert(text: str) -> Any:
        member = members.get(text)
        if member is None:
            raise _not_a_member(t, text)
        return member

    return convert


def _parse_bool(text: str) -> bool:
    return _parse_scalar(bool, text)  # type: ignore[no-any-return]


_COLUMNS: dict[str, tuple[Column, ...]] = {}


def _parse_columns(text: str) -> tuple[Column, ...]:
    """Parse a column list; equal lists share one tuple of shared :class:`Column` values."""
    columns = _COLUMNS.get(text)
    if columns is None:
        columns = tuple(parse_column(t) for t in text.split())
        if len(_COLUMNS) < 1024:  # a plan has a handful of layouts
            _COLUMNS[text] = columns
    return columns


def _parse_figure_scalar(text: str) -> Any:
    if text == "true":
        return True
    if text == "false":
        return False
    if len(text) >= 10 and _DATE_RE.match(text):  # 10: the shortest date
        return _parse_date(text)
    return _parse_decimal(text)


def _converter(t: Any) -> _Converter | None:
    """The converter of one scalar type (None: the text itself)."""
    if t is str:
        return None
    if t is int:
        return _parse_int
    if t is bool:
        return _parse_bool
    if t is Decimal:
        return _parse_decimal
    if t is datetime.date:
        return _parse_date
    if t is Column:
        return parse_column
    if t is Scalar:
        return _parse_figure_scalar
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return _enum_converter(t)
    return functools.partial(_parse_scalar, t)  # raises for an unknown type


def _list_converter(t: Any) -> _Converter:
    item = _converter(t)
    if item is None:
        return lambda raw: tuple(raw.split())
    if t is Column:
        return _parse_columns
    return lambda raw: tuple(map(item, raw.split()))


def _text(el: etree._Element) -> str:
    """The text of an element, wherever comments or processing instructions split it.

    ``el.text`` alone ends at the first comment: ``<description>Beratung <!-- … -->
    älterer Menschen</description>`` would be read as "Beratung ", and the rest lost.
    """
    text = el.text or ""
    return _joined_text(el, text) if len(el) else text


def _joined_text(el: etree._Element, text: str) -> str:
    """``text`` (the element's text up to its first child) and the text after each child.

    The children of a text may be comments and processing instructions only (the schema
    allows no element there); an element would be lost, so it is an error.
    """
    parts = [text]
    for child in el:
        if isinstance(child.tag, str):
            raise MappingError(
                f"unerwartetes Element {_local(child)} im Text von {_local(el)}",
                child.sourceline,
            )
        parts.append(child.tail or "")
    return "".join(parts)


def _child_reader(cls: type) -> typing.Callable[[etree._Element], Any]:
    fast = _FAST_READERS.get(cls)
    return fast if fast is not None else lambda el: read_object(el, cls)


def _children_reader(classes: tuple[type, ...]) -> typing.Callable[[etree._Element], Any]:
    by_tag = {_QNS + element_name(c): c for c in classes}

    def read(wrapper: etree._Element) -> tuple[Any, ...]:
        out = []
        for item in wrapper:
            c = by_tag.get(item.tag)  # type: ignore[arg-type]
            if c is not None:
                fast = _FAST_READERS.get(c)
                out.append(read_object(item, c) if fast is None else fast(item))
            elif isinstance(item.tag, str):
                raise MappingError(f"unerwartetes Element {_local(item)}", item.sourceline)
        return tuple(out)

    if len(classes) != 1:
        return read
    (only,), tag = classes, _QNS + element_name(classes[0])

    fast = _FAST_READERS.get(only)

    def read_one(wrapper: etree._Element) -> tuple[Any, ...]:
        # One item class (goals, key figures, values ...): let lxml pick the items.
        if fast is not None:
            out = tuple(map(fast, wrapper.iterchildren(tag)))
        else:
            out = tuple([read_object(item, only) for item in wrapper.iterchildren(tag)])
        return out if len(out) == len(wrapper) else read(wrapper)  # comments or strangers

    return read_one


def _reader(cls: type) -> _Reader:
    attributes: dict[str, tuple[str, _Converter | None]] = {}
    children: dict[str, tuple[str, str, typing.Callable[[Any], Any]]] = {}
    fill: list[tuple[str, Any]] = []
    for s in field_specs(cls):
        if s.kind is Kind.ATTR:
            attributes[s.xml] = (s.name, _converter(s.type))
        elif s.kind is Kind.ATTR_LIST:
            attributes[s.xml] = (s.name, _list_converter(s.type))
        elif s.kind is Kind.TEXT:
            children[_QNS + s.xml] = (s.name, s.xml, _text)
        elif s.kind is Kind.CHILD:
            children[_QNS + s.xml] = (s.name, s.xml, _child_reader(s.classes[0]))
        elif s.kind is Kind.CHILDREN:
            children[_QNS + s.xml] = (s.name, s.xml, _children_reader(s.classes))
        else:
            children[_QNS + s.xml] = (s.name, s.xml, _read_lines)
        if s.required:  # None and () are not written
            if s.optional:
                fill.append((s.name, None))
            elif s.kind in (Kind.ATTR_LIST, Kind.CHILDREN, Kind.LINES):
                fill.append((s.name, ()))
    reader = (attributes, children, tuple(fill))
    _READERS[cls] = reader
    return reader


def read_object(el: etree._Element, cls: type) -> Any:
    """Read element ``el`` as an instance of ``cls`` (the schema was checked before)."""
    attributes, children, fill = _READERS.get(cls) or _reader(cls)
    kwargs: dict[str, Any] = {}
    xml = ""
    try:
        for xml, raw in el.items():
            a = attributes.get(xml)
            if a is not None:
                name, convert = a
                kwargs[name] = raw if convert is None else convert(raw)
        if children:  # leaves (figure values, amounts ...) have none to look at
            for child in el:
                c = children.get(child.tag)  # type: ignore[arg-type]
                if c is not None:
                    name, xml, read = c
                    kwargs[name] = read(child)
    except MappingError:
        raise
    except (ValueError, TypeError) as exc:
        raise MappingError(f"{_local(el)}/{xml}: {exc}", el.sourceline) from None
    for name, empty in fill:
        if name not in kwargs:
            kwargs[name] = empty
    try:
        return cls(**kwargs)
    except (ValueError, TypeError) as exc:
        raise MappingError(f"{_local(el)}: {exc}", el.sourceline) from None


def read_document(root: etree._Element, cls: type) -> Any:
    """Read a whole document: :func:`read_object` with the cyclic garbage collector paused.

    A plan is hundreds of thousands of new, acyclic objects; collecting while they are
    created finds nothing and costs about a fifth of the reading time, and more the larger
    the plan. The collector's previous state is restored afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    outer = _reading.tables
    _reading.tables = _InternTables()
    try:
        return read_object(root, cls)
    finally:
        _reading.tables = outer
        if enabled:
            gc.enable()


class _InternTables:
    """Equal values read from one document, shared (per :func:`read_document` call).

    Model values are immutable, so two equal plan lines or key-figure values can be one
    object: in a plan of a thousand products about two thirds of the lines (rows of zeros,
    say) and half of the key-figure values repeat. Sharing them saves creating the object
    and its memory; the tables go when the document is read.
    """

    __slots__ = ("figures", "rows")

    def __init__(self) -> None:
        self.figures: dict[tuple[str | None, str | None, str | None], FigureValue] = {}
        self.rows: dict[tuple[PlanKind, int], dict[tuple[str, str], PlanLine]] = {}


class _Reading(threading.local):
    """The intern tables of the document this thread is reading, if any."""

    tables: _InternTables | None = None


_reading = _Reading()


_ZERO = Decimal(0)


class _Cells(dict[str, Decimal | None]):
    """Cell text → value; zero and the empty cell are shared, other values are not kept."""

    def __missing__(self, text: str) -> Decimal:
        return Decimal(text)


_CELLS: Final = _Cells({"0": _ZERO, EMPTY_CELL: None})
_PLAN_KINDS: Final = {k.value: k for k in PlanKind}


def _read_lines(wrapper: etree._Element) -> tuple[PlanLine, ...]:
    out: list[PlanLine] = []
    append = out.append
    cell = _CELLS.__getitem__
    line = PlanLine
    q_table, q_line = _QNS + "table", _QNS + "l"
    tables = _reading.tables
    for table in wrapper.iterchildren(q_table):
        kind = table.get("plan") or ""
        plan = _PLAN_KINDS.get(kind)
        if plan is None:
            raise MappingError(f"table/plan: „{kind}“ ist keine Planart", table.sourceline)
        try:
            columns = _parse_columns(table.get("columns") or "")
        except ValueError as exc:
            raise MappingError(f"table/columns: {exc}", table.sourceline) from None
        width = len(columns)
        # rows already read with this plan kind and layout: (n, text) → line
        seen: dict[tuple[str, str], PlanLine] = (
            {} if tables is None else tables.rows.setdefault((plan, id(columns)), {})
        )
        row = table
        try:
            for row in table.iterchildren(q_line):
                n, text = row.get("n") or "0", row.text or ""
                if len(row):  # a comment among the cells
                    text = _joined_text(row, text)
                found = seen.get((n, text))
                if found is not None:
                    append(found)
                    continue
                # Most rows read for the first time hold no empty cell and few zeros:
                # Decimal straight from C; rows with an empty cell share zero and None.
                values = tuple(map(cell if EMPTY_CELL in text else Decimal, text.split()))
                if len(values) != width:
                    raise MappingError(
                        f"Zeile {n}: {len(values)} Werte für {width} Spalten", row.sourceline
                    )
                found = line(plan=plan, number=int(n), columns=columns, values=values)
                seen[n, text] = found
                append(found)
        except InvalidOperation:
            raise MappingError(f"Zeile {row.get('n')}: ungültiger Wert", row.sourceline) from None
    return tuple(out)


def _read_figure_value(el: etree._Element) -> FigureValue:
    """A key-figure value; equal ones of one document are one object (:class:`_InternTables`).

    The generic reader takes nothing but the three attributes into account, so they are
    the whole key. A value seen for the first time is made from the three texts directly;
    anything unusual (a missing attribute, a value that does not convert) goes through
    :func:`read_object`, which says what is wrong.
    """
    tables = _reading.tables
    found: FigureValue | None
    if tables is None:
        found = read_object(el, FigureValue)
        return found
    get = el.get
    key = (get("year"), get("kind"), get("value"))
    found = tables.figures.get(key)
    if found is None:
        found = _new_figure_value(*key) or read_object(el, FigureValue)
        tables.figures[key] = found
    return found


_FIGURE_KINDS: Final = {k.value: k for k in FigureKind}


def _new_figure_value(year: str | None, kind: str | None, value: str | None) -> FigureValue | None:
    """A key-figure value from its three texts, or None if they are not all good."""
    member = _FIGURE_KINDS.get(kind or "")
    if year is None or member is None or value is None:
        return None
    try:
        return FigureValue(year=int(year), kind=member, value=_parse_figure_scalar(value))
    except (ValueError, TypeError):
        return None


_KEY_FIGURE_TYPES: Final = {t.value: t for t in KeyFigureType}
_Q_BASELINE: Final = _QNS + "baseline"
_Q_VALUES: Final = _QNS + "values"
_Q_DESCRIPTION: Final = _QNS + "description"


def _read_key_figure(el: etree._Element) -> KeyFigure:
    """A key figure (Kennzahl), read without the generic reader's dispatch.

    A plan of a thousand products has twelve thousand of them. The result is that of
    :func:`read_object`: other attributes and unknown children are passed over as there,
    and a key figure with a missing name or an unknown type goes to :func:`read_object`,
    which says what is wrong.
    """
    get = el.get
    name, kind = get("name"), _KEY_FIGURE_TYPES.get(get("type") or "")
    if name is None or kind is None:
        return typing.cast("KeyFigure", read_object(el, KeyFigure))
    baseline: FigureValue | None = None
    values: tuple[FigureValue, ...] = ()
    description: str | None = None
    for child in el:
        tag = child.tag
        if tag == _Q_VALUES:
            values = _read_figure_values(child)
        elif tag == _Q_BASELINE:
            baseline = _read_figure_value(child)
        elif tag == _Q_DESCRIPTION:
            description = _text(child)
    return KeyFigure(
        name=name,
        type=kind,
        unit=get("unit"),
        baseline=baseline,
        values=values,
        description=description,
    )


_FAST_READERS: Final[dict[type, typing.Callable[[etree._Element], Any]]] = {
    FigureValue: _read_figure_value,
    KeyFigure: _read_key_figure,
}
"""Readers of the classes a plan holds tens of thousands of, instead of :func:`read_object`."""

_read_figure_values: Final = _children_reader((FigureValue,))


# --------------------------------------------------------------------------- text writer
#
# :func:`serialize` writes the same bytes as :func:`write_object` followed by
# ``etree.indent(root, space="  ")`` and ``etree.tostring(root, xml_declaration=True,
# encoding="UTF-8")``, but as text: building an lxml tree costs about 2 µs per element,
# several times what the text costs. Escaping and the refusal of characters XML cannot hold
# follow libxml2 and lxml.

# Lone surrogates are left to the final encode (see serialize): a character class with
# the surrogate range takes 15 ms to compile, a noticeable part of `nkf validate` start-up.
_ATTR_SPECIAL: Final = re.compile('[&<>"\n\r\t\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
_TEXT_SPECIAL: Final = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_NOT_XML: Final = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_ATTR_ESCAPES: Final = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;",
     "\t": "&#9;"}
)  # fmt: skip
_TEXT_ESCAPES: Final = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def _xml_string(value: Any) -> str:
    """``value`` as lxml accepts it for text or an attribute (str, or bytes as UTF-8)."""
    if isinstance(value, bytes):
        value = value.decode("utf-8")
    if not isinstance(value, str):
        raise TypeError(f"Argument must be bytes or unicode, got '{type(value).__name__}'")
    if _NOT_XML.search(value) is not None:
        raise ValueError(
            "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control "
            "characters"
        )
    return value


def _escape_attr(value: Any) -> str:
    if type(value) is str and _ATTR_SPECIAL.search(value) is None:
        return value
    return _xml_string(value).translate(_ATTR_ESCAPES)


def _escape_text(value: Any) -> str:
    if type(value) is str and _TEXT_SPECIAL.search(value) is None:
        return value
    return _xml_string(value).translate(_TEXT_ESCAPES)


def _decimal_text(value: Decimal) -> str:
    text = str(value)
    if "." in text or "E" in text or text == "-0":
        return format_decimal(value)
    return text


def _formatter(t: Any) -> typing.Callable[[Any], str]:
    """The attribute text of a scalar of type ``t`` (escaped; as :func:`_format_scalar`)."""

    def generic(value: Any) -> str:
        return _escape_attr(_format_scalar(t, value))

    if t is str:
        return lambda v: _escape_attr(v) if type(v) is str else generic(v)
    if t is int:
        return lambda v: str(v) if type(v) is int else generic(v)
    if t is Decimal:
        return lambda v: _decimal_text(v) if type(v) is Decimal else generic(v)
    if t is datetime.date:
        return lambda v: v.isoformat() if type(v) is datetime.date else generic(v)
    if t is Column:
        return lambda v: format_column(v) if type(v) is Column else generic(v)
    if t is Scalar:

        def scalar(v: Any) -> str:
            if type(v) is Decimal:
                return _decimal_text(v)
            if v is True or v is False:
                return "true" if v else "false"
            return generic(v)

        return scalar
    if isinstance(t, type) and issubclass(t, enum.Enum):
        return lambda v: _escape_attr(str(v._value_)) if type(v) is t else generic(v)
    return generic


_AttrPlan = tuple[str, str, typing.Callable[[Any], str], Any, bool, bool]
_ChildPlan = tuple[str, str, Kind, Any]
_WRITERS: dict[type, tuple[tuple[_AttrPlan, ...], tuple[_ChildPlan, ...]]] = {}
_NAMES: dict[type, str] = {}


def _writer(cls: type) -> tuple[tuple[_AttrPlan, ...], tuple[_ChildPlan, ...]]:
    attributes: list[_AttrPlan] = []
    children: list[_ChildPlan] = []
    for s in field_specs(cls):
        # A default is left out only for a field that has one (as in write_object).
        default = s.default if not s.required else attrs.NOTHING
        if s.kind is Kind.ATTR:
            attributes.append((s.name, s.xml, _formatter(s.type), default, False, False))
        elif s.kind is Kind.ATTR_LIST:
            attributes.append((s.name, s.xml, _formatter(s.type), default, True, s.required))
        else:
            children.append((s.name, s.xml, s.kind, default))
    plan = (tuple(attributes), tuple(children))
    _WRITERS[cls] = plan
    return plan


def _element_name(cls: type) -> str:
    name = _NAMES.get(cls)
    if name is None:
        name = _NAMES[cls] = element_name(cls)
    return name


def _emit(out: list[str], tag: str, obj: Any, indent: str, root: bool = False) -> None:
    attributes, children = _WRITERS.get(type(obj)) or _writer(type(obj))
    start = f'<{tag} xmlns="{NS}"' if root else "<" + tag
    nothing = attrs.NOTHING
    for name, xml, fmt, default, is_list, required in attributes:
        value = getattr(obj, name)
        if value is None or (
            default is not nothing and type(value) is type(default) and value == default
        ):
            continue  # left out, as _same() leaves it out in write_object
        if is_list:
            if value or required:
                start += f' {xml}="{" ".join(map(fmt, value))}"'
        else:
            start += f' {xml}="{fmt(value)}"'
    if not children:  # a leaf class: figure values, amounts, signatories ...
        out.append(start + "/>")
        return
    out.append(start)
    close = len(out)
    out.append(">")
    first = len(out)
    inner = indent + "  "
    for name, xml, kind, default in children:
        value = getattr(obj, name)
        if value is None or (
            default is not nothing and type(value) is type(default) and value == default
        ):
            continue
        if kind is Kind.TEXT:
            out.append(f"\n{inner}<{xml}>{_escape_text(value)}</{xml}>")
        elif kind is Kind.CHILD:
            out.append("\n" + inner)
            _emit(out, xml, value, inner)
        elif not value:
            continue
        elif kind is Kind.CHILDREN:
            out.append(f"\n{inner}<{xml}>")
            item_indent = "\n" + inner + "  "
            for item in value:
                out.append(item_indent)
                _emit(out, _element_name(type(item)), item, item_indent[1:])
            out.append(f"\n{inner}</{xml}>")
        else:
            out.append(f"\n{inner}<{xml}>")
            _emit_lines(out, value, inner + "  ")
            out.append(f"\n{inner}</{xml}>")
    if len(out) == first:
        out[close] = "/>"
    else:
        out.append(f"\n{indent}</{tag}>")


def _emit_lines(out: list[str], lines: tuple[PlanLine, ...], indent: str) -> None:
    append = out.append
    row_start = "\n" + indent + '  <l n="'
    key: tuple[PlanKind, tuple[Column, ...]] | None = None
    for line in lines:
        columns = line.columns
        if key is None or line.plan is not key[0] or (columns is not key[1] and columns != key[1]):
            if key is not None:
                append(f"\n{indent}</table>")
            key = (line.plan, columns)
            names = " ".join(format_column(c) for c in columns)
            append(f'\n{indent}<table plan="{_escape_attr(line.plan.value)}" columns="{names}">')
        values = line.values
        text = " ".join(map(str, values))
        if "." in text or "E" in text or "N" in text or "-0" in text:
            text = " ".join(EMPTY_CELL if v is None else format_decimal(v) for v in values)
        append(f'{row_start}{line.number}">{text}</l>')
    if key is not None:
        append(f"\n{indent}</table>")


def serialize(obj: Any) -> bytes:
    """NKF-XML bytes of a plan or an amendment (declaration, two-space indent, final newline).

    The same bytes as the lxml tree of :func:`write_object`, indented and serialized.
    """
    out = ["<?xml version='1.0' encoding='UTF-8'?>\n"]
    _emit(out, _element_name(type(obj)), obj, "", root=True)
    out.append("\n")
    try:
        return "".join(out).encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate in some text: lxml names it (UnicodeEncodeError) while building.
        write_object(None, _element_name(type(obj)), obj)
        raise
