r"""Haushaltsberatung: voting blocks, adopting the decisions, the list with the decisions.

A :class:`~nkf.model.deliberation.Deliberation` holds the draft plan, every motion, the
recommendations and the decisions. This module says what they mean for the plan:

* :func:`resolve` reads the files the deliberation refers to (``draftRef``,
  ``amendmentRef``), relative to ``base_dir`` (the deliberation file's directory), each
  through :func:`nkf.xml.load`; a missing or unreadable file raises
  :class:`ReferenceLoadError`.
* :func:`voting_blocks` groups the motions that conflict with one another
  (:func:`nkf.changes.conflicts.conflicts` against the draft) into blocks of mutually
  exclusive alternatives: the connected components of the conflict graph, each with the
  conflict messages as its reason (Abstimmungsblock).
* :func:`adopt` applies exactly the adopted motions — angenommen as moved, geändert
  beschlossen in the adopted version — in voting order to the draft and returns an
  :class:`Adoption`: the adopted plan (status beschlossen), the Veränderungsliste with
  every entry's recommendation and decision (:class:`DecisionList`, built with
  :func:`nkf.changes.changelist.change_list`: grouped by Produktbereich, the
  Verwaltung's Veränderungsnachweise first, then the factions), the effect per year on
  the Jahresergebnis, the Haushaltsausgleich (§ 75 GO NRW) after the decisions, and the
  findings (codes ``NKF-x9xx``, :data:`CODES`). The same deliberation always gives the
  same result: no clock, no randomness, no dependence on set or dict order.
* :func:`validate_deliberation` checks a deliberation as ``nkf validate`` does.
* :func:`render_decisions_text`, :func:`render_decisions_html` and
  :func:`render_decisions_csv` lay the list out as :mod:`nkf.render` does, with the
  decisions added.

Which decision counts: the last decision of the ``deciding_body`` (the Rat), or, without
one, each motion's last decision. A motion without it stays out of the plan (NKF-W911).

>>> from nkf.examples import leichlingen_deliberation
>>> d = leichlingen_deliberation()
>>> result = adopt(d, base_dir="examples/leichlingen-2021")
>>> [(o.motion_id, o.status.label) for o in result.outcomes]  # doctest: +NORMALIZE_WHITESPACE
[('verwaltung-2021-vn-01', 'angenommen'),
 ('spd-leichlingen-2021-02-24-quartierstreff', 'angenommen'),
 ('cdu-2021-03-01-quartierstreff-zeitplan', 'erledigt'),
 ('gruene-2021-03-02-quartierstreff-honorare', 'geändert beschlossen'),
 ('fdp-2021-03-02-grundsteuer-b', 'abgelehnt')]
>>> [b.motion_ids for b in result.blocks]
[('spd-leichlingen-2021-02-24-quartierstreff', 'cdu-2021-03-01-quartierstreff-zeitplan')]
>>> result.plan.status.value, result.result(2021), result.balanced_years
('beschlossen', Decimal('-2500'), (2021,))
>>> result.diagnostics
()
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Final

import attrs

from nkf.changes.apply import try_apply
from nkf.changes.changelist import ChangeList, ChangeListEntry, change_list, origin_label
from nkf.changes.conflicts import Conflict, ConflictKind, conflicts, identical
from nkf.changes.effects import BalanceCheck, YearEffect, effects
from nkf.diagnostics import Diagnostic, Location, Severity, sort_diagnostics
from nkf.errors import LoadError
from nkf.model.amendment import Amendment, AmendmentStatus, Change, SubmitterKind, Vote
from nkf.model.deliberation import Decision, Deliberation, Motion, Procedure, Recommendation
from nkf.model.plan import BudgetPlan, PlanStatus
from nkf.money import format_date
from nkf.render import (
    CSV_HEADER,
    HTML_COLUMNS,
    HTML_STYLE,
    balance_text,
    column_year,
    csv_amount,
    effects_text,
    entry_csv_rows,
    entry_html_rows,
    entry_text_lines,
    signed_amount,
)
from nkf.render import (
    escape_html as _e,
)

if TYPE_CHECKING:
    import os
    from collections.abc import Collection, Iterable, Iterator
    from decimal import Decimal

__all__ = [
    "CODES",
    "Adoption",
    "DecisionList",
    "MotionOutcome",
    "ReferenceLoadError",
    "VotingBlock",
    "adopt",
    "adopted_form",
    "decision_text",
    "final_decision",
    "recommendation_text",
    "reference_path",
    "render_decisions_csv",
    "render_decisions_html",
    "render_decisions_text",
    "resolve",
    "validate_deliberation",
    "voting_blocks",
    "voting_order",
]

CODES: Final[dict[str, str]] = {
    "NKF-E901": "angenommene Anträge schließen einander aus (Konflikt, meist im selben "
    "Abstimmungsblock)",
    "NKF-E902": "ein angenommener Antrag lässt sich nicht auf den Haushaltsplan anwenden",
    "NKF-E903": "Kennung eines Antrags ist leer, enthält Leerraum oder kommt mehrfach vor",
    "NKF-E904": "Abstimmungsreihenfolge nennt einen unbekannten Antrag oder einen Antrag zweimal",
    "NKF-W905": "Antrag fehlt in der Abstimmungsreihenfolge (wird nach den anderen abgestimmt)",
    "NKF-E906": "eingebetteter oder verwiesener Antrag hat eine andere Kennung als der "
    "Beratungsgegenstand",
    "NKF-E907": "geändert beschlossen, aber ohne geänderte Fassung (weder im Beschluss noch in "
    "einer Beschlussempfehlung)",
    "NKF-E908": "erledigt durch einen Antrag, den es in der Beratung nicht gibt, durch sich "
    "selbst, oder ohne Angabe des Antrags",
    "NKF-E909": "Beschluss ohne Ergebnis („eingereicht“ ist kein Beschlussergebnis)",
    "NKF-W910": "Stimmenzahlen passen nicht zum Ergebnis (§ 50 Abs. 1 GO NRW: Mehrheit der "
    "Stimmen; bei Stimmengleichheit abgelehnt)",
    "NKF-W911": "Antrag ohne abschließenden Beschluss; er bleibt im Plan unberücksichtigt",
    "NKF-W912": "Haushaltsausgleich (§ 75 GO NRW) im Entwurf gegeben, nach den Beschlüssen "
    "nicht mehr",
    "NKF-W913": "gleichlautende Anträge beide angenommen; die Änderung wirkt doppelt",
    "NKF-E914": "Verweis auf eine Datei ist kein relativer Pfad mit „/“",
    "NKF-W915": "Beschlussempfehlung „in geänderter Fassung annehmen“ ohne die geänderte Fassung",
    "NKF-W916": "geänderte Fassung oder „erledigt durch“ bei einem Vorschlag oder Beschluss, "
    "der anders lautet; die Angabe bleibt unbeachtet",
}
"""The codes this module reports, with one line each (for docs/diagnostics.md)."""

_SEVERITY: Final = {"E": Severity.ERROR, "W": Severity.WARNING, "I": Severity.INFO}
_KIND_RANK: Final = {
    SubmitterKind.ADMINISTRATION: 0,
    SubmitterKind.COMMITTEE: 1,
    SubmitterKind.FACTION: 2,
    SubmitterKind.GROUP: 3,
    SubmitterKind.MEMBER: 3,
}
_END_TR: Final = "</tr>"


class ReferenceLoadError(LoadError):
    """A file the deliberation refers to is missing, unreadable or not what it should be.

    ``diagnostics`` holds every problem (all references are tried), each naming the
    reference and located in the referenced file where it has one.
    """

    message = "Eine Datei, auf die die Haushaltsberatung verweist, lässt sich nicht lesen."


# --------------------------------------------------------------------------- values


@attrs.frozen(kw_only=True)
class VotingBlock:
    """Motions that exclude one another (Abstimmungsblock): only one of them can be adopted.

    Attributes:
        number: The block's number (1, 2 …, in voting order of the first motion).
        motion_ids: The motions of the block, in voting order.
        conflicts: The conflicts that bind them (from :func:`nkf.changes.conflicts.conflicts`).
    """

    number: int
    motion_ids: tuple[str, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def reasons(self) -> tuple[str, ...]:
        """The conflict messages, each once: why the motions exclude one another."""
        return tuple(dict.fromkeys(c.message for c in self.conflicts))


@attrs.frozen(kw_only=True)
class MotionOutcome:
    """How a motion fared in the deliberation (Beschlusslage).

    Attributes:
        motion_id: The motion.
        position: Its 1-based place in the voting order.
        title: The motion's title (Betreff).
        origin: Who moved it, in words (``SPD-Fraktion (Fraktion)``).
        submitter_kind: The kind of its (first-ranking) submitter, or None.
        reference: The Drucksache number, or None.
        date: The motion's date, or None.
        status: The final result; ``eingereicht`` while it is not decided.
        recommendation: The last Verfahrensvorschlag / Beschlussempfehlung, or None.
        decision: The final decision, or None.
        block: The number of its voting block, or None.
        adopted: True if the final decision adopts it (as moved or modified).
        applied: True if its adopted version applied to the plan.
    """

    motion_id: str
    position: int
    title: str
    origin: str
    submitter_kind: SubmitterKind | None
    reference: str | None
    date: datetime.date | None
    status: AmendmentStatus
    recommendation: Recommendation | None
    decision: Decision | None
    block: int | None
    adopted: bool
    applied: bool

    @property
    def modified(self) -> bool:
        """True if adopted in a modified version (geändert beschlossen)."""
        return self.adopted and self.status is AmendmentStatus.ADOPTED_MODIFIED


@attrs.frozen(kw_only=True)
class DecisionList:
    """The Veränderungsliste of a Haushaltsberatung with the decisions (mit Beschlüssen).

    Attributes:
        changes: The Veränderungsliste of the adopted motions (their adopted versions, in
            voting order), as :func:`nkf.changes.changelist.change_list` builds it.
        outcomes: Every motion's recommendation and decision, in voting order.
        blocks: The voting blocks.
        diagnostics: Every finding of the adoption (also those of applying).
    """

    changes: ChangeList
    outcomes: tuple[MotionOutcome, ...]
    blocks: tuple[VotingBlock, ...]
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def entries(self) -> tuple[ChangeListEntry, ...]:
        """All entries of the Veränderungsliste, in list order."""
        return self.changes.entries

    def outcome(self, motion_id: str) -> MotionOutcome:
        """The outcome of ``motion_id``; KeyError if the deliberation has no such motion."""
        for o in self.outcomes:
            if o.motion_id == motion_id:
                return o
        raise KeyError(motion_id)

    @property
    def others(self) -> tuple[MotionOutcome, ...]:
        """The motions without an entry (not adopted, or adopted without a change)."""
        listed = {e.amendment_id for e in self.changes.entries}
        return tuple(o for o in self.outcomes if o.motion_id not in listed)


@attrs.frozen(kw_only=True)
class Adoption:
    """The result of a Haushaltsberatung (Beschlussfassung über den Haushaltsplan).

    Attributes:
        deliberation_id: The deliberation.
        plan: The adopted plan (status beschlossen), or None if any finding is an error:
            then the decisions cannot all be carried out and nothing is adopted.
        draft: The draft plan (not part of equality).
        adopted: The adopted motions in their adopted version, in voting order, with the
            final status and the decisions' votes.
        change_list: The Veränderungsliste with the decisions.
        diagnostics: The findings, in a stable order.
    """

    deliberation_id: str
    plan: BudgetPlan | None
    draft: BudgetPlan = attrs.field(eq=False, repr=False)
    adopted: tuple[Amendment, ...]
    change_list: DecisionList
    diagnostics: tuple[Diagnostic, ...] = ()

    @property
    def ok(self) -> bool:
        """True if no finding is an error (the plan was adopted)."""
        return not any(d.is_error for d in self.diagnostics)

    @property
    def outcomes(self) -> tuple[MotionOutcome, ...]:
        """Every motion's outcome, in voting order."""
        return self.change_list.outcomes

    @property
    def blocks(self) -> tuple[VotingBlock, ...]:
        """The voting blocks."""
        return self.change_list.blocks

    @property
    def years(self) -> tuple[YearEffect, ...]:
        """The effect of the decisions per year on the Jahresergebnis (and Finanzplan)."""
        return self.change_list.changes.totals

    def result(self, year: int) -> Decimal:
        """The effect of the decisions on the Jahresergebnis in ``year``."""
        return self.change_list.changes.result(year)

    @property
    def balance(self) -> tuple[BalanceCheck, ...]:
        """The Haushaltsausgleich per year after the decisions (empty: cannot be judged)."""
        return self.change_list.changes.balance

    @property
    def balanced(self) -> bool | None:
        """True if balanced in every year after the decisions; None if not judged."""
        if not self.balance:
            return None
        return all(b.balanced for b in self.balance)

    @property
    def balanced_years(self) -> tuple[int, ...]:
        """The years that are balanced after the decisions (§ 75 Abs. 2 GO NRW)."""
        return tuple(b.year for b in self.balance if b.balanced)


# --------------------------------------------------------------------------- findings


def _finding(code: str, message: str, path: str | None = None) -> Diagnostic:
    return Diagnostic(
        code=code,
        severity=_SEVERITY[code[4]],
        message=message,
        location=Location(path=path),
    )


def _under(d: Diagnostic, prefix: str, text: str = "") -> Diagnostic:
    """The finding placed below ``prefix`` (``motion[x]`` + ``change[2]``), message prefixed."""
    loc = d.location or Location()
    path = f"{prefix}/{loc.path}" if loc.path else prefix
    return attrs.evolve(d, message=text + d.message, location=attrs.evolve(loc, path=path))


def _motion_path(motion_id: str) -> str:
    return f"motion[{motion_id}]"


# --------------------------------------------------------------------------- references


def _reference_problem(ref: str) -> str | None:
    if not ref.strip():
        return "Der Verweis ist leer."
    if "\x00" in ref or "://" in ref or ref.startswith("file:"):
        return f"Der Verweis „{ref}“ ist kein Dateipfad."
    if "\\" in ref:
        return f"Der Verweis „{ref}“ enthält „\\“; Verzeichnisse werden mit „/“ getrennt."
    if PurePosixPath(ref).is_absolute() or PureWindowsPath(ref).drive:
        return (
            f"Der Verweis „{ref}“ ist ein absoluter Pfad; Verweise sind relativ zum Verzeichnis "
            "der Beratungsdatei."
        )
    return None


def reference_path(ref: str, base_dir: str | os.PathLike[str] | None = None) -> Path:
    r"""The file a reference names: ``ref`` (relative, ``/``-separated) below ``base_dir``.

    Args:
        ref: The reference as written in the deliberation (``amendment.xml``,
            ``motions/cdu-1.xml``, ``../plan.xml``).
        base_dir: The directory of the deliberation file; None: the current directory.

    Raises:
        ReferenceLoadError: ``ref`` is empty, absolute, a URL or uses ``\\`` (NKF-E914).

    >>> reference_path("motions/cdu-1.xml", "examples/leichlingen-2021").as_posix()
    'examples/leichlingen-2021/motions/cdu-1.xml'
    >>> reference_path("/etc/passwd")
    Traceback (most recent call last):
        ...
    nkf.changes.deliberation.ReferenceLoadError: Eine Datei, auf die ... verweist, ...
      <input>: error NKF-E914 Der Verweis „/etc/passwd“ ist ein absoluter Pfad; ...
    """
    problem = _reference_problem(ref)
    if problem is not None:
        raise ReferenceLoadError([_finding("NKF-E914", problem)])
    return Path(base_dir if base_dir is not None else ".").joinpath(*PurePosixPath(ref).parts)


def _why(exc: LoadError, ref: str, what: str, path: str) -> list[Diagnostic]:
    out = []
    for d in exc.diagnostics:
        loc = d.location or Location()
        where = loc if loc.file is not None else attrs.evolve(loc, path=path)
        out.append(
            attrs.evolve(d, message=f"{what} (Verweis „{ref}“): {d.message}", location=where)
        )
    return out


def resolve(
    deliberation: Deliberation, *, base_dir: str | os.PathLike[str] | None = None
) -> Deliberation:
    """The deliberation with the draft and every motion embedded (Verweise aufgelöst).

    Args:
        deliberation: The deliberation.
        base_dir: The directory references are relative to (the deliberation file's);
            None: the current directory.

    Returns:
        The same deliberation with ``draft`` and each ``amendment`` read from the files
        named by ``draft_ref`` and ``amendment_ref`` (through :func:`nkf.xml.load`, so
        with its size cap and parser hardening); embedded parts are kept as they are.

    Raises:
        ReferenceLoadError: A referenced file is missing, unreadable, not NKF-XML, or not
            a plan (draft) or an amendment (motion). Every reference is tried; the error
            carries all problems.
    """
    from nkf.xml import load

    problems: list[Diagnostic] = []
    draft = deliberation.draft
    if draft is None and deliberation.draft_ref is not None:
        ref = deliberation.draft_ref
        try:
            draft = load(reference_path(ref, base_dir), expect=BudgetPlan)
        except LoadError as exc:
            problems += _why(exc, ref, "Haushaltsplanentwurf", "draft")
    motions: list[Motion] = []
    for m in deliberation.motions:
        if m.amendment is None and m.amendment_ref is not None:
            ref = m.amendment_ref
            try:
                amendment = load(reference_path(ref, base_dir), expect=Amendment)
            except LoadError as exc:
                problems += _why(exc, ref, f"Antrag {m.id}", _motion_path(m.id))
                continue
            m = attrs.evolve(m, amendment=amendment, amendment_ref=None)  # noqa: PLW2901
        motions.append(m)
    if problems:
        raise ReferenceLoadError(problems)
    return attrs.evolve(deliberation, draft=draft, draft_ref=None, motions=tuple(motions))


# --------------------------------------------------------------------------- order, decisions


def _ordered(d: Deliberation, found: list[Diagnostic]) -> list[Motion]:
    """The motions in effective voting order, each id once (E903, E904, W905)."""
    unique: dict[str, Motion] = {}
    for i, m in enumerate(d.motions, start=1):
        if not m.id or any(c.isspace() for c in m.id):
            found.append(
                _finding(
                    "NKF-E903",
                    f"Die Kennung „{m.id}“ des {i}. Antrags ist leer oder enthält Leerraum; die "
                    "Abstimmungsreihenfolge kann ihn so nicht nennen.",
                    _motion_path(m.id),
                )
            )
        if m.id in unique:
            found.append(
                _finding(
                    "NKF-E903",
                    f"Der Antrag „{m.id}“ kommt mehrfach vor; berücksichtigt wird nur der erste.",
                    _motion_path(m.id),
                )
            )
            continue
        unique[m.id] = m
    if not d.voting_order:
        return list(unique.values())
    order: list[Motion] = []
    for mid in d.voting_order:
        if mid not in unique:
            found.append(
                _finding(
                    "NKF-E904",
                    f"Die Abstimmungsreihenfolge nennt „{mid}“; einen solchen Antrag hat die "
                    "Beratung nicht.",
                    "votingOrder",
                )
            )
        elif any(m.id == mid for m in order):
            found.append(
                _finding(
                    "NKF-E904",
                    f"Die Abstimmungsreihenfolge nennt den Antrag „{mid}“ mehrfach; es gilt "
                    "die erste Stelle.",
                    "votingOrder",
                )
            )
        else:
            order.append(unique[mid])
    listed = {m.id for m in order}
    for m in unique.values():
        if m.id not in listed:
            found.append(
                _finding(
                    "NKF-W905",
                    f"Der Antrag „{m.id}“ fehlt in der Abstimmungsreihenfolge; er wird nach "
                    "den genannten Anträgen abgestimmt.",
                    _motion_path(m.id),
                )
            )
            order.append(m)
    return order


def voting_order(deliberation: Deliberation) -> tuple[str, ...]:
    """The ids of the motions in the order they are voted on (Abstimmungsreihenfolge).

    ``voting_order`` as given, without unknown or repeated ids, followed by the motions it
    leaves out (in the order of ``motions``); without a voting order, the motions' order.
    """
    return tuple(m.id for m in _ordered(deliberation, []))


def final_decision(deliberation: Deliberation, motion: Motion) -> Decision | None:
    """The decision that counts: the last one of the deciding body (or the last one at all)."""
    body = deliberation.deciding_body
    decisions = [d for d in motion.decisions if body is None or d.body == body]
    return decisions[-1] if decisions else None


def _recommended_changes(motion: Motion) -> tuple[Change, ...]:
    for r in reversed(motion.recommendations):
        if r.procedure is Procedure.ADOPT_MODIFIED and r.changes:
            return r.changes
    return ()


def _votes(motion: Motion, amendment: Amendment) -> tuple[Vote, ...]:
    votes = list(amendment.votes)
    for d in motion.decisions:
        if d.yes is None or d.no is None:
            continue
        vote = Vote(
            body=d.body, yes=d.yes, no=d.no, abstain=d.abstain or 0, date=d.date, result=d.result
        )
        if vote not in votes:
            votes.append(vote)
    return tuple(votes)


def adopted_form(deliberation: Deliberation, motion: Motion) -> Amendment | None:
    """The motion as adopted (beschlossene Fassung), or None if it is not adopted.

    Angenommen: the motion as moved. Geändert beschlossen: the motion with the changes of
    the final decision, or, if it has none, those of the last Beschlussempfehlung "in
    geänderter Fassung annehmen"; None if neither has any (NKF-E907). The result carries
    the motion's id, the final status and the votes of the decisions. The motion must be
    embedded (see :func:`resolve`).

    Raises:
        ValueError: The motion is only referenced, not embedded.
    """
    amendment = motion.amendment
    if amendment is None:
        raise ValueError(f"Der Antrag „{motion.id}“ ist nicht eingebettet; erst resolve() nutzen.")
    decision = final_decision(deliberation, motion)
    if decision is None or not decision.adopts:
        return None
    changes = amendment.changes
    if decision.result is AmendmentStatus.ADOPTED_MODIFIED:
        changes = decision.changes or _recommended_changes(motion)
        if not changes:
            return None
    return attrs.evolve(
        amendment,
        id=motion.id,
        status=decision.result,
        votes=_votes(motion, amendment),
        changes=changes,
    )


def _label(day: datetime.date | None) -> str:
    return f", {format_date(day)}" if day is not None else ""


def recommendation_text(recommendation: Recommendation) -> str:
    """A recommendation in words: ``HFA, 09.03.2021: in geänderter Fassung annehmen``.

    >>> recommendation_text(Recommendation(body="HFA", procedure=Procedure.SETTLED_BY,
    ...                                    settled_by="spd-1"))
    'HFA: erledigt durch Antrag spd-1'
    """
    r = recommendation
    text = f"{r.body}{_label(r.date)}: {r.procedure.label}"
    if r.procedure is Procedure.SETTLED_BY and r.settled_by:
        text += f" Antrag {r.settled_by}"
    return text


def decision_text(decision: Decision) -> str:
    """A decision in words: ``Rat, 23.03.2021: angenommen (Ja 25, Nein 10, Enthaltungen 2)``.

    >>> decision_text(Decision(body="Rat", result=AmendmentStatus.REJECTED, yes=4, no=30))
    'Rat: abgelehnt (Ja 4, Nein 30)'
    """
    d = decision
    text = f"{d.body}{_label(d.date)}: {d.result.label}"
    if d.result is AmendmentStatus.SETTLED and d.settled_by:
        text += f" durch Antrag {d.settled_by}"
    counts = [
        f"{word} {n}"
        for word, n in (("Ja", d.yes), ("Nein", d.no), ("Enthaltungen", d.abstain))
        if n is not None
    ]
    if counts:
        text += f" ({', '.join(counts)})"
    return text


# --------------------------------------------------------------------------- checks


def _settled_problem(target: str | None, motion: Motion, ids: Collection[str]) -> str | None:
    if target is None:
        return "nennt nicht, durch welchen Antrag er erledigt ist"
    if target == motion.id:
        return "nennt den Antrag selbst als erledigenden Antrag"
    if target not in ids:
        return f"nennt „{target}“ als erledigenden Antrag; den gibt es in der Beratung nicht"
    return None


def _check_recommendation(
    motion: Motion, k: int, r: Recommendation, ids: Collection[str], found: list[Diagnostic]
) -> None:
    path = f"{_motion_path(motion.id)}/recommendation[{k}]"
    who = f"Die Beschlussempfehlung {k} ({r.body}) zu Antrag {motion.id}"
    if r.procedure is Procedure.SETTLED_BY:
        problem = _settled_problem(r.settled_by, motion, ids)
        if problem is not None:
            found.append(_finding("NKF-E908", f"{who} „erledigt durch“ {problem}.", path))
    elif r.settled_by is not None:
        found.append(
            _finding(
                "NKF-W916",
                f"{who} lautet „{r.procedure.label}“; die Angabe „erledigt durch "
                f"{r.settled_by}“ bleibt unbeachtet.",
                path,
            )
        )
    if r.procedure is Procedure.ADOPT_MODIFIED and not r.changes:
        found.append(
            _finding(
                "NKF-W915",
                f"{who} lautet „in geänderter Fassung annehmen“, nennt aber die geänderten "
                "Änderungen nicht.",
                path,
            )
        )
    elif r.changes and r.procedure is not Procedure.ADOPT_MODIFIED:
        found.append(
            _finding(
                "NKF-W916",
                f"{who} lautet „{r.procedure.label}“; die geänderte Fassung darin bleibt "
                "unbeachtet.",
                path,
            )
        )


def _check_decision(
    motion: Motion, k: int, d: Decision, ids: Collection[str], found: list[Diagnostic]
) -> None:
    path = f"{_motion_path(motion.id)}/decision[{k}]"
    who = f"Der Beschluss {k} ({d.body}) zu Antrag {motion.id}"
    if d.result is AmendmentStatus.SUBMITTED:
        found.append(
            _finding(
                "NKF-E909",
                f"{who} hat das Ergebnis „eingereicht“; ein Beschluss lautet angenommen, "
                "abgelehnt, geändert beschlossen, erledigt, zurückgezogen oder vertagt.",
                path,
            )
        )
    if d.result is AmendmentStatus.SETTLED and d.settled_by is not None:
        problem = _settled_problem(d.settled_by, motion, ids)
        if problem is not None:
            found.append(_finding("NKF-E908", f"{who} {problem}.", path))
    elif d.settled_by is not None:
        found.append(
            _finding(
                "NKF-W916",
                f"{who} lautet „{d.result.label}“; die Angabe „erledigt durch "
                f"{d.settled_by}“ bleibt unbeachtet.",
                path,
            )
        )
    if d.changes and d.result is not AmendmentStatus.ADOPTED_MODIFIED:
        found.append(
            _finding(
                "NKF-W916",
                f"{who} lautet „{d.result.label}“; die geänderte Fassung darin bleibt unbeachtet.",
                path,
            )
        )
    if d.yes is not None and d.no is not None:
        if d.adopts and d.yes <= d.no:
            found.append(
                _finding(
                    "NKF-W910",
                    f"{who} lautet „{d.result.label}“ bei {d.yes} Ja- und {d.no} "
                    "Nein-Stimmen; angenommen ist ein Antrag nur mit Mehrheit, bei "
                    "Stimmengleichheit ist er abgelehnt (§ 50 Abs. 1 GO NRW).",
                    path,
                )
            )
        elif d.result is AmendmentStatus.REJECTED and d.yes > d.no:
            found.append(
                _finding(
                    "NKF-W910",
                    f"{who} lautet „abgelehnt“ bei {d.yes} Ja- und {d.no} Nein-Stimmen "
                    "(Mehrheit dafür).",
                    path,
                )
            )


def _check_motion(
    d: Deliberation, motion: Motion, ids: Collection[str], found: list[Diagnostic]
) -> None:
    """Findings about one motion that need no other file (E906–W916)."""
    path = _motion_path(motion.id)
    if motion.amendment is not None and motion.amendment.id != motion.id:
        found.append(
            _finding(
                "NKF-E906",
                f"Der Beratungsgegenstand „{motion.id}“ enthält den Antrag "
                f"„{motion.amendment.id}“; die Kennungen müssen übereinstimmen.",
                path,
            )
        )
    for k, r in enumerate(motion.recommendations, start=1):
        _check_recommendation(motion, k, r, ids, found)
    for k, x in enumerate(motion.decisions, start=1):
        _check_decision(motion, k, x, ids, found)
    decision = final_decision(d, motion)
    if decision is None:
        body = f" des {d.deciding_body}" if d.deciding_body else ""
        found.append(
            _finding(
                "NKF-W911",
                f"Zum Antrag {motion.id} gibt es keinen abschließenden Beschluss{body}; er "
                "bleibt im Haushaltsplan unberücksichtigt.",
                path,
            )
        )
    elif (
        decision.result is AmendmentStatus.ADOPTED_MODIFIED
        and not decision.changes
        and not _recommended_changes(motion)
    ):
        found.append(
            _finding(
                "NKF-E907",
                f"Der Antrag {motion.id} ist geändert beschlossen ({decision.body}), aber weder "
                "der Beschluss noch eine Beschlussempfehlung nennt die geänderte Fassung; er "
                "kann nicht übernommen werden.",
                path,
            )
        )


# --------------------------------------------------------------------------- blocks


def _amendments(motions: Iterable[Motion]) -> list[Amendment]:
    """The embedded amendments, each with its motion's id."""
    out = []
    for m in motions:
        if m.amendment is None:  # pragma: no cover - callers resolve first
            raise ValueError(f"Der Antrag „{m.id}“ ist nicht eingebettet; erst resolve() nutzen.")
        out.append(m.amendment if m.amendment.id == m.id else attrs.evolve(m.amendment, id=m.id))
    return out


def _between(found: Iterable[Conflict]) -> list[Conflict]:
    """Conflicts between two or more motions (not with the plan alone)."""
    return [c for c in found if c.kind is not ConflictKind.STALE and len(c.amendment_ids) > 1]


def _blocks(draft: BudgetPlan, motions: list[Motion]) -> tuple[VotingBlock, ...]:
    between = _between(conflicts(*_amendments(motions), plan=draft))
    position = {m.id: i for i, m in enumerate(motions)}
    parent = {m.id: m.id for m in motions}

    def root(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for c in between:
        first, *rest = c.amendment_ids
        for other in rest:
            a, b = root(first), root(other)
            if a != b:  # the earlier motion in voting order stays the root
                a, b = sorted((a, b), key=position.__getitem__)
                parent[b] = a
    members: dict[str, list[str]] = {}
    for m in motions:
        members.setdefault(root(m.id), []).append(m.id)
    groups = [ids for ids in members.values() if len(ids) > 1]
    return tuple(
        VotingBlock(
            number=n,
            motion_ids=tuple(ids),
            conflicts=tuple(c for c in between if root(c.amendment_ids[0]) == root(ids[0])),
        )
        for n, ids in enumerate(groups, start=1)
    )


def voting_blocks(
    deliberation: Deliberation, *, base_dir: str | os.PathLike[str] | None = None
) -> tuple[VotingBlock, ...]:
    """The blocks of motions that exclude one another (Abstimmungsblöcke).

    The motions (as moved) are checked for conflicts with one another against the draft
    (:func:`nkf.changes.conflicts.conflicts`; a stated old value that differs from the
    plan concerns one motion only and binds none); the connected components of the
    conflict graph with two or more motions are the blocks, numbered in voting order.

    Raises:
        ReferenceLoadError: A referenced file cannot be read (see :func:`resolve`).
    """
    d = resolve(deliberation, base_dir=base_dir)
    assert d.draft is not None  # noqa: S101 - resolve() embeds it
    return _blocks(d.draft, _ordered(d, []))


# --------------------------------------------------------------------------- adopt


def _rank(amendment: Amendment) -> SubmitterKind | None:
    if not amendment.submitters:
        return None
    return min(amendment.submitters, key=lambda s: _KIND_RANK[s.kind]).kind


def _conflict_findings(
    draft: BudgetPlan, adopted: list[Amendment], block_of: dict[str, int]
) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for c in _between(conflicts(*adopted, plan=draft)):
        ids = c.amendment_ids
        blocks = {block_of.get(i) for i in ids}
        same = (
            f" (Abstimmungsblock {block_of[ids[0]]})"
            if len(blocks) == 1 and None not in blocks
            else ""
        )
        found.append(
            _finding(
                "NKF-E901",
                f"Angenommen wurden die Anträge {', '.join(ids)}, die einander "
                f"ausschließen{same}: {c.message}",
                _motion_path(ids[0]),
            )
        )
    for c in identical(*adopted, plan=draft):
        ids = c.amendment_ids
        if len(ids) > 1:
            found.append(
                _finding(
                    "NKF-W913",
                    f"Die gleichlautenden Anträge {', '.join(ids)} sind beide angenommen; die "
                    f"Änderung wirkt doppelt: {c.message}",
                    _motion_path(ids[0]),
                )
            )
    return found


def _balance_findings(draft: BudgetPlan, after: tuple[BalanceCheck, ...]) -> list[Diagnostic]:
    before = {b.year: b for b in effects(draft).balance}
    found: list[Diagnostic] = []
    for check in after:
        was = before.get(check.year)
        if was is not None and was.balanced and not check.balanced:
            found.append(
                _finding(
                    "NKF-W912",
                    f"{balance_text(check)}. Im Entwurf war das Jahr {check.year} "
                    "ausgeglichen (§ 75 Abs. 2 GO NRW).",
                    f"balance[{check.year}]",
                )
            )
    return found


def adopt(
    deliberation: Deliberation,
    *,
    base_dir: str | os.PathLike[str] | None = None,
    conditions_met: Collection[str] = (),
) -> Adoption:
    """Carry out the decisions of a Haushaltsberatung (Beschlüsse übernehmen).

    Args:
        deliberation: The deliberation.
        base_dir: The directory its references are relative to (the deliberation file's);
            None: the current directory.
        conditions_met: Texts or groups of conditions declared met (as for
            :func:`nkf.changes.apply.apply`).

    Returns:
        The :class:`Adoption`. Exactly the adopted motions are applied — in their adopted
        version (:func:`adopted_form`), in voting order (:func:`voting_order`) — each all
        or nothing; rejected, withdrawn, deferred, settled and undecided motions never
        touch the plan. Any error finding (an adopted motion that does not apply,
        NKF-E902; two adopted motions that exclude one another, NKF-E901; a broken
        deliberation, NKF-E903 …) leaves :attr:`Adoption.plan` None.

    Raises:
        ReferenceLoadError: A referenced file cannot be read.
    """
    d = resolve(deliberation, base_dir=base_dir)
    draft = d.draft
    assert draft is not None  # noqa: S101 - resolve() embeds it
    found: list[Diagnostic] = []
    motions = _ordered(d, found)
    ids = [m.id for m in motions]
    for m in motions:
        _check_motion(d, m, ids, found)
    blocks = _blocks(draft, motions)
    block_of = {mid: b.number for b in blocks for mid in b.motion_ids}
    adopted: list[Amendment] = []
    for m in motions:
        form = adopted_form(d, m)
        if form is not None:
            adopted.append(form)
    found += _conflict_findings(draft, adopted, block_of)
    state = draft
    applied: set[str] = set()
    for a in adopted:
        new, diags = try_apply(state, a, conditions_met=conditions_met)
        path = _motion_path(a.id)
        if any(x.is_error for x in diags):
            found.append(
                _finding(
                    "NKF-E902",
                    f"Der Antrag {a.id} ist {a.status.label}, lässt sich aber nicht auf den "
                    "Haushaltsplan anwenden; die Beschlüsse können so nicht übernommen werden.",
                    path,
                )
            )
        else:
            applied.add(a.id)
            state = new
        found += [_under(x, path, f"Antrag {a.id}: ") for x in diags]
    title = f"Veränderungsliste mit Beschlüssen – {d.title}"
    changes = change_list(draft, *adopted, conditions_met=conditions_met, title=title)
    if not any(x.is_error for x in found):  # with errors nothing is adopted to judge
        found += _balance_findings(draft, changes.balance)
    by_id = {a.id: a for a in adopted}
    outcomes = []
    for position, (m, a) in enumerate(zip(motions, _amendments(motions), strict=True), start=1):
        decision = final_decision(d, m)
        outcomes.append(
            MotionOutcome(
                motion_id=m.id,
                position=position,
                title=a.title,
                origin=origin_label(a),
                submitter_kind=_rank(a),
                reference=a.reference,
                date=a.date,
                status=decision.result if decision is not None else AmendmentStatus.SUBMITTED,
                recommendation=m.recommendations[-1] if m.recommendations else None,
                decision=decision,
                block=block_of.get(m.id),
                adopted=m.id in by_id,
                applied=m.id in applied,
            )
        )
    diagnostics = tuple(found)
    ok = not any(x.is_error for x in diagnostics)
    return Adoption(
        deliberation_id=d.id,
        plan=attrs.evolve(state, status=PlanStatus.ADOPTED) if ok else None,
        draft=draft,
        adopted=tuple(adopted),
        change_list=DecisionList(
            changes=changes, outcomes=tuple(outcomes), blocks=blocks, diagnostics=diagnostics
        ),
        diagnostics=diagnostics,
    )


# --------------------------------------------------------------------------- validate


def _without(found: list[Diagnostic], known: Iterable[Diagnostic]) -> list[Diagnostic]:
    rest = list(found)
    for d in known:
        if d in rest:
            rest.remove(d)
    return rest


def _validate_parts(
    original: Deliberation, d: Deliberation, motions: list[Motion], found: list[Diagnostic]
) -> None:
    """Rule findings of the embedded draft and of every motion against the draft."""
    from nkf.rules import validate

    draft = d.draft
    assert draft is not None  # noqa: S101 - resolved
    if original.draft is not None:
        found += [_under(x, "draft") for x in validate(draft, min_severity=Severity.INFO)]
    for m, a in zip(motions, _amendments(motions), strict=True):
        path = _motion_path(m.id)
        own = validate(a, draft, min_severity=Severity.INFO)
        source = original.motion(m.id)
        if source is not None and source.amendment is None:
            # a referenced file reports its own findings when it is validated itself
            own = _without(own, validate(a, min_severity=Severity.INFO))
        found += [_under(x, path, f"Antrag {m.id}: ") for x in own]
        versions = [(f"recommendation[{k}]", r.changes) for k, r in enumerate(m.recommendations, 1)]
        versions += [(f"decision[{k}]", x.changes) for k, x in enumerate(m.decisions, 1)]
        for where, changes in versions:
            if not changes:
                continue
            mine = validate(attrs.evolve(a, changes=changes), draft, min_severity=Severity.INFO)
            found += [
                _under(x, f"{path}/{where}", f"Antrag {m.id}, geänderte Fassung: ")
                for x in mine
                if x.location is not None and (x.location.path or "").startswith("change[")
            ]


def validate_deliberation(
    deliberation: Deliberation,
    *,
    base_dir: str | os.PathLike[str] | None = None,
    min_severity: Severity = Severity.WARNING,
    conditions_met: Collection[str] = (),
) -> list[Diagnostic]:
    """Check a Haushaltsberatung and return every finding (as ``nkf validate`` does).

    The findings are: unreadable references (the loading problems of the referenced file,
    e.g. NKF-E002, or NKF-E914), the deliberation's own structure (NKF-E903 … W916), the
    rule findings of an embedded draft, of every motion against the draft and of every
    modified version's changes, and everything :func:`adopt` finds (conflicting or
    inapplicable adopted motions, the Haushaltsausgleich). A referenced file's own
    findings (those that need no plan) are left to validating that file itself.

    Args:
        deliberation: The deliberation.
        base_dir: The directory its references are relative to; None: the current one.
        min_severity: The least severe findings to return (default warnings).
        conditions_met: Conditions declared met (as for :func:`adopt`).

    Returns:
        The findings, sorted by location, severity and code.
    """
    found: list[Diagnostic] = []
    try:
        d = resolve(deliberation, base_dir=base_dir)
    except ReferenceLoadError as exc:
        found += exc.diagnostics
        motions = _ordered(deliberation, found)
        for m in motions:
            _check_motion(deliberation, m, [x.id for x in motions], found)
    else:
        _validate_parts(deliberation, d, _ordered(d, []), found)
        found += adopt(d, conditions_met=conditions_met).diagnostics
    return [x for x in sort_diagnostics(found) if x.severity.rank <= min_severity.rank]


# --------------------------------------------------------------------------- render


def _decision_lines(outcome: MotionOutcome) -> list[str]:
    lines = []
    if outcome.recommendation is not None:
        lines.append(f"Beschlussempfehlung: {recommendation_text(outcome.recommendation)}")
    decision = outcome.decision
    lines.append(
        f"Beschluss: {decision_text(decision)}"
        if decision is not None
        else "Beschluss: noch nicht entschieden"
    )
    if outcome.block is not None:
        lines.append(f"Abstimmungsblock {outcome.block}")
    return lines


def _head(decisions: DecisionList) -> list[str]:
    cl = decisions.changes
    years = "/".join(str(y) for y in cl.plan_years)
    return [cl.title, f"{cl.municipality} · Haushaltsjahr {years} · {cl.version}. Liste"]


def _other_head(o: MotionOutcome) -> str:
    head = [f"Antrag {o.motion_id}", o.origin]
    if o.reference:
        head.append(f"Drucksache {o.reference}")
    if o.date is not None:
        head.append(format_date(o.date))
    return " · ".join(head)


def render_decisions_text(decisions: DecisionList) -> str:
    r"""The Veränderungsliste with the decisions as German plain text.

    Laid out as :func:`nkf.render.render_text`, with the voting blocks first, each
    entry's Beschlussempfehlung and Beschluss, and a section with the motions that are
    not in the list (rejected, settled, withdrawn …) and their decisions.

    Returns:
        The report, lines separated by ``\n``, ending with a newline.
    """
    cl = decisions.changes
    out = [*_head(decisions), ""]
    if decisions.blocks:
        out.append("Abstimmungsblöcke (Anträge, die einander ausschließen)")
        for b in decisions.blocks:
            out.append(f"  Block {b.number}: {', '.join(b.motion_ids)}")
            out += [f"    Grund: {r}" for r in b.reasons]
        out.append("")
    for group in cl.groups:
        out += [group.title, "=" * len(group.title)]
        for entry in group.entries:
            out.extend(entry_text_lines(entry))
            out += [f"    {x}" for x in _decision_lines(decisions.outcome(entry.amendment_id))]
            out.append("")
        out += [f"  Summe {group.title}: {effects_text(group.years)}", ""]
    if not cl.groups:
        out += ["Keine Veränderungen beschlossen.", ""]
    others = decisions.others
    if others:
        title = "Weitere Anträge und Beschlüsse"
        out += [title, "=" * len(title)]
        for o in others:
            out += [f"  {_other_head(o)}", f"    Betreff: {o.title}"]
            out += [f"    {x}" for x in _decision_lines(o)]
            out.append("")
    out.append("Wirkung auf das Jahresergebnis insgesamt")
    out += [f"  {y.year} ({y.column}): {signed_amount(y.result)}" for y in cl.totals]
    if cl.balance:
        out += ["", "Haushaltsausgleich (§ 75 GO NRW) nach den Beschlüssen"]
        out += [f"  {balance_text(b)}" for b in cl.balance]
    if decisions.diagnostics:
        out += ["", "Befunde"]
        out += [f"  {d.code} {d.message}" for d in decisions.diagnostics]
    return "\n".join(out) + "\n"


def _decision_cell(outcome: MotionOutcome) -> str:
    return "; ".join(_decision_lines(outcome))


def _with_cell(row: str, text: str) -> str:
    """A table row of :mod:`nkf.render` with one more cell at the end."""
    return f"{row[: -len(_END_TR)]}<td>{_e(text)}</td>{_END_TR}"


def _group_rows(decisions: DecisionList, entries: Iterable[ChangeListEntry]) -> Iterator[str]:
    for entry in entries:
        cell = _decision_cell(decisions.outcome(entry.amendment_id))
        for i, row in enumerate(entry_html_rows(entry)):
            yield _with_cell(row, cell if i == 0 else "")


def render_decisions_html(decisions: DecisionList) -> str:
    """The Veränderungsliste with the decisions as a small HTML5 document.

    Laid out as :func:`nkf.render.render_html` with a column "Beschluss", the voting
    blocks and the other motions; every text is escaped, and the document is well-formed
    XML as well.
    """
    cl = decisions.changes
    title, sub = _head(decisions)
    columns = (*HTML_COLUMNS, "Beschluss")
    header = "<thead><tr>" + "".join(f"<th>{_e(c)}</th>" for c in columns) + "</tr></thead>"
    out = [
        "<!DOCTYPE html>",
        '<html lang="de">',
        "<head>",
        '<meta charset="utf-8"/>',
        f"<title>{_e(title)}</title>",
        f"<style>{HTML_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(title)}</h1>",
        f"<p>{_e(sub)}</p>",
    ]
    if decisions.blocks:
        out += ["<h2>Abstimmungsblöcke</h2>", "<ul>"]
        for b in decisions.blocks:
            reasons = "; ".join(b.reasons)
            out.append(f"<li>Block {b.number}: {_e(', '.join(b.motion_ids))} – {_e(reasons)}</li>")
        out.append("</ul>")
    for group in cl.groups:
        out += [f"<h2>{_e(group.title)}</h2>", "<table>", header, "<tbody>"]
        out.extend(_group_rows(decisions, group.entries))
        out += ["</tbody>", "<tfoot>"]
        for y in group.years:
            label = f"Summe Jahresergebnis {y.year}"
            out.append(
                f'<tr><td colspan="8">{_e(label)}</td><td class="num">{_e(signed_amount(y.result))}'
                '</td><td colspan="4"></td></tr>'
            )
        out += ["</tfoot>", "</table>"]
    if not cl.groups:
        out.append("<p>Keine Veränderungen beschlossen.</p>")
    if decisions.others:
        out += ["<h2>Weitere Anträge und Beschlüsse</h2>", "<ul>"]
        for o in decisions.others:
            text = f"{_other_head(o)} – {o.title} – {_decision_cell(o)}"
            out.append(f"<li>{_e(text)}</li>")
        out.append("</ul>")
    out += [
        "<h2>Wirkung auf das Jahresergebnis insgesamt</h2>",
        "<table>",
        (
            "<thead><tr><th>Jahr</th><th>Spalte</th><th>Jahresergebnis</th>"
            "<th>Finanzmittelüberschuss</th></tr></thead>"
        ),
        "<tbody>",
    ]
    out += [
        f"<tr><td>{y.year}</td><td>{_e(y.column)}</td>"
        f'<td class="num">{_e(signed_amount(y.result))}</td>'
        f'<td class="num">{_e(signed_amount(y.cash))}</td></tr>'
        for y in cl.totals
    ]
    out += ["</tbody>", "</table>"]
    if cl.balance:
        out += ["<h2>Haushaltsausgleich (§ 75 GO NRW)</h2>", "<ul>"]
        out += [f"<li>{_e(balance_text(b))}</li>" for b in cl.balance]
        out.append("</ul>")
    if decisions.diagnostics:
        out += ["<h2>Befunde</h2>", "<ul>"]
        out += [f"<li>{_e(d.code)} {_e(d.message)}</li>" for d in decisions.diagnostics]
        out.append("</ul>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


DECISION_CSV_HEADER: Final = (*CSV_HEADER, "Beschlussempfehlung", "Beschluss", "Abstimmungsblock")
"""The header row of :func:`render_decisions_csv`: that of :func:`nkf.render.render_csv` and
the recommendation, the decision and the voting block."""


def _decision_columns(outcome: MotionOutcome) -> list[str]:
    r = outcome.recommendation
    d = outcome.decision
    return [
        recommendation_text(r) if r is not None else "",
        decision_text(d) if d is not None else "noch nicht entschieden",
        str(outcome.block) if outcome.block is not None else "",
    ]


def render_decisions_csv(decisions: DecisionList) -> str:
    r"""The Veränderungsliste with the decisions as semicolon-separated values.

    The rows of :func:`nkf.render.render_csv` with three more columns
    (:data:`DECISION_CSV_HEADER`), then one row per motion without an entry (lfd. Nr.
    empty, Bezug = its title), then the rows "Summe Jahresergebnis".

    Returns:
        The CSV text, rows separated by ``\r\n``.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(DECISION_CSV_HEADER)
    for entry in decisions.entries:
        extra = _decision_columns(decisions.outcome(entry.amendment_id))
        writer.writerows([*row, *extra] for row in entry_csv_rows(entry))
    for o in decisions.others:
        date = format_date(o.date) if o.date is not None else ""
        row = ["", "", o.origin, o.motion_id, o.reference or "", date, o.title]
        writer.writerow([*row, "", "", "", "", "", o.status.label, *_decision_columns(o)])
    for y in decisions.changes.totals:
        total = csv_amount(y.result)
        label = "Summe Jahresergebnis"
        writer.writerow(
            [
                "",
                label,
                "",
                "",
                "",
                "",
                "",
                column_year(y.column),
                "",
                total,
                "",
                "",
                "",
                "",
                "",
                "",
            ]
        )
    return buffer.getvalue()
