"""JSON views of nkf values (JSON-Darstellung) for machine output such as ``nkf diff``.

Field names are camelCase as in NKF-XML; decimals are strings (no float rounding);
dates ISO; enums their value; every object carries ``"$type"`` (the NKF-XML element name)
so that a reader can tell change kinds apart.

>>> from decimal import Decimal
>>> from nkf.model import Column, ValueKind
>>> to_data(Column(year=2021, kind=ValueKind.ANSATZ))
{'$type': 'column', 'year': 2021, 'kind': 'ansatz'}
>>> to_data(Decimal("1200.50"))
'1200.5'
"""

from __future__ import annotations

import datetime
import enum
import json
from decimal import Decimal
from typing import Any

import attrs

__all__ = ["to_data", "to_json"]


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


def to_data(value: Any) -> Any:
    """Turn an nkf value into JSON-compatible data (dicts, lists, strings, numbers)."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, Decimal):
        return "0" if value == 0 else format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [to_data(v) for v in value]
    if attrs.has(type(value)):
        name = type(value).__name__
        out: dict[str, Any] = {"$type": name[:1].lower() + name[1:]}
        for f in attrs.fields(type(value)):
            v = getattr(value, f.name)
            if v is None or v == ():
                continue
            out[_camel(f.name)] = to_data(v)
        return out
    raise TypeError(f"cannot convert {type(value).__name__} to JSON")


def to_json(value: Any) -> str:
    """JSON text of an nkf value (UTF-8 friendly, indented, stable key order)."""
    return json.dumps(to_data(value), ensure_ascii=False, indent=2)
