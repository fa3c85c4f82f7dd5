"""The XML Schema (XSD 1.0) of NKF-XML, generated from the model mapping and shipped.

``nkf-1.xsd`` in this package is the schema of namespace ``urn:nkf:xml:1``. It is generated
by :func:`generate` from the same field mapping the reader and writer use, so the three
cannot drift apart; a test checks that the shipped file equals the generated one.
Regenerate with ``python -m nkf.xml.schema > src/nkf/xml/nkf-1.xsd``.
"""

from __future__ import annotations

import datetime
import enum
import os
import threading
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from lxml import etree

from nkf.model.amendment import Amendment
from nkf.model.goals import Scalar
from nkf.model.lines import Column, PlanKind
from nkf.model.plan import BudgetPlan
from nkf.xml._mapping import NS, Kind, _registry, element_name, field_specs

if TYPE_CHECKING:
    from importlib.abc import ResourceLoader

__all__ = ["SCHEMA_FILE", "generate", "schema"]

SCHEMA_FILE = "nkf-1.xsd"
XS = "http://www.w3.org/2001/XMLSchema"


def _xs(tag: str) -> str:
    return f"{{{XS}}}{tag}"


def _type_name(cls: type) -> str:
    return cls.__name__


def _scalar_type(t: Any, enums: dict[str, type[enum.Enum]]) -> str:
    if t is str:
        return "xs:string"
    if t is int:
        return "xs:integer"
    if t is bool:
        return "xs:boolean"
    if t is Decimal:
        return "Decimal"
    if t is datetime.date:
        return "xs:date"
    if t is Column:
        return "ColumnRef"
    if t is Scalar:
        return "FigureScalar"
    if isinstance(t, type) and issubclass(t, enum.Enum):
        enums[t.__name__] = t
        return t.__name__
    raise TypeError(t)


def _sub(parent: etree._Element, tag: str, **attrib: str) -> etree._Element:
    el = etree.SubElement(parent, _xs(tag))
    for k, v in attrib.items():
        el.set(k.rstrip("_"), v)
    return el


def _complex_type(root: etree._Element, cls: type, enums: dict[str, type[enum.Enum]]) -> None:
    ct = _sub(root, "complexType", name=_type_name(cls))
    doc = (cls.__doc__ or "").strip().splitlines()
    if doc:
        _sub(_sub(ct, "annotation"), "documentation").text = doc[0]
    specs = field_specs(cls)
    elements = [s for s in specs if s.kind not in (Kind.ATTR, Kind.ATTR_LIST)]
    if elements:
        seq = _sub(ct, "sequence")
        for s in elements:
            must = s.required and not s.optional and s.kind in (Kind.TEXT, Kind.CHILD)
            occurs = {} if must else {"minOccurs": "0"}
            if s.kind is Kind.TEXT:
                _sub(seq, "element", name=s.xml, type="xs:string", **occurs)
            elif s.kind is Kind.CHILD:
                _sub(seq, "element", name=s.xml, type=_type_name(s.classes[0]), **occurs)
            elif s.kind is Kind.LINES:
                _sub(seq, "element", name=s.xml, type="Lines", minOccurs="0")
            else:
                wrapper = _sub(seq, "element", name=s.xml, minOccurs="0")
                choice = _sub(_sub(wrapper, "complexType"), "choice", maxOccurs="unbounded")
                for c in s.classes:
                    _sub(choice, "element", name=element_name(c), type=_type_name(c))
    for s in specs:
        if s.kind is Kind.ATTR:
            use = {"use": "required"} if s.required and not s.optional else {}
            _sub(ct, "attribute", name=s.xml, type=_scalar_type(s.type, enums), **use)
        elif s.kind is Kind.ATTR_LIST:
            use = {"use": "required"} if s.required else {}
            _sub(ct, "attribute", name=s.xml, type=_list_type(s.type), **use)


def _list_type(t: Any) -> str:
    if t is int:
        return "IntegerList"
    if t is Column:
        return "ColumnList"
    if t is str:
        return "TokenList"
    raise TypeError(t)  # pragma: no cover - the model has no other lists


_FIXED = """
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="Decimal">
    <xs:annotation><xs:documentation>A decimal amount without exponent (1234.5, -35499229).</xs:documentation></xs:annotation>
    <xs:restriction base="xs:decimal"/>
  </xs:simpleType>
  <xs:simpleType name="ColumnRef">
    <xs:annotation><xs:documentation>A column: value kind and year, e.g. ansatz:2021.</xs:documentation></xs:annotation>
    <xs:restriction base="xs:string">
      <xs:pattern value="(ergebnis|ansatz|planung|ve):-?[0-9]{1,6}"/>
    </xs:restriction>
  </xs:simpleType>
  <xs:simpleType name="ColumnList">
    <xs:list itemType="ColumnRef"/>
  </xs:simpleType>
  <xs:simpleType name="IntegerList">
    <xs:list itemType="xs:integer"/>
  </xs:simpleType>
  <xs:simpleType name="TokenList">
    <xs:list itemType="xs:token"/>
  </xs:simpleType>
  <xs:simpleType name="FigureScalar">
    <xs:annotation><xs:documentation>A key-figure value: a decimal, a date (milestone) or true/false.</xs:documentation></xs:annotation>
    <xs:union memberTypes="xs:decimal xs:date xs:boolean"/>
  </xs:simpleType>
  <xs:simpleType name="Cell">
    <xs:union>
      <xs:simpleType><xs:restriction base="xs:decimal"/></xs:simpleType>
      <xs:simpleType><xs:restriction base="xs:string"><xs:enumeration value="--"/></xs:restriction></xs:simpleType>
    </xs:union>
  </xs:simpleType>
  <xs:simpleType name="Cells">
    <xs:annotation><xs:documentation>The values of a line, one per column; -- is an empty cell.</xs:documentation></xs:annotation>
    <xs:list itemType="Cell"/>
  </xs:simpleType>
  <xs:complexType name="Lines">
    <xs:annotation><xs:documentation>Plan lines, one table per plan kind and column layout.</xs:documentation></xs:annotation>
    <xs:sequence>
      <xs:element name="table" maxOccurs="unbounded">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="l" maxOccurs="unbounded">
              <xs:complexType>
                <xs:simpleContent>
                  <xs:extension base="Cells">
                    <xs:attribute name="n" type="xs:positiveInteger" use="required"/>
                  </xs:extension>
                </xs:simpleContent>
              </xs:complexType>
            </xs:element>
          </xs:sequence>
          <xs:attribute name="plan" type="PlanKind" use="required"/>
          <xs:attribute name="columns" type="ColumnList" use="required"/>
        </xs:complexType>
      </xs:element>
    </xs:sequence>
  </xs:complexType>
</xs:schema>
"""  # noqa: E501 - the XSD literal keeps its own line layout


def generate() -> bytes:
    """Generate the XSD of NKF-XML 1 from the model mapping (deterministic bytes)."""
    from nkf.model.deliberation import Deliberation  # only the generator needs it

    root = etree.Element(
        _xs("schema"),
        nsmap={"xs": XS, None: NS},
        targetNamespace=NS,
        elementFormDefault="qualified",
        attributeFormDefault="unqualified",
        version="1.0",
    )
    _sub(_sub(root, "annotation"), "documentation").text = (
        "NKF-XML 1: municipal budget plans (Haushaltspläne) under NRW's Neues Kommunales "
        "Finanzmanagement and amendments to them (Änderungsanträge). Generated by "
        "nkf.xml.schema from the nkf model; see docs/format.md."
    )
    _sub(root, "element", name="budgetPlan", type=_type_name(BudgetPlan))
    _sub(root, "element", name="amendment", type=_type_name(Amendment))
    _sub(root, "element", name="deliberation", type=_type_name(Deliberation))
    enums: dict[str, type[enum.Enum]] = {"PlanKind": PlanKind}
    for name in sorted(_registry()):
        _complex_type(root, _registry()[name], enums)
    for name in sorted(enums):
        st = _sub(root, "simpleType", name=name)
        r = _sub(st, "restriction", base="xs:token")
        for member in enums[name]:
            _sub(r, "enumeration", value=str(member.value))
    fixed = etree.fromstring(_FIXED.encode())
    for child in fixed:
        root.append(child)
    etree.indent(root, space="  ")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _shipped_bytes(name: str) -> bytes:
    """The package data file ``name`` beside this module, read by the module's loader.

    The loader reads from a directory or a zip archive alike; unlike
    ``importlib.resources`` (or :mod:`pathlib`) it needs no further imports, which keeps
    ``nkf validate`` quick to start.
    """
    loader = cast("ResourceLoader", __spec__.loader)
    here = os.path.dirname(__file__)  # noqa: PTH120 - os.path spares the start-up pathlib
    return loader.get_data(os.path.join(here, name))  # noqa: PTH118


class _PerThread(threading.local):
    schema: etree.XMLSchema | None = None


_per_thread = _PerThread()


def schema() -> etree.XMLSchema:
    """The shipped XSD, compiled once per thread (about 2 ms).

    A validator keeps the findings of its last check in ``error_log``, so two threads
    validating with one validator at the same time would read each other's findings; each
    thread gets its own. Whitespace between the elements and comments do not matter to a
    schema; the parser drops them, which makes compiling a little cheaper.
    """
    xsd = _per_thread.schema
    if xsd is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            remove_blank_text=True,
            remove_comments=True,
        )
        xsd = etree.XMLSchema(etree.fromstring(_shipped_bytes(SCHEMA_FILE), parser=parser))
        _per_thread.schema = xsd
    return xsd


if __name__ == "__main__":  # pragma: no cover - developer command
    import sys

    sys.stdout.buffer.write(generate())
