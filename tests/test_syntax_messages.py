"""A file that is not well-formed XML (NKF-E001) is explained in German.

Each case is a slip made when editing a file by hand; a property damages the shipped
examples at random (a character removed, inserted or replaced, the file cut short) and
checks that the finding is in German, with its line.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nkf.xml import read
from nkf.xml._syntax_messages import german_syntax

EXAMPLES = Path(__file__).parent.parent / "examples" / "leichlingen-2021"
DOCUMENTS = [(EXAMPLES / f"{n}.xml").read_bytes() for n in ("plan", "amendment", "deliberation")]
HEAD = b'<budgetPlan xmlns="urn:nkf:xml:1" years="2021">\n'
PREFIX = "Die Datei ist kein wohlgeformtes XML: "


def _finding(data: bytes) -> tuple[int | None, str]:
    doc, _root, diags = read(data)
    assert doc is None
    (diag,) = diags
    assert diag.code == "NKF-E001"
    assert diag.message.startswith(PREFIX)
    return (diag.location.line if diag.location else None, diag.message.removeprefix(PREFIX))


CASES = [
    pytest.param(
        HEAD + b"<note>abc\n",
        3,
        "Die Datei endet, bevor <note> (geöffnet in Zeile 2) geschlossen wird.",
        id="end of file",
    ),
    pytest.param(
        HEAD + b"<note>abc\n</nota></budgetPlan>",
        3,
        "<note> (geöffnet in Zeile 2) wird mit </nota> geschlossen; erwartet ist </note>.",
        id="tag mismatch",
    ),
    pytest.param(
        HEAD + b"<note>Gr\xfc\xdfe</note></budgetPlan>",
        2,
        "Die Datei enthält Bytes, die kein gültiges UTF-8 sind (wurde sie in einer anderen "
        "Kodierung gespeichert, etwa Windows-1252?).",
        id="Windows-1252",
    ),
    pytest.param(
        HEAD.replace(b'years="2021"', b"years=2021"),
        1,
        'Ein Attributwert muss in Anführungszeichen stehen (name="Wert").',
        id="no quotes",
    ),
    pytest.param(
        HEAD + b"<note>a < b</note></budgetPlan>",
        2,
        "Nach < steht kein gültiger Elementname (ein < im Text wird &lt; geschrieben).",
        id="bare <",
    ),
    pytest.param(
        HEAD + b"<note>Mieten & Pachten</note></budgetPlan>",
        2,
        "Nach & steht kein Name (ein & im Text wird &amp; geschrieben).",
        id="bare &",
    ),
    pytest.param(
        HEAD + b"<note>a &amp b</note></budgetPlan>",
        2,
        "Nach & fehlt das abschließende ; (ein & im Text wird &amp; geschrieben).",
        id="no semicolon",
    ),
    pytest.param(
        HEAD + b"<note>&euro;</note></budgetPlan>",
        2,
        "&euro; ist nicht definiert: NKF-XML kennt nur &amp; &lt; &gt; &quot; &apos; und "
        "Zeichenreferenzen wie &#228;.",
        id="HTML entity",
    ),
    pytest.param(
        HEAD + b"<note>\x01</note></budgetPlan>",
        2,
        "Der Text enthält ein Steuerzeichen (Code 1), das in XML nicht erlaubt ist.",
        id="control character",
    ),
    pytest.param(
        HEAD.replace(b'years="2021"', b'years="2021" years="2022"'),
        1,
        "Das Attribut years steht zweimal am selben Element.",
        id="attribute twice",
    ),
    pytest.param(
        HEAD.replace(b'years="2021"', b"years"),
        1,
        'Das Attribut years hat keinen Wert (erwartet years="…").',
        id="attribute without value",
    ),
    pytest.param(
        HEAD + b"<f:x/></budgetPlan>",
        2,
        "Das Präfix f (an <f:x>) ist keinem Namensraum zugeordnet.",
        id="prefix",
    ),
    pytest.param(
        HEAD + b"</budgetPlan>\n<budgetPlan/>",
        3,
        "Nach dem Ende des Wurzelelements folgt weiterer Inhalt.",
        id="two roots",
    ),
    pytest.param(
        b"\n<?xml version='1.0'?>" + HEAD + b"</budgetPlan>",
        2,
        "Die XML-Deklaration (<?xml …?>) darf nur ganz am Anfang der Datei stehen.",
        id="declaration not first",
    ),
    pytest.param(
        b"Haushaltsplan 2021",
        1,
        "Die Datei enthält kein XML-Element (erwartet wird <budgetPlan …>, <amendment …> "
        "oder <deliberation …>).",
        id="not XML",
    ),
    pytest.param(
        HEAD + b"<!-- Entwurf\n",
        3,
        "Ein Kommentar ist nicht abgeschlossen (es fehlt -->).",
        id="comment",
    ),
]


@pytest.mark.parametrize(("data", "line", "message"), CASES)
def test_a_slip_is_explained_in_german_on_its_line(data: bytes, line: int, message: str) -> None:
    assert _finding(data) == (line, message)


def test_the_line_and_column_are_cut_from_the_text() -> None:
    raw = "Premature end of data in tag note line 2, line 3, column 1"
    assert german_syntax(raw) == german_syntax("Premature end of data in tag note line 2")


def test_a_message_of_another_kind_keeps_libxml2s_words() -> None:
    assert german_syntax("Some new complaint, line 4, column 2") == "Some new complaint"


@given(st.text())
def test_german_syntax_takes_any_text(message: str) -> None:
    assert isinstance(german_syntax(message), str)


# --------------------------------------------------------------------------- no English left

ENGLISH = re.compile(
    r"\b(?:expected|expecting|not|invalid|error|Premature|mismatch|Invalid|Specification|"
    r"Couldn't|Unescaped|Extra|Entity|Start tag|Comment|Blank|construct)\b"
)
SLIPS = b"<>&\"'/=;!- x\x00\x01\xfc\xc3"


@st.composite
def damaged(draw: st.DrawFn) -> bytes:
    data = bytearray(draw(st.sampled_from(DOCUMENTS)))
    at = draw(st.integers(0, len(data) - 1))
    how = draw(st.sampled_from(["remove", "insert", "replace", "cut"]))
    if how == "remove":
        del data[at]
    elif how == "cut":
        del data[at:]
    else:
        slip = draw(st.sampled_from(SLIPS))
        data[at : at if how == "insert" else at + 1] = bytes([slip])
    return bytes(data)


@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(damaged())
def test_a_damaged_example_is_explained_in_german(data: bytes) -> None:
    _doc, _root, diags = read(data)
    for d in diags:
        if d.code == "NKF-E001":
            assert d.location is not None
            assert d.location.line is not None
            words = re.sub(r"</?[^<>\s]*>", "", d.message.removeprefix(PREFIX))  # not names
            assert not ENGLISH.search(words), d.message
