"""OParl 1.1 export: a motion as a ``Paper`` (Drucksache) for council information systems.

OParl is the read-only interface through which a council information system
(Ratsinformationssystem) publishes its papers, bodies and people. :func:`to_oparl` turns an
:class:`~nkf.model.amendment.Amendment` into the objects such a system serves, valid against
the official OParl 1.1 JSON schemas:

* the ``Paper``: ``name`` (title), ``reference`` (Drucksachennummer), ``date``,
  ``paperType`` (see :func:`nkf.interop.paper_type`), ``originatorOrganization`` /
  ``originatorPerson`` (Antragsteller and Unterzeichner), the embedded ``consultation``
  objects (Beratungsfolge), the embedded ``mainFile`` (the Akoma Ntoso or NKF-XML
  document), ``superordinatedPaper`` (the motion or Vorlage an Änderungsantrag amends) and
  ``relatedPaper`` (the other relations and the draft plan);
* one ``Organization`` per faction, group, committee or administration that submits or
  deliberates, one ``Person`` per Unterzeichner/in and per single member who submits
  (with a ``Membership`` in the submitting faction carrying the role).

Every id is a URL under ``base_url`` built from stable keys only (the motion's id, slugs of
names), and ``created``/``modified`` come from the motion's dates, never from the clock: the
same motion always gives the same JSON.

>>> from nkf.examples import founding_motion
>>> bundle = to_oparl(founding_motion(), base_url="https://ratsinfo.example/oparl")
>>> bundle["paper"]["id"]
'https://ratsinfo.example/oparl/paper/spd-leichlingen-2021-02-24-quartierstreff'
>>> [c["role"] for c in bundle["paper"]["consultation"]]
['vorberatend', 'entscheidend']
>>> bundle["paper"]["created"]
'2021-02-24T00:00:00+01:00'
"""

from __future__ import annotations

import calendar
import copy
import datetime
import json
import re
from typing import TYPE_CHECKING, Any, Final, Literal
from urllib.parse import quote, urlsplit

from nkf.interop import _Keys, paper_type
from nkf.model.amendment import ConsultationRole, RelationKind, SubmitterKind

if TYPE_CHECKING:
    from nkf.model.amendment import Amendment

__all__ = ["MIME_TYPES", "OPARL_SCHEMA", "to_oparl", "to_oparl_json"]

OPARL_SCHEMA: Final = "https://schema.oparl.org/1.1/"
"""The prefix of OParl 1.1 object types (``type`` is this plus the class name)."""

MIME_TYPES: Final = {"akn": "application/akn+xml", "nkf": "application/xml"}
"""The media type of the ``mainFile`` per format."""

_FILE_NAMES: Final = {"akn": "Antragstext (Akoma Ntoso 3.0)", "nkf": "Antrag (NKF-XML)"}
_SUFFIXES: Final = {"akn": ".akn.xml", "nkf": ".nkf.xml"}

_ORGANIZATION_TYPES: Final = {
    SubmitterKind.FACTION: ("Fraktion", "Fraktion"),
    SubmitterKind.GROUP: ("Fraktion", "Gruppe"),
    SubmitterKind.COMMITTEE: ("Gremium", None),
    SubmitterKind.ADMINISTRATION: ("Verwaltungsbereich", "Verwaltung"),
}
_SHORT_NAME: Final = re.compile(r"\(([^()]{1,20})\)\s*$")
_UNSAFE_FILE_CHARS: Final = re.compile(r"[^\w.-]+")
_ADDRESS: Final = re.compile(r"(?P<street>[^,\n]+),\s*(?P<code>[0-9]{5})\s+(?P<locality>[^,\n]+)")


def _type(name: str) -> str:
    return OPARL_SCHEMA + name


def _base(base_url: str) -> str:
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment:
        msg = (
            f"base_url muss eine http(s)-URL ohne Query und Fragment sein, z. B. "
            f"https://ratsinfo.example/oparl, nicht {base_url!r}."
        )
        raise ValueError(msg)
    return base_url.rstrip("/")


def _is_url(text: str) -> bool:
    return urlsplit(text).scheme in ("http", "https")


def _last_sunday(year: int, month: int) -> datetime.date:
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    return last - datetime.timedelta(days=(last.weekday() + 1) % 7)


def _midnight(day: datetime.date) -> str:
    """Midnight of ``day`` in Germany (Europe/Berlin), as an RFC 3339 timestamp.

    Summer time (MESZ, +02:00) runs from the last Sunday of March to the last Sunday of
    October (EU rule since 1996); at midnight of both Sundays the clock has not yet
    changed. Computed without a time-zone database, so every machine gives the same text.
    """
    summer = _last_sunday(day.year, 3) < day <= _last_sunday(day.year, 10)
    return f"{day.isoformat()}T00:00:00{'+02:00' if summer else '+01:00'}"


def _classification(name: str) -> tuple[str, str | None]:
    """``(organizationType, classification)`` of a body known only by its name."""
    folded = name.casefold()
    if folded.startswith("verwaltung") or "bürgermeister" in folded:
        return "Verwaltungsbereich", "Verwaltung"
    if folded == "rat" or folded.startswith("rat "):
        return "Gremium", "Rat"
    for word, classification in (
        ("hauptausschuss", "Hauptausschuss"),
        ("haupt- und finanzausschuss", "Hauptausschuss"),
        ("bezirksvertretung", "Bezirksvertretung"),
        ("ausschuss", "Ausschuss"),
        ("beirat", "Beirat"),
    ):
        if word in folded:
            return "Gremium", classification
    return "Gremium", None


class _Export:
    """Collects the OParl objects of one motion, each once, in order of first mention."""

    def __init__(self, amendment: Amendment, base: str, body: str | None) -> None:
        self.amendment = amendment
        self.base = base
        self.body = body
        # One key space per kind: ids live under organization/ and person/ separately.
        self.organization_keys = _Keys()
        self.person_keys = _Keys()
        self.organizations: dict[str, dict[str, Any]] = {}
        self.persons: dict[str, dict[str, Any]] = {}
        self.stamps = _stamps(amendment)

    def url(self, kind: str, key: str) -> str:
        return f"{self.base}/{kind}/{quote(key, safe='')}"

    def common(self, obj: dict[str, Any]) -> dict[str, Any]:
        if self.body is not None and obj["type"] in (
            _type("Paper"),
            _type("Organization"),
            _type("Person"),
        ):
            obj["body"] = self.body
        return obj

    def organization(self, name: str, org_type: str, classification: str | None) -> str:
        known = self.organizations.get(name)
        if known is not None:
            return str(known["id"])
        obj: dict[str, Any] = {
            "id": self.url(
                "organization", self.organization_keys.key("organization", name, "organisation")
            ),
            "type": _type("Organization"),
        }
        self.common(obj)
        obj["name"] = name
        short = _SHORT_NAME.search(name)
        if short is not None:
            obj["shortName"] = short.group(1).strip()
        obj["organizationType"] = org_type
        if classification is not None:
            obj["classification"] = classification
        self.organizations[name] = obj
        return str(obj["id"])

    def person(self, name: str) -> dict[str, Any]:
        known = self.persons.get(name)
        if known is not None:
            return known
        obj: dict[str, Any] = {
            "id": self.url("person", self.person_keys.key("person", name, "person")),
            "type": _type("Person"),
        }
        self.common(obj)
        obj["name"] = name
        self.persons[name] = obj
        return obj

    def membership(self, person: dict[str, Any], organization: str, role: str | None) -> None:
        memberships: list[dict[str, Any]] = person.setdefault("membership", [])
        if any(m["organization"] == organization and m.get("role") == role for m in memberships):
            return
        person_key = str(person["id"]).rpartition("/")[2]
        obj: dict[str, Any] = {
            "id": f"{self.base}/membership/{person_key}/{len(memberships) + 1}",
            "type": _type("Membership"),
            "person": person["id"],
            "organization": organization,
        }
        if role is not None:
            obj["role"] = role
        obj.update(self.stamps)
        memberships.append(obj)

    def location(self, owner: dict[str, Any], address: str) -> None:
        """Give an organization (``location``) or person (``locationObject``) its address."""
        is_person = owner["type"] == _type("Person")
        field = "locationObject" if is_person else "location"
        if field in owner:
            return
        kind = "person" if is_person else "organization"
        obj: dict[str, Any] = {
            "id": f"{self.base}/location/{kind}/{str(owner['id']).rpartition('/')[2]}",
            "type": _type("Location"),
            "description": address,
        }
        parts = _ADDRESS.fullmatch(address.strip())
        if parts is not None:
            obj["streetAddress"] = parts.group("street")
            obj["postalCode"] = parts.group("code")
            obj["locality"] = parts.group("locality")
        obj[f"{kind}s"] = [owner["id"]]
        obj.update(self.stamps)
        owner[field] = obj

    def status(self, person: dict[str, Any], role: str) -> None:
        roles: list[str] = person.setdefault("status", [])
        if role not in roles:
            roles.append(role)

    def finish(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The organizations and persons, each closed by its ``created``/``modified``."""
        for obj in (*self.organizations.values(), *self.persons.values()):
            obj.update(self.stamps)
        return list(self.organizations.values()), list(self.persons.values())


def _stamps(amendment: Amendment) -> dict[str, str]:
    """``created`` (the motion's date) and ``modified`` (its latest known date)."""
    days = [
        d
        for d in (
            amendment.date,
            *(s.date for s in amendment.consultation),
            *(v.date for v in amendment.votes),
        )
        if d is not None
    ]
    out: dict[str, str] = {}
    if amendment.date is not None:
        out["created"] = _midnight(amendment.date)
    if days:
        out["modified"] = _midnight(max(days))
    return out


def to_oparl(  # noqa: PLR0913 - keyword-only options of the export
    amendment: Amendment,
    *,
    base_url: str,
    body_id: str | None = None,
    main_file_url: str | None = None,
    main_file_format: Literal["akn", "nkf"] = "akn",
    draft_plan_paper: str | None = None,
) -> dict[str, Any]:
    """The motion as OParl 1.1 objects (Drucksache mit Beratungsfolge), as JSON-ready data.

    Args:
        amendment: The Änderungsantrag.
        base_url: Where the council information system serves its OParl objects
            (``https://ratsinfo.example/oparl``); every id is a URL below it:
            ``paper/<id>``, ``organization/<slug>``, ``person/<slug>``,
            ``consultation/<id>-<n>``, ``file/<id>-<format>``, ``membership/...``
            (keys URL-quoted).
        body_id: The ``Body`` (Kommune) the objects belong to: its key below
            ``base_url/body/`` or its full URL. Without it, no ``body`` is set.
        main_file_url: Where the main document can be downloaded (``accessUrl`` and
            ``downloadUrl`` of the ``mainFile``); default ``<file id>/<file name>``.
        main_file_format: ``"akn"`` (Akoma Ntoso 3.0, ``application/akn+xml``, from
            :func:`nkf.interop.to_akn`) or ``"nkf"`` (NKF-XML, ``application/xml``, from
            :func:`nkf.dumps`).
        draft_plan_paper: The Vorlage of the draft Haushaltsplan (key below
            ``base_url/paper/`` or full URL), listed in ``relatedPaper``.

    Returns:
        ``{"paper": ..., "organizations": [...], "persons": [...], "consultations": [...],
        "files": [...]}``: the ``Paper`` (with its consultations and main file embedded, as
        OParl embeds them) and every object it points to, each a dict in OParl's key
        order. The lists repeat the embedded objects for systems that store objects one by
        one. A relation's target (a motion id or a Drucksachennummer) becomes
        ``base_url/paper/<target>``: ``superordinatedPaper`` for ``AMENDS``,
        ``relatedPaper`` for the other kinds.

    Raises:
        ValueError: ``base_url`` is not an http(s) URL, or ``main_file_format`` is unknown.
    """
    if main_file_format not in MIME_TYPES:
        msg = f"main_file_format muss 'akn' oder 'nkf' sein, nicht {main_file_format!r}."
        raise ValueError(msg)
    base = _base(base_url)
    body = None if body_id is None else _reference(base, "body", body_id)
    ex = _Export(amendment, base, body)
    paper_url = ex.url("paper", amendment.id)

    organizations: list[str] = []
    persons: list[str] = []
    for submitter in amendment.submitters:
        organization: str | None = None
        if submitter.kind is SubmitterKind.MEMBER:
            owner = ex.person(submitter.name)
            _append(persons, str(owner["id"]))
        else:
            org_type, classification = _ORGANIZATION_TYPES[submitter.kind]
            if classification is None:
                classification = _classification(submitter.name)[1]
            organization = ex.organization(submitter.name, org_type, classification)
            _append(organizations, organization)
            owner = ex.organizations[submitter.name]
        if submitter.address is not None:
            ex.location(owner, submitter.address)
        for signatory in submitter.signatories:
            person = ex.person(signatory.name)
            _append(persons, str(person["id"]))
            if organization is not None:
                ex.membership(person, organization, signatory.role)
            elif signatory.role is not None:
                ex.status(person, signatory.role)

    consultations = []
    for number, step in enumerate(amendment.consultation, 1):
        organization = ex.organization(step.body, *_classification(step.body))
        consultation: dict[str, Any] = {
            "id": ex.url("consultation", f"{amendment.id}-{number}"),
            "type": _type("Consultation"),
            "paper": paper_url,
            "organization": [organization],
            "authoritative": step.role is ConsultationRole.DECIDING,
            "role": step.role.value,
        }
        consultation.update(ex.stamps)
        consultations.append(consultation)

    main_file = _main_file(ex, paper_url, main_file_url, main_file_format)

    paper: dict[str, Any] = {"id": paper_url, "type": _type("Paper")}
    ex.common(paper)
    paper["name"] = amendment.title
    if amendment.reference is not None:
        paper["reference"] = amendment.reference
    if amendment.date is not None:
        paper["date"] = amendment.date.isoformat()
    paper["paperType"] = paper_type(amendment)
    related: list[str] = []
    superordinated: list[str] = []
    for relation in amendment.relations:
        target = _reference(base, "paper", relation.target)
        _append(superordinated if relation.kind is RelationKind.AMENDS else related, target)
    if draft_plan_paper is not None:
        _append(related, _reference(base, "paper", draft_plan_paper))
    if related:
        paper["relatedPaper"] = related
    if superordinated:
        paper["superordinatedPaper"] = superordinated
    paper["mainFile"] = main_file
    if persons:
        paper["originatorPerson"] = persons
    if organizations:
        paper["originatorOrganization"] = organizations
    if consultations:
        paper["consultation"] = consultations
    if amendment.plan_years:
        years = "/".join(str(y) for y in amendment.plan_years)
        paper["keyword"] = [f"Haushaltsplan {years}"]
    paper.update(ex.stamps)

    all_organizations, all_persons = ex.finish()
    return {
        "paper": paper,
        "organizations": all_organizations,
        "persons": all_persons,
        "consultations": copy.deepcopy(consultations),
        "files": [copy.deepcopy(main_file)],
    }


def _append(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _reference(base: str, kind: str, key: str) -> str:
    """A full URL as it is, else ``base/kind/<quoted key>``."""
    return key if _is_url(key) else f"{base}/{kind}/{quote(key, safe='')}"


def _main_file(
    ex: _Export, paper_url: str, main_file_url: str | None, main_file_format: str
) -> dict[str, Any]:
    amendment = ex.amendment
    file_id = ex.url("file", f"{amendment.id}-{main_file_format}")
    file_name = _UNSAFE_FILE_CHARS.sub("_", amendment.id).strip("_") or "antrag"
    file_name += _SUFFIXES[main_file_format]
    access = main_file_url or f"{file_id}/{quote(file_name)}"
    obj: dict[str, Any] = {
        "id": file_id,
        "type": _type("File"),
        "name": _FILE_NAMES[main_file_format],
        "fileName": file_name,
        "mimeType": MIME_TYPES[main_file_format],
    }
    if amendment.date is not None:
        obj["date"] = amendment.date.isoformat()
    obj["accessUrl"] = access
    obj["downloadUrl"] = access
    obj["paper"] = [paper_url]
    obj.update(ex.stamps)
    return obj


def to_oparl_json(  # noqa: PLR0913 - the options of to_oparl
    amendment: Amendment,
    *,
    base_url: str,
    body_id: str | None = None,
    main_file_url: str | None = None,
    main_file_format: Literal["akn", "nkf"] = "akn",
    draft_plan_paper: str | None = None,
) -> str:
    """:func:`to_oparl` as JSON text: UTF-8 characters as they are, indented, stable order.

    The keys keep OParl's order (``id``, ``type`` first), so equal motions give equal text.
    """
    bundle = to_oparl(
        amendment,
        base_url=base_url,
        body_id=body_id,
        main_file_url=main_file_url,
        main_file_format=main_file_format,
        draft_plan_paper=draft_plan_paper,
    )
    return json.dumps(bundle, ensure_ascii=False, indent=2)
