"""Reading with threads: the schema check beside the reader, and readers in parallel.

A large document is checked against the XSD in a second thread while its model is read
(``nkf.xml._SchemaCheck``); the result must be exactly that of checking first. And a
service that reads several files at once (a council information system receiving
motions) must get each file's own findings.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

import nkf.xml
from nkf.errors import LoadError
from nkf.xml import read

PLAN_XML = Path(__file__).parent.parent / "examples" / "leichlingen-2021" / "plan.xml"
PLAN = PLAN_XML.read_bytes()
# A comment makes the plan large enough for the schema check to run beside the reader.
PADDING = b"<!--" + b" " * nkf.xml.PARALLEL_CHECK_BYTES + b"-->\n"


def _large(data: bytes) -> bytes:
    head, sep, rest = data.partition(b"\n")
    return head + sep + PADDING + rest


def _summary(result: tuple[Any, Any, list[Any]]) -> tuple[Any, list[tuple[str, str]]]:
    doc, _root, diags = result
    return doc, [(d.code, d.message) for d in diags]


@pytest.fixture(params=["one core", "two cores", "this machine"])
def cores(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int:
    """Run a test as on a machine with one core (check first), with two (beside) and as
    the machine the tests run on has."""
    if request.param == "this machine":
        return nkf.xml._cores()
    n = 1 if request.param == "one core" else 2
    monkeypatch.setattr(nkf.xml, "_cores", lambda: n)
    return n


def _spy_threads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    started: list[str] = []
    original = threading.Thread.start

    def start(self: threading.Thread) -> None:
        started.append(self.name)
        original(self)

    monkeypatch.setattr(threading.Thread, "start", start)
    return started


def test_a_large_document_is_checked_beside_the_reader_only_with_two_cores(
    cores: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    started = _spy_threads(monkeypatch)
    doc, diags = _summary(read(_large(PLAN)))
    assert diags == []
    assert doc == nkf.xml.load(PLAN)
    assert started == (["nkf-xsd"] if cores >= 2 else [])


def test_a_small_document_is_checked_before_it_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(nkf.xml, "_cores", lambda: 2)
    started = _spy_threads(monkeypatch)
    assert read(PLAN)[2] == []
    assert started == []  # a thread would cost more than the check


@pytest.mark.parametrize(
    ("needle", "replacement", "code"),
    [
        (b'<l n="13">9860 ', b'<l n="13">neun ', "NKF-E010"),  # the schema refuses
        (b'<l n="13">9860 ', b'<l n="13">', "NKF-E011"),  # the schema admits, nkf refuses
        (b"<municipality name=", b"<municipality nome=", "NKF-E010"),
        # the reader ignores an unknown attribute, the schema does not
        (b"<municipality name=", b'<municipality farbe="rot" name=', "NKF-E010"),
    ],
)
def test_findings_beside_the_reader_are_those_of_checking_first(
    cores: int, needle: bytes, replacement: bytes, code: str
) -> None:
    small = PLAN.replace(needle, replacement, 1)
    assert small != PLAN
    expected = _summary(read(small))
    assert expected[0] is None
    assert {c for c, _ in expected[1]} == {code}
    got = _summary(read(_large(small)))
    assert got == expected  # same codes and messages
    lines = [d.location.line for d in read(_large(small))[2] if d.location]
    shift = PADDING.count(b"\n")
    assert lines == [d.location.line + shift for d in read(small)[2] if d.location]


def test_schema_findings_win_when_the_reader_fails_otherwise(
    cores: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(_root: object, _cls: object) -> object:
        raise RuntimeError("reader broke")

    monkeypatch.setattr(nkf.xml, "read_document", broken)
    invalid = _large(PLAN.replace(b'<l n="13">9860 ', b'<l n="13">neun ', 1))
    _doc, diags = _summary(read(invalid))
    assert diags
    assert {c for c, _ in diags} == {"NKF-E010"}
    with pytest.raises(RuntimeError, match="reader broke"):  # a valid file: a real bug
        read(_large(PLAN))


def test_a_failing_check_is_raised_in_the_reading_thread(
    cores: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    class Broken:
        def validate(self, _root: object) -> bool:
            raise MemoryError

    monkeypatch.setattr("nkf.xml.schema.schema", Broken)
    with pytest.raises(MemoryError):
        read(_large(PLAN))


def test_threads_reading_at_once_get_their_own_findings() -> None:
    """Eight threads read eight different broken motions 30 times each, all at once."""
    files = {i: PLAN.replace(b'<l n="13">9860 ', f'<l n="13">x{i} '.encode(), 1) for i in range(8)}
    wrong: list[tuple[int, list[str]]] = []
    barrier = threading.Barrier(len(files))

    def work(i: int) -> None:
        barrier.wait()
        for _ in range(30):
            _doc, _root, diags = read(files[i])
            if not diags or not all(f"x{i}" in d.message for d in diags):
                wrong.append((i, [d.message for d in diags]))

    threads = [threading.Thread(target=work, args=(i,)) for i in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wrong == []


def test_load_of_a_large_broken_file_raises_with_the_schema_findings(cores: int) -> None:
    with pytest.raises(LoadError) as info:
        nkf.xml.load(_large(PLAN.replace(b"<municipality name=", b"<municipality nome=", 1)))
    assert {d.code for d in info.value.diagnostics} == {"NKF-E010"}


def test_reading_a_motion_leaves_the_deliberation_model_unloaded() -> None:
    """`nkf validate` of a plan or a motion does not pay for the deliberation classes
    (start-up, docs/performance.md); ``nkf.xml.Document`` still names all three kinds."""
    import subprocess
    import sys

    motion = PLAN_XML.parent / "amendment.xml"
    code = (
        "import sys, nkf.xml\n"
        f"nkf.xml.load({str(motion)!r})\n"
        "print('nkf.model.deliberation' in sys.modules)\n"
        "print(nkf.xml.Document)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split("\n")
    assert out[0] == "False"
    assert out[1] == (
        "nkf.model.plan.BudgetPlan | nkf.model.amendment.Amendment | "
        "nkf.model.deliberation.Deliberation"
    )
    with pytest.raises(AttributeError, match="no attribute 'Dokument'"):
        nkf.xml.Dokument  # noqa: B018 - the attribute access is the test
