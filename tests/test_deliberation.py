"""The Haushaltsberatung: model, NKF-XML, voting blocks, adopting, the list, the command line.

The example (``examples/leichlingen-2021/deliberation.xml``) is the Python value
:func:`nkf.examples.leichlingen_deliberation`; most tests walk through it, the properties
draw deliberations with hypothesis.
"""

from __future__ import annotations

import datetime
import io
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

import nkf.strategies as nst
from nkf import examples
from nkf.changes.apply import apply
from nkf.changes.compose import compose
from nkf.changes.deliberation import (
    CODES,
    DECISION_CSV_HEADER,
    ReferenceLoadError,
    adopt,
    adopted_form,
    decision_text,
    final_decision,
    recommendation_text,
    reference_path,
    render_decisions_csv,
    render_decisions_html,
    render_decisions_text,
    resolve,
    validate_deliberation,
    voting_blocks,
    voting_order,
)
from nkf.cli import main
from nkf.diagnostics import Severity
from nkf.errors import LoadError
from nkf.model import (
    BudgetPlan,
    Column,
    FigureKind,
    Goal,
    PlanKind,
    PlanStatus,
    Product,
    TaxKind,
    ValueKind,
)
from nkf.model.amendment import (
    AddGoal,
    Amendment,
    AmendmentStatus,
    AmountChange,
    Change,
    Submitter,
    SubmitterKind,
)
from nkf.model.deliberation import (
    ADOPTING_RESULTS,
    Decision,
    Deliberation,
    Motion,
    Procedure,
    Recommendation,
)
from nkf.model.targets import Target
from nkf.xml import dump, dumps, load, validate_file
from nkf.xml.schema import schema

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "leichlingen-2021"
DELIBERATION = EXAMPLE / "deliberation.xml"
IDS = examples.DELIBERATION_MOTION_IDS
ADMIN, SPD, CDU, GRUENE, FDP = IDS
TEP = PlanKind.TEILERGEBNISPLAN
A2021 = Column(year=2021, kind=ValueKind.ANSATZ)
RAT = examples.RAT


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def codes(found: object) -> list[str]:
    return [d.code for d in found]  # type: ignore[attr-defined]


def line(number: int) -> Target:
    return Target(unit="050101", plan=TEP, line=number)


def cell(plan: BudgetPlan, number: int) -> Decimal | None:
    product = plan.product("050101")
    assert product is not None
    found = product.line(TEP, number)
    assert found is not None
    return found.value(A2021)


def embedded() -> Deliberation:
    """The example with the founding motion embedded (needs no files)."""
    return resolve(examples.leichlingen_deliberation(), base_dir=EXAMPLE)


def decided(result: AmendmentStatus, **fields: object) -> Decision:
    return Decision(body=RAT, result=result, **fields)  # type: ignore[arg-type]


def motion(amendment: Amendment, *decisions: Decision, **fields: object) -> Motion:
    return Motion(id=amendment.id, amendment=amendment, decisions=decisions, **fields)  # type: ignore[arg-type]


def amount(aid: str, number: int, delta: int, **fields: object) -> Amendment:
    change = AmountChange(target=line(number), column=A2021, delta=Decimal(delta))
    return Amendment(id=aid, title=aid, changes=(change,), **fields)  # type: ignore[arg-type]


def deliberation(*motions: Motion, **fields: object) -> Deliberation:
    fields.setdefault("draft", examples.leichlingen_plan())  # no Gesamtplan: no § 75 check
    return Deliberation(id="b", title="Beratung", motions=motions, **fields)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- model


def test_draft_is_embedded_or_referenced_never_both_or_neither() -> None:
    plan = examples.leichlingen_plan()
    Deliberation(id="b", title="t", draft=plan)
    Deliberation(id="b", title="t", draft_ref="plan.xml")
    with pytest.raises(ValueError, match="genau eines"):
        Deliberation(id="b", title="t")
    with pytest.raises(ValueError, match="genau eines"):
        Deliberation(id="b", title="t", draft=plan, draft_ref="plan.xml")


def test_motion_is_embedded_or_referenced_never_both_or_neither() -> None:
    with pytest.raises(ValueError, match="amendmentRef"):
        Motion(id="x", amendment=examples.founding_motion(), amendment_ref="amendment.xml")


def test_vote_counts_are_not_negative() -> None:
    with pytest.raises(ValueError, match="ab 0"):
        Decision(body=RAT, result=AmendmentStatus.ADOPTED, yes=-1)


def test_procedures_and_results_in_german() -> None:
    assert [p.label for p in Procedure] == [
        "annehmen",
        "ablehnen",
        "in geänderter Fassung annehmen",
        "erledigt durch",
    ]
    assert {s.label for s in ADOPTING_RESULTS} == {"angenommen", "geändert beschlossen"}
    assert decision_text(
        Decision(
            body=RAT,
            result=AmendmentStatus.SETTLED,
            settled_by="spd-1",
            date=datetime.date(2021, 3, 23),
        )
    ) == ("Rat der Stadt Leichlingen, 23.03.2021: erledigt durch Antrag spd-1")
    assert recommendation_text(
        Recommendation(
            body="HFA", procedure=Procedure.ADOPT_MODIFIED, date=datetime.date(2021, 3, 9)
        )
    ) == ("HFA, 09.03.2021: in geänderter Fassung annehmen")


# --------------------------------------------------------------------------- example files


def test_example_file_is_the_python_example() -> None:
    data = DELIBERATION.read_bytes()
    assert load(data, expect=Deliberation) == examples.leichlingen_deliberation()
    assert dumps(examples.leichlingen_deliberation()) == data
    assert dumps(load(data)) == data


def test_example_refers_to_the_founding_motion_file() -> None:
    d = load(DELIBERATION, expect=Deliberation)
    spd = d.motion(SPD)
    assert spd is not None
    assert spd.amendment_ref == "amendment.xml"
    assert resolve(d, base_dir=EXAMPLE).motion(SPD).amendment == examples.founding_motion()  # type: ignore[union-attr]


def test_example_validates_clean_and_marks_illustrative_motions() -> None:
    doc, found = validate_file(DELIBERATION)
    assert isinstance(doc, Deliberation)
    assert found == [], [str(d) for d in found]
    assert doc.note is not None
    assert "Illustrativ" in doc.note
    d = embedded()
    for m in d.motions:
        assert m.amendment is not None
        if m.id != SPD:
            assert "illustrativ" in m.amendment.title.lower()
            assert (m.amendment.request_text or "").startswith("Illustrativer Antrag")
    kinds = [m.amendment.submitters[0].kind for m in d.motions if m.amendment is not None]
    assert kinds[0] is SubmitterKind.ADMINISTRATION
    assert set(kinds[1:]) == {SubmitterKind.FACTION}


def test_example_draft_has_a_statute_and_plan_xml_stays_as_it_was() -> None:
    draft = examples.leichlingen_draft()
    statute = draft.statute(2021)
    assert statute is not None
    assert statute.tax_rates.rate(TaxKind.GRUNDSTEUER_B) == Decimal(590)
    assert (EXAMPLE / "plan.xml").read_bytes() == dumps(examples.leichlingen_plan())
    assert load(EXAMPLE / "plan.xml", expect=BudgetPlan).statutes == ()


def test_the_rejected_hebesatz_motion_validates_against_the_draft() -> None:
    from nkf.rules import validate

    assert validate(examples.tax_rate_motion(), examples.leichlingen_draft()) == []
    assert validate(examples.administration_motion(), examples.leichlingen_draft()) == []
    assert validate(examples.coverage_motion(), examples.leichlingen_draft()) == []


# --------------------------------------------------------------------------- adopting the example


def test_example_adoption() -> None:
    result = adopt(examples.leichlingen_deliberation(), base_dir=EXAMPLE)
    assert result.ok
    assert result.diagnostics == ()
    assert [(o.motion_id, o.status, o.adopted, o.applied) for o in result.outcomes] == [
        (ADMIN, AmendmentStatus.ADOPTED, True, True),
        (SPD, AmendmentStatus.ADOPTED, True, True),
        (CDU, AmendmentStatus.SETTLED, False, False),
        (GRUENE, AmendmentStatus.ADOPTED_MODIFIED, True, True),
        (FDP, AmendmentStatus.REJECTED, False, False),
    ]
    plan = result.plan
    assert plan is not None
    assert plan.status is PlanStatus.ADOPTED
    assert cell(plan, 13) == Decimal(16500)  # Veränderungsnachweis
    assert cell(plan, 15) == Decimal(38500)  # the HFA's 1.500 €, not the motion's 2.000 €
    assert cell(plan, 16) == Decimal(800)
    product = plan.product("050101")
    assert product is not None
    assert len(product.goals) == 3
    milestone = product.goals[-1].key_figures[0]
    assert milestone.value_for(2021, FigureKind.ZIEL) == datetime.date(2021, 6, 30)  # SPD's
    statute = plan.statute(2021)
    assert statute is not None
    assert statute.tax_rates.rate(TaxKind.GRUNDSTEUER_B) == Decimal(590)  # FDP rejected
    assert statute.equalisation_reserve_use == Decimal(197200)
    assert result.result(2021) == Decimal(-2500)
    assert [y.result for y in result.years][1:] == [0, 0, 0]
    assert result.balanced_years == (2021,)
    assert result.balance[0].fictitious
    assert result.balanced is False  # the planning years of the excerpt have no cover


def test_adopted_versions_carry_status_and_votes() -> None:
    result = adopt(embedded())
    by_id = {a.id: a for a in result.adopted}
    assert list(by_id) == [ADMIN, SPD, GRUENE]
    gruene = by_id[GRUENE]
    assert gruene.status is AmendmentStatus.ADOPTED_MODIFIED
    assert gruene.changes[0].delta == Decimal(1500)  # type: ignore[union-attr]
    assert [(v.body, v.yes, v.no, v.abstain) for v in gruene.votes] == [(RAT, 22, 13, 2)]
    assert [v.body for v in by_id[ADMIN].votes] == [examples.HFA, RAT]


def test_voting_blocks_group_competing_motions() -> None:
    blocks = voting_blocks(examples.leichlingen_deliberation(), base_dir=EXAMPLE)
    assert [(b.number, b.motion_ids) for b in blocks] == [(1, (SPD, CDU))]
    (block,) = blocks
    assert block.reasons
    assert all("Antrag" in r for r in block.reasons)
    assert [c.kind.name for c in block.conflicts] == ["SAME_POSITION"]


def test_blocks_are_connected_components_in_voting_order() -> None:
    a, b, c = amount("a", 13, 100), amount("b", 13, 200), amount("c", 15, 300)
    d = amount("d", 15, 400)
    e = Amendment(id="e", title="e", changes=(*b.changes, *c.changes))  # links b's and c's block
    f = amount("f", 16, 50)
    order = ("f", "c", "a", "b", "d", "e")
    ms = [motion(x, decided(AmendmentStatus.REJECTED)) for x in (a, b, c, d, e, f)]
    blocks = voting_blocks(deliberation(*ms, voting_order=order))
    assert [(x.number, x.motion_ids) for x in blocks] == [(1, ("c", "a", "b", "d", "e"))]
    ms = [motion(x, decided(AmendmentStatus.REJECTED)) for x in (a, b, c, d, f)]
    blocks = voting_blocks(deliberation(*ms, voting_order=("f", "c", "a", "b", "d")))
    assert [(x.number, x.motion_ids) for x in blocks] == [(1, ("c", "d")), (2, ("a", "b"))]


def test_a_motion_adopted_in_modified_form_applies_the_modified_changes() -> None:
    original = amount("m", 13, 5000)
    modified = (AmountChange(target=line(13), column=A2021, delta=Decimal(1000)),)
    in_decision = deliberation(
        motion(original, decided(AmendmentStatus.ADOPTED_MODIFIED, changes=modified))
    )
    result = adopt(in_decision)
    assert result.plan is not None
    assert cell(result.plan, 13) == Decimal(15000)
    recommended = deliberation(
        motion(
            original,
            decided(AmendmentStatus.ADOPTED_MODIFIED),
            recommendations=(
                Recommendation(body="HFA", procedure=Procedure.ADOPT_MODIFIED, changes=modified),
            ),
        )
    )
    plan = adopt(recommended).plan
    assert plan is not None
    assert cell(plan, 13) == Decimal(15000)
    as_moved = adopt(deliberation(motion(original, decided(AmendmentStatus.ADOPTED)))).plan
    assert as_moved is not None
    assert cell(as_moved, 13) == Decimal(19000)


def test_geaendert_beschlossen_without_a_modified_version_is_an_error() -> None:
    result = adopt(
        deliberation(motion(amount("m", 13, 5), decided(AmendmentStatus.ADOPTED_MODIFIED)))
    )
    assert codes(result.diagnostics) == ["NKF-E907"]
    assert result.plan is None
    assert result.adopted == ()


@pytest.mark.parametrize(
    "result",
    [
        AmendmentStatus.REJECTED,
        AmendmentStatus.WITHDRAWN,
        AmendmentStatus.DEFERRED,
        AmendmentStatus.SETTLED,
    ],
)
def test_a_motion_that_is_not_adopted_never_changes_the_plan(result: AmendmentStatus) -> None:
    d = deliberation(motion(amount("m", 13, 5000), decided(result)))
    adoption = adopt(d)
    assert adoption.ok
    assert adoption.plan == attrs.evolve(examples.leichlingen_plan(), status=PlanStatus.ADOPTED)
    assert adoption.change_list.entries == ()
    assert adoption.change_list.others[0].status is result


def test_only_the_deciding_bodys_decision_counts() -> None:
    hfa = Decision(body="HFA", result=AmendmentStatus.ADOPTED, yes=10, no=2)
    m = motion(amount("m", 13, 5000), hfa, decided(AmendmentStatus.REJECTED, yes=3, no=30))
    d = deliberation(m, deciding_body=RAT)
    assert final_decision(d, m) == m.decisions[1]
    assert adopt(d).adopted == ()
    advisory_only = deliberation(motion(amount("m", 13, 5000), hfa), deciding_body=RAT)
    result = adopt(advisory_only)
    assert codes(result.diagnostics) == ["NKF-W911"]
    assert result.adopted == ()
    assert result.plan is not None  # a warning: the plan is adopted without the motion
    without_body = deliberation(motion(amount("m", 13, 5000), hfa))
    assert [a.id for a in adopt(without_body).adopted] == ["m"]  # the last decision counts


def test_conflicting_adopted_motions_are_an_error_and_nothing_is_adopted() -> None:
    yes = decided(AmendmentStatus.ADOPTED, yes=20, no=10)
    d = deliberation(motion(amount("a", 13, 1000), yes), motion(amount("b", 13, 2000), yes))
    result = adopt(d)
    assert codes(result.diagnostics) == ["NKF-E901"]
    assert "Abstimmungsblock 1" in result.diagnostics[0].message
    assert result.plan is None
    assert not result.ok
    assert result.blocks[0].motion_ids == ("a", "b")
    one = deliberation(
        motion(amount("a", 13, 1000), yes),
        motion(amount("b", 13, 2000), decided(AmendmentStatus.SETTLED)),
    )
    assert adopt(one).ok


def test_an_adopted_motion_that_does_not_apply_is_an_error() -> None:
    stale = Amendment(
        id="s",
        title="s",
        changes=(AmountChange(target=line(13), column=A2021, old=Decimal(1), new=Decimal(2)),),
    )
    result = adopt(deliberation(motion(stale, decided(AmendmentStatus.ADOPTED))))
    assert codes(result.diagnostics) == ["NKF-E902", "NKF-E604"]
    assert result.diagnostics[1].message.startswith("Antrag s: ")
    assert result.diagnostics[1].location is not None
    assert result.diagnostics[1].location.path == "motion[s]/change[1]"
    assert result.plan is None
    assert result.outcomes[0].adopted
    assert not result.outcomes[0].applied
    rejected = adopt(deliberation(motion(stale, decided(AmendmentStatus.REJECTED))))
    assert rejected.ok  # a rejected motion is never applied, so it cannot fail


def test_identical_motions_both_adopted_warn() -> None:
    yes = decided(AmendmentStatus.ADOPTED)
    result = adopt(
        deliberation(motion(amount("a", 13, 100), yes), motion(amount("b", 13, 100), yes))
    )
    assert codes(result.diagnostics) == ["NKF-W913"]


def test_balance_lost_by_the_decisions_warns() -> None:
    draft = examples.leichlingen_draft()
    d = deliberation(motion(amount("a", 13, 100), decided(AmendmentStatus.ADOPTED)), draft=draft)
    result = adopt(d)
    assert codes(result.diagnostics) == ["NKF-W912"]
    assert "2021" in result.diagnostics[0].message
    assert result.plan is not None
    assert 2021 not in result.balanced_years
    no_gesamtplan = deliberation(motion(amount("a", 13, 100), decided(AmendmentStatus.ADOPTED)))
    judged = adopt(no_gesamtplan)
    assert judged.balance == ()
    assert judged.balanced is None
    assert judged.diagnostics == ()


def test_structure_findings() -> None:
    yes = decided(AmendmentStatus.ADOPTED, yes=5, no=5)
    a = amount("a", 13, 100)
    d = deliberation(
        motion(a, yes),
        motion(amount("a", 15, 100), yes),  # E903 twice
        Motion(
            id="b", amendment=amount("x", 16, 10), decisions=(decided(AmendmentStatus.SUBMITTED),)
        ),
        motion(
            amount("c", 2, 10),
            decided(AmendmentStatus.SETTLED, settled_by="nirgends"),
            recommendations=(
                Recommendation(body="HFA", procedure=Procedure.SETTLED_BY),
                Recommendation(body="HFA", procedure=Procedure.ADOPT_MODIFIED),
                Recommendation(body="HFA", procedure=Procedure.REJECT, changes=a.changes),
            ),
        ),
        motion(amount("d", 4, 10), decided(AmendmentStatus.REJECTED, yes=9, no=1, settled_by="a")),
        Motion(
            id="e f", amendment=amount("e f", 6, 10), decisions=(decided(AmendmentStatus.REJECTED),)
        ),
        voting_order=("a", "zz", "a", "b", "c", "d"),
    )
    found = adopt(d).diagnostics
    assert codes(found) == [
        "NKF-E903",  # a twice
        "NKF-E903",  # "e f" has a space
        "NKF-E904",  # zz unknown
        "NKF-E904",  # a twice in the order
        "NKF-W905",  # "e f" missing in the order
        "NKF-W910",  # a: adopted 5:5
        "NKF-E906",  # b holds x
        "NKF-E909",  # b: eingereicht is no result
        "NKF-E908",  # c: recommendation erledigt durch without id
        "NKF-W915",  # c: geändert annehmen without changes
        "NKF-W916",  # c: changes in a rejecting recommendation
        "NKF-E908",  # c: erledigt durch an unknown motion
        "NKF-W916",  # d: settled_by with abgelehnt
        "NKF-W910",  # d: abgelehnt 9:1
    ]
    assert set(codes(found)) <= set(CODES)
    assert voting_order(d) == ("a", "b", "c", "d", "e f")


def test_every_code_is_documented_once() -> None:
    assert all(c.startswith(("NKF-E9", "NKF-W9", "NKF-I9")) for c in CODES)
    assert sorted(CODES) == sorted(set(CODES))


# --------------------------------------------------------------------------- references


def _write_split(folder: Path) -> Path:
    """The example with every part in its own file: draft.xml, motions/*.xml."""
    d = embedded()
    (folder / "motions").mkdir()
    dump(d.draft, folder / "entwurf.xml")  # type: ignore[arg-type]
    motions = []
    for m in d.motions:
        assert m.amendment is not None
        dump(m.amendment, folder / "motions" / f"{m.id}.xml")
        motions.append(attrs.evolve(m, amendment=None, amendment_ref=f"motions/{m.id}.xml"))
    split = attrs.evolve(d, draft=None, draft_ref="entwurf.xml", motions=tuple(motions))
    path = folder / "beratung.xml"
    dump(split, path)
    return path


def test_references_resolve_relative_to_the_deliberation_file(tmp_path: Path) -> None:
    path = _write_split(tmp_path)
    d = load(path, expect=Deliberation)
    assert not d.is_resolved
    assert resolve(d, base_dir=tmp_path) == embedded()
    assert adopt(d, base_dir=tmp_path) == adopt(embedded())
    doc, found = validate_file(path)
    assert doc == d
    assert found == [], [str(x) for x in found]


def test_a_missing_reference_raises_with_every_problem(tmp_path: Path) -> None:
    path = _write_split(tmp_path)
    (tmp_path / "entwurf.xml").unlink()
    (tmp_path / "motions" / f"{CDU}.xml").write_text("kein xml", encoding="utf-8")
    d = load(path, expect=Deliberation)
    with pytest.raises(ReferenceLoadError) as info:
        adopt(d, base_dir=tmp_path)
    assert isinstance(info.value, LoadError)
    assert codes(info.value.diagnostics) == ["NKF-E002", "NKF-E001"]
    assert "Haushaltsplanentwurf (Verweis „entwurf.xml“)" in info.value.diagnostics[0].message
    assert f"Antrag {CDU}" in info.value.diagnostics[1].message
    found = validate_deliberation(d, base_dir=tmp_path)
    assert {"NKF-E002", "NKF-E001"} <= set(codes(found))


def test_a_reference_of_the_wrong_kind(tmp_path: Path) -> None:
    dump(examples.leichlingen_plan(), tmp_path / "plan.xml")
    d = deliberation(Motion(id="m", amendment_ref="plan.xml"))
    with pytest.raises(ReferenceLoadError) as info:
        resolve(d, base_dir=tmp_path)
    assert codes(info.value.diagnostics) == ["NKF-E006"]


@pytest.mark.parametrize(
    "ref", ["/etc/passwd", "C:/plan.xml", "https://example.org/plan.xml", "a\\b.xml", " "]
)
def test_references_must_be_relative_paths(ref: str) -> None:
    with pytest.raises(ReferenceLoadError) as info:
        reference_path(ref)
    assert codes(info.value.diagnostics) == ["NKF-E914"]
    d = Deliberation(id="b", title="t", draft_ref=ref)
    assert "NKF-E914" in codes(validate_deliberation(d))


def test_reference_path_goes_below_the_base() -> None:
    assert reference_path("../plan.xml", "a/b") == Path("a/b/../plan.xml")
    assert reference_path("plan.xml") == Path("plan.xml")


def test_adopted_form_needs_the_amendment_embedded() -> None:
    d = examples.leichlingen_deliberation()
    spd = d.motion(SPD)
    assert spd is not None
    with pytest.raises(ValueError, match="resolve"):
        adopted_form(d, spd)


# --------------------------------------------------------------------------- determinism, rendering


def test_same_file_same_bytes() -> None:
    d = load(DELIBERATION, expect=Deliberation)
    first, second = adopt(d, base_dir=EXAMPLE), adopt(load(DELIBERATION), base_dir=EXAMPLE)  # type: ignore[arg-type]
    assert first == second
    assert first.plan is not None
    assert second.plan is not None
    assert dumps(first.plan) == dumps(second.plan)
    for render in (render_decisions_text, render_decisions_html, render_decisions_csv):
        assert render(first.change_list) == render(second.change_list)


_SCRIPT = """
import hashlib, sys
from pathlib import Path
from nkf.changes.deliberation import adopt, render_decisions_csv, render_decisions_html
from nkf.changes.deliberation import render_decisions_text
from nkf.xml import dumps, load
path = Path(sys.argv[1])
r = adopt(load(path), base_dir=path.parent)
data = dumps(r.plan) + b"".join(
    f(r.change_list).encode() for f in (render_decisions_text, render_decisions_html,
                                        render_decisions_csv))
print(hashlib.sha256(data).hexdigest())
"""


def test_outputs_do_not_depend_on_hash_seeds() -> None:
    digests = set()
    for seed in ("1", "2", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run(
            [sys.executable, "-c", _SCRIPT, str(DELIBERATION)],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=ROOT,
        )
        digests.add(done.stdout.strip())
    assert len(digests) == 1


def test_text_report_names_blocks_decisions_and_others() -> None:
    text = render_decisions_text(adopt(embedded()).change_list)
    assert text.startswith("Veränderungsliste mit Beschlüssen – Haushaltsberatung 2021")
    assert "Block 1: spd-leichlingen-2021-02-24-quartierstreff, cdu-2021-03-01" in text
    assert "Beschluss: Rat der Stadt Leichlingen, 23.03.2021: geändert beschlossen (Ja 22" in text
    assert (
        "Beschlussempfehlung: Haupt- und Finanzausschuss (HFA), 09.03.2021: in geänderter" in text
    )
    others = text.split("Weitere Anträge und Beschlüsse")[1]
    assert CDU in others
    assert FDP in others
    assert "abgelehnt (Ja 5, Nein 30, Enthaltungen 2)" in others
    # the Verwaltung comes first in its Produktbereich (Haan's practice), then the factions
    first = text.index("Nr. 1 · Der Bürgermeister (Verwaltung)")
    assert first < text.index("Nr. 2 · SPD-Fraktion")
    assert "bisher 194.700,00 € · Veränderung +2.500,00 €" in text.replace("\xa0", " ")
    assert "Haushaltsausgleich (§ 75 GO NRW) nach den Beschlüssen" in text


def test_html_report_is_well_formed_with_a_decision_column() -> None:
    page = render_decisions_html(adopt(embedded()).change_list)
    root = etree.fromstring(page.encode("utf-8"))
    ns = {"h": "http://www.w3.org/1999/xhtml"}
    rows = root.findall(".//tbody/tr") or root.findall(".//h:tbody/h:tr", ns)
    assert rows
    header = root.findall(".//thead/tr")[0]
    assert [th.text for th in header][-1] == "Beschluss"
    for table in root.findall(".//table")[:-1]:
        width = len(table.find("thead/tr"))
        for row in table.iter("tr"):
            span = sum(int(td.get("colspan", "1")) for td in row)
            assert span == width
    assert "geändert beschlossen" in page


def test_csv_report_has_decision_columns() -> None:
    import csv

    text = render_decisions_csv(adopt(embedded()).change_list)
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert tuple(rows[0]) == DECISION_CSV_HEADER
    assert all(len(r) == len(DECISION_CSV_HEADER) for r in rows)
    by_motion = {r[3]: r for r in rows[1:] if r[3]}
    assert by_motion[FDP][-2].startswith("Rat der Stadt Leichlingen, 23.03.2021: abgelehnt")
    assert by_motion[CDU][-1] == "1"
    assert rows[-1][1] == "Summe Jahresergebnis"


def test_reports_without_changes_and_with_findings() -> None:
    result = adopt(
        deliberation(motion(amount("m", 13, 5), decided(AmendmentStatus.ADOPTED_MODIFIED)))
    )
    text = render_decisions_text(result.change_list)
    assert "Keine Veränderungen beschlossen." in text
    assert "NKF-E907" in text.split("Befunde")[1]
    page = render_decisions_html(result.change_list)
    assert "Keine Veränderungen beschlossen." in page
    assert "NKF-E907" in page
    undecided = adopt(deliberation(motion(amount("m", 13, 5))))
    assert "Beschluss: noch nicht entschieden" in render_decisions_text(undecided.change_list)
    assert "noch nicht entschieden" in render_decisions_csv(undecided.change_list)


# --------------------------------------------------------------------------- properties

_BODIES = ("Rat der Stadt Leichlingen", "Haupt- und Finanzausschuss", "SOB", "Verwaltung")


def _bodies() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(_BODIES), nst.texts(max_words=4))


def _refs() -> st.SearchStrategy[str]:
    return st.from_regex(r"(\.\./)?([a-z0-9-]{1,10}/)?[a-z0-9-]{1,12}\.xml", fullmatch=True)


def _changes() -> st.SearchStrategy[tuple[Change, ...]]:
    return st.lists(nst.changes(), max_size=2).map(tuple)


def _counts() -> st.SearchStrategy[int | None]:
    return st.none() | st.integers(min_value=0, max_value=60)


def _recommendations() -> st.SearchStrategy[Recommendation]:
    return st.builds(
        Recommendation,
        body=_bodies(),
        procedure=st.sampled_from(Procedure),
        date=st.none() | nst.dates(),
        settled_by=st.none() | nst.amendment_ids(),
        note=st.none() | nst.paragraphs(),
        changes=_changes(),
    )


def _decisions() -> st.SearchStrategy[Decision]:
    return st.builds(
        Decision,
        body=_bodies(),
        result=st.sampled_from(AmendmentStatus),
        date=st.none() | nst.dates(),
        yes=_counts(),
        no=_counts(),
        abstain=_counts(),
        settled_by=st.none() | nst.amendment_ids(),
        note=st.none() | nst.paragraphs(),
        changes=_changes(),
    )


@st.composite
def _motions(draw: st.DrawFn, motion_id: str) -> Motion:
    embed = draw(st.booleans())
    amendment = draw(nst.amendments(max_changes=2)) if embed else None
    if amendment is not None and draw(st.booleans()):
        amendment = attrs.evolve(amendment, id=motion_id)
    return Motion(
        id=motion_id,
        amendment=amendment,
        amendment_ref=None if embed else draw(_refs()),
        note=draw(st.none() | nst.paragraphs()),
        recommendations=tuple(draw(st.lists(_recommendations(), max_size=2))),
        decisions=tuple(draw(st.lists(_decisions(), max_size=2))),
    )


@st.composite
def deliberations(draw: st.DrawFn) -> Deliberation:
    """Deliberations for round trips: every field sometimes set, parts embedded or referenced."""
    ids = draw(st.lists(nst.amendment_ids(), max_size=3, unique=True))
    embed = draw(st.booleans())
    draft = (
        draw(nst.budget_plans(consistent=False, max_areas=1, max_groups=1, max_products=1))
        if embed
        else None
    )
    return Deliberation(
        id=draw(nst.amendment_ids()),
        title=draw(nst.texts()),
        date=draw(st.none() | nst.dates()),
        deciding_body=draw(st.none() | _bodies()),
        draft_ref=None if embed else draw(_refs()),
        voting_order=tuple(draw(st.permutations(ids))) if draw(st.booleans()) else (),
        note=draw(st.none() | nst.paragraphs()),
        draft=draft,
        motions=tuple(draw(_motions(mid)) for mid in ids),
    )


ROUND_TRIP = settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@ROUND_TRIP
@given(deliberations())
def test_deliberations_round_trip(d: Deliberation) -> None:
    data = dumps(d)
    back = load(data)
    assert back == d
    assert dumps(back) == data
    xsd = schema()
    assert xsd.validate(etree.fromstring(data)), [str(e) for e in xsd.error_log]


_ENTRY_LINES = (2, 4, 6, 11, 12, 13, 15, 16)
_OUTCOMES = (
    AmendmentStatus.ADOPTED,
    AmendmentStatus.ADOPTED_MODIFIED,
    AmendmentStatus.REJECTED,
    AmendmentStatus.WITHDRAWN,
    AmendmentStatus.DEFERRED,
    AmendmentStatus.SETTLED,
    None,
)


def _cells(plan: BudgetPlan) -> list[tuple[Product, int, Column]]:
    found = []
    for product in plan.products():
        for ln in product.lines:
            if ln.plan is TEP and ln.number in _ENTRY_LINES:
                found.extend(
                    (product, ln.number, c) for c in ln.columns if c.kind is ValueKind.ANSATZ
                )
    return found


@st.composite
def decided_deliberations(draw: st.DrawFn) -> Deliberation:
    """A generated plan and motions that do not conflict, each with a random final decision.

    Every motion changes its own cells (disjoint from the others') and adds goals with its
    own texts; a modified version uses the motion's cells, too.
    """
    plan = draw(nst.budget_plans(max_areas=2, max_groups=1, max_products=2))
    cells = _cells(plan)
    products = list(plan.products())
    count = draw(st.integers(min_value=1, max_value=4))
    pools = [cells[i::count] for i in range(count)]

    def changes(i: int, pool: list[tuple[Product, int, Column]], tag: str) -> tuple[Change, ...]:
        out: list[Change] = []
        for k in range(draw(st.integers(min_value=1, max_value=3))):
            if pool and draw(st.booleans()):
                product, number, column = draw(st.sampled_from(pool))
                if any(
                    isinstance(c, AmountChange)
                    and c.target.line == number
                    and c.target.unit == product.code
                    and c.column == column
                    for c in out
                ):
                    continue
                delta = draw(st.integers(min_value=-5000, max_value=5000))
                out.append(
                    AmountChange(
                        target=Target(unit=product.code, plan=TEP, line=number),
                        column=column,
                        delta=Decimal(delta),
                    )
                )
            elif products:
                product = draw(st.sampled_from(products))
                out.append(AddGoal(unit=product.code, goal=Goal(text=f"Ziel {i} {tag} {k}")))
        return tuple(out)

    motions = []
    for i in range(count):
        aid = f"m{i}"
        kind = draw(st.sampled_from(list(SubmitterKind)))
        amendment = Amendment(
            id=aid,
            title=aid,
            submitters=(Submitter(name=aid, kind=kind),),
            changes=changes(i, pools[i], "a"),
        )
        outcome = draw(st.sampled_from(_OUTCOMES))
        decisions: tuple[Decision, ...] = ()
        if outcome is not None:
            modified = (
                changes(i, pools[i], "b") if outcome is AmendmentStatus.ADOPTED_MODIFIED else ()
            )
            decisions = (Decision(body=RAT, result=outcome, changes=modified),)
        motions.append(Motion(id=aid, amendment=amendment, decisions=decisions))
    order = tuple(draw(st.permutations([m.id for m in motions])))
    return Deliberation(
        id="b", title="Beratung", draft=plan, motions=tuple(motions), voting_order=order
    )


ADOPT = settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@ADOPT
@given(decided_deliberations())
def test_adopting_equals_applying_the_composition_of_the_adopted_motions(d: Deliberation) -> None:
    result = adopt(d)
    assert d.draft is not None
    assert result.ok, [str(x) for x in result.diagnostics if x.is_error]
    forms = [f for m in (d.motion(i) for i in voting_order(d)) if m and (f := adopted_form(d, m))]
    assert [a.id for a in result.adopted] == [a.id for a in forms]
    expected = apply(d.draft, compose(*forms).as_amendment()) if forms else d.draft
    assert result.plan == attrs.evolve(expected, status=PlanStatus.ADOPTED)
    # rejected, withdrawn, settled … motions never change the plan: leaving them out
    # changes nothing
    kept = tuple(m for m in d.motions if m.id in {a.id for a in forms})
    only_adopted = attrs.evolve(
        d,
        motions=kept,
        voting_order=tuple(i for i in d.voting_order if any(m.id == i for m in kept)),
    )
    assert adopt(only_adopted).plan == result.plan
    assert {o.motion_id for o in result.outcomes if o.applied} == {a.id for a in forms}


# --------------------------------------------------------------------------- command line


def test_cli_adopt_writes_the_adopted_plan(tmp_path: Path) -> None:
    out = tmp_path / "plan-beschlossen.xml"
    code, stdout, err = run("adopt", str(DELIBERATION), "-o", str(out))
    assert code == 0, err
    assert stdout == ""
    assert "3 von 5 Anträgen beschlossen" in err
    expected = adopt(load(DELIBERATION, expect=Deliberation), base_dir=EXAMPLE).plan
    assert expected is not None
    assert out.read_bytes() == dumps(expected)
    again = tmp_path / "noch-einmal.xml"
    assert run("adopt", str(DELIBERATION), "-o", str(again))[0] == 0
    assert again.read_bytes() == out.read_bytes()
    assert run("validate", str(out))[0] == 0


def test_cli_adopt_with_split_files(tmp_path: Path) -> None:
    path = _write_split(tmp_path)
    out = tmp_path / "ergebnis.xml"
    assert run("adopt", str(path), "-o", str(out))[0] == 0
    assert out.read_bytes() == dumps(adopt(embedded()).plan)  # type: ignore[arg-type]


def test_cli_adopt_refuses_conflicting_decisions_and_writes_nothing(tmp_path: Path) -> None:
    yes = decided(AmendmentStatus.ADOPTED, yes=20, no=10)
    d = deliberation(motion(amount("a", 13, 1000), yes), motion(amount("b", 13, 2000), yes))
    path = tmp_path / "beratung.xml"
    dump(d, path)
    out = tmp_path / "plan.xml"
    code, _stdout, err = run("adopt", str(path), "-o", str(out))
    assert code == 1
    assert "Nicht beschlossen, nichts geschrieben" in err
    assert "NKF-E901" in err
    assert not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["beratung.xml"]


def test_cli_adopt_refuses_a_motion_that_does_not_apply(tmp_path: Path) -> None:
    stale = Amendment(
        id="s",
        title="s",
        changes=(AmountChange(target=line(13), column=A2021, old=Decimal(1), new=Decimal(2)),),
    )
    path = tmp_path / "beratung.xml"
    dump(deliberation(motion(stale, decided(AmendmentStatus.ADOPTED))), path)
    out = tmp_path / "plan.xml"
    code, _stdout, err = run("adopt", str(path), "-o", str(out))
    assert code == 1
    assert "NKF-E902" in err
    assert "NKF-E604" in err
    assert not out.exists()


def test_cli_adopt_with_a_warning_still_writes(tmp_path: Path) -> None:
    path = tmp_path / "beratung.xml"
    adopted = motion(amount("a", 13, 100), decided(AmendmentStatus.ADOPTED))
    dump(deliberation(adopted, draft=examples.leichlingen_draft()), path)
    out = tmp_path / "plan.xml"
    code, _stdout, err = run("adopt", str(path), "-o", str(out))
    assert code == 0
    assert "NKF-W912" in err
    assert out.exists()


def test_cli_adopt_missing_reference_is_exit_2(tmp_path: Path) -> None:
    path = _write_split(tmp_path)
    (tmp_path / "motions" / f"{FDP}.xml").unlink()
    out = tmp_path / "plan.xml"
    code, _stdout, err = run("adopt", str(path), "-o", str(out))
    assert code == 2
    assert "verweist, fehlt oder ist unlesbar" in err
    assert f"motions/{FDP}.xml" in err
    assert "NKF-E002" in err
    assert not out.exists()
    code, _stdout, err = run("changes", str(path))
    assert code == 2
    assert "NKF-E002" in err
    code, _stdout, err = run("validate", str(path))
    assert code == 2


def test_cli_adopt_unreadable_reference_is_exit_2(tmp_path: Path) -> None:
    path = _write_split(tmp_path)
    (tmp_path / "entwurf.xml").write_bytes(b"<budgetPlan")
    code, _stdout, err = run("adopt", str(path), "-o", str(tmp_path / "out.xml"))
    assert code == 2
    assert "Haushaltsplanentwurf (Verweis „entwurf.xml“)" in err


def test_cli_adopt_usage_errors(tmp_path: Path) -> None:
    path = _write_split(tmp_path)
    assert run("adopt", str(path), "-o", str(path))[0] == 2
    code, _stdout, err = run("adopt", str(path), "-o", str(tmp_path / "entwurf.xml"))
    assert code == 2
    assert "entwurf.xml" in err
    assert run("adopt", str(path), "-o", str(tmp_path / "fehlt" / "x.xml"))[0] == 2
    code, _stdout, err = run("adopt", str(EXAMPLE / "plan.xml"), "-o", str(tmp_path / "x.xml"))
    assert code == 2
    assert "erwartet wird ein Beratungsvorgang (Haushaltsberatung)" in err
    assert run("adopt", str(tmp_path / "nichts.xml"), "-o", str(tmp_path / "x.xml"))[0] == 2
    bad = Deliberation(id="b", title="t", draft_ref="/abs/plan.xml")
    dump(bad, tmp_path / "abs.xml")
    code, _stdout, err = run("adopt", str(tmp_path / "abs.xml"), "-o", str(tmp_path / "x.xml"))
    assert code == 2
    assert "NKF-E914" in err


@pytest.mark.parametrize("fmt", ["text", "csv", "html"])
def test_cli_changes_of_a_deliberation(fmt: str) -> None:
    code, out, err = run("changes", str(DELIBERATION), "--format", fmt)
    assert code == 0, err
    result = adopt(load(DELIBERATION, expect=Deliberation), base_dir=EXAMPLE)
    render = {
        "text": render_decisions_text,
        "csv": render_decisions_csv,
        "html": render_decisions_html,
    }[fmt]
    assert out == render(result.change_list)
    assert run("changes", str(DELIBERATION), "--format", fmt)[1] == out


def test_cli_changes_of_a_deliberation_with_findings_is_exit_1(tmp_path: Path) -> None:
    path = tmp_path / "beratung.xml"
    dump(deliberation(motion(amount("m", 13, 5), decided(AmendmentStatus.ADOPTED_MODIFIED))), path)
    code, out, _err = run("changes", str(path))
    assert code == 1
    assert "NKF-E907" in out


def test_cli_changes_of_a_single_plan_or_amendment_is_a_usage_error() -> None:
    for path in (EXAMPLE / "plan.xml", EXAMPLE / "amendment.xml"):
        code, _out, err = run("changes", str(path))
        assert code == 2
        assert "Haushaltsberatung" in err
    code, _out, _err = run("changes", str(EXAMPLE / "gibt-es-nicht.xml"))
    assert code == 2


def test_cli_changes_with_amendments_still_works() -> None:
    code, out, _err = run("changes", str(EXAMPLE / "plan.xml"), str(EXAMPLE / "amendment.xml"))
    assert code == 0
    assert "Fertigstellung 30.06.2021" in out


def test_cli_validate_reports_deliberation_findings_with_lines(tmp_path: Path) -> None:
    yes = decided(AmendmentStatus.ADOPTED, yes=20, no=10)
    d = deliberation(motion(amount("a", 13, 1000), yes), motion(amount("b", 13, 2000), yes))
    path = tmp_path / "beratung.xml"
    dump(d, path)
    code, out, _err = run("validate", str(path))
    assert code == 1
    (first,) = [x for x in out.splitlines() if "NKF-E901" in x]
    number = int(first.split(":")[1])
    assert '<motion id="a">' in path.read_text(encoding="utf-8").splitlines()[number - 1]
    found = validate_deliberation(d, min_severity=Severity.INFO)
    assert "NKF-E901" in codes(found)
