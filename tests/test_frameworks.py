"""The framework catalogs nrw_2019 and nrw_2004: codes, line schemas, formulas, real figures."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

import nkf.frameworks
from nkf.frameworks import (
    Direction,
    Framework,
    LineDef,
    LineKind,
    LineRole,
    LineSchema,
    UnknownFramework,
)
from nkf.frameworks.nrw_2004 import NRW_2004
from nkf.frameworks.nrw_2019 import NRW_2019
from nkf.model.lines import PlanKind

if TYPE_CHECKING:
    from collections.abc import Mapping

EP = PlanKind.ERGEBNISPLAN
TEP = PlanKind.TEILERGEBNISPLAN
FP = PlanKind.FINANZPLAN
TFP = PlanKind.TEILFINANZPLAN

FRAMEWORKS = pytest.mark.parametrize("fw", [NRW_2019, NRW_2004], ids=lambda f: f.id)

# The number of lines per plan kind (domain.md § 2.2–2.5; nrw_2004's Finanzplan: module doc).
SIZES = {
    "nrw_2019": {EP: 33, TEP: 29, FP: 41, TFP: 14},
    "nrw_2004": {EP: 26, TEP: 29, FP: 38, TFP: 14},
}

COMPUTED_KINDS = {LineKind.SUM, LineKind.BALANCE, LineKind.MEMO_SUM}


def schema(fw: Framework, plan: PlanKind) -> LineSchema:
    found = fw.schema(plan)
    assert found is not None, f"{fw.id} has no {plan.label}"
    return found


def line(s: LineSchema, number: int) -> LineDef:
    found = s.line(number)
    assert found is not None, f"{s.plan.label} has no line {number}"
    return found


def evaluate(s: LineSchema, entries: Mapping[int, int]) -> dict[int, int]:
    """Every line's value: entries as given (missing = 0), computed lines by their formula.

    Lines are evaluated in schema order, so a formula that used a later line would fail
    with a KeyError.
    """
    values: dict[int, int] = {}
    for d in s.lines:
        if d.is_computed:
            values[d.number] = sum(t.sign * values[t.line] for t in d.formula)
        else:
            values[d.number] = entries.get(d.number, 0)
    return values


# --- Produktbereiche and statistical groups --------------------------------------------


@FRAMEWORKS
def test_seventeen_areas_with_unique_codes(fw: Framework) -> None:
    codes = [a.code for a in fw.areas]
    assert codes == [f"{n:02d}" for n in range(1, 18)]
    assert len(set(codes)) == 17
    assert fw.area("18") is None  # Köln's local extension is not part of the framework
    assert all(a.name and a.source for a in fw.areas)


@FRAMEWORKS
def test_area_names_and_aliases_are_unambiguous(fw: Framework) -> None:
    for a in fw.areas:
        for name in (a.name, *a.aliases):
            assert fw.area_by_name(name) is a
            assert fw.area_by_name(name.upper()) is a


def test_area_names_2019() -> None:
    assert NRW_2019.area("05") is not None
    assert NRW_2019.area_by_name("Soziale Hilfen") is NRW_2019.area("05")
    assert NRW_2019.area_by_name("Soziale Leistungen") is NRW_2019.area("05")
    assert NRW_2019.area_by_name("Kultur") is NRW_2019.area("04")
    assert NRW_2019.area_by_name("Räumliche Planung und Entwicklung/Geoinformationen") is (
        NRW_2019.area("09")
    )
    assert NRW_2019.area_by_name("Verkehrsflächen und -anlagen") is NRW_2019.area("12")
    assert NRW_2019.area_by_name("Natur und Landschaftspflege") is NRW_2019.area("13")
    assert NRW_2019.area_by_name("Bezirksorientierte Mittel") is None


def test_area_names_2004() -> None:
    area05 = NRW_2004.area("05")
    assert area05 is not None
    assert area05.name == "Soziale Hilfen"
    assert NRW_2004.area_by_name("Soziale Leistungen") is area05
    assert [a.code for a in NRW_2004.areas] == [a.code for a in NRW_2019.areas]


@FRAMEWORKS
def test_statistical_groups(fw: Framework) -> None:
    codes = [g.code for g in fw.statistical_groups]
    assert len(codes) == len(set(codes))
    for g in fw.statistical_groups:
        assert len(g.code) == 3
        assert g.code.isdigit()
        assert fw.area(g.area) is not None, g
    group = fw.statistical_group("311")
    assert group is not None
    assert group.area == "05"
    brandschutz = fw.statistical_group("126")
    assert brandschutz is not None
    assert brandschutz.area == "02"
    assert fw.statistical_group("999") is None  # the statistics' total, not a group
    assert not [g for g in fw.statistical_groups if g.area == "17"]


# --- Line schemas --------------------------------------------------------------------------


@FRAMEWORKS
@pytest.mark.parametrize("plan", list(PlanKind), ids=lambda p: p.value)
def test_line_numbers_are_contiguous(fw: Framework, plan: PlanKind) -> None:
    s = schema(fw, plan)
    assert s.plan is plan
    assert s.source
    assert [d.number for d in s.lines] == list(range(1, SIZES[fw.id][plan] + 1))
    assert all(d.name for d in s.lines)


@FRAMEWORKS
@pytest.mark.parametrize("plan", list(PlanKind), ids=lambda p: p.value)
def test_formulas_reference_earlier_lines_only(fw: Framework, plan: PlanKind) -> None:
    s = schema(fw, plan)
    for d in s.lines:
        for t in d.formula:
            assert t.sign in {1, -1}, d
            assert t.line in s.numbers, d
            assert t.line < d.number, d
        assert len({t.line for t in d.formula}) == len(d.formula), d


@FRAMEWORKS
@pytest.mark.parametrize("plan", list(PlanKind), ids=lambda p: p.value)
def test_kinds_directions_and_formulas_agree(fw: Framework, plan: PlanKind) -> None:
    for d in schema(fw, plan).lines:
        assert d.is_computed == (d.kind in COMPUTED_KINDS), d
        if d.kind is not LineKind.ENTRY:
            assert d.direction is Direction.NONE, d


@FRAMEWORKS
@pytest.mark.parametrize("plan", list(PlanKind), ids=lambda p: p.value)
def test_computed_lines_follow_their_terms(fw: Framework, plan: PlanKind) -> None:
    computed = schema(fw, plan).computed()
    numbers = {d.number for d in computed}
    seen: set[int] = set()
    for d in computed:
        assert {t.line for t in d.formula} & numbers <= seen, d
        seen.add(d.number)


def test_ergebnisplan_2019_lines() -> None:
    ep = schema(NRW_2019, EP)
    expected = {
        10: "+1 +2 +3 +4 +5 +6 +7 +8 +9",
        17: "+11 +12 +13 +14 +15 +16",
        18: "+10 -17",
        21: "+19 -20",
        22: "+18 +21",
        25: "+23 -24",
        26: "+22 +25",
        28: "+26 +27",
        33: "+29 +30 -31 -32",
    }
    for number, formula in expected.items():
        d = line(ep, number)
        assert " ".join(f"{t.sign * t.line:+d}" for t in d.formula) == formula
    assert [d.number for d in ep.computed()] == list(expected)
    bestand = line(ep, 9)
    assert (bestand.kind, bestand.direction) == (LineKind.ENTRY, Direction.IN)
    gma = line(ep, 27)
    assert (gma.kind, gma.direction, gma.formula) == (LineKind.ADJUSTMENT, Direction.NONE, ())
    assert [line(ep, n).kind for n in (29, 30, 31, 32)] == [LineKind.MEMO] * 4
    assert line(ep, 33).kind is LineKind.MEMO_SUM


@pytest.mark.parametrize("fw", [NRW_2019, NRW_2004], ids=lambda f: f.id)
def test_teilergebnisplan_repeats_lines_1_to_25(fw: Framework) -> None:
    ep, tep = schema(fw, EP), schema(fw, TEP)
    assert tep.lines[:25] == ep.lines[:25]
    assert line(tep, 27).direction is Direction.IN
    assert line(tep, 28).direction is Direction.OUT
    result = line(tep, 29)
    assert [(t.sign, t.line) for t in result.formula] == [(1, 26), (1, 27), (-1, 28)]
    assert tep.line(30) is None  # Ostbevern's local GMA lines are not in the Muster


def test_nrw_2004_ergebnisplan_ends_at_jahresergebnis() -> None:
    ep = schema(NRW_2004, EP)
    assert ep.line(27) is None
    assert ep.line(28) is None
    assert max(ep.numbers) == 26
    assert ep.lines == schema(NRW_2019, EP).lines[:26]
    assert not [d for d in ep.lines if d.kind is LineKind.ADJUSTMENT]


def test_nrw_2004_finanzplan() -> None:
    fp = schema(NRW_2004, FP)
    entries = [
        d for d in fp.lines if d.kind is LineKind.ENTRY and d.direction is not Direction.NONE
    ]
    assert len(entries) == 27  # the 27 positions of § 3 (1) GemHVO 2004, in order
    assert [d.number for d in entries] == [
        *range(1, 9),
        *range(10, 16),
        *range(18, 23),
        *range(24, 30),
        33,
        34,
    ]
    assert "Liquiditätssicherung" not in " ".join(d.name for d in fp.lines)
    # lines 1–32 keep the 2019 numbers, so Teilfinanzplan k → Finanzplan k + 17 still holds
    fp2019 = schema(NRW_2019, FP)
    for d in fp.lines[:32]:
        other = line(fp2019, d.number)
        assert (d.kind, d.direction, d.formula) == (other.kind, other.direction, other.formula)


# --- Real figures ------------------------------------------------------------------------

# Ostbevern 2026, Ansatz 2026, Gesamtergebnisplan: [S14] daten/aufbereitet/ergebnisplan.csv
# (PDF p. 62); totals as domain.md § 2.2. The GMA is stored as a positive amount.
OSTBEVERN_2026_ERGEBNIS = {
    1: 18_443_000,
    2: 3_113_200,
    4: 2_390_607,
    5: 389_800,
    6: 762_070,
    7: 1_943_386,
    11: 5_204_054,
    12: 258_000,
    13: 7_023_472,
    14: 2_758_142,
    15: 13_764_981,
    16: 1_246_920,
    19: 460_000,
    20: 200_000,
    27: 600_000,
}


def test_ostbevern_2026_ergebnisplan() -> None:
    v = evaluate(schema(NRW_2019, EP), OSTBEVERN_2026_ERGEBNIS)
    assert v[10] == 27_042_063
    assert v[17] == 30_255_569
    assert v[10] + v[19] == 27_502_063  # Satzung: Gesamtbetrag der Erträge
    assert v[17] + v[20] == 30_455_569  # Satzung: Gesamtbetrag der Aufwendungen
    assert v[18] == -3_213_506
    assert v[21] == 260_000
    assert v[22] == -2_953_506
    assert v[26] == -2_953_506
    assert v[28] == -2_353_506  # Jahresergebnis after the GMA
    assert v[33] == 0


def test_ostbevern_2026_totals_only() -> None:
    # domain.md gives only the totals; put them on one position each and compute on.
    totals = {1: 27_042_063, 11: 30_255_569, 19: 460_000, 20: 200_000, 27: 600_000}
    v = evaluate(schema(NRW_2019, EP), totals)
    assert (v[10], v[17], v[28]) == (27_042_063, 30_255_569, -2_353_506)


def test_ostbevern_2026_under_gemhvo_has_no_gma() -> None:
    v = evaluate(schema(NRW_2004, EP), OSTBEVERN_2026_ERGEBNIS)
    assert v[26] == -2_953_506
    assert 27 not in v


# Münster 2026, Haushaltsansatz 2026, Gesamtfinanzplan: [S13]
# daten/raw_table_extraction/band1_p011/p012_PG12_Finanzplan_t0.csv; 9, 16, 17 as domain.md.
MUENSTER_2026_FINANZ = {
    1: 772_920_000,
    2: 295_823_250,
    3: 23_520_410,
    4: 146_690_650,
    5: 29_074_230,
    6: 283_515_830,
    7: 45_813_430,
    8: 21_624_880,
    10: 366_586_060,
    11: 36_000_000,
    12: 171_340_980,
    13: 42_707_000,
    14: 894_812_030,
    15: 116_328_320,
    18: 109_056_350,
    19: 590_120,
    20: 18_330_710,
    21: 4_195_020,
    22: 4_200_000,
    24: 12_707_510,
    25: 367_332_350,
    26: 26_848_710,
    27: 105_270_500,
    28: 14_060_820,
    29: 8_380_000,
    33: 421_363_520,
    34: 709_417_513,
    35: 62_089_000,
    36: 787_061_668,
    39: 125_389_035,
    40: 0,
}


def test_muenster_2026_finanzplan() -> None:
    v = evaluate(schema(NRW_2019, FP), MUENSTER_2026_FINANZ)
    assert v[9] == 1_618_982_680
    assert v[16] == 1_627_774_390
    assert v[17] == -8_791_710
    assert v[23] == 136_372_200
    assert v[30] == 534_599_890
    assert v[31] == -398_227_690
    assert v[32] == -407_019_400
    assert v[37] == 281_630_365
    assert v[38] == -125_389_035
    assert v[41] == 0


def test_muenster_2026_finanzplan_totals_only() -> None:
    v = evaluate(schema(NRW_2019, FP), {1: 1_618_982_680, 10: 1_627_774_390})
    assert (v[9], v[16], v[17]) == (1_618_982_680, 1_627_774_390, -8_791_710)


def test_finanzplan_2004_balances() -> None:
    # Münster's operating and investment figures through the 2004 layout: 01–32 agree.
    v = evaluate(schema(NRW_2004, FP), {k: a for k, a in MUENSTER_2026_FINANZ.items() if k < 33})
    assert v[17] == -8_791_710
    assert v[32] == -407_019_400
    v = evaluate(schema(NRW_2004, FP), {32: 0, 33: 500, 34: 200, 37: 1_000})
    assert (v[35], v[36], v[38]) == (300, 300, 1_300)


# --- Aggregation and roles -----------------------------------------------------------------


@FRAMEWORKS
def test_aggregation(fw: Framework) -> None:
    tep = {(n, target, m) for src, n, target, m in fw.aggregation if src is TEP}
    assert tep == {(n, EP, n) for n in range(1, 27)}  # never 27/28 (internal relations)
    tfp = {(k, target, m) for src, k, target, m in fw.aggregation if src is TFP}
    assert tfp == {(k, FP, k + 17) for k in range(1, 15)}
    assert len(fw.aggregation) == 26 + 14
    for src, n, target, m in fw.aggregation:
        part, whole = line(schema(fw, src), n), line(schema(fw, target), m)
        assert src.is_part
        assert not target.is_part
        assert (part.kind, part.direction) == (whole.kind, whole.direction)


@FRAMEWORKS
def test_teilplaene_sum_to_the_gesamtplan(fw: Framework) -> None:
    # Two Teilergebnispläne that charge each other 50 for internal services.
    parts = [
        {1: 1_000, 11: 400, 19: 10, 27: 0, 28: 50},
        {2: 300, 13: 700, 20: 5, 23: 7, 27: 50, 28: 0},
    ]
    part_values = [evaluate(schema(fw, TEP), p) for p in parts]
    whole: dict[int, int] = {}
    for src, n, target, m in fw.aggregation:
        if src is TEP and target is EP and not line(schema(fw, EP), m).is_computed:
            whole[m] = whole.get(m, 0) + sum(v[n] for v in part_values)
    v = evaluate(schema(fw, EP), whole)
    assert v[26] == sum(p[26] for p in part_values) == 212
    assert v[26] == sum(p[29] for p in part_values)  # internal relations net out


def test_roles_2019() -> None:
    assert NRW_2019.line_for(LineRole.ANNUAL_RESULT) == (EP, 26)
    assert NRW_2019.line_for(LineRole.ANNUAL_RESULT_AFTER_GMA) == (EP, 28)
    assert NRW_2019.line_for(LineRole.GLOBAL_REDUCTION) == (EP, 27)
    assert NRW_2019.line_for(LineRole.CASH_SURPLUS) == (FP, 32)
    assert NRW_2019.lines_for(LineRole.FINANCING_RECEIPTS) == ((FP, 33), (FP, 34))
    assert NRW_2019.lines_for(LineRole.FINANCING_PAYMENTS) == ((FP, 35), (FP, 36))
    assert NRW_2019.line_for(LineRole.PART_RESULT) == (TEP, 29)
    assert {r for r, _, _ in NRW_2019.roles} == set(LineRole)


def test_roles_2004() -> None:
    assert NRW_2004.line_for(LineRole.GLOBAL_REDUCTION) is None
    assert NRW_2004.line_for(LineRole.ANNUAL_RESULT_AFTER_GMA) is None
    assert NRW_2004.line_for(LineRole.ANNUAL_RESULT) == (EP, 26)
    assert NRW_2004.lines_for(LineRole.FINANCING_RECEIPTS) == ((FP, 33),)
    assert NRW_2004.lines_for(LineRole.FINANCING_PAYMENTS) == ((FP, 34),)
    missing = {LineRole.GLOBAL_REDUCTION, LineRole.ANNUAL_RESULT_AFTER_GMA}
    assert {r for r, _, _ in NRW_2004.roles} == set(LineRole) - missing


@FRAMEWORKS
def test_roles_point_at_existing_lines(fw: Framework) -> None:
    for _role, plan, number in fw.roles:
        line(schema(fw, plan), number)
    receipts = [line(schema(fw, p), n) for r, p, n in fw.roles if r.value.endswith("-receipts")]
    assert all(d.direction is not Direction.OUT for d in receipts)


# --- Catalog lookup ------------------------------------------------------------------------


def test_get() -> None:
    assert nkf.frameworks.get("nrw_2019") is NRW_2019
    assert nkf.frameworks.get("nrw_2004") is NRW_2004
    assert set(nkf.frameworks.available()) == {"nrw_2019", "nrw_2004"}


def test_get_unknown_framework() -> None:
    with pytest.raises(UnknownFramework):
        nkf.frameworks.get("unknown")
    with pytest.raises(KeyError):
        nkf.frameworks.get("bayern_2007")


def test_get_with_extra_catalog() -> None:
    other = Framework(
        id="test",
        name="Test",
        regulation="",
        valid_from="2020-01-01",
        areas=(),
        statistical_groups=(),
        schemas=(),
    )
    assert nkf.frameworks.get("test", {"test": other}) is other
    assert nkf.frameworks.get("nrw_2019", {"test": other}) is NRW_2019


@FRAMEWORKS
def test_framework_metadata(fw: Framework) -> None:
    assert fw.name
    assert fw.regulation
    assert fw.source
    assert fw.valid_from in {"2005-01-01", "2019-01-01"}
    assert {s.plan for s in fw.schemas} == set(PlanKind)
