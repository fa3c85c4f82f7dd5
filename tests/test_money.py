"""Tests for nkf.money: the Decimal policy and German numbers, percentages and dates."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from decimal import Decimal

import pytest
from babel.numbers import parse_decimal
from hypothesis import example, given, settings
from hypothesis import strategies as st

from nkf.errors import InvalidFormat, NkfError
from nkf.money import (
    CENT,
    EURO,
    format_amount,
    format_date,
    format_percent,
    parse_amount,
    parse_date,
    parse_optional_amount,
    parse_percent,
    quantize,
    to_decimal,
)

D = Decimal

# ----------------------------------------------------------------------------- quantize


@pytest.mark.parametrize(
    ("value", "exp", "expected"),
    [
        (D("1234.565"), CENT, D("1234.57")),  # babel's HALF_EVEN would give 1234.56
        (D("2.675"), CENT, D("2.68")),
        (D("-2.675"), CENT, D("-2.68")),
        (D("0.125"), CENT, D("0.13")),
        (D("2.5"), EURO, D("3")),
        (D("-2.5"), EURO, D("-3")),
        (D("1.2"), CENT, D("1.20")),
        (D("-0.001"), CENT, D("0.00")),
        (D("-0.4"), EURO, D("0")),
        (D("-0"), CENT, D("0.00")),
        (D("1E+40"), CENT, D("1" + "0" * 40 + ".00")),  # beyond the default precision of 28
    ],
)
def test_quantize(value: Decimal, exp: Decimal, expected: Decimal) -> None:
    result = quantize(value, exp)
    assert result == expected
    assert str(result) == str(expected)
    assert not result.is_signed() or result < 0


def test_quantize_default_is_cent() -> None:
    assert str(quantize(D("7"))) == "7.00"


@pytest.mark.parametrize("value", [D("NaN"), D("Infinity"), D("-Infinity"), D("sNaN")])
def test_quantize_rejects_non_finite(value: Decimal) -> None:
    with pytest.raises(InvalidFormat, match="keine endliche Zahl"):
        quantize(value)


def test_quantize_rejects_non_finite_step() -> None:
    with pytest.raises(ValueError, match="Rundungsschritt"):
        quantize(D(1), D("NaN"))


# --------------------------------------------------------------------------- to_decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [("1234.56", D("1234.56")), (" 2.5 ", D("2.5")), (7, D(7)), (D("0.10"), D("0.10"))],
)
def test_to_decimal(value: str | int | Decimal, expected: Decimal) -> None:
    result = to_decimal(value)
    assert result == expected
    assert str(result) == str(expected)


def test_to_decimal_rejects_float() -> None:
    with pytest.raises(TypeError) as info:
        to_decimal(0.1)  # type: ignore[arg-type]
    assert "float ist für Geldbeträge nicht erlaubt" in str(info.value)
    assert "0.1" in str(info.value)


@pytest.mark.parametrize("value", [True, None, [1]])
def test_to_decimal_rejects_other_types(value: object) -> None:
    with pytest.raises(TypeError, match=type(value).__name__):
        to_decimal(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-inf", "sNaN", D("NaN"), D("-Infinity")])
def test_to_decimal_rejects_non_finite(value: str | Decimal) -> None:
    with pytest.raises(InvalidFormat) as info:
        to_decimal(value)
    assert f"„{value}“ ist keine endliche Zahl" in str(info.value)


@pytest.mark.parametrize("value", ["1,5", "abc", "", "1.234,56"])
def test_to_decimal_rejects_text(value: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        to_decimal(value)
    assert str(info.value).startswith(f"„{value}“ ist keine Dezimalzahl")


# ------------------------------------------------------------------------- parse_amount


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", D("1234.56")),
        ("1234,56", D("1234.56")),
        ("35.499.229-", D("-35499229")),  # Münster prints the minus sign behind
        ("35.499.229−", D("-35499229")),
        ("35.499.229- €", D("-35499229")),
        ("-1.234", D("-1234")),
        ("−1.234", D("-1234")),  # U+2212
        ("+50.000", D("50000")),
        ("1.900.000", D("1900000")),
        ("750 T€", D("750000")),
        ("750 TEUR", D("750000")),
        ("750 T EUR", D("750000")),
        ("750T€", D("750000")),
        ("12,5 Tsd. €", D("12500")),
        ("1,2 Mio. €", D("1200000")),
        ("1,2 Mio €", D("1200000")),
        ("1,2 Mio. EUR", D("1200000")),
        ("1,2 Mio.", D("1200000")),
        ("3 Millionen Euro", D("3000000")),
        ("1,2345678 Mio. €", D("1234567.8")),
        ("0,5 Mio. €", D("500000")),
        ("1,5 Mrd. €", D("1500000000")),
        ("1.234,56 €", D("1234.56")),
        ("1.234,56\xa0€", D("1234.56")),
        ("-1.234,56\xa0€", D("-1234.56")),
        ("1.234,56 EUR", D("1234.56")),
        ("1.234,56 Euro", D("1234.56")),
        ("0", D("0")),
        ("-0", D("0")),
        ("0,00", D("0.00")),
        ("0,5", D("0.5")),
        ("1 234,56", D("1234.56")),
        ("1\xa0234\xa0567,89", D("1234567.89")),
        ("1\u202f234,56", D("1234.56")),
        ("  1.234  ", D("1234")),
        ("123456789", D("123456789")),
    ],
)
def test_parse_amount(text: str, expected: Decimal) -> None:
    result = parse_amount(text)
    assert result == expected
    assert str(result) == str(expected)
    assert parse_optional_amount(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1,234.56", "nach dem Dezimalkomma dürfen nur Ziffern stehen (englische Schreibweise?)"),
        ("1.234,56.7", "englische Schreibweise?"),
        ("1,5 5", "nach dem Dezimalkomma dürfen nur Ziffern stehen."),
        ("1.23,4", "Tausendergruppen müssen genau drei Ziffern haben"),
        ("1.2345", "Tausendergruppen müssen genau drei Ziffern haben"),
        ("1.5", "Tausendergruppen"),  # an English decimal point, or a broken group?
        ("1234.567", "vor der ersten Gruppe stehen höchstens drei Ziffern"),
        ("1..234", "Tausendergruppen"),
        ("1.", "Tausendergruppen"),
        (".5", "Tausendergruppen"),
        ("1  234", "Tausendergruppen"),
        ("12,345,678", "mehr als ein Komma"),
        ("1 234.567,5", "mischt verschiedene Tausendertrennzeichen"),
        ("--5", "mehr als ein Vorzeichen"),
        ("-5-", "mehr als ein Vorzeichen"),
        ("+-5", "mehr als ein Vorzeichen"),
        ("−1.234-", "mehr als ein Vorzeichen"),
        ("", "die Angabe ist leer."),
        ("   ", "die Angabe ist leer."),
        ("--", "leere Zellen wie „--“ liest parse_optional_amount"),
        ("-", "es fehlen die Ziffern"),
        ("€", "es fehlen die Ziffern"),
        ("+", "es fehlen die Ziffern."),
        ("abc", "Zeichen, die in einer Zahl nicht vorkommen"),
        ("12a", "Zeichen, die in einer Zahl nicht vorkommen"),
        ("1.234 $", "eine Einheit wie €, T€ oder Mio. €"),
        ("1e5", "Zeichen"),
        ("5,", "nach dem Komma fehlen die Nachkommastellen."),
        (",5", "vor dem Komma fehlt eine Ziffer"),
        ("01", "führenden Null"),
        ("0.123", "führenden Null"),
        ("- 5", "ein Leerzeichen zu viel"),
        ("5 -", "ein Leerzeichen zu viel"),
        ("750 T", "Zeichen"),  # T alone is not a unit
    ],
)
def test_parse_amount_rejects(text: str, reason: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        parse_amount(text)
    message = str(info.value)
    assert message.startswith(f"„{text}“ ist kein gültiger Betrag: ")
    assert reason in message


@pytest.mark.parametrize(
    "text", ["1.234,56", "1234,56", "-1.234", "1.900.000", "0", "0,5", "1.234.567,891"]
)
def test_parse_amount_agrees_with_babel(text: str) -> None:
    assert parse_amount(text) == parse_decimal(text, locale="de_DE", strict=True)


@pytest.mark.parametrize("text", ["", "  ", "-", "--", " -- ", "−", "–", "—"])
def test_parse_optional_amount_empty(text: str) -> None:
    assert parse_optional_amount(text) is None


@pytest.mark.parametrize("text", ["---", "abc", "1,234.56", "--5"])
def test_parse_optional_amount_rejects(text: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        parse_optional_amount(text)
    assert f"„{text}“" in str(info.value)


# ------------------------------------------------------------------------ parse_percent


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("29,50 %", D("29.50")),
        ("29,50\xa0%", D("29.50")),
        ("554 %", D("554")),
        ("554%", D("554")),
        ("5 v. H.", D("5")),
        ("5 v.H.", D("5")),
        ("5 vom Hundert", D("5")),
        ("2,5 Prozent", D("2.5")),
        ("-0,5 %", D("-0.5")),
        ("1.000 %", D("1000")),
    ],
)
def test_parse_percent(text: str, expected: Decimal) -> None:
    result = parse_percent(text)
    assert result == expected
    assert str(result) == str(expected)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("3,5 Prozentpunkte", "Prozentpunkte sind der Abstand zweier Prozentsätze"),
        ("3,5 %-Punkte", "Prozentpunkte"),
        ("0,5 Prozentpunkt", "Prozentpunkte"),
        ("29,50", "es fehlt die Einheit % oder „v. H.“."),
        ("", "es fehlt die Einheit"),
        ("5 €", "es fehlt die Einheit"),
        ("%", "es fehlen die Ziffern."),
        ("x %", "Zeichen, die in einer Zahl nicht vorkommen"),
        ("5 %%", "Zeichen"),
        ("29.50 %", "Tausendergruppen"),
        ("--5 %", "mehr als ein Vorzeichen"),
    ],
)
def test_parse_percent_rejects(text: str, reason: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        parse_percent(text)
    message = str(info.value)
    assert message.startswith(f"„{text}“ ist kein gültiger Prozentsatz: ")
    assert reason in message


# --------------------------------------------------------------------------- parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30.06.2021", dt.date(2021, 6, 30)),  # Leichlingen: "Fertigstellung 30.06.2021"
        ("2021-06-30", dt.date(2021, 6, 30)),
        (" 30.06.2021 ", dt.date(2021, 6, 30)),
        ("1.7.2021", dt.date(2021, 7, 1)),
        ("29.02.2024", dt.date(2024, 2, 29)),
        ("31.12.9999", dt.date(9999, 12, 31)),
    ],
)
def test_parse_date(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("31.02.2021", "der Februar 2021 hat nur 28 Tage."),
        ("29.02.2023", "der Februar 2023 hat nur 28 Tage."),
        ("31.04.2021", "der April 2021 hat nur 30 Tage."),
        ("00.01.2021", "einen Tag 0 gibt es nicht."),
        ("32.01.2021", "der Januar 2021 hat nur 31 Tage."),
        ("30.13.2021", "einen Monat 13 gibt es nicht."),
        ("2021-00-10", "einen Monat 0 gibt es nicht."),
        ("0000-01-01", "ein Jahr 0 gibt es nicht."),
        ("30.06.21", "erwartet wird TT.MM.JJJJ (30.06.2021) oder JJJJ-MM-TT (2021-06-30)."),
        ("2021-6-30", "erwartet wird TT.MM.JJJJ"),
        ("20210630", "erwartet wird TT.MM.JJJJ"),
        ("30/06/2021", "erwartet wird TT.MM.JJJJ"),
        ("", "erwartet wird TT.MM.JJJJ"),
        ("Juni 2021", "erwartet wird TT.MM.JJJJ"),
    ],
)
def test_parse_date_rejects(text: str, reason: str) -> None:
    with pytest.raises(InvalidFormat) as info:
        parse_date(text)
    message = str(info.value)
    assert message.startswith(f"„{text}“ ist kein gültiges Datum: ")
    assert reason in message


# ---------------------------------------------------------------------------- formatting


@pytest.mark.parametrize(
    ("value", "kwargs", "expected"),
    [
        (D("1234.56"), {}, "1.234,56\xa0€"),
        (D("1234.565"), {}, "1.234,57\xa0€"),  # HALF_UP, not babel's HALF_EVEN
        (D("1234.575"), {}, "1.234,58\xa0€"),
        (D("-1234.565"), {}, "-1.234,57\xa0€"),
        (D("-0.001"), {}, "0,00\xa0€"),
        (D("-0"), {}, "0,00\xa0€"),
        (D(0), {}, "0,00\xa0€"),
        (D("-35499229"), {"decimals": 0}, "-35.499.229\xa0€"),
        (D("1900000"), {"currency": False, "decimals": 0}, "1.900.000"),
        (D("2.5"), {"currency": False, "decimals": 0}, "3"),
        (D("1234.5"), {"currency": False}, "1.234,50"),
        (D("0.1235"), {"decimals": 3}, "0,124\xa0€"),
        (7, {}, "7,00\xa0€"),
        (
            D("123456789012345678901234567890.125"),
            {},
            "123.456.789.012.345.678.901.234.567.890,13\xa0€",
        ),
    ],
)
def test_format_amount(value: Decimal, kwargs: dict[str, object], expected: str) -> None:
    assert format_amount(value, **kwargs) == expected  # type: ignore[arg-type]


def test_format_amount_rejects() -> None:
    with pytest.raises(TypeError, match="float"):
        format_amount(1.5)  # type: ignore[arg-type]
    with pytest.raises(InvalidFormat, match="keine endliche Zahl"):
        format_amount(D("NaN"))
    with pytest.raises(ValueError, match="decimals muss 0 oder größer sein"):
        format_amount(D(1), decimals=-1)


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (D("29.5"), 2, "29,50\xa0%"),
        (D("554"), 0, "554\xa0%"),
        (D("12.345"), 2, "12,35\xa0%"),
        (D("-0.001"), 2, "0,00\xa0%"),
        (D("1234.5"), 1, "1.234,5\xa0%"),
    ],
)
def test_format_percent(value: Decimal, decimals: int, expected: str) -> None:
    assert format_percent(value, decimals) == expected


def test_format_percent_default_and_errors() -> None:
    assert format_percent(D(5)) == "5,00\xa0%"
    with pytest.raises(ValueError, match="decimals"):
        format_percent(D(5), -2)


def test_format_date() -> None:
    assert format_date(dt.date(2021, 6, 30)) == "30.06.2021"
    # yyyy, not YYYY: the week-based year of 2021-01-01 is 2020
    assert format_date(dt.date(2021, 1, 1)) == "01.01.2021"
    assert format_date(dt.date(2024, 12, 30)) == "30.12.2024"


def test_error_tree() -> None:
    with pytest.raises(InvalidFormat) as info:
        parse_amount("1,234.56")
    assert isinstance(info.value, NkfError)
    assert isinstance(info.value, ValueError)


def test_babel_is_imported_lazily() -> None:
    code = "import sys, nkf.money; print('babel' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


# ---------------------------------------------------------------------------- properties

amounts = st.decimals(
    min_value=-(10**15), max_value=10**15, places=2, allow_nan=False, allow_infinity=False
)


@settings(deadline=None)
@given(value=amounts)
@example(value=D("-35499229.00")).via("Münster")
@example(value=D("-0.00"))
@example(value=D("0.01"))
def test_amount_round_trip(value: Decimal) -> None:
    written = format_amount(value)
    assert parse_amount(written) == quantize(value)
    plain = format_amount(value, currency=False)
    assert parse_amount(plain) == quantize(value)
    assert format_amount(parse_amount(written)) == written  # fixed point


@settings(deadline=None)
@given(
    value=st.decimals(
        min_value=-(10**12), max_value=10**12, places=4, allow_nan=False, allow_infinity=False
    ),
    decimals=st.integers(min_value=0, max_value=4),
)
def test_amount_round_trip_rounds_half_up(value: Decimal, decimals: int) -> None:
    step = D(1).scaleb(-decimals)
    assert parse_amount(format_amount(value, decimals=decimals)) == quantize(value, step)


@settings(deadline=None)
@given(value=st.integers(min_value=-(10**18), max_value=10**18))
def test_trailing_minus_equals_leading_minus(value: int) -> None:
    written = format_amount(D(abs(value)), currency=False, decimals=0)
    assert parse_amount(written + "-") == -abs(value)
    assert parse_amount("−" + written) == -abs(value)
    assert parse_amount(written.replace(".", "\xa0")) == abs(value)


@settings(deadline=None)
@given(
    value=st.decimals(
        min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False
    )
)
def test_percent_round_trip(value: Decimal) -> None:
    assert parse_percent(format_percent(value)) == quantize(value)


@settings(deadline=None)
@given(day=st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
@example(day=dt.date(2021, 6, 30)).via("Leichlingen")
def test_date_round_trip(day: dt.date) -> None:
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day
