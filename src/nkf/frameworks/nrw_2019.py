"""The NRW framework since 2019: KomHVO NRW with the VV Muster 2019 (``nrw_2019``).

Kommunalhaushaltsverordnung NRW (KomHVO NRW) of 12.12.2018 (GV. NRW. 2018 S. 683, in force
1.1.2019) with the VV Muster zur GO NRW und KomHVO NRW of 8.11.2019 (MBl. NRW. 2019
S. 661). The catalog holds the 17 Produktbereiche, the three-digit statistical
Produktgruppen and the line schemas of Ergebnisplan (01–33), Teilergebnisplan (01–29),
Finanzplan (01–41) and Teilfinanzplan (01–14). Source keys like [S13] refer to the
Sources list of domain.md; each block below names its own.

>>> NRW_2019.area_by_name("Soziale Hilfen").code
'05'
>>> NRW_2019.statistical_group("311").area
'05'
>>> ergebnisplan = NRW_2019.schema(PlanKind.ERGEBNISPLAN)
>>> ergebnisplan.line(28).name
'Jahresergebnis nach Abzug globaler Minderaufwand'
>>> ergebnisplan.line(28).formula
(Term(sign=1, line=26), Term(sign=1, line=27))
>>> NRW_2019.line_for(LineRole.CASH_SURPLUS)
(<PlanKind.FINANZPLAN: 'finanzplan'>, 32)
"""

from __future__ import annotations

from typing import Final

from nkf.frameworks._types import (
    AreaDef,
    Direction,
    Framework,
    LineDef,
    LineKind,
    LineRole,
    LineSchema,
    StatGroupDef,
    Term,
)
from nkf.model.lines import PlanKind

__all__ = ["NRW_2019"]

# ---------------------------------------------------------------------------------------
# Compact line tables: (number, name, kind, direction, formula).
# A formula is written "1..9" (Σ lines 1 to 9), "10 - 17" or "29 + 30 - 31 - 32"; entries
# have the formula "". Directions: IN for Erträge/Einzahlungen, OUT for Aufwendungen/
# Auszahlungen, NONE for sums, balances, adjustments and memo lines.
# ---------------------------------------------------------------------------------------

_Row = tuple[int, str, LineKind, Direction, str]

_ENTRY, _SUM, _BALANCE = LineKind.ENTRY, LineKind.SUM, LineKind.BALANCE
_IN, _OUT, _NONE = Direction.IN, Direction.OUT, Direction.NONE


def _terms(formula: str) -> tuple[Term, ...]:
    """Parse a compact formula into terms.

    Args:
        formula: Line numbers and ranges joined by ``+``/``-``, e.g. ``"1..9"`` or
            ``"26 + 27 - 28"``; a range takes the sign in front of it.

    Returns:
        The terms in the written order.

    >>> _terms("10 - 17")
    (Term(sign=1, line=10), Term(sign=-1, line=17))
    >>> [t.line for t in _terms("1..3")]
    [1, 2, 3]
    """
    terms: list[Term] = []
    sign = 1
    for part in formula.split():
        if part in {"+", "-"}:
            sign = 1 if part == "+" else -1
            continue
        first, _, last = part.partition("..")
        terms.extend(Term(sign=sign, line=n) for n in range(int(first), int(last or first) + 1))
    return tuple(terms)


def _schema(plan: PlanKind, source: str, rows: tuple[_Row, ...]) -> LineSchema:
    """Build the line schema of ``plan`` from compact table rows.

    Args:
        plan: The plan kind the rows describe.
        source: Where the rows come from (domain.md source keys).
        rows: ``(number, name, kind, direction, formula)`` per line, in Muster order.

    Returns:
        The line schema.
    """
    lines = tuple(
        LineDef(number=number, name=name, kind=kind, direction=direction, formula=_terms(formula))
        for number, name, kind, direction, formula in rows
    )
    return LineSchema(plan=plan, lines=lines, source=source)


# ---------------------------------------------------------------------------------------
# Produktbereiche 01–17: (code, current name, aliases seen in real plans, sources).
# domain.md § 1.2. Köln's local "18 Bezirksorientierte Mittel" is not part of the framework.
# ---------------------------------------------------------------------------------------

_ALL_SOURCES = "[S9][S13][S14][S15]"

_AREA_ROWS: Final[tuple[tuple[str, str, tuple[str, ...], str], ...]] = (
    ("01", "Innere Verwaltung", (), "[S9][S13][S15]"),
    ("02", "Sicherheit und Ordnung", (), "[S9][S13][S15]"),
    ("03", "Schulträgeraufgaben", (), "[S9][S13][S15]"),
    # Ostbevern and Ahaus print "Kultur".
    ("04", "Kultur und Wissenschaft", ("Kultur",), "[S9][S13][S14][S15]"),
    # "Soziale Hilfen" is the IMK name and Köln's open data 2012–2018 [S15]; NRW plans of the
    # KomHVO era print "Soziale Leistungen" [S9][S13][S14][S15].
    ("05", "Soziale Leistungen", ("Soziale Hilfen",), "[S9][S13][S14][S15]"),
    ("06", "Kinder-, Jugend- und Familienhilfe", (), _ALL_SOURCES),
    ("07", "Gesundheitsdienste", (), "[S13][S15]"),
    ("08", "Sportförderung", (), _ALL_SOURCES),
    # Münster writes "…/Geoinformationen", Roetgen and Plettenberg "…, Geoinformation",
    # Merzenich "Räumliche Planungs- und Entwicklung, …".
    (
        "09",
        "Räumliche Planung und Entwicklung, Geoinformationen",
        (
            "Räumliche Planung und Entwicklung/Geoinformationen",
            "Räumliche Planung und Entwicklung, Geoinformation",
            "Räumliche Planungs- und Entwicklung, Geoinformationen",
        ),
        "[S13][S15][S43]",
    ),
    ("10", "Bauen und Wohnen", (), _ALL_SOURCES),
    ("11", "Ver- und Entsorgung", (), _ALL_SOURCES),
    # Ostbevern omits ", ÖPNV"; Roetgen omits the comma.
    (
        "12",
        "Verkehrsflächen und -anlagen, ÖPNV",
        ("Verkehrsflächen und -anlagen", "Verkehrsflächen und -anlagen ÖPNV"),
        "[S13][S14][S15]",
    ),
    # Merzenich writes "Natur und Landschaftspflege".
    ("13", "Natur- und Landschaftspflege", ("Natur und Landschaftspflege",), _ALL_SOURCES),
    ("14", "Umweltschutz", (), _ALL_SOURCES),
    ("15", "Wirtschaft und Tourismus", (), _ALL_SOURCES),
    ("16", "Allgemeine Finanzwirtschaft", (), _ALL_SOURCES),
    ("17", "Stiftungen", (), "[S13][S15]"),
)

_AREAS: Final[tuple[AreaDef, ...]] = tuple(
    AreaDef(code=code, name=name, aliases=aliases, source=source)
    for code, name, aliases, source in _AREA_ROWS
)

# ---------------------------------------------------------------------------------------
# Three-digit statistical Produktgruppen (Finanzstatistik) by NRW Produktbereich.
# domain.md § 1.3: IT.NRW Finanzrechnungsstatistik 2011 (GENESIS 71147-05i / 71147-15i) as
# held in felixebert/haushaltsdatenvergleich [S12]; PG → PB confirmed by Merzenich codes
# [S15]. 999 ("Summe aller Produktgruppen") is a statistics total, not a group. PB 17 has
# no statistical group.
# ---------------------------------------------------------------------------------------

_STAT_GROUP_ROWS: Final[tuple[tuple[str, tuple[tuple[str, str], ...]], ...]] = (
    ("01", (("111", "Verwaltungssteuerung und Service"),)),
    (
        "02",
        (
            ("121", "Statistik und Wahlen"),
            ("122", "Ordnungsangelegenheiten"),
            ("126", "Brandschutz"),
            ("127", "Rettungsdienst"),
            ("128", "Großschadensereignisse, Katastrophenschutz"),
        ),
    ),
    (
        "03",
        (
            ("211", "Grundschulen"),
            ("212", "Hauptschulen"),
            ("215", "Realschulen"),
            ("217", "Gymnasien"),
            ("218", "Gesamtschulen"),
            ("221", "Förderschulen"),
            ("231", "Berufskollegs"),
            ("241", "Schülerbeförderung"),
            ("242", "Fördermaßnahmen für Schüler"),
            ("243", "Sonstige schulische Aufgaben"),
        ),
    ),
    (
        "04",
        (
            ("251", "Wissenschaft und Forschung"),
            ("252", "Museen, Sammlungen, Ausstellungen"),
            ("253", "Zoologische und Botanische Gärten"),
            ("261", "Theater"),
            ("262", "Musikpflege (ohne Musikschulen)"),
            ("263", "Musikschulen"),
            ("271", "Volkshochschulen"),
            ("272", "Büchereien"),
            ("273", "Sonstige Volksbildung"),
            ("281", "Heimat- und sonstige Kunstpflege"),
            ("291", "Kirchengemeinden, Religionsgemeinschaften"),
        ),
    ),
    (
        "05",
        (
            ("311", "Grundversorgung u. Leistungen (SGB XII)"),
            ("312", "Grundsicherungsleistungen (SGB II)"),
            ("313", "Leistungen für Asylbewerber (AsylbLG)"),
            ("315", "Soziale Einrichtungen"),
            ("321", "Leistungen nach dem BVG"),
            ("322", "Leistungen f. Schwerbehinderte (SGB IX)"),
            ("323", "Leistungen n. soz. Entschäd.recht einschl. KOF"),
            ("324", "Sonstige Leistungen der Kriegsopferfürsorge"),
            ("325", "Leistungen n. BergmVersG"),
            ("331", "Förderung von anderen Trägern der Wohlfahrtspflege"),
            ("341", "Unterhaltsvorschussleistungen"),
            ("343", "Betreuungsleistungen"),
            ("344", "Leistungen für Heimkehrer und politische Häftlinge"),
            ("351", "Sonstige soziale Leistungen"),
        ),
    ),
    (
        "06",
        (
            ("361", "Förderung v. Kindern (Tageseinr./-pflege)"),
            ("362", "Jugendarbeit"),
            ("363", "So. Leistungen: Förderung junger Menschen u. Fam."),
            ("365", "Tageseinrichtungen für Kinder"),
            ("366", "Einrichtungen der Jugendarbeit"),
            ("367", "So. Einricht.: Förderung junger Menschen und Fam."),
            ("368", "Leistungen n. BEEG"),
        ),
    ),
    (
        "07",
        (
            ("411", "Krankenhäuser"),
            ("412", "Gesundheitseinrichtungen"),
            ("414", "Gesundheitsschutz und -pflege"),
            ("418", "Kur- und Badeeinrichtungen"),
        ),
    ),
    ("08", (("421", "Förderung des Sports"), ("424", "Sportstätten und Bäder"))),
    ("09", (("511", "Räuml. Planung u. Entwicklung, Geoinformationen"),)),
    (
        "10",
        (
            ("521", "Bau- und Grundstücksordnung"),
            ("522", "Wohnungsbauförderung"),
            ("523", "Denkmalschutz und -pflege"),
        ),
    ),
    (
        "11",
        (
            ("531", "Elektrizitätsversorgung"),
            ("532", "Gasversorgung"),
            ("533", "Wasserversorgung"),
            ("534", "Fernwärmeversorgung"),
            ("537", "Abfallwirtschaft"),
            ("538", "Abwasserbeseitigung"),
        ),
    ),
    (
        "12",
        (
            ("541", "Gemeindestraßen"),
            ("542", "Kreisstraßen"),
            ("543", "Landesstraßen"),
            ("544", "Bundesstraßen"),
            ("545", "Straßenreinigung"),
            ("546", "Parkeinrichtungen"),
            ("547", "ÖPNV"),
            ("548", "Sonstiger Personen- und Güterverkehr"),
            ("549", "Häfen"),
        ),
    ),
    (
        "13",
        (
            ("551", "Öffentliches Grün, Landschaftsbau"),
            ("552", "Öffentliche Gewässer, wasserbauliche Anlagen"),
            ("553", "Friedhofs- und Bestattungswesen"),
            ("554", "Naturschutz und Landschaftspflege"),
            ("555", "Land- und Forstwirtschaft"),
        ),
    ),
    ("14", (("561", "Umweltschutzmaßnahmen"), ("562", "Immissionsschutz"))),
    (
        "15",
        (
            ("571", "Wirtschaftsförderung"),
            ("573", "Allgemeine Einrichtungen und Unternehmen"),
            ("575", "Tourismus"),
        ),
    ),
    (
        "16",
        (
            ("611", "Steuern, allg. Zuweisungen u. allg. Umlagen"),
            ("612", "Sonstige allgemeine Finanzwirtschaft"),
        ),
    ),
)

_STATISTICAL_GROUPS: Final[tuple[StatGroupDef, ...]] = tuple(
    StatGroupDef(code=code, area=area, name=name)
    for area, groups in _STAT_GROUP_ROWS
    for code, name in groups
)

# ---------------------------------------------------------------------------------------
# Ergebnisplan 01–33. KomHVO NRW § 2 [S1] (19 positions, five Salden) in the numbering of
# the VV Muster 2019 [S6]; verified against Münster 2026/27 [S13] (band1_p009/p010) and
# Ostbevern 2026 [S14] (zeilen.py, ergebnisplan.csv). domain.md § 2.2.
# The globaler Minderaufwand (27) is stored as a positive amount and improves the result:
# 28 = 26 + 27 (Münster prints +180,000, Ostbevern stores −600,000 and subtracts it).
# ---------------------------------------------------------------------------------------

_ERGEBNIS_ROWS_1_25: Final[tuple[_Row, ...]] = (
    (1, "Steuern und ähnliche Abgaben", _ENTRY, _IN, ""),
    (2, "Zuwendungen und allgemeine Umlagen", _ENTRY, _IN, ""),
    (3, "Sonstige Transfererträge", _ENTRY, _IN, ""),
    (4, "Öffentlich-rechtliche Leistungsentgelte", _ENTRY, _IN, ""),
    (5, "Privatrechtliche Leistungsentgelte", _ENTRY, _IN, ""),
    (6, "Kostenerstattungen und Kostenumlagen", _ENTRY, _IN, ""),
    (7, "Sonstige ordentliche Erträge", _ENTRY, _IN, ""),
    (8, "Aktivierte Eigenleistungen", _ENTRY, _IN, ""),
    (9, "Bestandsveränderungen", _ENTRY, _IN, ""),  # printed "+/-": may be negative
    (10, "Ordentliche Erträge", _SUM, _NONE, "1..9"),
    (11, "Personalaufwendungen", _ENTRY, _OUT, ""),
    (12, "Versorgungsaufwendungen", _ENTRY, _OUT, ""),
    (13, "Aufwendungen für Sach- und Dienstleistungen", _ENTRY, _OUT, ""),
    (14, "Bilanzielle Abschreibungen", _ENTRY, _OUT, ""),
    (15, "Transferaufwendungen", _ENTRY, _OUT, ""),
    (16, "Sonstige ordentliche Aufwendungen", _ENTRY, _OUT, ""),
    (17, "Ordentliche Aufwendungen", _SUM, _NONE, "11..16"),
    (18, "Ordentliches Ergebnis", _BALANCE, _NONE, "10 - 17"),
    (19, "Finanzerträge", _ENTRY, _IN, ""),
    (20, "Zinsen und sonstige Finanzaufwendungen", _ENTRY, _OUT, ""),
    (21, "Finanzergebnis", _BALANCE, _NONE, "19 - 20"),
    (22, "Ergebnis der laufenden Verwaltungstätigkeit", _BALANCE, _NONE, "18 + 21"),
    (23, "Außerordentliche Erträge", _ENTRY, _IN, ""),
    (24, "Außerordentliche Aufwendungen", _ENTRY, _OUT, ""),
    (25, "Außerordentliches Ergebnis", _BALANCE, _NONE, "23 - 24"),
)

_ERGEBNISPLAN: Final = _schema(
    PlanKind.ERGEBNISPLAN,
    "KomHVO NRW § 2 [S1]; VV Muster 2019 [S6]; verified against Münster 2026/27 [S13] "
    "and Ostbevern 2026 [S14] (domain.md § 2.2)",
    (
        *_ERGEBNIS_ROWS_1_25,
        (26, "Jahresergebnis", _BALANCE, _NONE, "22 + 25"),
        (27, "Globaler Minderaufwand", LineKind.ADJUSTMENT, _NONE, ""),
        (28, "Jahresergebnis nach Abzug globaler Minderaufwand", _BALANCE, _NONE, "26 + 27"),
        # Nachrichtlich: Verrechnung von Erträgen und Aufwendungen mit der allgemeinen
        # Rücklage. Seen in the 2026 plans [S13][S14]; legal origin ✖ unverified.
        (29, "Verrechnete Erträge bei Vermögensgegenständen", LineKind.MEMO, _NONE, ""),
        (30, "Verrechnete Erträge bei Finanzanlagen", LineKind.MEMO, _NONE, ""),
        (31, "Verrechnete Aufwendungen bei Vermögensgegenständen", LineKind.MEMO, _NONE, ""),
        (32, "Verrechnete Aufwendungen bei Finanzanlagen", LineKind.MEMO, _NONE, ""),
        (33, "Verrechnungssaldo", LineKind.MEMO_SUM, _NONE, "29 + 30 - 31 - 32"),
    ),
)

# ---------------------------------------------------------------------------------------
# Teilergebnisplan 01–29: lines 01–25 as the Ergebnisplan, then the internal service
# relations (interne Leistungsbeziehungen, KomHVO § 16). Münster 2026 [S13] band1_p016,
# Ostbevern [S14] spec § 3.2; domain.md § 2.3. Ostbevern's lines 30 "globaler Minderaufwand
# (anteilig)" and 31 "Ergebnis nach Minderaufwand" are a local ProFIS layout, not the
# Muster, and are left out.
# ---------------------------------------------------------------------------------------

_TEILERGEBNISPLAN: Final = _schema(
    PlanKind.TEILERGEBNISPLAN,
    "KomHVO NRW § 4, § 16; VV Muster 2019 [S6]; verified against Münster 2026/27 [S13] "
    "and Ostbevern 2026 [S14] (domain.md § 2.3)",
    (
        *_ERGEBNIS_ROWS_1_25,
        (
            26,
            "Ergebnis vor Berücksichtigung der internen Leistungsbeziehungen",
            _BALANCE,
            _NONE,
            "22 + 25",
        ),
        (27, "Erträge aus internen Leistungsbeziehungen", _ENTRY, _IN, ""),
        (28, "Aufwendungen aus internen Leistungsbeziehungen", _ENTRY, _OUT, ""),
        (29, "Ergebnis", _BALANCE, _NONE, "26 + 27 - 28"),
    ),
)

# ---------------------------------------------------------------------------------------
# Finanzplan 01–41. KomHVO NRW § 3 in the numbering of the VV Muster 2019 [S6]; verified
# against Münster 2026 [S13] (band1_p011/p012), Hörstel/IKVS and Ostbevern [S14].
# domain.md § 2.4. Lines 34/36 (Kredite zur Liquiditätssicherung) are new against § 3
# GemHVO 2004.
# ---------------------------------------------------------------------------------------

_FINANZPLAN: Final = _schema(
    PlanKind.FINANZPLAN,
    "KomHVO NRW § 3; VV Muster 2019 [S6]; verified against Münster 2026/27 [S13] "
    "and Hörstel/Ostbevern 2026 [S14] (domain.md § 2.4)",
    (
        (1, "Steuern und ähnliche Abgaben", _ENTRY, _IN, ""),
        (2, "Zuwendungen und allgemeine Umlagen", _ENTRY, _IN, ""),
        (3, "Sonstige Transfereinzahlungen", _ENTRY, _IN, ""),
        (4, "Öffentlich-rechtliche Leistungsentgelte", _ENTRY, _IN, ""),
        (5, "Privatrechtliche Leistungsentgelte", _ENTRY, _IN, ""),
        (6, "Kostenerstattungen, Kostenumlagen", _ENTRY, _IN, ""),
        (7, "Sonstige Einzahlungen", _ENTRY, _IN, ""),
        (8, "Zinsen und sonstige Finanzeinzahlungen", _ENTRY, _IN, ""),
        (9, "Einzahlungen aus laufender Verwaltungstätigkeit", _SUM, _NONE, "1..8"),
        (10, "Personalauszahlungen", _ENTRY, _OUT, ""),
        (11, "Versorgungsauszahlungen", _ENTRY, _OUT, ""),
        (12, "Auszahlungen für Sach- und Dienstleistungen", _ENTRY, _OUT, ""),
        (13, "Zinsen und sonstige Finanzauszahlungen", _ENTRY, _OUT, ""),
        (14, "Transferauszahlungen", _ENTRY, _OUT, ""),
        (15, "Sonstige Auszahlungen", _ENTRY, _OUT, ""),
        (16, "Auszahlungen aus laufender Verwaltungstätigkeit", _SUM, _NONE, "10..15"),
        (17, "Saldo aus laufender Verwaltungstätigkeit", _BALANCE, _NONE, "9 - 16"),
        (18, "Einzahlungen aus Zuwendungen für Investitionsmaßnahmen", _ENTRY, _IN, ""),
        (19, "Einzahlungen aus der Veräußerung von Sachanlagen", _ENTRY, _IN, ""),
        (20, "Einzahlungen aus der Veräußerung von Finanzanlagen", _ENTRY, _IN, ""),
        (21, "Einzahlungen von Beiträgen u. ä. Entgelten", _ENTRY, _IN, ""),
        (22, "Sonstige Investitionseinzahlungen", _ENTRY, _IN, ""),
        (23, "Einzahlungen aus Investitionstätigkeit", _SUM, _NONE, "18..22"),
        (24, "Auszahlungen für den Erwerb von Grundstücken und Gebäuden", _ENTRY, _OUT, ""),
        (25, "Auszahlungen für Baumaßnahmen", _ENTRY, _OUT, ""),
        (26, "Auszahlungen für den Erwerb von beweglichem Anlagevermögen", _ENTRY, _OUT, ""),
        (27, "Auszahlungen für den Erwerb von Finanzanlagen", _ENTRY, _OUT, ""),
        (28, "Auszahlungen von aktivierbaren Zuwendungen", _ENTRY, _OUT, ""),
        (29, "Sonstige Investitionsauszahlungen", _ENTRY, _OUT, ""),
        (30, "Auszahlungen aus Investitionstätigkeit", _SUM, _NONE, "24..29"),
        (31, "Saldo aus Investitionstätigkeit", _BALANCE, _NONE, "23 - 30"),
        (32, "Finanzmittelüberschuss/-fehlbetrag", _BALANCE, _NONE, "17 + 31"),
        (
            33,
            (
                "Einzahlungen aus der Aufnahme und durch Rückflüsse von Krediten für "
                "Investitionen und diesen wirtschaftlich gleichkommenden Rechtsverhältnissen"
            ),
            _ENTRY,
            _IN,
            "",
        ),
        (
            34,
            "Einzahlungen aus der Aufnahme von Krediten zur Liquiditätssicherung",
            _ENTRY,
            _IN,
            "",
        ),
        (
            35,
            (
                "Auszahlungen für die Tilgung und Gewährung von Krediten für Investitionen "
                "und diesen wirtschaftlich gleichkommenden Rechtsverhältnissen"
            ),
            _ENTRY,
            _OUT,
            "",
        ),
        (
            36,
            "Auszahlungen für die Tilgung von Krediten zur Liquiditätssicherung",
            _ENTRY,
            _OUT,
            "",
        ),
        (37, "Saldo aus Finanzierungstätigkeit", _BALANCE, _NONE, "33 + 34 - 35 - 36"),
        (38, "Änderung des Bestandes an eigenen Finanzmitteln", _BALANCE, _NONE, "32 + 37"),
        (39, "Anfangsbestand an Finanzmitteln", _ENTRY, _NONE, ""),
        # IKVS prints line 40 without a number and line 41 as "40" [S14].
        (40, "Änderung des Bestandes an fremden Finanzmitteln", _ENTRY, _NONE, ""),
        (41, "Liquide Mittel", _BALANCE, _NONE, "38 + 39 + 40"),
    ),
)

# ---------------------------------------------------------------------------------------
# Teilfinanzplan 01–14, the investive part in the Münster layout [S13] band1_p017;
# domain.md § 2.5. Ostbevern/ProFIS also prints laufende Verwaltungstätigkeit lines in its
# Teilfinanzpläne with Gesamtfinanzplan numbers ◐ [S14]; the Muster layout is kept here.
# ---------------------------------------------------------------------------------------

_TEILFINANZPLAN: Final = _schema(
    PlanKind.TEILFINANZPLAN,
    "KomHVO NRW § 4; VV Muster 2019 [S6]; verified against Münster 2026/27 [S13] (domain.md § 2.5)",
    (
        (1, "Einzahlungen aus Zuwendungen für Investitionsmaßnahmen", _ENTRY, _IN, ""),
        (2, "Einzahlungen aus der Veräußerung von Sachanlagen", _ENTRY, _IN, ""),
        (3, "Einzahlungen aus der Veräußerung von Finanzanlagen", _ENTRY, _IN, ""),
        (4, "Einzahlungen aus Beiträgen und ähnlichen Entgelten", _ENTRY, _IN, ""),
        (5, "Einzahlungen aus sonstigen Investitionen", _ENTRY, _IN, ""),
        (6, "Summe der investiven Einzahlungen", _SUM, _NONE, "1..5"),
        (7, "Auszahlungen für den Erwerb von Grundstücken und Gebäuden", _ENTRY, _OUT, ""),
        (8, "Auszahlungen für Baumaßnahmen", _ENTRY, _OUT, ""),
        (9, "Auszahlungen für den Erwerb von beweglichem Anlagevermögen", _ENTRY, _OUT, ""),
        (10, "Auszahlungen für den Erwerb von Finanzanlagen", _ENTRY, _OUT, ""),
        (11, "Auszahlungen von aktivierbaren Zuwendungen", _ENTRY, _OUT, ""),
        (12, "Auszahlungen aus sonstigen Investitionen", _ENTRY, _OUT, ""),
        (13, "Summe der investiven Auszahlungen", _SUM, _NONE, "7..12"),
        (
            14,
            "Saldo der Investitionstätigkeit (Einzahlungen ./. Auszahlungen)",
            _BALANCE,
            _NONE,
            "6 - 13",
        ),
    ),
)

# ---------------------------------------------------------------------------------------
# Teilplan → Gesamtplan. Teilergebnisplan lines 01–26 sum up to the same Ergebnisplan
# lines; 27/28 (internal service relations) never do, and 29 has no Gesamtplan line
# (domain.md § 2.3, checked on Ostbevern and Münster [S13][S14]). Teilfinanzplan line k is
# Finanzplan line k + 17 (01–14 → 18–31, domain.md § 2.4/2.5).
# ---------------------------------------------------------------------------------------

_AGGREGATION: Final[tuple[tuple[PlanKind, int, PlanKind, int], ...]] = (
    *((PlanKind.TEILERGEBNISPLAN, n, PlanKind.ERGEBNISPLAN, n) for n in range(1, 27)),
    *((PlanKind.TEILFINANZPLAN, k, PlanKind.FINANZPLAN, k + 17) for k in range(1, 15)),
)

_EP, _TEP = PlanKind.ERGEBNISPLAN, PlanKind.TEILERGEBNISPLAN
_FP = PlanKind.FINANZPLAN

_ROLES: Final[tuple[tuple[LineRole, PlanKind, int], ...]] = (
    (LineRole.ANNUAL_RESULT, _EP, 26),
    (LineRole.ANNUAL_RESULT_AFTER_GMA, _EP, 28),
    (LineRole.GLOBAL_REDUCTION, _EP, 27),
    (LineRole.ORDINARY_INCOME, _EP, 10),
    (LineRole.ORDINARY_EXPENSES, _EP, 17),
    (LineRole.FINANCIAL_INCOME, _EP, 19),
    (LineRole.FINANCIAL_EXPENSES, _EP, 20),
    (LineRole.EXTRAORDINARY_INCOME, _EP, 23),
    (LineRole.EXTRAORDINARY_EXPENSES, _EP, 24),
    (LineRole.CASH_SURPLUS, _FP, 32),
    (LineRole.OPERATING_RECEIPTS, _FP, 9),
    (LineRole.OPERATING_PAYMENTS, _FP, 16),
    (LineRole.INVESTMENT_RECEIPTS, _FP, 23),
    (LineRole.INVESTMENT_PAYMENTS, _FP, 30),
    (LineRole.FINANCING_RECEIPTS, _FP, 33),
    (LineRole.FINANCING_RECEIPTS, _FP, 34),
    (LineRole.FINANCING_PAYMENTS, _FP, 35),
    (LineRole.FINANCING_PAYMENTS, _FP, 36),
    (LineRole.PART_RESULT, _TEP, 29),
    (LineRole.PART_INTERNAL_INCOME, _TEP, 27),
    (LineRole.PART_INTERNAL_EXPENSES, _TEP, 28),
)

NRW_2019: Final[Framework] = Framework(
    id="nrw_2019",
    name="NKF NRW 2019 (KomHVO NRW, VV Muster 2019)",
    regulation=(
        "Kommunalhaushaltsverordnung NRW (KomHVO NRW) vom 12.12.2018, GV. NRW. 2018 S. 683; "
        "VV Muster zur GO NRW und KomHVO NRW, RdErl. vom 8.11.2019, MBl. NRW. 2019 S. 661"
    ),
    valid_from="2019-01-01",
    areas=_AREAS,
    statistical_groups=_STATISTICAL_GROUPS,
    schemas=(_ERGEBNISPLAN, _TEILERGEBNISPLAN, _FINANZPLAN, _TEILFINANZPLAN),
    aggregation=_AGGREGATION,
    roles=_ROLES,
    source=(
        "KomHVO NRW §§ 2–4 [S1][S5]; VV Muster 2019 [S6]; Produktrahmen [S9][S11]; "
        "statistical groups IT.NRW 2011 [S12]; verified against Münster 2026/27 [S13] "
        "and Ostbevern 2026 [S14]"
    ),
)
"""The KomHVO NRW framework (since 1.1.2019) with the VV Muster 2019."""
