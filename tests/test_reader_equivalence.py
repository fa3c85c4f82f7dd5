"""Reading a tree into the model: the same value however the tree came about, clear errors.

:func:`nkf.xml._mapping.read_object` is what ``load`` (through ``read_document``) and the
Akoma-Ntoso import call after the schema check, but it must not depend on it: on any tree it
gives the model value or a :class:`MappingError` naming ``element/attribute`` with the
element's line. The round trips of ``load(dumps(x))`` are in ``test_xml.py``; here the tree
is made by the lxml writer, read with and without the intern tables of :func:`read_document`,
and has comments and processing instructions anywhere; the errors are those of trees that
were never validated.
"""

from __future__ import annotations

import typing
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import nkf.strategies as nst
import nkf.xml
from nkf.examples import founding_motion, leichlingen_deliberation, leichlingen_plan
from nkf.model import BudgetPlan, Municipality
from nkf.model.amendment import Amendment
from nkf.model.deliberation import Deliberation
from nkf.model.goals import KeyFigure, KeyFigureType
from nkf.xml._mapping import (
    NS,
    MappingError,
    class_for_element,
    element_name,
    read_document,
    read_object,
    serialize,
    write_object,
)

# The number of examples is the profile's (tests/conftest.py).
PROPERTY = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

Document = BudgetPlan | Amendment | Deliberation
DOCUMENTS = st.one_of(nst.budget_plans(consistent=False), nst.budget_plans(), nst.amendments())
EXAMPLES = pytest.mark.parametrize(
    "doc",
    [leichlingen_plan(), founding_motion(), leichlingen_deliberation()],
    ids=["plan", "motion", "deliberation"],
)


def _tree(doc: Document) -> etree._Element:
    return etree.fromstring(serialize(doc))


def _sprinkle(root: etree._Element) -> None:
    """Put a comment and a processing instruction at the end of every element."""
    for el in list(root.iter(etree.Element)):
        el.append(etree.Comment(" Anmerkung "))
        el.append(etree.ProcessingInstruction("nkf", "egal"))


# --------------------------------------------------------------------------- values


@PROPERTY
@given(DOCUMENTS)
def test_a_tree_of_the_lxml_writer_reads_back(doc: Document) -> None:
    cls = type(doc)
    tree = write_object(None, element_name(cls), doc)
    assert read_object(tree, cls) == doc
    assert read_document(tree, cls) == doc


@PROPERTY
@given(DOCUMENTS)
def test_the_intern_tables_of_a_document_change_no_value(doc: Document) -> None:
    # read_document shares equal lines and key-figure values; read_object alone does not.
    tree = _tree(doc)
    assert read_document(tree, type(doc)) == read_object(tree, type(doc)) == doc


@PROPERTY
@given(DOCUMENTS)
def test_comments_and_processing_instructions_are_skipped(doc: Document) -> None:
    tree = _tree(doc)
    _sprinkle(tree)
    assert read_document(tree, type(doc)) == doc
    assert read_object(tree, type(doc)) == doc


def _split_texts(root: etree._Element) -> int:
    """Put a comment and a processing instruction into the middle of every text; how many."""
    split = 0
    for el in list(root.iter(etree.Element)):
        text = el.text
        if text and len(el) == 0 and len(text) > 1:
            half = len(text) // 2
            el.text = text[:half]
            comment = etree.Comment(" Anmerkung ")
            comment.tail = text[half:]
            el.append(comment)
            el.append(etree.ProcessingInstruction("nkf", "egal"))
            split += 1
    return split


@PROPERTY
@given(DOCUMENTS)
def test_a_comment_inside_a_text_or_a_row_of_cells_loses_none_of_it(doc: Document) -> None:
    # Comments split a text into several nodes; el.text alone would end at the first.
    tree = _tree(doc)
    _split_texts(tree)
    assert read_document(tree, type(doc)) == doc
    assert read_object(tree, type(doc)) == doc


@EXAMPLES
def test_the_examples_load_with_comments_inside_their_texts(doc: Document) -> None:
    # Through load, with the schema check: descriptions, goals, notes and rows of cells.
    tree = _tree(doc)
    assert _split_texts(tree) >= 5  # the motion has the fewest texts
    assert nkf.xml.load(etree.tostring(tree)) == doc


def test_an_element_inside_a_text_is_an_error() -> None:
    data = KEY_FIGURE.format("").replace(
        "<text>Ziel</text>", "<text>Ziel für <b>alle</b> Senioren</text>"
    )
    for error in _read_both(data):
        assert str(error) == "unerwartetes Element b im Text von text"
        assert error.line == _line_of(data, "<b>")


def test_an_element_among_the_cells_of_a_row_is_an_error() -> None:
    data = LINES.format('<l n="2">7 <wert>8</wert></l>')
    for error in _read_both(data):
        assert str(error) == "unerwartetes Element wert im Text von l"
        assert error.line == _line_of(data, "<wert>")


@EXAMPLES
def test_the_examples_read_from_a_tree_with_comments(doc: Document) -> None:
    tree = _tree(doc)
    _sprinkle(tree)
    assert read_document(tree, type(doc)) == doc


def test_unknown_and_foreign_attributes_are_ignored() -> None:
    root = etree.fromstring(
        f'<municipality xmlns="{NS}" xmlns:f="urn:fremd" name="Leichlingen" farbe="rot"'
        ' f:ags="05316020" f:name="Fremd"/>'
    )
    assert read_object(root, Municipality) == Municipality(name="Leichlingen")


UNKNOWN_CHILDREN = (
    '<keyFigure xmlns="{}" name="Besucher" type="count" farbe="rot">\n'
    "  <farbe>rot</farbe>\n"
    '  <fremd:values xmlns:fremd="urn:fremd"><figureValue year="x"/></fremd:values>\n'
    "</keyFigure>"
)


def test_unknown_child_elements_of_an_object_are_ignored() -> None:
    root = etree.fromstring(UNKNOWN_CHILDREN.format(NS))
    assert read_object(root, KeyFigure) == KeyFigure(name="Besucher", type=KeyFigureType.COUNT)


def test_a_key_figure_in_a_document_is_read_as_on_its_own() -> None:
    # Inside a document, key figures have a reader of their own (there are thousands).
    data = KEY_FIGURE.format(UNKNOWN_CHILDREN.format(NS))
    root = etree.fromstring(data)
    for read in (read_object, read_document):
        plan = read(root, BudgetPlan)
        (figure,) = plan.areas[0].goals[0].key_figures
        assert figure == KeyFigure(name="Besucher", type=KeyFigureType.COUNT)


# --------------------------------------------------------------------------- errors

PLAN_HEAD = f'<budgetPlan xmlns="{NS}" years="2021">\n  <municipality name="X"/>\n'
INVESTMENT = (
    PLAN_HEAD + "  <investments>\n"
    '    <investment id="I-1" name="Bau">\n'
    "      <payments>\n"
    '        <yearAmount year="2021" amount="5"/>\n'
    "        {}\n"
    "      </payments>\n"
    "    </investment>\n"
    "  </investments>\n"
    "</budgetPlan>"
)
KEY_FIGURE = (
    PLAN_HEAD + "  <areas>\n"
    '    <budgetArea code="01" name="Innere Verwaltung">\n'
    "      <goals>\n"
    "        <goal>\n"
    "          <text>Ziel</text>\n"
    "          <keyFigures>\n"
    "            {}\n"
    "          </keyFigures>\n"
    "        </goal>\n"
    "      </goals>\n"
    "    </budgetArea>\n"
    "  </areas>\n"
    "</budgetPlan>"
)
MOTION = (
    f'<amendment xmlns="{NS}" id="A-1" title="Antrag">\n'
    "  <changes>\n"
    "    {}\n"
    "  </changes>\n"
    "</amendment>"
)
LINES = (
    PLAN_HEAD + "  <lines>\n"
    '    <table plan="ergebnisplan" columns="ansatz:2021 planung:2022">\n'
    '      <l n="1">5 6</l>\n'
    "      {}\n"
    "    </table>\n"
    "  </lines>\n"
    "</budgetPlan>"
)

# (document with {} for the bad element, bad element, message)
BAD_VALUES: list[tuple[str, str, str]] = [
    (
        INVESTMENT,
        '<yearAmount year="abc" amount="5"/>',
        "yearAmount/year: „abc“ ist keine ganze Zahl",
    ),
    (
        INVESTMENT,
        '<yearAmount year="2022" amount="fünf"/>',
        "yearAmount/amount: „fünf“ ist keine Zahl",
    ),
    (
        INVESTMENT,
        '<yearAmount year="2022" amount="Infinity"/>',
        "yearAmount/amount: „Infinity“ ist keine endliche Zahl",
    ),
    (
        KEY_FIGURE,
        '<keyFigure name="Besucher" type="anzahl"/>',
        (
            "keyFigure/type: „anzahl“ ist kein erlaubter Wert "
            "(erlaubt: number, money, percent, count, ratio, date, yes-no)"
        ),
    ),
    (
        KEY_FIGURE,
        (
            '<keyFigure name="Besucher" type="count"><values>'
            '<figureValue year="2021" kind="soll" value="5"/></values></keyFigure>'
        ),
        (
            "figureValue/kind: „soll“ ist kein erlaubter Wert "
            "(erlaubt: ergebnis, ansatz, planung, ziel)"
        ),
    ),
    (
        KEY_FIGURE,
        (
            '<keyFigure name="Besucher" type="count"><values>'
            '<figureValue year="2021" kind="ziel" value="fünf"/></values></keyFigure>'
        ),
        "figureValue/value: „fünf“ ist keine Zahl",
    ),
    (
        MOTION,
        '<deletePost postId="S-1" derived="maybe"/>',
        "deletePost/derived: „maybe“ ist kein Wahrheitswert",
    ),
    (
        MOTION,
        '<setKwVermerk postId="S-1" year="2021" oldYear="nie"/>',
        "setKwVermerk/oldYear: „nie“ ist keine ganze Zahl",
    ),
    (
        MOTION,
        '<amountChange column="ansatz2021" delta="5"><target unit="01"/></amountChange>',
        "amountChange/column: „ansatz2021“ ist keine Spalte (erwartet z. B. ansatz:2021)",
    ),
    (
        MOTION,
        '<percentChange columns="ansatz:2021 soll:2021" percent="5"/>',
        "percentChange/columns: „soll:2021“ ist keine Spalte (erwartet z. B. ansatz:2021)",
    ),
    (
        MOTION,
        '<request request="berichtsauftrag" due="2021-02-30"><text>Bericht</text></request>',
        "request/due: „2021-02-30“ ist kein gültiges Datum (erwartet JJJJ-MM-TT)",
    ),
    (MOTION, "<farbe/>", "unerwartetes Element farbe"),
    (LINES, '<l n="2">5 sechs</l>', "Zeile 2: ungültiger Wert"),
    (LINES, '<l n="2">5</l>', "Zeile 2: 1 Werte für 2 Spalten"),
]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _read_both(data: str) -> list[MappingError]:
    """The errors of read_object and read_document of ``data`` (not validated)."""
    errors = []
    root = etree.fromstring(data)
    cls = class_for_element(etree.QName(root).localname)
    assert cls is not None
    read: typing.Callable[[etree._Element, type], Any]
    for read in (read_object, read_document):
        with pytest.raises(MappingError) as info:
            read(root, cls)
        errors.append(info.value)
    return errors


@pytest.mark.parametrize(
    ("document", "element", "message"),
    BAD_VALUES,
    ids=[message.partition(":")[0] for _doc, _el, message in BAD_VALUES],
)
def test_a_bad_value_names_element_and_attribute_on_its_line(
    document: str, element: str, message: str
) -> None:
    data = document.format(element)
    line = _line_of(data, element)
    assert line > 2  # deep in the document: neither the root's line nor its parent's
    for error in _read_both(data):
        assert str(error) == message
        assert error.line == line


@pytest.mark.parametrize(
    ("element", "bad"),
    [
        ('<yearAmount amount="fünf" year="abc"/>', "yearAmount/amount"),
        ('<yearAmount year="abc" amount="fünf"/>', "yearAmount/year"),
    ],
)
def test_of_two_bad_attributes_the_first_written_is_named(element: str, bad: str) -> None:
    for error in _read_both(INVESTMENT.format(element)):
        assert str(error).startswith(bad + ": ")


def test_a_missing_attribute_names_the_element_and_the_field() -> None:
    data = INVESTMENT.format('<yearAmount year="2022"/>')
    for error in _read_both(data):
        assert str(error).startswith("yearAmount: ")
        assert "'amount'" in str(error)
        assert error.line == _line_of(data, '<yearAmount year="2022"/>')


def test_a_required_text_element_left_out() -> None:
    data = KEY_FIGURE.format("").replace("<text>Ziel</text>", "")
    for error in _read_both(data):
        assert str(error).startswith("goal: ")
        assert "'text'" in str(error)
        assert error.line == _line_of(data, "<goal>")


def test_a_stranger_among_items_of_one_class() -> None:
    data = INVESTMENT.format('<jahresbetrag year="2022" amount="5"/>')
    for error in _read_both(data):
        assert str(error) == "unerwartetes Element jahresbetrag"
        assert error.line == _line_of(data, "<jahresbetrag")


def test_an_unknown_plan_kind_of_a_table() -> None:
    data = LINES.format("").replace('plan="ergebnisplan"', 'plan="wunschplan"')
    for error in _read_both(data):
        assert str(error) == "table/plan: „wunschplan“ ist keine Planart"
        assert error.line == _line_of(data, "<table")


def test_a_bad_column_of_a_table() -> None:
    data = LINES.format("").replace("planung:2022", "soll:2022")
    for error in _read_both(data):
        assert str(error) == (
            "table/columns: „soll:2022“ ist keine Spalte (erwartet z. B. ansatz:2021)"
        )
        assert error.line == _line_of(data, "<table")


def test_a_model_rule_broken_by_the_values() -> None:
    # Values that convert but that the model refuses: the class's own message.
    data = (
        f'<deliberation xmlns="{NS}" id="B-1" title="Beratung" draftRef="plan.xml">\n'
        "  <motions>\n"
        '    <motion id="A-1" amendmentRef="a-1.xml"/>\n'
        '    <motion id="A-2"/>\n'
        "  </motions>\n"
        "</deliberation>"
    )
    for error in _read_both(data):
        assert str(error) == (
            "motion: Der Antrag „A-2“ braucht entweder den eingebetteten Antrag oder einen "
            "Verweis auf seine Datei (amendment oder amendmentRef), genau eines von beiden."
        )
        assert error.line == 4
