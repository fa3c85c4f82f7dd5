"""NKF-XML: reading and writing plans and amendments (Lesen und Schreiben).

``load`` tells a plan from an amendment by its root element; every problem becomes a
:class:`~nkf.diagnostics.Diagnostic` with file and line, and ``load`` raises
:class:`~nkf.errors.LoadError` carrying them when it cannot read the file. Writing is
deterministic (stable element order, UTF-8, two-space indentation, canonical decimals), so
``dumps(load(b)) == b`` for every file nkf wrote.

>>> from nkf.model import BudgetPlan, Municipality
>>> plan = BudgetPlan(municipality=Municipality(name="Leichlingen"), years=(2021,))
>>> data = dumps(plan)
>>> print(data.decode())
<?xml version='1.0' encoding='UTF-8'?>
<budgetPlan xmlns="urn:nkf:xml:1" years="2021" planningYears="2022 2023 2024" ...>
  <municipality name="Leichlingen"/>
</budgetPlan>
<BLANKLINE>
>>> load(data) == plan
True
"""

from __future__ import annotations

import os
import stat
import threading
from typing import TYPE_CHECKING, Any, Final, TypeVar, overload

from lxml import etree

from nkf.diagnostics import Diagnostic, Location, Severity, sort_diagnostics
from nkf.errors import LoadError
from nkf.model.amendment import Amendment
from nkf.model.plan import BudgetPlan
from nkf.paths import parent_paths
from nkf.xml._mapping import NS, MappingError, element_name, read_document, serialize
from nkf.xml._parser import DEFAULT_MAX_BYTES, parse, parse_path, read_source

if TYPE_CHECKING:
    from collections.abc import Iterable

    from nkf.model.deliberation import Deliberation

__all__ = [
    "DEFAULT_MAX_BYTES",
    "NS",
    "Document",
    "dump",
    "dumps",
    "load",
    "read",
    "source_map",
    "validate_file",
    "write_atomic",
]

if TYPE_CHECKING:
    Document = BudgetPlan | Amendment | Deliberation
    """What an NKF-XML file holds."""


def __getattr__(name: str) -> Any:
    # ``Document`` names the deliberation class, which `nkf validate` of a plan or a motion
    # does not need: it is imported when ``Document`` or a deliberation is asked for.
    if name == "Document":
        from nkf.model.deliberation import Deliberation

        return BudgetPlan | Amendment | Deliberation
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _root_class(name: str) -> type[Document] | None:
    """The model class of a root element's local name, or None."""
    if name == "deliberation":
        from nkf.model.deliberation import Deliberation

        return Deliberation
    return {"budgetPlan": BudgetPlan, "amendment": Amendment}.get(name)


_LABELS = {  # all masculine, by root element
    "budgetPlan": "Haushaltsplan",
    "amendment": "Änderungsantrag",
    "deliberation": "Beratungsvorgang (Haushaltsberatung)",
}

T = TypeVar("T", BudgetPlan, Amendment, "Deliberation")


def _err(
    code: str, message: str, file: str | None, line: int | None = None, column: int | None = None
) -> Diagnostic:
    return Diagnostic(
        code=code,
        severity=Severity.ERROR,
        message=message,
        location=Location(file=file, line=line, column=column),
    )


def read(
    source: str | os.PathLike[str] | bytes,
    *,
    expect: type[Document] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> tuple[Document | None, etree._Element | None, list[Diagnostic]]:
    """Read a document without raising: ``(document or None, root element, diagnostics)``.

    The diagnostics are those of reading (well-formedness, security, namespace, schema,
    mapping); the semantic rules run in :func:`validate_file`.
    """
    if isinstance(source, bytes):
        data, name, diags = read_source(source, max_bytes=max_bytes)
        if data is None:
            return None, None, diags
        parsed = parse(data, name)
        del data  # the tree holds the document now; free the bytes before the model is built
    else:  # a file is parsed as it is read, never held whole beside its tree
        parsed, name = parse_path(source, max_bytes=max_bytes)
    root = parsed.root
    if root is None:
        return None, None, parsed.diagnostics
    qname = etree.QName(root)
    if qname.namespace != NS:
        if qname.namespace and qname.namespace.startswith("urn:nkf:xml:"):
            msg = (
                f"Die Datei hat das Format {qname.namespace}; diese nkf-Version liest "
                f"{NS}. Bitte nkf aktualisieren."
            )
        else:
            ns = qname.namespace or "ohne Namensraum"
            msg = (
                f"Die Datei ist kein NKF-XML-Dokument (Wurzelelement <{qname.localname}>, "
                f"Namensraum {ns}; erwartet {NS})."
            )
        return None, root, [_err("NKF-E005", msg, name, root.sourceline)]
    cls = _root_class(qname.localname)
    if cls is None:
        return (
            None,
            root,
            [
                _err(
                    "NKF-E005",
                    f"Unbekanntes Wurzelelement <{qname.localname}>; erwartet <budgetPlan>, "
                    "<amendment> oder <deliberation>.",
                    name,
                    root.sourceline,
                )
            ],
        )
    if expect is not None and cls is not expect:
        return (
            None,
            root,
            [
                _err(
                    "NKF-E006",
                    f"Die Datei enthält einen {_LABELS[element_name(cls)]}, erwartet wird ein "
                    f"{_LABELS[element_name(expect)]}.",
                    name,
                    root.sourceline,
                )
            ],
        )
    from nkf.xml.schema import schema

    check = _SchemaCheck(schema(), root, parsed.size)
    if check.thread is None and not check.passed():
        return None, root, check.diagnostics(name)
    try:
        doc = read_document(root, cls)
    except MappingError as exc:
        if not check.passed():  # the schema's findings come first: they say what is wrong
            return None, root, check.diagnostics(name)
        return None, root, [_err("NKF-E011", f"Ungültiger Wert: {exc}", name, exc.line)]
    except Exception:
        if not check.passed():  # reading a document that breaks the schema may fail anyhow
            return None, root, check.diagnostics(name)
        raise
    if not check.passed():
        return None, root, check.diagnostics(name)
    return doc, root, []


PARALLEL_CHECK_BYTES: Final = 256 * 1024
"""Documents from this size on are checked against the XSD while their model is read."""


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1


class _SchemaCheck:
    """The XSD check of a parsed document (Schemaprüfung), beside the reading if it pays.

    libxml2 validates without holding Python's GIL (lxml releases it), and neither the
    check nor the reader changes the tree, so on a machine with more than one core a large
    document is checked in a second thread while the model is read in this one: the check
    then costs no time of its own (about an eighth of ``load`` at 1,000 products). The
    result is the same as checking first: the schema's findings win over the reader's.
    Small documents are checked first, here, as a thread would cost more than it saves.
    """

    __slots__ = ("error", "root", "thread", "valid", "xsd")

    def __init__(self, xsd: etree.XMLSchema, root: etree._Element, size: int) -> None:
        self.xsd, self.root = xsd, root
        self.valid = False
        self.error: BaseException | None = None
        self.thread: threading.Thread | None = None
        if size >= PARALLEL_CHECK_BYTES and _cores() > 1:
            self.thread = threading.Thread(target=self._run, name="nkf-xsd", daemon=True)
            self.thread.start()
        else:
            self._run()

    def _run(self) -> None:
        try:
            self.valid = self.xsd.validate(self.root)
        except BaseException as exc:  # noqa: BLE001 - handed to the reading thread
            self.error = exc

    def passed(self) -> bool:
        """True if the document satisfies the schema (waits for the check)."""
        if self.thread is not None:
            self.thread.join()
            self.thread = None
        if self.error is not None:
            raise self.error
        return self.valid

    def diagnostics(self, file: str | None) -> list[Diagnostic]:
        """The schema's findings in German, one diagnostic each (NKF-E010)."""
        from nkf.xml._schema_messages import german_all

        log = self.xsd.error_log
        return [
            _err(
                "NKF-E010",
                f"Aufbau entspricht nicht dem NKF-XML-Schema: {message}",
                file,
                line or None,
                column or None,
            )
            for message, line, column in german_all((e.message, e.line, e.column) for e in log)
        ]


@overload
def load(source: str | os.PathLike[str] | bytes, *, expect: type[T], max_bytes: int = ...) -> T: ...
@overload
def load(
    source: str | os.PathLike[str] | bytes, *, expect: None = None, max_bytes: int = ...
) -> Document: ...
def load(
    source: str | os.PathLike[str] | bytes,
    *,
    expect: Any = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Document:
    """Load the plan, amendment or deliberation in ``source`` (a path or bytes).

    Raises :class:`~nkf.errors.LoadError` with every diagnostic when the file cannot be
    read. ``expect`` demands a plan or an amendment.
    """
    doc, _root, diags = read(source, expect=expect, max_bytes=max_bytes)
    if doc is None:
        raise LoadError(diags)
    return doc


def dumps(obj: Document) -> bytes:
    """Serialize a plan, amendment or deliberation as NKF-XML bytes (UTF-8, deterministic).

    Written as text (:func:`~nkf.xml._mapping.serialize`): the same bytes as lxml writes
    for the tree of :func:`~nkf.xml._mapping.write_object`, several times faster.
    """
    return serialize(obj)


def write_atomic(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically: a temporary file beside it, then a rename.

    The file keeps the permissions of the file it replaces; a new file gets the usual ones
    (0o666 less the umask), not the owner-only 0o600 of a temporary file.
    """
    from pathlib import Path  # not at import: `nkf validate` writes nothing

    target = Path(path)
    try:
        keep: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        keep = None
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        # os.urandom(6).hex() is secrets.token_hex(6); importing secrets costs `nkf validate`
        # about 7 ms (base64, hmac, hashlib).
        tmp = target.with_name(f".{target.name}.{os.urandom(6).hex()}.tmp")
        try:
            fd = os.open(tmp, flags, 0o666)  # the umask applies, as for any new file
            break
        except FileExistsError:  # pragma: no cover - 48 random bits
            continue
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if keep is not None:
            tmp.chmod(keep)
        tmp.replace(target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def dump(obj: Document, path: str | os.PathLike[str]) -> None:
    """Write ``obj`` to ``path`` as NKF-XML, atomically."""
    write_atomic(path, dumps(obj))


# --------------------------------------------------------------------------- source map


def _local(el: etree._Element) -> str:
    tag = el.tag
    return tag.rpartition("}")[2] if isinstance(tag, str) else ""


def _elements(el: etree._Element, name: str) -> Iterable[etree._Element]:
    for c in el:
        if _local(c) == name:
            yield from (x for x in c if isinstance(x.tag, str))


def _map_unit(el: etree._Element, out: dict[str, int]) -> None:
    code = el.get("code") or ""
    base = f"unit[{code}]"
    out[base] = el.sourceline or 0
    for table in _elements(el, "lines"):
        for row in table:
            out[f"{base}/line[{table.get('plan')}:{row.get('n')}]"] = row.sourceline or 0
    for i, goal in enumerate(_elements(el, "goals"), 1):
        out[f"{base}/goal[{i}]"] = goal.sourceline or 0
        for j, kf in enumerate(_elements(goal, "keyFigures"), 1):
            out[f"{base}/goal[{i}]/keyFigure[{j}]"] = kf.sourceline or 0
    for j, kf in enumerate(_elements(el, "keyFigures"), 1):
        out[f"{base}/keyFigure[{j}]"] = kf.sourceline or 0
    for child_list in ("groups", "products"):
        for child in _elements(el, child_list):
            _map_unit(child, out)


def source_map(root: etree._Element) -> dict[str, int]:
    """Map the logical paths of :mod:`nkf.paths` to the lines of the elements in ``root``."""
    out: dict[str, int] = {"": root.sourceline or 0}
    for area in _elements(root, "areas"):
        _map_unit(area, out)
    for table in _elements(root, "lines"):
        for row in table:
            out[f"line[{table.get('plan')}:{row.get('n')}]"] = row.sourceline or 0
    for st in _elements(root, "statutes"):
        out[f"statute[{st.get('year')}]"] = st.sourceline or 0
    for inv in _elements(root, "investments"):
        out[f"investment[{inv.get('id')}]"] = inv.sourceline or 0
    for post in _elements(root, "posts"):
        out[f"post[{post.get('id')}]"] = post.sourceline or 0
    for i, change in enumerate(_elements(root, "changes"), 1):
        out[f"change[{i}]"] = change.sourceline or 0
    for motion in _elements(root, "motions"):  # a deliberation
        base = f"motion[{motion.get('id')}]"
        out[base] = motion.sourceline or 0
        for kind in ("recommendation", "decision"):
            for i, item in enumerate(_elements(motion, kind + "s"), 1):
                out[f"{base}/{kind}[{i}]"] = item.sourceline or 0
        for child in (c for c in motion if _local(c) == "amendment"):
            out.update({f"{base}/{p}": n for p, n in source_map(child).items() if p})
    for draft in (c for c in root if _local(c) == "draft"):
        out.update({f"draft/{p}".rstrip("/"): n for p, n in source_map(draft).items()})
    return out


def locate(
    diagnostics: Iterable[Diagnostic], root: etree._Element | None, file: str | None
) -> list[Diagnostic]:
    """Give each diagnostic the file and the line of the nearest element on its path."""
    found = list(diagnostics)
    # The map costs about as much as parsing the file: build it only if a line is wanted.
    wanted = any(d.location is None or d.location.line is None for d in found)
    lines = source_map(root) if root is not None and wanted else {}
    out = []
    for d in found:
        loc = d.location or Location()
        line = loc.line
        if line is None and loc.path is not None:
            line = next((lines[p] for p in parent_paths(loc.path) if p in lines), None)
        if line is None:
            line = lines.get("")
        out.append(
            d.at(Location(file=loc.file or file, line=line, column=loc.column, path=loc.path))
        )
    return out


def validate_file(
    source: str | os.PathLike[str] | bytes,
    *,
    plan: BudgetPlan | None = None,
    expect: type[Document] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    min_severity: Severity = Severity.WARNING,
) -> tuple[Document | None, list[Diagnostic]]:
    """Read and validate a file: reading problems and rule findings, each with file and line.

    With ``plan``, an amendment is also checked against that plan; ``min_severity``
    ``Severity.INFO`` adds the hints.
    """
    doc, root, diags = read(source, expect=expect, max_bytes=max_bytes)
    name = None if isinstance(source, bytes) else os.fspath(source)
    if doc is None:
        return None, sort_diagnostics(diags)
    from nkf.rules import validate

    if isinstance(doc, BudgetPlan):
        found = validate(doc, min_severity=min_severity)
    elif isinstance(doc, Amendment):
        found = validate(doc, plan, min_severity=min_severity)
    else:  # a deliberation: its references resolve beside the file
        from pathlib import Path

        from nkf.changes.deliberation import validate_deliberation

        base = Path(name).parent if name is not None else None
        found = validate_deliberation(doc, base_dir=base, min_severity=min_severity)
    return doc, sort_diagnostics(locate(found, root, name))
