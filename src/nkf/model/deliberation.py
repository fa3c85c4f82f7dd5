"""The Haushaltsberatung (:class:`Deliberation`): draft, motions, recommendations, decisions.

A budget deliberation brings together what the council decides on: the
Haushaltsplanentwurf, every motion to it (the administration's Veränderungsnachweise
and the factions' Änderungsanträge), for each motion the proposed procedure
(Verfahrensvorschlag of the Verwaltung, Beschlussempfehlung of the Haupt- und
Finanzausschuss) and the decisions of the bodies with their vote counts, and the order in
which the motions are put to the vote (domain.md § 5: Haan's Veränderungsliste —
administration first, then the factions; HFA recommendation; Rat decision).

The draft and each motion are either embedded or named by a file path relative to the
deliberation file (``draft_ref``, ``amendment_ref``); exactly one of the two is given.
What the decisions mean for the plan — the adopted plan, the Veränderungsliste with the
decisions, the voting blocks of competing motions — is computed by
:mod:`nkf.changes.deliberation`.

>>> import datetime
>>> from nkf.model.amendment import AmendmentStatus
>>> rat = Decision(body="Rat", result=AmendmentStatus.ADOPTED, yes=25, no=10, abstain=2,
...                date=datetime.date(2021, 3, 23))
>>> m = Motion(id="spd-2021-1", amendment_ref="amendment.xml", decisions=(rat,),
...            recommendations=(Recommendation(body="HFA", procedure=Procedure.ADOPT),))
>>> d = Deliberation(id="hh-2021", title="Haushaltsberatung 2021", draft_ref="plan.xml",
...                  deciding_body="Rat", motions=(m,), voting_order=("spd-2021-1",))
>>> d.motion("spd-2021-1").decisions[0].result.label
'angenommen'
>>> Procedure.ADOPT_MODIFIED.label
'in geänderter Fassung annehmen'
>>> d.is_resolved
False
>>> Motion(id="x")
Traceback (most recent call last):
    ...
ValueError: Der Antrag „x“ braucht entweder den eingebetteten Antrag oder einen Verweis auf seine Datei (amendment oder amendmentRef), genau eines von beiden.
"""  # noqa: E501 - the doctest shows the message in one line

from __future__ import annotations

import datetime
import enum

import attrs

from nkf.model.amendment import Amendment, AmendmentStatus, Change
from nkf.model.plan import BudgetPlan

__all__ = [
    "ADOPTING_RESULTS",
    "Decision",
    "Deliberation",
    "Motion",
    "Procedure",
    "Recommendation",
]

ADOPTING_RESULTS = frozenset({AmendmentStatus.ADOPTED, AmendmentStatus.ADOPTED_MODIFIED})
"""The decision results that put a motion into the plan (angenommen, geändert beschlossen)."""


class Procedure(enum.Enum):
    """The proposed procedure for a motion (Verfahrensvorschlag / Beschlussempfehlung)."""

    ADOPT = "annehmen"
    REJECT = "ablehnen"
    ADOPT_MODIFIED = "geaendert-annehmen"  # in geänderter Fassung annehmen
    SETTLED_BY = "erledigt-durch"  # erledigt durch einen anderen Antrag

    @property
    def label(self) -> str:
        """The German words."""
        return {
            "geaendert-annehmen": "in geänderter Fassung annehmen",
            "erledigt-durch": "erledigt durch",
        }.get(self.value, self.value)


def _not_negative(_instance: object, attribute: attrs.Attribute[int | None], value: object) -> None:
    if value is not None and (not isinstance(value, int) or value < 0):
        raise ValueError(
            f"Die Stimmenzahl {attribute.name} muss eine Zahl ab 0 sein, nicht {value}."
        )


@attrs.frozen(kw_only=True)
class Recommendation:
    """A Verfahrensvorschlag or Beschlussempfehlung of a body (Verwaltung, Fachausschuss, HFA).

    ``settled_by`` names the motion that settles this one (for ``erledigt durch``);
    ``changes`` are the changes of the modified version (for ``in geänderter Fassung
    annehmen``); ``note`` is the wording of the recommendation.
    """

    body: str
    procedure: Procedure
    date: datetime.date | None = None
    settled_by: str | None = None
    note: str | None = None
    changes: tuple[Change, ...] = ()


@attrs.frozen(kw_only=True)
class Decision:
    """A Beschluss of a body on a motion, with the Abstimmungsergebnis (Ja/Nein/Enthaltung).

    ``result`` is angenommen, abgelehnt, geändert beschlossen, erledigt, zurückgezogen or
    vertagt (never eingereicht). For ``geändert beschlossen`` the adopted version is
    ``changes``; when they are empty, the changes of the last Beschlussempfehlung "in
    geänderter Fassung annehmen" are adopted (the council follows the recommendation).
    ``settled_by`` names the motion that settled this one (``erledigt``). Vote counts are
    optional (a unanimous decision is often recorded without them).
    """

    body: str
    result: AmendmentStatus
    date: datetime.date | None = None
    yes: int | None = attrs.field(default=None, validator=_not_negative)
    no: int | None = attrs.field(default=None, validator=_not_negative)
    abstain: int | None = attrs.field(default=None, validator=_not_negative)
    settled_by: str | None = None
    note: str | None = None
    changes: tuple[Change, ...] = ()

    @property
    def adopts(self) -> bool:
        """True if the decision puts the motion into the plan (angenommen, geändert)."""
        return self.result in ADOPTING_RESULTS


@attrs.frozen(kw_only=True)
class Motion:
    """A motion in the deliberation (Beratungsgegenstand) with its procedure and decisions.

    ``amendment`` embeds the Änderungsantrag (or Veränderungsnachweis of the Verwaltung),
    ``amendment_ref`` names its NKF-XML file relative to the deliberation file; exactly
    one is given. ``id`` is the motion's id (the amendment's id), used by the voting order
    and by ``settled_by``. ``recommendations`` and ``decisions`` are in the order they
    were made.
    """

    id: str
    amendment: Amendment | None = None
    amendment_ref: str | None = None
    note: str | None = None
    recommendations: tuple[Recommendation, ...] = ()
    decisions: tuple[Decision, ...] = ()

    def __attrs_post_init__(self) -> None:
        """Demand exactly one of the embedded amendment and the reference."""
        if (self.amendment is None) == (self.amendment_ref is None):
            raise ValueError(
                f"Der Antrag „{self.id}“ braucht entweder den eingebetteten Antrag oder einen "
                "Verweis auf seine Datei (amendment oder amendmentRef), genau eines von beiden."
            )


@attrs.frozen(kw_only=True)
class Deliberation:
    """A Haushaltsberatung: the draft plan, the motions, recommendations and decisions.

    ``draft`` embeds the Haushaltsplanentwurf, ``draft_ref`` names its file relative to
    the deliberation file; exactly one is given. ``deciding_body`` is the body whose
    decisions are final (the Rat); when None, each motion's last decision counts.
    ``voting_order`` lists the motion ids in the order of the vote (Abstimmungsreihenfolge);
    empty means the order of ``motions``. ``date`` is the day of the final decision.
    """

    id: str
    title: str
    date: datetime.date | None = None
    deciding_body: str | None = None
    draft_ref: str | None = None
    voting_order: tuple[str, ...] = ()
    note: str | None = None
    draft: BudgetPlan | None = None
    motions: tuple[Motion, ...] = ()

    def __attrs_post_init__(self) -> None:
        """Demand exactly one of the embedded draft and the reference."""
        if (self.draft is None) == (self.draft_ref is None):
            raise ValueError(
                f"Die Haushaltsberatung „{self.id}“ braucht entweder den eingebetteten "
                "Haushaltsplanentwurf oder einen Verweis auf seine Datei (draft oder "
                "draftRef), genau eines von beiden."
            )

    def motion(self, motion_id: str) -> Motion | None:
        """The (first) motion with ``motion_id``, or None."""
        return next((m for m in self.motions if m.id == motion_id), None)

    @property
    def is_resolved(self) -> bool:
        """True if the draft and every motion are embedded (no file references)."""
        return self.draft is not None and all(m.amendment is not None for m in self.motions)
