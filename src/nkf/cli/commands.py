"""The commands of the ``nkf`` command line; each returns an exit code."""

from __future__ import annotations

import importlib
import os
from typing import TYPE_CHECKING, TextIO

from nkf.diagnostics import Diagnostic, Severity, sort_diagnostics

if TYPE_CHECKING:
    from collections.abc import Sequence
    from types import SimpleNamespace

    from nkf.changes.deliberation import Adoption
    from nkf.model.amendment import Amendment
    from nkf.model.deliberation import Deliberation
    from nkf.model.plan import BudgetPlan

__all__ = [
    "UsageError",
    "cmd_adopt",
    "cmd_apply",
    "cmd_changes",
    "cmd_demo",
    "cmd_diff",
    "cmd_export",
    "cmd_import",
    "cmd_validate",
    "expand_inputs",
    "preload",
]

CLEAN, FINDINGS, TROUBLE = 0, 1, 2
UNREADABLE = "NKF-E002"


class UsageError(Exception):
    """The command line is wrong or an input cannot be read (exit 2)."""


_MODULES: dict[str, tuple[str, ...]] = {
    "validate": ("nkf.cli.reporters", "nkf.xml", "nkf.xml.schema", "nkf.rules"),
    "apply": ("nkf.changes.apply", "nkf.cli.reporters", "nkf.xml", "nkf.xml.schema"),
    "diff": ("nkf.changes.diff", "nkf.xml", "nkf.xml.schema"),
    "changes": ("nkf.changes.changelist", "nkf.render", "nkf.xml", "nkf.xml.schema"),
    "adopt": ("nkf.changes.deliberation", "nkf.cli.reporters", "nkf.xml", "nkf.xml.schema"),
    "export": ("nkf.xml", "nkf.xml.schema"),
    "import": ("nkf.interop.offenerhaushalt", "nkf.cli.reporters", "nkf.xml"),
    "demo": (
        "nkf.changes.apply",
        "nkf.changes.changelist",
        "nkf.examples",
        "nkf.render",
        "nkf.rules",
        "nkf.xml",
        "nkf.xml.schema",
    ),
}


def preload(command: str) -> None:
    """Import the modules the command ``command`` uses in any case.

    The commands import what they use when they run; :func:`nkf.cli.run` imports it
    beforehand, in one go, to set up the process for the command (see there).
    """
    for name in _MODULES.get(command, ()):
        importlib.import_module(name)


def expand_inputs(patterns: Sequence[str]) -> list[str]:
    """Files, directories (every ``*.xml`` below) and glob patterns → sorted file list."""
    files: list[str] = []
    for pattern in patterns:
        # A plain file name is the common case; it needs no pathlib (imported for the rest).
        if os.path.isfile(pattern):  # noqa: PTH113 - as Path(pattern).exists() of a file
            files.append(pattern)
            continue
        from pathlib import Path

        path = Path(pattern)
        if path.is_dir():
            found = sorted(str(p) for p in path.rglob("*.xml") if p.is_file())
            if not found:
                raise UsageError(f"{pattern}: das Verzeichnis enthält keine XML-Dateien")
            files.extend(found)
        elif path.exists():
            files.append(pattern)
        else:
            import glob  # only for patterns: names of existing files are the common case

            if not glob.has_magic(pattern):
                raise UsageError(f"{pattern}: die Datei gibt es nicht")
            # glob.glob, not Path.glob: patterns may be absolute or start with "..".
            matches = glob.glob(pattern, recursive=True)  # noqa: PTH207
            found = sorted(p for p in matches if Path(p).is_file())
            if not found:
                raise UsageError(f"{pattern}: keine Datei passt zu diesem Muster")
            files.extend(found)
    return list(dict.fromkeys(files))


def _load_plan(path: str) -> BudgetPlan:
    from nkf.errors import LoadError
    from nkf.model.plan import BudgetPlan
    from nkf.xml import load

    try:
        return load(path, expect=BudgetPlan)
    except LoadError as exc:
        raise UsageError(_why(exc.diagnostics, path)) from None


def _load_amendment(path: str) -> Amendment:
    from nkf.errors import LoadError
    from nkf.model.amendment import Amendment
    from nkf.xml import load

    try:
        return load(path, expect=Amendment)
    except LoadError as exc:
        raise UsageError(_why(exc.diagnostics, path)) from None


def _why(diagnostics: Sequence[Diagnostic], path: str) -> str:
    lines = [f"{path} kann nicht gelesen werden:"]
    lines += [f"  {d}" for d in diagnostics]
    return "\n".join(lines)


def _write(out: TextIO, text: str) -> None:
    if text:
        out.write(text if text.endswith("\n") else text + "\n")


def cmd_validate(args: SimpleNamespace, out: TextIO, err: TextIO) -> int:
    """``nkf validate``: check files; report every finding in the chosen format."""
    from nkf.cli import reporters
    from nkf.xml import validate_file

    files = expand_inputs(args.files)
    plan = _load_plan(args.plan) if args.plan else None
    found: list[Diagnostic] = []
    level = Severity.INFO if args.show_info else Severity.WARNING
    for f in files:
        _doc, diags = validate_file(f, plan=plan, min_severity=level)
        found.extend(diags)
    found = sort_diagnostics(found)
    if args.format == "json":
        _write(out, reporters.json(found, files))
    elif args.format == "sarif":
        _write(out, reporters.sarif(found))
    elif args.format == "github":
        _write(out, reporters.github(found))
    else:
        _write(out, reporters.text(found))
        errors = sum(d.severity is Severity.ERROR for d in found)
        warnings = sum(d.severity is Severity.WARNING for d in found)
        err.write(f"{len(files)} Datei(en) geprüft: {errors} Fehler, {warnings} Warnungen\n")
    if any(d.code == UNREADABLE for d in found):
        return TROUBLE
    if any(d.severity is Severity.ERROR for d in found):
        return FINDINGS
    if args.strict and any(d.severity is Severity.WARNING for d in found):
        return FINDINGS
    return CLEAN


def cmd_apply(args: SimpleNamespace, out: TextIO, err: TextIO) -> int:  # noqa: ARG001
    """``nkf apply``: apply amendments and write the plan atomically, or nothing."""
    from pathlib import Path

    from nkf.changes.apply import apply
    from nkf.cli import reporters
    from nkf.errors import ApplyError
    from nkf.xml import dump

    target = Path(args.output).resolve()
    inputs = [args.plan, *args.amendments]
    if any(Path(p).resolve() == target for p in inputs):
        raise UsageError("die Ausgabedatei darf keine der Eingabedateien sein")
    if not target.parent.is_dir():
        raise UsageError(f"{args.output}: das Verzeichnis gibt es nicht")
    plan = _load_plan(args.plan)
    amendments = [_load_amendment(p) for p in args.amendments]
    try:
        result = apply(plan, *amendments, conditions_met=tuple(args.condition_met))
    except ApplyError as exc:
        err.write("Nicht angewendet, nichts geschrieben:\n")
        _write(err, reporters.text(list(exc.diagnostics)))
        return FINDINGS
    dump(result, target)
    err.write(f"{len(amendments)} Antrag/Anträge angewendet, geschrieben: {args.output}\n")
    return CLEAN


def cmd_diff(args: SimpleNamespace, out: TextIO, err: TextIO) -> int:  # noqa: ARG001
    """``nkf diff``: the change set between two plan versions."""
    from nkf.changes.diff import diff

    old, new = _load_plan(args.old), _load_plan(args.new)
    changes = diff(old, new)
    if args.format == "xml":
        from nkf.xml import dumps

        _write(out, dumps(changes).decode("utf-8"))
    elif args.format == "json":
        from nkf.jsonio import to_json

        _write(out, to_json(changes))
    else:
        from nkf.changes.changelist import change_list
        from nkf.render import render_text

        _write(out, render_text(change_list(old, changes)))
    return CLEAN


def cmd_changes(args: SimpleNamespace, out: TextIO, err: TextIO) -> int:  # noqa: ARG001
    """``nkf changes``: the Veränderungsliste of amendments against a plan, or of a deliberation."""
    from nkf.changes.changelist import change_list
    from nkf.render import render_csv, render_html, render_text

    if not args.amendments:
        return _deliberation_changes(args, out)
    plan = _load_plan(args.plan)
    amendments = [_load_amendment(p) for p in args.amendments]
    cl = change_list(plan, *amendments)
    render = {"csv": render_csv, "html": render_html}.get(args.format, render_text)
    _write(out, render(cl))
    return CLEAN


def _load_deliberation(path: str) -> Deliberation:
    from nkf.errors import LoadError
    from nkf.model.deliberation import Deliberation
    from nkf.xml import load

    try:
        return load(path, expect=Deliberation)
    except LoadError as exc:
        raise UsageError(_why(exc.diagnostics, path)) from None


def _adopt(path: str, deliberation: Deliberation, conditions_met: Sequence[str] = ()) -> Adoption:
    """Adopt the deliberation read from ``path``; its references resolve beside the file."""
    from pathlib import Path

    from nkf.changes.deliberation import ReferenceLoadError, adopt

    try:
        return adopt(deliberation, base_dir=Path(path).parent, conditions_met=conditions_met)
    except ReferenceLoadError as exc:
        lines = [
            f"{path}: eine Datei, auf die die Haushaltsberatung verweist, fehlt oder ist unlesbar:"
        ]
        lines += [f"  {d}" for d in exc.diagnostics]
        raise UsageError("\n".join(lines)) from None


def _deliberation_changes(args: SimpleNamespace, out: TextIO) -> int:
    """``nkf changes DELIBERATION``: the Veränderungsliste with the decisions."""
    from nkf.changes.deliberation import (
        render_decisions_csv,
        render_decisions_html,
        render_decisions_text,
    )
    from nkf.errors import LoadError
    from nkf.model.deliberation import Deliberation
    from nkf.xml import load

    try:
        doc = load(args.plan)
    except LoadError as exc:
        raise UsageError(_why(exc.diagnostics, args.plan)) from None
    if not isinstance(doc, Deliberation):
        raise UsageError(
            f"{args.plan}: ohne Anträge erwartet nkf changes eine Haushaltsberatung "
            "(<deliberation>); zu einem Plan bitte die Anträge angeben"
        )
    adoption = _adopt(args.plan, doc)
    render = {"csv": render_decisions_csv, "html": render_decisions_html}.get(
        args.format, render_decisions_text
    )
    _write(out, render(adoption.change_list))
    return CLEAN if adoption.ok else FINDINGS


def cmd_adopt(args: SimpleNamespace, out: TextIO, err: TextIO) -> int:  # noqa: ARG001
    """``nkf adopt``: carry out the decisions; write the adopted plan atomically, or nothing."""
    from pathlib import Path

    from nkf.changes.deliberation import ReferenceLoadError, reference_path
    from nkf.cli import reporters
    from nkf.xml import dump

    target = Path(args.output).resolve()
    if Path(args.deliberation).resolve() == target:
        raise UsageError("die Ausgabedatei darf keine der Eingabedateien sein")
    if not target.parent.is_dir():
        raise UsageError(f"{args.output}: das Verzeichnis gibt es nicht")
    deliberation = _load_deliberation(args.deliberation)
    base = Path(args.deliberation).parent
    for ref in (deliberation.draft_ref, *(m.amendment_ref for m in deliberation.motions)):
        try:
            named = reference_path(ref, base).resolve() if ref is not None else None
        except ReferenceLoadError:
            continue  # reported by adopt below
        if named == target:
            raise UsageError(
                f"die Ausgabedatei ist die Datei „{ref}“, auf die die Haushaltsberatung verweist"
            )
    adoption = _adopt(args.deliberation, deliberation, tuple(args.condition_met))
    if adoption.plan is None:
        err.write("Nicht beschlossen, nichts geschrieben:\n")
        _write(err, reporters.text(list(adoption.diagnostics)))
        return FINDINGS
    if adoption.diagnostics:
        _write(err, reporters.text(list(adoption.diagnostics)))
    dump(adoption.plan, target)
    adopted = sum(o.adopted for o in adoption.outcomes)
    err.write(
        f"{adopted} von {len(adoption.outcomes)} Anträgen beschlossen, Plan geschrieben: "
        f"{args.output}\n"
    )
    return CLEAN


def cmd_demo(args: SimpleNamespace, out: TextIO, err: TextIO) -> int:  # noqa: ARG001
    """``nkf demo``: the bundled Leichlingen 2021 example end to end."""
    from nkf.changes.apply import apply
    from nkf.changes.changelist import change_list
    from nkf.examples import founding_motion, leichlingen_plan
    from nkf.model.amendment import Amendment
    from nkf.model.plan import BudgetPlan
    from nkf.render import render_text
    from nkf.rules import validate
    from nkf.xml import dumps, load

    plan = load(dumps(leichlingen_plan()), expect=BudgetPlan)
    motion = load(dumps(founding_motion()), expect=Amendment)
    out.write("nkf demo – Leichlingen 2021 (Plan mit illustrativen Zahlen, echter Antrag)\n\n")
    plan_findings = validate(plan)
    motion_findings = validate(motion, plan)
    out.write(f"1. Plan geprüft: {_summary(plan_findings)}\n")
    out.write(f"2. Antrag „{motion.title}“ geprüft gegen den Plan: {_summary(motion_findings)}\n")
    new_plan = apply(plan, motion)
    product = new_plan.product("050101")
    if product is not None and product.goals:
        out.write(
            f"3. Antrag angewendet: Produkt 050101 hat jetzt {len(product.goals)} Ziele; neu: "
            f"„{product.goals[-1].text[:60]}…“\n\n"
        )
    out.write("4. Veränderungsliste\n\n")
    _write(out, render_text(change_list(plan, motion)))
    return FINDINGS if any(d.is_error for d in (*plan_findings, *motion_findings)) else CLEAN


def _summary(diagnostics: Sequence[Diagnostic]) -> str:
    if not diagnostics:
        return "ohne Befund"
    return f"{len(diagnostics)} Befund(e): " + "; ".join(
        f"{d.code} {d.message}" for d in diagnostics
    )


def cmd_export(args: SimpleNamespace, out: TextIO, err: TextIO) -> int:
    """``nkf export``: an amendment as OParl 1.1 JSON or Akoma Ntoso 3.0 XML."""
    motion = _load_amendment(args.amendment)
    if args.to == "oparl":
        from nkf.interop.oparl import to_oparl_json

        if not args.base_url:
            raise UsageError("--base-url ist für --to oparl nötig (der OParl-Endpunkt)")
        try:
            text = to_oparl_json(
                motion,
                base_url=args.base_url,
                body_id=args.body,
                main_file_url=args.main_file_url,
                main_file_format=args.main_file_format,
                draft_plan_paper=args.draft_plan_paper,
            )
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        data = (text if text.endswith("\n") else text + "\n").encode("utf-8")
    else:
        from nkf.interop.akn import to_akn

        plan = _load_plan(args.plan) if args.plan else None
        municipality = args.municipality or (
            _slug(plan.municipality.name) if plan is not None else "leichlingen"
        )
        try:
            data = to_akn(motion, municipality=municipality, plan=plan)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    if args.output:
        from nkf.xml import write_atomic

        write_atomic(args.output, data)
        err.write(f"geschrieben: {args.output}\n")
    else:
        out.write(data.decode("utf-8"))
    return CLEAN


def _slug(name: str) -> str:
    table = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", " ": "-"})
    return "".join(c for c in name.lower().translate(table) if c.isalnum() or c == "-")


def cmd_import(args: SimpleNamespace, out: TextIO, err: TextIO) -> int:
    """``nkf import``: an Offener Haushalt CSV as an NKF-XML plan."""
    import json
    from pathlib import Path

    from nkf.cli import reporters
    from nkf.errors import LoadError
    from nkf.interop.offenerhaushalt import ColumnMapping, import_csv
    from nkf.xml import dumps, write_atomic

    mapping = None
    if args.mapping:
        try:
            raw = json.loads(Path(args.mapping).read_text(encoding="utf-8"))
            mapping = ColumnMapping.from_dict(raw)
        except (OSError, ValueError) as exc:
            raise UsageError(f"{args.mapping}: Spaltenzuordnung unbrauchbar ({exc})") from None
    try:
        result = import_csv(
            args.csv,
            mapping=mapping,
            municipality=args.municipality,
            framework=args.framework,
            budget_years=tuple(args.budget_years) if args.budget_years else None,
        )
    except LoadError as exc:
        raise UsageError(_why(exc.diagnostics, args.csv)) from None
    except KeyError as exc:  # an unknown framework id
        raise UsageError(f"unbekannter Rahmen {exc}") from None
    found = sort_diagnostics(d for d in result.diagnostics if d.severity is not Severity.INFO)
    render = {"json": reporters.json, "github": reporters.github, "sarif": reporters.sarif}
    if args.format == "json":
        _write(out, reporters.json(found, [args.csv]))
    elif args.format in render:
        _write(out, render[args.format](found))
    else:
        _write(out, reporters.text(found))
    if result.plan.areas:
        write_atomic(args.output, dumps(result.plan))
        err.write(f"geschrieben: {args.output} ({sum(1 for _ in result.plan.units())} Einheiten)\n")
    else:
        err.write("nichts geschrieben: keine Zeile ließ sich zuordnen\n")
    return CLEAN if result.ok else FINDINGS
