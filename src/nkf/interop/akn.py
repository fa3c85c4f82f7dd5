"""Akoma Ntoso 3.0 export and import: a motion as an OASIS LegalDocML ``amendment``.

:func:`to_akn` writes an Änderungsantrag as an Akoma Ntoso 3.0 document (namespace
:data:`AKN_NS`) that validates against the official schema ``akomantoso30.xsd``:

* ``meta/identification`` — FRBR Work, Expression and Manifestation named by the AKN
  naming convention: ``/akn/de-<kommune>/amendment/<datum>/<id>`` (Work),
  ``…/deu@<datum>`` (Expression), ``…/deu@<datum>.akn`` (Manifestation);
* ``meta/workflow`` — one ``step`` per dated event: the submission (Einreichung), each
  step of the Beratungsfolge that has a date, each dated vote; the current status is the
  ``outcome`` of the latest step. AKN requires a date on every step, so undated steps of
  the Beratungsfolge appear in the ``preface`` only;
* ``meta/analysis/activeModifications`` — one ``textualMod`` per change that alters the
  plan (``insertion`` for additions, ``repeal`` for removals, ``substitution`` for edits
  and settings), with ``source`` (the item in the body), ``destination`` (the place in the
  Haushaltsplan, :func:`plan_uri` plus a fragment such as ``#unit_050101__goals``), and
  ``old``/``new`` pointing at the quoted old and new text. Deckungsvorschläge and Prüf- or
  Berichtsaufträge change no text of the plan and have no ``textualMod``;
* ``meta/references`` — ``TLCOrganization`` (factions, committees, bodies, nkf itself),
  ``TLCPerson`` (Unterzeichner), ``TLCRole``, ``TLCEvent`` and ``TLCConcept`` (status, change
  kinds);
* ``meta/proprietary source="#nkf"`` — the complete motion as NKF-XML (namespace
  ``urn:nkf:xml:1``, as :func:`nkf.dumps` writes it). This is the authoritative content:
  :func:`from_akn` reads it back, so ``from_akn(to_akn(a)) == a``;
* ``preface`` (Drucksache, Antragsteller, Beratungsfolge, status), ``amendmentBody``
  (``amendmentHeading``, ``amendmentReference``, ``amendmentContent`` with the Antragstext
  and one numbered item per change in German, ``amendmentJustification`` with the
  Begründung) and ``conclusions`` (signatures).

>>> from nkf.examples import founding_motion
>>> data = to_akn(founding_motion())
>>> from_akn(data) == founding_motion()
True
"""

from __future__ import annotations

import datetime
import re
from typing import TYPE_CHECKING, Final, Literal, NamedTuple
from urllib.parse import quote

from lxml import etree

from nkf.diagnostics import Diagnostic, Location, Severity
from nkf.errors import LoadError
from nkf.interop import _Keys, _slug, paper_type
from nkf.labels import (
    COVERAGE_SOURCES,
    FIGURE_KINDS,
    INVESTMENT_FLOWS,
    PLAN_FIELDS,
    REQUEST_KINDS,
    STATUTE_FIELDS,
    SUBMITTER_KINDS,
    TAX_KINDS,
    UNIT_FIELDS,
)
from nkf.model.amendment import (
    AddArea,
    AddGoal,
    AddGroup,
    AddInvestment,
    AddKeyFigure,
    AddLine,
    AddProduct,
    AddStatute,
    Amendment,
    AmendmentStatus,
    AmountChange,
    BlockAmount,
    BlockPost,
    Condition,
    ConditionKind,
    CopyGoals,
    Coverage,
    CreatePost,
    DeletePost,
    EditGoal,
    GlobalReduction,
    InvestmentFlow,
    MoveAmount,
    PercentChange,
    RelationKind,
    ReleaseBlock,
    RemoveArea,
    RemoveGoal,
    RemoveGroup,
    RemoveInvestment,
    RemoveKeyFigure,
    RemoveLine,
    RemoveProduct,
    RemoveStatute,
    RenameKeyFigure,
    Request,
    RequestKind,
    SetBalanceYear,
    SetInvestmentAmount,
    SetKeyFigureValue,
    SetKwVermerk,
    SetPlanningYears,
    SetStatuteValue,
    SetTaxRate,
    SubmitterKind,
    SwapPost,
    UpdatePlan,
    UpdateUnit,
    plan_field_value,
)
from nkf.model.finance import TaxKind
from nkf.model.goals import KeyFigure, KeyFigureType
from nkf.model.units import BindingDegree, BudgetArea
from nkf.money import format_amount, format_date, format_percent
from nkf.xml._mapping import NS as NKF_NS
from nkf.xml._mapping import MappingError, read_object, write_object
from nkf.xml._parser import parse, read_source

if TYPE_CHECKING:
    from collections.abc import Iterable
    from decimal import Decimal

    from nkf.model.amendment import Change, Submitter
    from nkf.model.finance import Investment, Post
    from nkf.model.goals import Goal, Scalar
    from nkf.model.lines import Column
    from nkf.model.plan import BudgetPlan
    from nkf.model.targets import ColumnValue, Target
    from nkf.model.units import BudgetUnit

__all__ = ["AKN_NS", "MEDIA_TYPE", "from_akn", "plan_uri", "to_akn", "work_uri"]

AKN_NS: Final = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
"""The namespace of Akoma Ntoso 3.0 (OASIS LegalDocML, 2018)."""
MEDIA_TYPE: Final = "application/akn+xml"
"""The media type of an Akoma Ntoso document (``FRBRformat``)."""

_COUNTRY: Final = "de"
_LANGUAGE: Final = "deu"
_NKF: Final = "nkf"  # eId of nkf itself: the markup author and the source of the metadata
_SOURCE: Final = "#" + _NKF


def _a(tag: str) -> str:
    return f"{{{AKN_NS}}}{tag}"


# --------------------------------------------------------------------------- identity


def _municipality(municipality: str) -> str:
    key = _slug(municipality)
    if not key:
        msg = f"municipality muss Buchstaben oder Ziffern enthalten, nicht {municipality!r}."
        raise ValueError(msg)
    return key


def _quote(key: str) -> str:
    return quote(key, safe="-._~")


def work_uri(amendment: Amendment, *, municipality: str = "leichlingen") -> str:
    """The FRBR Work IRI of a motion: ``/akn/de-<kommune>/amendment/<datum>/<id>``.

    The date is the motion's date; without one, its first budget year (``YYYY``, as the
    naming convention allows). ``municipality`` is turned into a key (``"Köln"`` →
    ``koeln``); the id is percent-encoded where needed.

    Raises:
        ValueError: The motion has neither a date nor budget years, or ``municipality``
            has no letters or digits.

    >>> from nkf.examples import founding_motion
    >>> work_uri(founding_motion())
    '/akn/de-leichlingen/amendment/2021-02-24/spd-leichlingen-2021-02-24-quartierstreff'
    """
    return _identity(amendment, _municipality(municipality), None)[0]


def plan_uri(years: tuple[int, ...], *, municipality: str = "leichlingen") -> str:
    """The Work IRI of the Haushaltsplan: ``/akn/de-<kommune>/doc/haushaltsplan/<jahr>``.

    A Doppelhaushalt is named by its first year; without a year the IRI ends with
    ``haushaltsplan``. ``textualMod/destination`` points into this document.

    >>> plan_uri((2021,))
    '/akn/de-leichlingen/doc/haushaltsplan/2021'
    """
    base = f"/akn/{_COUNTRY}-{_municipality(municipality)}/doc/haushaltsplan"
    return f"{base}/{years[0]}" if years else base


def _identity(
    amendment: Amendment, municipality: str, plan: BudgetPlan | None
) -> tuple[str, str, str, str]:
    """``(work IRI, expression IRI, FRBRdate value, FRBRdate name)``."""
    years = amendment.plan_years or (plan.years if plan is not None else ())
    if amendment.date is not None:
        day = date_value = amendment.date.isoformat()
        date_name = "submission"
    elif years:  # the naming convention allows a year; FRBRdate needs a full date
        day, date_value, date_name = str(years[0]), f"{years[0]:04d}-01-01", "budgetYear"
    else:
        msg = (
            f"Der Antrag {amendment.id!r} hat weder ein Datum noch Haushaltsjahre; "
            "ein Akoma-Ntoso-Dokument braucht ein Datum für seinen Namen (FRBR)."
        )
        raise ValueError(msg)
    work = f"/akn/{_COUNTRY}-{municipality}/amendment/{day}/{_quote(amendment.id)}"
    version = amendment.date.isoformat() if amendment.date is not None else ""
    return work, f"{work}/{_LANGUAGE}@{version}", date_value, date_name


# --------------------------------------------------------------------------- German text

_KIND_LABELS: Final = {
    AmountChange.kind: "Betrag ändern",
    AddLine.kind: "Zeile ergänzen",
    RemoveLine.kind: "Zeile streichen",
    PercentChange.kind: "prozentuale Veränderung",
    MoveAmount.kind: "Betrag verschieben",
    GlobalReduction.kind: "globaler Minderaufwand",
    AddArea.kind: "Produktbereich ergänzen",
    RemoveArea.kind: "Produktbereich streichen",
    AddGroup.kind: "Produktgruppe ergänzen",
    RemoveGroup.kind: "Produktgruppe streichen",
    AddProduct.kind: "Produkt ergänzen",
    RemoveProduct.kind: "Produkt streichen",
    UpdateUnit.kind: "Angabe zur Einheit ändern",
    AddGoal.kind: "Produktziel ergänzen",
    RemoveGoal.kind: "Produktziel streichen",
    EditGoal.kind: "Produktziel neu fassen",
    CopyGoals.kind: "Produktziele übernehmen",
    AddKeyFigure.kind: "Kennzahl ergänzen",
    RemoveKeyFigure.kind: "Kennzahl streichen",
    RenameKeyFigure.kind: "Kennzahl umbenennen",
    SetKeyFigureValue.kind: "Kennzahlwert festsetzen",
    SetTaxRate.kind: "Hebesatz festsetzen",
    SetStatuteValue.kind: "Betrag der Haushaltssatzung festsetzen",
    SetBalanceYear.kind: "Jahr des Haushaltsausgleichs festsetzen",
    AddStatute.kind: "Haushaltssatzung ergänzen",
    RemoveStatute.kind: "Haushaltssatzung streichen",
    UpdatePlan.kind: "Angabe zum Haushaltsplan ändern",
    SetPlanningYears.kind: "Planungsjahre festsetzen",
    AddInvestment.kind: "Investitionsmaßnahme ergänzen",
    RemoveInvestment.kind: "Investitionsmaßnahme streichen",
    SetInvestmentAmount.kind: "Betrag einer Investitionsmaßnahme festsetzen",
    CreatePost.kind: "Stelle schaffen",
    DeletePost.kind: "Stelle streichen",
    BlockPost.kind: "Stelle sperren",
    SwapPost.kind: "Stelle tauschen",
    SetKwVermerk.kind: "kw-Vermerk festsetzen",
    BlockAmount.kind: "Sperrvermerk anbringen",
    ReleaseBlock.kind: "Sperrvermerk aufheben",
    Coverage.kind: "Deckungsvorschlag",
    Request.kind: "Auftrag oder Leitlinie",
}
_RELATIONS: Final = {
    RelationKind.AMENDS: "Änderungsantrag zu",
    RelationKind.REPLACES: "Ersetzt",
    RelationKind.COMPETES_WITH: "Konkurriert mit",
    RelationKind.IDENTICAL_TO: "Gleichlautend mit",
    RelationKind.COMPROMISE_OF: "Kompromiss zu",
}


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _euro(value: Decimal) -> str:
    return format_amount(value)


def _signed_euro(value: Decimal) -> str:
    return ("+" if value > 0 else "") + format_amount(value)


def _percent(value: Decimal, *, signed: bool = False) -> str:
    text = format_percent(value, decimals=_places(value))
    return ("+" if signed and value > 0 else "") + text


def _number(value: Decimal) -> str:
    return format_amount(value, currency=False, decimals=_places(value))


def _scalar(value: Scalar, figure: KeyFigure | None = None) -> str:
    if isinstance(value, bool):
        return "ja" if value else "nein"
    if isinstance(value, datetime.date):
        return format_date(value)
    kind = figure.type if figure is not None else None
    if kind is KeyFigureType.MONEY:
        return _euro(value)
    if kind is KeyFigureType.PERCENT:
        return _percent(value)
    text = _number(value)
    return f"{text} {figure.unit}" if figure is not None and figure.unit else text


def _unit_word(code: str) -> str:
    if len(code) <= 2:
        return "Produktbereich"
    if len(code) <= 4:
        return "Produktgruppe"
    return "Produkt"


def _values(values: Iterable[ColumnValue]) -> str:
    return "; ".join(f"{cv.column}: {_euro(cv.amount)}" for cv in values)


def _key_figure(kf: KeyFigure) -> str:
    """``Kennzahl „Fertigstellung“: 30.06.2021 (Ziel 2021)``."""
    text = f"Kennzahl „{kf.name}“"
    if kf.unit and kf.type not in (KeyFigureType.MONEY, KeyFigureType.PERCENT):
        text += f" (Einheit: {kf.unit})"
    values = [f"{_scalar(v.value, kf)} ({FIGURE_KINDS[v.kind]} {v.year})" for v in kf.values]
    if kf.baseline is not None:
        b = kf.baseline
        values.insert(0, f"Ausgangswert {_scalar(b.value, kf)} ({FIGURE_KINDS[b.kind]} {b.year})")
    if values:
        text += ": " + ", ".join(values)
    if kf.description:
        text += f" – {kf.description}"
    return text


def _post(post: Post) -> str:
    parts = [post.title, f"{_number(post.fte)} VZÄ"]
    parts += [p for p in (post.pay_grade, post.org_unit) if p]
    if post.product:
        parts.append(f"Produkt {post.product}")
    if post.kw_year is not None:
        parts.append(f"kw {post.kw_year}")
    if post.limited_until is not None:
        parts.append(f"befristet bis {format_date(post.limited_until)}")
    return ", ".join(parts)


def _paragraphs(text: str) -> list[list[str]]:
    """Paragraphs (split at blank lines), each a list of its lines."""
    blocks = re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n"))
    return [block.split("\n") for block in blocks if block.strip()]


# --------------------------------------------------------------------------- sentences


class _Quote(NamedTuple):
    role: Literal["old", "new"]
    text: str
    quoted: bool


Fragment = tuple[tuple[str, str | int | None], ...]
"""A place in the Haushaltsplan as (name, key) pairs: ``(("unit", "050101"), ("goal", 3))``."""


class _Sentence:
    """The German text of one change, its quoted old/new parts and its textual modification."""

    def __init__(self, mod: Literal["insertion", "repeal", "substitution"] | None) -> None:
        self.parts: list[str | _Quote] = []
        self.mod = mod
        self.destinations: list[tuple[Fragment, str | None]] = []

    def text(self, text: str) -> _Sentence:
        self.parts.append(text)
        return self

    def old(self, text: str, *, quoted: bool = True) -> _Sentence:
        self.parts.append(_Quote("old", text, quoted))
        return self

    def new(self, text: str, *, quoted: bool = True) -> _Sentence:
        self.parts.append(_Quote("new", text, quoted))
        return self

    def at(self, fragment: Fragment, pos: str | None = None) -> _Sentence:
        self.destinations.append((fragment, pos))
        return self

    def from_to(self, old: str | None, new: str | None, *, quoted: bool = False) -> _Sentence:
        """``von „alt“ auf „neu“`` (the parts that are known), or ``streichen``."""
        if old is not None:
            self.text("von ").old(old, quoted=quoted)
        if new is None:
            return self.text(" streichen" if old is not None else "streichen")
        if old is not None:
            self.text(" ")
        return self.text("auf ").new(new, quoted=quoted)


def _set_or_clear(new: object) -> Literal["repeal", "substitution"]:
    """A value set (``substitution``) or cleared (``repeal``)."""
    return "repeal" if new is None else "substitution"


def _fragment_text(fragment: Fragment) -> str:
    parts = []
    for name, key in fragment:
        if key is None:
            parts.append(name)
        else:
            parts.append(f"{name}_{_quote(str(key).replace(':', '-'))}")
    return "__".join(parts)


def _target_fragment(target: Target) -> Fragment:
    pairs: list[tuple[str, str | int | None]] = []
    if target.unit is not None:
        pairs.append(("unit", target.unit))
    if target.plan is not None and target.line is not None:
        pairs.append(("line", f"{target.plan.value}-{target.line}"))
    elif target.plan is not None:
        pairs.append(("plan", target.plan.value))
    elif target.line is not None:
        pairs.append(("line", target.line))
    if target.account is not None:
        pairs.append(("account", target.account))
    if target.cost_centre is not None:
        pairs.append(("costCentre", target.cost_centre))
    if target.investment is not None:
        pairs.append(("investment", target.investment))
    return tuple(pairs)


def _column(column: Column) -> tuple[str, str]:
    return ("col", f"{column.kind.value}-{column.year}")


def _goal_fragment(unit: str, goal: int | None) -> Fragment:
    return (("unit", unit),) if goal is None else (("unit", unit), ("goal", goal))


# --------------------------------------------------------------------------- the writer


_TLC_TAGS: Final = {
    "organization": "TLCOrganization",
    "person": "TLCPerson",
    "role": "TLCRole",
    "event": "TLCEvent",
    "concept": "TLCConcept",
}


class _Tlc(NamedTuple):
    kind: str
    eid: str
    href: str
    show: str


class _Writer:
    """Builds one Akoma Ntoso document; keeps the TLCs (people, bodies, concepts) it names."""

    def __init__(self, amendment: Amendment, municipality: str, plan: BudgetPlan | None) -> None:
        self.amendment = amendment
        self.municipality = municipality
        self.plan = plan
        self.keys = _Keys(reserved=(_NKF,))
        self.tlcs: dict[tuple[str, str], _Tlc] = {
            ("nkf", _NKF): _Tlc("organization", _NKF, "/akn/ontology/organization/nkf", "nkf")
        }
        years = amendment.plan_years or (plan.years if plan is not None else ())
        self.plan_uri = plan_uri(years, municipality=municipality)
        self.plan_years = years

    # ----------------------------------------------------------------- TLCs

    def tlc(self, kind: str, name: str, show: str | None = None) -> str:
        """``#eId`` of the TLC for ``name`` (created on first use)."""
        known = self.tlcs.get((kind, name))
        if known is None:
            eid = self.keys.key(kind, name, kind)
            place = f"{_COUNTRY}-{self.municipality}/" if kind in ("organization", "person") else ""
            scope = "nkf/" if kind in ("concept", "event") else ""
            href = f"/akn/ontology/{kind}/{place}{scope}{eid}"
            known = _Tlc(kind, eid, href, show or name)
            self.tlcs[kind, name] = known
        return "#" + known.eid

    def submitter(self, submitter: Submitter) -> str:
        kind = "person" if submitter.kind is SubmitterKind.MEMBER else "organization"
        return self.tlc(kind, submitter.name)

    def status(self, status: AmendmentStatus) -> str:
        return self.tlc("concept", f"status-{status.value}", status.label)

    # ----------------------------------------------------------------- plan look-ups

    def unit(self, code: str) -> BudgetUnit | None:
        return self.plan.unit(code) if self.plan is not None else None

    def unit_text(self, code: str) -> str:
        unit = self.unit(code)
        name = f" „{unit.name}“" if unit is not None else ""
        return f"{_unit_word(code)} {code}{name}"

    def goal(self, code: str, position: int | None) -> Goal | None:
        unit = self.unit(code)
        if unit is None or position is None or not 1 <= position <= len(unit.goals):
            return None
        return unit.goals[position - 1]

    def key_figure(self, code: str, goal: int | None, position: int) -> KeyFigure | None:
        owner: Goal | BudgetUnit | None = (
            self.goal(code, goal) if goal is not None else self.unit(code)
        )
        if owner is None or not 1 <= position <= len(owner.key_figures):
            return None
        return owner.key_figures[position - 1]

    def line_value(self, target: Target, column: Column) -> Decimal | None:
        if self.plan is None or target.plan is None or target.line is None:
            return None
        if target.unit is None:
            line = self.plan.line(target.plan, target.line)
        else:
            unit = self.unit(target.unit)
            line = unit.line(target.plan, target.line) if unit is not None else None
        return line.value(column) if line is not None else None

    def post(self, post_id: str) -> Post | None:
        if self.plan is None:
            return None
        return next((p for p in self.plan.posts if p.id == post_id), None)

    def target_text(self, target: Target) -> str:
        parts = []
        if target.unit is not None:
            parts.append(self.unit_text(target.unit))
        if target.plan is not None:
            parts.append(target.plan.label)
        if target.line is not None:
            parts.append(f"Zeile {target.line}")
        if target.account is not None:
            parts.append(f"Sachkonto {target.account}")
        if target.cost_centre is not None:
            parts.append(f"Kostenstelle {target.cost_centre}")
        if target.investment is not None:
            parts.append(f"Investitionsmaßnahme {target.investment}")
        if target.text is not None:
            parts.append(f"„{target.text}“")
        return ", ".join(parts) or "Gesamtplan"

    # ----------------------------------------------------------------- the document

    def build(self) -> etree._Element:
        a = self.amendment
        root = etree.Element(_a("akomaNtoso"), nsmap={None: AKN_NS})
        doc = etree.SubElement(root, _a("amendment"))
        doc.set("name", _slug(paper_type(a)))
        meta = etree.SubElement(doc, _a("meta"))
        authors = [self.submitter(s) for s in a.submitters]
        self.identification(meta, authors)
        workflow = etree.SubElement(meta, _a("workflow"), source=_SOURCE)
        analysis = etree.SubElement(meta, _a("analysis"), source=_SOURCE)
        active = etree.SubElement(analysis, _a("activeModifications"))
        references = etree.SubElement(meta, _a("references"), source=_SOURCE)
        proprietary = etree.SubElement(meta, _a("proprietary"), source=_SOURCE)
        proprietary.append(write_object(None, "amendment", a))

        self.preface(etree.SubElement(doc, _a("preface")))
        self.body(etree.SubElement(doc, _a("amendmentBody")), active)
        if a.submitters:
            self.conclusions(etree.SubElement(doc, _a("conclusions")))
        self.workflow(workflow, authors)

        for kind in _TLC_TAGS:
            for tlc in self.tlcs.values():
                if tlc.kind == kind:
                    etree.SubElement(
                        references, _a(_TLC_TAGS[kind]), eId=tlc.eid, href=tlc.href, showAs=tlc.show
                    )
        if not len(workflow):
            meta.remove(workflow)
        if not len(active):
            analysis.remove(active)
        if not len(analysis):
            meta.remove(analysis)
        return root

    def identification(self, meta: etree._Element, authors: list[str]) -> None:
        a = self.amendment
        work, expression, date_value, date_name = _identity(a, self.municipality, self.plan)
        authors = authors or [self.tlc("organization", "unbekannt", "Antragsteller unbekannt")]
        role = self.tlc("role", "antragsteller", "Antragsteller")
        ident = etree.SubElement(meta, _a("identification"), source=_SOURCE)
        levels = (
            ("FRBRWork", work + "/!main", work, authors),
            ("FRBRExpression", expression + "/!main", expression, authors),
            ("FRBRManifestation", expression + "/!main.xml", expression + ".akn", [_SOURCE]),
        )
        for tag, this, uri, level_authors in levels:
            level = etree.SubElement(ident, _a(tag))
            etree.SubElement(level, _a("FRBRthis"), value=this)
            etree.SubElement(level, _a("FRBRuri"), value=uri)
            if tag == "FRBRWork" and a.reference is not None:
                etree.SubElement(level, _a("FRBRalias"), value=a.reference, name="Drucksache")
            etree.SubElement(level, _a("FRBRdate"), date=date_value, name=date_name)
            for author in level_authors:
                el = etree.SubElement(level, _a("FRBRauthor"), href=author)
                if author != _SOURCE:
                    el.set("as", role)
            if tag == "FRBRWork":
                etree.SubElement(level, _a("FRBRcountry"), value=_COUNTRY)
                etree.SubElement(level, _a("FRBRnumber"), value=a.id)
            elif tag == "FRBRExpression":
                etree.SubElement(level, _a("FRBRlanguage"), language=_LANGUAGE)
            else:
                etree.SubElement(level, _a("FRBRformat"), value=MEDIA_TYPE)

    def workflow(self, workflow: etree._Element, authors: list[str]) -> None:
        a = self.amendment
        steps: list[tuple[datetime.date, dict[str, str]]] = []
        submitted: dict[str, str] = {}
        if a.date is not None and authors:
            submitted = {
                "by": authors[0],
                "refersTo": self.tlc("event", "einreichung", "Einreichung"),
            }
            steps.append((a.date, submitted))
        for step in a.consultation:
            if step.date is not None:
                attrs = {
                    "by": self.tlc("organization", step.body),
                    "as": self.tlc("role", step.role.value),
                    "refersTo": self.tlc("event", "beratung", "Beratung"),
                }
                steps.append((step.date, attrs))
        for vote in a.votes:
            if vote.date is not None:
                attrs = {
                    "by": self.tlc("organization", vote.body),
                    "refersTo": self.tlc("event", "abstimmung", "Abstimmung"),
                }
                if vote.result is not None:
                    attrs["outcome"] = self.status(vote.result)
                steps.append((vote.date, attrs))
        steps.sort(key=lambda s: s[0])  # stable: same-day steps keep their order
        # The status is the outcome of the latest step; submitting only leads to "eingereicht".
        if (
            steps
            and "outcome" not in steps[-1][1]
            and (steps[-1][1] is not submitted or a.status is AmendmentStatus.SUBMITTED)
        ):
            steps[-1][1]["outcome"] = self.status(a.status)
        for day, attrs in steps:
            el = etree.SubElement(workflow, _a("step"), date=day.isoformat())
            for name in ("by", "as", "refersTo", "outcome"):
                if name in attrs:
                    el.set(name, attrs[name])

    def preface(self, preface: etree._Element) -> None:
        a = self.amendment
        title = etree.SubElement(etree.SubElement(preface, _a("longTitle")), _a("p"))
        etree.SubElement(title, _a("docTitle")).text = a.title
        p = etree.SubElement(preface, _a("p"))
        _set_text(etree.SubElement(p, _a("docType")), paper_type(a))
        if a.reference is not None:
            _text(p, ", Drucksache ")
            _set_text(etree.SubElement(p, _a("docNumber")), a.reference)
        if a.date is not None:
            _text(p, " vom ")
            _set_text(
                etree.SubElement(p, _a("docDate"), date=a.date.isoformat()), format_date(a.date)
            )
        if a.submitters:
            p = etree.SubElement(preface, _a("p"))
            _text(p, "Antragsteller: ")
            for i, s in enumerate(a.submitters):
                if i:
                    _text(p, "; ")
                el = etree.SubElement(p, _a("docProponent"), refersTo=self.submitter(s))
                el.set("as", self.tlc("role", "antragsteller", "Antragsteller"))
                _set_text(el, s.name)
        if a.addressee is not None:
            p = etree.SubElement(preface, _a("p"))
            _text(p, f"An: {a.addressee}")
        if a.committee is not None:
            p = etree.SubElement(preface, _a("p"))
            _text(p, "Fachausschuss: ")
            el = etree.SubElement(
                p, _a("docCommittee"), refersTo=self.tlc("organization", a.committee)
            )
            _set_text(el, a.committee)
        if a.consultation:
            p = etree.SubElement(preface, _a("p"))
            _text(p, "Beratungsfolge: ")
            for i, step in enumerate(a.consultation):
                if i:
                    _text(p, "; ")
                body = self.tlc("organization", step.body)
                _set_text(etree.SubElement(p, _a("organization"), refersTo=body), step.body)
                when = f", {format_date(step.date)}" if step.date is not None else ""
                _text(p, f" ({step.role.value}{when})")
        p = etree.SubElement(preface, _a("p"))
        _text(p, "Status: ")
        status = etree.SubElement(p, _a("docStatus"), refersTo=self.status(a.status))
        _set_text(status, a.status.label)
        for vote in a.votes:
            p = etree.SubElement(preface, _a("p"))
            when = f" am {format_date(vote.date)}" if vote.date is not None else ""
            text = (
                f"Abstimmung im Gremium „{vote.body}“{when}: {vote.yes} Ja, {vote.no} Nein, "
                f"{vote.abstain} Enthaltungen"
            )
            if vote.result is not None:
                text += f" – {vote.result.label}"
            _text(p, text)

    def body(self, body: etree._Element, active: etree._Element) -> None:
        a = self.amendment
        heading = etree.SubElement(body, _a("amendmentHeading"))
        etree.SubElement(heading, _a("p")).text = a.title
        if self.plan_years or a.relations:
            reference = etree.SubElement(body, _a("amendmentReference"))
            if self.plan_years:
                p = etree.SubElement(reference, _a("p"))
                _text(p, "Zum ")
                years = "/".join(str(y) for y in self.plan_years)
                label = f"Haushaltsplan {years}"
                if self.plan is not None and self.plan.title:
                    label = self.plan.title
                _set_text(etree.SubElement(p, _a("affectedDocument"), href=self.plan_uri), label)
            for relation in a.relations:
                note = f" – {relation.note}" if relation.note else ""
                text = f"{_RELATIONS[relation.kind]} „{relation.target}“{note}"
                etree.SubElement(reference, _a("p")).text = text
        content = etree.SubElement(body, _a("amendmentContent"))
        _paragraph_elements(content, a.request_text)
        if a.changes:
            block = etree.SubElement(content, _a("blockList"), eId="list_1")
            etree.SubElement(block, _a("listIntroduction")).text = "Die Änderungen im Einzelnen:"
            for number, change in enumerate(a.changes, 1):
                self.item(block, active, number, change)
        if a.reason:
            _paragraph_elements(etree.SubElement(body, _a("amendmentJustification")), a.reason)

    def item(
        self, block: etree._Element, active: etree._Element, number: int, change: Change
    ) -> None:
        eid = f"list_1__item_{number}"
        item = etree.SubElement(block, _a("item"), eId=eid)
        etree.SubElement(item, _a("num")).text = f"{number}."
        p = etree.SubElement(item, _a("p"))
        sentence = _describe(self, change)
        if change.ref is not None:
            _text(p, f"({change.ref}) ")
        # An amending instruction is a <mod> holding the quoted old and new text.
        mod_eid = f"{eid}__mod_1"
        holder = p if sentence.mod is None else etree.SubElement(p, _a("mod"), eId=mod_eid)
        anchors: dict[str, str] = {}
        counts = {"qtext": 0, "span": 0}

        def inline(kind: str, role: str, text: str) -> None:
            counts[kind] += 1
            part_eid = f"{holder.get('eId') or eid}__{kind}_{counts[kind]}"
            anchors.setdefault(role, part_eid)
            tag = "quotedText" if kind == "qtext" else "span"
            _set_text(etree.SubElement(holder, _a(tag), {"eId": part_eid, "class": role}), text)

        for part in sentence.parts:
            if isinstance(part, str):
                _text(holder, part)
                continue
            if part.quoted:
                _text(holder, "„")
            inline("qtext" if sentence.mod is not None else "span", part.role, part.text)
            if part.quoted:
                _text(holder, "“")
        if not _last_text(holder).endswith((".", "!", "?")):
            _text(holder, ".")
        if change.derived:
            _text(holder, " (Folgeänderung)")
        if change.condition is not None:
            _text(holder, f" {_condition_label(change.condition)}: ")
            inline("span", "condition", change.condition.text)
        if change.note:
            _text(holder, f" Anmerkung: {change.note}")
        if sentence.mod is None:
            return
        mod = etree.SubElement(active, _a("textualMod"), eId=f"amod_{number}", type=sentence.mod)
        mod.set("refersTo", self.tlc("concept", f"nkf-{change.kind}", _KIND_LABELS[change.kind]))
        etree.SubElement(mod, _a("source"), href="#" + mod_eid)
        for fragment, pos in sentence.destinations or [((), None)]:
            text = _fragment_text(fragment)
            href = f"{self.plan_uri}#{text}" if text else self.plan_uri
            destination = etree.SubElement(mod, _a("destination"), href=href)
            if pos is not None:
                destination.set("pos", pos)
        if "condition" in anchors:
            etree.SubElement(mod, _a("condition"), href="#" + anchors["condition"])
        for role in ("old", "new"):
            if role in anchors:
                etree.SubElement(mod, _a(role), href="#" + anchors[role])

    def conclusions(self, conclusions: etree._Element) -> None:
        for submitter in self.amendment.submitters:
            p = etree.SubElement(conclusions, _a("p"))
            tag = "person" if submitter.kind is SubmitterKind.MEMBER else "organization"
            _set_text(
                etree.SubElement(p, _a(tag), refersTo=self.submitter(submitter)), submitter.name
            )
            _text(p, f" ({SUBMITTER_KINDS[submitter.kind]})")
            if submitter.address:
                _text(p, f", {submitter.address}")
            for signatory in submitter.signatories:
                p = etree.SubElement(conclusions, _a("p"))
                signature = etree.SubElement(p, _a("signature"))
                person = etree.SubElement(
                    signature, _a("person"), refersTo=self.tlc("person", signatory.name)
                )
                if signatory.role is not None:
                    person.set("as", self.tlc("role", signatory.role))
                _set_text(person, signatory.name)
                if signatory.role is not None:
                    _text(signature, ", ")
                    role = etree.SubElement(
                        signature, _a("role"), refersTo=self.tlc("role", signatory.role)
                    )
                    _set_text(role, signatory.role)


def _condition_label(condition: Condition) -> str:
    if condition.kind is ConditionKind.ALTERNATIVE:
        label = "Alternative" + (f" {condition.group}" if condition.group else "")
    else:
        label = "Bedingung"
    if condition.met is not None:
        label += " (erfüllt)" if condition.met else " (nicht erfüllt)"
    return label


# --------------------------------------------------------------------------- mixed content


def _text(parent: etree._Element, text: str) -> None:
    """Append ``text`` after the last child of ``parent`` (or as its text)."""
    if len(parent):
        last = parent[-1]
        last.tail = (last.tail or "") + text
    else:
        parent.text = (parent.text or "") + text


def _last_text(parent: etree._Element) -> str:
    """The text at the end of ``parent``'s content so far (the last tail, or its text)."""
    return (parent[-1].tail if len(parent) else parent.text) or ""


def _set_text(element: etree._Element, text: str) -> None:
    """Give the inline ``element`` (already appended to its parent) its text."""
    element.text = text


def _paragraph_elements(parent: etree._Element, text: str | None) -> None:
    for lines in _paragraphs(text or ""):
        p = etree.SubElement(parent, _a("p"))
        for i, line in enumerate(lines):
            if i:
                etree.SubElement(p, _a("eol"))
            _text(p, line)


_MIXED: Final = frozenset(
    _a(t) for t in ("p", "num", "heading", "listIntroduction", "listWrapUp", "signature")
)


def _indent(element: etree._Element, level: int = 0) -> None:
    """Indent element-only content by two spaces; mixed content (text) stays as it is."""
    if element.tag in _MIXED or not len(element):
        return
    if (element.text and element.text.strip()) or any(c.tail and c.tail.strip() for c in element):
        return
    pad = "\n" + "  " * (level + 1)
    element.text = pad
    for child in element:
        child.tail = pad
        _indent(child, level + 1)
    element[-1].tail = "\n" + "  " * level


# --------------------------------------------------------------------------- changes


def _describe(w: _Writer, change: Change) -> _Sentence:
    """The German sentence of a change and where it acts in the Haushaltsplan."""
    match change:
        case AmountChange():
            return _amount(w, change)
        case AddLine():
            s = _Sentence("insertion").text(f"{w.target_text(change.target)}: neue Zeile ")
            s.new(_values(change.values) or "ohne Beträge", quoted=False)
            return s.at(_target_fragment(change.target))
        case RemoveLine():
            s = _Sentence("repeal").text(f"{w.target_text(change.target)}: Zeile streichen")
            if change.old_values:
                s.text(" (bisher ").old(_values(change.old_values), quoted=False).text(")")
            return s.at(_target_fragment(change.target))
        case PercentChange():
            return _percent_change(w, change)
        case MoveAmount():
            s = _Sentence("substitution").text(f"{w.target_text(change.target)}: ")
            moved = _euro(change.amount) if change.amount is not None else "den gesamten Betrag"
            s.new(moved, quoted=False).text(
                f" von {change.from_column} nach {change.to_column} verschieben"
            )
            fragment = _target_fragment(change.target)
            s.at((*fragment, _column(change.from_column)))
            return s.at((*fragment, _column(change.to_column)))
        case GlobalReduction():
            return _global_reduction(w, change)
        case AddArea() | AddGroup() | RemoveArea() | RemoveGroup():
            return _structure(w, change)
        case AddProduct():
            s = _Sentence("insertion").text(f"{w.unit_text(change.group)}: neues Produkt ")
            s.new(f"{change.product.code} {change.product.name}")
            if change.position is not None:
                s.text(f" an {change.position}. Stelle")
            return s.at((("unit", change.product.code),))
        case RemoveProduct():
            unit = w.unit(change.code)
            old = change.old_name or (unit.name if unit is not None else None)
            s = _Sentence("repeal").text(f"{_unit_word(change.code)} {change.code} ")
            if old is not None:
                s.old(old).text(" ")
            return s.text("streichen").at((("unit", change.code),))
        case UpdateUnit():
            return _update_unit(w, change)
        case AddGoal():
            return _add_goal(w, change)
        case RemoveGoal():
            goal = w.goal(change.unit, change.position)
            old = change.old_text or (goal.text if goal is not None else None)
            s = _Sentence("repeal").text(
                f"{w.unit_text(change.unit)}: {change.position}. Produktziel "
            )
            if old is not None:
                s.old(old).text(" ")
            return s.text("streichen").at((("unit", change.unit), ("goal", change.position)))
        case EditGoal():
            goal = w.goal(change.unit, change.position)
            old = change.old_text or (goal.text if goal is not None else None)
            s = _Sentence("substitution").text(
                f"{w.unit_text(change.unit)}: {change.position}. Produktziel "
            )
            if old is not None:
                s.old(old).text(" ")
            s.text("neu fassen: ").new(change.new_text)
            return s.at((("unit", change.unit), ("goal", change.position)))
        case CopyGoals():
            source_text = w.unit_text(change.source)
            s = _Sentence("insertion").text(
                f"{w.unit_text(change.unit)}: Produktziele von {source_text} übernehmen"
            )
            source = w.unit(change.source)
            if source is not None and source.goals:
                s.text(": ").new("; ".join(g.text for g in source.goals))
            return s.at((("unit", change.unit), ("goals", None)), "end")
        case AddKeyFigure():
            return _add_key_figure(w, change)
        case RemoveKeyFigure():
            kf = w.key_figure(change.unit, change.goal, change.position)
            old = change.old_name or (kf.name if kf is not None else None)
            s = _Sentence("repeal").text(
                _figure_place(w, change.unit, change.goal, change.position)
            )
            if old is not None:
                s.text(" ").old(old)
            fragment = (*_goal_fragment(change.unit, change.goal), ("keyFigure", change.position))
            return s.text(" streichen").at(fragment)
        case RenameKeyFigure():
            kf = w.key_figure(change.unit, change.goal, change.position)
            old = change.old_name or (kf.name if kf is not None else None)
            s = _Sentence("substitution").text(
                _figure_place(w, change.unit, change.goal, change.position)
            )
            if old is not None:
                s.text(" ").old(old)
            s.text(" umbenennen in ").new(change.new_name)
            fragment = (*_goal_fragment(change.unit, change.goal), ("keyFigure", change.position))
            return s.at(fragment)
        case SetKeyFigureValue():
            return _key_figure_value(w, change)
        case SetTaxRate():
            return _tax_rate(w, change)
        case SetStatuteValue():
            return _statute_value(w, change)
        case SetBalanceYear():
            old_year = change.old
            if old_year is None and w.plan is not None:
                statute = w.plan.statute(change.year)
                old_year = statute.balance_restored_year if statute is not None else None
            s = _Sentence(_set_or_clear(change.new)).text(
                f"Haushaltssatzung {change.year}, Jahr des Haushaltsausgleichs: "
            )
            s.from_to(
                str(old_year) if old_year is not None else None,
                str(change.new) if change.new is not None else None,
            )
            return s.at((("statute", change.year), ("balanceRestoredYear", None)))
        case AddStatute():
            return _add_statute(change)
        case RemoveStatute():
            s = _Sentence("repeal").text(f"Haushaltssatzung {change.year} streichen")
            return s.at((("statute", change.year),))
        case UpdatePlan():
            return _update_plan(w, change)
        case SetPlanningYears():
            old_years = change.old or (w.plan.planning_years if w.plan is not None else ())
            s = _Sentence("substitution").text("Haushaltsplan, Planungsjahre: ")
            s.from_to(_years(old_years) if old_years else None, _years(change.new))
            return s.at((("plan", None), ("planningYears", None)))
        case AddInvestment():
            return _add_investment(change)
        case RemoveInvestment():
            known = _investment(w, change.id)
            old = change.old_name or (known.name if known is not None else None)
            s = _Sentence("repeal").text(f"Investitionsmaßnahme {change.id} ")
            if old is not None:
                s.old(old).text(" ")
            return s.text("streichen").at((("investment", change.id),))
        case SetInvestmentAmount():
            return _investment_amount(w, change)
        case CreatePost():
            s = (
                _Sentence("insertion")
                .text(f"Neue Stelle {change.post.id}: ")
                .new(_post(change.post))
            )
            if change.cost:
                s.text(f"; Kosten: {_values(change.cost)}")
            return s.at((("post", change.post.id),))
        case DeletePost():
            s = _Sentence("repeal").text(f"Stelle {change.post_id} ")
            _old_post(w, s, change.post_id)
            return s.text("streichen").at((("post", change.post_id),))
        case BlockPost():
            s = _Sentence("substitution").text(f"Stelle {change.post_id} ")
            _old_post(w, s, change.post_id)
            s.text("sperren: ").new("nicht zu besetzen (Stellensperre)", quoted=False)
            return s.at((("post", change.post_id), ("status", None)))
        case SwapPost():
            s = _Sentence("substitution").text(f"Stelle {change.post_id} ")
            _old_post(w, s, change.post_id)
            s.text("tauschen gegen ").new(_post(change.new_post))
            return s.at((("post", change.post_id),))
        case SetKwVermerk():
            old_year = change.old_year
            if old_year is None:
                post = w.post(change.post_id)
                old_year = post.kw_year if post is not None else None
            s = _Sentence(_set_or_clear(change.year)).text(f"Stelle {change.post_id}: kw-Vermerk ")
            s.from_to(
                f"kw {old_year}" if old_year is not None else None,
                f"kw {change.year}" if change.year is not None else None,
            )
            return s.at((("post", change.post_id), ("kw", None)))
        case BlockAmount():
            where = w.target_text(change.target)
            if change.column is not None:
                where += f", {change.column}"
            s = _Sentence("insertion").text(f"Sperrvermerk {change.block_id} auf {where}")
            if change.amount is not None:
                s.text(f" in Höhe von {_euro(change.amount)}")
            s.text(": Freigabe, wenn ").new(change.release_condition)
            s.text(f"; Freigabe durch {change.releasing_body}")
            fragment = _target_fragment(change.target)
            if change.column is not None:
                fragment = (*fragment, _column(change.column))
            return s.at(fragment)
        case ReleaseBlock():
            if change.amount is None:
                s = _Sentence("repeal").text(f"Sperrvermerk {change.block_id} aufheben")
            else:
                s = _Sentence("substitution").text(f"Sperrvermerk {change.block_id}: ")
                s.new(_euro(change.amount), quoted=False).text(" freigeben")
            return s.at((("block", change.block_id),))
        case Coverage():
            return _coverage(change)
        case Request():
            return _request(w, change)


def _amount(w: _Writer, c: AmountChange) -> _Sentence:
    old = c.old if c.old is not None else w.line_value(c.target, c.column)
    new = c.new
    if new is None and old is not None and c.delta is not None:
        new = old + c.delta
    s = _Sentence("substitution").text(f"{w.target_text(c.target)}, {c.column}: ")
    if new is None and c.delta is not None:
        s.text("Veränderung um ").new(_signed_euro(c.delta), quoted=False)
    elif new is None and old is None:
        s.text("Betrag ändern (ohne Angabe)")
    else:
        s.text("Betrag ").from_to(
            _euro(old) if old is not None else None, _euro(new) if new is not None else None
        )
        if c.delta is not None:
            s.text(f" (Veränderung um {_signed_euro(c.delta)})")
    return s.at((*_target_fragment(c.target), _column(c.column)))


def _percent_change(w: _Writer, c: PercentChange) -> _Sentence:
    targets = "; ".join(w.target_text(t) for t in c.targets) or "alle Zeilen"
    columns = ", ".join(str(col) for col in c.columns) or "alle Spalten"
    s = _Sentence("substitution").text(f"{targets}, {columns}: Veränderung um ")
    s.new(_percent(c.percent, signed=True), quoted=False)
    if c.base_column is not None:
        s.text(f", bezogen auf {c.base_column}")
    if c.cap is not None:
        s.text(f", höchstens {_euro(c.cap)}")
    if c.floor is not None:
        s.text(f", mindestens {_euro(c.floor)}")
    if c.rounding != 1:
        s.text(f", gerundet auf ein Vielfaches von {_number(c.rounding)}\xa0€")
    for target in c.targets:
        s.at(_target_fragment(target))
    return s


def _global_reduction(w: _Writer, c: GlobalReduction) -> _Sentence:
    base = w.target_text(c.base) if c.base is not None else "den ordentlichen Aufwendungen"
    parts = []
    if c.amount is not None:
        parts.append(_euro(c.amount))
    if c.percent is not None:
        parts.append(f"{_percent(c.percent)} von {base}")
    s = _Sentence("insertion").text(f"Globaler Minderaufwand, {c.column}: ")
    s.new(" bzw. ".join(parts) or "ohne Betrag", quoted=False)
    if c.cap_percent is not None:
        s.text(f" (höchstens {_percent(c.cap_percent)} von {base})")
    if c.allocation:
        s.text("; zu erbringen in: " + "; ".join(w.target_text(t) for t in c.allocation))
    return s.at((("globalReduction", None), _column(c.column)))


def _update_unit(w: _Writer, c: UpdateUnit) -> _Sentence:
    old = c.old
    unit = w.unit(c.unit)
    if old is None and unit is not None:
        current = getattr(unit, c.field.value)
        old = current.value if isinstance(current, BindingDegree) else current
    s = _Sentence(_set_or_clear(c.new)).text(f"{w.unit_text(c.unit)}, {UNIT_FIELDS[c.field]}: ")
    s.from_to(old, c.new, quoted=True)
    return s.at((("unit", c.unit), (c.field.value, None)))


def _add_goal(w: _Writer, c: AddGoal) -> _Sentence:
    s = _Sentence("insertion").text(f"{w.unit_text(c.unit)}: neues Produktziel")
    if c.position is not None:
        s.text(f" an {c.position}. Stelle")
    if c.goal.title:
        s.text(f" „{c.goal.title}“")
    s.text(": ").new(c.goal.text)
    for kf in c.goal.key_figures:
        s.text("; " + _key_figure(kf))
    if c.position is None:
        return s.at((("unit", c.unit), ("goals", None)), "end")
    return s.at((("unit", c.unit), ("goal", c.position)), "before")


def _figure_place(w: _Writer, unit: str, goal: int | None, position: int) -> str:
    where = w.unit_text(unit)
    if goal is not None:
        where += f", {goal}. Produktziel"
    return f"{where}: {position}. Kennzahl"


def _add_key_figure(w: _Writer, c: AddKeyFigure) -> _Sentence:
    where = w.unit_text(c.unit)
    if c.goal is not None:
        where += f", {c.goal}. Produktziel"
    s = _Sentence("insertion").text(f"{where}: neue Kennzahl")
    if c.position is not None:
        s.text(f" an {c.position}. Stelle")
    s.text(" ").new(c.key_figure.name)
    details = _key_figure(c.key_figure).removeprefix(f"Kennzahl „{c.key_figure.name}“")
    s.text(details)
    owner = _goal_fragment(c.unit, c.goal)
    if c.position is None:
        return s.at((*owner, ("keyFigures", None)), "end")
    return s.at((*owner, ("keyFigure", c.position)), "before")


def _key_figure_value(w: _Writer, c: SetKeyFigureValue) -> _Sentence:
    kf = w.key_figure(c.unit, c.goal, c.position)
    old = c.old if c.old is not None else (kf.value_for(c.year, c.figure_kind) if kf else None)
    s = _Sentence(_set_or_clear(c.new)).text(_figure_place(w, c.unit, c.goal, c.position))
    if kf is not None:
        s.text(f" „{kf.name}“")
    s.text(f", {FIGURE_KINDS[c.figure_kind]} {c.year}: ")
    s.from_to(
        _scalar(old, kf) if old is not None else None,
        _scalar(c.new, kf) if c.new is not None else None,
    )
    fragment = (*_goal_fragment(c.unit, c.goal), ("keyFigure", c.position))
    return s.at((*fragment, ("value", f"{c.figure_kind.value}-{c.year}")))


def _structure(w: _Writer, c: AddArea | AddGroup | RemoveArea | RemoveGroup) -> _Sentence:
    """Produktbereiche and Produktgruppen added or removed with what they hold."""
    if isinstance(c, AddArea | AddGroup):
        unit = c.area if isinstance(c, AddArea) else c.group
        where = "Neuer Produktbereich " if isinstance(c, AddArea) else "neue Produktgruppe "
        s = _Sentence("insertion")
        if isinstance(c, AddGroup):
            s.text(f"{w.unit_text(c.area)}: ")
        s.text(where).new(f"{unit.code} {unit.name}")
        if c.position is not None:
            s.text(f" an {c.position}. Stelle")
        held = (
            [g.code for g in unit.groups]
            if isinstance(unit, BudgetArea)
            else [p.code for p in unit.products]
        )
        if held:
            s.text(" mit " + ", ".join(held))
        return s.at((("unit", unit.code),))
    known = w.unit(c.code)
    old = c.old_name or (known.name if known is not None else None)
    word = "Produktbereich" if isinstance(c, RemoveArea) else "Produktgruppe"
    s = _Sentence("repeal").text(f"{word} {c.code} ")
    if old is not None:
        s.old(old).text(" ")
    inside = "Produktgruppen und Produkten" if isinstance(c, RemoveArea) else "Produkten"
    return s.text(f"mit allen {inside} streichen").at((("unit", c.code),))


def _years(years: tuple[int, ...]) -> str:
    return ", ".join(str(y) for y in years) or "keine"


def _add_statute(c: AddStatute) -> _Sentence:
    statute = c.statute
    s = _Sentence("insertion").text("Neue ").new(f"Haushaltssatzung {statute.year}", quoted=False)
    rates = [
        f"{TAX_KINDS[t]} {_percent(r)}"
        for t in TaxKind
        if (r := statute.tax_rates.rate(t)) is not None
    ]
    if rates:
        s.text("; Hebesätze: " + ", ".join(rates))
    return s.at((("statute", statute.year),))


def _update_plan(w: _Writer, c: UpdatePlan) -> _Sentence:
    old = c.old
    if old is None and w.plan is not None:
        old = plan_field_value(w.plan, c.field)
    s = _Sentence(_set_or_clear(c.new)).text(f"Haushaltsplan, {PLAN_FIELDS[c.field]}: ")
    s.from_to(old, c.new, quoted=True)
    return s.at((("plan", None), (c.field.value, None)))


def _tax_rate(w: _Writer, c: SetTaxRate) -> _Sentence:
    old = c.old
    if old is None and w.plan is not None:
        statute = w.plan.statute(c.year)
        old = statute.tax_rates.rate(c.tax) if statute is not None else None
    s = _Sentence(_set_or_clear(c.new)).text(f"Hebesatz {TAX_KINDS[c.tax]} {c.year}: ")
    s.from_to(
        _percent(old) if old is not None else None,
        _percent(c.new) if c.new is not None else None,
    )
    return s.at((("statute", c.year), ("taxRate", c.tax.value)))


def _statute_value(w: _Writer, c: SetStatuteValue) -> _Sentence:
    old: Decimal | None = c.old
    if old is None and w.plan is not None:
        statute = w.plan.statute(c.year)
        old = getattr(statute, c.field.value) if statute is not None else None
    s = _Sentence(_set_or_clear(c.new)).text(
        f"Haushaltssatzung {c.year}, {STATUTE_FIELDS[c.field]}: "
    )
    s.from_to(
        _euro(old) if old is not None else None,
        _euro(c.new) if c.new is not None else None,
    )
    return s.at((("statute", c.year), (c.field.value, None)))


def _investment(w: _Writer, investment_id: str) -> Investment | None:
    if w.plan is None:
        return None
    return next((i for i in w.plan.investments if i.id == investment_id), None)


def _add_investment(c: AddInvestment) -> _Sentence:
    inv = c.investment
    s = _Sentence("insertion").text(f"Neue Investitionsmaßnahme {inv.id}: ").new(inv.name)
    if inv.product:
        s.text(f" (Produkt {inv.product})")
    for label, flows in (("Auszahlungen", inv.payments), ("Einzahlungen", inv.receipts)):
        if flows:
            s.text(f"; {label}: " + ", ".join(f"{y.year}: {_euro(y.amount)}" for y in flows))
    if inv.commitments:
        commitments = ", ".join(f"{ve.year}: {_euro(ve.amount)}" for ve in inv.commitments)
        s.text(f"; Verpflichtungsermächtigungen: {commitments}")
    if inv.total_cost is not None:
        s.text(f"; Gesamtkosten: {_euro(inv.total_cost)}")
    return s.at((("investment", inv.id),))


def _investment_amount(w: _Writer, c: SetInvestmentAmount) -> _Sentence:
    old = c.old
    if old is None:
        known = _investment(w, c.id)
        if known is not None:
            if c.flow is InvestmentFlow.COMMITMENT:
                old = next((ve.amount for ve in known.commitments if ve.year == c.year), None)
            else:
                flows = known.payments if c.flow is InvestmentFlow.PAYMENT else known.receipts
                old = next((y.amount for y in flows if y.year == c.year), None)
    s = _Sentence(_set_or_clear(c.new)).text(
        f"Investitionsmaßnahme {c.id}, {INVESTMENT_FLOWS[c.flow]} {c.year}: "
    )
    s.from_to(_euro(old) if old is not None else None, _euro(c.new) if c.new is not None else None)
    return s.at((("investment", c.id), (c.flow.value, c.year)))


def _old_post(w: _Writer, s: _Sentence, post_id: str) -> None:
    post = w.post(post_id)
    if post is not None:
        s.old(_post(post)).text(" ")


def _coverage(c: Coverage) -> _Sentence:
    s = _Sentence(None).text(f"Deckungsvorschlag ({COVERAGE_SOURCES[c.source]})")
    if c.covers:
        s.text(" für " + ", ".join(f"({ref})" for ref in c.covers))
    if c.motions:
        s.text(", auch für die Anträge " + ", ".join(c.motions))
    if c.offsets:
        s.text(", gedeckt durch " + ", ".join(f"({ref})" for ref in c.offsets))
    if c.amounts:
        s.text(f": {_values(c.amounts)}")
    if c.text:
        s.text(f" – {c.text}")
    return s


def _request(w: _Writer, c: Request) -> _Sentence:
    changes_plan = c.request in (RequestKind.GUIDELINE, RequestKind.STATUTE_RULE)
    s = _Sentence("insertion" if changes_plan else None).text(REQUEST_KINDS[c.request])
    if c.addressee:
        s.text(f" an {c.addressee}")
    if c.target is not None:
        s.text(f" zu {w.target_text(c.target)}")
    if c.due is not None:
        s.text(f" bis zum {format_date(c.due)}")
    s.text(": ")
    if not changes_plan:
        return s.text(c.text)
    s.new(c.text)
    if c.request is RequestKind.STATUTE_RULE:
        return s.at((("statute", None),), "end")
    if c.target is not None:
        return s.at(_target_fragment(c.target))
    return s


# --------------------------------------------------------------------------- public API


def to_akn(
    amendment: Amendment, *, municipality: str = "leichlingen", plan: BudgetPlan | None = None
) -> bytes:
    """The motion as an Akoma Ntoso 3.0 ``amendment`` document (UTF-8 bytes).

    Args:
        amendment: The Änderungsantrag.
        municipality: The Kommune in the document's name (``/akn/de-<kommune>/...``);
            turned into a key (``"Köln"`` → ``koeln``).
        plan: The Haushaltsplan the motion is about, if at hand. It supplies the budget
            year when the motion names none, and the current text and figures where the
            motion does not state the old value (names of products, goal texts, Ansätze,
            Hebesätze, posts), so that ``old`` shows what is replaced. The embedded motion
            is never changed by it.

    Returns:
        The document: deterministic (the same motion and plan give the same bytes),
        indented, with an XML declaration.

    Raises:
        ValueError: The motion has neither a date nor budget years (the AKN name needs
            one), or ``municipality`` has no letters or digits.
    """
    root = _Writer(amendment, _municipality(municipality), plan).build()
    _indent(root)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8") + b"\n"


def _error(code: str, message: str, line: int | None = None) -> Diagnostic:
    return Diagnostic(
        code=code, severity=Severity.ERROR, message=message, location=Location(line=line)
    )


def from_akn(data: bytes) -> Amendment:
    """Read the motion back from an Akoma Ntoso document that :func:`to_akn` wrote.

    The document is parsed with nkf's hardened parser (no DTD, no entities, no network,
    size cap); the motion is the NKF-XML ``amendment`` in ``meta/proprietary``, checked
    against the NKF-XML schema. The German text of the body is not read: it is a rendering
    of the same data.

    Raises:
        LoadError: The bytes are no well-formed XML, not an Akoma Ntoso document, hold no
            embedded NKF-XML motion, or the motion breaks the NKF-XML schema; the
            diagnostics say what and where (codes as in :func:`nkf.load`).
    """
    raw, _name, diagnostics = read_source(data)
    if raw is None:
        raise LoadError(diagnostics)
    parsed = parse(raw)
    root = parsed.root
    if root is None:
        raise LoadError(parsed.diagnostics)
    if root.tag != _a("akomaNtoso"):
        qname = etree.QName(root)
        ns = qname.namespace or "ohne Namensraum"
        msg = (
            f"Die Datei ist kein Akoma-Ntoso-Dokument (Wurzelelement <{qname.localname}>, "
            f"Namensraum {ns}; erwartet <akomaNtoso> in {AKN_NS})."
        )
        raise LoadError([_error("NKF-E005", msg, root.sourceline)])
    path = f"{_a('amendment')}/{_a('meta')}/{_a('proprietary')}/{{{NKF_NS}}}amendment"
    payload = root.find(path)
    if payload is None:
        msg = (
            "Das Akoma-Ntoso-Dokument enthält keinen NKF-XML-Änderungsantrag "
            f"(amendment/meta/proprietary/amendment in {NKF_NS})."
        )
        raise LoadError([_error("NKF-E005", msg, root.sourceline)])
    from nkf.xml._schema_messages import german_all
    from nkf.xml.schema import schema

    xsd = schema()
    if not xsd.validate(payload):
        findings = german_all((e.message, e.line, e.column) for e in xsd.error_log)
        raise LoadError(
            [
                _error("NKF-E010", f"Aufbau entspricht nicht dem NKF-XML-Schema: {m}", line or None)
                for m, line, _column in findings
            ]
        )
    try:
        amendment: Amendment = read_object(payload, Amendment)
    except MappingError as exc:
        raise LoadError([_error("NKF-E011", f"Ungültiger Wert: {exc}", exc.line)]) from None
    return amendment
