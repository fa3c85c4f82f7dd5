"""German wording of the model's enumerations (Bezeichnungen), in one place.

Messages of ``apply`` and ``conflicts``, the Veränderungsliste and the Akoma Ntoso
export all name a Hebesatz, a figure of the Haushaltssatzung or a field of a product the
same way; the tables here are the single source of those words. The wording of the
Haushaltssatzung follows its usual paragraph layout under § 78 GO NRW: § 1 Gesamtbeträge,
§ 2 Kredite für Investitionen, § 3 Verpflichtungsermächtigungen, § 4 Ausgleichsrücklage
and allgemeine Rücklage, § 5 Kredite zur Liquiditätssicherung, § 6 Steuersätze
(domain.md § 4.1–4.2).

>>> from nkf.model.amendment import StatuteField
>>> STATUTE_FIELDS[StatuteField.INVESTMENT_CREDITS]
'Gesamtbetrag der Kredite für Investitionen'
"""

from __future__ import annotations

from typing import Final

from nkf.model.amendment import (
    CoverageSource,
    InvestmentFlow,
    PlanField,
    RequestKind,
    StatuteField,
    SubmitterKind,
    UnitField,
)
from nkf.model.finance import TaxKind
from nkf.model.goals import FigureKind

__all__ = [
    "COVERAGE_SOURCES",
    "FIGURE_KINDS",
    "INVESTMENT_FLOWS",
    "PLAN_FIELDS",
    "REQUEST_KINDS",
    "STATUTE_FIELDS",
    "SUBMITTER_KINDS",
    "TAX_KINDS",
    "UNIT_FIELDS",
]

SUBMITTER_KINDS: Final = {
    SubmitterKind.ADMINISTRATION: "Verwaltung",
    SubmitterKind.COMMITTEE: "Ausschuss",
    SubmitterKind.FACTION: "Fraktion",
    SubmitterKind.GROUP: "Gruppe",
    SubmitterKind.MEMBER: "Ratsmitglied",
}
"""Who moves a motion (Antragsteller)."""

UNIT_FIELDS: Final = {
    UnitField.NAME: "Bezeichnung",
    UnitField.DESCRIPTION: "Beschreibung",
    UnitField.COMMITTEE: "Ausschuss",
    UnitField.RESPONSIBLE: "Verantwortlich",
    UnitField.BINDING: "Bindungsgrad",
    UnitField.RECIPIENTS: "Zielgruppe",
}
"""The fields of a Produktbereich, einer Produktgruppe or eines Produkts."""

FIGURE_KINDS: Final = {
    FigureKind.ERGEBNIS: "Ergebnis",
    FigureKind.ANSATZ: "Ansatz",
    FigureKind.PLANUNG: "Planung",
    FigureKind.ZIEL: "Ziel",
}
"""What a key-figure value is (Ergebnis, Ansatz, Planung, Zielwert)."""

TAX_KINDS: Final = {
    TaxKind.GRUNDSTEUER_A: "Grundsteuer A",
    TaxKind.GRUNDSTEUER_B: "Grundsteuer B",
    TaxKind.GRUNDSTEUER_B_WOHNEN: "Grundsteuer B (Wohngrundstücke)",
    TaxKind.GRUNDSTEUER_B_NICHTWOHNEN: "Grundsteuer B (Nichtwohngrundstücke)",
    TaxKind.GEWERBESTEUER: "Gewerbesteuer",
}
"""The Realsteuern whose Hebesätze the Haushaltssatzung sets (its § 6 Steuersätze)."""

STATUTE_FIELDS: Final = {
    StatuteField.TOTAL_INCOME: "Gesamtbetrag der Erträge",
    StatuteField.TOTAL_EXPENSES: "Gesamtbetrag der Aufwendungen",
    StatuteField.INVESTMENT_CREDITS: "Gesamtbetrag der Kredite für Investitionen",
    StatuteField.COMMITMENT_TOTAL: "Gesamtbetrag der Verpflichtungsermächtigungen",
    StatuteField.EQUALISATION_RESERVE_USE: "Inanspruchnahme der Ausgleichsrücklage",
    StatuteField.GENERAL_RESERVE_REDUCTION: "Verringerung der allgemeinen Rücklage",
    StatuteField.LIQUIDITY_CREDIT_LIMIT: "Höchstbetrag der Kredite zur Liquiditätssicherung",
    StatuteField.EQUALISATION_RESERVE_OPENING: "Anfangsbestand der Ausgleichsrücklage",
    StatuteField.GENERAL_RESERVE_OPENING: "Anfangsbestand der allgemeinen Rücklage",
}
"""The figures of §§ 1–5 of the Haushaltssatzung."""

PLAN_FIELDS: Final = {
    PlanField.TITLE: "Titel",
    PlanField.NOTE: "Anmerkung",
    PlanField.STATUS: "Status",
    PlanField.MUNICIPALITY: "Kommune",
    PlanField.AGS: "Amtlicher Gemeindeschlüssel",
}
"""The fields of the Haushaltsplan itself."""

INVESTMENT_FLOWS: Final = {
    InvestmentFlow.PAYMENT: "Auszahlung",
    InvestmentFlow.RECEIPT: "Einzahlung",
    InvestmentFlow.COMMITMENT: "Verpflichtungsermächtigung",
}
"""The amounts of an Investitionsmaßnahme per year."""

COVERAGE_SOURCES: Final = {
    CoverageSource.LINES: "andere Ansätze",
    CoverageSource.EQUALISATION_RESERVE: "Ausgleichsrücklage",
    CoverageSource.REVENUE: "Mehrerträge",
    CoverageSource.GLOBAL_REDUCTION: "globaler Minderaufwand",
    CoverageSource.OTHER_MOTION: "anderer Antrag",
}
"""Where a Deckungsvorschlag takes the money from."""

REQUEST_KINDS: Final = {
    RequestKind.REVIEW: "Prüfauftrag",
    RequestKind.REPORT: "Berichtsauftrag",
    RequestKind.GUIDELINE: "Leitlinie / Haushaltsvermerk",
    RequestKind.STATUTE_RULE: "Regelung der Haushaltssatzung",
}
"""What a request without figures asks for (Prüf-, Berichtsauftrag, Leitlinie)."""
