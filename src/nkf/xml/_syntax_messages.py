"""The parser's findings on a file that is not well-formed XML, in German (NKF-E001).

libxml2 says what it could not parse in English and in its own terms ("Opening and ending
tag mismatch: note line 3 and nota"). Whoever edited the file by hand needs to know what
to put right, so the messages libxml2 writes for the usual slips (a tag not closed or
closed with another name, a quote or a semicolon missing, a bare ``<`` or ``&`` in a
text, bytes that are not UTF-8, a control character, the XML declaration, a limit for
untrusted input) are said again in German. A message of another kind keeps libxml2's
words. The line and column are the diagnostic's, so they are cut from the text.

>>> german_syntax("Opening and ending tag mismatch: note line 3 and nota, line 5, column 12")
'<note> (geöffnet in Zeile 3) wird mit </nota> geschlossen; erwartet ist </note>.'
>>> german_syntax("EntityRef: expecting ';', line 4, column 9")
'Nach & fehlt das abschließende ; (ein & im Text wird &amp; geschrieben).'
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["german_syntax"]

_WHERE: Final = re.compile(r"\s*,\s*line \d+, column \d+\s*\Z")

_ENCODING: Final = (
    "Die Datei enthält Bytes, die kein gültiges UTF-8 sind (wurde sie in einer anderen "
    "Kodierung gespeichert, etwa Windows-1252?)."
)
_DECLARATION: Final = (
    'Die XML-Deklaration am Anfang ist fehlerhaft (erwartet <?xml version="1.0" '
    'encoding="UTF-8"?>).'
)
_AMP: Final = "(ein & im Text wird &amp; geschrieben)"

# (libxml2's message, its German form with \1 ... for the groups), tried in this order.
_RULES: Final[tuple[tuple[re.Pattern[str], str], ...]] = tuple(
    (re.compile(pattern, re.DOTALL), german)
    for pattern, german in (
        (
            r"Premature end of data in tag (\S+) line (\d+)",
            r"Die Datei endet, bevor <\1> (geöffnet in Zeile \2) geschlossen wird.",
        ),
        (
            r"Opening and ending tag mismatch: (\S+) line (\d+) and (\S+)",
            r"<\1> (geöffnet in Zeile \2) wird mit </\3> geschlossen; erwartet ist </\1>.",
        ),
        (r"Invalid bytes in character encoding", _ENCODING),
        (r"Incomplete UTF-8 sequence.*", _ENCODING),
        (r"Input is not proper UTF-8.*", _ENCODING),
        (
            r"AttValue: \" or ' expected",
            'Ein Attributwert muss in Anführungszeichen stehen (name="Wert").',
        ),
        (
            r"AttValue: (['\"]) expected",
            r"Ein Attributwert ist nicht abgeschlossen (es fehlt das schließende \1).",
        ),
        (
            r"String not closed expecting \" or '",
            "Ein Wert in Anführungszeichen ist nicht abgeschlossen (es fehlt \" oder ').",
        ),
        (
            r"error parsing attribute name",
            "Ein Attributname ist fehlerhaft, oder ein Tag ist nicht mit > abgeschlossen.",
        ),
        (
            r"attributes construct error",
            (
                'Die Attribute eines Elements sind fehlerhaft geschrieben (erwartet name="Wert", '
                "durch Leerzeichen getrennt, und > am Ende)."
            ),
        ),
        (
            r"PCDATA invalid Char value (\d+)",
            r"Der Text enthält ein Steuerzeichen (Code \1), das in XML nicht erlaubt ist.",
        ),
        (
            r"(?:Invalid character: )?Char (0x[0-9A-Fa-f]+) out of allowed range",
            r"Die Datei enthält ein Zeichen (\1), das in XML nicht erlaubt ist.",
        ),
        (
            r"StartTag: invalid element name",
            "Nach < steht kein gültiger Elementname (ein < im Text wird &lt; geschrieben).",
        ),
        (r"EntityRef: expecting ';'", f"Nach & fehlt das abschließende ; {_AMP}."),
        (r"xmlParseEntityRef: no name", f"Nach & steht kein Name {_AMP}."),
        (
            r"Unescaped '<' not allowed in attributes values",
            "Ein < in einem Attributwert muss als &lt; geschrieben werden.",
        ),
        (
            r"invalid character in attribute value",
            "Ein Attributwert enthält ein Zeichen, das in XML nicht erlaubt ist.",
        ),
        (
            r"Specification mandates value for attribute (\S+)",
            r'Das Attribut \1 hat keinen Wert (erwartet \1="…").',
        ),
        (
            r"Couldn't find end of Start Tag (\S+) line (\d+)",
            r"Das Tag <\1> (Zeile \2) ist nicht mit > abgeschlossen.",
        ),
        (r"Malformed declaration expecting version", _DECLARATION),
        (r"parsing XML declaration: '\?>' expected", _DECLARATION),
        (r"Blank needed here", "Hier fehlt ein Leerzeichen."),
        (r"expected '(.)'", r"Hier fehlt ein \1."),
        (
            r"String not started expecting ' or \"",
            "Hier fehlt ein öffnendes Anführungszeichen (\" oder ').",
        ),
        (r"ParsePI: PI (\S+) space expected", r"Nach <?\1 fehlt ein Leerzeichen."),
        (
            r"ParsePI: PI (\S+) never end.*",
            r"Die Verarbeitungsanweisung <?\1 ist nicht mit ?> abgeschlossen.",
        ),
        (
            r"xmlParsePITarget: invalid name prefix 'xml'",
            (
                "Eine Verarbeitungsanweisung darf nicht mit xml beginnen (die XML-Deklaration "
                "steht nur ganz am Anfang der Datei)."
            ),
        ),
        (
            r"Invalid XML encoding name",
            "Der Name der Kodierung in der XML-Deklaration ist ungültig (erwartet UTF-8).",
        ),
        (
            r"xmlns(?::\S+)?: '(.*)' is not a valid URI",
            r"Der Namensraum „\1“ ist keine gültige URI.",
        ),
        (
            r"Extra content at the end of the document",
            "Nach dem Ende des Wurzelelements folgt weiterer Inhalt.",
        ),
        (
            r"Entity '([^']*)' not defined",
            (
                r"&\1; ist nicht definiert: NKF-XML kennt nur &amp; &lt; &gt; &quot; &apos; und "
                r"Zeichenreferenzen wie &#228;."
            ),
        ),
        (
            r"Start tag expected, '<' not found",
            (
                "Die Datei enthält kein XML-Element (erwartet wird <budgetPlan …>, <amendment …> "
                "oder <deliberation …>)."
            ),
        ),
        (r"Document is empty", "Die Datei enthält kein XML-Element."),
        (r"Attribute (\S+) redefined", r"Das Attribut \1 steht zweimal am selben Element."),
        (
            r"Namespace prefix (\S+) on (\S+) is not defined",
            r"Das Präfix \1 (an <\1:\2>) ist keinem Namensraum zugeordnet.",
        ),
        (r"Comment not terminated", "Ein Kommentar ist nicht abgeschlossen (es fehlt -->)."),
        (
            r"Double hyphen within comment.*",
            "In einem Kommentar steht --; das ist in XML nicht erlaubt.",
        ),
        (
            r"XML declaration allowed only at the start of the document",
            "Die XML-Deklaration (<?xml …?>) darf nur ganz am Anfang der Datei stehen.",
        ),
        (
            r"Unsupported encoding:? (\S+)",
            r"Die Kodierung \1 wird nicht unterstützt (NKF-XML ist UTF-8).",
        ),
        (
            r"CData section not finished.*",
            "Ein CDATA-Abschnitt ist nicht abgeschlossen (es fehlt ]]>).",
        ),
        (
            r"xmlParseCharRef: invalid xmlChar value (\d+)",
            r"Die Zeichenreferenz &#\1; steht für ein Zeichen, das in XML nicht erlaubt ist.",
        ),
        (
            r"CharRef: invalid (?:hexadecimal|decimal) value",
            "Eine Zeichenreferenz (&#…;) ist fehlerhaft.",
        ),
        (
            r"Excessive depth in document: (\d+).*",
            (
                r"Die Elemente sind tiefer als \1 Ebenen verschachtelt; so tief verschachtelte "
                r"Dateien werden aus Sicherheitsgründen nicht gelesen."
            ),
        ),
        (
            r"(?:Resource limit exceeded: )?Text node too long.*",
            (
                "Ein Text ist länger als 10 Millionen Zeichen; so lange Texte werden aus "
                "Sicherheitsgründen nicht gelesen."
            ),
        ),
    )
)


def german_syntax(message: str) -> str:
    """One finding of the parser, said in German.

    ``message`` is libxml2's, with or without its line and column; a message of a kind
    not listed keeps libxml2's words.
    """
    text = _WHERE.sub("", message).strip()
    for pattern, german in _RULES:
        m = pattern.fullmatch(text)
        if m is not None:
            return m.expand(german)
    return text
