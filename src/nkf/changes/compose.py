"""Compose motions into one (Zusammenfassung von Änderungsanträgen).

:func:`compose` puts the changes of several amendments in one ordered sequence and keeps
for each change where it came from (:class:`SourcedChange`: amendment id and 1-based
position in its amendment). :meth:`Composition.as_amendment` turns the composition into
a single :class:`~nkf.model.amendment.Amendment` that :func:`nkf.changes.apply.apply` can
apply. Applying it gives the same plan as applying the amendments one after another,
provided they do not conflict (see :func:`nkf.changes.conflicts.conflicts`).

Change ``ref`` s are local to a motion, so two motions may both call a change ``"a"``.
Inside the combined amendment every ref is qualified as ``"<amendment id>#<ref>"``, and
the refs a Deckungsvorschlag (:class:`~nkf.model.amendment.Coverage`) names in
``covers`` and ``offsets`` are rewritten the same way. A ref a Deckungsvorschlag already
writes ``"<id>#<ref>"`` for another composed motion is kept. Condition texts and groups
stay as they are, because ``conditions_met`` names them (see
:func:`nkf.changes.apply.applies`).

>>> import datetime
>>> from decimal import Decimal
>>> from nkf.model import Column, PlanKind, ValueKind
>>> from nkf.model.amendment import AmountChange, Amendment, Coverage, CoverageSource
>>> from nkf.model.targets import Target
>>> col = Column(year=2021, kind=ValueKind.ANSATZ)
>>> line = Target(unit="050101", plan=PlanKind.TEILERGEBNISPLAN, line=13)
>>> a = Amendment(id="A1", title="Mehr Sachmittel", changes=(
...     AmountChange(target=line, column=col, delta=Decimal(15000), ref="x"),
...     Coverage(source=CoverageSource.EQUALISATION_RESERVE, covers=("x",)),
... ))
>>> b = Amendment(id="B7", title="Weniger Sachmittel", changes=(
...     AmountChange(target=line, column=col, delta=Decimal(-5000), ref="x"),
... ))
>>> c = compose(a, b)
>>> [(s.amendment_id, s.index) for s in c.changes]
[('A1', 1), ('A1', 2), ('B7', 1)]
>>> combined = c.as_amendment(id="haushalt-2021", title="Veränderungsliste")
>>> [ch.ref for ch in combined.changes]
['A1#x', None, 'B7#x']
>>> combined.changes[1].covers
('A1#x',)
>>> c.source_of(3).amendment_id
'B7'
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

from nkf.errors import NkfError
from nkf.model.amendment import Amendment, Change, Coverage, Submitter

if TYPE_CHECKING:
    import datetime
    from collections.abc import Iterable

__all__ = [
    "ComposeError",
    "Composition",
    "SourcedChange",
    "compose",
    "qualify_ref",
]

REF_SEPARATOR = "#"
"""Separates the amendment id from the local ref in a qualified ref (``"A1#x"``)."""


class ComposeError(NkfError, ValueError):
    """Amendments cannot be composed, e.g. two of them share an id (Zusammenfassung)."""

    message = "Die Anträge lassen sich nicht zusammenfassen."


def qualify_ref(amendment_id: str, ref: str) -> str:
    """The ref of a change qualified by its amendment: ``"<amendment id>#<ref>"``.

    >>> qualify_ref("spd-2021-1", "kosten")
    'spd-2021-1#kosten'
    """
    return f"{amendment_id}{REF_SEPARATOR}{ref}"


@attrs.frozen(kw_only=True)
class SourcedChange:
    """A change with its provenance (Herkunft): amendment id and 1-based position in it."""

    amendment_id: str
    index: int
    change: Change

    @property
    def qualified_ref(self) -> str | None:
        """The change's ref as it reads inside a combined amendment, or None."""
        ref = self.change.ref
        return None if ref is None else qualify_ref(self.amendment_id, ref)


def _qualify_name(amendment_id: str, name: str, others: frozenset[str]) -> str:
    """Qualify a ref named by a Deckungsvorschlag unless it already names another motion."""
    prefix, sep, _ = name.partition(REF_SEPARATOR)
    if sep and prefix in others and prefix != amendment_id:
        return name
    return qualify_ref(amendment_id, name)


def _qualified(source: SourcedChange, others: frozenset[str]) -> Change:
    """The change with its refs (and those it names) qualified by its amendment id."""
    aid, change = source.amendment_id, source.change
    if change.ref is not None:
        change = attrs.evolve(change, ref=qualify_ref(aid, change.ref))
    if isinstance(change, Coverage):
        change = attrs.evolve(
            change,
            covers=tuple(_qualify_name(aid, n, others) for n in change.covers),
            offsets=tuple(_qualify_name(aid, n, others) for n in change.offsets),
        )
    return change


def _unique(items: Iterable[Submitter]) -> tuple[Submitter, ...]:
    seen: list[Submitter] = []
    for item in items:
        if item not in seen:
            seen.append(item)
    return tuple(seen)


@attrs.frozen(kw_only=True)
class Composition:
    """Several motions combined in order (Zusammenfassung), each change with its provenance.

    Attributes:
        amendments: The composed amendments, in order.
        changes: Their changes in order, each a :class:`SourcedChange`.
    """

    amendments: tuple[Amendment, ...]
    changes: tuple[SourcedChange, ...]

    @property
    def amendment_ids(self) -> tuple[str, ...]:
        """The ids of the composed amendments, in order."""
        return tuple(a.id for a in self.amendments)

    def amendment(self, amendment_id: str) -> Amendment:
        """The composed amendment with ``amendment_id``; KeyError if there is none."""
        for a in self.amendments:
            if a.id == amendment_id:
                return a
        raise KeyError(amendment_id)

    def source_of(self, position: int) -> SourcedChange:
        """The provenance of the change at 1-based ``position`` of :meth:`as_amendment`."""
        if position < 1 or position > len(self.changes):
            raise IndexError(f"Die Zusammenfassung hat keine {position}. Änderung.")
        return self.changes[position - 1]

    def as_amendment(self, id: str = "zusammenfassung", title: str | None = None) -> Amendment:  # noqa: A002
        """One amendment with all changes in order, refs qualified (for apply).

        Args:
            id: The id of the combined amendment.
            title: Its title; by default "Zusammenfassung der Anträge A, B, …".

        Returns:
            An amendment whose submitters and budget years are those of all composed
            motions, whose date is the latest of their dates, and whose changes are the
            composed changes with every ``ref`` written ``"<amendment id>#<ref>"``.
        """
        ids = frozenset(self.amendment_ids)
        dates: list[datetime.date] = [a.date for a in self.amendments if a.date is not None]
        years = sorted({y for a in self.amendments for y in a.plan_years})
        default_title = "Zusammenfassung der Anträge " + ", ".join(self.amendment_ids)
        return Amendment(
            id=id,
            title=title if title is not None else default_title,
            date=max(dates) if dates else None,
            plan_years=tuple(years),
            submitters=_unique(s for a in self.amendments for s in a.submitters),
            changes=tuple(_qualified(s, ids) for s in self.changes),
        )


def compose(*amendments: Amendment | Composition) -> Composition:
    """Combine motions in the given order (Zusammenfassung); compositions are flattened.

    Args:
        *amendments: Amendments or earlier compositions, in the order they apply.

    Returns:
        The composition with every change and its provenance.

    Raises:
        ComposeError: Two of the amendments have the same id (their changes could not
            be told apart).

    >>> from nkf.examples import founding_motion
    >>> compose(founding_motion()).amendment_ids
    ('spd-leichlingen-2021-02-24-quartierstreff',)
    """
    flat: list[Amendment] = []
    for item in amendments:
        flat.extend(item.amendments if isinstance(item, Composition) else (item,))
    seen: set[str] = set()
    for a in flat:
        if a.id in seen:
            raise ComposeError(
                f"Der Antrag „{a.id}“ kommt mehrfach vor; zusammengefasste Anträge brauchen "
                "verschiedene Kennungen, sonst lassen sich ihre Änderungen nicht zuordnen."
            )
        seen.add(a.id)
    changes = tuple(
        SourcedChange(amendment_id=a.id, index=i, change=ch)
        for a in flat
        for i, ch in enumerate(a.changes, start=1)
    )
    return Composition(amendments=tuple(flat), changes=changes)
