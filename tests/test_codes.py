"""Tests for nkf.codes: Produktnummern in every notation seen in NRW budgets."""

from __future__ import annotations

import re

import attrs
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from nkf import codes
from nkf.codes import NRW_AREAS, Code, CodeLevel, CodeScheme
from nkf.errors import InvalidCode, InvalidFormat, NkfError

LOCAL = CodeScheme.LOCAL
STAT = CodeScheme.STATISTICAL

# domain.md § 1.3: NRW Produktbereich → first two digits of its statistical groups.
STATISTICAL_PREFIXES: dict[str, tuple[str, ...]] = {
    "01": ("11",),
    "02": ("12",),
    "03": ("21", "22", "23", "24"),
    "04": ("25", "26", "27", "28", "29"),
    "05": ("31", "32", "33", "34", "35"),
    "06": ("36",),
    "07": ("41",),
    "08": ("42",),
    "09": ("51",),
    "10": ("52",),
    "11": ("53",),
    "12": ("54",),
    "13": ("55",),
    "14": ("56",),
    "15": ("57",),
    "16": ("61",),
}


# --------------------------------------------------------------------------- real examples


@pytest.mark.parametrize(
    ("value", "expected", "scheme", "level"),
    [
        # Leichlingen 2021, the founding motion; the three local notations (domain.md § 1.4)
        ("050101", "050101", LOCAL, CodeLevel.PRODUCT),
        ("05.01.01", "050101", LOCAL, CodeLevel.PRODUCT),
        ("0501-01", "050101", LOCAL, CodeLevel.PRODUCT),
        ("05 01 01", "050101", LOCAL, CodeLevel.PRODUCT),
        ("05/01/01", "050101", LOCAL, CodeLevel.PRODUCT),
        (" 05 . 01 . 01 ", "050101", LOCAL, CodeLevel.PRODUCT),
        ("05\xa001\xa001", "050101", LOCAL, CodeLevel.PRODUCT),
        # Ostbevern 2026
        ("160101", "160101", LOCAL, CodeLevel.PRODUCT),
        ("050102", "050102", LOCAL, CodeLevel.PRODUCT),
        # Coesfeld writes products dotted
        ("01.01.01", "010101", LOCAL, CodeLevel.PRODUCT),
        # Merzenich 2015: PB + statistical group + number
        ("0531101", "0531101", STAT, CodeLevel.PRODUCT),
        ("05.311.01", "0531101", STAT, CodeLevel.PRODUCT),
        ("05311-01", "0531101", STAT, CodeLevel.PRODUCT),
        ("05311", "05311", STAT, CodeLevel.GROUP),
        ("02126", "02126", STAT, CodeLevel.GROUP),
        ("03211", "03211", STAT, CodeLevel.GROUP),
        ("16611", "16611", STAT, CodeLevel.GROUP),
        # Roetgen 2017: leading zero dropped
        ("531301", "0531301", STAT, CodeLevel.PRODUCT),
        ("5.313.01", "0531301", STAT, CodeLevel.PRODUCT),
        ("5313-01", "0531301", STAT, CodeLevel.PRODUCT),
        ("5313", "05313", STAT, CodeLevel.GROUP),
        # local groups as Münster and Ahaus print them, then areas
        ("0501", "0501", LOCAL, CodeLevel.GROUP),
        ("05.01", "0501", LOCAL, CodeLevel.GROUP),
        ("05-01", "0501", LOCAL, CodeLevel.GROUP),
        ("17.01", "1701", LOCAL, CodeLevel.GROUP),
        ("05.311", "05311", STAT, CodeLevel.GROUP),
        ("05", "05", LOCAL, CodeLevel.AREA),
        ("5", "05", LOCAL, CodeLevel.AREA),
        ("17", "17", LOCAL, CodeLevel.AREA),
        # 17 has no statistical groups of its own, so its groups are not checked
        ("1799901", "1799901", STAT, CodeLevel.PRODUCT),
    ],
)
def test_parse_real_notations(
    value: str, expected: str, scheme: CodeScheme, level: CodeLevel
) -> None:
    code = codes.parse(value)
    assert code.compact == expected
    assert str(code) == expected
    assert code.scheme is scheme
    assert code.level is level
    assert codes.compact(value) == expected
    assert codes.validate(value) == expected
    assert codes.is_valid(value)


def test_parse_gives_the_parts() -> None:
    assert codes.parse("05.01.01") == Code(area="05", group="01", number="01", scheme=LOCAL)
    assert codes.parse("531301") == Code(area="05", group="313", number="01", scheme=STAT)
    assert codes.parse("05") == Code(area="05")


def test_six_digits_with_a_valid_area_are_local() -> None:
    # 111101 could be PB 1 + statistical group 111 + 01, but 11 is a valid area.
    assert codes.parse("111101") == Code(area="11", group="11", number="01")
    assert codes.parse("0111101") == Code(area="01", group="111", number="01")


# ------------------------------------------------------------------------------ the model


def test_code_properties_local_product() -> None:
    code = codes.parse("050101")
    assert code.area_code == "05"
    assert code.group_code == "0501"
    assert code.parent == Code(area="05", group="01")
    assert code.parent.parent == Code(area="05")
    assert code.parent.parent.parent is None


def test_code_properties_statistical() -> None:
    code = codes.parse("0531101")
    assert code.group_code == "05311"
    assert code.parent == Code(area="05", group="311")
    assert code.parent.scheme is STAT
    assert code.parent.parent == Code(area="05")


def test_area_has_no_group_code() -> None:
    area = codes.parse("05")
    assert area.group_code is None
    assert area.level is CodeLevel.AREA


def test_is_under() -> None:
    product, group, area = codes.parse("050101"), codes.parse("0501"), codes.parse("05")
    assert product.is_under(group)
    assert product.is_under(area)
    assert group.is_under(area)
    assert not area.is_under(product)
    assert not product.is_under(product)
    assert not product.is_under(codes.parse("0502"))
    assert not product.is_under(codes.parse("06"))
    assert codes.parse("0531101").is_under(codes.parse("05311"))
    assert not codes.parse("0531101").is_under(group)


def test_scheme_is_derived() -> None:
    assert Code(area="05", group="311").scheme is STAT
    assert Code(area="05", group="01").scheme is LOCAL
    assert Code(area="05").scheme is LOCAL


def test_code_is_frozen_and_hashable() -> None:
    code = codes.parse("050101")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        code.area = "06"  # type: ignore[misc]
    assert {code, codes.parse("05.01.01")} == {code}


def test_sorting_by_compact() -> None:
    values = ["0502", "050101", "05", "0531101", "05311", "0501", "04", "050102"]
    ordered = sorted(codes.parse(v) for v in values)
    assert [c.compact for c in ordered] == [
        "04",
        "05",
        "0501",
        "050101",
        "050102",
        "0502",
        "05311",
        "0531101",
    ]
    a, b = codes.parse("0501"), codes.parse("0502")
    assert a < b
    assert a <= b
    assert b > a
    assert b >= a
    assert a <= a  # noqa: PLR0124 - reflexivity is the point
    assert a >= a  # noqa: PLR0124


@pytest.mark.parametrize("op", ["__lt__", "__le__", "__gt__", "__ge__"])
def test_ordering_with_other_types(op: str) -> None:
    assert getattr(codes.parse("05"), op)("05") is NotImplemented
    with pytest.raises(TypeError):
        sorted([codes.parse("05"), "05"])  # type: ignore[type-var]


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"area": "5"}, "Der Produktbereich „5“ muss aus 2 Ziffern bestehen."),
        ({"area": "0a"}, "Der Produktbereich „0a“"),
        ({"area": "05", "group": "1"}, "Die Produktgruppe „1“ muss aus 2 oder 3 Ziffern"),
        ({"area": "05", "group": "0101"}, "Die Produktgruppe „0101“"),
        ({"area": "05", "group": "01", "number": "1"}, "Die Produktnummer „1“"),
        ({"area": "05", "number": "01"}, "Ein Produkt braucht eine Produktgruppe."),
        ({"area": "05", "group": "01", "scheme": STAT}, "„0501“"),
        ({"area": "05", "group": "311", "scheme": LOCAL}, "„05311“"),
        ({"area": "05", "scheme": STAT}, "„05“"),
    ],
)
def test_code_rejects_malformed_parts(kwargs: dict[str, object], fragment: str) -> None:
    with pytest.raises(InvalidCode) as info:
        Code(**kwargs)  # type: ignore[arg-type]
    assert fragment in str(info.value)


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("05.0x.01", "nur Ziffern und die Trennzeichen . - / und Leerzeichen sind erlaubt."),
        ("05_01_01", "nur Ziffern und die Trennzeichen"),
        ("٠٥", "nur Ziffern"),  # Arabic-Indic digits are not 0-9
        ("", "die Angabe ist leer."),
        ("   ", "die Angabe ist leer."),
        ("05..01", "fehlen Ziffern"),
        ("05.01.", "fehlen Ziffern"),
        (".05", "fehlen Ziffern"),
        ("123", "sie hat 3 Ziffern"),
        ("12345678", "sie hat 8 Ziffern"),
        ("00", "einen Produktbereich 00 gibt es im NRW-Produktrahmen nicht (erlaubt sind 01"),
        ("0", "einen Produktbereich 00"),
        ("18", "einen Produktbereich 18"),
        ("99", "einen Produktbereich 99"),
        ("1801", "einen Produktbereich 18"),  # 1 + 801 does not fit PB 01 either
        ("180101", "einen Produktbereich 18"),  # Köln's local area, not NRW
        ("000101", "einen Produktbereich 00"),
        ("0012", "einen Produktbereich 00"),
        ("1800101", "einen Produktbereich 18"),
        ("18.01.01", "einen Produktbereich 18"),
        ("0521101", "die statistische Produktgruppe 211 gehört nicht zum Produktbereich 05."),
        ("05.211.01", "die statistische Produktgruppe 211 gehört nicht zum Produktbereich 05."),
        ("05211", "die statistische Produktgruppe 211"),
        ("0501-1", "der Aufbau ist nicht erkennbar"),
        ("05.01.01.01", "der Aufbau ist nicht erkennbar"),
        ("050-101", "der Aufbau ist nicht erkennbar"),
        ("05.01.001", "die Produktnummer am Ende muss zwei Ziffern haben."),
    ],
)
def test_invalid_codes_name_the_input(value: str, reason: str) -> None:
    with pytest.raises(InvalidCode) as info:
        codes.parse(value)
    message = str(info.value)
    assert message.startswith(f"„{value}“ ist keine gültige Produktnummer: ")
    assert reason in message
    assert not codes.is_valid(value)
    with pytest.raises(InvalidCode):
        codes.validate(value)
    with pytest.raises(InvalidCode):
        codes.compact(value)


def test_invalid_code_is_in_the_exception_tree() -> None:
    with pytest.raises(InvalidCode) as info:
        codes.parse("05.0x.01")
    assert isinstance(info.value, InvalidFormat)
    assert isinstance(info.value, NkfError)
    assert isinstance(info.value, ValueError)
    assert str(info.value) == (
        "„05.0x.01“ ist keine gültige Produktnummer: nur Ziffern und die Trennzeichen "
        ". - / und Leerzeichen sind erlaubt."
    )


@pytest.mark.parametrize(
    ("value", "level", "message"),
    [
        ("0501", CodeLevel.PRODUCT, "„0501“ ist eine Produktgruppe, erwartet wird ein Produkt."),
        ("05", CodeLevel.GROUP, "„05“ ist ein Produktbereich, erwartet wird eine Produktgruppe."),
        (
            "05.01.01",
            CodeLevel.AREA,
            "„05.01.01“ ist ein Produkt, erwartet wird ein Produktbereich.",
        ),
    ],
)
def test_level_mismatch(value: str, level: CodeLevel, message: str) -> None:
    with pytest.raises(InvalidCode) as info:
        codes.parse(value, level=level)
    assert str(info.value) == message
    assert not codes.is_valid(value, level=level)
    with pytest.raises(InvalidCode):
        codes.validate(value, level=level)


@pytest.mark.parametrize(
    ("value", "level"),
    [("05", CodeLevel.AREA), ("0501", CodeLevel.GROUP), ("05311", CodeLevel.GROUP)],
)
def test_level_match(value: str, level: CodeLevel) -> None:
    assert codes.parse(value, level=level).level is level
    assert codes.is_valid(value, level=level)


# ------------------------------------------------------------------------------ areas


def test_areas_override_for_koeln() -> None:
    koeln = [*NRW_AREAS, "18"]
    assert codes.parse("180101", areas=koeln) == Code(area="18", group="01", number="01")
    assert codes.validate("18.01", areas=koeln) == "1801"
    assert codes.is_valid("18", areas=koeln)
    assert codes.format("180101", style="dotted", areas=koeln) == "18.01.01"


def test_areas_override_restricts_and_names_the_set() -> None:
    with pytest.raises(InvalidCode) as info:
        codes.parse("050101", areas=["1", "16"])
    assert str(info.value) == (
        "„050101“ ist keine gültige Produktnummer: einen Produktbereich 05 gibt es hier "
        "nicht (erlaubt sind 01, 16)."
    )


def test_areas_without_mapping_skip_the_statistical_check() -> None:
    assert codes.parse("1899901", areas=["18"]).group == "999"


@pytest.mark.parametrize("bad", ["", "123", "a", "5x"])
def test_bad_areas_argument(bad: str) -> None:
    with pytest.raises(ValueError, match="ist kein Produktbereich"):
        codes.parse("05", areas=[bad])


def test_nrw_areas() -> None:
    assert sorted(NRW_AREAS) == [f"{i:02d}" for i in range(1, 18)]


# ------------------------------------------------------------------------------ format


@pytest.mark.parametrize(
    ("value", "plain", "dotted", "dashed"),
    [
        ("050101", "050101", "05.01.01", "0501-01"),
        ("0501-01", "050101", "05.01.01", "0501-01"),
        ("0531101", "0531101", "05.311.01", "05311-01"),
        ("531301", "0531301", "05.313.01", "05313-01"),
        ("05.01", "0501", "05.01", "0501"),
        ("05311", "05311", "05.311", "05311"),
        ("5", "05", "05", "05"),
    ],
)
def test_format_styles(value: str, plain: str, dotted: str, dashed: str) -> None:
    assert codes.format(value) == plain
    assert codes.format(value, style="plain") == plain
    assert codes.format(value, style="dotted") == dotted
    assert codes.format(value, style="dashed") == dashed
    assert codes.format(codes.parse(value), style="dotted") == dotted


def test_format_unknown_style() -> None:
    with pytest.raises(ValueError, match="Unbekannter Stil 'fancy'"):
        codes.format("050101", style="fancy")  # type: ignore[arg-type]


def test_format_invalid_code() -> None:
    with pytest.raises(InvalidCode, match=re.escape("„05.0x.01“")):
        codes.format("05.0x.01", style="dotted")


# -------------------------------------------------------------------------- properties

areas = st.sampled_from(sorted(NRW_AREAS))
two_digits = st.from_regex(r"[0-9]{2}", fullmatch=True)


@st.composite
def statistical_codes(draw: st.DrawFn) -> Code:
    area = draw(st.sampled_from(sorted(STATISTICAL_PREFIXES)))
    prefix = draw(st.sampled_from(STATISTICAL_PREFIXES[area]))
    group = prefix + draw(st.from_regex(r"[0-9]", fullmatch=True))
    return Code(area=area, group=group, number=draw(st.none() | two_digits))


local_codes = st.builds(Code, area=areas, group=two_digits, number=st.none() | two_digits)
area_codes = st.builds(Code, area=areas)
valid_codes = st.one_of(local_codes, statistical_codes(), area_codes)
styles = st.sampled_from(["plain", "dotted", "dashed"])


@given(code=valid_codes, style=styles)
@example(code=Code(area="05", group="01", number="01"), style="dashed").via("Leichlingen")
@example(code=Code(area="05", group="311", number="01"), style="dotted").via("Merzenich")
@example(code=Code(area="16", group="01", number="01"), style="plain").via("Ostbevern")
def test_format_parse_round_trip(code: Code, style: codes.FormatStyle) -> None:
    written = codes.format(code, style=style)
    assert codes.parse(written) == code
    assert codes.parse(codes.format(code.compact, style=style)) == codes.parse(code.compact)
    assert codes.is_valid(written, level=code.level)


@given(code=valid_codes, style=styles)
def test_compact_is_idempotent(code: Code, style: codes.FormatStyle) -> None:
    once = codes.compact(codes.format(code, style=style))
    assert once == code.compact
    assert codes.compact(once) == once


@given(code=statistical_codes())
@example(code=Code(area="05", group="313", number="01")).via("Roetgen 531301")
def test_dropped_leading_zero(code: Code) -> None:
    dropped = code.compact[1:]
    assume(code.area.startswith("0") and dropped[:2] not in NRW_AREAS)
    assert codes.parse(dropped) == code


@given(code=valid_codes)
def test_parent_chain_and_is_under(code: Code) -> None:
    ancestors = []
    parent = code.parent
    while parent is not None:
        ancestors.append(parent)
        parent = parent.parent
    assert (
        len(ancestors) == {CodeLevel.AREA: 0, CodeLevel.GROUP: 1, CodeLevel.PRODUCT: 2}[code.level]
    )
    assert all(code.is_under(a) for a in ancestors)
    assert all(code.compact.startswith(a.compact) for a in ancestors)
    assert all(a < code for a in ancestors)
    assert not code.is_under(code)


@settings(max_examples=50)
@given(left=valid_codes, right=valid_codes)
def test_order_agrees_with_compact_and_equality(left: Code, right: Code) -> None:
    assert (left < right) == (left.compact < right.compact)
    assert (left == right) == (left.compact == right.compact)
