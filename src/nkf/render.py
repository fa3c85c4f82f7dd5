r"""German reports of a Veränderungsliste: plain text, HTML and CSV (Ausgabe).

The only place besides :mod:`nkf.money` that formats for people. Amounts and dates go
through :mod:`nkf.money` (babel, locale ``de_DE``): ``1.234,56 €`` with a no-break space
before the euro sign, dates as ``30.06.2021``.

* :func:`render_text` — a plain-text report for the terminal or an e-mail.
* :func:`render_html` — a small complete HTML5 document (``lang="de"``), one table per
  Produktbereich, every text escaped with :func:`html.escape`; it is also well-formed XML.
* :func:`render_csv` — semicolon-separated values as German spreadsheets expect
  (Excel and LibreOffice with a German locale split on ``;``), one row per amount row of
  an entry (entries without amounts get one row), a header row with German column names.
  Amounts are written in German notation **without** thousands separators and without
  currency, rounded to cents (``-1234,56``): a German spreadsheet reads that as a number,
  whereas ``-1.234,56 €`` would stay text and ``1.234`` could be taken for a date or for
  1,234. Dates are ``TT.MM.JJJJ``. After the entries come rows "Summe Jahresergebnis"
  with the total effect per year (column "Veränderung").

Lists built on the Veränderungsliste (the Beschlussliste of a Haushaltsberatung,
:mod:`nkf.changes.deliberation`, or a council system's own) reuse the building blocks:
:func:`entry_text_lines`, :func:`entry_html_rows` and :func:`entry_csv_rows` for one
entry, :func:`effects_text` and :func:`balance_text` for the effects, and
:data:`HTML_COLUMNS`, :data:`HTML_STYLE`, :func:`escape_html`, :func:`signed_amount`,
:func:`column_year` for the layout.

>>> from nkf.changes.changelist import change_list
>>> from nkf.examples import founding_motion, leichlingen_plan
>>> cl = change_list(leichlingen_plan(), founding_motion())
>>> "Fertigstellung 30.06.2021" in render_text(cl)
True
>>> render_csv(cl).splitlines()[0].split(";")[:4]
['lfd. Nr.', 'Produktbereich', 'Antragsteller', 'Antrag']
>>> csv_amount(Decimal("-1234.565"))
'-1234,57'
"""

from __future__ import annotations

import csv
import html
import io
from decimal import Decimal
from typing import TYPE_CHECKING, Final

from nkf.model import ValueKind
from nkf.money import format_amount, format_date, quantize

if TYPE_CHECKING:
    from collections.abc import Iterator

    from nkf.changes.changelist import ChangeList, ChangeListEntry, ChangeListGroup, EntryValue
    from nkf.changes.effects import BalanceCheck, YearEffect
    from nkf.model import Column

__all__ = [
    "CSV_HEADER",
    "HTML_COLUMNS",
    "HTML_STYLE",
    "balance_text",
    "column_year",
    "csv_amount",
    "effects_text",
    "entry_csv_rows",
    "entry_html_rows",
    "entry_text_lines",
    "escape_html",
    "render_csv",
    "render_html",
    "render_text",
    "signed_amount",
]

CSV_HEADER: Final = (
    "lfd. Nr.",
    "Produktbereich",
    "Antragsteller",
    "Antrag",
    "Drucksache",
    "Datum",
    "Bezug",
    "Jahr",
    "bisher",
    "Veränderung",
    "neu",
    "Wirkung",
    "Erläuterung",
)
"""The header row of :func:`render_csv`."""

_DASH: Final = "–"


def _eur(value: Decimal | None) -> str:
    return format_amount(value) if value is not None else _DASH


def signed_amount(value: Decimal) -> str:
    """An amount with its sign, ``+`` for an increase: ``+2.500,00 €``, ``-1.000,00 €``."""
    text = format_amount(value)
    return text if value <= 0 or text.startswith("0,00") else f"+{text}"


def _date(entry: ChangeListEntry) -> str:
    return format_date(entry.date) if entry.date is not None else ""


def column_year(column: Column) -> str:
    """The year of a column; a VE column is marked (``2021 VE``)."""
    return f"{column.year} VE" if column.kind is ValueKind.VE else str(column.year)


def _notes(entry: ChangeListEntry) -> list[str]:
    notes: list[str] = []
    if not entry.applied:
        notes.append("nicht angewendet")
    if entry.condition:
        notes.append(f"Bedingung: {entry.condition}")
    if entry.derived:
        notes.append("Folgeänderung")
    if entry.cover:
        notes.append(entry.cover)
    return notes


def effects_text(years: tuple[YearEffect, ...]) -> str:
    """The effect on the Jahresergebnis per year: ``2021: -2.500,00 € · 2022: 0,00 €``."""
    return " · ".join(f"{y.year}: {signed_amount(y.result)}" for y in years)


def balance_text(check: BalanceCheck) -> str:
    """Whether the Haushaltsausgleich holds in a year, in one line (§ 75 Abs. 2 GO NRW)."""
    after = _eur(check.result_after)
    if check.balanced and check.fictitious:
        state = (
            f"ausgeglichen durch Inanspruchnahme der Ausgleichsrücklage "
            f"({_eur(check.reserve_use)}, fiktiver Haushaltsausgleich)"
        )
    elif check.balanced:
        state = "ausgeglichen"
    else:
        covered = check.reserve_use or Decimal(0)
        state = f"nicht ausgeglichen, Fehlbedarf {_eur(check.deficit - covered)} ungedeckt"
    return f"{check.year}: Jahresergebnis {after} (bisher {_eur(check.result_before)}) – {state}"


# --------------------------------------------------------------------------- text


def _value_line(row: EntryValue) -> str:
    return (
        f"    {row.column} · {row.target}: bisher {_eur(row.old)} · Veränderung "
        f"{signed_amount(row.delta)} · neu {_eur(row.new)} · {row.impact.label}"
    )


def entry_text_lines(entry: ChangeListEntry) -> Iterator[str]:
    """The lines of one entry in the text report: head, Bezug, amounts, effects, notes."""
    head = [f"Nr. {entry.number}", entry.origin, f"Antrag {entry.amendment_id}"]
    if entry.reference:
        head.append(f"Drucksache {entry.reference}")
    if entry.date is not None:
        head.append(_date(entry))
    yield "  " + " · ".join(head)
    yield f"    Bezug: {entry.target}"
    for row in entry.values:
        yield _value_line(row)
    if entry.old_text is not None:
        yield f"    bisher: {entry.old_text}"
    if entry.new_text is not None:
        yield f"    neu: {entry.new_text}"
    yield f"    Wirkung auf das Jahresergebnis: {entry.impact.label} ({effects_text(entry.years)})"
    yield f"    Erläuterung: {entry.explanation}"
    for note in _notes(entry):
        yield f"    Hinweis: {note}"


def render_text(change_list: ChangeList) -> str:
    r"""The Veränderungsliste as German plain text (Textfassung).

    Args:
        change_list: The list.

    Returns:
        The report, lines separated by ``\n``, ending with a newline.
    """
    years = "/".join(str(y) for y in change_list.plan_years)
    out = [
        change_list.title,
        f"{change_list.municipality} · Haushaltsjahr {years} · {change_list.version}. Liste",
        "",
    ]
    for group in change_list.groups:
        out += [group.title, "=" * len(group.title)]
        for entry in group.entries:
            out.extend(entry_text_lines(entry))
            out.append("")
        out += [f"  Summe {group.title}: {effects_text(group.years)}", ""]
    if not change_list.groups:
        out += ["Keine Veränderungen.", ""]
    out.append("Wirkung auf das Jahresergebnis insgesamt")
    out += [f"  {y.year} ({y.column}): {signed_amount(y.result)}" for y in change_list.totals]
    if change_list.balance:
        out += ["", "Haushaltsausgleich (§ 75 GO NRW) nach den Veränderungen"]
        out += [f"  {balance_text(b)}" for b in change_list.balance]
    if change_list.diagnostics:
        out += ["", "Befunde"]
        out += [f"  {d.code} {d.message}" for d in change_list.diagnostics]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- html

HTML_COLUMNS: Final = (
    "lfd. Nr.",
    "Antragsteller",
    "Antrag",
    "Drucksache",
    "Datum",
    "Bezug",
    "Jahr",
    "bisher",
    "Veränderung",
    "neu",
    "Wirkung",
    "Erläuterung",
)
"""The column headings of the HTML table of a Produktbereich."""
HTML_STYLE: Final = (
    "body{font-family:sans-serif;margin:1.5em}"
    "table{border-collapse:collapse;margin-bottom:1.5em;width:100%}"
    "th,td{border:1px solid #999;padding:.25em .4em;vertical-align:top}"
    "td.num{text-align:right;white-space:nowrap}"
    "tr.verschlechterung td.wirkung{color:#a00}tr.verbesserung td.wirkung{color:#060}"
)
"""The style sheet of the HTML report (screen and print, no external resources)."""


def escape_html(text: object) -> str:
    """``text`` escaped for HTML content and attribute values."""
    return html.escape(str(text), quote=True)


_e = escape_html


def _cells(values: list[tuple[str, str]]) -> str:
    return "".join(
        f'<td class="{_e(cls)}">{_e(text)}</td>' if cls else f"<td>{_e(text)}</td>"
        for text, cls in values
    )


def _bezug(entry: ChangeListEntry, row: EntryValue) -> str:
    """The target of an amount row: the entry's, with the row's own words if they add any."""
    return entry.target if row.target in entry.target else f"{entry.target} · {row.target}"


def entry_html_rows(entry: ChangeListEntry) -> Iterator[str]:
    """The ``<tr>`` rows of one entry, one per amount row, with :data:`HTML_COLUMNS`."""
    first = [
        (str(entry.number), "num"),
        (entry.origin, ""),
        (entry.amendment_id, ""),
        (entry.reference or "", ""),
        (_date(entry), ""),
    ]
    blank = [("", "")] * len(first)
    notes = "; ".join([entry.explanation, *_notes(entry)])
    texts = [t for t in (entry.old_text, entry.new_text) if t is not None]
    rows: list[tuple[str, list[tuple[str, str]]]] = [
        (
            row.impact.label,
            [
                (_bezug(entry, row), ""),
                (column_year(row.column), ""),
                (_eur(row.old), "num"),
                (signed_amount(row.delta), "num"),
                (_eur(row.new), "num"),
                (row.impact.label, "wirkung"),
            ],
        )
        for row in entry.values
    ]
    if texts or not rows:
        rows.append(
            (
                entry.impact.label,
                [
                    (entry.target, ""),
                    ("", ""),
                    (entry.old_text or "", ""),
                    ("", ""),
                    (entry.new_text or "", ""),
                    (entry.impact.label, "wirkung"),
                ],
            )
        )
    for i, (impact, cells) in enumerate(rows):
        lead = first if i == 0 else blank
        tail = [(notes, "")] if i == 0 else [("", "")]
        css = _e(impact.lower())
        yield f'<tr class="{css}">{_cells([*lead, *cells, *tail])}</tr>'


def _group_html(group: ChangeListGroup) -> Iterator[str]:
    yield f"<h2>{_e(group.title)}</h2>"
    yield "<table>"
    yield ("<thead><tr>" + "".join(f"<th>{_e(c)}</th>" for c in HTML_COLUMNS) + "</tr></thead>")
    yield "<tbody>"
    for entry in group.entries:
        yield from entry_html_rows(entry)
    yield "</tbody>"
    yield "<tfoot>"
    for y in group.years:
        label = f"Summe Jahresergebnis {y.year}"
        yield (
            f'<tr><td colspan="8">{_e(label)}</td>'
            f'<td class="num">{_e(signed_amount(y.result))}</td><td colspan="3"></td></tr>'
        )
    yield "</tfoot>"
    yield "</table>"


def render_html(change_list: ChangeList) -> str:
    """The Veränderungsliste as a small complete HTML5 document (HTML-Fassung).

    Args:
        change_list: The list.

    Returns:
        An HTML5 document (``<!DOCTYPE html>``, ``lang="de"``, UTF-8) with one table per
        Produktbereich and the totals; all text is escaped. Void elements are written
        self-closing, so the document is well-formed XML as well.
    """
    years = "/".join(str(y) for y in change_list.plan_years)
    out = [
        "<!DOCTYPE html>",
        '<html lang="de">',
        "<head>",
        '<meta charset="utf-8"/>',
        f"<title>{_e(change_list.title)}</title>",
        f"<style>{HTML_STYLE}</style>",
        "</head>",
        "<body>",
        f"<h1>{_e(change_list.title)}</h1>",
        (
            f"<p>{_e(change_list.municipality)} · Haushaltsjahr {_e(years)} · "
            f"{change_list.version}. Liste</p>"
        ),
    ]
    for group in change_list.groups:
        out.extend(_group_html(group))
    if not change_list.groups:
        out.append("<p>Keine Veränderungen.</p>")
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
        for y in change_list.totals
    ]
    out += ["</tbody>", "</table>"]
    if change_list.balance:
        out.append("<h2>Haushaltsausgleich (§ 75 GO NRW)</h2>")
        out.append("<ul>")
        out += [f"<li>{_e(balance_text(b))}</li>" for b in change_list.balance]
        out.append("</ul>")
    if change_list.diagnostics:
        out.append("<h2>Befunde</h2>")
        out.append("<ul>")
        out += [f"<li>{_e(d.code)} {_e(d.message)}</li>" for d in change_list.diagnostics]
        out.append("</ul>")
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"


# --------------------------------------------------------------------------- csv


def csv_amount(value: Decimal | None) -> str:
    """An amount for a German spreadsheet: cents, decimal comma, no grouping (``-1234,56``)."""
    if value is None:
        return ""
    return f"{quantize(value):f}".replace(".", ",")


def entry_csv_rows(entry: ChangeListEntry) -> Iterator[list[str]]:
    """The CSV rows of one entry with the columns of :data:`CSV_HEADER`."""
    lead = [
        str(entry.number),
        entry.area or "",
        entry.origin,
        entry.amendment_id,
        entry.reference or "",
        _date(entry),
    ]
    notes = "; ".join([entry.explanation, *_notes(entry)])
    for row in entry.values:
        yield [
            *lead,
            _bezug(entry, row),
            column_year(row.column),
            csv_amount(row.old),
            csv_amount(row.delta),
            csv_amount(row.new),
            row.impact.label,
            notes,
        ]
    if entry.old_text is not None or entry.new_text is not None or not entry.values:
        yield [
            *lead,
            entry.target,
            "",
            entry.old_text or "",
            "",
            entry.new_text or "",
            entry.impact.label,
            notes,
        ]


def render_csv(change_list: ChangeList) -> str:
    r"""The Veränderungsliste as semicolon-separated values for German spreadsheets (CSV).

    Args:
        change_list: The list.

    Returns:
        The CSV text with the header :data:`CSV_HEADER`, rows separated by ``\r\n`` (the
        csv module's default), amounts as ``-1234,56`` (see the module docstring).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_HEADER)
    for entry in change_list.entries:
        writer.writerows(entry_csv_rows(entry))
    for y in change_list.totals:
        total = csv_amount(y.result)
        label = "Summe Jahresergebnis"
        writer.writerow(
            ["", label, "", "", "", "", "", column_year(y.column), "", total, "", "", ""]
        )
    return buffer.getvalue()
