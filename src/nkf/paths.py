"""Logical paths inside a plan or amendment (Fundstellen), shared by rules and readers.

Rules locate a finding by a logical path such as ``unit[050101]/line[teilergebnisplan:10]``;
a reader that knows where each element stood maps the path to a file line. Keeping the
spelling in one module keeps both sides in step.

>>> from nkf.model.lines import PlanKind
>>> line_path(PlanKind.TEILERGEBNISPLAN, 10, unit="050101")
'unit[050101]/line[teilergebnisplan:10]'
>>> goal_path("050101", 2, key_figure=1)
'unit[050101]/goal[2]/keyFigure[1]'
>>> parent_paths('unit[050101]/goal[2]/keyFigure[1]')
['unit[050101]/goal[2]/keyFigure[1]', 'unit[050101]/goal[2]', 'unit[050101]']

Messages for people say the same place in words (:func:`describe`):

>>> describe('unit[050101]/line[teilergebnisplan:13]/column[ansatz:2021]')
'Produkt 050101, Teilergebnisplan Zeile 13, Ansatz 2021'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nkf.model.lines import PlanKind

__all__ = [
    "change_path",
    "describe",
    "goal_path",
    "investment_path",
    "line_path",
    "parent_paths",
    "post_path",
    "statute_path",
    "unit_path",
]


def unit_path(code: str) -> str:
    """Path of an area, group or product."""
    return f"unit[{code}]"


def line_path(plan: PlanKind, number: int, *, unit: str | None = None) -> str:
    """Path of a plan line; ``unit`` None is the Gesamtplan."""
    own = f"line[{plan.value}:{number}]"
    return f"{unit_path(unit)}/{own}" if unit is not None else own


def goal_path(unit: str, goal: int | None, *, key_figure: int | None = None) -> str:
    """Path of a goal (1-based), or of a key figure of a goal or of the unit (goal None)."""
    p = unit_path(unit)
    if goal is not None:
        p += f"/goal[{goal}]"
    if key_figure is not None:
        p += f"/keyFigure[{key_figure}]"
    return p


def statute_path(year: int) -> str:
    """Path of the Haushaltssatzung of ``year``."""
    return f"statute[{year}]"


def investment_path(investment_id: str) -> str:
    """Path of an investment measure."""
    return f"investment[{investment_id}]"


def post_path(post_id: str) -> str:
    """Path of a post of the Stellenplan."""
    return f"post[{post_id}]"


def change_path(index: int) -> str:
    """Path of the change at 1-based ``index`` of an amendment."""
    return f"change[{index}]"


def parent_paths(path: str) -> list[str]:
    """``path`` and each of its ancestors, nearest first (to find the closest known line)."""
    parts = path.split("/")
    return ["/".join(parts[:i]) for i in range(len(parts), 0, -1)]


def _segments(path: str) -> list[tuple[str, str | None]]:
    """``(name, argument or None)`` per segment; a ``/`` inside brackets is not a separator."""
    found: list[tuple[str, str | None]] = []
    depth, start = 0, 0
    for i, char in enumerate(f"{path}/"):
        if char == "[":
            depth += 1
        elif char == "]":
            depth = max(0, depth - 1)
        elif char == "/" and depth == 0:
            segment = path[start:i]
            start = i + 1
            if not segment:
                continue
            name, bracket, rest = segment.partition("[")
            found.append((name, rest[:-1] if bracket and rest.endswith("]") else None))
    return found


def _unit_words(code: str) -> str:
    digits = sum(c.isdigit() for c in code)
    if digits == 2:
        return f"Produktbereich {code}"
    if digits in (3, 4):
        return f"Produktgruppe {code}"
    return f"Produkt {code}"


_PLAIN: dict[str, str] = {
    "add": "Aufnahme",
    "create": "Schaffung",
    "release": "Freigabe",
    "coverage": "Deckung",
    "text": "Wortlaut",
    "name": "Bezeichnung",
    "globalReduction": "globaler Minderaufwand",
}


def _words(name: str, arg: str | None) -> str:
    from nkf import labels  # imported here: building paths needs no model
    from nkf.model.amendment import InvestmentFlow, PlanField, StatuteField, UnitField
    from nkf.model.finance import TaxKind
    from nkf.model.goals import FigureKind
    from nkf.model.lines import PlanKind, ValueKind

    if arg is None:
        for enum, table in (
            (UnitField, labels.UNIT_FIELDS),
            (StatuteField, labels.STATUTE_FIELDS),
            (PlanField, labels.PLAN_FIELDS),
        ):
            member = next((m for m in enum if m.value == name), None)
            if member is not None:
                return table[member]  # type: ignore[index]
        return _PLAIN.get(name, name)
    kind, _, number = arg.partition(":")
    try:
        if name == "unit":
            return _unit_words(arg)
        if name == "line":
            return f"{PlanKind(kind).label} Zeile {int(number):02d}"
        if name == "column":
            return f"{ValueKind(kind).label} {int(number)}"
        if name == "value":
            return f"{labels.FIGURE_KINDS[FigureKind(kind)]} {int(number)}"
        if name == "plan":
            return PlanKind(arg).label
        if name == "taxRate":
            return f"Hebesatz {labels.TAX_KINDS[TaxKind(arg)]}"
        if name in {flow.value for flow in InvestmentFlow}:
            return f"{labels.INVESTMENT_FLOWS[InvestmentFlow(name)]} {arg}"
    except ValueError:
        return f"{name}[{arg}]"
    if name == "change" and "#" in arg:
        amendment, _, ref = arg.partition("#")
        return f"Änderung {ref} von Antrag {amendment}"
    simple = {
        "account": "Konto",
        "costCentre": "Kostenstelle",
        "goal": "Ziel",
        "keyFigure": "Kennzahl",
        "statute": "Haushaltssatzung",
        "investment": "Investitionsmaßnahme",
        "post": "Stelle",
        "block": "Sperrvermerk",
        "change": "Änderung",
        "amendment": "Antrag",
    }
    if name in simple:
        return f"{simple[name]} {arg}"
    if name in {"text", "newGoal"}:
        return ("neues Ziel " if name == "newGoal" else "") + f"„{_shortened(arg)}“"
    return f"{name}[{arg}]"


_TEXT_WORDS = 60
"""Characters of a text (a goal's wording) quoted in a path described in words."""


def _shortened(text: str) -> str:
    """``text`` cut after the last whole word within :data:`_TEXT_WORDS` characters."""
    if len(text) <= _TEXT_WORDS:
        return text
    cut = text[:_TEXT_WORDS].rsplit(" ", 1)[0]
    return f"{cut} …"


def describe(path: str) -> str:
    """A logical path in words, for messages to people (Fundstelle in Worten).

    Segments nkf does not know are kept as written.

    >>> describe("statute[2021]/taxRate[grundsteuer-b]")
    'Haushaltssatzung 2021, Hebesatz Grundsteuer B'
    >>> describe("unit[0501]/newGoal[mehr plätze in der kita]")
    'Produktgruppe 0501, neues Ziel „mehr plätze in der kita“'
    >>> describe("investment[I-17]/payment[2022]")
    'Investitionsmaßnahme I-17, Auszahlung 2022'
    """
    return ", ".join(_words(name, arg) for name, arg in _segments(path))
