"""The first NKF framework: GemHVO NRW 2004 with the VV Muster 2005 (``nrw_2004``).

Gemeindehaushaltsverordnung NRW (GemHVO NRW) of 16.11.2004, in force 1.1.2005 until it was
replaced by the KomHVO NRW on 1.1.2019, with the VV Muster zur GO und GemHVO of 24.2.2005
(MBl. NRW. 2005 S. 353) [S7]. Source keys like [S2] refer to the Sources list of domain.md.

What differs from :data:`~nkf.frameworks.nrw_2019.NRW_2019`:

* Produktbereich 05 is named "Soziale Hilfen" (alias "Soziale Leistungen"); the 17
  Produktbereiche and the statistical Produktgruppen are otherwise the same ◐.
* The Ergebnisplan ends at line 26 Jahresergebnis: no globaler Minderaufwand (27/28, a
  2. NKFWG/KomHVO addition) and no nachrichtliche Verrechnung lines 29–33 (domain.md § 2.2).
* The Finanzplan has the 27 positions of § 3 (1) GemHVO 2004 [S2][S3]: only Kredite für
  Investitionen, no Kredite zur Liquiditätssicherung and no "fremde Finanzmittel".

**Finanzplan numbering is nkf's own reading of § 3 GemHVO.** The line numbers of the 2005
Muster are ✖ unverified (domain.md § 2.4). nkf keeps the 27 positions in the order of
§ 3 (1) and inserts the sums and the Salden of § 3 (2) the way the 2019 Muster does, so
lines 01–32 carry the same numbers as in ``nrw_2019``:

====== ============================================================ =================
Line   Content                                                      § 3 GemHVO 2004
====== ============================================================ =================
01–08  Einzahlungen aus laufender Verwaltungstätigkeit              (1) Nr. 1–8
09     = Summe 01–08
10–15  Auszahlungen aus laufender Verwaltungstätigkeit              (1) Nr. 9–14
16     = Summe 10–15
17     = Saldo aus laufender Verwaltungstätigkeit (09 − 16)         (2) Nr. 1
18–22  Einzahlungen aus Investitionstätigkeit                       (1) Nr. 15–19
23     = Summe 18–22
24–29  Auszahlungen aus Investitionstätigkeit                       (1) Nr. 20–25
30     = Summe 24–29
31     = Saldo aus Investitionstätigkeit (23 − 30)                  (2) Nr. 2
32     = Finanzmittelüberschuss/-fehlbetrag (17 + 31)               (2) Nr. 3
33     Einzahlungen aus der Aufnahme von Krediten für Investitionen (1) Nr. 26
34     Auszahlungen für die Tilgung von Krediten für Investitionen  (1) Nr. 27
35     = Saldo aus Finanzierungstätigkeit (33 − 34)                 (2) Nr. 4
36     = Änderung des Bestandes an Finanzmitteln (32 + 35)          (2)
37     Anfangsbestand an Finanzmitteln                              (2)
38     = Endbestand an Finanzmitteln (Liquide Mittel) (36 + 37)     (2)
====== ============================================================ =================

A plan printed with the 2005 Muster's own numbers may number its lines differently; check
its layout before reading it by line number.

>>> NRW_2004.area("05").name
'Soziale Hilfen'
>>> NRW_2004.area_by_name("Soziale Leistungen").code
'05'
>>> NRW_2004.schema(PlanKind.ERGEBNISPLAN).line(27) is None
True
>>> NRW_2004.schema(PlanKind.FINANZPLAN).line(38).formula
(Term(sign=1, line=36), Term(sign=1, line=37))
"""

from __future__ import annotations

from typing import Final

import attrs

from nkf.frameworks._types import (
    Direction,
    Framework,
    LineKind,
    LineRole,
    LineSchema,
)
from nkf.frameworks.nrw_2019 import NRW_2019, _schema
from nkf.model.lines import PlanKind

__all__ = ["NRW_2004"]

_ENTRY, _SUM, _BALANCE = LineKind.ENTRY, LineKind.SUM, LineKind.BALANCE
_IN, _OUT, _NONE = Direction.IN, Direction.OUT, Direction.NONE


def _from_2019(plan: PlanKind, source: str, *, last: int | None = None) -> LineSchema:
    """The ``nrw_2019`` schema of ``plan`` up to line ``last``, with a 2004 ``source``.

    Args:
        plan: The plan kind to take over.
        source: Where the 2004 schema's lines come from.
        last: The last line number to keep; all lines when None.

    Returns:
        The line schema for ``nrw_2004``.
    """
    schema = NRW_2019.schema(plan)
    if schema is None:  # NRW_2019 has all four schemas
        raise AssertionError(plan)
    lines = tuple(d for d in schema.lines if last is None or d.number <= last)
    return LineSchema(plan=plan, lines=lines, source=source)


# ---------------------------------------------------------------------------------------
# Produktbereiche 01–17: the same codes and names as nrw_2019 except 05. The sources show
# no change in PB numbering between GemHVO and KomHVO; the decree that renamed 05 "Soziale
# Hilfen" → "Soziale Leistungen" is not pinned down ◐ (domain.md § 1.2, Köln open data
# 2012–2018 [S15]). Statistical groups: IT.NRW 2011 [S12], shared with nrw_2019.
# ---------------------------------------------------------------------------------------

_AREAS_NOTE = "; same Produktbereich under GemHVO 2004 ◐ (domain.md § 1.2)"

_AREAS: Final = tuple(
    attrs.evolve(
        area,
        name="Soziale Hilfen",
        aliases=("Soziale Leistungen",),
        source="[S15] Köln open data 2012–2018 prints 'Soziale Hilfen' ◐ (domain.md § 1.2)",
    )
    if area.code == "05"
    else attrs.evolve(area, source=area.source + _AREAS_NOTE)
    for area in NRW_2019.areas
)

# ---------------------------------------------------------------------------------------
# Ergebnisplan 01–26: § 2 GemHVO 2004 has the same 19 positions and five Salden as § 2
# KomHVO ✔ [S1][S3]; numbers as the 2019 Muster ◐. No lines 27–33 (domain.md § 2.2).
# Teilergebnisplan 01–29: internal service relations (26–29) existed under § 4 GemHVO too
# ◐; layout as the 2019 Muster. Teilfinanzplan 01–14: the same investive lines ◐.
# ---------------------------------------------------------------------------------------

_ERGEBNISPLAN: Final = _from_2019(
    PlanKind.ERGEBNISPLAN,
    "GemHVO NRW 2004 § 2 [S3], positions and Salden identical to KomHVO § 2 [S1]; "
    "numbering 01–26 as the VV Muster 2019 ◐ (domain.md § 2.2)",
    last=26,
)

_TEILERGEBNISPLAN: Final = _from_2019(
    PlanKind.TEILERGEBNISPLAN,
    "GemHVO NRW 2004 § 4; layout 01–29 as the VV Muster 2019 ◐ (domain.md § 2.3)",
)

_TEILFINANZPLAN: Final = _from_2019(
    PlanKind.TEILFINANZPLAN,
    "GemHVO NRW 2004 § 4; investive lines 01–14 as the VV Muster 2019 ◐ (domain.md § 2.5)",
)

# ---------------------------------------------------------------------------------------
# Finanzplan 01–38: the 27 positions of § 3 (1) GemHVO 2004 in their wording [S2][S3], with
# the sums and the Salden of § 3 (2) inserted. Numbering ✖: nkf's own reading, see the
# module docstring.
# ---------------------------------------------------------------------------------------

_FINANZPLAN: Final = _schema(
    PlanKind.FINANZPLAN,
    "GemHVO NRW 2004 § 3 [S2][S3]; numbering is nkf's reading of § 3, the VV Muster 2005 "
    "[S7] numbers are ✖ unverified (domain.md § 2.4)",
    (
        # § 3 (1) Nr. 1–8: Einzahlungen aus laufender Verwaltungstätigkeit
        (1, "Steuern und ähnliche Abgaben", _ENTRY, _IN, ""),
        (2, "Zuwendungen und allgemeine Umlagen", _ENTRY, _IN, ""),
        (3, "Sonstige Transfereinzahlungen", _ENTRY, _IN, ""),
        (4, "Öffentlich-rechtliche Leistungsentgelte", _ENTRY, _IN, ""),
        (5, "Privatrechtliche Leistungsentgelte", _ENTRY, _IN, ""),
        (6, "Kostenerstattungen und Kostenumlagen", _ENTRY, _IN, ""),
        (7, "Sonstige Einzahlungen", _ENTRY, _IN, ""),
        (8, "Zinsen und sonstige Finanzeinzahlungen", _ENTRY, _IN, ""),
        (9, "Einzahlungen aus laufender Verwaltungstätigkeit", _SUM, _NONE, "1..8"),
        # § 3 (1) Nr. 9–14: Auszahlungen aus laufender Verwaltungstätigkeit
        (10, "Personalauszahlungen", _ENTRY, _OUT, ""),
        (11, "Versorgungsauszahlungen", _ENTRY, _OUT, ""),
        (12, "Auszahlungen für Sach- und Dienstleistungen", _ENTRY, _OUT, ""),
        (13, "Zinsen und sonstige Finanzauszahlungen", _ENTRY, _OUT, ""),
        (14, "Transferauszahlungen", _ENTRY, _OUT, ""),
        (15, "Sonstige Auszahlungen", _ENTRY, _OUT, ""),
        (16, "Auszahlungen aus laufender Verwaltungstätigkeit", _SUM, _NONE, "10..15"),
        (17, "Saldo aus laufender Verwaltungstätigkeit", _BALANCE, _NONE, "9 - 16"),
        # § 3 (1) Nr. 15–19: Einzahlungen aus Investitionstätigkeit
        (18, "Einzahlungen aus Zuwendungen für Investitionsmaßnahmen", _ENTRY, _IN, ""),
        (19, "Einzahlungen aus der Veräußerung von Sachanlagen", _ENTRY, _IN, ""),
        (20, "Einzahlungen aus der Veräußerung von Finanzanlagen", _ENTRY, _IN, ""),
        (21, "Einzahlungen von Beiträgen u. ä. Entgelten", _ENTRY, _IN, ""),
        (22, "Sonstige Investitionseinzahlungen", _ENTRY, _IN, ""),
        (23, "Einzahlungen aus Investitionstätigkeit", _SUM, _NONE, "18..22"),
        # § 3 (1) Nr. 20–25: Auszahlungen aus Investitionstätigkeit
        (24, "Auszahlungen für den Erwerb von Grundstücken und Gebäuden", _ENTRY, _OUT, ""),
        (25, "Auszahlungen für Baumaßnahmen", _ENTRY, _OUT, ""),
        (26, "Auszahlungen für den Erwerb von beweglichem Anlagevermögen", _ENTRY, _OUT, ""),
        (27, "Auszahlungen für den Erwerb von Finanzanlagen", _ENTRY, _OUT, ""),
        (28, "Auszahlungen von aktivierbaren Zuwendungen", _ENTRY, _OUT, ""),
        (29, "Sonstige Investitionsauszahlungen", _ENTRY, _OUT, ""),
        (30, "Auszahlungen aus Investitionstätigkeit", _SUM, _NONE, "24..29"),
        (31, "Saldo aus Investitionstätigkeit", _BALANCE, _NONE, "23 - 30"),
        (32, "Finanzmittelüberschuss/-fehlbetrag", _BALANCE, _NONE, "17 + 31"),
        # § 3 (1) Nr. 26–27: Finanzierungstätigkeit (Kredite für Investitionen only)
        (33, "Einzahlungen aus der Aufnahme von Krediten für Investitionen", _ENTRY, _IN, ""),
        (34, "Auszahlungen für die Tilgung von Krediten für Investitionen", _ENTRY, _OUT, ""),
        (35, "Saldo aus Finanzierungstätigkeit", _BALANCE, _NONE, "33 - 34"),
        # § 3 (2): Änderung, Anfangs- und Endbestand der Finanzmittel
        (36, "Änderung des Bestandes an Finanzmitteln", _BALANCE, _NONE, "32 + 35"),
        (37, "Anfangsbestand an Finanzmitteln", _ENTRY, _NONE, ""),
        (38, "Endbestand an Finanzmitteln (Liquide Mittel)", _BALANCE, _NONE, "36 + 37"),
    ),
)

# ---------------------------------------------------------------------------------------
# Teilplan → Gesamtplan as in nrw_2019: Teilergebnisplan 01–26 → Ergebnisplan 01–26 (never
# the internal relations 27/28); Teilfinanzplan k → Finanzplan k + 17, which the numbering
# above keeps valid (01–14 → 18–31).
# ---------------------------------------------------------------------------------------

_AGGREGATION: Final[tuple[tuple[PlanKind, int, PlanKind, int], ...]] = (
    *((PlanKind.TEILERGEBNISPLAN, n, PlanKind.ERGEBNISPLAN, n) for n in range(1, 27)),
    *((PlanKind.TEILFINANZPLAN, k, PlanKind.FINANZPLAN, k + 17) for k in range(1, 15)),
)

_EP, _TEP = PlanKind.ERGEBNISPLAN, PlanKind.TEILERGEBNISPLAN
_FP = PlanKind.FINANZPLAN

# No GLOBAL_REDUCTION / ANNUAL_RESULT_AFTER_GMA (no GMA lines) and one receipt and one
# payment line of the Finanzierungstätigkeit (no Liquiditätskredite).
_ROLES: Final[tuple[tuple[LineRole, PlanKind, int], ...]] = (
    (LineRole.ANNUAL_RESULT, _EP, 26),
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
    (LineRole.FINANCING_PAYMENTS, _FP, 34),
    (LineRole.PART_RESULT, _TEP, 29),
    (LineRole.PART_INTERNAL_INCOME, _TEP, 27),
    (LineRole.PART_INTERNAL_EXPENSES, _TEP, 28),
)

NRW_2004: Final[Framework] = Framework(
    id="nrw_2004",
    name="NKF NRW 2004 (GemHVO NRW, VV Muster 2005)",
    regulation=(
        "Gemeindehaushaltsverordnung NRW (GemHVO NRW) vom 16.11.2004, in Kraft 1.1.2005; "
        "VV Muster zur GO und GemHVO, RdErl. vom 24.2.2005, MBl. NRW. 2005 S. 353"
    ),
    valid_from="2005-01-01",
    areas=_AREAS,
    statistical_groups=NRW_2019.statistical_groups,
    schemas=(_ERGEBNISPLAN, _TEILERGEBNISPLAN, _FINANZPLAN, _TEILFINANZPLAN),
    aggregation=_AGGREGATION,
    roles=_ROLES,
    source=(
        "GemHVO NRW 2004 §§ 2–4 [S2][S3]; VV Muster 2005 [S7]; Produktrahmen [S9][S11]; "
        "statistical groups IT.NRW 2011 [S12]; Finanzplan numbering nkf's own ✖"
    ),
)
"""The GemHVO NRW framework (1.1.2005 to 31.12.2018) with the VV Muster 2005."""
