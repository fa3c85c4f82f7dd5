"""Schema violations (NKF-E010) are said in German, for a Kämmerei clerk.

Each case breaks a shipped example in one place and reads the finding ``nkf validate``
would print; a property breaks the founding motion, the plan and the deliberation at
random places and checks that no libxml2 English is left.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from nkf.xml import read
from nkf.xml._schema_messages import german, german_all

EXAMPLES = Path(__file__).parent.parent / "examples" / "leichlingen-2021"
PLAN = (EXAMPLES / "plan.xml").read_bytes()
MOTION = (EXAMPLES / "amendment.xml").read_bytes()
DELIBERATION = (EXAMPLES / "deliberation.xml").read_bytes()
PREFIX = "Aufbau entspricht nicht dem NKF-XML-Schema: "
ALLOWED_ELEMENTS = "<note>, <areas>, <lines>, <investments>, <posts>, <statutes>, <blocks>"


def _findings(data: bytes) -> list[tuple[int | None, str]]:
    doc, _root, diags = read(data)
    assert doc is None
    assert {d.code for d in diags} == {"NKF-E010"}
    out = []
    for d in diags:
        assert d.message.startswith(PREFIX)
        out.append((d.location.line if d.location else None, d.message.removeprefix(PREFIX)))
    return out


def _line_of(data: bytes, needle: bytes) -> int:
    return data[: data.index(needle)].count(b"\n") + 1


CASES = [
    pytest.param(
        PLAN,
        b'<l n="13">9860 ',
        b'<l n="13">neun ',
        "Inhalt von <l>: „neun“ ist kein Betrag (eine Zahl wie 1234.5, oder -- für eine "
        "leere Zelle).",
        id="cell",
    ),
    pytest.param(
        PLAN,
        b"<municipality name=",
        b'<municipality farbe="rot" name=',
        "Das Attribut farbe ist an <municipality> nicht erlaubt.",
        id="unknown attribute",
    ),
    pytest.param(
        PLAN,
        b'<municipality name="Leichlingen"',
        b"<municipality",
        "An <municipality> fehlt das Attribut name.",
        id="missing attribute",
    ),
    pytest.param(
        PLAN,
        b'<municipality name="Leichlingen"/>',
        b'<municipality name="Leichlingen"/><farbe/>',
        f"Das Element <farbe> ist hier nicht erlaubt; erwartet wird eines von {ALLOWED_ELEMENTS}.",
        id="unknown element",
    ),
    pytest.param(
        PLAN,
        b'<municipality name="Leichlingen"/>',
        b'<municipality name="Leichlingen"/><f:x xmlns:f="urn:fremd"/>',
        "Das Element <x> (Namensraum urn:fremd) ist hier nicht erlaubt; erwartet wird eines "
        f"von {ALLOWED_ELEMENTS}.",
        id="foreign element",
    ),
    pytest.param(
        PLAN,
        b'<table plan="teilergebnisplan"',
        b'<table plan="teilergebnisplan" xmlns:f="urn:fremd" f:x="1"',
        "Das Attribut x (Namensraum urn:fremd) ist an <table> nicht erlaubt.",
        id="foreign attribute",
    ),
    pytest.param(
        PLAN,
        b"<lines>",
        b"<lines></lines><lines>",
        "In <lines> fehlt ein Element: <table>.",
        id="missing child",
    ),
    pytest.param(
        MOTION,
        b'date="2021-02-24"',
        b'date="24.02.2021"',
        "Attribut date an <amendment>: „24.02.2021“ ist kein Datum (erwartet JJJJ-MM-TT, "
        "z. B. 2021-06-30).",
        id="date",
    ),
    pytest.param(
        PLAN,
        b'kind="ansatz"',
        b'kind="soll"',
        "Attribut kind an <figureValue>: „soll“ ist kein erlaubter Wert (erlaubt: ergebnis, "
        "ansatz, planung, ziel).",
        id="enumeration",
    ),
    pytest.param(
        PLAN,
        b'<l n="13">',
        b'<l n="null">',
        "Attribut n an <l>: „null“ ist keine ganze Zahl größer als 0.",
        id="positive integer",
    ),
    pytest.param(
        MOTION,
        b'planYears="2021"',
        b'planYears="2021 abc"',
        "Attribut planYears an <amendment>: „abc“ ist keine ganze Zahl.",
        id="integer in a list",
    ),
    pytest.param(
        PLAN,
        b'<table plan="teilergebnisplan" columns="',
        b'<table plan="teilergebnisplan" columns="soll:2021 ',
        "Attribut columns an <table>: „soll:2021“ ist keine Spalte (erwartet z. B. ansatz:2021).",
        id="column",
    ),
    pytest.param(
        PLAN,
        b'<municipality name="Leichlingen"/>',
        b'<municipality name="Leichlingen">Text</municipality>',
        "<municipality> darf keinen Text enthalten.",
        id="text in an empty element",
    ),
    pytest.param(
        PLAN,
        b'<municipality name="Leichlingen"/>',
        b'<municipality name="Leichlingen"><x/></municipality>',
        "<municipality> darf keine Elemente enthalten.",
        id="element in an empty element",
    ),
    pytest.param(
        MOTION,
        b"<consultation>",
        b"<consultation>Hallo",
        "<consultation> darf keinen Text enthalten, nur Elemente.",
        id="text among elements",
    ),
    pytest.param(
        MOTION,
        b"<addressee>",
        b"<addressee><b/>",
        "<addressee> darf nur Text enthalten, keine Elemente.",
        id="element in a text",
    ),
]


@pytest.mark.parametrize(("document", "needle", "replacement", "message"), CASES)
def test_a_schema_violation_is_said_in_german(
    document: bytes, needle: bytes, replacement: bytes, message: str
) -> None:
    assert needle in document
    data = document.replace(needle, replacement, 1)
    findings = _findings(data)
    assert findings[0] == (_line_of(data, replacement), message)


def test_a_bad_item_of_a_list_is_reported_once() -> None:
    # libxml2 names the bad cell and then the whole row; the row says nothing new.
    findings = _findings(PLAN.replace(b'<l n="13">9860 ', b'<l n="13">neun ', 1))
    assert len(findings) == 1


def test_a_list_finding_of_its_own_is_kept() -> None:
    cells = (
        "Element '{urn:nkf:xml:1}l': '1 2' is not a valid value of the list type "
        "'{urn:nkf:xml:1}Cells'."
    )
    said = (
        "Inhalt von <l>: „1 2“ ist keine gültige Liste (Werte der Zeile, durch Leerzeichen "
        "getrennt)."
    )
    assert german_all([(cells, 5, 0)]) == [(said, 5, 0)]
    item = (
        "Element '{urn:nkf:xml:1}l': 'x' is not a valid value of the union type "
        "'{urn:nkf:xml:1}Cell'."
    )
    assert len(german_all([(item, 4, 0), (cells, 5, 0)])) == 2  # another line: kept
    assert len(german_all([(item, 5, 0), (cells, 5, 0)])) == 1


def test_a_message_of_another_kind_keeps_libxml2s_words() -> None:
    message = "Element '{urn:nkf:xml:1}goal': Some future check about '{urn:nkf:xml:1}text'."
    assert german(message) == "Inhalt von <goal>: Some future check about 'text'."
    assert german("No matching global declaration available for the validation root.") == (
        "No matching global declaration available for the validation root."
    )
    year = "Element '{urn:nkf:xml:1}l': 'x' is not a valid value of the atomic type 'xs:gYear'."
    assert german(year) == "Inhalt von <l>: „x“ ist kein gültiger Wert (Typ gYear)."


@given(st.text())
def test_german_takes_any_text(message: str) -> None:
    assert isinstance(german(message), str)


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"])))
def test_the_refused_value_is_in_the_message(value: str) -> None:
    message = (
        f"Element '{{urn:nkf:xml:1}}figureValue', attribute 'value': '{value}' is not a "
        "valid value of the union type '{urn:nkf:xml:1}FigureScalar'."
    )
    assert f"„{value}“" in german(message)


# --------------------------------------------------------------------------- no English left

ENGLISH = re.compile(
    r"not allowed|not expected|is not a valid|Expected is|Missing child|required but|"
    r"content type|not an element of|not accepted by|facet"
)


def _breakages(document: bytes) -> st.SearchStrategy[bytes]:
    """A document with one attribute set to a word, removed, or one stray element added."""
    root = etree.fromstring(document)
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    attributes = [(i, name) for i, el in enumerate(elements) for name in el.attrib]
    words = st.sampled_from(["x", "-1", "0", "1.5", "2021-13-01", "true", "", "ansatz:x"])

    def set_value(pick: tuple[int, str], word: str) -> bytes:
        tree = etree.fromstring(document)
        el = [e for e in tree.iter() if isinstance(e.tag, str)][pick[0]]
        el.set(pick[1], word)
        return etree.tostring(tree)

    def remove(pick: tuple[int, str]) -> bytes:
        tree = etree.fromstring(document)
        el = [e for e in tree.iter() if isinstance(e.tag, str)][pick[0]]
        del el.attrib[pick[1]]
        return etree.tostring(tree)

    def add(i: int, text: str) -> bytes:
        tree = etree.fromstring(document)
        el = [e for e in tree.iter() if isinstance(e.tag, str)][i]
        etree.SubElement(el, "{urn:nkf:xml:1}fremd").text = text
        return etree.tostring(tree)

    picks = st.sampled_from(attributes)
    return st.one_of(
        st.builds(set_value, picks, words),
        st.builds(remove, picks),
        st.builds(add, st.integers(0, len(elements) - 1), st.sampled_from(["", "x"])),
    )


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_breakages(MOTION), _breakages(PLAN), _breakages(DELIBERATION)))
def test_no_libxml2_english_is_left_for_a_broken_file(data: bytes) -> None:
    _doc, _root, diags = read(data)
    for d in diags:
        if d.code == "NKF-E010":
            assert not ENGLISH.search(d.message), d.message
