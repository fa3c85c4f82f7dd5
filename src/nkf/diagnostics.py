"""Diagnostics (Befunde): findings as data, with a stable code, a severity and a location.

Validation never stops at the first problem; it returns every :class:`Diagnostic`.
The location does not take part in equality, so the same finding in two copies of a
file compares equal, and round trips and diffs ignore where a thing was read from.

>>> d = Diagnostic(code="NKF-E101", severity=Severity.ERROR, message="Zeile 10 stimmt nicht",
...                location=Location(file="plan.xml", line=12, path="/budgetPlan/lines"))
>>> str(d)
'plan.xml:12: error NKF-E101 Zeile 10 stimmt nicht'
>>> d == Diagnostic(code="NKF-E101", severity=Severity.ERROR, message="Zeile 10 stimmt nicht")
True
"""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable

__all__ = ["Diagnostic", "Location", "Severity", "os_problem", "sort_diagnostics"]


class Severity(enum.Enum):
    """How serious a finding is (Schweregrad)."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Order for sorting: errors first."""
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@attrs.frozen(kw_only=True)
class Location:
    """Where a finding is (Fundstelle): file, 1-based line and column, path in the document."""

    file: str | None = None
    line: int | None = None
    column: int | None = None
    path: str | None = None

    def __str__(self) -> str:
        """Render as ``file:line:col`` (the parts that are known).

        A finding in a value that was never read from a file shows its logical path
        instead, e.g. ``change[1]`` or ``unit[050101]/line[teilergebnisplan:10]``.
        """
        if self.file is None and self.line is None and self.path:
            return self.path
        parts = [self.file or "<input>"]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


@attrs.frozen(kw_only=True)
class Diagnostic:
    """A finding (Befund) of validation or loading.

    ``code`` is stable across releases and listed in ``docs/diagnostics.md``;
    ``message`` is written for a Kämmerei clerk; ``location`` tells where, and is
    ignored by equality and hashing.
    """

    code: str
    severity: Severity
    message: str
    location: Location | None = attrs.field(default=None, eq=False, repr=False)

    def __str__(self) -> str:
        """Render as ``path:line:col: severity code message``."""
        where = str(self.location) if self.location is not None else "<input>"
        return f"{where}: {self.severity.value} {self.code} {self.message}"

    def at(self, location: Location) -> Diagnostic:
        """Return the same finding with a location (used by readers that know lines)."""
        return attrs.evolve(self, location=location)

    @property
    def is_error(self) -> bool:
        """True for findings of severity error."""
        return self.severity is Severity.ERROR


def _sort_key(d: Diagnostic) -> tuple[str, int, int, int, str]:
    loc = d.location or Location()
    return (loc.file or "", loc.line or 0, loc.column or 0, d.severity.rank, d.code)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Sort findings by file, line, column, severity and code (stable for reports)."""
    return sorted(diagnostics, key=_sort_key)


_OS_PROBLEMS = {
    "EACCES": "keine Berechtigung zum Lesen",
    "EPERM": "keine Berechtigung zum Lesen",
    "EIO": "Ein-/Ausgabefehler des Datenträgers",
    "ELOOP": "zu viele symbolische Verknüpfungen hintereinander",
    "ENAMETOOLONG": "der Dateiname ist zu lang",
    "ENOTDIR": "ein Teil des Pfades ist kein Verzeichnis",
    "EMFILE": "zu viele Dateien gleichzeitig geöffnet",
    "ENFILE": "zu viele Dateien gleichzeitig geöffnet",
    "ENOMEM": "nicht genug Arbeitsspeicher",
    "ETIMEDOUT": "Zeitüberschreitung beim Lesen (Netzlaufwerk?)",
    "ESTALE": "die Datei auf dem Netzlaufwerk ist nicht mehr erreichbar",
}


def os_problem(exc: OSError) -> str:
    """Why the system could not read a file, in German (the system's words otherwise).

    >>> os_problem(PermissionError(13, "Permission denied"))
    'keine Berechtigung zum Lesen'
    >>> os_problem(OSError(28, "No space left on device"))  # not listed: the system's words
    'No space left on device'
    """
    import errno

    name = errno.errorcode.get(exc.errno or 0, "")
    return _OS_PROBLEMS.get(name) or exc.strerror or str(exc)
