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
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nkf.model.lines import PlanKind

__all__ = [
    "change_path",
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
