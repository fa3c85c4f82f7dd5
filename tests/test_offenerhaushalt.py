"""Tests for nkf.interop.offenerhaushalt: the Offener-Haushalt CSV import.

The three real files (tests/data/offenerhaushalt/, see PROVENANCE.md) must import with
totals equal to the file's own totals, computed here independently with the csv module.
Synthetic CSVs cover the variety of real exports: separators, encodings, decimal
notation, signs, code notations, custom column mappings and broken rows.
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nkf.diagnostics import Severity
from nkf.errors import InvalidFormat, LoadError
from nkf.frameworks import Direction
from nkf.interop.offenerhaushalt import (
    AHAUS,
    KOELN,
    LAYOUTS,
    STANDARD_DATASET,
    ColumnMapping,
    FileTotal,
    ImportResult,
    account_line,
    detect_layout,
    import_csv,
    parse_number,
    plan_totals,
    read_csv,
)
from nkf.model import Column, PlanKind, ValueKind
from nkf.rules import validate

DATA = Path(__file__).parent / "data" / "offenerhaushalt"
TEP = PlanKind.TEILERGEBNISPLAN
IN, OUT = Direction.IN, Direction.OUT
ERGEBNIS, ANSATZ, PLANUNG = ValueKind.ERGEBNIS, ValueKind.ANSATZ, ValueKind.PLANUNG

Totals = dict[tuple[Direction, Column], Decimal]


# ------------------------------------------------------------------ independent file totals


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8-sig", newline="") as fh:
        return [{k.strip(): v for k, v in row.items()} for row in csv.DictReader(fh)]


def _add(totals: Totals, direction: Direction, column: Column, amount: Decimal) -> None:
    totals[direction, column] = totals.get((direction, column), Decimal(0)) + amount


def koeln_totals() -> Totals:
    totals: Totals = {}
    for row in _rows("koeln-2012.csv"):
        direction = {"Ertrag": IN, "Aufwand": OUT}[row["art_label"]]
        column = Column(year=int(row["time_year"]), kind=ANSATZ)
        _add(totals, direction, column, Decimal(row["amount"]))
    return totals


def ahaus_totals() -> Totals:
    totals: Totals = {}
    kinds = {"Ergebnis": ERGEBNIS, "Ansatz": ANSATZ, "Planung": PLANUNG}
    for row in _rows("ahaus-2018-entwurf.csv"):
        direction = {"Ord. Erträge": IN, "Ord. Aufwendungen": OUT}[row["Richtung"]]
        column = Column(year=int(row["Jahr"]), kind=kinds[row["HHArt"]])
        assert "." not in row["Betrag"]  # German decimals without thousands separators
        _add(totals, direction, column, Decimal(row["Betrag"].replace(",", ".")))
    return totals


def standard_totals() -> Totals:
    totals: Totals = {}
    kinds = {"Ist": ERGEBNIS, "Plan": ANSATZ, "Soll": ANSATZ}
    for row in _rows("standard-datensatz-ohh.csv"):
        direction = {"Einnahmen": IN, "Ausgaben": OUT}[row["Budget Richtung"]]
        column = Column(year=int(row["Jahr"]), kind=kinds[row["Betrag-Typ"]])
        _add(totals, direction, column, Decimal(row["Betrag"]))
    return totals


def as_totals(totals: tuple[FileTotal, ...], *, imported: bool = False) -> Totals:
    return {(t.direction, t.column): t.imported if imported else t.amount for t in totals}


def ordinary_sums(result: ImportResult) -> Totals:
    """Σ over the units that carry lines of line 10 (Erträge) and 17 (Aufwendungen)."""
    totals: Totals = {}
    for unit in result.plan.units():
        for direction, number in ((IN, 10), (OUT, 17)):
            line = unit.line(TEP, number)
            if line is None:
                continue
            for column, value in zip(line.columns, line.values, strict=True):
                if value is not None:
                    _add(totals, direction, column, value)
    return totals


REAL_FILES = {
    "koeln-2012.csv": koeln_totals,
    "ahaus-2018-entwurf.csv": ahaus_totals,
    "standard-datensatz-ohh.csv": standard_totals,
}


@pytest.fixture(scope="module", params=sorted(REAL_FILES))
def real(request: pytest.FixtureRequest) -> tuple[str, ImportResult]:
    name: str = request.param
    return name, import_csv(DATA / name)


# ------------------------------------------------------------------------------- real files


def test_real_file_totals_equal_the_files_own_totals(real: tuple[str, ImportResult]) -> None:
    name, result = real
    expected = REAL_FILES[name]()
    assert as_totals(result.totals) == expected
    assert as_totals(result.totals, imported=True) == expected
    assert plan_totals(result.plan) == expected
    assert ordinary_sums(result) == expected
    assert sum(t.rows for t in result.totals) == len(_rows(name))


def test_real_file_imports_without_row_errors(real: tuple[str, ImportResult]) -> None:
    name, result = real
    assert result.ok, [str(d) for d in result.diagnostics if d.is_error]
    assert not [d for d in result.diagnostics if d.code.startswith("NKF-E")]
    assert result.encoding == "utf-8"
    assert result.delimiter == ","
    assert "NKF-I730" in {d.code for d in result.diagnostics}
    assert result.plan.note is not None
    assert name in result.plan.note


def test_real_file_plan_validates(real: tuple[str, ImportResult]) -> None:
    name, result = real
    errors = [d for d in validate(result.plan) if d.is_error]
    if name == "koeln-2012.csv":
        # Köln's local Produktbereich 18 "Bezirksorientierte Mittel" is no NRW
        # Produktbereich; the importer keeps it (NKF-W721) so that the totals match the file.
        assert [(d.code, d.location and d.location.path) for d in errors] == [
            ("NKF-E104", "unit[18]")
        ]
    else:
        assert errors == []


def test_koeln_structure() -> None:
    result = import_csv(DATA / "koeln-2012.csv", municipality="Köln")
    plan = result.plan
    assert result.layout == KOELN.name
    assert plan.municipality.name == "Köln"
    assert plan.years == (2012,)
    assert [a.code for a in plan.areas] == [f"{i:02d}" for i in range(1, 19)]
    social = plan.area("05")
    assert social is not None
    assert social.name == "Soziale Hilfen"  # Köln's old name, an alias of the framework
    assert [g.code for g in social.groups] == [f"05{i:02d}" for i in range(1, 9)]
    group = plan.group("0101")
    assert group is not None
    assert group.name.startswith("Politische Gremien")
    assert group.line(TEP, 10).values == (Decimal(461415),)  # type: ignore[union-attr]
    assert group.line(TEP, 17).values == (Decimal(14818542),)  # type: ignore[union-attr]
    assert group.line(TEP, 18).values == (Decimal(461415 - 14818542),)  # type: ignore[union-attr]
    assert plan.group("1001") is not None
    assert plan.group("1724") is not None
    local = plan.area("18")
    assert local is not None
    assert local.name == "Bezirksorientierte Mittel"
    assert [g.code for g in local.groups] == ["1801"]
    assert sum(len(a.groups) for a in plan.areas) == 101
    codes = Counter(d.code for d in result.diagnostics)
    assert codes == {"NKF-I730": 1, "NKF-I731": 1, "NKF-I732": 1, "NKF-W721": 1}
    warning = next(d for d in result.diagnostics if d.code == "NKF-W721")
    assert warning.location is not None
    assert warning.location.line == 202  # the first row of area 18


def test_ahaus_structure() -> None:
    result = import_csv(DATA / "ahaus-2018-entwurf.csv")
    plan = result.plan
    assert result.layout == AHAUS.name
    assert plan.years == (2018,)
    assert plan.planning_years == (2019, 2020, 2021)
    group = plan.group("0101")
    assert group is not None
    assert group.name == "Politische Gremien"
    line = group.line(TEP, 17)
    assert line is not None
    assert [str(c) for c in line.columns] == [
        "Ergebnis 2016",
        "Ansatz 2017",
        "Ansatz 2018",
        "Planung 2019",
        "Planung 2020",
        "Planung 2021",
    ]
    assert line.value(Column(year=2016, kind=ERGEBNIS)) == Decimal("342555.19")
    assert plan.area("04").name == "Kultur"  # type: ignore[union-attr]
    # "Kinder-, Jugend-  und Familienhilfe" with a double space in the file
    assert plan.area("06").name == "Kinder-, Jugend- und Familienhilfe"  # type: ignore[union-attr]
    assert sum(len(a.groups) for a in plan.areas) == 45
    assert {d.code for d in result.diagnostics} == {"NKF-I730"}


def test_standard_dataset_structure() -> None:
    result = import_csv(DATA / "standard-datensatz-ohh.csv")
    plan = result.plan
    assert result.layout == STANDARD_DATASET.name
    assert plan.years == (2017,)
    assert [a.code for a in plan.areas] == ["05", "06"]
    assert plan.area("05").name == "Soziale Leistungen"  # type: ignore[union-attr]
    assert [g.code for g in plan.areas[0].groups] == [
        "0503",
        "0504",
        "0508",
        "0509",
        "0512",
        "0513",
    ]
    group = plan.group("0503")
    assert group is not None
    assert group.name == "Soziale Einrichtungen"  # stray spaces of the file removed
    ist = Column(year=2016, kind=ERGEBNIS)
    # Kontengruppe 41 → line 2, 57 → line 14, 54 (48.72 − 48.72) → line 16
    assert group.line(TEP, 2).value(ist) == Decimal("24162.64")  # type: ignore[union-attr]
    assert group.line(TEP, 14).value(ist) == Decimal("45261.88")  # type: ignore[union-attr]
    assert group.line(TEP, 16).value(ist) == 0  # type: ignore[union-attr]
    assert group.line(TEP, 10).value(ist) == Decimal("24162.64")  # type: ignore[union-attr]
    assert group.line(TEP, 18).value(ist) == Decimal("-21099.24")  # type: ignore[union-attr]
    # Kostenart 44830 (Erstattung Ausgleichsabgabe) is a Kostenerstattung → line 6
    assert plan.group("0504").line(TEP, 6) is not None  # type: ignore[union-attr]
    kita = plan.group("0601")
    assert kita is not None
    plan_2017 = Column(year=2017, kind=ANSATZ)
    assert kita.line(TEP, 11).value(plan_2017) == Decimal("9115700.31")  # type: ignore[union-attr]
    assert kita.line(TEP, 17).value(plan_2017) == Decimal("25855010.44")  # type: ignore[union-attr]


def test_layout_detection_of_real_headers() -> None:
    for name, layout in (
        ("koeln-2012.csv", KOELN),
        ("ahaus-2018-entwurf.csv", AHAUS),
        ("standard-datensatz-ohh.csv", STANDARD_DATASET),
    ):
        assert detect_layout(read_csv(DATA / name).header) is layout
    assert len(LAYOUTS) == 3


# --------------------------------------------------------------------------- file variety


def ahaus_like(rows: list[tuple[str, ...]], *, sep: str = ",") -> str:
    header = (
        "Produktbereich",
        "Produktbereichsname",
        "Produktgruppe",
        "Produktgruppenbezeichnung",
        "Richtung",
        "HHArt",
        "Jahr",
        "Betrag",
    )
    out = io.StringIO()
    writer = csv.writer(out, delimiter=sep, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def test_semicolon_latin1_german_decimals() -> None:
    text = ahaus_like(
        [
            (
                "05",
                "Soziale Leistungen",
                "05.01",
                "Hilfen für Ältere",
                "Ord. Erträge",
                "Ansatz",
                "2026",
                "1.234,56",
            ),
            (
                "05",
                "Soziale Leistungen",
                "05.01",
                "Hilfen für Ältere",
                "Ord. Aufwendungen",
                "Ansatz",
                "2026",
                "12.000",
            ),
            (
                "05",
                "Soziale Leistungen",
                "05.02",
                "Straßenbau",
                "Ord. Aufwendungen",
                "Ansatz",
                "2026",
                "0,5",
            ),
        ],
        sep=";",
    )
    result = import_csv(text.encode("latin-1"))
    assert result.ok
    assert result.encoding == "cp1252"
    assert result.delimiter == ";"
    group = result.plan.group("0501")
    assert group is not None
    assert group.name == "Hilfen für Ältere"
    assert group.line(TEP, 10).values == (Decimal("1234.56"),)  # type: ignore[union-attr]
    # "12.000" in a German column is twelve thousand, not twelve
    assert group.line(TEP, 17).values == (Decimal(12000),)  # type: ignore[union-attr]
    assert result.plan.group("0502").name == "Straßenbau"  # type: ignore[union-attr]


def test_tab_separated_english_decimals() -> None:
    text = ahaus_like(
        [
            ("1", "", "0101", "", "Ertrag", "Ist", "2024", "1,234.50"),
            ("1", "", "0101", "", "Aufwand", "Ist", "2024", "99.999"),
            ("1", "", "0101", "", "Aufwand", "Soll", "2025", "1000.25"),
        ],
        sep="\t",
    )
    result = import_csv(text.encode())
    assert result.ok
    assert result.delimiter == "\t"
    group = result.plan.group("0101")
    assert group is not None
    ist = Column(year=2024, kind=ERGEBNIS)
    assert group.line(TEP, 10).value(ist) == Decimal("1234.50")  # type: ignore[union-attr]
    # the column is English (1,234.50 and 1000.25), so 99.999 is a decimal
    assert group.line(TEP, 17).value(ist) == Decimal("99.999")  # type: ignore[union-attr]
    assert result.plan.area("01").name == "Innere Verwaltung"  # type: ignore[union-attr]
    assert result.plan.years == (2025,)


def test_utf8_bom_and_utf16() -> None:
    text = ahaus_like(
        [("01", "Innere Verwaltung", "01.01", "Gremien", "Ord. Erträge", "Ansatz", "2026", "10")]
    )
    with_bom = import_csv(b"\xef\xbb\xbf" + text.encode())
    assert with_bom.ok
    assert with_bom.encoding == "utf-8-sig"
    assert with_bom.layout == AHAUS.name
    utf16 = import_csv(text.encode("utf-16"))
    assert utf16.ok
    assert utf16.encoding == "utf-16"
    assert utf16.plan == with_bom.plan


def test_signs_trailing_minus_and_parentheses() -> None:
    text = ahaus_like(
        [
            ("01", "", "01.01", "", "Ord. Erträge", "Ansatz", "2026", "1.234,56-"),
            ("01", "", "01.02", "", "Ord. Erträge", "Ansatz", "2026", "(48,72)"),
            ("01", "", "01.03", "", "Ord. Erträge", "Ansatz", "2026", "−5"),
            ("01", "", "01.04", "", "Ord. Erträge", "Ansatz", "2026", "+7,00 €"),
        ],
        sep=";",
    )
    result = import_csv(text.encode())
    assert result.ok
    values = [result.plan.group(f"010{i}").line(TEP, 10).values[0] for i in range(1, 5)]  # type: ignore[union-attr]
    assert values == [Decimal("-1234.56"), Decimal("-48.72"), Decimal(-5), Decimal("7.00")]


PRODUCT_MAPPING = ColumnMapping(
    product_code="Produkt",
    product_name="Bezeichnung",
    direction="Art",
    year="Jahr",
    amount="Betrag",
    default_kind=ValueKind.ANSATZ,
)


def product_csv(rows: list[tuple[str, str, str, str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    writer.writerow(("Produkt", "Bezeichnung", "Art", "Jahr", "Betrag"))
    writer.writerows(rows)
    return out.getvalue().encode()


def test_code_notations() -> None:
    data = product_csv(
        [
            ("05.01.01", "Beratung von Senioren", "Aufwand", "2026", "100"),
            ("0501-01", "Beratung von Senioren", "Aufwand", "2026", "50"),
            ("0531101", "Grundsicherung", "Aufwand", "2026", "30"),
            ("531301", "Leistungen für Asylbewerber", "Aufwand", "2026", "20"),
        ]
    )
    result = import_csv(data, mapping=PRODUCT_MAPPING)
    assert result.ok
    plan = result.plan
    assert [p.code for p in plan.products()] == ["050101", "0531101", "0531301"]
    product = plan.product("050101")
    assert product is not None
    assert product.line(TEP, 17).values == (Decimal(150),)  # type: ignore[union-attr]
    assert [g.code for g in plan.areas[0].groups] == ["0501", "05311", "05313"]
    # a statistical group without a name in the file is named by the framework
    assert plan.group("05313").name == "Leistungen für Asylbewerber (AsylbLG)"  # type: ignore[union-attr]
    assert plan.group("0501").name == "Produktgruppe 0501"  # type: ignore[union-attr]
    assert [d.code for d in validate(plan) if d.is_error] == []
    assert "NKF-I731" in {d.code for d in result.diagnostics}


def test_custom_mapping_from_dict() -> None:
    text = (
        "Bereich|PG-Nr|PG-Text|E/A|Art|HJ|Wert\n"
        "2|01|Ordnungsamt|E|HH|2027|100,00\n"
        "2|01|Ordnungsamt|A|HH|2027|250,50\n"
        "2|02|Feuerwehr|A|Fplg|2028|1.000,00\n"
    )
    mapping = ColumnMapping.from_dict(
        {
            "name": "Musterstadt",
            "area_code": "Bereich",
            "group_code": "PG-Nr",
            "group_name": "PG-Text",
            "direction": "E/A",
            "kind": "Art",
            "year": "HJ",
            "amount": "Wert",
            "directions": {"E": "in", "A": "out"},
            "kinds": {"HH": "ansatz", "Fplg": "planung"},
        }
    )
    assert detect_layout(read_csv(text.encode()).header) is None
    result = import_csv(text.encode(), mapping=mapping, municipality="Musterstadt")
    assert result.ok, [str(d) for d in result.diagnostics]
    assert result.layout == "Musterstadt"
    assert result.delimiter == "|"
    plan = result.plan
    assert plan.years == (2027,)
    assert plan.planning_years == (2028,)
    order = plan.group("0201")
    assert order is not None
    assert order.name == "Ordnungsamt"
    assert order.line(TEP, 18).value(Column(year=2027, kind=ANSATZ)) == Decimal("-150.50")  # type: ignore[union-attr]
    fire = plan.group("0202")
    assert fire is not None
    assert fire.line(TEP, 17).value(Column(year=2028, kind=PLANUNG)) == Decimal(1000)  # type: ignore[union-attr]


def test_mapping_from_dict_rejects_bad_configuration() -> None:
    with pytest.raises(ValueError, match="Unbekannte Angabe"):
        ColumnMapping.from_dict({"amount": "Betrag", "betrag": "x"})
    with pytest.raises(ValueError, match="Produktbereich, Produktgruppe oder Produkt"):
        ColumnMapping.from_dict({"amount": "Betrag", "year": "Jahr", "direction": "R"})
    with pytest.raises(ValueError, match="Jahr"):
        ColumnMapping.from_dict({"amount": "Betrag", "group_code": "PG", "direction": "R"})
    with pytest.raises(ValueError, match="Richtung"):
        ColumnMapping.from_dict({"amount": "Betrag", "group_code": "PG", "year": "J"})
    with pytest.raises(ValueError, match="keine Richtung"):
        ColumnMapping.from_dict(
            {
                "amount": "B",
                "group_code": "PG",
                "year": "J",
                "direction": "R",
                "directions": {"x": "y"},
            }
        )
    with pytest.raises(ValueError, match="keine Wertart"):
        ColumnMapping.from_dict(
            {
                "amount": "B",
                "group_code": "PG",
                "year": "J",
                "direction": "R",
                "default_kind": "VE?",
            }
        )
    with pytest.raises(ValueError, match="decimal_mark"):
        ColumnMapping.from_dict(
            {"amount": "B", "group_code": "PG", "year": "J", "direction": "R", "decimal_mark": ";"}
        )
    with pytest.raises(ValueError, match="unvollständig"):
        ColumnMapping.from_dict({"group_code": "PG"})


def test_account_rows_without_direction_column() -> None:
    mapping = ColumnMapping(
        group_code="PG", account_code="Konto", year="Jahr", kind="Art", amount="Betrag"
    )
    text = (
        "PG,Konto,Jahr,Art,Betrag\n"
        "0601,41410,2026,Ansatz,1000\n"
        "0601,44810,2026,Ansatz,200\n"
        "0601,46100,2026,Ansatz,5\n"
        "0601,50110,2026,Ansatz,700\n"
        "0601,55100,2026,Ansatz,30\n"
        "0601,58100,2026,Ansatz,40\n"
    )
    result = import_csv(text.encode(), mapping=mapping)
    assert result.ok, [str(d) for d in result.diagnostics]
    group = result.plan.group("0601")
    assert group is not None
    numbers = {line.number: line.values[0] for line in group.lines}
    assert numbers[2] == 1000
    assert numbers[6] == 200
    assert numbers[19] == 5
    assert numbers[11] == 700
    assert numbers[20] == 30
    assert numbers[28] == 40
    assert numbers[10] == 1200
    assert numbers[18] == 500  # 1200 − 700
    assert numbers[29] == 500 + 5 - 30 - 40
    col = Column(year=2026, kind=ANSATZ)
    assert plan_totals(result.plan) == {(IN, col): Decimal(1205), (OUT, col): Decimal(770)}
    assert as_totals(result.totals) == plan_totals(result.plan)


def test_negate_expenses_and_extra_accounts() -> None:
    mapping = ColumnMapping(
        group_code="PG",
        account_code="Konto",
        direction="R",
        year="Jahr",
        amount="Betrag",
        default_kind=ValueKind.ERGEBNIS,
        negate_expenses=True,
        accounts={"56": 20},
    )
    text = "PG;Konto;R;Jahr;Betrag\n0101;56;Ausgaben;2024;-10\n0101;50;Ausgaben;2024;-90\n"
    result = import_csv(text.encode(), mapping=mapping)
    assert result.ok, [str(d) for d in result.diagnostics]
    group = result.plan.group("0101")
    assert group is not None
    assert group.line(TEP, 20).values == (Decimal(10),)  # type: ignore[union-attr]
    assert group.line(TEP, 17).values == (Decimal(90),)  # type: ignore[union-attr]
    assert {d.code for d in result.diagnostics} >= {"NKF-I733"}  # no Ansatz: year guessed
    assert result.plan.years == (2024,)


def test_budget_years_can_be_configured() -> None:
    result = import_csv(DATA / "ahaus-2018-entwurf.csv", budget_years=(2017, 2018))
    assert result.plan.years == (2017, 2018)


# ------------------------------------------------------------------------------ bad input


BAD = (
    "Produktbereich,Produktbereichsname,Produktgruppe,Produktgruppenbezeichnung,Richtung,HHArt,Jahr,Betrag\n"
    "01,Innere Verwaltung,01.01,Gremien,Ord. Erträge,Ansatz,2026,100\n"  # 2 ok
    "01,Innere Verwaltung,01.0x,Gremien,Ord. Erträge,Ansatz,2026,5\n"  # 3 bad code
    "01,Innere Verwaltung,01.01,Gremien,Zuschuss,Ansatz,2026,7\n"  # 4 unknown direction
    "01,Innere Verwaltung,01.01,Gremien,Ord. Erträge,Ansatz,2026,zehn\n"  # 5 bad amount
    "01,Innere Verwaltung,01.01,Gremien,Ord. Erträge,VE,2026,11\n"  # 6 unknown kind
    "01,Innere Verwaltung,01.01,Gremien,Ord. Erträge,Ansatz,26,13\n"  # 7 bad year
    "01,Innere Verwaltung,02.01,Gremien,Ord. Erträge,Ansatz,2026,17\n"  # 8 group not in area
    "01,Innere Verwaltung,01.01,Gremien,Ord. Aufwendungen,Ansatz,2026,\n"  # 9 empty amount
    "01,Innere Verwaltung,01.01,Gremien,Ord. Aufwendungen,Ansatz,2026,40,extra\n"  # 10 too many
    '01,Innere Verwaltung,01.01,"Gremien\n'  # 11-12 a name over two lines
    'und Ausschüsse",Ord. Aufwendungen,Ansatz,2026,60\n'
    "19,Unbekannt,19.01,Gremien,Ord. Aufwendungen,Ansatz,2026,70\n"  # 13 unknown area
    "01,Innere Verwaltung,01.01,Gremien,Ord. Aufwendungen,Ansatz,2026,1.2.3\n"  # 14 bad amount
)


def test_bad_rows_become_diagnostics_with_line_numbers() -> None:
    result = import_csv(BAD.encode(), municipality="Prüfstadt")
    assert not result.ok
    errors = [
        (d.location.line if d.location else None, d.code) for d in result.diagnostics if d.is_error
    ]
    assert errors == [
        (3, "NKF-E710"),
        (4, "NKF-E712"),
        (5, "NKF-E715"),
        (6, "NKF-E713"),
        (7, "NKF-E714"),
        (8, "NKF-E711"),
        (10, "NKF-E718"),
        (13, "NKF-E710"),
        (14, "NKF-E715"),
    ]
    warnings = [
        (d.location.line if d.location else None, d.code)
        for d in result.diagnostics
        if d.severity is Severity.WARNING
    ]
    assert warnings == [(9, "NKF-W720"), (11, "NKF-W722")]
    for d in result.diagnostics:
        if d.is_error:
            assert "nicht übernommen" in d.message
    # the sound rows are imported
    group = result.plan.group("0101")
    assert group is not None
    assert group.line(TEP, 10).values == (Decimal(100),)  # type: ignore[union-attr]
    assert group.line(TEP, 17).values == (Decimal(60),)  # type: ignore[union-attr]
    assert group.name == "Gremien"
    assert [a.code for a in result.plan.areas] == ["01"]
    # the file totals count every row whose direction, kind, year and amount were read
    col = Column(year=2026, kind=ANSATZ)
    by_key = {(t.direction, t.column): t for t in result.totals}
    assert by_key[IN, col].amount == 100 + 5 + 17
    assert by_key[IN, col].imported == 100
    assert by_key[IN, col].rows == 3
    assert by_key[OUT, col].amount == 60 + 70
    assert by_key[OUT, col].imported == 60
    assert plan_totals(result.plan) == as_totals(result.totals, imported=True)


def test_account_errors() -> None:
    mapping = ColumnMapping(
        group_code="PG",
        account_code="Konto",
        direction="R",
        year="Jahr",
        amount="Betrag",
        default_kind=ValueKind.ANSATZ,
    )
    text = (
        "PG,Konto,R,Jahr,Betrag\n"
        "0101,50,Ausgaben,2026,1\n"
        "0101,41,Ausgaben,2026,2\n"  # 3: Ertrag account in an Ausgaben row
        "0101,56,Ausgaben,2026,3\n"  # 4: Kontengruppe 56 is not mapped
        "0101,,Ausgaben,2026,4\n"  # 5: no account
        "0101,71,Ausgaben,2026,5\n"  # 6: Finanzrechnung account
    )
    result = import_csv(text.encode(), mapping=mapping)
    errors = [
        (d.location.line if d.location else None, d.code) for d in result.diagnostics if d.is_error
    ]
    assert errors == [(3, "NKF-E717"), (4, "NKF-E716"), (5, "NKF-E716"), (6, "NKF-E716")]
    assert result.plan.group("0101").line(TEP, 11).values == (Decimal(1),)  # type: ignore[union-attr]


def test_unknown_header_layout_lists_the_headers() -> None:
    result = import_csv(b"Konto;Wert;Bemerkung\n4711;12,50;x\n")
    assert [d.code for d in result.diagnostics] == ["NKF-E704"]
    message = result.diagnostics[0].message
    for header in ("„Konto“", "„Wert“", "„Bemerkung“", "ColumnMapping", "docs/import.md"):
        assert header in message
    assert result.plan.areas == ()
    assert result.totals == ()


def test_mapping_naming_missing_columns() -> None:
    result = import_csv(DATA / "koeln-2012.csv", mapping=AHAUS)
    assert [d.code for d in result.diagnostics] == ["NKF-E705"]
    assert "„HHArt“" in result.diagnostics[0].message
    assert "„art_label“" in result.diagnostics[0].message


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
        b"Jahr,Betrag\n2026,1\x00\x00\n",
        b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + bytes(range(1, 32)) * 8,
        b"\xff\xfe\x00\xd8",  # a UTF-16 BOM followed by a lone surrogate
        bytes(range(1, 32)) * 20,  # control characters, no NUL
        bytes(range(0x80, 0xA0)) * 20,  # neither UTF-8 nor cp1252: Latin-1 control characters
    ],
)
def test_binary_garbage_is_a_diagnostic(data: bytes) -> None:
    result = import_csv(data)
    assert [d.code for d in result.diagnostics] == ["NKF-E702"]
    assert result.plan.areas == ()


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"", "NKF-E703"), (b"  \r\n\n", "NKF-E703"), (b"Jahr,Betrag\n", "NKF-E703")],
)
def test_empty_files(data: bytes, code: str) -> None:
    assert [d.code for d in import_csv(data).diagnostics] == [code]


def test_missing_file_raises_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError) as info:
        import_csv(tmp_path / "fehlt.csv")
    assert [d.code for d in info.value.diagnostics] == ["NKF-E701"]
    with pytest.raises(LoadError):
        import_csv(tmp_path)


def test_file_too_large(tmp_path: Path) -> None:
    path = tmp_path / "gross.csv"
    path.write_bytes(b"Jahr,Betrag\n" + b"2026,1\n" * 100)
    assert [d.code for d in import_csv(path, max_bytes=100).diagnostics] == ["NKF-E706"]
    assert [d.code for d in import_csv(path.read_bytes(), max_bytes=100).diagnostics] == [
        "NKF-E706"
    ]


def test_duplicate_direction_rows_are_added_with_a_warning() -> None:
    text = ahaus_like(
        [
            ("01", "", "01.01", "", "Ord. Erträge", "Ansatz", "2026", "1"),
            ("01", "", "01.01", "", "Ord. Erträge", "Ansatz", "2026", "2"),
        ]
    )
    result = import_csv(text.encode())
    assert [
        (d.code, d.location.line if d.location else None)
        for d in result.diagnostics
        if d.code.startswith("NKF-W")
    ] == [("NKF-W724", 3)]
    assert result.plan.group("0101").line(TEP, 10).values == (Decimal(3),)  # type: ignore[union-attr]


def test_mixed_decimal_notation_warns() -> None:
    text = ahaus_like(
        [
            ("01", "", "01.01", "", "Ord. Erträge", "Ansatz", "2026", "1,50"),
            ("01", "", "01.02", "", "Ord. Erträge", "Ansatz", "2026", "2,25"),
            ("01", "", "01.03", "", "Ord. Erträge", "Ansatz", "2026", "3.75"),
        ]
    )
    result = import_csv(text.encode())
    assert "NKF-W723" in {d.code for d in result.diagnostics}
    assert result.plan.group("0103").line(TEP, 10).values == (Decimal("3.75"),)  # type: ignore[union-attr]


# -------------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "mark", "expected"),
    [
        ("342555,19", None, "342555.19"),
        ("24162.64", None, "24162.64"),
        ("0.0", None, "0.0"),
        ("1.234,56", None, "1234.56"),
        ("1,234.56", None, "1234.56"),
        ("1.234.567", None, "1234567"),
        ("1,234,567", None, "1234567"),
        ("1.234", None, "1.234"),
        ("1.234", ",", "1234"),
        ("1,234", None, "1.234"),
        ("1,234", ".", "1234"),
        ("1.23", ",", "1.23"),
        ("1 234,56", None, "1234.56"),
        ("1\u00a0234,56 €", None, "1234.56"),
        ("EUR 5", None, "5"),
        ("35.499.229-", None, "-35499229"),
        ("-48.72", None, "-48.72"),
        ("(48,72)", None, "-48.72"),
        ("−0", None, "0"),
        (",5", None, "0.5"),
        ("1'234.50", None, "1234.50"),
    ],
)
def test_parse_number(text: str, mark: str | None, expected: str) -> None:
    value = parse_number(text, decimal_mark=mark)
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "-",
        "abc",
        "1,2,3",
        "12.34.5",
        "1.234,5,6",
        "--5",
        "(-5)",
        "5,",
        "1.2.3,45.6",
        "1e5",
        "1,23 4",
    ],
)
def test_parse_number_rejects(text: str) -> None:
    with pytest.raises(InvalidFormat):
        parse_number(text)


def test_account_line_table() -> None:
    assert [account_line(c) for c in ("40", "41", "42", "43", "44", "448", "45", "46")] == [
        1,
        2,
        3,
        4,
        5,
        6,
        7,
        19,
    ]
    assert [account_line(c) for c in ("471", "472", "48", "49")] == [8, 9, 27, 23]
    assert [account_line(c) for c in ("50", "51", "52", "53", "54", "55", "57", "58", "59")] == [
        11,
        12,
        13,
        15,
        16,
        20,
        14,
        28,
        24,
    ]
    assert account_line("56") is None
    assert account_line("7") is None


# ---------------------------------------------------------------------------- round trip

DIRECTIONS = {
    IN: ("Ord. Erträge", "Ertrag", "Einnahmen"),
    OUT: ("Ord. Aufwendungen", "Aufwand", "Ausgaben"),
}
KIND_WORDS = {
    ERGEBNIS: ("Ergebnis", "Ist"),
    ANSATZ: ("Ansatz", "Soll", "Plan"),
    PLANUNG: ("Planung",),
}

rows_strategy = st.lists(
    st.tuples(
        st.integers(min_value=1, max_value=17),  # Produktbereich
        st.integers(min_value=1, max_value=12),  # local Produktgruppe
        st.sampled_from([IN, OUT]),
        st.sampled_from([ERGEBNIS, ANSATZ, PLANUNG]),
        st.integers(min_value=2018, max_value=2030),
        st.decimals(
            min_value=-(10**9), max_value=10**9, places=2, allow_nan=False, allow_infinity=False
        ),
        st.integers(min_value=0, max_value=2),  # which word
    ),
    min_size=1,
    max_size=25,
)


def german(value: Decimal, *, grouped: bool) -> str:
    text = f"{abs(value):,.2f}" if grouped else f"{abs(value):.2f}"
    text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return ("-" + text) if value < 0 else text


def english(value: Decimal, *, grouped: bool) -> str:
    return f"{value:,.2f}" if grouped else f"{value:.2f}"


@settings(max_examples=100, deadline=None)
@given(
    rows=rows_strategy,
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252"]),
    notation=st.sampled_from(["de", "en"]),
    grouped=st.booleans(),
    notation_style=st.sampled_from(["dotted", "plain", "label"]),
)
def test_round_trip_preserves_totals(
    *,
    rows: list[tuple[int, int, Direction, ValueKind, int, Decimal, int]],
    delimiter: str,
    encoding: str,
    notation: str,
    grouped: bool,
    notation_style: str,
) -> None:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(
        AHAUS.columns()[role]
        for role in (
            "area_code",
            "area_name",
            "group_code",
            "group_name",
            "direction",
            "kind",
            "year",
            "amount",
        )
    )
    expected: Totals = {}
    for area, group, direction, kind, year, amount, word in rows:
        code = {
            "dotted": f"{area:02d}.{group:02d}",
            "plain": f"{area:02d}{group:02d}",
            "label": f"Produktgruppe {area:02d}.{group:02d}",
        }[notation_style]
        words = KIND_WORDS[kind]
        text = (
            german(amount, grouped=grouped)
            if notation == "de"
            else english(amount, grouped=grouped)
        )
        writer.writerow(
            (
                f"Produktbereich {area:02d}" if notation_style == "label" else str(area),
                "Bereich für Äpfel",
                code,
                f"Gruppe {group}",
                DIRECTIONS[direction][word],
                words[word % len(words)],
                str(year),
                text,
            )
        )
        _add(expected, direction, Column(year=year, kind=kind), amount)
    data = out.getvalue().encode(encoding)
    result = import_csv(data)  # layout, encoding, separator and notation detected
    assert result.ok, [str(d) for d in result.diagnostics if d.is_error]
    assert as_totals(result.totals) == expected
    assert as_totals(result.totals, imported=True) == expected
    assert plan_totals(result.plan) == expected
    assert ordinary_sums(result) == expected
    assert result.layout == AHAUS.name


# ------------------------------------------------------------------- levels and code forms


def test_rows_at_area_level() -> None:
    mapping = ColumnMapping(
        area_code="PB", direction="R", amount="Betrag", default_year=2026, default_kind="Soll"
    )
    text = "PB;R;Betrag\n5;Ertrag;10\n05;Aufwand;4\nProduktbereich 06;Aufwand;1\n"
    result = import_csv(text.encode(), mapping=mapping)
    assert result.ok
    area = result.plan.area("05")
    assert area is not None
    assert area.groups == ()
    assert area.line(TEP, 18).values == (Decimal(6),)  # type: ignore[union-attr]
    col = Column(year=2026, kind=ANSATZ)
    assert plan_totals(result.plan) == {(IN, col): Decimal(10), (OUT, col): Decimal(5)}
    assert "NKF-I732" in {d.code for d in result.diagnostics}


def test_products_relative_to_their_group() -> None:
    mapping = ColumnMapping(
        area_code="PB",
        group_code="PG",
        product_code="Produkt",
        product_name="Name",
        direction="R",
        year="Jahr",
        amount="Betrag",
        default_kind=ValueKind.ANSATZ,
    )
    text = (
        "PB,PG,Produkt,Name,R,Jahr,Betrag\n"
        "05,01,01,Beratung,Aufwand,2026,10\n"  # 2: product 01 of group 0501
        "05,0501,05.01.02,Pflege,Aufwand,2026,20\n"  # 3
        "05,01,0501,,Aufwand,2026,1\n"  # 4: "0501" is a Produktgruppe
        "05,01,06.01.01,,Aufwand,2026,1\n"  # 5: product of another group
        "05,,06.01.01,,Aufwand,2026,1\n"  # 6: product of another area
        ",,,,Aufwand,2026,1\n"  # 7: no code at all
        "05,999,,,Aufwand,2026,1\n"  # 8: no group
        "05,01,0x,,Aufwand,2026,1\n"  # 9: no product
        "05,01,1234567890,,Aufwand,2026,1\n"  # 10: too many digits
    )
    result = import_csv(text.encode(), mapping=mapping)
    errors = [
        (d.location.line if d.location else None, d.code) for d in result.diagnostics if d.is_error
    ]
    assert errors == [
        (4, "NKF-E710"),
        (5, "NKF-E711"),
        (6, "NKF-E711"),
        (7, "NKF-E710"),
        (8, "NKF-E710"),
        (9, "NKF-E710"),
        (10, "NKF-E710"),
    ]
    products = {p.code: p for p in result.plan.products()}
    assert sorted(products) == ["050101", "050102"]
    assert products["050101"].name == "Beratung"
    group = result.plan.group("0501")
    assert group is not None
    assert group.lines == ()  # the lines are on the products
    col = Column(year=2026, kind=ANSATZ)
    assert plan_totals(result.plan) == {(OUT, col): Decimal(30)}


def test_all_rows_rejected() -> None:
    text = ahaus_like([("01", "", "01.0x", "", "Ord. Erträge", "Ansatz", "2026", "1")])
    result = import_csv(text.encode())
    assert [d.code for d in result.diagnostics if d.is_error] == ["NKF-E710"]
    assert result.plan.areas == ()
    assert as_totals(result.totals) == {(IN, Column(year=2026, kind=ANSATZ)): Decimal(1)}
    assert as_totals(result.totals, imported=True) == {(IN, Column(year=2026, kind=ANSATZ)): 0}


def test_forced_decimal_mark() -> None:
    mapping = ColumnMapping(
        group_code="PG", direction="R", year="J", amount="B", kind="K", decimal_mark=","
    )
    result = import_csv(b"PG,R,J,K,B\n0101,Ertrag,2026,Ansatz,1.500\n", mapping=mapping)
    assert result.plan.group("0101").line(TEP, 10).values == (Decimal(1500),)  # type: ignore[union-attr]


def test_mapping_converters() -> None:
    mapping = ColumnMapping(
        group_code="PG",
        direction="R",
        year="J",
        amount="B",
        directions=[("E", Direction.IN), ("A", "Aufwand")],
        kinds=(("HH", ValueKind.ANSATZ),),
        accounts=[("56", "20")],
        local_areas="18",
    )
    assert mapping.directions == (("e", IN), ("a", OUT))
    assert mapping.kinds == (("hh", ANSATZ),)
    assert mapping.accounts == (("56", 20),)
    assert mapping.local_areas == ("18",)
    assert mapping.columns() == {"group_code": "PG", "direction": "R", "year": "J", "amount": "B"}
    base = {"group_code": "PG", "direction": "R", "year": "J", "amount": "B"}
    with pytest.raises(ValueError, match="Paare"):
        ColumnMapping.from_dict({**base, "directions": [("E", "in", "x")]})
    with pytest.raises(ValueError, match="Zuordnung"):
        ColumnMapping.from_dict({**base, "kinds": "HH=ansatz"})
    with pytest.raises(ValueError, match="local_areas"):
        ColumnMapping.from_dict({**base, "local_areas": {"18": "x"}.items()})
