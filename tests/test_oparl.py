"""OParl 1.1 export: every object validates against the official JSON schemas, offline."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import attrs
import pytest
from hypothesis import given, settings
from jsonschema import Draft7Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

import nkf.strategies as nst
from nkf.examples import founding_motion
from nkf.interop import PAPER_TYPE_AMENDMENT, PAPER_TYPE_MOTION, paper_type
from nkf.interop.oparl import to_oparl, to_oparl_json
from nkf.model.amendment import (
    Amendment,
    ConsultationRole,
    ConsultationStep,
    Relation,
    RelationKind,
    Signatory,
    Submitter,
    SubmitterKind,
    Vote,
)

SCHEMAS = Path(__file__).parent / "data" / "oparl-1.1"
BASE = "https://ratsinfo.example/oparl"
SCHEMA_PREFIX = "https://schema.oparl.org/1.1/"


def _load_schemas() -> tuple[dict[str, dict[str, Any]], Registry]:
    """Every schema, registered under its ``$id`` and ``<$id>.json`` (README), no retrieval."""
    schemas: dict[str, dict[str, Any]] = {}
    registry: Registry = Registry()
    for path in sorted(SCHEMAS.glob("*.json")):
        schema = json.loads(path.read_text(encoding="utf-8"))
        resource = Resource.from_contents(schema, default_specification=DRAFT7)
        registry = registry.with_resources(
            [(schema["$id"], resource), (schema["$id"] + ".json", resource)]
        )
        schemas[schema["title"]] = schema
    return schemas, registry.crawl()


SCHEMA_BY_TITLE, REGISTRY = _load_schemas()


def validator(name: str) -> Draft7Validator:
    return Draft7Validator(
        SCHEMA_BY_TITLE[name],
        registry=REGISTRY,
        format_checker=Draft7Validator.FORMAT_CHECKER,
    )


def assert_valid(name: str, obj: dict[str, Any]) -> None:
    errors = sorted(validator(name).iter_errors(obj), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


def assert_bundle_valid(bundle: dict[str, Any]) -> None:
    assert_valid("Paper", bundle["paper"])
    for org in bundle["organizations"]:
        assert_valid("Organization", org)
    for person in bundle["persons"]:
        assert_valid("Person", person)
    for consultation in bundle["consultations"]:
        assert_valid("Consultation", consultation)
    for file in bundle["files"]:
        assert_valid("File", file)


def all_ids(value: Any) -> list[str]:
    """Every ``id`` of every object in ``value``, nested objects included."""
    if isinstance(value, dict):
        own = [value["id"]] if "id" in value else []
        return own + [i for v in value.values() for i in all_ids(v)]
    if isinstance(value, list):
        return [i for v in value for i in all_ids(v)]
    return []


def timestamps(value: Any) -> list[str]:
    if isinstance(value, dict):
        own = [value[k] for k in ("created", "modified") if k in value]
        return own + [t for v in value.values() for t in timestamps(v)]
    if isinstance(value, list):
        return [t for v in value for t in timestamps(v)]
    return []


@pytest.fixture(scope="module")
def founding() -> dict[str, Any]:
    return to_oparl(founding_motion(), base_url=BASE)


# ----------------------------------------------------------------------------- the schemas


def test_registry_resolves_the_specification_examples() -> None:
    for name in ("Paper", "File"):
        example = json.loads((SCHEMAS / "examples" / f"{name}-01.json").read_text("utf-8"))
        assert_valid(name, example)


def test_registry_rejects_an_invalid_paper() -> None:
    """The registry is live: a nested File without accessUrl is an error."""
    paper = {
        "id": f"{BASE}/paper/1",
        "type": SCHEMA_PREFIX + "Paper",
        "mainFile": {"id": f"{BASE}/file/1", "type": SCHEMA_PREFIX + "File"},
    }
    assert not validator("Paper").is_valid(paper)


# ----------------------------------------------------------------------------- founding motion


def test_founding_motion_objects_validate(founding: dict[str, Any]) -> None:
    assert_bundle_valid(founding)
    assert founding["paper"]["type"] == SCHEMA_PREFIX + "Paper"


def test_founding_motion_paper(founding: dict[str, Any]) -> None:
    paper = founding["paper"]
    assert paper["id"] == f"{BASE}/paper/spd-leichlingen-2021-02-24-quartierstreff"
    assert paper["paperType"] == "Antrag"
    assert paper["name"] == founding_motion().title
    assert paper["date"] == "2021-02-24"
    assert "reference" not in paper  # the motion has no Drucksachennummer
    assert "superordinatedPaper" not in paper
    assert "relatedPaper" not in paper
    assert paper["keyword"] == ["Haushaltsplan 2021"]


def test_founding_motion_originators(founding: dict[str, Any]) -> None:
    persons = {p["id"]: p for p in founding["persons"]}
    orgs = {o["id"]: o for o in founding["organizations"]}
    paper = founding["paper"]
    assert [persons[url]["name"] for url in paper["originatorPerson"]] == [
        "Matthias Ebecke",
        "Tobias Rottwinkel",
    ]
    assert len(founding["persons"]) == 2
    (faction,) = paper["originatorOrganization"]
    assert orgs[faction]["name"] == "SPD-Fraktion im Rat der Blütenstadt Leichlingen"
    assert orgs[faction]["organizationType"] == "Fraktion"
    assert orgs[faction]["location"]["postalCode"] == "42799"
    ebecke = persons[paper["originatorPerson"][0]]
    assert [(m["organization"], m["role"]) for m in ebecke["membership"]] == [
        (faction, "Fraktionsvorsitzender")
    ]


def test_founding_motion_consultations(founding: dict[str, Any]) -> None:
    orgs = {o["id"]: o for o in founding["organizations"]}
    consultations = founding["paper"]["consultation"]
    assert [
        (orgs[c["organization"][0]].get("shortName"), c["role"], c["authoritative"])
        for c in consultations
    ] == [("SOB", "vorberatend", False), (None, "entscheidend", True)]
    assert orgs[consultations[1]["organization"][0]]["name"] == "Rat der Stadt Leichlingen"
    assert orgs[consultations[1]["organization"][0]]["classification"] == "Rat"
    assert all(c["paper"] == founding["paper"]["id"] for c in consultations)
    assert founding["consultations"] == consultations


def test_founding_motion_main_file(founding: dict[str, Any]) -> None:
    main = founding["paper"]["mainFile"]
    assert main["mimeType"] == "application/akn+xml"
    assert main["fileName"] == "spd-leichlingen-2021-02-24-quartierstreff.akn.xml"
    assert main["accessUrl"] == main["downloadUrl"]
    assert main["accessUrl"].startswith(BASE + "/file/")
    assert main["paper"] == [founding["paper"]["id"]]
    assert founding["files"] == [main]


def test_main_file_url_and_nkf_format() -> None:
    url = "https://ratsinfo.example/dokumente/antrag-17.xml"
    bundle = to_oparl(founding_motion(), base_url=BASE, main_file_url=url, main_file_format="nkf")
    main = bundle["paper"]["mainFile"]
    assert (main["accessUrl"], main["downloadUrl"]) == (url, url)
    assert main["mimeType"] == "application/xml"
    assert main["fileName"].endswith(".nkf.xml")
    assert_bundle_valid(bundle)


def test_ids_are_unique_urls_under_the_base(founding: dict[str, Any]) -> None:
    ids = all_ids(founding["paper"]) + all_ids(founding["organizations"])
    ids += all_ids(founding["persons"])
    assert len(ids) == len(set(ids))
    assert all(i.startswith(BASE + "/") for i in ids)


def test_timestamps_are_midnight_in_germany(founding: dict[str, Any]) -> None:
    stamps = set(timestamps(founding))
    assert stamps == {"2021-02-24T00:00:00+01:00"}
    summer = attrs.evolve(founding_motion(), date=datetime.date(2021, 6, 30))
    paper = to_oparl(summer, base_url=BASE)["paper"]
    assert paper["created"] == "2021-06-30T00:00:00+02:00"
    for stamp in stamps:
        assert datetime.datetime.fromisoformat(stamp).tzinfo is not None


@pytest.mark.parametrize(
    ("day", "offset"),
    [
        (datetime.date(2021, 3, 28), "+01:00"),  # last Sunday of March: change at 2:00
        (datetime.date(2021, 3, 29), "+02:00"),
        (datetime.date(2021, 10, 31), "+02:00"),  # last Sunday of October: change at 3:00
        (datetime.date(2021, 11, 1), "+01:00"),
        (datetime.date(2024, 12, 31), "+01:00"),
    ],
)
def test_summer_time_edges(day: datetime.date, offset: str) -> None:
    amendment = Amendment(id="a", title="T", date=day)
    assert to_oparl(amendment, base_url=BASE)["paper"]["created"] == f"{day}T00:00:00{offset}"


def test_modified_is_the_latest_known_date() -> None:
    amendment = attrs.evolve(
        founding_motion(),
        consultation=(
            ConsultationStep(
                body="Rat", role=ConsultationRole.DECIDING, date=datetime.date(2021, 3, 25)
            ),
        ),
        votes=(Vote(body="Rat", yes=20, no=10, date=datetime.date(2021, 3, 26)),),
    )
    paper = to_oparl(amendment, base_url=BASE)["paper"]
    assert paper["created"] == "2021-02-24T00:00:00+01:00"
    assert paper["modified"] == "2021-03-26T00:00:00+01:00"


def test_without_date_no_timestamps() -> None:
    bundle = to_oparl(Amendment(id="a", title="T"), base_url=BASE)
    assert timestamps(bundle) == []
    assert "date" not in bundle["paper"]
    assert_bundle_valid(bundle)


def test_determinism() -> None:
    first = to_oparl_json(founding_motion(), base_url=BASE, body_id="leichlingen")
    second = to_oparl_json(founding_motion(), base_url=BASE + "/", body_id="leichlingen")
    assert first == second
    assert json.loads(first) == to_oparl(founding_motion(), base_url=BASE, body_id="leichlingen")
    assert "Blütenstadt" in first  # ensure_ascii=False
    assert first.splitlines()[1] == '  "paper": {'


# ----------------------------------------------------------------------------- options and kinds


def test_body_and_draft_plan() -> None:
    bundle = to_oparl(
        founding_motion(), base_url=BASE, body_id="leichlingen", draft_plan_paper="V/2020/0815"
    )
    body = f"{BASE}/body/leichlingen"
    assert bundle["paper"]["body"] == body
    assert all(o["body"] == body for o in bundle["organizations"] + bundle["persons"])
    assert bundle["paper"]["relatedPaper"] == [f"{BASE}/paper/V%2F2020%2F0815"]
    full = "https://other.example/oparl/paper/9"
    bundle = to_oparl(founding_motion(), base_url=BASE, draft_plan_paper=full, body_id=full)
    assert bundle["paper"]["relatedPaper"] == [full]
    assert bundle["paper"]["body"] == full
    assert_bundle_valid(bundle)


def test_relations() -> None:
    amendment = attrs.evolve(
        founding_motion(),
        reference="12/2021",
        relations=(
            Relation(kind=RelationKind.AMENDS, target="7/2021"),
            Relation(kind=RelationKind.COMPETES_WITH, target="cdu-2021-kita"),
        ),
    )
    bundle = to_oparl(amendment, base_url=BASE, draft_plan_paper="haushalt-2021")
    paper = bundle["paper"]
    assert paper["paperType"] == "Änderungsantrag" == paper_type(amendment)
    assert paper["reference"] == "12/2021"
    assert paper["superordinatedPaper"] == [f"{BASE}/paper/7%2F2021"]
    assert paper["relatedPaper"] == [
        f"{BASE}/paper/cdu-2021-kita",
        f"{BASE}/paper/haushalt-2021",
    ]
    assert_bundle_valid(bundle)


def test_paper_type() -> None:
    assert paper_type(founding_motion()) == PAPER_TYPE_MOTION == "Antrag"
    competing = attrs.evolve(
        founding_motion(), relations=(Relation(kind=RelationKind.REPLACES, target="x"),)
    )
    assert paper_type(competing) == PAPER_TYPE_MOTION
    amending = attrs.evolve(
        founding_motion(), relations=(Relation(kind=RelationKind.AMENDS, target="x"),)
    )
    assert paper_type(amending) == PAPER_TYPE_AMENDMENT == "Änderungsantrag"


def test_submitter_kinds() -> None:
    amendment = Amendment(
        id="mix",
        title="Gemeinsamer Antrag",
        submitters=(
            Submitter(name="Gruppe Die PARTEI", kind=SubmitterKind.GROUP),
            Submitter(
                name="Erika Mustermann",
                kind=SubmitterKind.MEMBER,
                address="Marktplatz 1, 42799 Leichlingen",
                signatories=(Signatory(name="Erika Mustermann", role="Ratsmitglied"),),
            ),
            Submitter(name="Jugendhilfeausschuss", kind=SubmitterKind.COMMITTEE),
            Submitter(name="Der Bürgermeister", kind=SubmitterKind.ADMINISTRATION),
        ),
    )
    bundle = to_oparl(amendment, base_url=BASE)
    orgs = {o["name"]: o for o in bundle["organizations"]}
    assert orgs["Gruppe Die PARTEI"]["classification"] == "Gruppe"
    assert orgs["Jugendhilfeausschuss"]["classification"] == "Ausschuss"
    assert orgs["Der Bürgermeister"]["organizationType"] == "Verwaltungsbereich"
    (person,) = bundle["persons"]  # submitter and signatory are one person
    assert person["status"] == ["Ratsmitglied"]
    assert person["locationObject"]["locality"] == "Leichlingen"
    assert bundle["paper"]["originatorPerson"] == [person["id"]]
    assert_bundle_valid(bundle)


def test_names_that_slug_alike_get_distinct_ids() -> None:
    amendment = Amendment(
        id="a",
        title="T",
        submitters=(
            Submitter(name="SPD-Fraktion", kind=SubmitterKind.FACTION),
            Submitter(name="SPD Fraktion", kind=SubmitterKind.FACTION),
            Submitter(name="€", kind=SubmitterKind.FACTION),
        ),
    )
    orgs = to_oparl(amendment, base_url=BASE)["organizations"]
    assert [o["id"].rpartition("/")[2] for o in orgs] == [
        "spd-fraktion",
        "spd-fraktion-2",
        "organisation-1",
    ]


@pytest.mark.parametrize("base_url", ["ratsinfo.example", "ftp://x.example", "https://x/?q=1"])
def test_bad_base_url(base_url: str) -> None:
    with pytest.raises(ValueError, match="base_url"):
        to_oparl(founding_motion(), base_url=base_url)


def test_bad_main_file_format() -> None:
    with pytest.raises(ValueError, match="main_file_format"):
        to_oparl(founding_motion(), base_url=BASE, main_file_format="pdf")  # type: ignore[arg-type]


# ----------------------------------------------------------------------------- properties


@settings(max_examples=100, deadline=None)
@given(nst.amendments())
def test_generated_amendments_validate(amendment: Amendment) -> None:
    bundle = to_oparl(amendment, base_url=BASE, body_id="k")
    assert_bundle_valid(bundle)
    ids = all_ids(bundle["paper"]) + all_ids(bundle["organizations"] + bundle["persons"])
    assert len(ids) == len(set(ids))
    for url in ids:
        parts = urlsplit(url)
        assert parts.scheme == "https"
        assert url.startswith(BASE + "/")
        assert " " not in url
    assert bundle["paper"]["paperType"] == paper_type(amendment)
    assert len(bundle["paper"].get("consultation", [])) == len(amendment.consultation)
    assert to_oparl_json(amendment, base_url=BASE, body_id="k") == json.dumps(
        bundle, ensure_ascii=False, indent=2
    )


def test_long_names_are_cut_at_a_word() -> None:
    name = (
        "Ausschuss für Stadtentwicklung, Umwelt, Klimaschutz, Mobilität, Digitalisierung "
        "und Bürgerbeteiligung"
    )
    amendment = Amendment(
        id="a", title="T", submitters=(Submitter(name=name, kind=SubmitterKind.COMMITTEE),)
    )
    (org,) = to_oparl(amendment, base_url=BASE)["organizations"]
    key = org["id"].rpartition("/")[2]
    assert len(key) <= 80
    assert key.endswith("digitalisierung")
    assert org["classification"] == "Ausschuss"


def test_package_exports() -> None:
    import nkf.interop

    assert nkf.interop.to_oparl is to_oparl
    assert "to_akn" in dir(nkf.interop)
    with pytest.raises(AttributeError, match="no attribute"):
        nkf.interop.nothing  # noqa: B018
