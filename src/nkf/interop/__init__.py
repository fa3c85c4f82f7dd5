"""Exchange with council information systems (Ratsinformationssysteme): OParl and Akoma Ntoso.

nkf hands a motion (Änderungsantrag) to a council information system in two standard
forms, each valid against its official schema:

* :func:`to_oparl` — an OParl 1.1 ``Paper`` (Drucksache) with its ``Organization``,
  ``Person``, ``Consultation`` (Beratungsfolge) and ``File`` objects, as JSON data;
* :func:`to_akn` — an OASIS Akoma Ntoso 3.0 ``amendment`` document (the Antragstext as
  structured legal XML) that carries the motion's NKF-XML, so that :func:`from_akn`
  reads the motion back unchanged.

>>> from nkf.examples import founding_motion
>>> paper_type(founding_motion())
'Antrag'

The names are imported on first use (``import nkf.interop`` stays cheap).
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from typing import TYPE_CHECKING, Any, Final

from nkf.model.amendment import RelationKind

if TYPE_CHECKING:
    from nkf.interop.akn import AKN_NS, from_akn, to_akn
    from nkf.interop.oparl import to_oparl, to_oparl_json
    from nkf.model.amendment import Amendment

__all__ = [
    "AKN_NS",
    "PAPER_TYPE_AMENDMENT",
    "PAPER_TYPE_MOTION",
    "from_akn",
    "paper_type",
    "to_akn",
    "to_oparl",
    "to_oparl_json",
]

PAPER_TYPE_MOTION: Final = "Antrag"
"""The Drucksachenart of a motion on the Haushaltsplan (Antrag zum Haushaltsplan)."""
PAPER_TYPE_AMENDMENT: Final = "Änderungsantrag"
"""The Drucksachenart of a motion that amends another motion or a Vorlage."""

_WHERE: Final = {
    "AKN_NS": "nkf.interop.akn",
    "from_akn": "nkf.interop.akn",
    "to_akn": "nkf.interop.akn",
    "to_oparl": "nkf.interop.oparl",
    "to_oparl_json": "nkf.interop.oparl",
}


def paper_type(amendment: Amendment) -> str:
    """The kind of Drucksache a motion is (OParl ``paperType``, Akoma Ntoso ``docType``).

    A motion with a :class:`~nkf.model.amendment.Relation` of kind ``AMENDS`` (it amends
    another motion or a Verwaltungsvorlage) is an ``"Änderungsantrag"``; every other
    motion on the Haushaltsplan — the founding motion calls itself "Antrag zum
    Haushaltsplan 2021" — is an ``"Antrag"``, which is how council information systems
    file faction motions on the draft budget.
    """
    if any(r.kind is RelationKind.AMENDS for r in amendment.relations):
        return PAPER_TYPE_AMENDMENT
    return PAPER_TYPE_MOTION


_UMLAUTS: Final = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ẞ": "ss"})
_NON_ALNUM: Final = re.compile(r"[^a-z0-9]+")
_MAX_KEY: Final = 80


def _slug(text: str) -> str:
    """An ASCII key for ``text`` (``"Bürgerbüro (SOB)"`` → ``"buergerbuero-sob"``), maybe empty."""
    folded = unicodedata.normalize("NFKD", text.casefold().translate(_UMLAUTS))
    ascii_text = folded.encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("-", ascii_text).strip("-")


class _Keys:
    """Deterministic, unique keys for names (per document): slug, ``-2`` on a collision.

    The same ``(kind, name)`` always gets the same key; names without letters or digits
    get ``<fallback>-<n>``.
    """

    def __init__(self, reserved: tuple[str, ...] = ()) -> None:
        self._by_name: dict[tuple[str, str], str] = {}
        self._used: set[str] = set(reserved)

    def key(self, kind: str, name: str, fallback: str) -> str:
        known = self._by_name.get((kind, name))
        if known is not None:
            return known
        base = _slug(name)
        if len(base) > _MAX_KEY:  # cut at a word boundary
            base = base[: _MAX_KEY + 1].rpartition("-")[0] or base[:_MAX_KEY]
        n = 1
        candidate = base or f"{fallback}-{n}"
        while candidate in self._used:
            n += 1
            candidate = f"{base or fallback}-{n}"
        self._used.add(candidate)
        self._by_name[kind, name] = candidate
        return candidate


def __getattr__(name: str) -> Any:
    """Import the exporters on first use."""
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'nkf.interop' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
