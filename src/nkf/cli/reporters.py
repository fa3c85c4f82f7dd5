"""Reporters for ``nkf validate`` (Ausgabeformate): text, JSON, GitHub annotations, SARIF.

Machine output goes to stdout; every reporter turns the same diagnostics into one format.

>>> from nkf.diagnostics import Diagnostic, Location, Severity
>>> d = Diagnostic(code="NKF-E201", severity=Severity.ERROR, message="Summe 10: 5 % zu hoch",
...                location=Location(file="plan.xml", line=7, column=3))
>>> print(text([d]))
plan.xml:7:3: error NKF-E201 Summe 10: 5 % zu hoch
>>> print(github([d]))
::error file=plan.xml,line=7,col=3,title=NKF-E201::Summe 10: 5 %25 zu hoch
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nkf._version import __version__
from nkf.diagnostics import Diagnostic, Location, Severity

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["FORMATS", "escape_data", "escape_property", "github", "json", "sarif", "text"]

FORMATS = ("text", "json", "github", "sarif")


def _dumps(doc: dict[str, Any]) -> str:
    """``doc`` as indented JSON; the json module is imported only by the JSON formats."""
    import json

    return json.dumps(doc, ensure_ascii=False, indent=2)


def _loc(d: Diagnostic) -> Location:
    return d.location or Location()


def text(diagnostics: Sequence[Diagnostic]) -> str:
    """One line per finding: ``path:line:col: severity code message``."""
    return "\n".join(str(d) for d in diagnostics)


def _counts(diagnostics: Sequence[Diagnostic]) -> dict[str, int]:
    return {
        "errors": sum(d.severity is Severity.ERROR for d in diagnostics),
        "warnings": sum(d.severity is Severity.WARNING for d in diagnostics),
        "infos": sum(d.severity is Severity.INFO for d in diagnostics),
    }


def json(diagnostics: Sequence[Diagnostic], files: Sequence[str] = ()) -> str:
    """One JSON document: the tool, the files checked, every finding and a summary."""
    doc = {
        "tool": {"name": "nkf", "version": __version__},
        "files": list(files),
        "diagnostics": [
            {
                "file": _loc(d).file,
                "line": _loc(d).line,
                "column": _loc(d).column,
                "path": _loc(d).path,
                "severity": d.severity.value,
                "code": d.code,
                "message": d.message,
            }
            for d in diagnostics
        ],
        "summary": _counts(diagnostics),
    }
    return _dumps(doc)


def escape_data(value: str) -> str:
    """Escape a workflow-command message as the actions toolkit does (% CR LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Escape a workflow-command property as the actions toolkit does (% CR LF : ,)."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands (``::error file=...,line=...::message``)."""
    out = []
    for d in diagnostics:
        loc = _loc(d)
        props = []
        if loc.file:
            props.append(f"file={escape_property(loc.file)}")
        if loc.line is not None:
            props.append(f"line={loc.line}")
        if loc.column is not None:
            props.append(f"col={loc.column}")
        props.append(f"title={escape_property(d.code)}")
        out.append(f"::{_GITHUB_LEVEL[d.severity]} {','.join(props)}::{escape_data(d.message)}")
    return "\n".join(out)


_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def sarif(diagnostics: Sequence[Diagnostic]) -> str:
    """SARIF 2.1.0 with one rule per diagnostic code (ruleId = code)."""
    codes = sorted({d.code for d in diagnostics})
    rules: list[dict[str, Any]] = [
        {"id": c, "name": c.replace("-", ""), "helpUri": "docs/diagnostics.md"} for c in codes
    ]
    results = []
    for d in diagnostics:
        loc = _loc(d)
        result: dict[str, Any] = {
            "ruleId": d.code,
            "ruleIndex": codes.index(d.code),
            "level": _SARIF_LEVEL[d.severity],
            "message": {"text": d.message},
        }
        if loc.file:
            region: dict[str, int] = {}
            if loc.line is not None:
                region["startLine"] = loc.line
                if loc.column is not None:
                    region["startColumn"] = loc.column
            physical: dict[str, Any] = {"artifactLocation": {"uri": loc.file.replace("\\", "/")}}
            if region:
                physical["region"] = region
            location: dict[str, Any] = {"physicalLocation": physical}
            if loc.path:
                location["logicalLocations"] = [{"fullyQualifiedName": loc.path}]
            result["locations"] = [location]
        results.append(result)
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "nkf",
                        "version": __version__,
                        "informationUri": "https://pypi.org/project/nkf/",
                        "rules": rules,
                    }
                },
                "results": results,
            }
        ],
    }
    return _dumps(doc)
