"""Hostile NKF-XML input is the normal case (style.md rule 13).

Every test feeds one attack to :func:`nkf.xml.read` and :func:`nkf.xml.load` and checks
that it is refused with a clear diagnostic, that no file is read (a secret marker file
that the attack points at never shows up) and that no connection is made (Python's
``socket`` is patched to fail, and URLs point at a local listener that must not see a
connection). Blow-ups are checked by *how* they are refused: a DTD is refused before it
is read, so no entity is ever expanded; the tests make no timing or memory assertions.
"""

from __future__ import annotations

import io
import socket
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from nkf.errors import LoadError
from nkf.examples import founding_motion, leichlingen_plan
from nkf.model.amendment import Amendment
from nkf.xml import dumps, load, read, validate_file

if TYPE_CHECKING:
    from collections.abc import Iterator

    from nkf.diagnostics import Diagnostic

MARKER = "NKF-MARKER-4711-VERTRAULICH"
PLAN_OPEN = b'<budgetPlan xmlns="urn:nkf:xml:1" years="2021">'
PLAN_CLOSE = b"</budgetPlan>"
DTD_REFUSED = "enthält eine DTD"


@pytest.fixture
def marker_file(tmp_path: Path) -> Path:
    """A file an attack wants to read; its text must never come back."""
    path = tmp_path / "secret.txt"
    path.write_text(f"{MARKER}\n", encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any outgoing connection from Python fails the test."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("a network connection was attempted")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A local TCP server an attack may point at; it must never be contacted."""
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        srv.bind(("127.0.0.1", 0))
        srv.listen(8)
        srv.settimeout(0.0)  # non-blocking accept
        yield srv
    finally:
        srv.close()


def _url(srv: socket.socket, path: str) -> bytes:
    host, port = srv.getsockname()
    return f"http://{host}:{port}/{path}".encode()


def _contacted(srv: socket.socket) -> bool:
    try:
        conn, _ = srv.accept()
    except BlockingIOError:
        return False
    conn.close()
    return True


def _refused(
    data: bytes | str | Path,
    code: str,
    fragment: str,
    *,
    expect: type | None = None,
    max_bytes: int | None = None,
) -> list[Diagnostic]:
    """Read ``data``; it must be refused with ``code`` and a message containing ``fragment``."""
    kwargs: dict[str, object] = {"expect": expect}
    if max_bytes is not None:
        kwargs["max_bytes"] = max_bytes
    doc, _root, diags = read(data, **kwargs)  # type: ignore[arg-type]
    assert doc is None
    assert diags, "a refusal must say why"
    assert [d.code for d in diags] == [code] * len(diags), [str(d) for d in diags]
    assert any(fragment in d.message for d in diags), [d.message for d in diags]
    with pytest.raises(LoadError) as info:
        load(data, **kwargs)  # type: ignore[call-overload]
    assert list(info.value.diagnostics) == diags
    assert validate_file(data, **kwargs) == (None, diags)  # type: ignore[arg-type]
    texts = [str(info.value), *(str(d) for d in diags), *(d.message for d in diags)]
    for text in texts:
        assert MARKER not in text
        assert "Traceback" not in text
        assert 'File "' not in text
    for d in diags:
        assert d.is_error
        assert d.location is not None
    if isinstance(data, bytes):  # a file is parsed as it is read: refused alike, same words
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "antrag.xml"
            path.write_bytes(data)
            from_file = read(path, **kwargs)[2]  # type: ignore[arg-type]
        assert [(d.code, d.message, d.location.line) for d in from_file] == [
            (d.code, d.message, d.location.line) for d in diags if d.location is not None
        ]
        assert all(d.location.file == str(path) for d in from_file if d.location is not None)
    return diags


def _plan(body: bytes = b'<municipality name="Leichlingen"/>', *, prolog: bytes = b"") -> bytes:
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + prolog + PLAN_OPEN + body + PLAN_CLOSE


# --------------------------------------------------------------------------- entities and DTDs


def test_billion_laughs_is_refused_before_expansion() -> None:
    levels = [b'<!ENTITY lol0 "lol">']
    levels += [
        b'<!ENTITY lol%d "%s">' % (i, b"".join(b"&lol%d;" % (i - 1) for _ in range(10)))
        for i in range(1, 10)
    ]
    prolog = b"<!DOCTYPE budgetPlan [\n" + b"\n".join(levels) + b"\n]>\n"
    data = _plan(b'<municipality name="&lol9;"/><note>&lol9;</note>', prolog=prolog)
    diags = _refused(data, "NKF-E004", DTD_REFUSED)
    assert diags[0].location is not None
    assert diags[0].location.line == 2  # the DOCTYPE, not a place where an entity was used


def test_quadratic_blowup_is_refused_before_expansion() -> None:
    entity = b"A" * (50 * 1024)
    prolog = b'<!DOCTYPE budgetPlan [<!ENTITY a "' + entity + b'">]>\n'
    body = b'<municipality name="&a;"/><note>' + b"&a;" * 10_000 + b"</note>"
    _refused(_plan(body, prolog=prolog), "NKF-E004", DTD_REFUSED)


def test_external_entity_to_a_local_file(marker_file: Path) -> None:
    prolog = (
        b'<!DOCTYPE budgetPlan [<!ENTITY x SYSTEM "' + marker_file.as_uri().encode() + b'">]>\n'
    )
    data = _plan(b'<municipality name="&x;"/><note>&x;</note>', prolog=prolog)
    _refused(data, "NKF-E004", DTD_REFUSED)


def test_external_parameter_entity_to_a_local_file(marker_file: Path) -> None:
    prolog = (
        b'<!DOCTYPE budgetPlan [<!ENTITY % x SYSTEM "'
        + marker_file.as_uri().encode()
        + b'"> %x;]>\n'
    )
    _refused(_plan(prolog=prolog), "NKF-E004", DTD_REFUSED)


def test_external_entity_to_an_http_url(listener: socket.socket) -> None:
    url = _url(listener, "secret.txt")
    prolog = b'<!DOCTYPE budgetPlan [<!ENTITY x SYSTEM "' + url + b'">]>\n'
    _refused(_plan(b'<municipality name="x"/><note>&x;</note>', prolog=prolog), "NKF-E004", "DTD")
    assert not _contacted(listener)


def test_external_dtd_over_http(listener: socket.socket) -> None:
    prolog = b'<!DOCTYPE budgetPlan SYSTEM "' + _url(listener, "x.dtd") + b'">\n'
    _refused(_plan(prolog=prolog), "NKF-E004", DTD_REFUSED)
    assert not _contacted(listener)


def test_external_dtd_from_a_local_file_is_not_read(tmp_path: Path) -> None:
    # A file that is no DTD: had libxml2 read it, it would report a content error.
    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'{MARKER} <!ENTITY secret "{MARKER}"> <<<', encoding="utf-8")
    prolog = b'<!DOCTYPE budgetPlan SYSTEM "' + dtd.as_uri().encode() + b'">\n'
    _refused(_plan(b'<municipality name="&secret;"/>', prolog=prolog), "NKF-E004", DTD_REFUSED)


def test_dtd_far_into_the_file_is_refused_before_it_is_read(
    tmp_path: Path, listener: socket.socket
) -> None:
    """A DOCTYPE after 200 KB of comments comes in a later chunk; it is refused all the same."""
    filler = b"<!--" + b"x" * 200_000 + b"-->\n"
    dtd = b'<!DOCTYPE budgetPlan SYSTEM "' + _url(listener, "x.dtd") + b'">\n'
    diags = _refused(_plan(prolog=filler + filler + dtd), "NKF-E004", DTD_REFUSED)
    assert diags[0].location is not None
    assert diags[0].location.line == 4
    assert not _contacted(listener)


def test_internal_dtd_without_entities_is_refused_too() -> None:
    _refused(_plan(prolog=b"<!DOCTYPE budgetPlan>\n"), "NKF-E004", DTD_REFUSED)


def test_entity_reference_without_dtd() -> None:
    diags = _refused(_plan(b'<municipality name="&secret;"/>'), "NKF-E001", "secret")
    assert diags[0].location is not None
    assert diags[0].location.line == 2


def test_xinclude_is_not_processed() -> None:
    body = (
        b'<municipality name="Leichlingen"/>'
        b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd" '
        b'parse="text"/>'
    )
    diags = _refused(
        _plan(body), "NKF-E010", "<include> (Namensraum http://www.w3.org/2001/XInclude)"
    )
    for d in diags:
        assert "root:" not in d.message


def test_xinclude_of_the_secret_file(marker_file: Path) -> None:
    body = (
        b'<municipality name="Leichlingen"/><note><xi:include '
        b'xmlns:xi="http://www.w3.org/2001/XInclude" href="'
        + str(marker_file).encode()
        + b'" parse="text"/></note>'
    )
    _refused(_plan(body), "NKF-E010", "Schema")


# --------------------------------------------------------------------------- resource limits


def test_ten_thousand_deep_nesting() -> None:
    body = b"<note>" * 10_000 + b"</note>" * 10_000
    diags = _refused(_plan(body), "NKF-E001", "wohlgeformt")
    assert "tiefer als 256 Ebenen verschachtelt" in diags[0].message


def test_hundred_megabyte_text_node() -> None:
    data = _plan(b'<municipality name="x"/><note>' + b"A" * (100 * 1024 * 1024) + b"</note>")
    doc, _root, diags = read(data)
    assert doc is None
    assert [d.code for d in diags] in (["NKF-E001"], ["NKF-E003"])
    assert "länger als 10 Millionen Zeichen" in diags[0].message or "zu groß" in diags[0].message


def test_size_cap_for_bytes() -> None:
    data = dumps(leichlingen_plan())
    assert len(data) > 1024
    diags = _refused(data, "NKF-E003", "zu groß", max_bytes=1024)
    assert "1024 Bytes" in diags[0].message
    assert read(data, max_bytes=len(data))[0] == leichlingen_plan()


def test_size_cap_for_a_file_refuses_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "plan.xml"
    path.write_bytes(_plan(b'<municipality name="x"/><note>' + b"A" * 4096 + b"</note>"))
    diags = _refused(path, "NKF-E003", "zu groß", max_bytes=1024)
    assert diags[0].location is not None
    assert diags[0].location.file == str(path)


# --------------------------------------------------------------------------- not NKF-XML at all


def test_invalid_utf8() -> None:
    data = _plan(b'<municipality name="Leichlingen \xff\xfe\xc3"/>')
    _refused(data, "NKF-E001", "kein gültiges UTF-8")


def test_wrong_namespace() -> None:
    data = b'<budgetPlan xmlns="http://example.org/haushalt" years="2021"/>'
    _refused(data, "NKF-E005", "kein NKF-XML-Dokument")


def test_no_namespace() -> None:
    _refused(b'<budgetPlan years="2021"/>', "NKF-E005", "ohne Namensraum")


def test_future_version_namespace() -> None:
    data = b'<budgetPlan xmlns="urn:nkf:xml:2" years="2021"><whatever/></budgetPlan>'
    diags = _refused(data, "NKF-E005", "aktualisieren")
    assert "urn:nkf:xml:2" in diags[0].message


def test_unknown_root_element() -> None:
    _refused(b'<haushalt xmlns="urn:nkf:xml:1"/>', "NKF-E005", "Wurzelelement <haushalt>")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n  "], ids=["empty", "whitespace"])
def test_empty_file(data: bytes, tmp_path: Path) -> None:
    _refused(data, "NKF-E001", "leer")
    path = tmp_path / "leer.xml"
    path.write_bytes(data)
    _refused(path, "NKF-E001", "leer")


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64),
        b"\x1f\x8b\x08\x00" + bytes(range(200, 256)) * 3,
        b"PK\x03\x04" + b"\x00\xff" * 100,
    ],
    ids=["all-bytes", "png", "gzip", "zip"],
)
def test_binary_garbage(data: bytes) -> None:
    _refused(data, "NKF-E001", "kein wohlgeformtes XML")


def test_plan_where_an_amendment_is_expected() -> None:
    diags = _refused(dumps(leichlingen_plan()), "NKF-E006", "Haushaltsplan", expect=Amendment)
    assert "Änderungsantrag" in diags[0].message


def test_amendment_where_a_plan_is_expected() -> None:
    plan_type = type(leichlingen_plan())
    _refused(dumps(founding_motion()), "NKF-E006", "Änderungsantrag", expect=plan_type)


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "gibt-es-nicht.xml"
    diags = _refused(path, "NKF-E002", "gibt es nicht")
    assert diags[0].location is not None
    assert diags[0].location.file == str(path)


def test_directory(tmp_path: Path) -> None:
    diags = _refused(tmp_path, "NKF-E002", "Verzeichnis")
    assert diags[0].location is not None
    assert diags[0].location.file == str(tmp_path)


def test_the_full_parser_does_not_load_an_external_subset(tmp_path: Path) -> None:
    # Defence in depth behind the DOCTYPE pre-scan: the parser itself must not read the
    # external subset (lxml's collect_ids=False made libxml2 < 2.15 read it).
    from lxml import etree

    from nkf.xml._parser import _make_parser

    dtd = tmp_path / "evil.dtd"
    dtd.write_text(f'<!ENTITY secret "{MARKER}">', encoding="utf-8")
    data = b'<!DOCTYPE r SYSTEM "' + dtd.as_uri().encode() + b'"><r a="&secret;"/>'
    try:
        root = etree.fromstring(data, parser=_make_parser())
        seen = etree.tostring(root).decode() + (root.get("a") or "")
    except etree.XMLSyntaxError as exc:
        seen = str(exc)
    assert MARKER not in seen


def test_a_file_that_grew_past_the_cap_since_stat_is_refused() -> None:
    """The cap holds for what is read, not only for what stat said."""
    from nkf.xml._parser import _parse_stream

    result = _parse_stream(io.BytesIO(_plan(b"<note>" + b"x" * 4096 + b"</note>")), "g.xml", 1024)
    assert result.root is None
    assert [d.code for d in result.diagnostics] == ["NKF-E003"]
    assert "zu groß" in result.diagnostics[0].message


def test_a_file_of_white_space_is_empty() -> None:
    _refused(b"  \n\t \n" * 10_000, "NKF-E001", "leer")
