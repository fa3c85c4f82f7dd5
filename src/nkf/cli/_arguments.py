"""The argument parser of the ``nkf`` command line (argparse), built on demand.

Building all eight sub-parsers costs more than running a small ``nkf validate``, and one
command line needs one of them, so :func:`build_parser` builds the one asked for; help and
errors about the command itself need them all. :mod:`argparse` itself is imported only when
a command line needs the parser (see :func:`nkf.cli._plain_validate`).
"""

from __future__ import annotations

import argparse
import sys
from typing import NoReturn

from nkf._version import __version__
from nkf.cli import EXIT_TROUBLE

__all__ = ["build_parser"]

EPILOG = """\
Beispiele / examples:
  nkf validate examples/leichlingen-2021/               # alle *.xml eines Verzeichnisses
  nkf validate --plan plan.xml --format github antraege/*.xml
  nkf apply plan.xml antrag.xml -o plan-neu.xml
  nkf diff plan.xml plan-neu.xml --format json
  nkf changes plan.xml antrag-1.xml antrag-2.xml --format csv > liste.csv
  nkf adopt beratung.xml -o plan-beschlossen.xml       # Beschlüsse einer Haushaltsberatung
  nkf changes beratung.xml --format html > liste.html  # Veränderungsliste mit Beschlüssen
  nkf export --to akn antrag.xml -o antrag.akn.xml
  nkf import --from offenerhaushalt haushalt.csv -o plan.xml
  nkf demo

Exit codes: 0 ohne Befund, 1 Befunde (oder ein Antrag lässt sich nicht anwenden),
2 Aufruffehler, unlesbare Eingabe oder interner Fehler.
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_TROUBLE, f"{self.prog}: Fehler: {message}\n")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of the command line; with ``only``, the sub-parser of that command only."""

    def wanted(command: str) -> bool:
        return only is None or only == command

    p = _Parser(
        prog="nkf",
        description="nkf – Haushaltspläne (NKF NRW) und Änderungsanträge prüfen, anwenden, "
        "vergleichen und auflisten.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action="version", version=f"nkf {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    if wanted("validate"):
        v = sub.add_parser(
            "validate",
            help="Pläne und Anträge prüfen (NKF-XML)",
            description="Prüft NKF-XML-Dateien: Wohlgeformtheit, Schema und fachliche Regeln. "
            "Dateien, Verzeichnisse (alle *.xml) und Muster (*.xml) sind erlaubt.",
            epilog="Beispiel: nkf validate --plan plan.xml --strict --format sarif antraege/ "
            "> nkf.sarif",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        v.add_argument("files", nargs="+", metavar="FILE", help="Datei, Verzeichnis oder Muster")
        v.add_argument("--plan", metavar="PLAN", help="Anträge zusätzlich gegen diesen Plan prüfen")
        v.add_argument("--strict", action="store_true", help="Warnungen zählen als Befund")
        v.add_argument(
            "--show-info", action="store_true", help="auch Hinweise (Schweregrad info) ausgeben"
        )
        v.add_argument(
            "--format",
            choices=("text", "json", "github", "sarif"),
            default="text",
            help="Ausgabeformat (Standard: text)",
        )

    if wanted("apply"):
        a = sub.add_parser(
            "apply",
            help="Anträge auf einen Plan anwenden",
            description="Wendet Anträge in der angegebenen Reihenfolge an und schreibt den "
            "geänderten Plan atomar nach OUT. Lässt sich ein Antrag nicht anwenden, wird nichts "
            "geschrieben (Exit 1).",
            epilog="Beispiel: nkf apply plan.xml antrag.xml -o plan-neu.xml",
        )
        a.add_argument("plan", metavar="PLAN")
        a.add_argument("amendments", nargs="+", metavar="AMENDMENT")
        _output_and_conditions(a)

    if wanted("diff"):
        d = sub.add_parser(
            "diff",
            help="Zwei Planstände vergleichen",
            description="Zeigt die Änderungen zwischen zwei Planständen als Änderungsantrag.",
            epilog="Beispiel: nkf diff plan.xml plan-neu.xml --format xml > aenderungen.xml",
        )
        d.add_argument("old", metavar="OLD")
        d.add_argument("new", metavar="NEW")
        d.add_argument("--format", choices=("text", "xml", "json"), default="text")

    if wanted("changes"):
        c = sub.add_parser(
            "changes",
            help="Veränderungsliste ausgeben",
            description="Erstellt die Veränderungsliste der Anträge gegen einen Plan, oder, mit "
            "einer Haushaltsberatung als einziger Datei, die Veränderungsliste der beschlossenen "
            "Anträge mit Beschlussempfehlungen und Beschlüssen.",
            epilog="Beispiele: nkf changes plan.xml antrag-*.xml --format html > liste.html\n"
            "  nkf changes beratung.xml --format csv > liste.csv",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        c.add_argument("plan", metavar="PLAN|DELIBERATION")
        c.add_argument("amendments", nargs="*", metavar="AMENDMENT")
        c.add_argument("--format", choices=("text", "csv", "html"), default="text")

    if wanted("adopt"):
        ad = sub.add_parser(
            "adopt",
            help="Beschlüsse einer Haushaltsberatung übernehmen",
            description="Wendet genau die beschlossenen Anträge einer Haushaltsberatung (in der "
            "beschlossenen Fassung, in Abstimmungsreihenfolge) auf den Entwurf an und schreibt den "
            "beschlossenen Plan atomar nach OUT. Lässt sich ein angenommener Antrag nicht anwenden "
            "oder wurden einander ausschließende Anträge angenommen, wird nichts geschrieben "
            "(Exit 1). Verweise sind relativ zum Verzeichnis der Beratungsdatei.",
            epilog="Beispiel: nkf adopt beratung.xml -o plan-beschlossen.xml",
        )
        ad.add_argument("deliberation", metavar="DELIBERATION")
        _output_and_conditions(ad)

    if wanted("export"):
        e = sub.add_parser(
            "export",
            help="Antrag für Ratsinformationssysteme exportieren (OParl, Akoma Ntoso)",
            description="Exportiert einen Antrag als OParl-1.1-Paper (JSON mit Organization, "
            "Person, Consultation und File) oder als Akoma-Ntoso-3.0-amendment (XML).",
            epilog="Beispiele:\n  nkf export --to akn antrag.xml -o antrag.akn.xml\n"
            "  nkf export --to oparl --base-url https://ris.example/oparl antrag.xml",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        e.add_argument("amendment", metavar="AMENDMENT")
        e.add_argument("--to", required=True, choices=("oparl", "akn"), help="Zielformat")
        e.add_argument("-o", "--output", metavar="OUT", help="Zieldatei (Standard: stdout)")
        e.add_argument("--plan", metavar="PLAN", help="Plan für bisherige Werte (akn)")
        e.add_argument(
            "--municipality", default=None, help="Kommune für AKN-Namen, z. B. leichlingen"
        )
        e.add_argument("--base-url", help="OParl-Endpunkt des Ratsinformationssystems (oparl)")
        e.add_argument("--body", help="OParl-Body-Id oder -URL")
        e.add_argument("--main-file-url", help="URL des Hauptdokuments (oparl)")
        e.add_argument("--main-file-format", choices=("akn", "nkf"), default="akn")
        e.add_argument("--draft-plan-paper", help="OParl-Paper des Haushaltsplanentwurfs")

    if wanted("import"):
        i = sub.add_parser(
            "import",
            help="Offener-Haushalt-CSV als Plan einlesen",
            description="Liest eine CSV-Datei im Format von Offener Haushalt (oder mit eigener "
            "Spaltenzuordnung) und schreibt einen NKF-XML-Plan. Nicht zuordenbare Zeilen werden "
            "als Befund mit Zeilennummer gemeldet.",
            epilog="Beispiel: nkf import --from offenerhaushalt haushalt.csv -o plan.xml "
            "--municipality Ahaus",
        )
        i.add_argument("csv", metavar="CSV")
        i.add_argument("--from", dest="source", required=True, choices=("offenerhaushalt",))
        i.add_argument("-o", "--output", required=True, metavar="PLAN")
        i.add_argument("--mapping", metavar="JSON", help="Spaltenzuordnung als JSON-Datei")
        i.add_argument("--municipality", help="Name der Kommune")
        i.add_argument(
            "--budget-year",
            type=int,
            action="append",
            dest="budget_years",
            metavar="YEAR",
            help="Haushaltsjahr(e); mehrfach für Doppelhaushalte",
        )
        i.add_argument("--framework", default="nrw_2019", help="Rahmen (Standard: nrw_2019)")
        i.add_argument(
            "--format",
            choices=("text", "json", "github", "sarif"),
            default="text",
            help="Format der Befunde",
        )

    if wanted("demo"):
        sub.add_parser(
            "demo",
            help="das mitgelieferte Beispiel Leichlingen 2021 durchspielen",
            description="Prüft Plan und Antrag des Beispiels Leichlingen 2021, wendet den Antrag "
            "an und gibt die Veränderungsliste aus.",
            epilog="Beispiel: nkf demo",
        )

    return p


def _output_and_conditions(p: argparse.ArgumentParser) -> None:
    """``-o OUT`` and ``--condition-met``, shared by ``apply`` and ``adopt``."""
    p.add_argument("-o", "--output", required=True, metavar="OUT", help="Zieldatei")
    p.add_argument(
        "--condition-met",
        action="append",
        default=[],
        metavar="TEXT",
        help="Bedingung (Text oder Gruppe) gilt als erfüllt; mehrfach möglich",
    )
