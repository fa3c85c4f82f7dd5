"""Framework catalogs (Haushaltsrahmen) as data: ``nrw_2019`` (KomHVO) and ``nrw_2004`` (GemHVO).

A plan names the framework it follows (``BudgetPlan.framework``); :func:`get` returns the
catalog. Catalogs are immutable module-level values; a registry of further catalogs is
passed explicitly (:func:`get` takes an optional mapping), never mutated globally.

>>> get("nrw_2019").area("05").name
'Soziale Leistungen'
>>> get("nrw_2019").area_by_name("Soziale Hilfen").code
'05'
>>> sorted(available())
['nrw_2004', 'nrw_2019']
"""

from __future__ import annotations

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:
    from collections.abc import Mapping

__all__ = [
    "AreaDef",
    "Direction",
    "Framework",
    "LineDef",
    "LineKind",
    "LineRole",
    "LineSchema",
    "StatGroupDef",
    "Term",
    "UnknownFramework",
    "available",
    "get",
]


class UnknownFramework(KeyError):  # noqa: N818
    """A plan names a framework nkf has no catalog for."""


def _builtin() -> dict[str, Framework]:
    from nkf.frameworks.nrw_2004 import NRW_2004
    from nkf.frameworks.nrw_2019 import NRW_2019

    return {NRW_2019.id: NRW_2019, NRW_2004.id: NRW_2004}


def available() -> tuple[str, ...]:
    """The ids of the built-in frameworks."""
    return tuple(_builtin())


def get(framework_id: str, extra: Mapping[str, Framework] | None = None) -> Framework:
    """The catalog with ``framework_id``; ``extra`` adds catalogs of other Länder.

    Raises :class:`UnknownFramework` for an id nkf does not know.
    """
    catalogs = _builtin()
    if extra:
        catalogs.update(extra)
    try:
        return catalogs[framework_id]
    except KeyError:
        raise UnknownFramework(framework_id) from None
