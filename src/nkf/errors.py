"""The exception tree of nkf (Fehlerklassen), rooted at :class:`NkfError`.

Errors about input data also derive from :class:`ValueError`. Those raised on behalf of
validation carry the same :class:`~nkf.diagnostics.Diagnostic` values that the collecting
API returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from nkf.diagnostics import Diagnostic

__all__ = [
    "ApplyError",
    "InvalidCode",
    "InvalidFormat",
    "LoadError",
    "NkfError",
    "NkfValidationError",
]


class NkfError(Exception):
    """Root of every exception nkf raises on purpose."""

    message = "nkf error"

    def __init__(self, message: str | None = None) -> None:  # noqa: D107
        super().__init__(message or self.message)


class InvalidFormat(NkfError, ValueError):  # noqa: N818 - python-stdnum's name, users know it
    """A number, amount, date or code is not written in a form nkf understands."""

    message = "Die Angabe hat ein ungültiges Format."


class InvalidCode(InvalidFormat):
    """A Produktbereich, Produktgruppe or Produkt code is malformed or inconsistent."""

    message = "Die Produktnummer ist ungültig."


class _DiagnosticsError(NkfError, ValueError):
    """An error that carries the findings behind it."""

    def __init__(self, diagnostics: Iterable[Diagnostic], message: str | None = None) -> None:
        self.diagnostics: tuple[Diagnostic, ...] = tuple(diagnostics)
        head = message or self.message
        lines = [head, *(f"  {d}" for d in self.diagnostics)]
        super().__init__("\n".join(lines))


class NkfValidationError(_DiagnosticsError):
    """Validation found errors (the raising variant of :func:`nkf.validate`)."""

    message = "Die Prüfung hat Fehler gefunden."


class LoadError(_DiagnosticsError):
    """A file could not be read as an NKF-XML plan or amendment."""

    message = "Die Datei konnte nicht gelesen werden."


class ApplyError(_DiagnosticsError):
    """An amendment could not be applied to a plan (nothing of it was applied)."""

    message = "Der Antrag lässt sich nicht auf den Haushaltsplan anwenden."
