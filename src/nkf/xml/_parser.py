"""The one hardened XML parser every input goes through (sicherer Parser).

Untrusted files are the normal case: no DTD is loaded, no entity is expanded, no network
access, no XInclude, no huge trees, and input above a size cap is refused before it is
parsed. Problems come back as diagnostics with file and line, never as exceptions
(lxml FAQ "How do I use lxml safely as a web-service endpoint?"; style.md rule 13).
"""

from __future__ import annotations

import os
import typing
from typing import Any, cast

from lxml import etree

from nkf.diagnostics import Diagnostic, Location, Severity, os_problem

__all__ = ["DEFAULT_MAX_BYTES", "ParseResult", "parse", "parse_path", "read_source"]

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
"""Refuse files larger than this (256 MiB; a 5,000-product plan is about 50 MB)."""


def _make_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        recover=False,
        remove_comments=False,
        remove_pis=False,
        # Not collect_ids=False: with libxml2 < 2.15 lxml implements it by setting
        # ctxt->loadsubset, which makes libxml2 read a DOCTYPE's external subset
        # (a local file) in spite of load_dtd=False.
    )


_PROLOG_CHUNK = 64 * 1024


class _StopParsing(Exception):  # noqa: N818 - a signal, not an error
    """Raised by :class:`_PrologGuard` to end the pre-scan of the prolog."""


class _PrologGuard:
    """Parser target that looks at the prolog only: it notes a DOCTYPE and stops there.

    libxml2 calls ``doctype`` after ``<!DOCTYPE name ExternalID`` and before the internal
    subset, so no entity is declared, no external subset is loaded and nothing is
    expanded; ``start`` (the root element) ends the scan of a document without DTD.
    """

    def __init__(self) -> None:
        self.has_doctype = False

    def doctype(self, _name: object, _pubid: object, _system: object, /) -> None:
        self.has_doctype = True
        raise _StopParsing

    def start(self, _tag: object, _attrib: object, /) -> None:
        raise _StopParsing

    def close(self) -> None:
        return None


def _has_doctype(data: bytes) -> bool:
    """True if the prolog of ``data`` declares a DTD (decided before the DTD is read)."""
    guard = _PrologGuard()
    parser = etree.XMLParser(
        target=cast("Any", guard),  # types-lxml's ParserTarget is a stub-only protocol
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
    )
    try:  # fed in chunks, so that the scan ends with the prolog, not the file
        for start in range(0, len(data), _PROLOG_CHUNK):
            parser.feed(data[start : start + _PROLOG_CHUNK])
        parser.close()
    except (_StopParsing, etree.ParseError):
        pass  # syntax errors are reported by the real parse
    return guard.has_doctype


class ParseResult:
    """A parsed document or the diagnostics that say why it could not be parsed."""

    __slots__ = ("diagnostics", "root", "size")

    def __init__(
        self, root: etree._Element | None, diagnostics: list[Diagnostic], size: int = 0
    ) -> None:
        """Hold the root element (None on failure), the diagnostics and the bytes parsed."""
        self.root = root
        self.diagnostics = diagnostics
        self.size = size


def _diag(
    code: str, message: str, file: str | None, line: int | None = None, column: int | None = None
) -> Diagnostic:
    return Diagnostic(
        code=code,
        severity=Severity.ERROR,
        message=message,
        location=Location(file=file, line=line, column=column or None),
    )


def read_source(
    source: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[bytes | None, str | None, list[Diagnostic]]:
    """The bytes of a document if they are within the size cap (files: :func:`parse_path`).

    Returns ``(data, None, diagnostics)``; data is None when the document is too large.
    """
    if len(source) > max_bytes:
        return None, None, [_too_large(len(source), max_bytes, None)]
    return source, None, []


def parse_path(
    source: str | os.PathLike[str], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[ParseResult, str]:
    """Parse the file ``source`` chunk by chunk under the size cap: ``(result, file name)``.

    The same checks as :func:`read_source` followed by :func:`parse`, without holding the
    whole file in memory beside its tree (:class:`_GuardedReader`): each chunk goes to the
    DOCTYPE guard first and to the parser only after it, so no DTD is read, and the file is
    read once, through one handle, so what was checked is what is parsed. Problems are
    diagnostics, never exceptions.
    """
    name = os.fspath(source)
    try:
        size = os.stat(name).st_size  # noqa: PTH116 - pathlib costs `nkf validate` 2 ms
        if size > max_bytes:
            return ParseResult(None, [_too_large(size, max_bytes, name)]), name
        with open(name, "rb") as fh:  # noqa: PTH123 - os.PathLike in, plain open is clearest
            return _parse_stream(fh, name, max_bytes), name
    except IsADirectoryError:
        problem = _diag("NKF-E002", "Das ist ein Verzeichnis, keine Datei.", name)
    except FileNotFoundError:
        problem = _diag("NKF-E002", "Die Datei gibt es nicht.", name)
    except OSError as exc:
        why = os_problem(exc)
        problem = _diag("NKF-E002", f"Die Datei kann nicht gelesen werden ({why}).", name)
    return ParseResult(None, [problem]), name


class _Refused(Exception):  # noqa: N818 - a signal, not an error
    """Raised by :class:`_GuardedReader` to stop the parser; the reason is on the reader."""


class _GuardedReader:
    """The file as the parser reads it, each chunk shown to the DOCTYPE guard first.

    lxml pulls the document through :meth:`read`; a chunk reaches libxml2 only after the
    guard has seen it, so a DTD is refused before the parser reads a byte of it, and the
    size cap holds however far the file grew since ``stat``.
    """

    def __init__(self, fh: typing.BinaryIO, file: str, max_bytes: int) -> None:
        self.fh, self.file, self.max_bytes = fh, file, max_bytes
        self.guard = _PrologGuard()
        self.scan: Any = etree.XMLParser(
            target=cast("Any", self.guard),  # types-lxml's ParserTarget is a stub-only protocol
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            huge_tree=False,
        )
        self.prolog = b""  # what the guard has seen, for the line of a refused DOCTYPE
        self.total = 0
        self.blank = True
        self.refusal: Diagnostic | None = None

    def read(self, size: int) -> bytes:
        chunk = self.fh.read(size)
        self.total += len(chunk)
        if self.total > self.max_bytes:
            self.refusal = _too_large(self.total, self.max_bytes, self.file)
            raise _Refused
        self.blank = self.blank and not chunk.strip()
        if self.scan is not None and chunk:
            self.prolog += chunk
            try:
                self.scan.feed(chunk)
            except (_StopParsing, etree.ParseError):
                self.scan = None  # the root started (or a syntax error, the parser's to say)
            if self.guard.has_doctype:
                self.refusal = _doctype_refused(self.prolog, self.file)
                raise _Refused
        return chunk


def _parse_stream(fh: typing.BinaryIO, file: str, max_bytes: int) -> ParseResult:
    reader = _GuardedReader(fh, file, max_bytes)
    try:
        root = etree.parse(cast("Any", reader), parser=_make_parser()).getroot()
    except _Refused:
        return ParseResult(None, [reader.refusal] if reader.refusal is not None else [])
    except etree.XMLSyntaxError as exc:
        if reader.blank:  # only an end of file fails on white space: it was all there was
            return ParseResult(None, [_diag("NKF-E001", "Die Datei ist leer.", file, 1)])
        return ParseResult(None, [_not_well_formed(exc, file)])
    return _checked(root, reader.prolog, file, reader.total)


def _size(n: int) -> str:
    mib = 1024 * 1024
    return f"{n / mib:.1f} MiB" if n >= mib else f"{n} Bytes"


def _too_large(size: int, cap: int, file: str | None) -> Diagnostic:
    return _diag(
        "NKF-E003",
        f"Die Datei ist zu groß ({_size(size)}; erlaubt sind höchstens {_size(cap)}).",
        file,
    )


def _doctype_refused(data: bytes, file: str | None) -> Diagnostic:
    at = data.find(b"<!DOCTYPE")
    return _diag(
        "NKF-E004",
        "Die Datei enthält eine DTD (<!DOCTYPE ...>). NKF-XML erlaubt keine DTD "
        "und keine Entities; sie werden aus Sicherheitsgründen nicht gelesen.",
        file,
        data.count(b"\n", 0, at) + 1 if at >= 0 else 1,
    )


def parse(data: bytes, file: str | None = None) -> ParseResult:
    """Parse ``data`` with the hardened parser; refuse DTDs and entity references."""
    if not data.strip():
        return ParseResult(None, [_diag("NKF-E001", "Die Datei ist leer.", file, 1)])
    if _has_doctype(data):
        return ParseResult(None, [_doctype_refused(data, file)])
    try:
        root = etree.fromstring(data, parser=_make_parser())
    except etree.XMLSyntaxError as exc:
        return ParseResult(None, [_not_well_formed(exc, file)])
    return _checked(root, data, file, len(data))


def _not_well_formed(exc: etree.XMLSyntaxError, file: str | None) -> Diagnostic:
    from nkf.xml._syntax_messages import german_syntax

    line, col = exc.position
    msg = german_syntax(str(exc.msg) if exc.msg else str(exc))
    return _diag("NKF-E001", f"Die Datei ist kein wohlgeformtes XML: {msg}", file, line, col)


def _checked(root: etree._Element, data: bytes, file: str | None, size: int) -> ParseResult:
    """``root`` unless its document declares a DTD after all (refused with its line)."""
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:  # pragma: no cover
        return ParseResult(None, [_doctype_refused(data, file)])  # the guard refused it first
    # No entity can be left in the tree: without a DTD (refused above) libxml2 rejects
    # every reference but the five predefined ones as not well-formed ("Entity 'x' not
    # defined", NKF-E001), so the tree is not walked for entity nodes.
    return ParseResult(root, [], size)
